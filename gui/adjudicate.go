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
	"github.com/spanmark/spanmark/gui/spanview"
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

// adjudicationView is the Review ▸ Adjudicate dialog of the open article:
// the places still to decide on the left, the place chosen on the right
// with each annotator's version side by side on the article's text.
type adjudicationView struct {
	u       *ui
	d       dialog.Dialog
	head    *widget.Label
	all     *widget.Check // list agreed and decided places too
	list    *widget.List
	detail  *fyne.Container
	regions []annotate.Region
	listed  []int // indexes into regions of the places listed
	cur     int   // index into regions of the place shown; -1 none

	columns []*spanview.View // the place's text with each version's spans, in the versions' order
	takes   []*widget.Button // "take" of each version
}

// showAdjudication lists where the annotators of the open article differ
// and lets the reviewer pick a version of each place (written as gold).
// It opens on the place shown when it was last closed.
func (u *ui) showAdjudication() *adjudicationView {
	if u.s.Cur == nil {
		return nil
	}
	if names := annotate.Annotators(u.s.Cur.Spans); len(names) < 2 {
		u.showError("Adjudicate", fmt.Errorf("article %s has spans by %d annotator(s) %v: adjudication compares two or more (merge their databases first: File ▸ Merge database…)", u.s.Cur.ID, len(names), names))
		return nil
	}
	v := &adjudicationView{u: u, cur: -1, head: widget.NewLabel(""), detail: container.NewStack()}
	v.head.Wrapping = fyne.TextWrapWord
	v.all = widget.NewCheck("list agreed and decided places too", func(bool) { v.rebuild(v.startOf(v.cur)) })
	agreeAll := widget.NewButton("Take every agreement as gold", func() { v.takeAgreements() })
	v.list = widget.NewList(func() int { return len(v.listed) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(v.placeTitle(v.listed[id])) })
	v.list.OnSelected = func(id widget.ListItemID) { v.show(v.listed[id]) }
	at, ok := u.s.Adjudication.LeftAt(u.s.Cur.ID)
	if !ok {
		at = -1
	}
	v.rebuild(at)
	split := container.NewHSplit(v.list, v.detail)
	split.Offset = 0.3
	top := container.NewVBox(v.head, container.NewHBox(v.all, agreeAll))
	v.d = dialog.NewCustom("Adjudicate "+u.s.Cur.ID, "Close", container.NewBorder(top, nil, nil, nil, split), u.win)
	v.d.Resize(fyne.NewSize(1100, 680))
	v.d.Show()
	v.centre()
	return v
}

// decided reports whether place r has a decision: gold spans, or "none".
func (v *adjudicationView) decided(r annotate.Region) bool {
	return len(r.Gold) > 0 || v.u.s.Adjudication.DecidedNone(v.u.s.Cur.ID, r.Start, r.End)
}

// startOf is the start of region i, -1 when i is none.
func (v *adjudicationView) startOf(i int) int {
	if i < 0 || i >= len(v.regions) {
		return -1
	}
	return v.regions[i].Start
}

// rebuild reads the places again from the article as stored and shows the
// first listed place starting at or after code point at (else the first).
func (v *adjudicationView) rebuild(at int) {
	u := v.u
	v.regions = annotate.AdjudicationRegions(u.s.Cur.Spans)
	v.listed = v.listed[:0]
	differ, done := 0, 0
	for i, r := range v.regions {
		if !r.Agree() {
			differ++
		}
		if v.decided(r) {
			done++
		}
		if v.all.Checked || (!r.Agree() && !v.decided(r)) {
			v.listed = append(v.listed, i)
		}
	}
	names := annotate.Annotators(u.s.Cur.Spans)
	v.head.SetText(fmt.Sprintf("%s: %d places marked by %s; they differ in %d; %d decided (gold spans, annotator %q, or none). %d listed. Take a version; to correct one, take the closest and edit its gold span (Show in article).",
		u.s.Cur.ID, len(v.regions), strings.Join(names, ", "), differ, done, annotate.GoldAnnotator, len(v.listed)))
	v.list.UnselectAll()
	v.list.Refresh()
	pick := -1
	for k, i := range v.listed {
		if v.regions[i].Start >= at {
			pick = k
			break
		}
	}
	if pick < 0 && len(v.listed) > 0 {
		pick = 0
	}
	if pick < 0 {
		v.cur = -1
		v.columns, v.takes = nil, nil
		done := widget.NewLabel("Every place where they differ is decided. Tick \"list agreed and decided places too\" to see them again.")
		done.Wrapping = fyne.TextWrapWord
		v.detail.Objects = []fyne.CanvasObject{container.NewVBox(done)}
		v.detail.Refresh()
		return
	}
	v.list.Select(pick) // shows it (OnSelected)
	v.list.ScrollTo(pick)
}

