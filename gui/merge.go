package gui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2/storage"

	"github.com/spanmark/spanmark/store"
)

// showMerge asks for another annotator's database and merges it into the
// open one, as `spanmark merge` does (store.DB.Merge).
func (u *ui) showMerge() {
	d := u.pickFile("Merge database", func(path string) { u.runMerge([]string{path}) })
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db", ".sqlite", ".sqlite3"}))
	if dir, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(u.s.DB().Path()))); err == nil {
		d.SetLocation(dir)
	}
	u.show(d)
}

// runMerge merges the databases paths into the open one on a goroutine,
// with a progress dialog whose Cancel rolls the merge back.
func (u *ui) runMerge(paths []string) {
	if u.jobBusy("Merge database") {
		return
	}
	srcs, err := store.OpenMergeSources(u.s.DB().Path(), paths)
	if err != nil {
		u.showError("Merge failed — the database is unchanged", err)
		return
	}
	db := u.s.DB()
	u.runJob("Merge database", "Merging "+strings.Join(baseNames(paths), ", "), func(ctx context.Context, progress func(float64, string)) func(bool) {
		res, err := db.Merge(ctx, srcs, func(src string, n int) {
			progress(-1, fmt.Sprintf("%s: %s read", filepath.Base(src), count(n, "article")))
		})
		for _, s := range srcs {
			s.Close()
		}
		return func(cancelled bool) { u.mergeDone(paths, res, err, cancelled && err != nil) }
	})
}

// mergeDone reports a merge and shows what it brought.
func (u *ui) mergeDone(paths []string, res store.ImportResult, err error, cancelled bool) {
	if u.writeFailed("Merge", err, cancelled) {
		return
	}
	u.labelsArrived()
	u.reloadListOrReport()
	if u.s.Cur != nil {
		if err := u.reloadSpans(); err != nil {
			u.bar.fail(err)
		}
	} else if id := u.firstArticle(); id != "" {
		u.openOrReport(id)
	}
	msg := fmt.Sprintf("Merged %s: %s read (%d new), %s, %s.", strings.Join(baseNames(paths), ", "),
		count(res.Articles, "article"), res.NewArticles, count(res.Spans, "new span"), count(res.Relations, "new relation"))
	if len(res.NewLabels) > 0 {
		msg += "\nNew labels added to the label set: " + strings.Join(res.NewLabels, ", ")
	}
	u.saved("merged " + strings.Join(baseNames(paths), ", "))
	u.showMessage("Merge database", msg)
}
