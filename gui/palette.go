package gui

import (
	"encoding/hex"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
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

// paletteButton is one label of the palette: a button under the label's
// colour, name and key. Clicking a button does not take the keyboard focus,
// so the text selection in the view survives it.
func (u *ui) paletteButton(l annotate.Label) fyne.CanvasObject {
	btn := widget.NewButton("", func() { u.paletteClicked(l) })
	frame := u.armFrame(l, btn)
	name := widget.NewLabel(clipLabel(l.Name))
	name.TextStyle.Bold = true
	parts := []fyne.CanvasObject{container.NewCenter(swatch(l.Color)), name}
	if l.Key != "" {
		parts = append(parts, container.NewCenter(keycap(l.Key)))
	}
	row := container.New(&tightRow{}, parts...)
	return container.NewStack(btn, frame, row)
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
func (u *ui) refreshPalette() {
	objs := make([]fyne.CanvasObject, 0, len(u.s.Labels)+1)
	for _, l := range u.s.Labels {
		objs = append(objs, u.paletteButton(l))
	}
	edit := widget.NewButtonWithIcon("", theme.SettingsIcon(), u.showLabelEditor)
	edit.Importance = widget.LowImportance
	objs = append(objs, edit)
	u.palette.Objects = objs
	u.palette.Refresh()
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
