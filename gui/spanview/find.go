package spanview

import (
	"image/color"
	"sort"
	"unicode"
)

// Find in the article: the window finds the hits (FindAll) and hands them
// to the view (SetFindHits), which tints them behind the text, the current
// one stronger and outlined.

// FindAll returns the code point ranges [start, end) where query occurs in
// the view's text, ignoring case, in order and without overlaps.
func (v *View) FindAll(query string) [][2]int { return v.model.FindAll(query) }

// FindAll is View.FindAll on the model's text.
func (m *Model) FindAll(query string) [][2]int {
	q := []rune(query)
	for i, r := range q {
		q[i] = unicode.ToLower(r)
	}
	t := m.text
	var out [][2]int
	if len(q) == 0 {
		return nil
	}
	for i := 0; i+len(q) <= len(t); {
		j := 0
		for j < len(q) && unicode.ToLower(t[i+j]) == q[j] {
			j++
		}
		if j == len(q) {
			out = append(out, [2]int{i, i + len(q)})
			i += len(q)
			continue
		}
		i++
	}
	return out
}

// SetFindHits tints hits (code point ranges, in order) and marks
// hits[current] (-1: none) as the current one; nil clears them.
func (v *View) SetFindHits(hits [][2]int, current int) {
	v.hits, v.curHit = hits, current
	v.refreshRows()
}

// FindHits returns the hits shown and the current one.
func (v *View) FindHits() ([][2]int, int) { return v.hits, v.curHit }

// findColors are the tints of hits and of the current hit: amber, which no
// default label uses, strong enough on both themes.
var (
	findFill    = color.NRGBA{0xff, 0xc8, 0x00, 0x50}
	findCurrent = color.NRGBA{0xff, 0xb0, 0x00, 0xa0}
)

// drawHits adds the find hits on line behind its text.
func (rr *rowRenderer) drawHits(v *View, m *Model, line int, x0, y, h float32) {
	if len(v.hits) == 0 {
		return
	}
	l := m.Line(line)
	i := sort.Search(len(v.hits), func(i int) bool { return v.hits[i][1] > l.Start })
	for ; i < len(v.hits) && v.hits[i][0] < max(l.End, l.Start+1); i++ {
		rg, ok := m.RangeOnLine(line, v.hits[i][0], v.hits[i][1])
		if !ok {
			continue
		}
		r := rr.rect(false)
		r.FillColor = findFill
		if i == v.curHit {
			r.FillColor = findCurrent
			r.StrokeColor = v.palette().fg
			r.StrokeWidth = 1
		}
		place(r, x0+rg.X0, y, rg.X1-rg.X0, h)
	}
}
