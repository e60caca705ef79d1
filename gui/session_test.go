package gui

import (
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// Alt+A and Alt+R make the same decision as review mode: reviewer and time.
func TestAltKeysRecordTheReviewTime(t *testing.T) {
	u := newTestUI(t, gulfNews)
	id := tag(t, u, "Mohammed Dahlan", '1')
	typeShortcut(u.win, scAccept)
	var got annotate.Span
	for _, s := range storedSpans(t, u, gulfNews) {
		if s.ID == id {
			got = s
		}
	}
	if got.Review != annotate.ReviewAccepted || got.Reviewer != "tester" || got.Reviewed.IsZero() {
		t.Fatalf("after Alt+A: review %q by %q at %v", got.Review, got.Reviewer, got.Reviewed)
	}
}

// Tagging in a todo article moves it to in progress; undo moves it back.
func TestUndoOfTheFirstTagPutsTheArticleBackToTodo(t *testing.T) {
	u := newTestUI(t, gulfNews)
	if u.s.Cur.Status != annotate.StatusTodo {
		t.Fatalf("the sample starts %s", u.s.Cur.Status)
	}
	tag(t, u, "Mohammed Dahlan", '1')
	if u.s.Cur.Status != annotate.StatusInProgress {
		t.Fatalf("after the first tag: %s", u.s.Cur.Status)
	}
	typeShortcut(u.win, scUndo)
	if u.s.Cur.Status != annotate.StatusTodo || len(u.s.Cur.Spans) != 0 {
		t.Fatalf("after undo: %s with %d spans", u.s.Cur.Status, len(u.s.Cur.Spans))
	}
	typeShortcut(u.win, scRedo)
	if u.s.Cur.Status != annotate.StatusInProgress || len(u.s.Cur.Spans) != 1 {
		t.Fatalf("after redo: %s with %d spans", u.s.Cur.Status, len(u.s.Cur.Spans))
	}
}
