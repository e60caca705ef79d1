package session

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/internal/pgtest"
	"github.com/spanmark/spanmark/store"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// team opens two sessions, ana's and ben's, on one database of engine
// (two handles on one SQLite file, or two pools on one PostgreSQL
// database) holding newSession's articles, both with "a" open.
func team(t *testing.T, engine string) (ana, ben *Session) {
	t.Helper()
	first := newSession(t) // makes and fills a file
	name := first.DB().Path()
	if engine == "postgres" {
		name = pgtest.URL(t)
	}
	open := func(who string) *Session {
		db, err := store.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if engine == "postgres" && who == "ana" {
			importAll(t, db, exportAll(t, first.DB()))
		}
		s, err := New(context.Background(), db, "") // on PostgreSQL the database user…
		if err != nil {
			t.Fatal(err)
		}
		s.Annotator = who // …who may write any annotator's spans before spanmark team init
		if err := s.Open("a"); err != nil {
			t.Fatal(err)
		}
		return s
	}
	return open("ana"), open("ben")
}

// heard is what s's listener ch hears within a second, as Follow takes it.
func heard(t *testing.T, s *Session, ch <-chan store.LiveEvent) Heard {
	t.Helper()
	select {
	case ev := <-ch:
		h, err := s.Follow([]store.Change{ev.Change})
		if err != nil {
			t.Fatal(err)
		}
		return h
	case <-time.After(time.Second):
		t.Fatal("nothing heard within a second")
	}
	return Heard{}
}

func TestAnotherPersonsSaveShowsInTheOpenArticleWithinASecond(t *testing.T) {
	ana, ben := team(t, "postgres")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := ana.DB().Listen(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ana.Sel.SelectRange(12, 14) // "16": ana is about to tag it
	before := len(ana.Cur.Spans)

	t0 := time.Now()
	sp, err := ben.Tag(0, 6, annotate.Label{Name: "PERSON", Kind: annotate.KindEntity})
	if err != nil {
		t.Fatal(err)
	}
	h := heard(t, ana, ch)
	t.Logf("ben's tag in ana's session after %v", time.Since(t0))
	if !h.Article || !h.List || h.By != "ben" || h.Gone {
		t.Errorf("heard %+v, want the article and list again, by ben", h)
	}
	if got, ok := ana.Span(sp.ID); !ok || got.Annotator != "ben" || len(ana.Cur.Spans) != before+1 {
		t.Errorf("ana's article has %d spans (%v), want ben's %s too", len(ana.Cur.Spans), got, sp.ID)
	}
	if start, end, ok := ana.Sel.Range(); !ok || start != 12 || end != 14 {
		t.Errorf("ana's selection is %d–%d (%v), want 12–14 kept", start, end, ok)
	}

	// ben writes another article: only ana's list changes
	if err := ben.Open("b"); err != nil {
		t.Fatal(err)
	}
	if err := ben.SetStatus(annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	if h := heard(t, ana, ch); h.Article || !h.List {
		t.Errorf("ben's status of b: heard %+v, want the list only", h)
	}

	// ana's own tag is hers already: nothing to read again
	if _, err := ana.TagSelection(annotate.Label{Name: "CARDINAL", Kind: annotate.KindEntity}, false); err != nil {
		t.Fatal(err)
	}
	if h := heard(t, ana, ch); h != (Heard{}) {
		t.Errorf("ana's own tag: heard %+v, want nothing to redraw", h)
	}

	// the span ana has selected is deleted by ben: the selection goes
	ana.Sel.SelectSpan(sp.ID)
	if err := ben.Open("a"); err != nil {
		t.Fatal(err)
	}
	if _, err := ben.Delete(sp.ID); err != nil {
		t.Fatal(err)
	}
	if h := heard(t, ana, ch); !h.Article || ana.Sel.HasSpan() {
		t.Errorf("ben deletes ana's selected span: heard %+v, selection %+v; want it unselected", h, ana.Sel)
	}

	// ben deletes the article ana has open
	if _, err := ben.DeleteArticle(); err != nil {
		t.Fatal(err)
	}
	if h := heard(t, ana, ch); !h.Gone || ana.Cur != nil {
		t.Errorf("ben deletes article a: heard %+v, ana's open article %v; want none open", h, ana.Cur)
	}
}

func TestTwoPeopleChangingOneSpanTheLaterIsToldWhoAndSeesTheirVersion(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ana, ben := team(t, engine)
			s1, _ := ana.Span("s1")
			// ana resizes s1 (a step she may undo later), then both relabel it
			if _, err := ana.Resize("s1", 0, 5); err != nil {
				t.Fatal(err)
			}
			if err := ben.Open("a"); err != nil { // ben reads it after ana's resize
				t.Fatal(err)
			}
			s1, _ = ben.Span("s1")
			after := s1
			after.Label = "GPE"
			if err := ben.Update(s1, after); err != nil {
				t.Fatal(err)
			}
			undo, redo := ana.History().Len()
			stale, _ := ana.Span("s1") // ana has not heard of ben's change
			mine := stale
			mine.Label = "PERSON"
			err := ana.Update(stale, mine)
			var cb *store.ChangedByOtherError
			if !errors.As(err, &cb) || cb.By != "ben" {
				t.Fatalf("ana's relabel over ben's: %v, want ben's change reported", err)
			}
			if msg := Conflict(err); !strings.HasPrefix(msg, "ben changed GPE s1 at ") || !strings.Contains(msg, "showing that version") {
				t.Errorf("Conflict = %q", msg)
			}
			if now, _ := ana.Span("s1"); now.Label != "GPE" {
				t.Errorf("ana's session shows %s, want ben's GPE", now.Label)
			}
			if u, r := ana.History().Len(); u != undo || r != redo {
				t.Errorf("history %d/%d after the refused change, want %d/%d (nothing recorded)", u, r, undo, redo)
			}
			// undoing her resize would write over ben's relabel: dropped
			_, err = ana.Undo()
			if !errors.Is(err, store.ErrChangedByOther) || !strings.Contains(err.Error(), "dropped from the history") {
				t.Errorf("undo over ben's change: %v", err)
			}
			if u, _ := ana.History().Len(); u != undo-1 {
				t.Errorf("undo list %d long after the refused undo, want %d", u, undo-1)
			}
			if now, _ := ana.Span("s1"); now.Label != "GPE" || now.End != 5 {
				t.Errorf("s1 is %s %d–%d, want ben's GPE 0–5", now.Label, now.Start, now.End)
			}
			// ana deletes ben's version she now sees: that works
			if _, err := ana.Delete("s1"); err != nil {
				t.Errorf("delete of the version shown: %v", err)
			}
			// ben, who still shows s1, changes it: gone
			gone := after
			gone.Label = "ORG"
			latest, _ := ben.Span("s1")
			if err := ben.Update(latest, gone); !errors.Is(err, store.ErrNotFound) || !strings.Contains(Conflict(err), "deleted by someone else") {
				t.Errorf("ben's change of the deleted span: %v (%q)", err, Conflict(err))
			}
			if _, ok := ben.Span("s1"); ok {
				t.Error("ben's session still shows the deleted s1")
			}
		})
	}
}

