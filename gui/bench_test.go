package gui

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

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
