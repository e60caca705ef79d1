package codec

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// randomText mixes ASCII runs, multi-byte letters, emoji, controls,
// quotes and backslashes, so that the eight-byte fast paths stop anywhere.
func randomText(rng *rand.Rand, n int) string {
	parts := []string{"a", "word ", "longer ascii run ", "é", "漢", "😀", "👩‍👧", "\n", "\t", "\"", "\\", "\x01", "\u2028", "ü", "𝒜", "x"}
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(parts[rng.IntN(len(parts))])
	}
	return b.String()
}

func TestSpanBytesAgreeWithRuneIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	var m spanBytes
	for round := 0; round < 500; round++ {
		text := randomText(rng, rng.IntN(300)+1)
		idx := annotate.NewRuneIndex(text)
		var spans []annotate.Span
		for k := 0; k < 6; k++ {
			s := rng.IntN(idx.Len())
			e := s + 1 + rng.IntN(idx.Len()-s)
			spans = append(spans, annotate.Span{Start: s, End: e})
		}
		if !m.build(text, spans) {
			t.Fatalf("build refused spans inside %q", text)
		}
		for _, s := range spans {
			if m.byteOf(s.Start) != idx.ByteOfRune(s.Start) || m.byteOf(s.End) != idx.ByteOfRune(s.End) {
				t.Fatalf("text %q span %d-%d: bytes %d-%d, RuneIndex %d-%d", text, s.Start, s.End,
					m.byteOf(s.Start), m.byteOf(s.End), idx.ByteOfRune(s.Start), idx.ByteOfRune(s.End))
			}
		}
		if m.build(text, []annotate.Span{{Start: 0, End: idx.Len() + 1}}) {
			t.Fatalf("build accepted a span past the end of %q", text)
		}
	}
}

func TestAppendStringRoundTripsThroughEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := 0; round < 2000; round++ {
		s := randomText(rng, rng.IntN(200))
		enc := appendString(nil, s)
		var back string
		if err := json.Unmarshal(enc, &back); err != nil {
			t.Fatalf("%q encodes to invalid JSON %s: %v", s, enc, err)
		}
		if back != s {
			t.Fatalf("%q came back as %q", s, back)
		}
	}
}

// appendString writes what encoding/json does (read back, the same string;
// each invalid byte a U+FFFD), for any bytes.
func FuzzAppendStringIsEncodingJSON(f *testing.F) {
	for _, s := range []string{"", "plain", "Zoë “quoted” — 東京 👍🏽\n\t\"\\ \x01\x1f", "a\u2028b\u2029c\u2027", "\xff\xe2\x80", "ab\xed\xa0\x80cdefghij\xf4\x90\x80\x80", "12345678\"12345678\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc := appendString(nil, s)
		want, _ := json.Marshal(s)
		var got, w string
		if err := json.Unmarshal(enc, &got); err != nil {
			t.Fatalf("%q encodes to invalid JSON %s: %v", s, enc, err)
		}
		json.Unmarshal(want, &w)
		if got != w {
			t.Fatalf("%q: appendString gives %q, encoding/json %q", s, got, w)
		}
		if bytes.Contains(enc, []byte("\u2028")) || bytes.Contains(enc, []byte("\u2029")) {
			t.Fatalf("%q: U+2028 or U+2029 left as it is in %s", s, enc)
		}
	})
}
