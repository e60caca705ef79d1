package annotate

import (
	"fmt"
	"math/bits"
	"unicode/utf8"
)

// runeStep is how many code points lie between two checkpoints of a
// RuneIndex: memory is len(text)/runeStep ints, a lookup walks < runeStep.
const runeStep = 64

// RuneIndex converts between code point offsets and UTF-8 byte offsets of
// one text. For ASCII text both are the same and it costs nothing.
type RuneIndex struct {
	text   string
	runes  int
	ascii  bool
	points []int // points[k] = byte offset of code point k*runeStep
}

// NewRuneIndex indexes text.
func NewRuneIndex(text string) *RuneIndex {
	x := &RuneIndex{text: text}
	if !utf8.ValidString(text) {
		// invalid bytes count one code point each, as in a range loop
		n := utf8.RuneCountInString(text)
		x.runes = n
		if n == len(text) {
			x.ascii = true
			return x
		}
		x.points = make([]int, 0, n/runeStep+1)
		r := 0
		for i := range text {
			if r%runeStep == 0 {
				x.points = append(x.points, i)
			}
			r++
		}
		return x
	}
	// Valid UTF-8: walk eight bytes at a time from checkpoint to checkpoint
	// (a bulk import indexes every article; this is ~5x a range loop).
	b, runes := skipRunes(text, 0, runeStep)
	if b == len(text) && runes == len(text) {
		x.runes, x.ascii = runes, true
		return x
	}
	x.points = make([]int, 1, len(text)/runeStep+1)
	for runes%runeStep == 0 && b < len(text) {
		x.points = append(x.points, b)
		var n int
		b, n = skipRunes(text, b, runeStep)
		runes += n
	}
	x.runes = runes
	return x
}

// skipRunes advances up to n code points from byte offset b (at the start
// of a code point) of valid UTF-8 text, and returns the new byte offset and
// how many code points it passed (fewer than n at the end of the text).
// Eight bytes at a time while a code point starts right after them, they
// hold as many code points as bytes that are not continuation bytes.
func skipRunes(text string, b, n int) (int, int) {
	want := n
	for n > 0 && b < len(text) {
		if n >= 8 && b+8 < len(text) && text[b+8]&0xC0 != 0x80 {
			w := uint64(text[b]) | uint64(text[b+1])<<8 | uint64(text[b+2])<<16 | uint64(text[b+3])<<24 |
				uint64(text[b+4])<<32 | uint64(text[b+5])<<40 | uint64(text[b+6])<<48 | uint64(text[b+7])<<56
			cont := w & 0x8080808080808080 &^ (w & 0x4040404040404040 << 1)
			b += 8
			n -= 8 - bits.OnesCount64(cont)
			continue
		}
		if text[b] < utf8.RuneSelf {
			b++
		} else {
			_, size := utf8.DecodeRuneInString(text[b:])
			b += size
		}
		n--
	}
	return b, want - n
}

// Len is the text's length in code points.
func (x *RuneIndex) Len() int { return x.runes }

// Text is the indexed text.
func (x *RuneIndex) Text() string { return x.text }

// ByteOfRune returns the byte offset of code point offset r (0 ≤ r ≤ Len).
func (x *RuneIndex) ByteOfRune(r int) int {
	if x.ascii || r <= 0 {
		return max(r, 0)
	}
	if r >= x.runes {
		return len(x.text)
	}
	b := x.points[r/runeStep]
	for k := r % runeStep; k > 0; k-- {
		_, size := utf8.DecodeRuneInString(x.text[b:])
		b += size
	}
	return b
}

