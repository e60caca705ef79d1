package spanview

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
)

// Row geometry, in Fyne units. A row is one visual line:
//
//	arc band   relation arcs (only when there are relations and arcs are on)
//	tag band   small label tags of spans that start on this line
//	text       the line's text over entity backgrounds and the selection
//	underlines nested entities (levels 1…), then claim brackets
const (
	ulStep      = 3 // distance between stacked underlines
	ulThick     = 2
	maxULLevels = 2 // deeper entity levels share the last underline
	maxClaimUL  = 2
	// hlPad widens a highlight past its text on each side: glyphs may
	// reach the edge of their advance, and a box flush with the last
	// letter looks cut short.
	hlPad = 1
)

// geometry is the vertical layout of rows for the current text size and
// the spans' nesting depth.
type geometry struct {
	inset  float32 // left margin of the text
	arcH   float32 // the arc band; 0 when no arcs are drawn
	tagH   float32
	textH  float32
	ulH    float32
	rowH   float32
	pitch  float32 // rowH plus the list's gap between rows
	eSlots int     // underline slots for entity levels 1…
}

// lineRow draws one visual line. The list reuses rows for other lines; all
// canvas objects of a row are reused too.
type lineRow struct {
	widget.BaseWidget
	v    *View
	line int // -1: not bound
}

func newLineRow(v *View) *lineRow {
	r := &lineRow{v: v, line: -1}
	r.ExtendBaseWidget(r)
	return r
}

func (r *lineRow) MinSize() fyne.Size { return fyne.NewSize(10, r.v.geom.rowH) }

func (r *lineRow) CreateRenderer() fyne.WidgetRenderer { return &rowRenderer{row: r} }

// Cursor shows the text cursor over the article.
func (r *lineRow) Cursor() desktop.Cursor { return r.v.cursor() }

// The row takes every pointer event so that the list's own item does not
// show hover or selection, and hands it to the view with the row's line.
func (r *lineRow) Tapped(ev *fyne.PointEvent)          { r.v.tapped(r, ev.Position) }
func (r *lineRow) Dragged(ev *fyne.DragEvent)          { r.v.dragged(r, ev) }
func (r *lineRow) DragEnd()                            { r.v.dragEnd() }
func (r *lineRow) MouseDown(ev *desktop.MouseEvent)    { r.v.mouseDown(r, ev) }
func (r *lineRow) MouseUp(*desktop.MouseEvent)         {}
func (r *lineRow) MouseIn(ev *desktop.MouseEvent)      { r.v.hovered(r, ev) }
func (r *lineRow) MouseMoved(ev *desktop.MouseEvent)   { r.v.hovered(r, ev) }
func (r *lineRow) MouseOut()                           { r.v.unhovered() }
func (r *lineRow) TappedSecondary(ev *fyne.PointEvent) { r.v.tapped(r, ev.Position) }

type rowRenderer struct {
	row *lineRow

	under []*canvas.Rectangle // backgrounds, selection, selected-span outline
	texts []*canvas.Text
	over  []*canvas.Rectangle // underlines, brackets, tag backgrounds
	tags  []*canvas.Text

	nu, nt, no, ng int // how many of each are in use
	objects        []fyne.CanvasObject
	decor          []Decor
	runs           []TextRun
	ranges         []Range
	arcs           []ArcPart
	lines          []*canvas.Line
	nl             int
}

func (rr *rowRenderer) Destroy()                     {}
func (rr *rowRenderer) Objects() []fyne.CanvasObject { return rr.objects }
func (rr *rowRenderer) MinSize() fyne.Size           { return rr.row.MinSize() }
func (rr *rowRenderer) Layout(fyne.Size)             { rr.build() }
func (rr *rowRenderer) Refresh()                     { rr.build(); canvas.Refresh(rr.row) }

func (rr *rowRenderer) rect(over bool) *canvas.Rectangle {
	pool, n := &rr.under, &rr.nu
	if over {
		pool, n = &rr.over, &rr.no
	}
	if *n == len(*pool) {
		*pool = append(*pool, canvas.NewRectangle(color.Transparent))
		rr.objects = nil
	}
	r := (*pool)[*n]
	*n++
	r.StrokeWidth, r.CornerRadius, r.StrokeColor = 0, 0, color.Transparent
	r.Show()
	return r
}

