package spanview

import (
	"sort"
	"unicode"
)

// Lines of paragraphs with right-to-left text. Layout wraps every
// paragraph in logical order; a paragraph that holds right-to-left text
// then gets its embedding levels (bidi.go), and each of its lines is put
// in visual order cluster by cluster. A line in a right-to-left paragraph
// is aligned to the right edge of the column. Offsets stay logical code
// points everywhere: only x positions change.

// bidiLine is the visual order of one line in bidirectional order.
type bidiLine struct {
	levels      []uint8 // level of each code point of the line (one level per cluster)
	order       []int32 // cluster starts (code point offsets), left to right
	vi          []int32 // each code point's cluster's index in order
	left, right float32 // x of the line's visual left and right edges
}

// layoutBidi orders the lines of paragraph [ps, pe), already wrapped and
// measured (m.xs from each line's start), in visual order.
func (m *Model) layoutBidi(ps, pe int, lines []Line, width float32) {
	r := &m.bidi
	para := r.resolve(m.text[ps:pe])
	var lv []uint8
	var ws []float32
	for li := range lines {
		l := &lines[li]
		l.RTL = para&1 == 1
		if l.Start == l.End {
			continue
		}
		r.lineLevels(l.Start-ps, l.End-ps, para)
		cls := m.cls[:0]
		lv, ws = lv[:0], ws[:0]
		for c := l.Start; c < l.End; {
			ce := min(clusterEnd(m.text, c), l.End)
			cls = append(cls, int32(c))
			lv = append(lv, r.lvl[c-ps])
			c = ce
		}
		for k, c := range cls {
			next := l.Width
			if k+1 < len(cls) {
				next = m.xs[cls[k+1]]
			}
			ws = append(ws, next-m.xs[c])
		}
		m.cls = cls

		if len(m.blines) < cap(m.blines) {
			m.blines = m.blines[:len(m.blines)+1]
		} else {
			m.blines = append(m.blines, bidiLine{})
		}
		bl := &m.blines[len(m.blines)-1]
		l.bidi = int32(len(m.blines))
		n := l.End - l.Start
		bl.levels, bl.vi = grow(bl.levels, n), grow(bl.vi, n)
		ord := visualOrder(lv, nil)
		bl.order = grow(bl.order, len(ord))
		x := float32(0)
		if l.RTL {
			x = width - l.Width
		}
		bl.left = x
		for k, ci := range ord {
			c := int(cls[ci])
			ce := l.End
			if int(ci)+1 < len(cls) {
				ce = int(cls[ci+1])
			}
			for p := c; p < ce; p++ {
				m.xs[p] = x
				bl.levels[p-l.Start] = lv[ci]
				bl.vi[p-l.Start] = int32(k)
			}
			bl.order[k] = int32(c)
			x += ws[ci]
		}
		bl.right = x
	}
}

// bline returns the visual order of line, nil for a left-to-right line.
func (m *Model) bline(line int) *bidiLine {
	if b := m.lines[line].bidi; b > 0 {
		return &m.blines[b-1]
	}
	return nil
}

// visRight is the right edge of the cluster at visual index k.
func (m *Model) visRight(bl *bidiLine, k int) float32 {
	if k+1 < len(bl.order) {
		return m.xs[bl.order[k+1]]
	}
	return bl.right
}

// rtlAt reports whether the cluster holding cp on bidi line l is drawn
// right to left.
func rtlAt(l Line, bl *bidiLine, cp int) bool { return bl.levels[cp-l.Start]&1 == 1 }

// bidiX is X for a line in bidirectional order: the caret before cp is the
// left edge of a left-to-right cluster, the right edge of a right-to-left one.
func (m *Model) bidiX(line, cp int, l Line, bl *bidiLine) float32 {
	if cp >= l.End {
		d := clusterFloor(m.text, l.End-1)
		k := int(bl.vi[d-l.Start])
		if rtlAt(l, bl, d) {
			return m.xs[d]
		}
		return m.visRight(bl, k)
	}
	c := clusterFloor(m.text, max(cp, l.Start))
	if rtlAt(l, bl, c) {
		return m.visRight(bl, int(bl.vi[c-l.Start]))
	}
	return m.xs[c]
}

// piece is a visually contiguous part of a range on a line: x [x0, x1),
// and the clusters at its left and right ends.
type piece struct {
	x0, x1 float32
	lc, rc int
}

// bidiPieces appends the pieces that code points [a, b) cover on a line in
// bidirectional order, left to right.
func (m *Model) bidiPieces(l Line, bl *bidiLine, a, b int, dst []piece) []piece {
	a, b = max(a, l.Start), min(b, l.End)
	if a >= b {
		return dst
	}
	open := false
	for k, c32 := range bl.order {
		c := int(c32)
		ce := min(clusterEnd(m.text, c), l.End)
		if ce <= a || c >= b {
			open = false
			continue
		}
		x1 := m.visRight(bl, k)
		if open {
			p := &dst[len(dst)-1]
			p.x1, p.rc = x1, c
			continue
		}
		dst = append(dst, piece{x0: m.xs[c], x1: x1, lc: c, rc: c})
		open = true
	}
	return dst
}

// RangesOnLine appends to dst the x intervals, left to right, that code
// points [start, end) cover on line: one for a left-to-right line, as many
// as the range has visual pieces on a line in bidirectional order.
func (m *Model) RangesOnLine(line, start, end int, dst []Range) []Range {
	bl := m.bline(line)
	if bl == nil {
		if r, ok := m.RangeOnLine(line, start, end); ok {
			dst = append(dst, r)
		}
		return dst
	}
	var buf [4]piece
	for _, p := range m.bidiPieces(m.lines[line], bl, start, end, buf[:0]) {
		dst = append(dst, Range{X0: p.x0, X1: p.x1})
	}
	return dst
}

