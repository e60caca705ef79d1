package gui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/spanmark/spanmark/annotate"
)

// tag selects s in the open article and presses key; it returns the new
// span's id.
func tag(t *testing.T, u *ui, s string, key rune) string {
	t.Helper()
	u.view.SelectSpan("")
	selectText(t, u, s)
	typeRune(u.win, key)
	id, ok := u.view.SelectedSpan()
	if !ok {
		t.Fatalf("tagging %q with %c selected no span", s, key)
	}
	return id
}

// threeTagged opens the Gulf News article and tags Mohammed Dahlan and
// Abdel Fattah Al Sissi (key 1) and Rafah (key 3), in reading order.
func threeTagged(t *testing.T) (u *ui, first, second, third string) {
	t.Helper()
	u = newTestUI(t, gulfNews)
	return u, tag(t, u, "Mohammed Dahlan", '1'), tag(t, u, "Abdel Fattah Al Sissi", '1'), tag(t, u, "Rafah", '3')
}

func TestReviewAcceptsRejectsAndStepsThroughSpans(t *testing.T) {
	u, first, second, third := threeTagged(t)

	u.view.SelectSpan("")
	typeShortcut(u.win, scNextSpan) // nothing selected: the first span
	if id, _ := u.view.SelectedSpan(); id != first {
		t.Fatalf("Alt+Right selected %q, want the first span %s", id, first)
	}
	typeShortcut(u.win, scAccept) // accepts it and moves on
	if id, _ := u.view.SelectedSpan(); id != second {
		t.Fatalf("after Alt+A the selection is %q, want %s", id, second)
	}
	typeShortcut(u.win, scReject)
	typeShortcut(u.win, scPrevSpan)
	typeShortcut(u.win, scPrevSpan)
	if id, _ := u.view.SelectedSpan(); id != first {
		t.Fatalf("two Alt+Left from the third span selected %q, want %s", id, first)
	}

	want := map[string]annotate.Review{first: annotate.ReviewAccepted, second: annotate.ReviewRejected, third: annotate.ReviewNone}
	for _, s := range storedSpans(t, u, gulfNews) {
		if s.Review != want[s.ID] {
			t.Errorf("span %s %q: review %q, want %q", s.ID, s.Text, s.Review, want[s.ID])
		}
		if s.Review != annotate.ReviewNone && s.Reviewer != "tester" {
			t.Errorf("span %s: reviewer %q, want tester", s.ID, s.Reviewer)
		}
	}
	typeShortcut(u.win, scUndo) // the rejection
	for _, s := range storedSpans(t, u, gulfNews) {
		if s.ID == second && s.Review != annotate.ReviewNone {
			t.Errorf("after undo span %s is still %q", s.ID, s.Review)
		}
	}
}

func TestSpanFormSetsClaimAttributesUndoably(t *testing.T) {
	u := newTestUI(t, gulfNews)
	id := tag(t, u, "Egyptian security forces on Friday killed 12", 'c')
	typeKey(u.win, fyne.KeyReturn) // Enter opens the form on the selected span
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("Enter on a selected span opened no form")
	}
	top.Hide()
	f := u.openSpanForm()
	if f == nil || !f.isClaim || len(f.attrs) != len(u.claimChoices()) {
		t.Fatalf("form for a claim: %+v", f)
	}
	f.attrs["checkworthy"].SetText("yes")
	f.attrs["type"].SetText("numerical")
	f.note.SetText("  police figures only ")
	f.save()

	var got annotate.Span
	for _, s := range storedSpans(t, u, gulfNews) {
		if s.ID == id {
			got = s
		}
	}
	want := map[string]string{"checkworthy": "yes", "type": "numerical", "note": "police figures only", "verdict": "unverified"}
	if len(got.Attrs) != len(want) {
		t.Fatalf("attrs %v, want %v", got.Attrs, want)
	}
	for k, v := range want {
		if got.Attrs[k] != v {
			t.Errorf("attr %s = %q, want %q", k, got.Attrs[k], v)
		}
	}
	f.d.Hide()
	typeShortcut(u.win, scUndo)
	if a, _ := u.s.DB().Article(context.Background(), gulfNews); len(a.Spans) != 1 || len(a.Spans[0].Attrs) != 1 { // a new claim's verdict
		t.Errorf("after undo: %+v", a.Spans)
	}
}

func TestListFiltersByLabelAndAnnotator(t *testing.T) {
	u := newTestUI(t, gulfNews)
	tag(t, u, "Mohammed Dahlan", '1')
	u.refreshFilterChoices()
	tests := []struct {
		label, annotator string
		want             int
	}{
		{anyLabel, anyAnnotator, 25},
		{"PERSON", anyAnnotator, 1},
		{"ORG", anyAnnotator, 0},
		{anyLabel, "tester", 1},
		{"PERSON", "tester", 1},
	}
	for _, tt := range tests {
		u.labelSel.SetSelected(tt.label)
		u.annotatorSel.SetSelected(tt.annotator)
		if u.s.List.Len() != tt.want {
			t.Errorf("label %s, annotator %s: %d rows, want %d", tt.label, tt.annotator, u.s.List.Len(), tt.want)
		}
	}
}
