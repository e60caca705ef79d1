package spanview

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/spanmark/spanmark/annotate"
)

// Input the window builds on (issue 16, "faster hands"): moving an edge of
// the selected span (OnResize), the word under the mouse pointer
// (HoverWord), words and ranges picked while a label is armed (OnPick),
// and jumps to the start and end of the article. The view only maps
// pointer and keys to code points; the window decides what they do.

// edge names an end of a span.
type edge int

const (
	noEdge edge = iota
	startEdge
	endEdge
)

// hoverState is where the mouse pointer is over the view.
type hoverState struct {
	in    bool
	viewY float32 // from the top of the view (not of the content: the view may scroll under a still pointer)
	x     float32 // from a row's left
}

func (v *View) hovered(r *lineRow, ev *desktop.MouseEvent) {
	if r.line < 0 || v.list == nil {
		v.hover.in = false
		return
	}
	v.hover = hoverState{in: true, viewY: float32(r.line)*v.geom.pitch - v.list.GetScrollOffset() + ev.Position.Y, x: ev.Position.X}
}

func (v *View) unhovered() { v.hover.in = false }

// hoverPoint is the line under the pointer and the pointer's x on it, in
// the text's coordinates.
func (v *View) hoverPoint() (line int, x float32, ok bool) {
	if !v.hover.in || v.list == nil || v.laidOut == 0 || v.geom.pitch == 0 {
		return 0, 0, false
	}
	cy := v.hover.viewY + v.list.GetScrollOffset()
	line = int(math.Floor(float64(cy / v.geom.pitch)))
	if cy < 0 || line >= v.model.NumLines() {
		return 0, 0, false
	}
	return line, v.hover.x - v.geom.inset, true
}

// HoverWord is the word under the mouse pointer (code points), snapped as
// a double click snaps; ok is false when the pointer is not over a word
// (outside the view, on white space or punctuation).
func (v *View) HoverWord() (start, end int, ok bool) {
	line, x, ok := v.hoverPoint()
	if !ok {
		return -1, -1, false
	}
	return v.wordAt(line, x)
}

// wordAt is the word under x on line, as a double click selects it.
func (v *View) wordAt(line int, x float32) (start, end int, ok bool) {
	c, ok := v.model.CharAt(line, x)
	if !ok || !wordish(v.model.Runes(), c) {
		return -1, -1, false
	}
	start, end = v.model.Snap(c, v.model.NextCluster(c), false)
	return start, end, start < end
}

// cursor is the pointer's shape over the text: a resize arrow on an edge
// of the selected span, a cross while a label is armed, else the text bar.
func (v *View) cursor() desktop.Cursor {
	if line, x, ok := v.hoverPoint(); ok {
		if e, _ := v.edgeAt(line, x); e != noEdge {
			return desktop.HResizeCursor
		}
	}
	if v.OnPick != nil {
		return desktop.CrosshairCursor
	}
	return desktop.TextCursor
}

// edgeAt is the edge of the selected span within reach of x on line (when
// OnResize is set), with the span.
func (v *View) edgeAt(line int, x float32) (edge, annotate.Span) {
	if v.OnResize == nil || v.sel.Span == "" {
		return noEdge, annotate.Span{}
	}
	sp, ok := v.model.SpanByID(v.sel.Span)
	if !ok {
		return noEdge, sp
	}
	m := v.model
	reach := max(4, v.geom.textH/4)
	found, dist := noEdge, reach
	if m.LineOf(sp.Start) == line {
		if d := abs32(x - m.X(line, sp.Start)); d <= dist {
			found, dist = startEdge, d
		}
	}
	if m.LineOf(sp.End-1) == line {
		if d := abs32(x - m.X(line, sp.End)); d < dist || (d <= dist && found == noEdge) {
			found = endEdge
		}
	}
	return found, sp
}

func abs32(f float32) float32 { return float32(math.Abs(float64(f))) }

// startResize makes the drag that began at x on line move an edge of the
// selected span when it began on one.
func (v *View) startResize(line int, x float32) {
	if e, sp := v.edgeAt(line, x); e != noEdge {
		v.drag.resize, v.drag.span = e, sp
		v.drag.newStart, v.drag.newEnd = sp.Start, sp.End
	}
}

