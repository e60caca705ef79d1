package gui

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
)

// goldChanges are the changes that make the gold spans of annotate.Region r those
// of version v (v < 0: none), accepted by this reviewer at now.
func (u *ui) goldChanges(r annotate.Region, v int, now time.Time) []annotate.Change {
	var want []annotate.Span
	if v >= 0 {
		want = r.Versions[v].Spans
	}
	if annotate.SameSpans(want, r.Gold) {
		return nil
	}
	var cs []annotate.Change
	for _, g := range r.Gold {
		var rels []annotate.Relation
		for _, rel := range u.s.Cur.Rels {
			if rel.Head == g.ID || rel.Child == g.ID {
				rels = append(rels, rel)
			}
		}
		cs = append(cs, annotate.Change{Kind: annotate.ChangeDeleteSpan, ArticleID: u.s.Cur.ID, Span: g, Rels: rels})
	}
	for _, s := range want {
		g := annotate.Span{Start: s.Start, End: s.End, Label: s.Label, Kind: s.Kind, Attrs: s.Attrs,
			Annotator: annotate.GoldAnnotator, Review: annotate.ReviewAccepted, Reviewer: u.s.Annotator, Reviewed: now}
		cs = append(cs, annotate.Change{Kind: annotate.ChangeAddSpan, ArticleID: u.s.Cur.ID, Span: g})
	}
	return cs
}

// adjudicate makes the gold spans of each annotate.Region those of the version
// chosen for it (-1: none) in one transaction and one step of the history
// (one Ctrl+Z undoes it), and shows the result; on failure nothing of it
// is written.
func (u *ui) adjudicate(regions []annotate.Region, chosen []int, what string) error {
	now := time.Now()
	var batch []annotate.Change
	for i, r := range regions {
		batch = append(batch, u.goldChanges(r, chosen[i], now)...)
	}
	if len(batch) == 0 {
		return nil
	}
	if err := u.s.Commit(annotate.Change{Kind: annotate.ChangeBatch, ArticleID: u.s.Cur.ID, What: what, Batch: batch}); err != nil {
		return fmt.Errorf("adjudicate: %w", err)
	}
	u.showSpans()
	u.saved(what)
	return nil
}

// adjudicationView is the Review ▸ Adjudicate dialog of the open article.
type adjudicationView struct {
	u       *ui
	d       dialog.Dialog
	body    *fyne.Container
	all     *widget.Check // show regions where everybody agrees too
	regions []annotate.Region
}

// showAdjudication lists where the annotators of the open article differ
// and lets the reviewer pick a version of each place (written as gold).
func (u *ui) showAdjudication() *adjudicationView {
	if u.s.Cur == nil {
		return nil
	}
	if names := annotate.Annotators(u.s.Cur.Spans); len(names) < 2 {
		u.showError("Adjudicate", fmt.Errorf("article %s has spans by %d annotator(s) %v: adjudication compares two or more (merge their databases first: File ▸ Merge database…)", u.s.Cur.ID, len(names), names))
		return nil
	}
	v := &adjudicationView{u: u, body: container.NewVBox()}
	v.all = widget.NewCheck("show where they agree too", func(bool) { v.rebuild() })
	agreeAll := widget.NewButton("Take every agreement as gold", func() { v.takeAgreements() })
	v.rebuild()
	top := container.NewHBox(v.all, agreeAll)
	v.d = dialog.NewCustom("Adjudicate "+u.s.Cur.ID, "Close", container.NewBorder(top, nil, nil, nil, container.NewVScroll(v.body)), u.win)
	v.d.Resize(fyne.NewSize(1000, 640))
	v.d.Show()
	return v
}

