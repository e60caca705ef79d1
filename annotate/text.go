package annotate

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// InvalidUTF8Error reports input that is not valid UTF-8.
type InvalidUTF8Error struct {
	Byte int // offset of the first bad byte in the input
}

func (e *InvalidUTF8Error) Error() string {
	return fmt.Sprintf("invalid UTF-8 at byte %d", e.Byte)
}

// CheckUTF8 returns an *InvalidUTF8Error naming the first bad byte, or nil.
// A UTF-16 byte-order mark gets its own message, since that is the usual
// cause.
func CheckUTF8(b []byte) error {
	if len(b) >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)) {
		return fmt.Errorf("file is UTF-16 (byte-order mark %X %X), not UTF-8: convert it to UTF-8 first", b[0], b[1])
	}
	if utf8.Valid(b) {
		return nil
	}
	off := 0
	for off < len(b) {
		if b[off] < utf8.RuneSelf {
			off++
			continue
		}
		r, size := utf8.DecodeRune(b[off:])
		if r == utf8.RuneError && size <= 1 {
			return &InvalidUTF8Error{Byte: off}
		}
		off += size
	}
	return nil
}

const bom = "\uFEFF"

// Remap maps a code point offset in a text before normalisation to the
// offset of the same position after it. The zero Remap is the identity.
type Remap struct {
	removed []int // sorted code point offsets (old text) of removed runes
}

// Apply returns the new offset of old offset off.
func (m Remap) Apply(off int) int {
	if len(m.removed) == 0 {
		return off
	}
	return off - sort.SearchInts(m.removed, off)
}

// Identity reports whether the normalisation removed nothing.
func (m Remap) Identity() bool { return len(m.removed) == 0 }

// NormalizeBytes checks that raw is UTF-8 and normalises it (see
// NormalizeText). The error for invalid input names the byte offset.
func NormalizeBytes(raw []byte) (string, error) {
	if err := CheckUTF8(raw); err != nil {
		return "", err
	}
	text, _ := NormalizeText(string(bytes.Clone(raw)))
	return text, nil
}

// NormalizeText applies spanmark's text contract to valid UTF-8 text: a
// leading BOM (or a run of them) is dropped, CRLF and lone CR become LF, trailing newlines are
// removed. The Remap carries offsets of the input to offsets of the result.
func NormalizeText(s string) (string, Remap) {
	if !strings.HasPrefix(s, bom) && strings.IndexByte(s, '\r') < 0 {
		return strings.TrimRight(s, "\n"), Remap{}
	}
	var m Remap
	var b strings.Builder
	b.Grow(len(s))
	runeOff := 0
	// Every leading BOM goes, not only the first: dropping one would leave
	// a text that the next import (of our own export) changes again.
	for strings.HasPrefix(s, bom) {
		m.removed = append(m.removed, runeOff)
		s = s[len(bom):]
		runeOff++
	}
	for len(s) > 0 {
		i := strings.IndexByte(s, '\r')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		runeOff += utf8.RuneCountInString(s[:i])
		if i+1 < len(s) && s[i+1] == '\n' {
			m.removed = append(m.removed, runeOff) // the CR of a CRLF
		} else {
			b.WriteByte('\n')
		}
		runeOff++
		s = s[i+1:]
	}
	return strings.TrimRight(b.String(), "\n"), m
}