func (rr *rowRenderer) text(tag bool) *canvas.Text {
	pool, n := &rr.texts, &rr.nt
	if tag {
		pool, n = &rr.tags, &rr.ng
	}
	if *n == len(*pool) {
		*pool = append(*pool, canvas.NewText("", color.Black))
		rr.objects = nil
	}
	t := (*pool)[*n]
	*n++
	t.Show()
	return t
}

func place(o fyne.CanvasObject, x, y, w, h float32) {
	o.Move(fyne.NewPos(x, y))
	o.Resize(fyne.NewSize(w, h))
}

// build draws the row's line from the view's model.
func (rr *rowRenderer) build() {
	v := rr.row.v
	rr.nu, rr.nt, rr.no, rr.ng, rr.nl = 0, 0, 0, 0, 0
	line := rr.row.line
	m := v.model
	if line >= 0 && line < m.NumLines() {
		rr.draw(v, m, line)
	}
	for _, r := range rr.under[rr.nu:] {
		r.Hide()
	}
	for _, r := range rr.over[rr.no:] {
		r.Hide()
	}
	for _, t := range rr.texts[rr.nt:] {
		t.Hide()
	}
	for _, t := range rr.tags[rr.ng:] {
		t.Hide()
	}
	for _, l := range rr.lines[rr.nl:] {
		l.Hide()
	}
	if rr.objects == nil {
		objs := make([]fyne.CanvasObject, 0, len(rr.under)+len(rr.texts)+len(rr.over)+len(rr.tags)+len(rr.lines))
		for _, o := range rr.under {
			objs = append(objs, o)
		}
		for _, o := range rr.texts {
			objs = append(objs, o)
		}
		for _, o := range rr.over {
			objs = append(objs, o)
		}
		for _, o := range rr.lines {
			objs = append(objs, o)
		}
		for _, o := range rr.tags {
			objs = append(objs, o)
		}
		rr.objects = objs
	}
}

