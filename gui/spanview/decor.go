package spanview

import (
	"sort"

	"github.com/spanmark/spanmark/annotate"
)

// Decor is one span's part on one visual line, for drawing.
//
// Entities at level 0 (the outermost or first of overlapping spans) are
// drawn as a background; deeper entity levels as stacked underlines below
// the text. Claims are drawn apart, as a bracket under the text (an
// underline with ticks at its ends), so entities inside a claim stay
// readable; overlapping claims stack by their own levels.
type Decor struct {
	ID     string
	Label  string
	Tag    string // the tag's text (Model.Tag)
	Kind   annotate.Kind
	Level  int
	X0, X1 float32 // x interval on the line
	First  bool    // the span starts on this line: draw its tag and opening tick
	Last   bool    // the span ends on this line: draw its closing tick
	TagX   float32 // where the tag starts (First only), moved right so tags do not overlap
	TagW   float32
	// Suggested: a suggestion nobody has decided on (drawn hollow).
	Suggested bool
	// Rejected: a reviewer rejected it (drawn faint and struck through).
	Rejected bool
}

// LineDecor appends line's decorations to dst (in drawing order: entities
// by level, then claims) and returns it.
func (m *Model) LineDecor(line int, dst []Decor) []Decor {
	dst = dst[:0]
	if line < 0 || line >= len(m.lineSpans) {
		return dst
	}
	for _, k := range m.lineSpans[line] {
		s := &m.spans[k]
		r, ok := m.RangeOnLine(line, s.Start, s.End)
		if !ok {
			continue
		}
		d := Decor{ID: s.ID, Label: s.Label, Tag: m.Tag(s), Kind: m.spanKind(s), Level: m.levels[k], X0: r.X0, X1: r.X1,
			Suggested: s.Review == annotate.ReviewSuggested, Rejected: s.Review == annotate.ReviewRejected}
		l := m.lines[line]
		d.First = s.Start >= l.Start
		d.Last = s.End <= l.End
		if d.First {
			d.TagX = d.X0
			d.TagW = m.meas.TagWidth(d.Tag)
		}
		dst = append(dst, d)
	}
	sort.SliceStable(dst, func(i, j int) bool {
		a, b := &dst[i], &dst[j]
		if (a.Kind == annotate.KindClaim) != (b.Kind == annotate.KindClaim) {
			return b.Kind == annotate.KindClaim
		}
		return a.Level < b.Level
	})
	// tags left to right, each after the one before
	var tags []int
	for i := range dst {
		if dst[i].First {
			tags = append(tags, i)
		}
	}
	sort.SliceStable(tags, func(i, j int) bool { return dst[tags[i]].TagX < dst[tags[j]].TagX })
	var next float32
	for _, i := range tags {
		if dst[i].TagX < next {
			dst[i].TagX = next
		}
		next = dst[i].TagX + dst[i].TagW + tagGap
	}
	return dst
}

const tagGap = 2

// Cuts appends to dst the offsets inside line (Start < cut < End) where a
// span begins or ends, sorted: the renderer draws the text in pieces
// between them so each piece starts exactly where its highlight does.
func (m *Model) Cuts(line int, dst []int) []int {
	dst = dst[:0]
	if line < 0 || line >= len(m.lines) {
		return dst
	}
	l := m.lines[line]
	if line < len(m.lineSpans) {
		for _, k := range m.lineSpans[line] {
			s := &m.spans[k]
			for _, c := range [2]int{s.Start, s.End} {
				if c > l.Start && c < l.End {
					dst = append(dst, c)
				}
			}
		}
	}
	sort.Ints(dst)
	out := dst[:0]
	for i, c := range dst {
		if i == 0 || c != dst[i-1] {
			out = append(out, c)
		}
	}
	return out
}
