package session

import (
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/internal/pgtest"
	"github.com/spanmark/spanmark/store"
)

// teamSession is a session of ana (an annotator) on a team database
// holding article "a" (todo) with ben's ORG span s1 and a suggested GPE
// span s2, with "a" open.
func teamSession(t *testing.T) *Session {
	t.Helper()
	ctx := context.Background()
	url := pgtest.URL(t)
	if err := store.TeamInit(ctx, url, store.Options{}); err != nil {
		t.Fatal(err)
	}
	admin, err := store.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	done := false
	_, err = admin.Import(ctx, func() (*annotate.Record, error) {
		if done {
			return nil, io.EOF
		}
		done = true
		return &annotate.Record{File: "t.jsonl", Line: 1, Article: annotate.Article{ID: "a", Text: text, Spans: []annotate.Span{
			{ID: "s1", Start: 0, End: 6, Label: "ORG", Annotator: "ben"},
			{ID: "s2", Start: 28, End: 37, Label: "GPE", Annotator: "patterns", Review: annotate.ReviewSuggested},
		}}}, nil
	}, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.TeamAdd(ctx, "ana", store.RoleAnnotator, nil); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(pgtest.As(t, url, "ana"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := New(ctx, db, "ben"); err == nil || !strings.Contains(err.Error(), "database user ana") {
		t.Errorf("a session of ana as ben: err %v, want a refusal naming ana", err)
	}
	s, err := New(ctx, db, "")
	if err != nil {
		t.Fatal(err)
	}
	if s.Annotator != "ana" || !s.StatusIsMine() {
		t.Fatalf("annotator %q, status keys hers %v; want the database user ana, true", s.Annotator, s.StatusIsMine())
	}
	if err := s.Open("a"); err != nil {
		t.Fatal(err)
	}
	return s
}

func label(t *testing.T, s *Session, name string) annotate.Label {
	t.Helper()
	for _, l := range s.Labels {
		if l.Name == name {
			return l
		}
	}
	t.Fatalf("no label %s", name)
	return annotate.Label{}
}

// TestTeamAnnotatorWorksInHerSession: what an annotator's ordinary window
// use writes — tag (which starts a todo article), relabel, resize, decide
// on a suggestion, link, her own status, delete, settings, undo — goes
// through on a team database; ben's span stays his.
func TestTeamAnnotatorWorksInHerSession(t *testing.T) {
	s := teamSession(t)
	start := state(t, s)
	sp, err := s.Tag(12, 14, label(t, s, "PERSON")) // "16"
	if err != nil {
		t.Fatalf("tag: %v", err)
	}
	if sp.Annotator != "ana" || s.Cur.Status != annotate.StatusInProgress {
		t.Errorf("tagged by %q, article %s; want ana, in progress", sp.Annotator, s.Cur.Status)
	}
	relabeled := sp
	relabeled.Label = "ORG"
	steps := []struct {
		what string
		do   func() error
	}{
		{"relabel", func() error { return s.Update(sp, relabeled) }},
		{"resize", func() error { _, err := s.Resize(sp.ID, 12, 19); return err }},
		{"accept the suggestion", func() error { _, _, err := s.Decide("s2", annotate.ReviewAccepted, nil); return err }},
		{"link", func() error { return s.Link(annotate.Relation{Head: sp.ID, Child: "s2", Label: "LINK"}) }},
		{"her status", func() error { _, err := s.SetMyStatus(annotate.StatusDone); return err }},
		{"delete", func() error { _, err := s.Delete(sp.ID); return err }},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.what, err)
		}
	}
	if got, _ := s.Span("s2"); got.Annotator != "ana" || got.Review != annotate.ReviewAccepted {
		t.Errorf("accepted suggestion: by %q, %q; want ana's, accepted", got.Annotator, got.Review)
	}
	if err := s.SetSetting("last_article", "a"); err != nil {
		t.Errorf("save a setting: %v", err)
	}
	for range len(steps) + 1 {
		if _, err := s.Undo(); err != nil {
			t.Fatalf("undo: %v", err)
		}
	}
	if err := s.Open("a"); err != nil {
		t.Fatal(err)
	}
	if got := state(t, s); got != start {
		t.Errorf("after undoing everything:\n%v\nwant\n%v", got, start)
	}

	if _, _, err := s.Decide("s2", annotate.ReviewRejected, nil); err != nil {
		t.Errorf("reject the suggestion: %v", err)
	} else if _, err := s.Undo(); err != nil {
		t.Errorf("undo rejecting the suggestion: %v", err)
	}

	ben, _ := s.Span("s1")
	n, _ := s.History().Len()
	_, errResize := s.Resize("s1", 0, 5)
	_, errDelete := s.Delete("s1")
	for what, err := range map[string]error{"resize": errResize, "delete": errDelete} {
		if !errors.Is(err, store.ErrNotAllowed) || !strings.Contains(err.Error(), `"ben"'s`) {
			t.Errorf("%s ben's span: %v, want ErrNotAllowed saying it is ben's", what, err)
		}
	}
	if got, _ := s.Span("s1"); !reflect.DeepEqual(got, ben) {
		t.Errorf("ben's span %+v after the refusals, was %+v", got, ben)
	}
	if m, _ := s.History().Len(); m != n {
		t.Errorf("%d undo steps after the refusals, were %d", m, n)
	}
}
