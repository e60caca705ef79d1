package spanview

import (
	"strings"
	"testing"
)

// levelsOf resolves text as one paragraph and one line and returns the
// paragraph level and each code point's level as a string of digits.
func levelsOf(text string) (uint8, string) {
	var r bidiResolver
	t := []rune(text)
	para := r.resolve(t)
	r.lineLevels(0, len(t), para)
	var sb strings.Builder
	for _, l := range r.lvl[:len(t)] {
		sb.WriteByte('0' + l)
	}
	return para, sb.String()
}

// visualText returns text as displayed: code points in visual order, left
// to right (marks are not kept with their bases; the tests use none).
func visualText(text string) string {
	var r bidiResolver
	t := []rune(text)
	para := r.resolve(t)
	r.lineLevels(0, len(t), para)
	order := visualOrder(r.lvl[:len(t)], nil)
	out := make([]rune, len(t))
	for k, i := range order {
		out[k] = t[i]
	}
	return string(out)
}

func TestBidiLevels(t *testing.T) {
	// Hebrew letters stand for the capitals of UAX #9's examples.
	const A, B, C, D = "א", "ב", "ג", "ד"
	tests := []struct {
		name   string
		text   string
		para   uint8
		levels string
	}{
		{"Latin only", "car means CAR.", 0, "00000000000000"},
		{"Hebrew only, final period at the paragraph level", A + B + " " + C + ".", 1, "11111"},
		{"number after Arabic letters is an Arabic number (W2) one level up", "قتل 12", 1, "111122"},
		{"Arabic with a number inside a left-to-right sentence", "He said مسلحاً 42 قتلوا today.", 0,
			"000000001111111221111110000000"},
		{"European number after Hebrew stays European, one level up", A + " 12%", 1, "11222"},
		{"separator between numbers (W4)", A + " 1,500", 1, "1122222"},
		{"trailing spaces at the paragraph level (L1)", "abc " + A + B + "  ", 0, "00001100"},
		{"UAX #9 N0 example 1", A + B + "(" + C + D + "[&ef]!)gh", 1, "11111112211122"},
		{"brackets around Latin in right-to-left text take the context", A + " (abc) " + B, 1, "111222111"},
		{"RLI isolate of Latin inside Latin", "a \u2067b c\u2069 d", 0, "000222000"},
		{"RLE embedding", "a\u202Bb\u202Cc", 0, "00220"},
		{"RLM makes a neutral-only paragraph right-to-left", "\u200F!?", 1, "111"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			para, got := levelsOf(tc.text)
			if para != tc.para || got != tc.levels {
				t.Fatalf("levels of %q = %d %s, want %d %s", tc.text, para, got, tc.para, tc.levels)
			}
		})
	}
}

func TestBidiVisualOrder(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"Arabic words right to left, number left to right",
			"مسلحاً 42 قتلوا", reverse("مسلحاً 24 قتلوا")},
		{"Arabic phrase inside English keeps the English in place",
			"He said مسلحاً 42 قتلوا today.", "He said " + reverse("مسلحاً 24 قتلوا") + " today."},
		{"Latin inside Arabic reads left to right", "في Cairo اليوم", reverse("في oriaC اليوم")},
		// the shaper mirrors brackets at odd levels: ")b(" shows as "(b)"
		{"brackets stay around their content", "א (b) ב", "ב )b( א"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := visualText(tc.text); got != tc.want {
				t.Fatalf("visual order of %q = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func reverse(s string) string {
	r := []rune(s)
	for a, b := 0, len(r)-1; a < b; a, b = a+1, b-1 {
		r[a], r[b] = r[b], r[a]
	}
	return string(r)
}
