package spanview

import (
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/spanmark/spanmark/annotate"
)

// Pointer and keyboard input. Every event of a drag goes to the row under
// the press point, so positions are mapped to lines here, across rows.

type tapInfo struct {
	at   time.Time
	line int
	x    float32
}

type dragState struct {
	pressed  bool          // a MouseDown was seen for the coming drag
	pressRow int           // line of the row pressed
	pressPos fyne.Position // press point in that row
	alt      bool          // Alt held at the press: character precision

	active bool
	rowY   float32 // content y of the row receiving the drag events
	off0   float32 // scroll offset when the drag began
	from   int     // caret offset where the drag began

	resize           edge          // the drag moves this edge of span (hooks.go)
	span             annotate.Span // the selected span whose edge moves
	newStart, newEnd int           // its bounds as dragged so far
}

var (
	_ fyne.Focusable    = (*View)(nil)
	_ fyne.Shortcutable = (*View)(nil)
	_ desktop.Keyable   = (*View)(nil)
	_ fyne.Draggable    = (*lineRow)(nil)
	_ fyne.Tappable     = (*lineRow)(nil)
	_ desktop.Mouseable = (*lineRow)(nil)
	_ desktop.Hoverable = (*lineRow)(nil)
)

func (v *View) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil && c.Focused() != v {
		c.Focus(v)
	}
}

func (v *View) mouseDown(r *lineRow, ev *desktop.MouseEvent) {
	v.requestFocus()
	if ev.Button != desktop.MouseButtonPrimary && ev.Button != 0 {
		return
	}
	// The event's modifiers are the truth: the view's own Alt state may
	// be stale, since the release of an Alt that opened the menu bar goes
	// to the menu, not here (issue 16).
	alt := ev.Modifier&fyne.KeyModifierAlt != 0
	v.alt = alt
	v.drag = dragState{pressed: true, pressRow: r.line, pressPos: ev.Position, alt: alt}
	if alt {
		v.watchAltRelease()
	}
}

// Fyne's desktop driver opens the menu bar when Alt is released after a
// press of Alt alone, and a mouse drag between them does not count as
// something else pressed: releasing Alt after an Alt+drag opened the File
// menu, whose focus then kept the view from seeing the release. So while
// Alt is held after an Alt+press the view watches the driver's modifiers;
// when Alt goes up it closes the menu that release opened and forgets Alt.

// altPoll is how often the held modifiers are read during an Alt+drag.
const altPoll = 15 * time.Millisecond

// altHeld reports whether Alt is down, and false for known when the
// driver cannot tell (the test driver).
func (v *View) altHeld() (held, known bool) {
	if v.AltHeld != nil {
		return v.AltHeld()
	}
	d, ok := fyne.CurrentApp().Driver().(desktop.Driver)
	if !ok {
		return false, false
	}
	return d.CurrentKeyModifiers()&fyne.KeyModifierAlt != 0, true
}

