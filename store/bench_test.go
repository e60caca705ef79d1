package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/spanmark/spanmark/annotate"
)

var benchWords = strings.Fields(`the a of to and in that for on with as was said by at from his her it an were
which are but has had have been their not who its they this would will more after about than over government
minister police officials people year report city country president security forces killed attack court
market company election party health water school children week month national international military
“dangerous” café naïve Zürich São Москва 東京 — – 😀`)

var benchNames = []struct{ text, label string }{
	{"Mohammed Dahlan", "PERSON"}, {"Angela Merkel", "PERSON"}, {"José Ramos-Horta", "PERSON"},
	{"Gulf News", "ORG"}, {"United Nations", "ORG"}, {"Cairo", "GPE"}, {"Gaza Strip", "LOC"},
	{"Zürich", "GPE"}, {"東京", "GPE"}, {"Thursday, October 26, 2017", "DATE"},
}

// genRecords makes n articles of about words words with spans spans each,
// deterministic, with non-ASCII text (accents, Cyrillic, CJK, emoji).
func genRecords(n, words, spans int) []annotate.Record {
	rng := rand.New(rand.NewPCG(1, 0))
	recs := make([]annotate.Record, n)
	var b strings.Builder
	for i := range recs {
		b.Reset()
		a := annotate.Article{ID: fmt.Sprintf("bench-%06d", i), Meta: []byte(`{"source":"synthetic"}`)}
		runes := 0
		every := words / max(spans, 1)
		for j := 0; j < words; j++ {
			if j > 0 {
				b.WriteByte(' ')
				runes++
			}
			if j%every == every/2 && len(a.Spans) < spans {
				nm := benchNames[rng.IntN(len(benchNames))]
				l := utf8.RuneCountInString(nm.text)
				a.Spans = append(a.Spans, annotate.Span{Start: runes, End: runes + l, Text: nm.text, Label: nm.label})
				b.WriteString(nm.text)
				runes += l
				continue
			}
			w := benchWords[rng.IntN(len(benchWords))]
			b.WriteString(w)
			runes += utf8.RuneCountInString(w)
		}
		a.Text = b.String()
		recs[i] = annotate.Record{Article: a, File: "bench.jsonl", Line: i + 1}
	}
	return recs
}

// reportCPU reports the process CPU time per op since start (it includes the
// untimed setup of each op, e.g. opening a database).
func reportCPU(b *testing.B, start time.Duration) {
	if start > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}

func feedSlice(recs []annotate.Record) func() (*annotate.Record, error) {
	i := 0
	return func() (*annotate.Record, error) {
		if i == len(recs) {
			return nil, io.EOF
		}
		i++
		return &recs[i-1], nil
	}
}

// benchArticles is the corpus size of the benchmarks; SPANMARK_BENCH_ARTICLES
// overrides it (bench/run.sh measures 100,000 through the CLI).
var benchArticles = func() int {
	if n, err := strconv.Atoi(os.Getenv("SPANMARK_BENCH_ARTICLES")); err == nil && n > 0 {
		return n
	}
	return 10000
}()

func BenchmarkImport(b *testing.B) {
	recs := genRecords(benchArticles, 600, 5)
	defer reportCPU(b, cpuTime())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := Open(filepath.Join(b.TempDir(), fmt.Sprint(i), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := db.Import(context.Background(), feedSlice(recs), ImportOptions{Annotator: "bench"}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(benchArticles*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkPlainInsertLoop is the yardstick of BenchmarkImport: the same rows
// inserted by a plain loop of prepared statements in one transaction, with
// go-sqlite3's defaults, no validation.
func BenchmarkPlainInsertLoop(b *testing.B) {
	recs := genRecords(benchArticles, 600, 5)
	defer reportCPU(b, cpuTime())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := sql.Open("sqlite3", filepath.Join(b.TempDir(), "plain.db"))
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range []string{
			`CREATE TABLE articles (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL, meta TEXT, status TEXT NOT NULL)`,
			`CREATE TABLE spans (rowid INTEGER PRIMARY KEY, article INTEGER NOT NULL REFERENCES articles(rowid), span_id TEXT NOT NULL,
			start INTEGER NOT NULL, end INTEGER NOT NULL, label TEXT NOT NULL, kind TEXT NOT NULL,
			UNIQUE(article, start, end, label, kind))`,
		} {
			if _, err := db.Exec(s); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		tx, _ := db.Begin()
		insA, _ := tx.Prepare(`INSERT INTO articles (id, text, meta, status) VALUES (?, ?, ?, 'todo')`)
		insS, _ := tx.Prepare(`INSERT INTO spans (article, span_id, start, end, label, kind) VALUES (?, ?, ?, ?, ?, 'entity')`)
		for _, r := range recs {
			res, err := insA.Exec(r.Article.ID, r.Article.Text, string(r.Article.Meta))
			if err != nil {
				b.Fatal(err)
			}
			aid, _ := res.LastInsertId()
			for j, s := range r.Article.Spans {
				if _, err := insS.Exec(aid, fmt.Sprintf("s%d", j+1), s.Start, s.End, s.Label); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(benchArticles*b.N)/b.Elapsed().Seconds(), "articles/s")
}

func BenchmarkExport(b *testing.B) {
	db := openTemp(b)
	if _, err := db.Import(context.Background(), feedSlice(genRecords(benchArticles, 600, 5)), ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	defer reportCPU(b, cpuTime())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		if err := db.Export(context.Background(), ExportFilter{}, func(a *annotate.Article) error {
			n += len(a.Spans)
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		if n != 5*benchArticles {
			b.Fatalf("exported %d spans", n)
		}
	}
	b.ReportMetric(float64(benchArticles*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkListArticles searches the text of benchArticles articles (build
// once; SPANMARK_BENCH_ARTICLES=100000 for the window's target size).
func BenchmarkListArticles(b *testing.B) {
	db := openTemp(b)
	if _, err := db.Import(context.Background(), feedSlice(genRecords(benchArticles, 600, 5)), ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		f    ArticleFilter
	}{
		{"first page", ArticleFilter{Limit: 200}},
		{"all", ArticleFilter{}},
		{"query common word", ArticleFilter{Query: "minister", Limit: 200}},
		{"query rare word", ArticleFilter{Query: "Ramos-Horta said", Limit: 200}},
		{"query id", ArticleFilter{Query: "bench-0099", Limit: 200}},
		{"status", ArticleFilter{Status: annotate.StatusTodo, Limit: 200}},
		{"label", ArticleFilter{Label: "DATE", Limit: 200}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := db.ListArticles(context.Background(), bc.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("status counts", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := db.StatusCounts(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("next unfinished", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := db.NextUnfinished(context.Background(), "bench-005000", false); err != nil {
				b.Fatal(err)
			}
		}
	})
}
