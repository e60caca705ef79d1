package session

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

const text = "Police said 16 were killed. Officials put it at 54."

// newSession opens a fresh database in t.TempDir() holding article "a"
// (todo: an entity s1, a claim s2 with s1 as its SPEAKER) and "b", with "a"
// open.
func newSession(t *testing.T) *Session {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	recs := []annotate.Record{
		{File: "t.jsonl", Line: 1, Article: annotate.Article{ID: "a", Text: text, Spans: []annotate.Span{
			{ID: "s1", Start: 0, End: 6, Label: "ORG", Annotator: "ana"},
			{ID: "s2", Start: 0, End: 26, Label: "CLAIM", Annotator: "ana", Attrs: map[string]string{"checkworthy": "yes", "verdict": "unverified"}},
		}, Rels: []annotate.Relation{{Head: "s2", Child: "s1", Label: "SPEAKER"}}}},
		{File: "t.jsonl", Line: 2, Article: annotate.Article{ID: "b", Text: "Oslo is cold."}},
	}
	i := 0
	next := func() (*annotate.Record, error) {
		if i == len(recs) {
			return nil, io.EOF
		}
		i++
		return &recs[i-1], nil
	}
	if _, err := db.Import(ctx, next, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	s, err := New(ctx, db, "ben")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Open("a"); err != nil {
		t.Fatal(err)
	}
	return s
}

// state is everything the database holds that an action may change: each
// article with its spans (times left out), relations in a set's order,
// status and the annotators' own statuses.
func state(t *testing.T, s *Session) string {
	t.Helper()
	ctx := context.Background()
	var out []string
	rows, err := s.DB().ListArticles(ctx, store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		a, err := s.DB().Article(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.Spans {
			a.Spans[i].Created, a.Spans[i].Updated = a.Spans[i].Created.UTC(), a.Spans[i].Created.UTC()
		}
		slices.SortFunc(a.Spans, func(x, y annotate.Span) int { return strings.Compare(x.ID, y.ID) })
		slices.SortFunc(a.Rels, func(x, y annotate.Relation) int {
			return strings.Compare(x.Label+x.Head+x.Child, y.Label+y.Head+y.Child)
		})
		st, err := s.DB().AnnotatorStatuses(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(struct {
			A  *annotate.Article
			St map[string]annotate.Status
		}{a, st})
		out = append(out, string(b))
	}
	return strings.Join(out, "\n")
}

// TestEveryActionIsOneStepThatUndoAndRedoRestore: each user action changes
// the database, one undo puts it back exactly, one redo makes it again.
func TestEveryActionIsOneStepThatUndoAndRedoRestore(t *testing.T) {
	org := annotate.Label{Name: "ORG", Kind: annotate.KindEntity}
	event := annotate.Label{Name: "EVENT", Kind: annotate.KindEntity}
	for _, c := range []struct {
		name string
		do   func(t *testing.T, s *Session) error
	}{
		{"tag (todo article moves to in progress)", func(t *testing.T, s *Session) error {
			_, err := s.Tag(28, 37, org)
			return err
		}},
		{"relabel within a kind", func(t *testing.T, s *Session) error {
			before, _ := s.Span("s1")
			after := before
			after.Label = "PERSON"
			return s.Update(before, after)
		}},
		{"relabel a linked claim as an entity", func(t *testing.T, s *Session) error {
			before, _ := s.Span("s2")
			after := before
			after.Label, after.Kind = event.Name, event.Kind
			c, lose := s.KindChange(before, after)
			if len(lose) != 2 {
				t.Errorf("KindChange says it loses %v", lose)
			}
			return s.Commit(c)
		}},
		{"delete a span with its link", func(t *testing.T, s *Session) error {
			_, err := s.Delete("s1")
			return err
		}},
		{"accept", func(t *testing.T, s *Session) error {
			after, changed, err := s.Decide("s1", annotate.ReviewAccepted, nil)
			if err == nil && (!changed || after.Reviewed.IsZero() || after.Reviewer != "ben") {
				t.Errorf("decision %+v changed %v", after, changed)
			}
			return err
		}},
		{"set status", func(t *testing.T, s *Session) error { return s.SetStatus(annotate.StatusDone) }},
		{"set my status", func(t *testing.T, s *Session) error {
			_, err := s.SetMyStatus(annotate.StatusReviewed)
			return err
		}},
		{"unlink", func(t *testing.T, s *Session) error {
			return s.Unlink(annotate.Relation{Head: "s2", Child: "s1", Label: "SPEAKER"})
		}},
		{"link", func(t *testing.T, s *Session) error {
			return s.Link(annotate.Relation{Head: "s2", Child: "s1", Label: "ABOUT"})
		}},
		{"claim attributes", func(t *testing.T, s *Session) error {
			before, _ := s.Span("s2")
			after := before
			after.Attrs = map[string]string{"checkworthy": "no", "verdict": "false", "note": "n"}
			return s.Update(before, after)
		}},
		{"resize a linked span", func(t *testing.T, s *Session) error {
			_, err := s.Resize("s1", 0, 11)
			return err
		}},
		{"delete the article", func(t *testing.T, s *Session) error {
			_, err := s.DeleteArticle()
			return err
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newSession(t)
			before := state(t, s)
			if err := c.do(t, s); err != nil {
				t.Fatal(err)
			}
			after := state(t, s)
			if after == before {
				t.Fatal("the action changed nothing")
			}
			if undo, redo := s.History().Len(); undo != 1 || redo != 0 {
				t.Fatalf("history holds %d, %d steps, want one", undo, redo)
			}
			if _, err := s.Undo(); err != nil {
				t.Fatal(err)
			}
			if got := state(t, s); got != before {
				t.Fatalf("after undo:\n%s\nwant\n%s", got, before)
			}
			if _, err := s.Redo(); err != nil {
				t.Fatal(err)
			}
			if got := state(t, s); got != after {
				t.Fatalf("after redo:\n%s\nwant\n%s", got, after)
			}
		})
	}
}

func TestDecideClearsWithNoneAndSkipsWhatIsDecidedAlready(t *testing.T) {
	s := newSession(t)
	if _, _, err := s.Decide("s1", annotate.ReviewRejected, nil); err != nil {
		t.Fatal(err)
	}
	if _, changed, _ := s.Decide("s1", annotate.ReviewRejected, nil); changed {
		t.Error("the same decision again was written")
	}
	after, _, err := s.Decide("s1", annotate.ReviewNone, nil)
	if err != nil || after.Review != "" || after.Reviewer != "" || !after.Reviewed.IsZero() {
		t.Fatalf("cleared: %+v %v", after, err)
	}
}

func TestSuggestionsAreAcceptedRejectedAndUndoneInOneStep(t *testing.T) {
	ctx := context.Background()
	s := newSession(t)
	before := state(t, s)
	police, _ := s.Span("s1") // ORG "Police"
	m, err := Occurrences(police)
	if err != nil {
		t.Fatal(err)
	}
	// "Police" occurs once in a: the span itself: nothing to suggest
	if res, err := s.Suggest(ctx, m, false, nil); err != nil || res.Spans != 0 {
		t.Fatalf("occurrences of Police: %+v %v", res, err)
	}
	ps, _ := annotate.ReadPatterns(strings.NewReader("GPE\tOslo\nNUM\t16\nNUM\t54\n"), false)
	res, err := s.Suggest(ctx, annotate.NewMatcher(ps), true, nil)
	if err != nil || res.Spans != 3 {
		t.Fatalf("suggest everywhere: %+v %v", res, err)
	}
	if undo, _ := s.History().Len(); undo != 1 {
		t.Fatalf("suggesting is %d steps", undo)
	}
	var num []annotate.Span
	for _, sp := range s.Cur.Spans {
		if sp.Review == annotate.ReviewSuggested && sp.Label == "NUM" {
			num = append(num, sp)
		}
	}
	if len(num) != 2 {
		t.Fatalf("suggested NUM in a: %v", num)
	}
	after, _, err := s.Decide(num[0].ID, annotate.ReviewAccepted, nil)
	if err != nil || after.Annotator != "ben" || after.Review != annotate.ReviewAccepted {
		t.Fatalf("accepted suggestion: %+v %v", after, err)
	}
	if _, _, err := s.Decide(num[1].ID, annotate.ReviewRejected, nil); err != nil {
		t.Fatal(err)
	}
	if n, err := s.AcceptSuggested(""); err != nil || n != 0 {
		t.Fatalf("accept all in a: %d %v (none left)", n, err)
	}
	if err := s.Open("b"); err != nil {
		t.Fatal(err)
	}
	if n, err := s.AcceptSuggested("GPE"); err != nil || n != 1 {
		t.Fatalf("accept all GPE in b: %d %v", n, err)
	}
	for i := 0; i < 4; i++ {
		if _, err := s.Undo(); err != nil {
			t.Fatalf("undo %d: %v", i, err)
		}
	}
	if got := state(t, s); got != before {
		t.Fatalf("after undoing everything:\n%s\nwant\n%s", got, before)
	}
}

// TestResizeKeepsIdAttributesLinksAndReview: a resize moves the bounds and
// the text and nothing else; the span keeps its id, its links, a claim's
// attributes and its review decision.
func TestResizeKeepsIdAttributesLinksAndReview(t *testing.T) {
	s := newSession(t)
	if _, _, err := s.Decide("s1", annotate.ReviewAccepted, nil); err != nil {
		t.Fatal(err)
	}
	before1, _ := s.Span("s1")
	before2, _ := s.Span("s2")
	for _, c := range []struct {
		id         string
		start, end int
		text       string
		was        annotate.Span
	}{
		{"s1", 0, 11, "Police said", before1},
		{"s2", 12, 27, "16 were killed.", before2},
	} {
		got, err := s.Resize(c.id, c.start, c.end)
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := s.Span(c.id)
		want := c.was
		want.Start, want.End, want.Text = c.start, c.end, c.text
		for _, sp := range []annotate.Span{got, stored} {
			sp.Updated, want.Updated = time.Time{}, time.Time{}
			if !reflect.DeepEqual(sp, want) {
				t.Errorf("resized %s:\n%+v\nwant\n%+v", c.id, sp, want)
			}
		}
	}
	if len(s.Cur.Rels) != 1 || s.Cur.Rels[0] != (annotate.Relation{Head: "s2", Child: "s1", Label: "SPEAKER"}) {
		t.Errorf("relations after the resizes: %+v, want the SPEAKER link kept", s.Cur.Rels)
	}
	if undo, _ := s.History().Len(); undo != 3 {
		t.Errorf("%d undo steps, want 3 (the decision and one per resize)", undo)
	}
}

// TestResizeRefusesBadBoundsAndChangesNothing: bounds that no span may have,
// bounds on white space, and bounds where an identical span is already are
// refused with a message naming what is wrong, and nothing is written.
func TestResizeRefusesBadBoundsAndChangesNothing(t *testing.T) {
	s := newSession(t)
	twin, err := s.DB().AddSpan(context.Background(), "a", annotate.Span{Start: 28, End: 37, Label: "ORG", Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	before := state(t, s)
	n := len([]rune(text))
	for _, c := range []struct {
		name       string
		id         string
		start, end int
		want       string
	}{
		{"empty", "s1", 3, 3, "empty"},
		{"reversed", "s1", 6, 0, "empty"},
		{"negative", "s1", -1, 6, "outside the text"},
		{"past the end", "s1", 0, n + 1, "outside the text (51 code points)"},
		{"ends on a space", "s1", 0, 7, "end on white space"},
		{"starts on a space", "s1", 6, 11, "start on white space"},
		{"onto an identical span", "s1", 28, 37, "identical span " + twin.ID + " ORG 28–37 by ana is there already"},
		{"no such span", "s9", 0, 6, "not found"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Resize(c.id, c.start, c.end)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Resize(%s, %d, %d) = %v, want an error saying %q", c.id, c.start, c.end, err, c.want)
			}
			if got := state(t, s); got != before {
				t.Errorf("a refused resize changed the database:\n%s", got)
			}
			if undo, _ := s.History().Len(); undo != 0 {
				t.Errorf("a refused resize left %d undo steps", undo)
			}
		})
	}
	// the same bounds again is no change and no step
	if sp, err := s.Resize("s1", 0, 6); err != nil || sp.Start != 0 || sp.End != 6 {
		t.Fatalf("Resize to its own bounds: %+v %v", sp, err)
	}
	if undo, _ := s.History().Len(); undo != 0 {
		t.Errorf("a resize to the same bounds left %d undo steps", undo)
	}
}

// The selection lives in the session: tagging reads it and selects the new
// span, a second tag of the same text and label is refused, and deleting
// the selected span unselects it; opening an article clears it.
func TestSelectionDrivesTagAndDelete(t *testing.T) {
	s := newSession(t)
	police := s.Labels[0]
	for _, l := range s.Labels {
		if l.Kind == annotate.KindEntity {
			police = l
			break
		}
	}
	if _, err := s.TagSelection(police, false); !errors.Is(err, ErrNothingSelected) {
		t.Fatalf("tag with nothing selected: %v, want ErrNothingSelected", err)
	}
	s.Sel.SelectRange(12, 14) // "16"
	sp, err := s.TagSelection(police, false)
	if err != nil {
		t.Fatal(err)
	}
	if sp.Text != "16" || s.Sel.Span != sp.ID {
		t.Fatalf("tagged %q, selection %+v; want \"16\" and the new span selected", sp.Text, s.Sel)
	}
	s.Sel.SelectRange(14, 12)
	var dup *AlreadyTaggedError
	if _, err := s.TagSelection(police, true); !errors.As(err, &dup) || dup.Span.ID != sp.ID || s.Sel.Span != sp.ID {
		t.Fatalf("second tag: %v, selection %+v; want AlreadyTaggedError selecting %s", err, s.Sel, sp.ID)
	}
	s.Sel.SelectRange(28, 37) // "Officials", kept selected for another label
	if _, err := s.TagSelection(police, true); err != nil {
		t.Fatal(err)
	}
	if a, b, ok := s.Sel.Range(); !ok || a != 28 || b != 37 {
		t.Fatalf("keepText: selection %+v, want 28–37", s.Sel)
	}
	s.Sel.SelectSpan(sp.ID)
	if _, err := s.DeleteSelected(); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Span(sp.ID); ok || s.Sel.HasSpan() {
		t.Fatalf("after DeleteSelected: span still there or still selected (%+v)", s.Sel)
	}
	if _, err := s.DeleteSelected(); !errors.Is(err, ErrNothingSelected) {
		t.Fatalf("delete with nothing selected: %v", err)
	}
	s.Sel.SelectRange(0, 4)
	if err := s.Open("b"); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := s.Sel.Range(); ok {
		t.Fatal("opening another article kept the old selection")
	}
}

// TestTagAtLeavesNothingSelected: a word tagged under the pointer or with
// an armed label is one step, and the next word can be tagged at once.
func TestTagAtLeavesNothingSelected(t *testing.T) {
	s := newSession(t)
	org := annotate.Label{Name: "ORG", Kind: annotate.KindEntity}
	s.Sel.SelectSpan("s1")
	sp, err := s.TagAt(28, 37, org) // "Officials"
	if err != nil || sp.Text != "Officials" {
		t.Fatalf("TagAt: %+v %v", sp, err)
	}
	if s.Sel.HasSpan() {
		t.Errorf("after TagAt %s is selected, want nothing", s.Sel.Span)
	}
	var dup *AlreadyTaggedError
	if _, err := s.TagAt(28, 37, org); !errors.As(err, &dup) || dup.Span.ID != sp.ID {
		t.Errorf("the same word again: %v, want AlreadyTaggedError naming %s", err, sp.ID)
	}
	if undo, _ := s.History().Len(); undo != 1 {
		t.Errorf("%d undo steps, want 1", undo)
	}
}

// The sticky label and adjudication's memory are session state, kept
// across articles and read without a window.
func TestArmedLabelAndAdjudicationMemory(t *testing.T) {
	s := newSession(t)
	if _, on := s.Armed(); on {
		t.Fatal("a new session has a label armed")
	}
	s.Arm(s.Labels[0])
	if l, on := s.Armed(); !on || l.Name != s.Labels[0].Name {
		t.Fatalf("Armed() = %q, %v after Arm", l.Name, on)
	}
	if err := s.Open("b"); err != nil {
		t.Fatal(err)
	}
	if was, ok := s.Disarm(); !ok || was.Name != s.Labels[0].Name {
		t.Fatalf("Disarm() = %q, %v: the armed label did not last across articles", was.Name, ok)
	}
	if _, ok := s.Disarm(); ok {
		t.Fatal("Disarm twice disarmed twice")
	}
	a := &s.Adjudication
	if _, ok := a.LeftAt("a"); ok || a.DecidedNone("a", 0, 6) {
		t.Fatal("a new session remembers adjudication")
	}
	a.Leave("a", 12)
	a.SetNone("a", 0, 6, true)
	if at, ok := a.LeftAt("a"); !ok || at != 12 || !a.DecidedNone("a", 0, 6) || a.DecidedNone("b", 0, 6) {
		t.Fatalf("memory: left %d %v, none a %v, none b %v", at, ok, a.DecidedNone("a", 0, 6), a.DecidedNone("b", 0, 6))
	}
	a.SetNone("a", 0, 6, false)
	if a.DecidedNone("a", 0, 6) {
		t.Fatal("SetNone(false) kept the decision")
	}
}

// While the database's check runs, settings are kept, not written; a
// passed check saves them, a failed one drops them and refuses the
// database.
func TestSettingsWaitForTheCheck(t *testing.T) {
	for _, pass := range []bool{true, false} {
		s := newSession(t)
		ctx := context.Background()
		s.SetChecking(true)
		if err := s.SetSetting("last_article", "b"); err != nil {
			t.Fatal(err)
		}
		if v, _ := s.DB().Setting(ctx, "last_article"); v != "" {
			t.Fatalf("a setting was written while the check ran: %q", v)
		}
		var failed error
		if !pass {
			failed = errors.New("database disk image is malformed")
		}
		if err := s.CheckDone(failed); (err != nil) == pass {
			t.Fatalf("CheckDone(%v) = %v", failed, err)
		}
		v, _ := s.DB().Setting(ctx, "last_article")
		if s.Checking() || (pass && v != "b") || (!pass && (v != "" || s.Refused() == nil)) {
			t.Fatalf("check passed %v: setting %q, checking %v, refused %v", pass, v, s.Checking(), s.Refused())
		}
	}
}
