package gui

import (
	"strings"
	"testing"
	"time"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
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

// The search box searches the text (words, diacritics folded) and shows
// each hit's snippet under it, best first, on both engines (on PostgreSQL
// right after the samples' import, before anything is indexed).
func TestTheSearchBoxShowsSnippets(t *testing.T) {
	onEngines(t, func(t *testing.T, newUI func(openID string) *ui) {
		u := newUI(gulfNews)
		u.search.SetText("dahlan")
		if u.s.List.Len() == 0 || rowsOf(t, u)[0].ID != gulfNews || !strings.Contains(rowsOf(t, u)[0].Snippet, "«Dahlan»") {
			t.Fatalf("rows for dahlan: %+v (status bar: %v)", rowsOf(t, u), u.bar.lastErr)
		}
		if u.list.tall == 0 {
			t.Error("rows with a snippet were not made taller")
		}
		u.search.SetText("")
		if u.s.List.Len() != 25 || rowsOf(t, u)[0].Snippet != "" || u.list.tall != 0 {
			t.Fatalf("after clearing: %d rows, %+v, %d tall", u.s.List.Len(), rowsOf(t, u)[0], u.list.tall)
		}
	})
}

func TestTheLastWordTypedIsAPrefix(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"Interior Min":       "Interior Min*",
		"Interior Ministry ": "Interior Ministry",
		`"Interior Min"`:     `"Interior Min"`,
		"police AND":         "police AND",
		"terror*":            "terror*",
		"Zürich":             "Zürich*",
		"C++":                "C++",
	} {
		if got := typedQuery(in); got != want {
			t.Errorf("typedQuery(%q) = %q, want %q", in, got, want)
		}
	}
}

// Typing in the search box queries a moment later, off the window's
// goroutine; only the answer to the last text is shown.
func TestTheSearchBoxQueriesWhenTypingStops(t *testing.T) {
	u := newTestUI(t, gulfNews)
	u.list.searchDelay = 20 * time.Millisecond
	for _, s := range []string{"D", "Da", "Dah", "Dahl"} {
		u.search.SetText(s)
	}
	deadline := time.Now().Add(10 * time.Second)
	var r store.ArticleSummary
	for time.Now().Before(deadline) {
		if r, _, _ = u.s.List.Row(0); r.ID == gulfNews && strings.Contains(r.Snippet, "«Dahlan»") {
			if q := u.s.List.Filter().Query; q != "Dahl*" {
				t.Errorf("the list shows the answer to %q", q)
			}
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("the list never showed the hits of Dahl*: first row %+v", r)
}
