package spanview

import (
	"sort"

	"github.com/spanmark/spanmark/annotate"
)

// Relation arcs, as brat and INCEpTION draw them: a relation (a claim's
// SPEAKER or ABOUT link to an entity) is a line in a band above the tags
// that drops onto the tag of each of its two spans, with its label on it
// and an arrowhead at the child. When both spans start on one line the
// arc is drawn there; otherwise its part on the upper line runs from the
// span to the column's edge (the right one, the left one in a
// right-to-left paragraph) and its part on the lower line comes in from
// the other edge. Arcs that overlap on a line get different heights.

// ArcPart is the part of one relation drawn on one line.
type ArcPart struct {
	Head, Child string // span ids
	Label       string
	X0, X1      float32 // the arc's horizontal extent on the line
	// Drop0, Drop1: the arc drops onto a span's tag at X0 or X1 (that
	// span starts on this line); without a drop that end is the edge of
	// the column, where the arc goes on on another line.
	Drop0, Drop1 bool
	// Arrow0, Arrow1: the drop at X0 or X1 is onto the child (arrowhead).
	Arrow0, Arrow1 bool
	Slot           int     // height in the arc band, 0 the lowest
	LabelX         float32 // where the label's centre is
	LabelW         float32
}

// maxArcSlots is how many heights arcs on one line use; more share the top.
const maxArcSlots = 2

// SetRelations replaces the relations drawn as arcs. Those naming a span
// the model does not have (now, or after SetSpans) are left out.
func (m *Model) SetRelations(rels []annotate.Relation) {
	m.relsIn = append(m.relsIn[:0], rels...)
	m.filterRelations()
}

func (m *Model) filterRelations() {
	m.rels = m.rels[:0]
	for _, r := range m.relsIn {
		if _, ok := m.SpanByID(r.Head); !ok {
			continue
		}
		if _, ok := m.SpanByID(r.Child); !ok {
			continue
		}
		m.rels = append(m.rels, r)
	}
}

// Relations returns the relations drawn (SetRelations, less those whose
// spans are not shown).
func (m *Model) Relations() []annotate.Relation { return m.rels }

// LinkedTo returns the relations whose head or child is span id.
func (m *Model) LinkedTo(id string) []annotate.Relation {
	var out []annotate.Relation
	for _, r := range m.rels {
		if r.Head == id || r.Child == id {
			out = append(out, r)
		}
	}
	return out
}

// tagCentre returns the line where span id starts and the x of the centre
// of its tag there.
func (m *Model) tagCentre(id string, cache map[int][]Decor) (int, float32, bool) {
	s, ok := m.SpanByID(id)
	if !ok || len(m.lines) == 0 {
		return 0, 0, false
	}
	line := m.LineOf(s.Start)
	d, ok := cache[line]
	if !ok {
		d = m.LineDecor(line, nil)
		cache[line] = d
	}
	for _, x := range d {
		if x.ID == id && x.First {
			return line, x.TagX + x.TagW/2, true
		}
	}
	return line, 0, false
}

// LineArcs appends the arc parts drawn on line to dst and returns it.
func (m *Model) LineArcs(line int, dst []ArcPart) []ArcPart {
	dst = dst[:0]
	if len(m.rels) == 0 || line < 0 || line >= len(m.lines) {
		return dst
	}
	cache := map[int][]Decor{}
	for _, r := range m.rels {
		hl, hx, ok1 := m.tagCentre(r.Head, cache)
		cl, cx, ok2 := m.tagCentre(r.Child, cache)
		if !ok1 || !ok2 || line < min(hl, cl) || line > max(hl, cl) {
			continue
		}
		p := ArcPart{Head: r.Head, Child: r.Child, Label: r.Label, LabelW: m.meas.TagWidth(r.Label)}
		switch {
		case hl == cl:
			p.X0, p.X1 = min(hx, cx), max(hx, cx)
			p.Drop0, p.Drop1 = true, true
			p.Arrow0, p.Arrow1 = cx < hx, cx >= hx
		case line == min(hl, cl): // the upper end: out to the edge
			x := hx
			if cl < hl {
				x = cx
			}
			child := cl < hl
			if m.lines[line].RTL {
				p.X0, p.X1, p.Drop1, p.Arrow1 = 0, x, true, child
			} else {
				p.X0, p.X1, p.Drop0, p.Arrow0 = x, m.width, true, child
			}
		case line == max(hl, cl): // the lower end: in from the other edge
			x := hx
			if cl > hl {
				x = cx
			}
			child := cl > hl
			if m.lines[min(hl, cl)].RTL {
				p.X0, p.X1, p.Drop0, p.Arrow0 = x, m.width, true, child
			} else {
				p.X0, p.X1, p.Drop1, p.Arrow1 = 0, x, true, child
			}
		default:
			continue // a line in between: nothing drawn
		}
		// the label at the middle, inside the column
		p.LabelX = max(p.LabelW/2, min((p.X0+p.X1)/2, m.width-p.LabelW/2))
		dst = append(dst, p)
	}
	// heights: each arc the lowest slot free of overlapping arcs (and labels)
	sort.SliceStable(dst, func(i, j int) bool { return dst[i].X1-dst[i].X0 < dst[j].X1-dst[j].X0 })
	for i := range dst {
		a := &dst[i]
		lo, hi := min(a.X0, a.LabelX-a.LabelW/2), max(a.X1, a.LabelX+a.LabelW/2)
		used := [maxArcSlots]bool{}
		for j := range i {
			b := &dst[j]
			blo, bhi := min(b.X0, b.LabelX-b.LabelW/2), max(b.X1, b.LabelX+b.LabelW/2)
			if blo < hi && lo < bhi {
				used[b.Slot] = true
			}
		}
		a.Slot = maxArcSlots - 1
		for s := range used {
			if !used[s] {
				a.Slot = s
				break
			}
		}
	}
	return dst
}