// placeTitle names region i in the list.
func (v *adjudicationView) placeTitle(i int) string {
	r := v.regions[i]
	what := "differ"
	switch {
	case len(r.Gold) > 0:
		what = "gold"
	case v.decided(r):
		what = "none"
	case r.Agree():
		what = "agree"
	}
	return fmt.Sprintf("%d–%d %s: %s", r.Start, r.End, what, oneLine(v.u.s.Idx.Slice(r.Start, r.End)))
}

// adjContext is how many code points of text the side-by-side views show
// on either side of a place.
const adjContext = 120

// show puts region i beside the list: its text around it once per
// version, each with that version's spans, and a button to take it.
func (v *adjudicationView) show(i int) {
	u := v.u
	r := v.regions[i]
	v.cur = i
	u.s.Adjudication.Leave(u.s.Cur.ID, r.Start)
	from, to := contextAround(u.s.Idx, r.Start, r.End, adjContext)
	text := u.s.Idx.Slice(from, to)
	chosen := r.Chosen()
	v.columns, v.takes = v.columns[:0], v.takes[:0]
	cols := make([]fyne.CanvasObject, 0, len(r.Versions))
	for k, ver := range r.Versions {
		shifted := make([]annotate.Span, len(ver.Spans))
		for j, s := range ver.Spans {
			s.Start, s.End = s.Start-from, s.End-from
			shifted[j] = s
		}
		view := spanview.New()
		view.SetDocument(text, shifted, u.s.Labels)
		mark := ""
		if k == chosen {
			mark = "✔ "
		}
		take := widget.NewButton(fmt.Sprintf("%sTake %s's version", mark, ver.Who), func() { v.choose(i, k) })
		if k == chosen {
			take.Importance = widget.HighImportance
		}
		who := widget.NewLabelWithStyle(ver.Who, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		spans := widget.NewLabel(describeSpans(ver.Spans))
		spans.Wrapping = fyne.TextWrapWord
		cols = append(cols, container.NewBorder(who, container.NewVBox(spans, take), nil, nil, view))
		v.columns, v.takes = append(v.columns, view), append(v.takes, take)
	}
	title := widget.NewLabelWithStyle(v.placeTitle(i), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	none := widget.NewButton("None of them", func() { v.choose(i, -1) })
	showIt := widget.NewButton("Show in article", func() {
		v.d.Hide()
		u.view.SetSelection(r.Start, r.End)
		u.view.CentreOffset(r.Start)
		u.bar.hint("edit the gold span here: click it, press a label key to relabel, Delete to remove; a new span of yours is not gold — take the closest version first")
	})
	gold := "gold: —"
	if len(r.Gold) > 0 {
		gold = "gold: " + describeSpans(r.Gold)
	}
	bottom := container.NewBorder(nil, nil, container.NewHBox(none, showIt), nil, widget.NewLabel(gold))
	v.detail.Objects = []fyne.CanvasObject{container.NewBorder(title, bottom, nil, nil, container.NewGridWithColumns(len(cols), cols...))}
	v.detail.Refresh()
	v.centre()
}

// centre scrolls each version's text to the place (once it is laid out).
func (v *adjudicationView) centre() {
	if v.cur < 0 {
		return
	}
	r := v.regions[v.cur]
	from, _ := contextAround(v.u.s.Idx, r.Start, r.End, adjContext)
	for _, c := range v.columns {
		c.CentreOffset(r.Start - from)
	}
}

// contextAround widens code points start–end by about n on either side,
// to word boundaries, within the text.
func contextAround(idx *annotate.RuneIndex, start, end, n int) (from, to int) {
	from, to = max(0, start-n), min(idx.Len(), end+n)
	for from > 0 && from < start && !unicode.IsSpace([]rune(idx.Slice(from-1, from))[0]) {
		from++
	}
	for to < idx.Len() && to > end && !unicode.IsSpace([]rune(idx.Slice(to, to+1))[0]) {
		to--
	}
	return from, to
}

// choose writes version k (-1 none) of region i as gold; the place leaves
// the list and the next one is shown.
func (v *adjudicationView) choose(i, k int) {
	u := v.u
	r := v.regions[i]
	who := "none of them"
	if k >= 0 {
		who = r.Versions[k].Who + "'s version"
	}
	if err := u.adjudicate([]annotate.Region{r}, []int{k}, fmt.Sprintf("gold for %d–%d: %s", r.Start, r.End, who)); err != nil {
		u.showError("Adjudicate", err)
		return
	}
	// a version that marks nothing is "none" too
	u.s.Adjudication.SetNone(u.s.Cur.ID, r.Start, r.End, k < 0 || len(r.Versions[k].Spans) == 0)
	at := r.Start
	if !v.all.Checked {
		at++ // the next place: this one leaves the list
	}
	v.rebuild(at)
}

// takeAgreements writes gold for every place where all agree and that has
// none yet, as one step.
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
	v.rebuild(v.startOf(v.cur))
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