func (rr *rowRenderer) draw(v *View, m *Model, line int) {
	g := v.geom
	pal := v.palette()
	l := m.Line(line)
	textY := g.textTop()
	x0 := g.inset
	rr.decor = m.LineDecor(line, rr.decor)

	// entity backgrounds (level 0) and a light tint for deeper levels
	for _, d := range rr.decor {
		if d.Kind == annotate.KindClaim || d.Level > 0 {
			continue
		}
		r := rr.rect(false)
		if d.Suggested { // hollow: proposed, not yet anybody's
			r.FillColor = color.Transparent
			r.StrokeColor = pal.solid(m.Label(d.Label).Color)
			r.StrokeWidth = 1.5
			r.CornerRadius = 3
		} else if d.Rejected {
			r.FillColor = pal.faded(m.Label(d.Label).Color)
		} else {
			r.FillColor = pal.fill(m.Label(d.Label).Color)
		}
		place(r, x0+d.X0-hlPad, textY, d.X1-d.X0+2*hlPad, g.textH)
	}
	rr.drawHits(v, m, line, x0, textY, g.textH)
	// the text selection
	if s, e, ok := v.shownSelection(); ok {
		rr.ranges = m.RangesOnLine(line, s, e, rr.ranges[:0])
		for i, rg := range rr.ranges {
			r := rr.rect(false)
			r.FillColor = pal.selection
			r.StrokeColor = pal.selectionEdge
			r.StrokeWidth = 1
			w := rg.X1 - rg.X0
			if i == len(rr.ranges)-1 && !l.RTL && e > l.End && line+1 < m.NumLines() {
				w += g.textH / 4 // show that the selection runs on
			}
			place(r, x0+rg.X0, textY, w, g.textH)
		}
	}
	// the selected span: an outline
	if v.sel.Span != "" {
		if sp, ok := m.SpanByID(v.sel.Span); ok {
			rr.ranges = m.RangesOnLine(line, sp.Start, sp.End, rr.ranges[:0])
			for _, rg := range rr.ranges {
				r := rr.rect(false)
				r.FillColor = color.Transparent
				r.StrokeColor = pal.fg
				r.StrokeWidth = 1.5
				r.CornerRadius = 2
				place(r, x0+rg.X0-1-hlPad, textY-1, rg.X1-rg.X0+2+2*hlPad, g.textH+2)
			}
		}
	}

	// text, in the pieces the model cuts it into (TextRuns)
	rr.runs = m.TextRuns(line, rr.runs)
	runes := m.Runes()
	for _, run := range rr.runs {
		s := string(runes[run.Start:run.End])
		if strings.IndexByte(s, '\t') >= 0 {
			s = strings.ReplaceAll(s, "\t", "    ")
		}
		if run.RTL {
			// a right-to-left mark makes the shaper draw the piece right
			// to left (and mirror its brackets) even when it holds no
			// right-to-left letter; it has no width
			s = "\u200F" + s
		}
		t := rr.text(false)
		t.Text = s
		t.Color = pal.fg
		t.TextSize = v.textSize
		t.TextStyle = fyne.TextStyle{}
		place(t, x0+run.X0, textY, run.X1-run.X0, g.textH)
	}

	// underlines of nested entities, then claim brackets
	ulY := textY + g.textH + 1
	for _, d := range rr.decor {
		col := m.Label(d.Label).Color
		switch {
		case d.Kind == annotate.KindClaim:
			y := ulY + float32(g.eSlots+min(d.Level, maxClaimUL-1))*ulStep
			r := rr.rect(true)
			r.FillColor = pal.solid(col)
			place(r, x0+d.X0, y, d.X1-d.X0, ulThick)
			tick := g.textH / 3
			if d.EdgeL {
				r := rr.rect(true)
				r.FillColor = pal.solid(col)
				place(r, x0+d.X0, y-tick, ulThick, tick+ulThick)
			}
			if d.EdgeR {
				r := rr.rect(true)
				r.FillColor = pal.solid(col)
				place(r, x0+d.X1-ulThick, y-tick, ulThick, tick+ulThick)
			}
		case d.Level > 0:
			y := ulY + float32(min(d.Level, maxULLevels)-1)*ulStep
			r := rr.rect(true)
			r.FillColor = pal.solid(col)
			place(r, x0+d.X0, y, d.X1-d.X0, ulThick)
		}
	}
	rr.strikeRejected(pal, x0, textY, g.textH)
	// tags
	for _, d := range rr.decor {
		if !d.First {
			continue
		}
		col := m.Label(d.Label).Color
		r := rr.rect(true)
		r.FillColor = pal.solid(col)
		r.CornerRadius = 2
		if d.ID == v.sel.Span {
			r.StrokeColor = pal.fg
			r.StrokeWidth = 1
		}
		place(r, x0+d.TagX, g.arcH+0.5, d.TagW, g.tagH-1)
		t := rr.text(true)
		t.Text = d.Tag
		t.TextSize = v.meas.tagSize
		t.TextStyle = fyne.TextStyle{Bold: true}
		t.Color = pal.onColor(col)
		place(t, x0+d.TagX+tagPadX, g.arcH+0.5, d.TagW-tagPadX, g.tagH-1)
	}
	if v.arcsShown() {
		rr.drawArcs(v, m, line)
	}
}

// textTop is the y of the text in a row.
func (g geometry) textTop() float32 { return g.arcH + g.tagH }

// drawArcs draws the relation arcs of line in the arc band; arcs of the
// selected span are drawn stronger.
func (rr *rowRenderer) drawArcs(v *View, m *Model, line int) {
	g := v.geom
	pal := v.palette()
	x0 := g.inset
	rr.arcs = m.LineArcs(line, rr.arcs)
	for _, a := range rr.arcs {
		lh := g.tagH - 2 // a label's height
		y := g.arcH - 3 - lh/2 - float32(a.Slot)*(lh+1)
		col, w := pal.arc, float32(1)
		if v.sel.Span != "" && (a.Head == v.sel.Span || a.Child == v.sel.Span) {
			col, w = pal.fg, 2
		}
		// the line, broken where its label is
		ll, lr := a.LabelX-a.LabelW/2, a.LabelX+a.LabelW/2
		if a.X0 < ll {
			rr.line(col, w, x0+a.X0, y, x0+ll, y)
		}
		if lr < a.X1 {
			rr.line(col, w, x0+lr, y, x0+a.X1, y)
		}
		for end, x := range [2]float32{a.X0, a.X1} {
			drop, arrow := a.Drop0, a.Arrow0
			if end == 1 {
				drop, arrow = a.Drop1, a.Arrow1
			}
			if !drop {
				continue
			}
			rr.line(col, w, x0+x, y, x0+x, g.arcH)
			if arrow {
				rr.line(col, w, x0+x-3, g.arcH-4, x0+x, g.arcH)
				rr.line(col, w, x0+x+3, g.arcH-4, x0+x, g.arcH)
			}
		}
		// the label on the arc, over a patch of background
		bgr := rr.rect(true)
		bgr.FillColor = pal.bg
		bgr.StrokeColor = col
		bgr.StrokeWidth = w / 2
		bgr.CornerRadius = lh / 2
		place(bgr, x0+a.LabelX-a.LabelW/2, y-lh/2, a.LabelW, lh)
		t := rr.text(true)
		t.Text = a.Label
		t.TextSize = v.meas.tagSize
		t.TextStyle = fyne.TextStyle{Bold: true}
		t.Color = pal.fg
		place(t, x0+a.LabelX-a.LabelW/2+tagPadX, y-lh/2, a.LabelW-tagPadX, lh)
	}
}

