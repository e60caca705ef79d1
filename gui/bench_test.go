package gui

import (
	"context"
	"github.com/spanmark/spanmark/internal/testcorpus"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// benchDB copies the database named by $SPANMARK_BENCH_DB (e.g. one made by
// bench/gencorpus and spanmark import) into b.TempDir(), since opening the
// window writes settings. It skips without one.
func benchDB(b *testing.B) string {
	b.Helper()
	src := os.Getenv("SPANMARK_BENCH_DB")
	if src == "" {
		b.Skip("set SPANMARK_BENCH_DB to a large database to measure the window on it")
	}
	dst := filepath.Join(b.TempDir(), "bench.db")
	copyFile(b, src, dst)
	return dst
}

// BenchmarkOpenWindowOnLargeDatabase measures newUI: list, counts, filter
// choices and the first article, without drawing.
func BenchmarkOpenWindowOnLargeDatabase(b *testing.B) {
	path := benchDB(b)
	test.NewTempApp(b)
	db, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for b.Loop() {
		u, err := newUI(test.NewTempApp(b), db, Options{DBPath: path})
		if err != nil {
			b.Fatal(err)
		}
		u.win.Close()
	}
}

// BenchmarkTagAndUndoOnLargeDatabase measures one label key press and its
// undo, each committed before the view is updated.
func BenchmarkTagAndUndoOnLargeDatabase(b *testing.B) {
	path := benchDB(b)
	db, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	u, err := newUI(test.NewTempApp(b), db, Options{DBPath: path})
	if err != nil {
		b.Fatal(err)
	}
	var worst time.Duration
	for b.Loop() {
		t0 := time.Now()
		u.view.SelectSpan("")
		u.view.SetSelection(0, 5)
		u.typedRune('1')
		u.undo()
		worst = max(worst, time.Since(t0))
	}
	b.ReportMetric(float64(worst.Microseconds()), "worst-µs")
	if _, err := db.StatusCounts(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// longArticle is a 50,000-word article over the corpus' words with 2,000
// entity spans, as a record for store.Import.
func longArticle(b *testing.B) *annotate.Record {
	b.Helper()
	files, _ := filepath.Glob(testcorpus.Path(b, "articles", "*.txt"))
	var vocab []string
	for _, f := range files {
		if data, err := os.ReadFile(f); err == nil {
			vocab = append(vocab, strings.Fields(string(data))...)
		}
	}
	if len(vocab) == 0 {
		vocab = strings.Fields("Egyptian security forces on Friday killed 12 dangerous terrorists in clashes south-west of Cairo")
	}
	var sb strings.Builder
	var spans []annotate.Span
	cp := 0
	for i := 0; i < 50000; i++ {
		if i > 0 {
			if i%80 == 0 {
				sb.WriteString("\n\n")
				cp += 2
			} else {
				sb.WriteByte(' ')
				cp++
			}
		}
		w := vocab[(i*7919)%len(vocab)]
		n := utf8.RuneCountInString(w)
		if i%25 == 3 {
			spans = append(spans, annotate.Span{Start: cp, End: cp + n, Label: "ORG"})
		}
		sb.WriteString(w)
		cp += n
	}
	return &annotate.Record{Article: annotate.Article{ID: "long", Text: sb.String(), Spans: spans}, File: "generated"}
}

// longArticleUI imports longArticle and a short one into a new database
// and opens the window (Fyne's test driver) on the short one.
func longArticleUI(b *testing.B) (*ui, *annotate.Record) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "long.db")
	db, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	recs := []*annotate.Record{longArticle(b), {Article: annotate.Article{ID: "short", Text: "A short article."}, File: "generated"}}
	if _, err := db.Import(context.Background(), feedRecords(recs...), store.ImportOptions{Annotator: "bench"}); err != nil {
		b.Fatal(err)
	}
	u, err := newUI(test.NewTempApp(b), db, Options{DBPath: path, OpenID: "short"})
	if err != nil {
		b.Fatal(err)
	}
	u.win.Resize(fyne.NewSize(1280, 800))
	long, err := db.Article(context.Background(), "long")
	if err != nil {
		b.Fatal(err)
	}
	return u, &annotate.Record{Article: *long}
}

// BenchmarkOpenLongArticle switches the window to the 50,000-word article
// with 2,000 spans: read from SQLite, laid out, visible rows built (all
// but GL painting; bench/window.sh times the real first frame).
func BenchmarkOpenLongArticle(b *testing.B) {
	u, _ := longArticleUI(b)
	for b.Loop() {
		if err := u.open("long"); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := u.open("short"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkTagOnLongArticle measures one label key press on a 50,000-word
// article with 2,000 spans: the span is committed to SQLite, the history
// records it and the view's spans are replaced and its visible rows
// redrawn (everything but GL painting). Each iteration tags and undoes (so
// ns/op is two edits); tag-µs/op and worst-tag-µs time the key press alone.
func BenchmarkTagOnLongArticle(b *testing.B) {
	u, rec := longArticleUI(b)
	if err := u.open("long"); err != nil {
		b.Fatal(err)
	}
	runes := []rune(rec.Article.Text)
	start := len(runes) / 2 // code points
	u.view.ScrollToOffset(start)
	for runes[start] != ' ' { // the next word start
		start++
	}
	start++
	var tagTotal, worstTag time.Duration
	for b.Loop() {
		u.view.SelectSpan("")
		u.view.SetSelection(start, start+3)
		t0 := time.Now()
		u.typedRune('1')
		d := time.Since(t0)
		tagTotal += d
		worstTag = max(worstTag, d)
		u.undo()
	}
	b.ReportMetric(float64(tagTotal.Microseconds())/float64(b.N), "tag-µs/op")
	b.ReportMetric(float64(worstTag.Microseconds()), "worst-tag-µs")
}
