package gui

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
)

// allAuthors is the annotator view's entry for every annotator's spans.
const allAuthors = "all annotators"

// newAuthorSelect makes the select beside the palette that shows one
// annotator's spans or everybody's (then tags name the annotator).
func (u *ui) newAuthorSelect() fyne.CanvasObject {
	u.authorSel = widget.NewSelect([]string{allAuthors}, nil)
	u.authorSel.SetSelected(allAuthors)
	u.refreshAuthorChoices()
	u.authorSel.OnChanged = func(s string) {
		if s == allAuthors {
			s = ""
		}
		u.showOnly(s)
	}
	// wide enough for "all annotators" and a name
	return container.NewGridWrap(fyne.NewSize(160, u.authorSel.MinSize().Height), u.authorSel)
}

// refreshAuthorChoices offers the annotators who have spans, keeping the
// choice when it is still there.
func (u *ui) refreshAuthorChoices() {
	if u.authorSel == nil {
		return
	}
	names, err := u.annotatorNames()
	if err != nil {
		u.bar.fail(err)
		return
	}
	if u.s.Annotator != "" && !slices.Contains(names, u.s.Annotator) {
		names = append(names, u.s.Annotator)
		slices.Sort(names)
	}
	u.authorSel.Options = append([]string{allAuthors}, names...)
	if u.s.OnlyAuthor != "" && !slices.Contains(names, u.s.OnlyAuthor) {
		u.authorSel.SetSelected(allAuthors)
	}
	u.authorSel.Refresh()
}

// showOnly shows only the spans of annotator who ("" everybody's).
func (u *ui) showOnly(who string) {
	u.s.OnlyAuthor = who
	if u.s.Cur == nil {
		return
	}
	u.refreshShown()
	if who == "" {
		u.bar.hint("showing every annotator's spans; tags name the annotator where several annotated this article")
	} else {
		u.bar.hint("showing only the spans of " + who)
	}
}

// refreshShown gives the view the spans it shows now, keeping the
// selected span when it is still shown.
func (u *ui) refreshShown() {
	if u.s.Cur == nil {
		return
	}
	id, ok := u.view.SelectedSpan()
	u.view.SetSpans(u.shownSpans())
	if ok {
		u.view.SelectSpan(id)
	}
}

// shownSpans is the open article's spans the view shows: one annotator's
// (View: the annotator select, or review mode's annotator filter), or
// everybody's. With everybody's and more than one annotator in the
// article, tags name the annotator, and spans that several annotators
// marked alike (same offsets and label) are shown once, naming them all
// ("PERSON · ana+ben"); not in review mode, which selects each span.
func (u *ui) shownSpans() []annotate.Span {
	if u.s.Cur == nil {
		return nil
	}
	only := u.s.OnlyAuthor
	if only == "" && u.s.Review.On {
		only = u.s.SpanFilter().Annotator
	}
	if only != "" {
		u.view.Model().SetShowAnnotators(false)
		var out []annotate.Span
		for _, s := range u.s.Cur.Spans {
			if s.Annotator == only {
				out = append(out, s)
			}
		}
		return out
	}
	several := false
	for _, s := range u.s.Cur.Spans {
		if s.Annotator != u.s.Cur.Spans[0].Annotator {
			several = true
			break
		}
	}
	u.view.Model().SetShowAnnotators(several)
	if !several || u.s.Review.On {
		return u.s.Cur.Spans
	}
	return annotate.GroupAlike(u.s.Cur.Spans)
}

// myStatusMenu is Article ▸ My status: the status of the open article for
// this annotator, apart from the article's own (several annotate one article).
func (u *ui) myStatusMenu() *fyne.MenuItem {
	items := make([]*fyne.MenuItem, 0, len(annotate.Statuses)+1)
	for i, st := range annotate.Statuses {
		items = append(items, item(statusText(st), scMyStatus[i], u.guarded(scMyStatus[i], func() { u.setMyStatus(st) })))
	}
	items = append(items, fyne.NewMenuItem("none", func() { u.setMyStatus("") }))
	it := fyne.NewMenuItem("My status (this annotator)", nil)
	it.ChildMenu = fyne.NewMenu("", items...)
	return it
}

// setMyStatus sets the open article's status for this annotator, undoably;
// false when it failed or no article is open.
func (u *ui) setMyStatus(st annotate.Status) bool {
	if u.s.Cur == nil {
		return false
	}
	changed, err := u.s.SetMyStatus(st)
	if err != nil {
		u.bar.fail(err)
		return false
	}
	if !changed {
		return true
	}
	what := statusText(st)
	if st == "" {
		what = "no status"
	}
	u.saved(fmt.Sprintf("%s: %s for %s", u.s.Cur.ID, what, u.s.Annotator))
	return true
}