// dismissMenu closes the window's menu bar when it is open (the GLFW
// canvas has the method; it is not part of Fyne's API).
func (v *View) dismissMenu() bool {
	if v.DismissMenu != nil {
		return v.DismissMenu()
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(v)
	if m, ok := c.(interface{ DismissMenu() bool }); ok {
		return m.DismissMenu()
	}
	return false
}

// watchAltRelease starts watching for the release of Alt (once).
func (v *View) watchAltRelease() {
	if v.watchingAlt {
		return
	}
	if _, known := v.altHeld(); !known {
		return
	}
	v.watchingAlt = true
	go func() {
		t := time.NewTicker(altPoll)
		defer t.Stop()
		for range t.C {
			done := false
			fyne.DoAndWait(func() { done = v.altReleased() })
			if done {
				return
			}
		}
	}()
}

// altReleased is one look at Alt: once it is up the view forgets it and
// closes the menu its release opened. It reports whether watching is over.
func (v *View) altReleased() bool {
	if held, _ := v.altHeld(); held {
		return false
	}
	v.watchingAlt = false
	v.alt = false
	v.dismissMenu()
	return true
}

// pointAt maps a point given relative to a row showing line to a caret
// offset.
func (v *View) caretAt(line int, contentY float32, x float32) int {
	l := int(math.Floor(float64(contentY / v.geom.pitch)))
	if contentY < 0 {
		return 0
	}
	if l >= v.model.NumLines() {
		return v.model.Len()
	}
	return v.model.HitTest(l, x-v.geom.inset)
}

func (v *View) dragged(r *lineRow, ev *fyne.DragEvent) {
	if v.laidOut == 0 || r.line < 0 {
		return
	}
	d := &v.drag
	if !d.active {
		d.active = true
		d.rowY = float32(r.line) * v.geom.pitch
		d.off0 = v.list.GetScrollOffset()
		if d.pressed {
			d.from = v.caretAt(d.pressRow, float32(d.pressRow)*v.geom.pitch+d.pressPos.Y, d.pressPos.X)
			v.startResize(d.pressRow, d.pressPos.X-v.geom.inset)
		} else { // no MouseDown (a test driver): the drag began Dragged before
			p := ev.Position.Subtract(ev.Dragged)
			d.from = v.caretAt(r.line, d.rowY+p.Y, p.X)
			if l := int(math.Floor(float64((d.rowY + p.Y) / v.geom.pitch))); l >= 0 {
				v.startResize(l, p.X-v.geom.inset)
			}
		}
		v.requestFocus()
	}
	off := v.list.GetScrollOffset()
	viewY := d.rowY - d.off0 + ev.Position.Y // y in the view
	// drag past the top or bottom edge: scroll along
	if h := v.list.Size().Height; viewY > h || viewY < 0 {
		step := viewY - h
		if viewY < 0 {
			step = viewY
		}
		v.list.ScrollToOffset(max(0, off+step))
		off = v.list.GetScrollOffset()
	}
	to := v.caretAt(r.line, viewY+off, ev.Position.X)
	if d.resize != noEdge {
		v.previewResize(to)
		return
	}
	s, e := v.model.SnapFrom(d.from, to, d.alt)
	if to < d.from {
		s, e = e, s // the caret follows the pointer
	}
	v.setSelection(s, e, true)
}

func (v *View) dragEnd() {
	d := v.drag
	v.drag = dragState{}
	switch {
	case d.resize != noEdge:
		v.endResize(d)
	case d.active:
		v.pickDragged()
	}
}

// doubleClick is how soon a second click on the same place selects a word.
const doubleClick = 400 * time.Millisecond

func (v *View) tapped(r *lineRow, pos fyne.Position) {
	v.requestFocus()
	v.drag = dragState{}
	if r.line < 0 || r.line >= v.model.NumLines() {
		return
	}
	x := pos.X - v.geom.inset
	if pos.Y >= v.geom.tagH-1 && v.pick(r.line, x) { // a label is armed: the word is tagged
		return
	}
	now := time.Now()
	last := v.lastTap
	v.lastTap = tapInfo{at: now, line: r.line, x: x}
	if last.line == r.line && now.Sub(last.at) < doubleClick && math.Abs(float64(last.x-x)) < 4 {
		// a double click selects the word under it, inside a span or not
		if c, ok := v.model.CharAt(r.line, x); ok {
			s, e := v.model.Snap(c, v.model.NextCluster(c), false)
			v.lastTap = tapInfo{}
			v.keyCaret = e
			v.setSelection(s, e, true)
			return
		}
	}
	if pos.Y >= v.geom.arcH && pos.Y < v.geom.textTop() { // on a label tag: select its span
		for _, d := range v.model.LineDecor(r.line, nil) {
			if d.First && x >= d.TagX && x < d.TagX+d.TagW {
				v.setSelection(-1, -1, true)
				v.setSelectedSpan(d.ID, true)
				return
			}
		}
	}
	if c, ok := v.model.CharAt(r.line, x); ok && pos.Y >= v.geom.textTop()-1 {
		if s, ok := v.model.SpanAt(c); ok {
			v.setSelection(-1, -1, true)
			v.keyCaret = s.Start
			v.setSelectedSpan(s.ID, true)
			return
		}
	}
	v.keyCaret = v.model.HitTest(r.line, x)
	v.setSelection(-1, -1, true)
	v.setSelectedSpan("", true)
}

// setSelection sets anchor and caret and tells the window when the
// selected range changed and user is set.
func (v *View) setSelection(anchor, caret int, user bool) {
	ps, pe, pok := v.Selection()
	if anchor == caret {
		anchor, caret = -1, -1
	}
	v.sel.Anchor, v.sel.Caret = anchor, caret
	if anchor >= 0 && v.sel.Span != "" {
		v.setSelectedSpan("", user)
	}
	s, e, ok := v.Selection()
	if s == ps && e == pe && ok == pok {
		if anchor >= 0 {
			v.refreshRows() // the caret end may have changed sides
		}
		return
	}
	v.refreshRows()
	if user && v.OnSelectionChanged != nil {
		v.OnSelectionChanged(s, e)
	}
}

func (v *View) setSelectedSpan(id string, user bool) {
	if id == v.sel.Span {
		return
	}
	v.sel.Span = id
	v.refreshRows()
	if user && v.OnSpanSelected != nil {
		v.OnSpanSelected(id)
	}
}

// FocusGained is part of fyne.Focusable.
func (v *View) FocusGained() { v.focused = true }

// FocusLost is part of fyne.Focusable.
func (v *View) FocusLost() { v.focused, v.shift, v.alt = false, false, false }

// TypedRune forwards every character: the view types nothing itself.
func (v *View) TypedRune(r rune) {
	if v.OnRune != nil {
		v.OnRune(r)
	}
}

// KeyDown tracks Shift and Alt, which Fyne does not report with keys.
func (v *View) KeyDown(ev *fyne.KeyEvent) {
	switch ev.Name {
	case desktop.KeyShiftLeft, desktop.KeyShiftRight:
		v.shift = true
	case desktop.KeyAltLeft, desktop.KeyAltRight:
		v.alt = true
	}
}

// KeyUp tracks Shift and Alt.
func (v *View) KeyUp(ev *fyne.KeyEvent) {
	switch ev.Name {
	case desktop.KeyShiftLeft, desktop.KeyShiftRight:
		v.shift = false
	case desktop.KeyAltLeft, desktop.KeyAltRight:
		v.alt = false
	}
}

// TypedKey handles selection keys and forwards the rest to OnKey.
func (v *View) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		if v.OnEscape != nil && v.OnEscape() { // the window's Esc (a pending link, an armed label) keeps the selection
			return
		}
		v.setSelection(-1, -1, true)
		v.setSelectedSpan("", true)
		return
	case fyne.KeyDelete, fyne.KeyBackspace:
		if v.OnDelete != nil {
			v.OnDelete()
		}
		return
	case fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown:
		if v.shift {
			v.extend(ev.Name, v.alt)
			return
		}
		if ev.Name == fyne.KeyUp || ev.Name == fyne.KeyDown {
			v.scrollBy(ev.Name == fyne.KeyDown, v.geom.pitch)
			return
		}
	case fyne.KeyPageUp, fyne.KeyPageDown:
		if v.list != nil {
			v.scrollBy(ev.Name == fyne.KeyPageDown, v.list.Size().Height-v.geom.pitch)
		}
		return
	}
	if v.OnKey != nil {
		v.OnKey(ev)
	}
}

