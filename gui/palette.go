package gui

import (
	"encoding/hex"
	"fmt"
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
)

// parseColor reads "#rrggbb"; anything else is grey.
func parseColor(s string) color.NRGBA {
	b, err := hex.DecodeString(strings.TrimPrefix(s, "#"))
	if err != nil || len(b) != 3 {
		return color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
	}
	return color.NRGBA{R: b[0], G: b[1], B: b[2], A: 0xff}
}

// formatColor writes c as "#rrggbb".
func formatColor(c color.Color) string {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return "#" + hex.EncodeToString([]byte{n.R, n.G, n.B})
}

// swatch is a small square of a label's colour.
func swatch(c string) *canvas.Rectangle {
	r := canvas.NewRectangle(parseColor(c))
	r.SetMinSize(fyne.NewSize(14, 14))
	r.CornerRadius = 3
	return r
}

// labelPalette is the row of labels above the article: one button per
// label with its colour, name, key and how many spans of it the open
// article shows. However many labels an import brought it stays one row
// (scrolled sideways by the wheel), so the text keeps its height; with
// more than fitFilter labels a field in front finds a label by typing.
// Hovering a label shows its description.
type labelPalette struct {
	u       *ui
	row     *fyne.Container // the buttons shown
	scroll  *container.Scroll
	filter  *escEntry
	edit    *widget.Button
	box     *fyne.Container // what the window places
	buttons []*paletteButton
	tip     *tooltip
}

// fitFilter is how many labels fit without the find field.
const fitFilter = 9

func (u *ui) newPalette(tip *tooltip) *labelPalette {
	p := &labelPalette{u: u, row: container.NewHBox(), tip: tip}
	p.scroll = container.NewHScroll(p.row)
	p.filter = u.newEntry()
	p.filter.SetPlaceHolder("find label…")
	p.filter.OnChanged = func(string) { p.showMatching() }
	p.filter.OnSubmitted = func(string) { p.applyFirst() }
	p.filter.onEsc = func() bool {
		if u.modal() {
			return u.dismissTop()
		}
		p.filter.SetText("")
		u.focusView()
		return true
	}
	p.edit = widget.NewButtonWithIcon("", theme.SettingsIcon(), u.showLabelEditor)
	p.edit.Importance = widget.LowImportance
	p.box = container.NewBorder(nil, nil, nil, p.edit, p.scroll)
	return p
}

// refresh rebuilds the buttons from the label set.
func (p *labelPalette) refresh() {
	p.buttons = p.buttons[:0]
	for _, l := range p.u.s.Labels {
		p.buttons = append(p.buttons, newPaletteButton(p, l))
	}
	p.box.Objects = []fyne.CanvasObject{p.scroll, p.edit}
	left := fyne.CanvasObject(nil)
	if len(p.buttons) > fitFilter {
		left = container.NewGridWrap(fyne.NewSize(104, p.filter.MinSize().Height), p.filter)
		p.box.Objects = append(p.box.Objects, left)
	}
	p.box.Layout = layout.NewBorderLayout(nil, nil, left, p.edit)
	p.showMatching()
	p.counts()
	p.box.Refresh()
}

// matching are the buttons whose label name (or key) holds the find
// field's text.
func (p *labelPalette) matching() []*paletteButton {
	q := strings.ToLower(strings.TrimSpace(p.filter.Text))
	if q == "" || len(p.buttons) <= fitFilter {
		return p.buttons
	}
	var out []*paletteButton
	for _, b := range p.buttons {
		if strings.Contains(strings.ToLower(b.l.Name), q) || strings.EqualFold(b.l.Key, q) ||
			strings.Contains(strings.ToLower(b.l.Description), q) {
			out = append(out, b)
		}
	}
	return out
}

func (p *labelPalette) showMatching() {
	bs := p.matching()
	objs := make([]fyne.CanvasObject, 0, len(bs))
	for _, b := range bs {
		objs = append(objs, b.obj)
	}
	p.row.Objects = objs
	p.row.Refresh()
	p.scroll.Refresh()
}

// applyFirst tags the selection with the first label found (Enter in the
// find field) and gives the keyboard back to the text.
func (p *labelPalette) applyFirst() {
	bs := p.matching()
	if len(bs) == 0 || strings.TrimSpace(p.filter.Text) == "" {
		p.u.bar.hint("no label matches " + strconv.Quote(p.filter.Text))
		return
	}
	l := bs[0].l
	p.filter.SetText("")
	p.u.focusView()
	p.u.applyLabel(l, false)
}

// counts shows how many spans of each label the open article shows.
func (p *labelPalette) counts() {
	n := map[string]int{}
	for _, s := range p.u.view.Model().Spans() {
		n[s.Label]++
	}
	for _, b := range p.buttons {
		b.setCount(n[b.l.Name])
	}
}

// paletteButton is one label of the palette: a button under the label's
// colour, name, key and count, framed while the label is armed. Clicking
// it does not take the keyboard focus, so the text selection in the view
// survives it.
type paletteButton struct {
	widget.Button
	p     *labelPalette
	l     annotate.Label
	count *canvas.Text
	obj   fyne.CanvasObject // the button with its row on top
}