// bidiHit is HitTest for a line in bidirectional order.
func (m *Model) bidiHit(l Line, bl *bidiLine, x float32) int {
	last := len(bl.order) - 1
	end := func(c int) int { return min(clusterEnd(m.text, c), l.End) }
	switch {
	case x < bl.left:
		c := int(bl.order[0])
		if rtlAt(l, bl, c) {
			return end(c)
		}
		return c
	case x >= bl.right:
		c := int(bl.order[last])
		if rtlAt(l, bl, c) {
			return c
		}
		return end(c)
	}
	k := m.visIndexAt(bl, x)
	c := int(bl.order[k])
	leftHalf := x-m.xs[c] < m.visRight(bl, k)-x
	if leftHalf != rtlAt(l, bl, c) {
		return c
	}
	return end(c)
}

// visIndexAt is the visual index of the cluster under x (bl.left <= x < bl.right).
func (m *Model) visIndexAt(bl *bidiLine, x float32) int {
	k := sort.Search(len(bl.order), func(i int) bool { return m.xs[bl.order[i]] > x })
	return max(k-1, 0)
}

// TextRun is a piece of a line drawn as one string: code points
// [Start, End) at x [X0, X1); RTL runs are drawn right to left.
type TextRun struct {
	Start, End int
	X0, X1     float32
	RTL        bool
}

// TextRuns appends the pieces of line's text to draw, left to right. A
// piece ends where a span begins or ends, so that it starts exactly where
// its highlight does (but never inside a word whose letters join), around
// spaces next to text of other scripts (whose fonts have spaces of their
// own width), and on lines in bidirectional order where the level
// changes; a right-to-left piece holds one word of right-to-left letters or
// one other cluster, since a shaper draws the parts of a string in
// different fonts in logical order. Pieces of spaces alone are left out.
func (m *Model) TextRuns(line int, dst []TextRun) []TextRun {
	dst = dst[:0]
	if line < 0 || line >= len(m.lines) {
		return dst
	}
	l := m.lines[line]
	m.cutBuf = m.Cuts(line, m.cutBuf)
	cuts := m.cutBuf
	t := m.text
	isCut := func(p int) bool {
		k := sort.SearchInts(cuts, p)
		return k < len(cuts) && cuts[k] == p && !inShapedWord(t, p)
	}
	bl := m.bline(line)
	if bl == nil {
		from := l.Start
		for p := l.Start + 1; p <= l.End; p++ {
			if p < l.End && !isCut(p) && !spaceCut(t, p) {
				continue
			}
			if !blank(t[from:p]) {
				dst = append(dst, TextRun{Start: from, End: p, X0: m.X(line, from), X1: m.X(line, p)})
			}
			from = p
		}
		return dst
	}
	var cur TextRun
	have := false
	flush := func() {
		if have && !blank(t[cur.Start:cur.End]) {
			dst = append(dst, cur)
		}
		have = false
	}
	for k, c32 := range bl.order {
		c := int(c32)
		ce := min(clusterEnd(t, c), l.End)
		rtl := rtlAt(l, bl, c)
		x1 := m.visRight(bl, k)
		if have {
			join := false
			pc := int(bl.order[k-1])
			switch {
			case rtl != cur.RTL || bl.levels[c-l.Start] != bl.levels[pc-l.Start]:
			case !rtl:
				join = c == cur.End && !isCut(c) && !spaceCut(t, c)
			default:
				join = ce == cur.Start && !isCut(ce) && rtlLetter(t[c]) && rtlLetter(t[pc])
			}
			if join {
				cur.X1 = x1
				if rtl {
					cur.Start = c
				} else {
					cur.End = ce
				}
				continue
			}
			flush()
		}
		cur, have = TextRun{Start: c, End: ce, X0: m.xs[c], X1: x1, RTL: rtl}, true
	}
	flush()
	return dst
}

// rtlLetter reports a right-to-left letter (or a mark of one), which join
// into one right-to-left piece with their neighbours.
func rtlLetter(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsMark(r)) && mayBeRTL(r)
}

// inShapedWord reports whether offset p falls inside a word of a shaped
// script, where cutting the text would break the joining of its letters.
func inShapedWord(t []rune, p int) bool {
	if p <= 0 || p >= len(t) {
		return false
	}
	a, b := t[p-1], t[p]
	return (needsShaping(a) || isExtend(a) || a == zwj) && (needsShaping(b) || isExtend(b) || b == zwj)
}

// spaceCut reports whether a piece of a left-to-right line ends at p
// because a space next to text of another script starts or ends there.
func spaceCut(t []rune, p int) bool {
	if p <= 0 || p >= len(t) {
		return false
	}
	a, b := t[p-1], t[p]
	switch {
	case isBreakSpace(b):
		return otherFont(a) || (p+1 < len(t) && otherFont(t[p+1]))
	case isBreakSpace(a):
		return otherFont(b) || (p >= 2 && otherFont(t[p-2]))
	}
	return false
}

// otherFont reports code points the theme's font may lack, drawn in a
// fallback font: anything from Hebrew on, except punctuation, currency
// signs and the Latin and Greek extensions.
func otherFont(r rune) bool {
	switch {
	case r < 0x590:
		return false
	case r >= 0x1D00 && r <= 0x1FFF, r >= 0x2000 && r <= 0x20CF, r >= 0x2100 && r <= 0x214F:
		return false
	}
	return true
}

func blank(rs []rune) bool {
	for _, r := range rs {
		if !isBreakSpace(r) {
			return false
		}
	}
	return true
}
