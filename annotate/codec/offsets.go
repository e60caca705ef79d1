package codec

import (
	"math/bits"
	"slices"
	"unicode/utf8"

	"github.com/spanmark/spanmark/annotate"
)

// spanBytes maps the code point offsets of an article's spans to UTF-8 byte
// offsets with one walk of the text up to the last span end, without
// indexing all of it: the export writes every article once.
type spanBytes struct {
	runes []int // sorted, unique code point offsets
	bytes []int // byte offset of each
}

// build maps every span start and end; it reports false when one is not
// inside the text (a negative offset or past its end).
func (m *spanBytes) build(text string, spans []annotate.Span) bool {
	m.runes = m.runes[:0]
	for _, s := range spans {
		if s.Start < 0 || s.End < 0 {
			return false
		}
		m.runes = append(m.runes, s.Start, s.End)
	}
	slices.Sort(m.runes)
	m.runes = slices.Compact(m.runes)
	m.bytes = slices.Grow(m.bytes[:0], len(m.runes))[:len(m.runes)]
	b, r := 0, 0
	for i, want := range m.runes {
		b, r = skipToRune(text, b, r, want)
		if r != want {
			return false
		}
		m.bytes[i] = b
	}
	return true
}

// byteOf returns the byte offset of code point offset r, which build mapped.
func (m *spanBytes) byteOf(r int) int {
	i, _ := slices.BinarySearch(m.runes, r)
	return m.bytes[i]
}

// skipToRune walks valid UTF-8 text from byte offset b (code point r)
// forward to code point want, and returns where it got (the end of the text
// if want is past it). While eight bytes are followed by the start of a code
// point, they hold as many code points as bytes that are not continuation
// bytes.
func skipToRune(text string, b, r, want int) (int, int) {
	for r < want && b < len(text) {
		if want-r >= 8 && b+8 < len(text) && text[b+8]&0xC0 != 0x80 {
			w := uint64(text[b]) | uint64(text[b+1])<<8 | uint64(text[b+2])<<16 | uint64(text[b+3])<<24 |
				uint64(text[b+4])<<32 | uint64(text[b+5])<<40 | uint64(text[b+6])<<48 | uint64(text[b+7])<<56
			cont := w & msb &^ (w & 0x4040404040404040 << 1)
			b += 8
			r += 8 - bits.OnesCount64(cont)
			continue
		}
		if text[b] < utf8.RuneSelf {
			b++
		} else {
			_, size := utf8.DecodeRuneInString(text[b:])
			b += size
		}
		r++
	}
	return b, r
}
