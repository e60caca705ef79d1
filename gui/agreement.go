package gui

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// annotatorNames lists the annotators who have spans, sorted.
func (u *ui) annotatorNames() ([]string, error) { return u.s.DB().Annotators(u.ctx) }

// agreementView is the Review ▸ Agreement dialog: two annotators and the
// table of `spanmark agree` for them.
type agreementView struct {
	u       *ui
	a, b    *escSelect
	summary *widget.Label
	table   *fyne.Container
	result  *annotate.Agreement // last figures shown, for tests
}

func (u *ui) showAgreement() *agreementView {
	names, err := u.annotatorNames()
	if err != nil {
		u.showError("Agreement", err)
		return nil
	}
	if len(names) < 2 {
		u.showError("Agreement", fmt.Errorf("agreement needs two annotators; this database has spans by %d (%v): merge another annotator's database first (File ▸ Merge database…)", len(names), names))
		return nil
	}
	v := &agreementView{u: u, a: u.newSelect(names, nil), b: u.newSelect(names, nil),
		summary: widget.NewLabel(""), table: container.NewVBox()}
	v.summary.Wrapping = fyne.TextWrapWord
	v.a.SetSelected(names[0])
	v.b.SetSelected(names[1])
	v.a.OnChanged = func(string) { v.compute() }
	v.b.OnChanged = func(string) { v.compute() }
	v.compute()
	pick := container.NewHBox(widget.NewLabel("Reference"), v.a, widget.NewLabel("compared with"), v.b)
	content := container.NewBorder(container.NewVBox(pick, v.summary), nil, nil, nil, container.NewScroll(v.table))
	d := dialog.NewCustom("Agreement", "Close", content, u.win)
	d.Resize(fyne.NewSize(1000, 560))
	u.show(d)
	return v
}

// compute fills the table for the two annotators chosen.
func (v *agreementView) compute() {
	v.table.RemoveAll()
	v.result = nil
	a, b := v.a.Selected, v.b.Selected
	if a == b {
		v.summary.SetText("Pick two different annotators.")
		return
	}
	rs, err := v.u.s.DB().Agreement(v.u.ctx, a, []string{b}, nil)
	var ns *store.NoSpansError
	switch {
	case errors.As(err, &ns):
		v.summary.SetText(ns.Error())
		return
	case err != nil:
		v.summary.SetText("agreement failed: " + err.Error())
		return
	}
	r := rs[0]
	v.result = &r
	text := fmt.Sprintf("%s (reference) and %s: %s both annotated, %d tokens.", a, b, count(r.Articles, "article"), r.Tokens)
	if r.OnlyA > 0 || r.OnlyB > 0 {
		text += fmt.Sprintf(" Left out: only %s annotated %d, only %s %d.", a, r.OnlyA, b, r.OnlyB)
	}
	text += " Spans match exactly on start, end and label; kappa is over tokens."
	v.summary.SetText(text)
	if r.Articles == 0 {
		return
	}
	head := []string{"label", "spans " + a, "spans " + b, "matched", "precision", "recall", "F1", "kappa"}
	cells := make([]fyne.CanvasObject, 0, len(head)*(len(r.Labels)+2))
	for _, h := range head {
		cells = append(cells, widget.NewLabelWithStyle(h, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
	}
	row := func(name string, l annotate.LabelAgreement, bold bool) {
		s := l.Spans
		vals := []string{name, fmt.Sprint(s.A), fmt.Sprint(s.B), fmt.Sprint(s.Matched),
			fmt.Sprintf("%.4f", s.Precision), fmt.Sprintf("%.4f", s.Recall), fmt.Sprintf("%.4f", s.F1), fmt.Sprintf("%.4f", l.Kappa)}
		for i, x := range vals {
			align := fyne.TextAlignTrailing
			if i == 0 {
				align = fyne.TextAlignLeading
			}
			cells = append(cells, widget.NewLabelWithStyle(x, align, fyne.TextStyle{Bold: bold}))
		}
	}
	row("overall", r.Overall, true) // first: the table scrolls
	for _, l := range r.Labels {
		row(l.Label, l, false)
	}
	v.table.Add(container.New(layout.NewGridLayout(len(head)), cells...))
}
