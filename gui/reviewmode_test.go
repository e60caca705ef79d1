package gui

import (
	"context"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// selected is the id of the span the view has selected, or "".
func selected(u *ui) string {
	id, _ := u.view.SelectedSpan()
	return id
}

func TestReviewModeDecidesThreeSpansWithTheKeyboard(t *testing.T) {
	u, first, second, third := threeTagged(t)
	u.view.SelectSpan("")

	typeShortcut(u.win, scReview)
	if !u.s.Review.On || !u.rev.bar.Visible() {
		t.Fatal("Ctrl+R did not enter review mode")
	}
	if got := selected(u); got != first {
		t.Fatalf("review starts on %q, want the first span %s", got, first)
	}
	typeRune(u.win, 'a')
	if got := selected(u); got != second {
		t.Fatalf("after a the review is on %q, want %s", got, second)
	}
	typeRune(u.win, 'x')
	if got := selected(u); got != third {
		t.Fatalf("after x the review is on %q, want %s", got, third)
	}
	typeRune(u.win, ' ') // skip: nothing decided, nothing more in this filter
	want := map[string]annotate.Review{first: annotate.ReviewAccepted, second: annotate.ReviewRejected, third: annotate.ReviewNone}
	check := func(when string) {
		t.Helper()
		for _, s := range storedSpans(t, u, gulfNews) {
			if s.Review != want[s.ID] {
				t.Errorf("%s: span %s %q review %q, want %q", when, s.ID, s.Text, s.Review, want[s.ID])
			}
			decided := s.Review != annotate.ReviewNone
			if decided && (s.Reviewer != "tester" || s.Reviewed.IsZero()) {
				t.Errorf("%s: span %s reviewer %q at %v, want tester and a time", when, s.ID, s.Reviewer, s.Reviewed)
			}
		}
	}
	check("after a, x, space")
	if u.s.Cur.Spans == nil || !u.s.Review.On {
		t.Fatal("review mode ended by itself")
	}

	typeShortcut(u.win, scUndo) // the rejection
	want[second] = annotate.ReviewNone
	check("after Ctrl+Z")
	typeShortcut(u.win, scReview)
	if u.s.Review.On || u.rev.bar.Visible() {
		t.Error("a second Ctrl+R did not leave review mode")
	}
	typeRune(u.win, 'a') // outside review mode a is no review key
	check("a outside review mode")
}

func TestReviewModeFollowsTheFilters(t *testing.T) {
	u := newTestUI(t, gulfNews)
	dahlan := tag(t, u, "Mohammed Dahlan", '1')
	rafah := tag(t, u, "Rafah", '3')
	sissi := tag(t, u, "Abdel Fattah Al Sissi", '1')
	u.view.SelectSpan("")

	u.labelSel.SetSelected("PERSON") // the list filter: articles and spans of PERSON
	typeShortcut(u.win, scReview)
	var seen []string
	for range 3 {
		seen = append(seen, selected(u))
		typeRune(u.win, ' ')
	}
	if seen[0] != dahlan || seen[1] != sissi || seen[2] != dahlan {
		t.Errorf("PERSON review visited %v, want %s, %s, then back to the skipped %s (no %s)", seen, dahlan, sissi, dahlan, rafah)
	}

	// Only spans not reviewed yet: accept Dahlan, start again, Sissi comes first.
	u.labelSel.SetSelected(anyLabel)
	u.rev.pending.SetChecked(false)
	if got := selected(u); got != dahlan {
		t.Fatalf("restart with every span begins at %q, want %s", got, dahlan)
	}
	typeRune(u.win, 'a')
	u.rev.pending.SetChecked(true)
	if got := selected(u); got != sissi {
		t.Errorf("only not reviewed: begins at %q, want %s (Dahlan is accepted)", got, sissi)
	}
	u.rev.kind.SetSelected(string(annotate.KindClaim))
	if u.s.Review.Has {
		t.Errorf("claims only: review is on %s, but no claim exists", u.s.Review.Cur.ID)
	}
	u.rev.kind.SetSelected(anyKind)

	// Another annotator's span: the annotator filter keeps to it.
	addSpansBy(t, u, "ben", at(t, u, "Egyptian", "NORP"))
	u.annotatorSel.SetSelected("ben")
	if s, ok := u.spanByID(selected(u)); !ok || s.Annotator != "ben" || s.Text != "Egyptian" {
		t.Errorf("annotator ben: review is on %+v, want ben's Egyptian", s)
	}
	u.annotatorSel.SetSelected(anyAnnotator)

	// The status filter: an article not listed is not reviewed.
	u.status.SetSelected(statusText(annotate.StatusDone))
	u.reviewRestart()
	if u.s.Review.Has {
		t.Errorf("status done: review is on %s of %s, which is in progress", u.s.Review.Cur.ID, u.s.Cur.ID)
	}
	typeShortcut(u.win, scStatus[2]) // done: listed again
	u.reloadListOrReport()
	u.reviewRestart()
	if !u.s.Review.Has || u.s.Review.Cur.Text != "Egyptian" {
		t.Errorf("status done, article done: review on %q %q (%v), want the first not reviewed, ben's Egyptian", u.s.Review.Cur.ID, u.s.Review.Cur.Text, u.s.Review.Has)
	}
}

func TestReviewModeEditRelabelsAndMovesBounds(t *testing.T) {
	u := newTestUI(t, gulfNews)
	id := tag(t, u, "Mohammed Dahlan", '2') // ORG by mistake
	u.view.SelectSpan("")
	typeShortcut(u.win, scReview)
	typeRune(u.win, 'e')
	typeRune(u.win, '1')
	s, _ := u.spanByID(id)
	if s.Label != "PERSON" || s.Review != annotate.ReviewAccepted {
		t.Fatalf("e then 1: span is %s %s, want PERSON accepted", s.Label, s.Review)
	}
	typeShortcut(u.win, scUndo)
	if s, _ := u.spanByID(id); s.Label != "ORG" || s.Review != annotate.ReviewNone {
		t.Fatalf("undo of the edit: %s %q, want ORG not reviewed", s.Label, s.Review)
	}
	u.reviewShow(s)
	typeRune(u.win, 'e')
	start, end := selectText(t, u, "Dahlan")
	u.reviewEnter()
	s, _ = u.spanByID(id)
	if s.Start != start || s.End != end || s.Text != "Dahlan" || s.Review != annotate.ReviewAccepted {
		t.Errorf("e, select, Enter: span %d–%d %q %s, want %d–%d Dahlan accepted", s.Start, s.End, s.Text, s.Review, start, end)
	}
}

func TestStatusKeysSetTheArticleStatusUndoably(t *testing.T) {
	u := newTestUI(t, gulfNews)
	for i, st := range annotate.Statuses {
		typeShortcut(u.win, scStatus[i])
		a, err := u.s.DB().Article(context.Background(), gulfNews)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != st {
			t.Errorf("Alt+%d: status %s, want %s", i+1, a.Status, st)
		}
	}
	counts, _ := u.s.DB().StatusCounts(context.Background())
	if counts[annotate.StatusReviewed] != 1 {
		t.Errorf("reviewed count %d, want 1", counts[annotate.StatusReviewed])
	}
	typeShortcut(u.win, scUndo)
	if u.s.Cur.Status != annotate.StatusDone {
		t.Errorf("undo of Alt+4: %s, want done", u.s.Cur.Status)
	}

	typeShortcut(u.win, scMyStatus[2]) // this annotator's own status: done
	typeShortcut(u.win, scMyStatus[3]) // reviewed
	typeShortcut(u.win, scUndo)
	mine, err := u.s.DB().AnnotatorStatuses(context.Background(), gulfNews)
	if err != nil {
		t.Fatal(err)
	}
	if mine["tester"] != annotate.StatusDone || u.s.Cur.Status != annotate.StatusDone {
		t.Errorf("after undo: mine %v, article %s; want tester done, article done", mine, u.s.Cur.Status)
	}
	typeShortcut(u.win, scUndo)
	if mine, _ := u.s.DB().AnnotatorStatuses(context.Background(), gulfNews); len(mine) != 0 {
		t.Errorf("undo of the first: %v, want no status of the annotator", mine)
	}
}

func TestReviewModeDecidesOnTheSpanClicked(t *testing.T) {
	u := newTestUI(t, gulfNews)
	first := tag(t, u, "Mohammed Dahlan", '1')
	third := tag(t, u, "Rafah", '3')
	u.view.SelectSpan("")
	typeShortcut(u.win, scReview)
	if selected(u) != first {
		t.Fatalf("review starts on %q, want %s", selected(u), first)
	}
	u.view.SelectSpan(third) // as a click does
	typeRune(u.win, 'x')
	for _, s := range storedSpans(t, u, gulfNews) {
		want := map[string]annotate.Review{first: annotate.ReviewNone, third: annotate.ReviewRejected}[s.ID]
		if s.Review != want {
			t.Errorf("span %s %q: %q, want %q", s.ID, s.Text, s.Review, want)
		}
	}
}

// TestReviewModeRevisitsSkippedSpansBeforeItEnds: space skips; past the
// last span the review comes back to each span still to decide, and says
// "nothing more to review" only when every one has a decision.
func TestReviewModeRevisitsSkippedSpansBeforeItEnds(t *testing.T) {
	u, first, second, third := threeTagged(t)
	u.view.SelectSpan("")
	typeShortcut(u.win, scReview)
	var seen []string
	for _, key := range []rune{' ', 'a', 'x'} { // skip the first, accept the second, reject the third
		seen = append(seen, selected(u))
		typeRune(u.win, key)
	}
	seen = append(seen, selected(u))
	if want := []string{first, second, third, first}; strings.Join(seen, " ") != strings.Join(want, " ") {
		t.Fatalf("space, a, x visited %v, want %v (back to the skipped %s)", seen, want, first)
	}
	if strings.Contains(u.bar.info.Text, "nothing more") {
		t.Fatalf("status %q while %s is still to decide", u.bar.info.Text, first)
	}
	typeRune(u.win, 'a')
	if u.s.Review.Has || !strings.Contains(u.bar.info.Text, "nothing more to review") {
		t.Errorf("every span decided: review on %v %q, status %q; want nothing more to review", u.s.Review.Has, u.s.Review.Cur.ID, u.bar.info.Text)
	}
}

// TestReviewModeStartsNearTheView: entering review mode on a scrolled
// article starts at the first span in view, or at the selected span.
func TestReviewModeStartsNearTheView(t *testing.T) {
	u := newTestUI(t, "gum_news_warhol")
	top := tag(t, u, "Dennis Hopper", '1')
	low := tag(t, u, "the self selfie", '2') // the last words of a long article
	u.view.SelectSpan("")
	u.view.ShowEnd()
	if u.view.FirstVisible() == 0 {
		t.Fatal("the view did not scroll")
	}
	typeShortcut(u.win, scReview)
	if got := selected(u); got != low {
		t.Errorf("review of a view scrolled to the end starts at %q, want %s (in view), not %s", got, low, top)
	}
	typeShortcut(u.win, scReview)
	u.view.SelectSpan(top)
	typeShortcut(u.win, scReview)
	if got := selected(u); got != top {
		t.Errorf("review with %s selected starts at %q", top, got)
	}
	typeRune(u.win, ' ')
	typeRune(u.win, ' ')
	if got := selected(u); got != top {
		t.Errorf("after skipping both, review is on %q, want %s again (still to decide)", got, top)
	}
}
