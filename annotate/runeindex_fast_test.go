package annotate

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// slowRuneIndex is the straightforward index NewRuneIndex must equal.
func slowRuneIndex(text string) *RuneIndex {
	x := &RuneIndex{text: text}
	x.runes = len([]rune(text))
	if x.runes == len(text) {
		x.ascii = true
		return x
	}
	x.points = []int{}
	r := 0
	for i := range text {
		if r%runeStep == 0 {
			x.points = append(x.points, i)
		}
		r++
	}
	return x
}

func TestNewRuneIndexMatchesARangeLoop(t *testing.T) {
	pieces := []string{"a", "bc", "defghijk", " ", "\\n", "é", "ü", "東", "京", "😀", "👍🏽", "—", "“", "\\xff", "\\x80", "\\xe6\\x9d"}
	rng := rand.New(rand.NewPCG(7, 7))
	texts := []string{"", "a", "é", strings.Repeat("x", 64), strings.Repeat("x", 63) + "é", strings.Repeat("é", 64), strings.Repeat("é", 65),
		strings.Repeat("abcdefgh", 40) + "東", "\\xff\\xfe", strings.Repeat("😀", 200)}
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(300) {
			p := pieces[rng.IntN(len(pieces))]
			if strings.HasPrefix(p, "\\x") && rng.IntN(8) > 0 {
				continue // mostly valid text
			}
			if strings.HasPrefix(p, "\\x") {
				p = map[string]string{"\\xff": "\xff", "\\x80": "\x80", "\\xe6\\x9d": "\xe6\x9d"}[p]
			}
			if p == "\\n" {
				p = "\n"
			}
			b.WriteString(p)
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		got, want := NewRuneIndex(text), slowRuneIndex(text)
		if got.runes != want.runes || got.ascii != want.ascii || !reflect.DeepEqual(got.points, want.points) && (len(got.points) != 0 || len(want.points) != 0) {
			t.Fatalf("NewRuneIndex(%q) = runes %d ascii %v points %v; want %d %v %v", text, got.runes, got.ascii, got.points, want.runes, want.ascii, want.points)
		}
	}
}

func BenchmarkNewRuneIndex(b *testing.B) {
	text := strings.Repeat("The minister said “it rains” in Zürich — 東京 😀 today. ", 80)
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		NewRuneIndex(text)
	}
}

// BenchmarkRangeLoopIndex is the range-loop index NewRuneIndex replaced, for
// comparison.
func BenchmarkRangeLoopIndex(b *testing.B) {
	text := strings.Repeat("The minister said “it rains” in Zürich — 東京 😀 today. ", 80)
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		n := utf8.RuneCountInString(text)
		points := make([]int, 0, n/runeStep+1)
		r := 0
		for j := range text {
			if r%runeStep == 0 {
				points = append(points, j)
			}
			r++
		}
	}
}
