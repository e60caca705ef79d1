package gui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

func suggestedSpans(u *ui) []annotate.Span {
	var out []annotate.Span
	for _, s := range u.sortedSpans() {
		if s.Review == annotate.ReviewSuggested {
			out = append(out, s)
		}
	}
	return out
}

// A person applies a pattern file to the samples, then accepts and rejects
// the suggestions by keyboard; exports hold what was accepted only.
func TestApplyPatternsThenAcceptAndRejectByKeyboard(t *testing.T) {
	onEngines(t, func(t *testing.T, newUI func(string) *ui) { testApplyPatterns(t, newUI(gulfNews)) })
}

func testApplyPatterns(t *testing.T, u *ui) {
	file := writeFile(t, t.TempDir(), "places.txt", "GPE\tRafah\nORG\tInterior Ministry\n")
	ps, err := annotate.ReadPatternFile(file)
	if err != nil {
		t.Fatal(err)
	}
	runJob(t, u, func() { u.suggest(annotate.NewMatcher(ps), true, filepath.Base(file)) })
	sug := suggestedSpans(u)
	if len(sug) < 3 {
		t.Fatalf("suggestions in the Gulf News article: %v (status %s)", sug, u.bar.state.Text)
	}
	clickSpan(u, sug[0].ID)
	typeRune(u.win, 'a')
	if s, _ := u.s.Span(sug[0].ID); s.Review != annotate.ReviewAccepted || s.Annotator != u.s.Annotator { // tester; on PostgreSQL the database user
		t.Fatalf("after a: %+v", s)
	}
	if id, _ := u.view.SelectedSpan(); id != sug[1].ID {
		t.Fatalf("after a the selection is %q, want the next suggestion %s", id, sug[1].ID)
	}
	typeRune(u.win, 'x')
	if s, _ := u.s.Span(sug[1].ID); s.Review != annotate.ReviewRejected {
		t.Fatalf("after x: %+v", s)
	}
	left := len(suggestedSpans(u))
	typeRune(u.win, 'A') // every suggestion of the selected one's label
	if got := len(suggestedSpans(u)); got >= left {
		t.Fatalf("A left %d of %d suggestions", got, left)
	}

	var out strings.Builder
	err = u.s.DB().Export(context.Background(), store.ExportFilter{}, func(a *annotate.Article) error {
		for _, s := range a.Spans {
			out.WriteString(a.ID + ":" + s.Label + ":" + string(s.Review) + ":" + s.Annotator + "\n")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "suggested") || !strings.Contains(out.String(), gulfNews+":GPE:accepted:"+u.s.Annotator) {
		t.Fatalf("export:\n%s", out.String())
	}

	for i := 0; i < 4; i++ { // A, x, a, and the suggestions themselves
		typeShortcut(u.win, scUndo)
	}
	if got := len(u.s.Cur.Spans); got != 0 {
		t.Fatalf("after undoing all: %d spans", got)
	}
}

func TestLabelAllOccurrences(t *testing.T) {
	u := newTestUI(t, gulfNews)
	tag(t, u, "Rafah", '4')
	n := len(u.s.Cur.Spans)
	typeShortcut(u.win, scOccurrences)
	sug := suggestedSpans(u)
	if len(sug) == 0 || len(u.s.Cur.Spans) != n+len(sug) {
		t.Fatalf("occurrences of Rafah: %d suggested, %d spans (status %s)", len(sug), len(u.s.Cur.Spans), u.bar.state.Text)
	}
	for _, s := range sug {
		if s.Text != "Rafah" || s.Label != "GPE" {
			t.Errorf("suggested %+v", s)
		}
	}
	typeShortcut(u.win, scOccurrences) // again: nothing new
	if len(suggestedSpans(u)) != len(sug) {
		t.Fatal("a second run suggested more")
	}
	typeShortcut(u.win, scUndo)
	if len(suggestedSpans(u)) != 0 {
		t.Fatal("undo left suggestions")
	}
}