func (v *View) scrollBy(down bool, dy float32) {
	if v.list == nil {
		return
	}
	if !down {
		dy = -dy
	}
	v.list.ScrollToOffset(max(0, v.list.GetScrollOffset()+dy))
}

// TypedShortcut handles Shift+Alt+arrows (character steps) and Copy; any
// other shortcut goes on to the window's canvas, so that app shortcuts
// (undo, redo) work while the view has focus.
func (v *View) TypedShortcut(sh fyne.Shortcut) {
	switch s := sh.(type) {
	case *desktop.CustomShortcut:
		if s.Modifier == fyne.KeyModifierShift|fyne.KeyModifierAlt && v.resizeKey(endEdge, s.KeyName) {
			return
		}
		if s.Modifier == fyne.KeyModifierShortcutDefault|fyne.KeyModifierShift|fyne.KeyModifierAlt && v.resizeKey(startEdge, s.KeyName) {
			return
		}
		if s.Modifier == fyne.KeyModifierShift|fyne.KeyModifierAlt {
			switch s.KeyName {
			case fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown:
				v.extend(s.KeyName, true)
				return
			}
		}
	case *fyne.ShortcutCopy:
		if st, e, ok := v.Selection(); ok && s.Clipboard != nil {
			s.Clipboard.SetContent(v.model.Slice(st, e))
			return
		}
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		if sc, ok := c.(fyne.Shortcutable); ok {
			sc.TypedShortcut(sh)
		}
	}
}

// extend moves the caret end of the selection by a word (a grapheme
// cluster when precise) or a line, starting a selection when there is none.
func (v *View) extend(key fyne.KeyName, precise bool) {
	m := v.model
	anchor, caret := v.sel.Anchor, v.sel.Caret
	if anchor < 0 || anchor == caret {
		if sp, ok := m.SpanByID(v.sel.Span); ok {
			anchor, caret = sp.Start, sp.End
		} else {
			p := v.keyCaret
			if p < 0 {
				p = v.firstVisible()
			}
			anchor, caret = p, p
		}
	}
	switch key {
	case fyne.KeyRight:
		if precise {
			caret = m.NextCluster(caret)
		} else {
			caret = m.NextWordEnd(caret)
		}
	case fyne.KeyLeft:
		if precise {
			caret = m.PrevCluster(caret)
		} else {
			caret = m.PrevWordStart(caret)
		}
	case fyne.KeyUp, fyne.KeyDown:
		line, x := m.Caret(caret)
		if key == fyne.KeyUp {
			line--
		} else {
			line++
		}
		if line < 0 {
			caret = 0
		} else if line >= m.NumLines() {
			caret = m.Len()
		} else {
			caret = m.HitTest(line, x)
			if !precise {
				// whole words, without the spaces and punctuation at the end
				t := m.Runes()
				if caret >= anchor {
					caret = m.WordEnd(caret)
					for caret > anchor && !wordish(t, caret-1) {
						caret--
					}
				} else {
					caret = m.WordStart(caret)
					for caret < anchor && !wordish(t, caret) {
						caret++
					}
				}
			}
		}
	}
	// Snapped like a drag: no white space at either end, one paragraph
	// unless precise (a selection that began past a paragraph's end took
	// the line breaks before the next word).
	s, e := m.SnapFrom(anchor, caret, precise)
	if caret < anchor {
		s, e = e, s
	}
	v.keyCaret = caret
	v.setSelection(s, e, true)
	v.ScrollToOffset(caret)
}