// line takes a line from the row's pool and sets it from (x1, y1) to (x2, y2).
func (rr *rowRenderer) line(col color.Color, w, x1, y1, x2, y2 float32) {
	if rr.nl == len(rr.lines) {
		rr.lines = append(rr.lines, canvas.NewLine(col))
		rr.objects = nil
	}
	l := rr.lines[rr.nl]
	rr.nl++
	l.StrokeColor, l.StrokeWidth = col, w
	l.Position1, l.Position2 = fyne.NewPos(x1, y1), fyne.NewPos(x2, y2)
	l.Show()
}

// palette holds the colours of one theme variant.
type palette struct {
	fg, bg, arc   color.Color
	selection     color.Color
	selectionEdge color.Color
	dark          bool
	cache         map[string]color.NRGBA
}

func (v *View) palette() *palette {
	th := v.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, variant)
	bg := th.Color(theme.ColorNameBackground, variant)
	dark := luminance(bg) < 0.5
	if v.pal != nil && v.pal.fg == fg && v.pal.dark == dark {
		return v.pal
	}
	// The selection is a neutral tint of the text colour with an edge: the
	// theme's selection blue looks like a span of a blue label.
	r, g, b, _ := fg.RGBA()
	tint := func(a uint8) color.Color { return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), a} }
	v.pal = &palette{fg: fg, bg: bg, arc: tint(0xc0), selection: tint(0x38), selectionEdge: tint(0xa0), dark: dark,
		cache: map[string]color.NRGBA{}}
	return v.pal
}

// Highlight strength: on a dark background a faint tint disappears (0.35
// measured too faint), on a light one a strong tint hides the text.
const (
	fillAlphaLight = 0.42
	fillAlphaDark  = 0.62
)

func (p *palette) fill(hex string) color.Color {
	c := p.solid(hex).(color.NRGBA)
	a := fillAlphaLight
	if p.dark {
		a = fillAlphaDark
	}
	c.A = uint8(a * 255)
	return c
}

func (p *palette) solid(hex string) color.Color {
	if c, ok := p.cache[hex]; ok {
		return c
	}
	c := parseHex(hex)
	p.cache[hex] = c
	return c
}

// onColor is black or white, whichever reads better on hex.
func (p *palette) onColor(hex string) color.Color {
	if luminance(parseHex(hex)) > 0.4 {
		return color.NRGBA{0x10, 0x10, 0x10, 0xff}
	}
	return color.White
}

func parseHex(s string) color.NRGBA {
	c := color.NRGBA{0x88, 0x88, 0x88, 0xff}
	if len(s) != 7 || s[0] != '#' {
		return c
	}
	var v [3]uint8
	for i := 0; i < 3; i++ {
		hi, ok1 := hexDigit(s[1+2*i])
		lo, ok2 := hexDigit(s[2+2*i])
		if !ok1 || !ok2 {
			return c
		}
		v[i] = hi<<4 | lo
	}
	return color.NRGBA{v[0], v[1], v[2], 0xff}
}

func hexDigit(b byte) (uint8, bool) {
	switch {
	case b >= '0' && b <= '9':
		return b - '0', true
	case b >= 'a' && b <= 'f':
		return b - 'a' + 10, true
	case b >= 'A' && b <= 'F':
		return b - 'A' + 10, true
	}
	return 0, false
}

// luminance is a colour's approximate relative brightness, 0…1.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}
