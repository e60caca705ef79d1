package store

import (
	"fmt"
	"math/bits"
	"unicode/utf8"

	"github.com/spanmark/spanmark/annotate"
)

// fillSpanText sets the Text of spans (sorted by Start) from the article
// text, walking the text once from the start to the last span instead of
// indexing all of it: for export, where most of the time is per byte.
func fillSpanText(id, text string, spans []annotate.Span) error {
	r, b := 0, 0 // the walk's position: code point r is at byte b
	for i := range spans {
		s := &spans[i]
		if s.Start < r {
			r, b = 0, 0
		}
		start := advanceRunes(text, b, s.Start-r)
		end := -1
		if start >= 0 && s.End > s.Start {
			end = advanceRunes(text, start, s.End-s.Start)
		}
		if end < 0 {
			return fmt.Errorf("article %s: span %s %d-%d is not inside the text", id, s.ID, s.Start, s.End)
		}
		r, b = s.Start, start
		s.Text = text[start:end]
	}
	return nil
}

// advanceRunes returns the byte offset n code points after byte offset b of
// text (b at the start of a code point), or -1 past the end. It goes eight
// bytes at a time while a code point starts after them, counting the code
// points in them as the bytes that are not continuation bytes (10xxxxxx).
func advanceRunes(text string, b, n int) int {
	for n > 0 {
		if n >= 8 && b+8 < len(text) && text[b+8]&0xC0 != 0x80 {
			w := uint64(text[b]) | uint64(text[b+1])<<8 | uint64(text[b+2])<<16 | uint64(text[b+3])<<24 |
				uint64(text[b+4])<<32 | uint64(text[b+5])<<40 | uint64(text[b+6])<<48 | uint64(text[b+7])<<56
			cont := w & 0x8080808080808080 &^ (w & 0x4040404040404040 << 1)
			b += 8
			n -= 8 - bits.OnesCount64(cont)
			continue
		}
		if b >= len(text) {
			return -1
		}
		if text[b] < utf8.RuneSelf {
			b++
		} else {
			_, size := utf8.DecodeRuneInString(text[b:])
			b += size
		}
		n--
	}
	return b
}
