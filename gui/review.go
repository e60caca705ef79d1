package gui

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
)

// updateSpan writes after over before (same id), records it for undo and
// shows it.
func (u *ui) updateSpan(before, after annotate.Span, what string) bool {
	return u.commit(annotate.Change{Kind: annotate.ChangeUpdateSpan, ArticleID: u.s.Cur.ID, Before: before, Span: after}, after.ID, what)
}

// review records the reviewer's decision on the selected span and steps
// to the next span, so a reviewer can go through an article with two keys.
func (u *ui) review(r annotate.Review) {
	if u.s.Cur == nil {
		return
	}
	id, ok := u.view.SelectedSpan()
	if !ok {
		u.bar.hint("select a span first (Alt+Right steps through the spans)")
		return
	}
	before, ok := u.spanByID(id)
	if !ok {
		return
	}
	after, changed, err := u.s.Decide(id, r, nil)
	if err != nil {
		u.bar.fail(fmt.Errorf("%s %s: %w", reviewText(r), id, err))
		return
	}
	if changed {
		u.showSpans()
		u.view.SelectSpan(id)
		u.refreshHint()
		u.saved(fmt.Sprintf("%s %s %q", reviewText(r), after.Label, clipText(before.Text)))
	}
	if r != annotate.ReviewNone {
		u.stepSpan(+1)
	}
}

func reviewText(r annotate.Review) string {
	if r == annotate.ReviewNone {
		return "review cleared:"
	}
	return string(r)
}

// sortedSpans is the open article's spans in reading order.
func (u *ui) sortedSpans() []annotate.Span {
	spans := slices.Clone(u.s.Cur.Spans)
	slices.SortFunc(spans, func(a, b annotate.Span) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End), cmp.Compare(a.ID, b.ID))
	})
	return spans
}

// stepSpan selects the next (dir > 0) or previous span in reading order.
func (u *ui) stepSpan(dir int) {
	if u.s.Cur == nil {
		return
	}
	spans := u.sortedSpans()
	if len(spans) == 0 {
		u.bar.hint("this article has no spans yet")
		return
	}
	i := -1
	if id, ok := u.view.SelectedSpan(); ok {
		i = slices.IndexFunc(spans, func(s annotate.Span) bool { return s.ID == id })
	}
	switch {
	case i < 0 && dir > 0:
		i = 0
	case i < 0:
		i = len(spans) - 1
	case i+dir < 0 || i+dir >= len(spans):
		u.bar.hint(map[bool]string{true: "that was the last span", false: "this is the first span"}[dir > 0] +
			" — Ctrl+Enter marks the article done")
		return
	default:
		i += dir
	}
	u.view.SelectSpan(spans[i].ID)
	u.refreshHint()
}

// claimChoices is the choice attributes of the claim schema: the form
// offers their values (the store refuses others).
func (u *ui) claimChoices() []annotate.ClaimAttr {
	var out []annotate.ClaimAttr
	for _, a := range u.claims.schema {
		if a.Type == annotate.AttrChoice {
			out = append(out, a)
		}
	}
	return out
}

// spanForm is the form editSpan shows.
type spanForm struct {
	u       *ui
	before  annotate.Span
	label   *escSelect
	attrs   map[string]*escSelectEntry
	note    *escEntry
	isClaim bool
	d       dialog.Dialog
}

// editSpan opens a form on the selected span: its label and, for a claim,
// check-worthiness, type, verdict and a note.
func (u *ui) editSpan() { u.openSpanForm() }

func (u *ui) openSpanForm() *spanForm {
	if u.s.Cur == nil {
		return nil
	}
	id, ok := u.view.SelectedSpan()
	if !ok {
		u.bar.hint("select a span first: click it, or Alt+Right")
		return nil
	}
	before, ok := u.spanByID(id)
	if !ok {
		return nil
	}
	f := &spanForm{u: u, before: before, attrs: map[string]*escSelectEntry{}, isClaim: before.Kind == annotate.KindClaim}
	names := make([]string, 0, len(u.s.Labels))
	for _, l := range u.s.Labels {
		names = append(names, l.Name)
	}
	if !slices.Contains(names, before.Label) {
		names = append(names, before.Label)
	}
	f.label = u.newSelect(names, nil)
	f.label.SetSelected(before.Label)
	text := widget.NewLabel(clipText(before.Text))
	text.Truncation = fyne.TextTruncateEllipsis
	items := []*widget.FormItem{{Text: "Text", Widget: text}, {Text: "Label", Widget: f.label}}
	f.note = u.newMultiLineEntry()
	f.note.SetMinRowsVisible(3)
	if f.isClaim {
		for _, a := range u.claimChoices() {
			e := u.newSelectEntry(a.Values)
			e.SetText(before.Attrs[a.Name])
			f.attrs[a.Name] = e
			items = append(items, &widget.FormItem{Text: attrTitle(a.Name), Widget: e})
		}
		f.note.SetText(before.Attrs["note"])
		items = append(items, &widget.FormItem{Text: "Note", Widget: f.note})
	}
	f.d = dialog.NewForm("Span "+before.ID, "Save", "Cancel", items, func(ok bool) {
		if ok {
			f.save()
		}
	}, u.win)
	f.d.Resize(fyne.NewSize(520, 0))
	u.show(f.d)
	return f
}

// save writes the form's label and attributes, undoably.
func (f *spanForm) save() {
	u, before := f.u, f.before
	after := before
	after.Label = f.label.Selected
	after.Kind = annotate.KindOf(u.s.Labels, after.Label)
	attrs := maps.Clone(before.Attrs)
	if attrs == nil {
		attrs = map[string]string{}
	}
	if f.isClaim {
		for k, e := range f.attrs {
			attrs[k] = strings.TrimSpace(e.Text)
		}
		attrs["note"] = strings.TrimSpace(f.note.Text)
	}
	maps.DeleteFunc(attrs, func(_, v string) bool { return v == "" })
	if len(attrs) == 0 {
		attrs = nil
	}
	after.Attrs = attrs
	if after.Label == before.Label && after.Kind == before.Kind && maps.Equal(after.Attrs, before.Attrs) {
		return
	}
	u.changeSpan(before, after, fmt.Sprintf("%s %s updated", after.Label, after.ID))
}
