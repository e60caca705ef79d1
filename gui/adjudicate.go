package gui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
)

// goldAnnotator names the adjudicated spans: `spanmark export --annotator
// gold` writes the adjudicated set.
const goldAnnotator = "gold"

// version is one annotator's spans in a region.
type version struct {
	who   string
	spans []annotate.Span
}

// region is a stretch of an article covered by overlapping spans of the
// annotators, with each annotator's version of it and the adjudicated
// (gold) spans already there.
type region struct {
	start, end int // code points
	versions   []version
	gold       []annotate.Span
}

// agree reports whether every annotator marked the region alike (same
// offsets and labels).
func (r *region) agree() bool {
	for _, v := range r.versions[1:] {
		if !sameSpans(v.spans, r.versions[0].spans) {
			return false
		}
	}
	return true
}

// chosen is the index of the version the gold spans equal; -1 when there
// are none or they equal no version (edited by hand).
func (r *region) chosen() int {
	if len(r.gold) == 0 {
		return -1
	}
	for i, v := range r.versions {
		if sameSpans(v.spans, r.gold) {
			return i
		}
	}
	return -1
}

// sameSpans compares two span lists on (start, end, label), in any order.
func sameSpans(a, b []annotate.Span) bool {
	if len(a) != len(b) {
		return false
	}
	key := func(s annotate.Span) string { return fmt.Sprintf("%d:%d:%s", s.Start, s.End, s.Label) }
	ka, kb := make([]string, len(a)), make([]string, len(b))
	for i := range a {
		ka[i], kb[i] = key(a[i]), key(b[i])
	}
	slices.Sort(ka)
	slices.Sort(kb)
	return slices.Equal(ka, kb)
}

// articleAnnotators are the annotators of spans, sorted, gold left out.
func articleAnnotators(spans []annotate.Span) []string {
	var names []string
	for _, s := range spans {
		if s.Annotator != goldAnnotator && !slices.Contains(names, s.Annotator) {
			names = append(names, s.Annotator)
		}
	}
	slices.Sort(names)
	return names
}

// adjudicationRegions splits an article's spans (gold left out) into the
// places to adjudicate, in text order: every span that all annotators
// marked alike (same offsets and label) is a place of its own where they
// agree; the other spans are grouped into maximal runs of overlapping
// spans, each with every annotator's version (maybe empty: only one of
// them marked something there). Gold spans go with the agreement they
// equal, else with the first place they overlap.
func adjudicationRegions(spans []annotate.Span) []region {
	names := articleAnnotators(spans)
	key := func(s annotate.Span) string { return fmt.Sprintf("%d:%d:%s", s.Start, s.End, s.Label) }
	who := map[string]map[string]bool{}
	var work, gold []annotate.Span
	for _, s := range spans {
		if s.Annotator == goldAnnotator {
			gold = append(gold, s)
			continue
		}
		work = append(work, s)
		if who[key(s)] == nil {
			who[key(s)] = map[string]bool{}
		}
		who[key(s)][s.Annotator] = true
	}
	slices.SortFunc(work, func(a, b annotate.Span) int { return spanBefore(&a, &b) })
	newRegion := func(s annotate.Span) region {
		r := region{start: s.Start, end: s.End, versions: make([]version, len(names))}
		for i, n := range names {
			r.versions[i].who = n
		}
		return r
	}
	add := func(r *region, s annotate.Span) {
		i := slices.Index(names, s.Annotator)
		r.versions[i].spans = append(r.versions[i].spans, s)
	}
	var agreed, differ []region
	agreedAt := map[string]int{}
	for _, s := range work {
		k := key(s)
		if len(who[k]) == len(names) {
			i, ok := agreedAt[k]
			if !ok {
				i = len(agreed)
				agreedAt[k] = i
				agreed = append(agreed, newRegion(s))
			}
			add(&agreed[i], s)
			continue
		}
		if n := len(differ); n > 0 && s.Start < differ[n-1].end {
			differ[n-1].end = max(differ[n-1].end, s.End)
			add(&differ[n-1], s)
			continue
		}
		differ = append(differ, newRegion(s))
		add(&differ[len(differ)-1], s)
	}
	regions := append(agreed, differ...)
	slices.SortStableFunc(regions, func(a, b region) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(b.end, a.end)) })
	for _, g := range gold {
		best := -1
		for i := range regions {
			r := &regions[i]
			if r.agree() && len(r.versions[0].spans) > 0 && key(r.versions[0].spans[0]) == key(g) {
				best = i
				break
			}
			if best < 0 && !r.agree() && g.Start < r.end && r.start < g.End {
				best = i
			}
		}
		if best < 0 {
			for i := range regions {
				if g.Start < regions[i].end && regions[i].start < g.End {
					best = i
					break
				}
			}
		}
		if best >= 0 {
			regions[best].gold = append(regions[best].gold, g)
		}
	}
	return regions
}