func TestAnEditWhileTheServerIsDownIsNotShownAsSaved(t *testing.T) {
	srv, url := pgtest.Own(t)
	db, err := store.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	importAll(t, db, exportAll(t, newSession(t).DB()))
	s, err := New(context.Background(), db, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Open("a"); err != nil {
		t.Fatal(err)
	}
	person := annotate.Label{Name: "PERSON", Kind: annotate.KindEntity}
	saved, err := s.Tag(12, 14, person)
	if err != nil {
		t.Fatal(err)
	}
	undo, _ := s.History().Len()
	spans := len(s.Cur.Spans)
	if err := srv.Halt("fast"); err != nil {
		t.Fatal(err)
	}
	_, err = s.Tag(28, 37, person)
	if !store.IsOffline(err) {
		t.Errorf("tag while the server is down: %v, want an offline error", err)
	}
	s1, _ := s.Span("s1")
	after := s1
	after.Label = "GPE"
	if err := s.Update(s1, after); !store.IsOffline(err) {
		t.Errorf("relabel while the server is down: %v, want an offline error", err)
	}
	if _, err := s.Undo(); !store.IsOffline(err) {
		t.Errorf("undo while the server is down: %v, want an offline error", err)
	}
	if u, _ := s.History().Len(); u != undo || len(s.Cur.Spans) != spans {
		t.Errorf("after the failed edits: %d undo steps and %d spans shown, want %d and %d (nothing claimed saved)", u, len(s.Cur.Spans), undo, spans)
	}
	if now, _ := s.Span("s1"); now.Label != s1.Label {
		t.Errorf("s1 shown as %s, want %s (the relabel was not saved)", now.Label, s1.Label)
	}
	if err := srv.Resume(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Tag(28, 37, person); err != nil {
		t.Errorf("tag once the server is back: %v", err)
	}
	if _, ok := s.Span(saved.ID); !ok {
		t.Errorf("the span saved before the stop (%s) is gone", saved.ID)
	}
}

func exportAll(t *testing.T, db *store.DB) []annotate.Record {
	t.Helper()
	var all []annotate.Record
	err := db.Export(context.Background(), store.ExportFilter{}, func(a *annotate.Article) error {
		all = append(all, annotate.Record{Article: *a, File: "t.jsonl", Line: len(all) + 1})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func importAll(t *testing.T, db *store.DB, all []annotate.Record) {
	t.Helper()
	i := 0
	if _, err := db.Import(context.Background(), func() (*annotate.Record, error) {
		if i == len(all) {
			return nil, io.EOF
		}
		i++
		return &all[i-1], nil
	}, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestTaggingAWordTheSamePersonTaggedInAnotherWindowSelectsThatSpan(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			w1, w2 := team(t, engine)
			w2.Annotator = "ana" // ana's second window
			person := annotate.Label{Name: "PERSON", Kind: annotate.KindEntity}
			sp, err := w1.Tag(12, 14, person)
			if err != nil {
				t.Fatal(err)
			}
			undo, _ := w2.History().Len()
			_, err = w2.TagAt(12, 14, person) // w2 has not heard of it yet
			var dup *AlreadyTaggedError
			if !errors.As(err, &dup) || dup.Span.ID != sp.ID {
				t.Fatalf("the same tag in the second window: %v, want AlreadyTaggedError with %s", err, sp.ID)
			}
			if _, ok := w2.Span(sp.ID); !ok {
				t.Error("the second window does not show the span now")
			}
			if u, _ := w2.History().Len(); u != undo {
				t.Error("the refused tag was recorded for undo")
			}
		})
	}
}
