package gui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"github.com/spanmark/spanmark/store"
)

// dialogText is the text of the dialog on top.
func dialogText(t *testing.T, u *ui) string {
	t.Helper()
	return overlayText(t, u)
}

func TestDeleteArticleAsksNamingItsSpansAndUndoBringsItBack(t *testing.T) {
	u := newTestUI(t, gulfNews)
	tag(t, u, "Mohammed Dahlan", '1')
	tag(t, u, "Rafah", '3')
	n := countArticles(t, u)

	u.deleteArticle()
	if msg := dialogText(t, u); !strings.Contains(msg, "Delete article "+gulfNews) || !strings.Contains(msg, "2 spans by tester") {
		t.Fatalf("the question says %q", msg)
	}
	confirmTop(t, u, "Cancel")
	if countArticles(t, u) != n {
		t.Fatal("Cancel deleted the article")
	}

	u.deleteArticle()
	confirmTop(t, u, "Delete")
	if _, err := u.s.DB().Article(context.Background(), gulfNews); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after Delete: %v", err)
	}
	if countArticles(t, u) != n-1 || u.s.List.Len() != n-1 {
		t.Fatalf("%d articles, %d rows after deleting one of %d", countArticles(t, u), u.s.List.Len(), n)
	}
	if u.s.Cur == nil || u.s.Cur.ID == gulfNews {
		t.Fatalf("open after the delete: %v", u.s.Cur)
	}

	typeShortcut(u.win, scUndo)
	a, err := u.s.DB().Article(context.Background(), gulfNews)
	if err != nil || len(a.Spans) != 2 {
		t.Fatalf("after undo: %v %v", a, err)
	}
	if u.s.Cur == nil || u.s.Cur.ID != gulfNews || u.s.List.Len() != n {
		t.Fatalf("after undo the window shows %v with %d rows", u.s.Cur, u.s.List.Len())
	}
	typeShortcut(u.win, scRedo)
	if _, err := u.s.DB().Article(context.Background(), gulfNews); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after redo: %v", err)
	}
	if u.s.Cur == nil || u.s.Cur.ID == gulfNews {
		t.Fatalf("open after the redo: %v", u.s.Cur)
	}
}

func TestDeletingTheLastArticleLeavesAnEmptyWindow(t *testing.T) {
	u := newTestUI(t, gulfNews)
	for countArticles(t, u) > 0 {
		u.deleteOpenArticle()
	}
	if u.s.Cur != nil || u.s.List.Len() != 0 {
		t.Fatalf("after deleting every article: open %v, %d rows", u.s.Cur, u.s.List.Len())
	}
	typeRune(u.win, '1') // nothing open: nothing happens, no panic
	typeShortcut(u.win, scUndo)
	if u.s.Cur == nil || countArticles(t, u) != 1 {
		t.Fatalf("undo of the last delete: open %v, %d articles", u.s.Cur, countArticles(t, u))
	}
}

// A file that is not named as a format spanmark reads is imported only
// after the person says so, from File ▸ Open and from a drop alike.
func TestOpeningAFileOfUnknownTypeAsksFirst(t *testing.T) {
	u := newTestUI(t, gulfNews)
	dir := t.TempDir()
	log := writeFile(t, dir, "build.log", "make: entering directory\nok\n")
	n := countArticles(t, u)
	for _, open := range []func(){
		func() { u.importAuto([]string{log}) },
		func() { u.dropped(fyne.NewPos(1, 1), []fyne.URI{storage.NewFileURI(log)}) },
	} {
		open()
		if msg := dialogText(t, u); !strings.Contains(msg, "build.log is not named as a file spanmark reads") {
			t.Fatalf("the question says %q", msg)
		}
		confirmTop(t, u, "Cancel")
		if countArticles(t, u) != n || u.jobs.busy {
			t.Fatal("the log was imported without a yes")
		}
	}
	u.importAuto([]string{log})
	runJob(t, u, func() { confirmTop(t, u, "Import anyway") })
	if countArticles(t, u) != n+1 {
		t.Fatalf("after Import anyway: %d articles, want %d (%s)", countArticles(t, u), n+1, u.bar.state.Text)
	}

	known := writeFile(t, dir, "more.txt", "more_article\nAna met Bob.\n")
	runJob(t, u, func() { u.importAuto([]string{known, filepath.Dir(known)}) })
	if u.win.Canvas().Overlays().Top() != nil && strings.Contains(dialogText(t, u), "not named") {
		t.Fatal("a .txt file and a folder asked first")
	}
}