// goldChanges are the changes that make the gold spans of region r those
// of version v (v < 0: none), accepted by this reviewer at now.
func (u *ui) goldChanges(r region, v int, now time.Time) []annotate.Change {
	var want []annotate.Span
	if v >= 0 {
		want = r.versions[v].spans
	}
	if sameSpans(want, r.gold) {
		return nil
	}
	var cs []annotate.Change
	for _, g := range r.gold {
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
			Annotator: goldAnnotator, Review: annotate.ReviewAccepted, Reviewer: u.s.Annotator, Reviewed: now}
		cs = append(cs, annotate.Change{Kind: annotate.ChangeAddSpan, ArticleID: u.s.Cur.ID, Span: g})
	}
	return cs
}

// adjudicate makes the gold spans of each region those of the version
// chosen for it (-1: none) in one transaction and one step of the history
// (one Ctrl+Z undoes it), and shows the result; on failure nothing of it
// is written.
func (u *ui) adjudicate(regions []region, chosen []int, what string) error {
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
	u.showSpans(true)
	u.saved(what)
	return nil
}

// adjudicationView is the Review ▸ Adjudicate dialog of the open article.
type adjudicationView struct {
	u       *ui
	d       dialog.Dialog
	body    *fyne.Container
	all     *widget.Check // show regions where everybody agrees too
	regions []region
}

// showAdjudication lists where the annotators of the open article differ
// and lets the reviewer pick a version of each place (written as gold).
func (u *ui) showAdjudication() *adjudicationView {
	if u.s.Cur == nil {
		return nil
	}
	if names := articleAnnotators(u.s.Cur.Spans); len(names) < 2 {
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
	v.regions = adjudicationRegions(u.s.Cur.Spans)
	v.body.RemoveAll()
	differ, done := 0, 0
	for _, r := range v.regions {
		if !r.agree() {
			differ++
		}
		if len(r.gold) > 0 {
			done++
		}
	}
	names := articleAnnotators(u.s.Cur.Spans)
	head := widget.NewLabel(fmt.Sprintf("%s: %d places marked by %s; they differ in %d; %d have gold spans (annotator %q). Take a version; to correct one, take the closest and edit its gold span (Show).",
		u.s.Cur.ID, len(v.regions), strings.Join(names, ", "), differ, done, goldAnnotator))
	head.Wrapping = fyne.TextWrapWord
	v.body.Add(head)
	for i := range v.regions {
		r := v.regions[i]
		if r.agree() && !v.all.Checked {
			continue
		}
		v.body.Add(widget.NewSeparator())
		v.body.Add(v.regionRow(i, r))
	}
}

func (v *adjudicationView) regionRow(i int, r region) fyne.CanvasObject {
	u := v.u
	what := "differ"
	if r.agree() {
		what = "agree"
	}
	ctxStart, ctxEnd := max(0, r.start-30), min(u.s.Idx.Len(), r.end+30)
	snippet := "…" + oneLine(u.s.Idx.Slice(ctxStart, r.start)) + "«" + oneLine(u.s.Idx.Slice(r.start, r.end)) + "»" + oneLine(u.s.Idx.Slice(r.end, ctxEnd)) + "…"
	title := widget.NewLabelWithStyle(fmt.Sprintf("%d–%d (%s): %s", r.start, r.end, what, snippet), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	rows := []fyne.CanvasObject{title}
	chosen := r.chosen()
	for k, ver := range r.versions {
		mark := "   "
		if k == chosen {
			mark = "✔ "
		}
		b := widget.NewButton(mark+"take "+ver.who, func() { v.choose(i, k) })
		rows = append(rows, container.NewBorder(nil, nil, b, nil, widget.NewLabel(describeSpans(ver.spans))))
	}
	none := widget.NewButton("none of them", func() { v.choose(i, -1) })
	show := widget.NewButton("Show", func() {
		v.d.Hide()
		u.view.SetSelection(r.start, r.end)
		u.view.CentreOffset(r.start)
		u.bar.hint("edit the gold span here: click it, press a label key to relabel, Delete to remove; a new span of yours is not gold — take the closest version first")
	})
	gold := "gold: —"
	if len(r.gold) > 0 {
		gold = "gold: " + describeSpans(r.gold)
	}
	rows = append(rows, container.NewBorder(nil, nil, container.NewHBox(none, show), nil, widget.NewLabel(gold)))
	return container.NewVBox(rows...)
}

// choose writes version k (-1 none) of region i as gold.
func (v *adjudicationView) choose(i, k int) {
	r := v.regions[i]
	who := "none of them"
	if k >= 0 {
		who = r.versions[k].who + "'s version"
	}
	if err := v.u.adjudicate([]region{r}, []int{k}, fmt.Sprintf("gold for %d–%d: %s", r.start, r.end, who)); err != nil {
		v.u.showError("Adjudicate", err)
	}
	v.rebuild()
}

// takeAgreements writes gold for every region where all agree and that
// has none yet, as one step.
func (v *adjudicationView) takeAgreements() {
	var rs []region
	for _, r := range v.regions {
		if r.agree() && len(r.gold) == 0 {
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
