package annotate

import (
	"os"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/internal/testcorpus"
)

// BenchmarkFindWith10000Patterns: one article of the corpus against a
// gazetteer of 10,000 names.
func BenchmarkFindWith10000Patterns(b *testing.B) {
	text, err := os.ReadFile(testcorpus.Path(b, "articles", "gulfnews-egypt-militants.txt"))
	if err != nil {
		b.Fatal(err)
	}
	var g strings.Builder
	g.WriteString("GPE\tRafah\nORG\tInterior Ministry\n")
	syl := []string{"ka", "lo", "mi", "ra", "to", "be", "su", "na"}
	for i := 0; i < 9998; i++ {
		g.WriteString("PERSON\t" + strings.ToUpper(syl[i%8][:1]) + syl[i%8][1:] + syl[(i/8)%8] + syl[(i/64)%8] + " " + syl[(i/512)%8] + syl[i%7] + "\n")
	}
	ps, err := ReadPatterns(strings.NewReader(g.String()), false)
	if err != nil {
		b.Fatal(err)
	}
	m := NewMatcher(ps)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Find(string(text))
	}
}
