package gui

import (
	"errors"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// reviewMode is the widgets of review mode (Review ▸ Review mode, Ctrl+R):
// a bar above the palette; where the review stands is session.Review.
type reviewMode struct {
	bar     *fyne.Container
	info    *widget.Label
	kind    *widget.Select
	pending *widget.Check
}

const anyKind = "any kind"

// buildReviewBar makes the (hidden) review mode bar.
func (u *ui) buildReviewBar() fyne.CanvasObject {
	r := &u.rev
	r.info = widget.NewLabel("")
	r.info.Truncation = fyne.TextTruncateEllipsis
	r.kind = widget.NewSelect([]string{anyKind, string(annotate.KindEntity), string(annotate.KindClaim)}, func(k string) {
		u.s.Review.Kind = ""
		if k != anyKind {
			u.s.Review.Kind = annotate.Kind(k)
		}
		u.reviewRestart()
	})
	r.kind.SetSelected(anyKind)
	r.pending = widget.NewCheck("only not reviewed", func(on bool) {
		u.s.Review.Pending = on
		u.reviewRestart()
	})
	r.pending.SetChecked(true)
	title := widget.NewLabelWithStyle("REVIEW", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	leave := widget.NewButton("Leave (Ctrl+R)", func() { u.toggleReview() })
	r.bar = container.NewBorder(nil, nil, container.NewHBox(title, r.kind, r.pending), leave, r.info)
	r.bar.Hide()
	return r.bar
}

// toggleReview enters or leaves review mode.
func (u *ui) toggleReview() {
	r, st := &u.rev, &u.s.Review
	st.On, st.Editing, st.Has = !st.On, false, false
	if !st.On {
		u.refreshShown() // alike spans of several annotators are shown once again
		r.bar.Hide()
		u.bar.hint("review mode left")
		u.focusView()
		return
	}
	r.bar.Show()
	u.focusView()
	if id, ok := u.view.SelectedSpan(); ok && u.s.Cur != nil && u.listed(u.s.Cur.ID) {
		if s, ok := u.s.Span(id); ok && u.s.SpanFilter().Match(&s) {
			u.refreshShown()
			u.reviewShow(s) // the span the reviewer has selected
			return
		}
	}
	u.reviewRestart()
}

// reviewRestart goes to the span of the filter nearest the view in the
// open article (the first from the top of the view, else the last above
// it), else to the first in the next article of the list that has one.
// Spans above the view are not lost: the end of the review comes back to
// every span still to decide (reviewRevisit).
func (u *ui) reviewRestart() {
	if !u.s.Review.On {
		return
	}
	u.s.Review.Has, u.s.Review.Editing = false, false
	u.refreshShown() // the filter's annotator alone, every span apart
	if u.s.Cur != nil && u.listed(u.s.Cur.ID) {
		top := annotate.Span{Start: u.view.FirstVisible(), End: u.s.Idx.Len() + 1} // before every span starting there
		if s, ok := u.reviewFind(u.s.Cur, &top, +1); ok {
			u.reviewShow(s)
			return
		}
		if s, ok := u.reviewFind(u.s.Cur, nil, -1); ok {
			u.reviewShow(s)
			return
		}
	}
	u.reviewStep(+1)
}

// reviewFind is the first span of a that matches the filter after from
// (before it when dir < 0; from nil: from the start or end).
func (u *ui) reviewFind(a *annotate.Article, from *annotate.Span, dir int) (annotate.Span, bool) {
	return findSpan(a, from, dir, u.s.SpanFilter())
}

// findSpan is the first span of a that f matches after from (before it
// when dir < 0; from nil: from the start or end), in reading order.
func findSpan(a *annotate.Article, from *annotate.Span, dir int, f annotate.SpanFilter) (annotate.Span, bool) {
	spans := slices.Clone(a.Spans)
	slices.SortFunc(spans, func(x, y annotate.Span) int { return annotate.ReadingOrder(&x, &y) })
	if dir < 0 {
		slices.Reverse(spans)
	}
	for i := range spans {
		s := &spans[i]
		if from != nil && annotate.ReadingOrder(s, from)*dir <= 0 {
			continue
		}
		if f.Match(s) {
			return *s, true
		}
	}
	return annotate.Span{}, false
}

// reviewStep moves to the next (dir > 0) or previous span of the filter,
// across the articles of the list.
func (u *ui) reviewStep(dir int) {
	if u.s.Cur != nil && u.listed(u.s.Cur.ID) {
		var from *annotate.Span
		if u.s.Review.Has {
			from = &u.s.Review.Cur
		}
		if s, ok := u.reviewFind(u.s.Cur, from, dir); ok {
			u.reviewShow(s)
			return
		}
	}
	u.reviewArticle(dir)
}

// listed reports whether article id is in the list as filtered now
// (status, label, annotator, search): review mode keeps to those.
func (u *ui) listed(id string) bool {
	_, ok, err := u.s.List.Index(id)
	if err != nil {
		u.bar.fail(err)
	}
	return ok
}

// reviewArticle opens the next (dir > 0) or previous article of the list
// with a span of the filter and shows its first (or last) one. The
// database says which article that is (session.ArticleList.NextWithSpan),
// however many articles without one lie between.
func (u *ui) reviewArticle(dir int) {
	from := ""
	if u.s.Cur != nil {
		from = u.s.Cur.ID
	}
	id, err := u.s.List.NextWithSpan(from, dir, u.s.SpanFilter())
	if err == nil {
		if err = u.open(id); err == nil {
			if s, ok := u.reviewFind(u.s.Cur, nil, dir); ok {
				u.reviewShow(s)
				return
			}
			err = store.ErrNotFound // changed meanwhile by another program
		}
	}
	if !errors.Is(err, store.ErrNotFound) {
		u.bar.fail(err)
		return
	}
	if dir > 0 && u.reviewRevisit() {
		return
	}
	u.s.Review.Has = false
	where := map[bool]string{true: "after", false: "before"}[dir > 0]
	if dir > 0 {
		u.rev.info.SetText(fmt.Sprintf("nothing more to review: every span (%s) of the listed articles has a decision", u.s.SpanFilter()))
		u.bar.hint("nothing more to review — Alt+4 marks an article reviewed, Ctrl+R leaves review mode")
		return
	}
	u.rev.info.SetText(fmt.Sprintf("no span (%s) %s this one in the listed articles", u.s.SpanFilter(), where))
	u.bar.hint("nothing more to review " + where + " this article — Alt+4 marks an article reviewed, Ctrl+R leaves review mode")
}

// reviewRevisit goes back to the first span of the filter still to decide
// (one skipped, or above where the review started) in the listed
// articles, from the first (the database says which article); false when
// every one has a decision.
func (u *ui) reviewRevisit() bool {
	f := u.s.SpanFilter()
	f.Pending = true
	id, err := u.s.List.NextWithSpan("", +1, f)
	if errors.Is(err, store.ErrNotFound) {
		return false
	}
	if err == nil && (u.s.Cur == nil || u.s.Cur.ID != id) {
		err = u.open(id)
	}
	if err != nil {
		u.bar.fail(err)
		return true
	}
	s, ok := findSpan(u.s.Cur, nil, +1, f)
	if !ok {
		return false
	}
	u.reviewShow(s)
	u.rev.info.SetText("back to what is still to decide — " + u.rev.info.Text)
	return true
}

// reviewShow selects s, centres it and describes it in the review bar.
func (u *ui) reviewShow(s annotate.Span) {
	u.s.Review.Cur, u.s.Review.Has, u.s.Review.Editing = s, true, false
	u.view.SelectSpan(s.ID)
	u.view.CentreOffset(s.Start)
	u.reviewInfo()
}

// reviewInfo describes the span under review and the keys.
func (u *ui) reviewInfo() {
	s := u.s.Review.Cur
	n, at, pending := 0, 0, 0
	f := u.s.SpanFilter()
	all := f
	all.Pending = false
	for i := range u.s.Cur.Spans {
		x := &u.s.Cur.Spans[i]
		if all.Match(x) {
			n++
			if annotate.ReadingOrder(x, &s) <= 0 {
				at++
			}
			if x.Review == annotate.ReviewNone || x.Review == annotate.ReviewSuggested {
				pending++
			}
		}
	}
	state := "not reviewed"
	if s.Review != annotate.ReviewNone {
		state = fmt.Sprintf("%s by %s", s.Review, s.Reviewer)
	}
	who := s.Annotator
	if who == "" {
		who = "no annotator"
	}
	keys := "a accept · x reject · e edit · space skip · n/p article · Ctrl+Z undo"
	info := fmt.Sprintf("%d/%d (%d to do): %s %q by %s, %s", at, n, pending, s.Label, clipText(s.Text), who, state)
	if u.s.Review.Editing {
		keys = "EDIT: press a label key to relabel, or select new bounds and press Enter; e cancels"
		info = "EDIT " + info
	}
	u.rev.info.SetText(info)
	u.bar.hint(fmt.Sprintf("reviewing %s in %s: %s", f, u.s.Cur.ID, keys))
}

// reviewRune handles a key in review mode; it reports whether it did.
func (u *ui) reviewRune(r rune) bool {
	if !u.s.Review.On || u.s.Cur == nil {
		return false
	}
	u.reviewSync()
	if u.s.Review.Editing {
		if r == 'e' || r == 'E' {
			u.s.Review.Editing = false
			u.reviewInfo()
			return true
		}
		if l, ok := u.labelForRune(r); ok && u.s.Review.Has {
			u.reviewDecide(func(s *annotate.Span) { s.Label, s.Kind = l.Name, l.Kind }, annotate.ReviewAccepted,
				fmt.Sprintf("relabelled %s → %s and accepted", u.s.Review.Cur.Label, l.Name))
		}
		return true
	}
	switch r {
	case 'a', 'A':
		u.reviewDecide(nil, annotate.ReviewAccepted, "")
	case 'x', 'X':
		u.reviewDecide(nil, annotate.ReviewRejected, "")
	case 'e', 'E':
		if u.s.Review.Has {
			u.s.Review.Editing = true
			u.reviewInfo()
		}
	case ' ':
		u.reviewStep(+1)
	case 'n', 'N':
		u.reviewArticle(+1)
	case 'p', 'P':
		u.reviewArticle(-1)
	default:
		return false
	}
	return true
}

// reviewEnter takes the selected text as the new bounds of the span under
// edit; it reports whether it did something.
func (u *ui) reviewEnter() bool {
	if !u.s.Review.On || !u.s.Review.Editing || !u.s.Review.Has {
		return false
	}
	start, end, ok := u.view.Selection()
	if !ok || start >= end {
		u.bar.hint("select the new bounds first, then press Enter")
		return true
	}
	u.reviewDecide(func(s *annotate.Span) { s.Start, s.End, s.Text = start, end, u.s.Idx.Slice(start, end) },
		annotate.ReviewAccepted, fmt.Sprintf("moved to %d–%d and accepted", start, end))
	return true
}

// reviewSync makes a span the reviewer clicked the span under review.
func (u *ui) reviewSync() {
	id, ok := u.view.SelectedSpan()
	if !ok || (u.s.Review.Has && id == u.s.Review.Cur.ID) {
		return
	}
	if s, ok := u.spanByID(id); ok {
		u.s.Review.Cur, u.s.Review.Has = s, true
	}
}

// reviewDecide stores the span under review as it is stored now, changed
// by edit (may be nil), with decision r by this reviewer now, undoably,
// and steps to the next span.
func (u *ui) reviewDecide(edit func(*annotate.Span), r annotate.Review, what string) {
	if !u.s.Review.Has {
		u.bar.hint("no span to review here: n opens the next article")
		return
	}
	if _, ok := u.spanByID(u.s.Review.Cur.ID); !ok {
		u.reviewStep(+1)
		return
	}
	if what == "" {
		what = string(r)
	}
	after, _, err := u.s.Decide(u.s.Review.Cur.ID, r, edit)
	if err != nil {
		u.bar.fail(fmt.Errorf("%s %s: %w", what, u.s.Review.Cur.ID, err))
		return
	}
	u.showSpans()
	u.view.SelectSpan(after.ID)
	u.refreshHint()
	u.saved(fmt.Sprintf("%s %s %q", what, after.Label, clipText(after.Text)))
	u.s.Review.Cur = after
	u.reviewStep(+1)
}

// keyRune is where typed characters arrive (view, list, canvas): review
// mode's keys first, then the label and inspector keys (typedRune).
func (u *ui) keyRune(r rune) {
	if u.win.Canvas().Overlays().Top() == nil && u.reviewRune(r) {
		return
	}
	u.typedRune(r)
}
