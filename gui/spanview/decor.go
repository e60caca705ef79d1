package spanview

import (
	"sort"
	"strings"

	"github.com/spanmark/spanmark/annotate"
)

// Decor is one span's part on one visual line, for drawing: on a line in
// bidirectional order a span may have several parts on one line.
//
// Entities at level 0 (the outermost or first of overlapping spans) are
// drawn as a background; deeper entity levels as stacked underlines below
// the text. Claims are drawn apart, as a bracket under the text (an
// underline with ticks at its ends), so entities inside a claim stay
// readable; overlapping claims stack by their own levels.
type Decor struct {
	ID     string
	Label  string
	Tag    string // the tag's text (Model.Tag), shortened with … when tags are crowded
	Kind   annotate.Kind
	Level  int
	X0, X1 float32 // x interval on the line
	First  bool    // the span starts in this part: draw its tag
	Last   bool    // the span ends in this part
	// EdgeL, EdgeR: the span begins or ends at this part's left or right
	// edge (draw a bracket tick there); on a left-to-right line the same
	// as First and Last.
	EdgeL, EdgeR bool
	TagX         float32 // where the tag starts (First only): near the span's start, inside the column
	TagW         float32
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
	l := m.lines[line]
	bl := m.bline(line)
	var pbuf [4]piece
	for _, k := range m.lineSpans[line] {
		s := &m.spans[k]
		d := Decor{ID: s.ID, Label: s.Label, Tag: m.Tag(s), Kind: m.spanKind(s), Level: m.levels[k],
			Suggested: s.Review == annotate.ReviewSuggested, Rejected: s.Review == annotate.ReviewRejected}
		first, last := s.Start >= l.Start, s.End <= l.End
		if bl == nil {
			r, ok := m.RangeOnLine(line, s.Start, s.End)
			if !ok {
				continue
			}
			d.X0, d.X1 = r.X0, r.X1
			d.First, d.Last, d.EdgeL, d.EdgeR = first, last, first, last
			if first {
				d.TagX = d.X0
				d.TagW = m.meas.TagWidth(d.Tag)
			}
			dst = append(dst, d)
			continue
		}
		sc, ec := -1, -1 // the span's first and last clusters, when on this line
		if first {
			sc = clusterFloor(m.text, s.Start)
		}
		if last {
			ec = clusterFloor(m.text, s.End-1)
		}
		for _, p := range m.bidiPieces(l, bl, s.Start, s.End, pbuf[:0]) {
			d := d
			d.X0, d.X1 = p.x0, p.x1
			d.EdgeL = m.spanEdge(l, bl, p.lc, s, false)
			d.EdgeR = m.spanEdge(l, bl, p.rc, s, true)
			lo, hi := bl.vi[p.lc-l.Start], bl.vi[p.rc-l.Start]
			in := func(c int) bool { return c >= 0 && bl.vi[c-l.Start] >= lo && bl.vi[c-l.Start] <= hi }
			d.First, d.Last = in(sc), in(ec)
			if d.First {
				d.TagW = m.meas.TagWidth(d.Tag)
				d.TagX = m.xs[sc]
				if rtlAt(l, bl, sc) { // the tag ends where the span begins, at its right
					d.TagX = m.visRight(bl, int(bl.vi[sc-l.Start])) - d.TagW
				}
			}
			dst = append(dst, d)
		}
	}
	sort.SliceStable(dst, func(i, j int) bool {
		a, b := &dst[i], &dst[j]
		if (a.Kind == annotate.KindClaim) != (b.Kind == annotate.KindClaim) {
			return b.Kind == annotate.KindClaim
		}
		return a.Level < b.Level
	})
	m.placeTags(dst)
	return dst
}

// spanEdge reports whether span s begins or ends at the right (or left)
// edge of cluster c on a line in bidirectional order.
func (m *Model) spanEdge(l Line, bl *bidiLine, c int, s *annotate.Span, right bool) bool {
	ce := clusterEnd(m.text, c)
	if right == rtlAt(l, bl, c) { // the edge before c in reading order
		return c <= s.Start
	}
	return ce >= s.End
}

// placeTags moves the tags of a line's decorations so that none overlaps
// another and all stay inside the column, each as near its span's start
// as the ones before it allow. When tags are crowded (one would be pushed
// off its own span, or past the column's right edge) the longest of the
// tags pushing it is shortened with "…", one character at a time.
func (m *Model) placeTags(dst []Decor) {
	var tags []int
	for i := range dst {
		if dst[i].First {
			tags = append(tags, i)
		}
	}
	if len(tags) == 0 {
		return
	}
	sort.SliceStable(tags, func(i, j int) bool { return dst[tags[i]].TagX < dst[tags[j]].TagX })
	want := make([]float32, len(tags))
	for k, i := range tags {
		want[k] = max(0, min(dst[i].TagX, m.width-dst[i].TagW))
	}
	// push places the tags left to right and lists those off their span
	// or past the column.
	var bad []int
	push := func() {
		bad = bad[:0]
		var next float32
		for k, i := range tags {
			d := &dst[i]
			d.TagX = max(want[k], next)
			next = d.TagX + d.TagW + tagGap
			off := d.TagX > want[k] && d.TagX+minTagOverlap > d.X1
			if off || d.TagX+d.TagW > m.width {
				bad = append(bad, k)
			}
		}
	}
	for range 500 {
		push()
		shortened := false
		for _, j := range bad {
			// the tags pushing tag j: back to the first one in its place
			k := j
			for k > 0 && dst[tags[k]].TagX > want[k] {
				k--
			}
			longest := -1
			for ; k <= j; k++ {
				d := &dst[tags[k]]
				if (!strings.HasSuffix(d.Tag, "…") || len([]rune(d.Tag)) > 2) &&
					(longest < 0 || d.TagW > dst[tags[longest]].TagW) {
					longest = k
				}
			}
			if longest < 0 {
				continue
			}
			d := &dst[tags[longest]]
			if short, w := m.shortTag(d.Tag); short != d.Tag {
				d.Tag, d.TagW = short, w
				shortened = true
				break
			}
		}
		if !shortened {
			break
		}
	}
	// inside the column's right edge, then its left
	limit := m.width
	for k := len(tags) - 1; k >= 0; k-- {
		d := &dst[tags[k]]
		if d.TagX+d.TagW > limit {
			d.TagX = limit - d.TagW
		}
		limit = d.TagX - tagGap
	}
	for _, i := range tags {
		dst[i].TagX = max(dst[i].TagX, 0)
	}
}

// minTagOverlap is how much of a tag must start over its own span.
const minTagOverlap = 4

// shortTag returns tag one character shorter, ending in "…" (at least
// one character and the "…" stay), and its width.
func (m *Model) shortTag(tag string) (string, float32) {
	r := []rune(strings.TrimSuffix(tag, "…"))
	if len(r) <= 1 {
		return tag, m.meas.TagWidth(tag)
	}
	s := strings.TrimRight(string(r[:len(r)-1]), " ·") + "…"
	return s, m.meas.TagWidth(s)
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
