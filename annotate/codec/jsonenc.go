package codec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/spanmark/spanmark/annotate"
)

// An appending JSON encoder: no reflection, one reused buffer per writer.

const hexDigits = "0123456789abcdef"

// safeASCII[c] is true for the ASCII bytes a JSON string holds as they are.
var safeASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendString appends s as a JSON string: quotes, backslashes and control
// characters escaped, U+2028/U+2029 escaped (JavaScript reads them as line
// ends), other text as UTF-8. Invalid UTF-8 becomes U+FFFD, as
// encoding/json does, so the output is always valid JSON.
//
// Eight bytes at a time are tested at once; the first that needs a look
// (control character, quote, backslash, non-ASCII) is found from the test's
// lowest bit, so that a character outside ASCII costs one step, not one per
// byte of ASCII before it.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		for i+8 <= len(s) {
			w := load64(s[i:])
			// the lowest flagged byte is a true one: a borrow only flags
			// bytes above the one it comes from
			if m := (w - lsb*0x20 | hasByte(w, '"') | hasByte(w, '\\') | w) & msb; m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if safeASCII[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"':
				b = append(b, '\\', '"')
			case '\\':
				b = append(b, '\\', '\\')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		var size int
		switch { // the common two- and three-byte forms here, the rest in runeLen
		case c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			size = 2
		case c >= 0xE1 && c <= 0xEC && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
			size = 3
		default:
			size = runeLen(s, i)
		}
		if size == 0 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if c == 0xE2 && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) { // U+2028, U+2029
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]-0xA0])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// load64 is the first eight bytes of s as a little-endian word (one load:
// the bounds are checked once).
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// runeLen is the length of the valid UTF-8 encoding of a character outside
// ASCII at s[i], or 0 when the bytes there are not one (as RFC 3629 says:
// no overlong forms, no surrogates, nothing above U+10FFFF). It is
// utf8.DecodeRuneInString's check without making the rune.
func runeLen(s string, i int) int {
	c := s[i]
	lo, hi := byte(0x80), byte(0xBF) // the second byte's range
	size := 0
	switch {
	case c < 0xC2:
		return 0
	case c < 0xE0:
		size = 2
	case c < 0xF0:
		size = 3
		if c == 0xE0 {
			lo = 0xA0
		} else if c == 0xED {
			hi = 0x9F
		}
	case c < 0xF5:
		size = 4
		if c == 0xF0 {
			lo = 0x90
		} else if c == 0xF4 {
			hi = 0x8F
		}
	default:
		return 0
	}
	if i+size > len(s) || s[i+1] < lo || s[i+1] > hi {
		return 0
	}
	for j := i + 2; j < i+size; j++ {
		if s[j]&0xC0 != 0x80 {
			return 0
		}
	}
	return size
}

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// hasByte has the high bit set in each byte of w equal to c (and maybe in
// bytes above one that is equal: callers only test for zero).
func hasByte(w uint64, c byte) uint64 {
	x := w ^ (lsb * uint64(c))
	return (x - lsb) &^ x
}

func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }

// appendRawObject appends a JSON object given as raw JSON, compacted; it
// reports false when raw is not a valid JSON object.
func appendRawObject(b []byte, raw []byte) ([]byte, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return b, false
	}
	buf := bytes.NewBuffer(b)
	if err := json.Compact(buf, raw); err != nil {
		return b, false
	}
	return buf.Bytes(), true
}

// appendAttrs appends attrs as a JSON object with its keys sorted, so that
// the same span always writes the same bytes. keys is scratch space, handed
// back for reuse.
func appendAttrs(b []byte, attrs map[string]string, keys []string) ([]byte, []string) {
	keys = keys[:0]
	for k := range attrs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for n, k := range keys {
		if n > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = appendString(b, attrs[k])
	}
	return append(b, '}'), keys
}

// appendMeta appends `,"meta":{…}` for an article whose meta holds anything.
func appendMeta(b []byte, a *annotate.Article) ([]byte, error) {
	if len(a.Meta) == 0 || string(a.Meta) == "null" || string(a.Meta) == "{}" {
		return b, nil
	}
	b = append(b, `,"meta":`...)
	b, ok := appendRawObject(b, a.Meta)
	if !ok {
		return b, fmt.Errorf("article %s: meta is not a JSON object", a.ID)
	}
	return b, nil
}