// RuneOfByte returns the code point offset of byte offset b. A b inside a
// multi-byte character counts that character as not yet reached.
func (x *RuneIndex) RuneOfByte(b int) int {
	if x.ascii || b <= 0 {
		return max(b, 0)
	}
	if b >= len(x.text) {
		return x.runes
	}
	// binary search the checkpoint at or before b
	lo, hi := 0, len(x.points)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if x.points[mid] <= b {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo*runeStep + utf8.RuneCountInString(x.text[x.points[lo]:b])
}

// Slice returns the text between code point offsets start and end.
func (x *RuneIndex) Slice(start, end int) string {
	return x.text[x.ByteOfRune(start):x.ByteOfRune(end)]
}

// RuneToUTF16 converts a code point offset to a UTF-16 code unit offset.
func (x *RuneIndex) RuneToUTF16(r int) int {
	if x.ascii {
		return r
	}
	units := r
	for _, c := range x.text[:x.ByteOfRune(r)] {
		if c >= 0x10000 {
			units++
		}
	}
	return units
}

// UTF16ToRune converts a UTF-16 code unit offset to a code point offset;
// an offset between the two halves of a surrogate pair rounds down.
func (x *RuneIndex) UTF16ToRune(u int) int {
	if x.ascii {
		return u
	}
	r, units := 0, 0
	for _, c := range x.text {
		w := 1
		if c >= 0x10000 {
			w = 2
		}
		if units+w > u {
			break
		}
		units += w
		r++
	}
	return r
}

// CheckSpan validates a span against the text: 0 ≤ start < end ≤ length,
// a label, and Text equal to the text at its offsets (an empty Text is filled
// in). A mismatch that vanishes when the offsets are read as UTF-16 units or
// UTF-8 bytes says so, since that is what JavaScript tools and byte-based
// tools write.
func (x *RuneIndex) CheckSpan(s *Span) error { return x.CheckSpanText(s, nil) }

// CheckSpanText is CheckSpan for a reader whose span texts may differ from
// the article's in ways its format allows (brat's normalised whitespace):
// a text that same accepts is replaced by the article's. same may be nil.
func (x *RuneIndex) CheckSpanText(s *Span, same func(got, want string) bool) error {
	if s.Start >= 0 && s.Start < s.End && s.End <= x.runes && s.Label != "" { // the usual case, without building messages
		got := x.Slice(s.Start, s.End)
		if s.Text == got || s.Text == "" || (same != nil && same(got, s.Text)) {
			s.Text = got
			return nil
		}
	}
	where := fmt.Sprintf("span %d-%d", s.Start, s.End)
	if s.ID != "" {
		where = fmt.Sprintf("span %s %d-%d", s.ID, s.Start, s.End)
	}
	switch {
	case s.Start < 0 || s.End < 0:
		return fmt.Errorf("%s: negative offset", where)
	case s.Start == s.End:
		return fmt.Errorf("%s: zero-length span", where)
	case s.Start > s.End:
		return fmt.Errorf("%s: start is after end", where)
	case s.End > x.runes:
		return fmt.Errorf("%s ends past the text (length %d code points)%s", where, x.runes, x.unitHint(s))
	case s.Label == "":
		return fmt.Errorf("%s: empty label", where)
	}
	return fmt.Errorf("%s: span text %q does not match the article text %q at those code point offsets%s",
		where, clip(s.Text), clip(x.Slice(s.Start, s.End)), x.unitHint(s))
}

func (x *RuneIndex) unitHint(s *Span) string {
	if !x.ascii && s.Text != "" {
		a, b := x.UTF16ToRune(s.Start), x.UTF16ToRune(s.End)
		if a < b && x.Slice(a, b) == s.Text {
			return " (they match as UTF-16 code units, which JavaScript tools write: convert them to code points)"
		}
		if s.End <= len(x.text) && s.Start < s.End && x.text[s.Start:s.End] == s.Text {
			return " (they match as UTF-8 byte offsets: convert them to code points)"
		}
	}
	return ""
}

func clip(s string) string {
	const n = 40
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// AdvanceRunes returns the byte offset n code points after byte offset b of
// text (b at the start of a code point), or -1 past the end: skipRunes, the
// one fast code point walk, for the store's and the writers' checks.
func AdvanceRunes(text string, b, n int) int {
	end, got := skipRunes(text, b, n)
	if got < n {
		return -1
	}
	return end
}
