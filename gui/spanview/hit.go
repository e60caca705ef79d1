package spanview

import "sort"

// LineOf returns the visual line holding code point offset cp: the last
// line starting at or before it. An offset at a wrap belongs to the line
// that starts there; the '\n' ending a paragraph belongs to its last line.
func (m *Model) LineOf(cp int) int {
	i := sort.Search(len(m.lines), func(i int) bool { return m.lines[i].Start > cp })
	return max(i-1, 0)
}

// X returns the x of the caret before code point cp on line (cp must lie
// in [line.Start, line.End]).
func (m *Model) X(line, cp int) float32 {
	l := m.lines[line]
	if bl := m.bline(line); bl != nil {
		return m.bidiX(line, cp, l, bl)
	}
	if cp >= l.End {
		return l.Width
	}
	if cp <= l.Start {
		return 0
	}
	return m.xs[cp]
}

// Caret returns the line and x of code point offset cp.
func (m *Model) Caret(cp int) (line int, x float32) {
	cp = clamp(cp, 0, len(m.text))
	line = m.LineOf(cp)
	return line, m.X(line, cp)
}

// HitTest returns the caret offset nearest x on a line: before a cluster
// when x is in its left half, after it otherwise (the other way round for
// a cluster drawn right to left). It never returns an offset inside a
// grapheme cluster. Lines out of range clamp to the text.
func (m *Model) HitTest(line int, x float32) int {
	if line < 0 {
		return 0
	}
	if line >= len(m.lines) {
		return len(m.text)
	}
	l := m.lines[line]
	if bl := m.bline(line); bl != nil {
		return m.bidiHit(l, bl, x)
	}
	if x <= 0 || l.Start == l.End {
		return l.Start
	}
	c, ok := m.CharAt(line, x)
	if !ok {
		return l.End
	}
	e := clusterEnd(m.text, c)
	if x-m.X(line, c) < m.X(line, e)-x {
		return c
	}
	return e
}

// CharAt returns the start of the grapheme cluster under x on a line, and
// false when x is left of the line or past its end.
func (m *Model) CharAt(line int, x float32) (int, bool) {
	if line < 0 || line >= len(m.lines) || x < 0 {
		return 0, false
	}
	l := m.lines[line]
	if bl := m.bline(line); bl != nil {
		if x < bl.left || x >= bl.right {
			return 0, false
		}
		return int(bl.order[m.visIndexAt(bl, x)]), true
	}
	if x >= l.Width || l.Start == l.End {
		return 0, false
	}
	xs := m.xs[l.Start:l.End]
	k := sort.Search(len(xs), func(i int) bool { return xs[i] > x }) // first code point right of x
	c := l.Start + k - 1
	return clusterFloor(m.text, c), true
}

// Range is an x interval [X0, X1) of one line.
type Range struct{ X0, X1 float32 }

// RangeOnLine returns the x interval that code points [start, end) cover on
// line, and false when they do not touch it. An empty line inside the
// range (a blank line between paragraphs) gives an empty interval and true.
// On a line in bidirectional order the range may be in several pieces
// (RangesOnLine): this is the interval from the first to the last.
func (m *Model) RangeOnLine(line, start, end int) (Range, bool) {
	l := m.lines[line]
	if bl := m.bline(line); bl != nil {
		var buf [4]piece
		ps := m.bidiPieces(l, bl, start, end, buf[:0])
		if len(ps) == 0 {
			return Range{}, false
		}
		return Range{X0: ps[0].x0, X1: ps[len(ps)-1].x1}, true
	}
	a, b := max(start, l.Start), min(end, l.End)
	switch {
	case a < b:
		return Range{X0: m.X(line, a), X1: m.X(line, b)}, true
	case l.Start == l.End && start <= l.Start && end > l.End:
		return Range{}, true
	}
	return Range{}, false
}
