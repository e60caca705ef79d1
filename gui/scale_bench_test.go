package gui

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/spanmark/spanmark/annotate/codec"
	"github.com/spanmark/spanmark/internal/gencorpus"
	"github.com/spanmark/spanmark/internal/ops"
	"github.com/spanmark/spanmark/store"
)

// scaleDB is a copy (opening the window writes settings) of the database
// named by $SPANMARK_SCALE_DB (bench/scale.sh makes them with
// gencorpus -mixed -spans 10), else a database of 1,000 such articles made
// here.
func scaleDB(b *testing.B) string {
	b.Helper()
	dst := filepath.Join(b.TempDir(), "scale.db")
	if src := os.Getenv("SPANMARK_SCALE_DB"); src != "" {
		copyFile(b, src, dst)
		return dst
	}
	corpus := filepath.Join(b.TempDir(), "scale.jsonl")
	f, err := os.Create(corpus)
	if err != nil {
		b.Fatal(err)
	}
	if err := gencorpus.Write(f, gencorpus.Options{Articles: 1000, Words: 600, Spans: 10, Seed: 1, Mixed: true}); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(dst)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := ops.Import(context.Background(), db, []string{corpus}, codec.FormatAuto, store.ImportOptions{}, nil); err != nil {
		b.Fatal(err)
	}
	return dst
}

func copyFile(b *testing.B, src, dst string) {
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkScale times what the window does on its goroutine when the
// person lists, filters, scrolls, opens, steps in review mode and
// searches, on a generated database (scaleDB): everything but GL painting
// (bench/scale.sh times the first frame). Each case times op alone; reset
// (untimed) puts the window back.
func BenchmarkScale(b *testing.B) {
	path := scaleDB(b)
	db, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	n, err := db.StatusCounts(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	total := 0
	for _, c := range n {
		total += c
	}
	u, err := newUI(test.NewTempApp(b), db, Options{DBPath: path, OpenID: gencorpus.ID(0)})
	if err != nil {
		b.Fatal(err)
	}
	u.win.Resize(fyne.NewSize(1280, 800))
	u.win.Show()
	defer u.win.Close()
	setSearchDelay(u, 0)
	mid := gencorpus.ID(total / 2)
	clear := func() {
		u.search.SetText("")
		u.status.SetSelectedIndex(0)
		u.labelSel.SetSelectedIndex(0)
		u.annotatorSel.SetSelectedIndex(0)
	}
	review := func(on bool) {
		if u.s.Review.On != on {
			u.toggleReview()
		}
	}
	for _, bm := range []struct {
		name      string
		setup     func()
		op, reset func()
	}{
		{"list_all", clear, func() { u.filtersChanged() }, nil},
		// The last row: its page read (after the list was read again).
		{"list_scroll_to_end", nil, func() { scrollList(u, total-1) }, func() { u.filtersChanged(); scrollList(u, 0) }},
		{"filter_status", nil, func() { u.status.SetSelected("done") }, func() { u.status.SetSelectedIndex(0) }},
		{"filter_label", nil, func() { u.labelSel.SetSelected("EVENT") }, func() { u.labelSel.SetSelectedIndex(0) }},
		// cleo has spans in 1 article in 200.
		{"filter_annotator", nil, func() { u.annotatorSel.SetSelected("cleo") }, func() { u.annotatorSel.SetSelectedIndex(0) }},
		{"open_article", nil, func() { u.openOrReport(mid) }, func() { u.openOrReport(gencorpus.ID(1)) }},
		// Review mode over the claims (1 article in 100), every article
		// listed: the next and the previous article with one not reviewed.
		{"review_next", func() { review(true); u.rev.kind.SetSelected("claim") },
			func() { u.reviewArticle(+1) }, func() { u.openOrReport(mid) }},
		{"review_prev", nil, func() { u.reviewArticle(-1) }, func() { u.openOrReport(mid) }},
		// Nothing left to review: every span of the reviewed articles (1 in
		// 20) is decided, so no listed article after the middle has one.
		{"review_none_left", func() { u.rev.kind.SetSelected(anyKind); u.status.SetSelected("reviewed") },
			func() { u.reviewArticle(+1) }, func() { u.openOrReport(mid) }},
		// A word of nearly every article, typed (the last word a prefix).
		{"search", func() { review(false); clear() }, func() { u.search.SetText("police") }, func() { u.search.SetText("") }},
	} {
		if bm.setup != nil {
			bm.setup()
		}
		if bm.reset != nil {
			bm.reset()
		}
		b.Run(bm.name, func(b *testing.B) {
			reads := u.s.List.PagesRead()
			defer func() { b.ReportMetric(float64(u.s.List.PagesRead()-reads)/float64(b.N), "pages/op") }()
			for b.Loop() {
				bm.op()
				if bm.reset != nil {
					b.StopTimer()
					bm.reset()
					b.StartTimer()
				}
			}
		})
		if u.bar.lastErr != nil {
			b.Fatalf("%s: %v", bm.name, u.bar.lastErr)
		}
	}
}

func setSearchDelay(u *ui, d time.Duration) { u.list.searchDelay = d }

// scrollList scrolls the article list to row i and lays out the rows
// there, as drawing it would.
func scrollList(u *ui, i int) {
	u.list.cur.ScrollTo(i)
	u.list.cur.Refresh()
}
