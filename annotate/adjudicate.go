package annotate

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// GoldAnnotator names the adjudicated spans: `spanmark export --annotator
// gold` writes the adjudicated set.
const GoldAnnotator = "gold"

// ReadingOrder orders spans in reading order: start, longer first, id.
func ReadingOrder(a, b *Span) int {
	return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End), cmp.Compare(a.ID, b.ID))
}

// Version is one annotator's spans in a region.
type Version struct {
	Who   string
	Spans []Span
}

// Region is a stretch of an article covered by overlapping spans of the
// annotators, with each annotator's version of it and the adjudicated
// (gold) spans already there.
type Region struct {
	Start, End int // code points
	Versions   []Version
	Gold       []Span
}

// Agree reports whether every annotator marked the region alike (same
// offsets and labels).
func (r *Region) Agree() bool {
	for _, v := range r.Versions[1:] {
		if !SameSpans(v.Spans, r.Versions[0].Spans) {
			return false
		}
	}
	return true
}

// Chosen is the index of the version the gold spans equal; -1 when there
// are none or they equal no version (edited by hand).
func (r *Region) Chosen() int {
	if len(r.Gold) == 0 {
		return -1
	}
	for i, v := range r.Versions {
		if SameSpans(v.Spans, r.Gold) {
			return i
		}
	}
	return -1
}

// SameSpans compares two span lists on (start, end, label), in any order.
func SameSpans(a, b []Span) bool {
	if len(a) != len(b) {
		return false
	}
	key := func(s Span) string { return fmt.Sprintf("%d:%d:%s", s.Start, s.End, s.Label) }
	ka, kb := make([]string, len(a)), make([]string, len(b))
	for i := range a {
		ka[i], kb[i] = key(a[i]), key(b[i])
	}
	slices.Sort(ka)
	slices.Sort(kb)
	return slices.Equal(ka, kb)
}

// Annotators are the annotators of spans, sorted, gold left out.
func Annotators(spans []Span) []string {
	var names []string
	for _, s := range spans {
		if s.Annotator != GoldAnnotator && !slices.Contains(names, s.Annotator) {
			names = append(names, s.Annotator)
		}
	}
	slices.Sort(names)
	return names
}

// AdjudicationRegions splits an article's spans (gold left out) into the
// places to adjudicate, in text order: every span that all annotators
// marked alike (same offsets and label) is a place of its own where they
// agree; the other spans are grouped into maximal runs of overlapping
// spans, each with every annotator's version (maybe empty: only one of
// them marked something there). Gold spans go with the agreement they
// equal, else with the first place they overlap.
func AdjudicationRegions(spans []Span) []Region {
	names := Annotators(spans)
	key := func(s Span) string { return fmt.Sprintf("%d:%d:%s", s.Start, s.End, s.Label) }
	who := map[string]map[string]bool{}
	var work, gold []Span
	for _, s := range spans {
		if s.Annotator == GoldAnnotator {
			gold = append(gold, s)
			continue
		}
		work = append(work, s)
		if who[key(s)] == nil {
			who[key(s)] = map[string]bool{}
		}
		who[key(s)][s.Annotator] = true
	}
	slices.SortFunc(work, func(a, b Span) int { return ReadingOrder(&a, &b) })
	newRegion := func(s Span) Region {
		r := Region{Start: s.Start, End: s.End, Versions: make([]Version, len(names))}
		for i, n := range names {
			r.Versions[i].Who = n
		}
		return r
	}
	add := func(r *Region, s Span) {
		i := slices.Index(names, s.Annotator)
		r.Versions[i].Spans = append(r.Versions[i].Spans, s)
	}
	var agreed, differ []Region
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
		if n := len(differ); n > 0 && s.Start < differ[n-1].End {
			differ[n-1].End = max(differ[n-1].End, s.End)
			add(&differ[n-1], s)
			continue
		}
		differ = append(differ, newRegion(s))
		add(&differ[len(differ)-1], s)
	}
	regions := append(agreed, differ...)
	slices.SortStableFunc(regions, func(a, b Region) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End)) })
	for _, g := range gold {
		best := -1
		for i := range regions {
			r := &regions[i]
			if r.Agree() && len(r.Versions[0].Spans) > 0 && key(r.Versions[0].Spans[0]) == key(g) {
				best = i
				break
			}
			if best < 0 && !r.Agree() && g.Start < r.End && r.Start < g.End {
				best = i
			}
		}
		if best < 0 {
			for i := range regions {
				if g.Start < regions[i].End && regions[i].Start < g.End {
					best = i
					break
				}
			}
		}
		if best >= 0 {
			regions[best].Gold = append(regions[best].Gold, g)
		}
	}
	return regions
}

// GroupAlike returns spans with those of the same offsets and label shown
// once: the first of them, its annotator the names of all joined by "+".
func GroupAlike(spans []Span) []Span {
	type key struct {
		start, end int
		label      string
	}
	at := map[key]int{}
	out := make([]Span, 0, len(spans))
	var names [][]string
	for _, s := range spans {
		k := key{s.Start, s.End, s.Label}
		if i, ok := at[k]; ok {
			names[i] = append(names[i], s.Annotator)
			continue
		}
		at[k] = len(out)
		out = append(out, s)
		names = append(names, []string{s.Annotator})
	}
	for i := range out {
		if len(names[i]) > 1 {
			slices.Sort(names[i])
			out[i].Annotator = strings.Join(names[i], "+")
		}
	}
	return out
}
