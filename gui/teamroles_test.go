package gui

import (
	"context"
	"io"
	"testing"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/internal/pgtest"
	"github.com/spanmark/spanmark/store"
)

// TestTheWindowOfATeamsAnnotator opens the window as ana, an annotator on a
// team database: her name is the database user and cannot be changed in
// Settings, she tags with a key (the article starts), and Ctrl+Enter sets
// her own status, not the article's (the reviewers'), and moves on.
func TestTheWindowOfATeamsAnnotator(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	if err := store.TeamInit(ctx, url, store.Options{}); err != nil {
		t.Fatal(err)
	}
	admin, err := store.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	recs := []annotate.Record{
		{File: "t", Line: 1, Article: annotate.Article{ID: "a", Text: "Ana met Bob in Oslo."}},
		{File: "t", Line: 2, Article: annotate.Article{ID: "b", Text: "Bob left."}},
	}
	_, err = admin.Import(ctx, func() (*annotate.Record, error) {
		if len(recs) == 0 {
			return nil, io.EOF
		}
		r := recs[0]
		recs = recs[1:]
		return &r, nil
	}, store.ImportOptions{})
	if err == nil {
		_, err = admin.TeamAdd(ctx, "ana", store.RoleAnnotator, nil)
	}
	admin.Close()
	if err != nil {
		t.Fatal(err)
	}

	u := newTestUIAt(t, pgtest.As(t, url, "ana"), "a")
	if u.s.Annotator != "ana" {
		t.Fatalf("annotator %q, want the database user ana", u.s.Annotator)
	}
	name, d := u.openSettings()
	if !name.Disabled() || name.Text != "ana" {
		t.Errorf("Settings' annotator %q, disabled %v; want ana, disabled", name.Text, name.Disabled())
	}
	d.Hide()

	selectText(t, u, "Bob")
	typeRune(u.win, '1')
	if n := len(u.s.Cur.Spans); n != 1 || u.s.Cur.Spans[0].Annotator != "ana" || u.s.Cur.Status != annotate.StatusInProgress {
		t.Fatalf("after tagging: %d spans %+v, article %s; want ana's one, in progress", n, u.s.Cur.Spans, u.s.Cur.Status)
	}
	u.doneAndNext()
	if u.s.Cur == nil || u.s.Cur.ID != "b" {
		t.Fatalf("after done and next the open article is %v, want b", u.s.Cur)
	}
	mine, err := u.s.DB().AnnotatorStatuses(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	a, err := u.s.DB().Article(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if mine["ana"] != annotate.StatusDone || a.Status != annotate.StatusInProgress {
		t.Errorf("after done: ana's status %q, the article's %q; want done, in progress", mine["ana"], a.Status)
	}
}