// rebuild lists the regions again from the article as stored.
func (v *adjudicationView) rebuild() {
	u := v.u
	v.regions = annotate.AdjudicationRegions(u.s.Cur.Spans)
	v.body.RemoveAll()
	differ, done := 0, 0
	for _, r := range v.regions {
		if !r.Agree() {
			differ++
		}
		if len(r.Gold) > 0 {
			done++
		}
	}
	names := annotate.Annotators(u.s.Cur.Spans)
	head := widget.NewLabel(fmt.Sprintf("%s: %d places marked by %s; they differ in %d; %d have gold spans (annotator %q). Take a version; to correct one, take the closest and edit its gold span (Show).",
		u.s.Cur.ID, len(v.regions), strings.Join(names, ", "), differ, done, annotate.GoldAnnotator))
	head.Wrapping = fyne.TextWrapWord
	v.body.Add(head)
	for i := range v.regions {
		r := v.regions[i]
		if r.Agree() && !v.all.Checked {
			continue
		}
		v.body.Add(widget.NewSeparator())
		v.body.Add(v.regionRow(i, r))
	}
}

func (v *adjudicationView) regionRow(i int, r annotate.Region) fyne.CanvasObject {
	u := v.u
	what := "differ"
	if r.Agree() {
		what = "agree"
	}
	ctxStart, ctxEnd := max(0, r.Start-30), min(u.s.Idx.Len(), r.End+30)
	snippet := "…" + oneLine(u.s.Idx.Slice(ctxStart, r.Start)) + "«" + oneLine(u.s.Idx.Slice(r.Start, r.End)) + "»" + oneLine(u.s.Idx.Slice(r.End, ctxEnd)) + "…"
	title := widget.NewLabelWithStyle(fmt.Sprintf("%d–%d (%s): %s", r.Start, r.End, what, snippet), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	rows := []fyne.CanvasObject{title}
	chosen := r.Chosen()
	for k, ver := range r.Versions {
		mark := "   "
		if k == chosen {
			mark = "✔ "
		}
		b := widget.NewButton(mark+"take "+ver.Who, func() { v.choose(i, k) })
		rows = append(rows, container.NewBorder(nil, nil, b, nil, widget.NewLabel(describeSpans(ver.Spans))))
	}
	none := widget.NewButton("none of them", func() { v.choose(i, -1) })
	show := widget.NewButton("Show", func() {
		v.d.Hide()
		u.view.SetSelection(r.Start, r.End)
		u.view.CentreOffset(r.Start)
		u.bar.hint("edit the gold span here: click it, press a label key to relabel, Delete to remove; a new span of yours is not gold — take the closest version first")
	})
	gold := "gold: —"
	if len(r.Gold) > 0 {
		gold = "gold: " + describeSpans(r.Gold)
	}
	rows = append(rows, container.NewBorder(nil, nil, container.NewHBox(none, show), nil, widget.NewLabel(gold)))
	return container.NewVBox(rows...)
}

// choose writes version k (-1 none) of annotate.Region i as gold.
func (v *adjudicationView) choose(i, k int) {
	r := v.regions[i]
	who := "none of them"
	if k >= 0 {
		who = r.Versions[k].Who + "'s version"
	}
	if err := v.u.adjudicate([]annotate.Region{r}, []int{k}, fmt.Sprintf("gold for %d–%d: %s", r.Start, r.End, who)); err != nil {
		v.u.showError("Adjudicate", err)
	}
	v.rebuild()
}

// takeAgreements writes gold for every annotate.Region where all agree and that
// has none yet, as one step.
func (v *adjudicationView) takeAgreements() {
	var rs []annotate.Region
	for _, r := range v.regions {
		if r.Agree() && len(r.Gold) == 0 {
			rs = append(rs, r)
		}
	}
	what := fmt.Sprintf("%d agreements taken as gold", len(rs))
	if err := v.u.adjudicate(rs, make([]int, len(rs)), what); err != nil {
		v.u.showError("Adjudicate", err)
	}
	v.u.bar.hint(what)
	v.rebuild()
}

func describeSpans(spans []annotate.Span) string {
	if len(spans) == 0 {
		return "nothing marked"
	}
	parts := make([]string, len(spans))
	for i, s := range spans {
		parts[i] = fmt.Sprintf("%s %q", s.Label, clipText(s.Text))
	}
	return strings.Join(parts, "; ")
}

// oneLine puts s on one line: each run of white space becomes one space
// (kept at the ends, so that pieces join as in the text).
func oneLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}
