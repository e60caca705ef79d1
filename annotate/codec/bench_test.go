package codec

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// benchWords is news-like: mostly ASCII, with about one word in 70 not
// (real news has fewer; the non-ASCII paths are exercised all the same).
var benchWords = append(strings.Fields(strings.Repeat(`the minister said on Tuesday that government forces had killed militants
near the border after weeks of clashes in the region officials reported that aid convoys were delayed
while residents fled toward the coast `, 10)),
	strings.Fields("café Zürich São Paulo naïve — “quoted” 北京 😀 Σοφία")...)

// benchArticles makes n news-like articles of ~600 words with 5 spans each,
// some text non-ASCII.
func benchArticles(n int) []*annotate.Record {
	rng := rand.New(rand.NewPCG(1, 2))
	labels := []string{"PERSON", "ORG", "GPE", "DATE", "CLAIM"}
	recs := make([]*annotate.Record, n)
	for i := range recs {
		var b strings.Builder
		var starts []int
		runes := 0
		for w := 0; w < 600; w++ {
			if w > 0 {
				if w%80 == 0 {
					b.WriteString(".\n\n")
					runes += 3
				} else {
					b.WriteByte(' ')
					runes++
				}
			}
			if w%120 == 7 {
				starts = append(starts, runes)
			}
			word := benchWords[rng.IntN(len(benchWords))]
			b.WriteString(word)
			runes += len([]rune(word))
		}
		text := b.String()
		idx := annotate.NewRuneIndex(text)
		a := annotate.Article{ID: fmt.Sprintf("bench-%06d", i), Text: text, Status: annotate.StatusDone}
		for k, s := range starts[:5] {
			e := s + 12
			a.Spans = append(a.Spans, annotate.Span{ID: fmt.Sprintf("s%d", k+1), Start: s, End: e, Text: idx.Slice(s, e),
				Label: labels[k], Annotator: "ana"})
		}
		a.Spans[4].Attrs = map[string]string{"checkworthy": "yes", "verdict": "unverified"}
		a.Rels = []annotate.Relation{{Head: "s5", Child: "s1", Label: "SPEAKER"}}
		recs[i] = &annotate.Record{Article: a}
	}
	return recs
}

func BenchmarkWriteJSONL(b *testing.B) {
	recs := benchArticles(1000)
	size := int64(len(encode(b, FormatJSONL, recs)))
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		w, _ := NewWriter(FormatJSONL, io.Discard)
		for _, r := range recs {
			if err := w.Write(&r.Article); err != nil {
				b.Fatal(err)
			}
		}
		w.Close()
	}
}

func BenchmarkReadJSONL(b *testing.B) {
	recs := benchArticles(1000)
	data := encode(b, FormatJSONL, recs)
	p := filepath.Join(b.TempDir(), "bench.jsonl")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		r, err := Open([]string{p}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		r.Close()
		if n != len(recs) {
			b.Fatalf("%d records", n)
		}
	}
}

// TestBenchArticlesAreValid keeps the benchmark honest: its input reads
// back whole.
func TestBenchArticlesAreValid(t *testing.T) {
	recs := benchArticles(20)
	data := encode(t, FormatJSONL, recs)
	back := readAll(t, []string{writeFile(t, t.TempDir(), "b.jsonl", data)}, Options{})
	for i := range back {
		checkRecord(t, back[i])
		if !equalKeys(spanKeys(&back[i].Article), spanKeys(&recs[i].Article)) || len(back[i].Article.Rels) != 1 {
			t.Fatalf("record %d changed", i)
		}
	}
	if words := len(strings.Fields(recs[0].Article.Text)); words < 590 || !bytes.ContainsAny(data, "é😀") {
		t.Fatalf("%d words; non-ASCII present: %v", words, bytes.ContainsAny(data, "é😀"))
	}
}
