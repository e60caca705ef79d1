package spanview

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/spanmark/spanmark/annotate"
)

func arcModel(t *testing.T, text string, width float32, spans []annotate.Span, rels []annotate.Relation) *Model {
	t.Helper()
	m := newTestModel(text, width)
	m.SetLabels(annotate.DefaultLabels())
	m.SetSpans(spans)
	m.SetRelations(rels)
	return m
}

const sissiSaid = "Sissi said that Egypt would win the war on terror."

// sissiSpans are a PERSON (p), a GPE (g) and a CLAIM (c) in sissiSaid.
func sissiSpans(t *testing.T) []annotate.Span {
	at := func(s string) int { return runeIndex(t, sissiSaid, s) }
	return []annotate.Span{
		{ID: "p", Label: "PERSON", Kind: annotate.KindEntity, Start: 0, End: 5},
		{ID: "g", Label: "GPE", Kind: annotate.KindEntity, Start: at("Egypt"), End: at("Egypt") + 5},
		{ID: "c", Label: "CLAIM", Kind: annotate.KindClaim, Start: at("Egypt"), End: at("terror") + 6},
	}
}

func TestRelationArcsJoinTheTagsOfTheirSpans(t *testing.T) {
	text := sissiSaid
	at := func(s string) int { return runeIndex(t, text, s) }
	spans := sissiSpans(t)
	rels := []annotate.Relation{{Head: "c", Child: "p", Label: "SPEAKER"}, {Head: "c", Child: "g", Label: "ABOUT"},
		{Head: "c", Child: "gone", Label: "ABOUT"}}

	// one line: both arcs on it, each dropping onto both tags
	m := arcModel(t, text, 2000, spans, rels)
	if n := len(m.Relations()); n != 2 {
		t.Fatalf("%d relations kept, want 2 (one names a span not shown)", n)
	}
	tagX := map[string]float32{}
	for _, d := range m.LineDecor(0, nil) {
		if d.First {
			tagX[d.ID] = d.TagX + d.TagW/2
		}
	}
	arcs := m.LineArcs(0, nil)
	if len(arcs) != 2 {
		t.Fatalf("%d arcs, want 2: %+v", len(arcs), arcs)
	}
	for _, a := range arcs {
		lo, hi := min(tagX[a.Head], tagX[a.Child]), max(tagX[a.Head], tagX[a.Child])
		if a.X0 != lo || a.X1 != hi || !a.Drop0 || !a.Drop1 {
			t.Errorf("%s arc %v..%v drops %v %v, want from tag to tag %v..%v", a.Label, a.X0, a.X1, a.Drop0, a.Drop1, lo, hi)
		}
		if childLeft := tagX[a.Child] < tagX[a.Head]; a.Arrow0 != childLeft || a.Arrow1 == childLeft {
			t.Errorf("%s arc arrows %v %v, want the arrow at the child's end", a.Label, a.Arrow0, a.Arrow1)
		}
		if a.LabelX != (a.X0+a.X1)/2 || a.Label == "" {
			t.Errorf("%s arc label at %v", a.Label, a.LabelX)
		}
	}
	if arcs[0].Slot == arcs[1].Slot {
		t.Errorf("overlapping arcs share slot %d", arcs[0].Slot)
	}

	// wrapped: the SPEAKER arc leaves Sissi's line at the right edge and
	// comes to the claim's line from the left one; lines between get none
	m = arcModel(t, text, 60, spans, rels)
	pl, cl := m.LineOf(0), m.LineOf(at("Egypt"))
	if cl-pl < 2 {
		t.Fatalf("test needs a line between the spans: lines %d and %d", pl, cl)
	}
	var speaker []ArcPart
	for line := 0; line < m.NumLines(); line++ {
		for _, a := range m.LineArcs(line, nil) {
			if a.Label != "SPEAKER" {
				continue
			}
			switch line {
			case pl:
				if !a.Drop0 || a.Drop1 || a.X1 != m.Width() || !a.Arrow0 {
					t.Errorf("upper part %+v, want from Sissi's tag (the child, with the arrow) to the right edge", a)
				}
			case cl:
				if a.Drop0 || !a.Drop1 || a.X0 != 0 || a.Arrow1 {
					t.Errorf("lower part %+v, want from the left edge to the claim's tag", a)
				}
			default:
				t.Errorf("SPEAKER drawn on line %d, between its spans", line)
			}
			speaker = append(speaker, a)
		}
	}
	if len(speaker) != 2 {
		t.Fatalf("SPEAKER in %d parts, want 2", len(speaker))
	}
}

// countArcLines counts the visible arc lines drawn in the view's rows.
func countArcLines(v *View, w fyne.Window) int {
	n := 0
	for _, o := range test.LaidOutObjects(w.Content()) {
		if l, ok := o.(*canvas.Line); ok && l.Visible() {
			n++
		}
	}
	return n
}

func TestArcsAreDrawnAndCanBeHidden(t *testing.T) {
	v, w := newTestView(t, sissiSaid, sissiSpans(t), fyne.NewSize(600, 300))
	plain := v.geom.pitch
	if n := countArcLines(v, w); n != 0 {
		t.Fatalf("%d arc lines before any relation", n)
	}
	v.SetRelations([]annotate.Relation{{Head: "c", Child: "p", Label: "SPEAKER"}})
	// a line, two drops and an arrowhead of two strokes (the line is in
	// two pieces around its label)
	if n := countArcLines(v, w); n != 6 {
		t.Fatalf("%d arc lines with one relation, want 6", n)
	}
	if v.geom.pitch <= plain {
		t.Fatalf("no arc band: pitch %v, %v without relations", v.geom.pitch, plain)
	}
	found := false
	for _, o := range test.LaidOutObjects(w.Content()) {
		if tx, ok := o.(*canvas.Text); ok && tx.Visible() && tx.Text == "SPEAKER" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no SPEAKER label drawn")
	}
	v.SetShowArcs(false)
	if n := countArcLines(v, w); n != 0 || v.geom.pitch != plain {
		t.Fatalf("arcs hidden: %d lines, pitch %v (want 0 and %v)", n, v.geom.pitch, plain)
	}
	v.SetShowArcs(true)
	if n := countArcLines(v, w); n != 6 {
		t.Fatalf("arcs shown again: %d lines", n)
	}
}