// previewResize shows the bounds the dragged edge gives with the caret at
// to, drawn as a text selection over the span's outline: whole words unless
// Alt was held, and never less than one character.
func (v *View) previewResize(to int) {
	d := &v.drag
	m := v.model
	s, e := d.span.Start, d.span.End
	if d.resize == endEdge {
		if d.alt {
			e = clusterCeil(m.text, to)
		} else if to > s {
			_, e = m.Snap(s, to, false)
		}
	} else {
		if d.alt {
			s = clusterFloor(m.text, to)
		} else if to < e {
			s, _ = m.Snap(to, e, false)
		}
	}
	if s < e {
		d.newStart, d.newEnd = s, e
	}
	v.refreshRows()
}

// shownSelection is the text selection as drawn: while an edge of the
// selected span is dragged, the bounds it would get (the span stays
// selected; the session's selection is not touched until the drop).
func (v *View) shownSelection() (start, end int, ok bool) {
	if d := &v.drag; d.resize != noEdge {
		return d.newStart, d.newEnd, true
	}
	return v.Selection()
}

// endResize ends an edge drag: the preview goes, and OnResize gets the new
// bounds when they differ.
func (v *View) endResize(d dragState) {
	v.refreshRows()
	if d.newStart != d.span.Start || d.newEnd != d.span.End {
		v.OnResize(d.span.ID, d.newStart, d.newEnd)
	}
}

// resizeKey moves an edge of the selected span by a word (Shift+Alt+Left
// or Right its end, with Ctrl its start); false when no span is selected.
func (v *View) resizeKey(which edge, key fyne.KeyName) bool {
	if v.OnResize == nil || v.sel.Span == "" || (key != fyne.KeyLeft && key != fyne.KeyRight) {
		return false
	}
	if _, _, ok := v.Selection(); ok {
		return false
	}
	sp, ok := v.model.SpanByID(v.sel.Span)
	if !ok {
		return false
	}
	s, e := v.model.MoveEdge(sp.Start, sp.End, which == startEdge, key == fyne.KeyRight)
	if s != sp.Start || e != sp.End {
		v.OnResize(sp.ID, s, e)
		v.ScrollToOffset(map[bool]int{true: s, false: e}[which == startEdge])
	}
	return true
}

// MoveEdge moves the start (start true) or the end of code points [s, e)
// a word to the right or left, keeping at least one word: the bounds
// Shift+Alt+arrows give a span.
func (m *Model) MoveEdge(s, e int, start, right bool) (int, int) {
	t := m.text
	switch {
	case !start && right:
		e = m.NextWordEnd(e)
	case !start:
		p := m.PrevWordStart(e) // the start of the last word
		for p > s && !wordish(t, p-1) {
			p--
		}
		if p > s {
			e = p
		}
	case !right:
		s = m.PrevWordStart(s)
	default:
		p := m.NextWordEnd(s) // the end of the first word
		for p < e && !wordish(t, p) {
			p++
		}
		if p < e {
			s = p
		}
	}
	return s, e
}

// pick hands a click at x on line to OnPick when it lands on a word; it
// reports whether it did.
func (v *View) pick(line int, x float32) bool {
	if v.OnPick == nil {
		return false
	}
	s, e, ok := v.wordAt(line, x)
	if !ok {
		return false
	}
	v.setSelection(-1, -1, true)
	v.setSelectedSpan("", true)
	v.OnPick(s, e)
	return true
}

// pickDragged hands the range a drag ended on to OnPick.
func (v *View) pickDragged() {
	s, e, ok := v.Selection()
	if v.OnPick == nil || !ok {
		return
	}
	v.setSelection(-1, -1, true)
	v.OnPick(s, e)
}

// FirstVisible is the first code point of the top line in view.
func (v *View) FirstVisible() int { return v.firstVisible() }

// ShowStart scrolls to the start of the article (Ctrl+Home) and puts the
// keyboard caret there.
func (v *View) ShowStart() {
	v.keyCaret = 0
	if v.list != nil {
		v.list.ScrollToTop()
	}
}

// ShowEnd scrolls to the end of the article (Ctrl+End) and puts the
// keyboard caret there.
func (v *View) ShowEnd() {
	v.keyCaret = v.model.Len()
	if v.list != nil {
		v.list.ScrollToBottom()
	}
}

// CaretPosition is where the caret before code point cp is drawn, halfway
// down its line of text, relative to the view (for tests driving the
// window, and for anything placed beside a word).
func (v *View) CaretPosition(cp int) fyne.Position {
	line, x := v.model.Caret(cp)
	off := float32(0)
	if v.list != nil {
		off = v.list.GetScrollOffset()
	}
	return fyne.NewPos(v.geom.inset+x, float32(line)*v.geom.pitch-off+v.geom.tagH+v.geom.textH/2)
}