func newPaletteButton(p *labelPalette, l annotate.Label) *paletteButton {
	b := &paletteButton{p: p, l: l}
	b.OnTapped = func() { p.u.paletteClicked(l) }
	b.ExtendBaseWidget(b)
	frame := p.u.armFrame(l, &b.Button)
	th := fyne.CurrentApp().Settings().Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	name := canvas.NewText(clipLabel(l.Name), th.Color(theme.ColorNameForeground, v))
	name.TextStyle.Bold = true
	gap := func() fyne.CanvasObject { return spacer(theme.Padding()) }
	parts := []fyne.CanvasObject{container.NewCenter(swatch(l.Color)), gap(), container.NewCenter(name), gap()}
	if l.Key != "" {
		parts = append(parts, container.NewCenter(keycap(l.Key)), gap())
	}
	b.count = canvas.NewText("0", th.Color(theme.ColorNamePlaceHolder, v))
	b.count.TextSize = theme.CaptionTextSize()
	parts = append(parts, container.NewCenter(b.count))
	b.obj = container.NewStack(b, frame, container.New(&tightRow{}, parts...))
	return b
}

func (b *paletteButton) setCount(n int) {
	t := fmt.Sprint(n)
	if b.count.Text != t {
		b.count.Text = t
		b.count.Refresh()
	}
}

// tipText is the tooltip: the label's description, or how to give it one.
func (b *paletteButton) tipText() string {
	head := b.l.Name
	if b.l.Key != "" {
		head += " (key " + b.l.Key + ")"
	}
	if b.l.Description == "" {
		return head + ": no description yet (Edit ▸ Labels… or spanmark labels --set)"
	}
	return head + ": " + b.l.Description
}

// MouseIn shows the label's description.
func (b *paletteButton) MouseIn(ev *desktop.MouseEvent) {
	b.Button.MouseIn(ev)
	b.p.tip.show(b.obj, b.tipText())
}

// MouseOut hides it.
func (b *paletteButton) MouseOut() {
	b.Button.MouseOut()
	b.p.tip.hide()
}

// tooltip is a box of text drawn over the window's content, below the
// object it explains. It is not an overlay: it takes no pointer events and
// does not count as a dialog.
type tooltip struct {
	layer *fyne.Container // over the whole content, without layout
	box   *fyne.Container
	text  *widget.Label
	delay time.Duration
	gen   int // counts show and hide: a late timer of an older one does nothing
	shown string
}

func newTooltip() *tooltip {
	t := &tooltip{delay: 350 * time.Millisecond}
	th := fyne.CurrentApp().Settings().Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	bg := canvas.NewRectangle(th.Color(theme.ColorNameOverlayBackground, v))
	bg.StrokeColor = th.Color(theme.ColorNamePlaceHolder, v)
	bg.StrokeWidth = 1
	bg.CornerRadius = 4
	t.text = widget.NewLabel("")
	t.text.Wrapping = fyne.TextWrapWord
	t.box = container.NewStack(bg, t.text)
	t.box.Hide()
	t.layer = container.NewWithoutLayout(t.box)
	return t
}

// tipWidth is the widest a tooltip gets.
const tipWidth = 360

func (t *tooltip) show(o fyne.CanvasObject, text string) {
	t.gen++
	gen := t.gen
	place := func() {
		if gen != t.gen {
			return
		}
		d := fyne.CurrentApp().Driver()
		pos := d.AbsolutePositionForObject(o).Subtract(d.AbsolutePositionForObject(t.layer))
		t.text.SetText(text)
		w := min(float32(tipWidth), fyne.MeasureText(text, theme.TextSize(), fyne.TextStyle{}).Width+4*theme.Padding())
		t.text.Resize(fyne.NewSize(w, 0))
		t.box.Resize(fyne.NewSize(w, t.text.MinSize().Height))
		x := min(pos.X, t.layer.Size().Width-w)
		t.box.Move(fyne.NewPos(max(0, x), pos.Y+o.Size().Height+2))
		t.box.Show()
		t.shown = text
		t.layer.Refresh()
	}
	if t.delay <= 0 {
		place()
		return
	}
	time.AfterFunc(t.delay, func() { fyne.Do(place) })
}

func (t *tooltip) hide() {
	t.gen++
	t.shown = ""
	t.box.Hide()
}

// tightRow lays objects out left to right with a small gap, centred
// vertically: a Label's own padding already spaces the words.
type tightRow struct{}

// rowInset keeps the swatch off the button's left edge.
const rowInset = 8

func (tightRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(2*rowInset, 0)
	for _, o := range objs {
		m := o.MinSize()
		s.Width += m.Width
		s.Height = max(s.Height, m.Height)
	}
	return s
}

func (tightRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(rowInset)
	for _, o := range objs {
		m := o.MinSize()
		o.Resize(m)
		o.Move(fyne.NewPos(x, (size.Height-m.Height)/2))
		x += m.Width
	}
}

// spacer is an empty gap of width w.
func spacer(w float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, 1))
	return r
}

// keycap draws a key name in a small outlined box, like a key on a keyboard.
func keycap(k string) fyne.CanvasObject {
	th := fyne.CurrentApp().Settings().Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	t := canvas.NewText(k, th.Color(theme.ColorNameForeground, v))
	t.TextSize = theme.CaptionTextSize() + 1
	t.TextStyle.Monospace = true
	t.Alignment = fyne.TextAlignCenter
	box := canvas.NewRectangle(color.Transparent)
	box.StrokeColor = th.Color(theme.ColorNamePlaceHolder, v)
	box.StrokeWidth = 1
	box.CornerRadius = 4
	side := max(t.MinSize().Height+2, t.MinSize().Width+8)
	box.SetMinSize(fyne.NewSize(side, side))
	return container.NewStack(box, container.NewCenter(t))
}

// refreshPalette rebuilds the palette from the label set.
func (u *ui) refreshPalette() { u.palette.refresh() }
