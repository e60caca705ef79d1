package gui

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
)

// labelRow is one label being edited.
type labelRow struct {
	name, key, color *widget.Entry
	kind             *widget.Select
	swatch           *canvas.Rectangle
}

func (r *labelRow) label() annotate.Label {
	return annotate.Label{
		Name:  strings.TrimSpace(r.name.Text),
		Kind:  annotate.Kind(r.kind.Selected),
		Color: strings.ToLower(strings.TrimSpace(r.color.Text)),
		Key:   strings.TrimSpace(r.key.Text),
	}
}

// labelEditor edits a copy of the label set; Save replaces the set.
type labelEditor struct {
	u    *ui
	rows []*labelRow
	box  *fyne.Container
	d    dialog.Dialog
}

func (u *ui) showLabelEditor() { u.openLabelEditor() }

// openLabelEditor shows the editor on a copy of the label set.
func (u *ui) openLabelEditor() *labelEditor {
	e := &labelEditor{u: u, box: container.NewVBox()}
	for _, l := range u.s.Labels {
		e.rows = append(e.rows, e.newRow(l))
	}
	e.rebuild()
	e.show()
	return e
}

// show opens the editor dialog on the rows as they are.
func (e *labelEditor) show() {
	u := e.u
	add := widget.NewButtonWithIcon("Add label", theme.ContentAddIcon(), e.add)
	head := container.New(editorCols, bold("Name"), bold("Kind"), bold("Key"), bold("Colour"), widget.NewLabel(""))
	note := widget.NewLabel("Keys: one digit or letter each. Renaming a label does not rename the spans that carry the old name.")
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	content := container.NewBorder(head, container.NewVBox(note, container.NewHBox(add)), nil, nil, container.NewVScroll(e.box))
	d := dialog.NewCustomConfirm("Labels", "Save", "Cancel", content, func(ok bool) {
		if ok {
			e.save()
		}
	}, u.win)
	e.d = d
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}

// editorCols gives the editor's columns their widths; the name takes
// what is left.
var editorCols = &columns{fixed: []float32{0, 140, 70, 250, 44}}

// columns lays objects out in a row at fixed widths; a width of 0 shares
// the remaining space.
type columns struct{ fixed []float32 }

func (c *columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	pad := theme.Padding()
	for i, o := range objs {
		m := o.MinSize()
		w := m.Width
		if i < len(c.fixed) && c.fixed[i] > 0 {
			w = c.fixed[i]
		}
		s.Width += w + pad
		s.Height = max(s.Height, m.Height)
	}
	return s
}

func (c *columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	fixed, flex := float32(0), 0
	for i := range objs {
		if i < len(c.fixed) && c.fixed[i] > 0 {
			fixed += c.fixed[i]
		} else {
			flex++
		}
	}
	rest := max(0, size.Width-fixed-pad*float32(len(objs)-1))
	x := float32(0)
	for i, o := range objs {
		w := rest / float32(max(flex, 1))
		if i < len(c.fixed) && c.fixed[i] > 0 {
			w = c.fixed[i]
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// add appends a new label with a free name and a colour from the palette.
func (e *labelEditor) add() {
	name := fmt.Sprintf("LABEL%d", len(e.rows)+1)
	e.rows = append(e.rows, e.newRow(annotate.Label{Name: name, Kind: annotate.KindEntity, Color: annotate.ColorFor(name)}))
	e.rebuild()
}

func (e *labelEditor) newRow(l annotate.Label) *labelRow {
	r := &labelRow{name: widget.NewEntry(), key: widget.NewEntry(), color: widget.NewEntry(),
		kind: widget.NewSelect([]string{string(annotate.KindEntity), string(annotate.KindClaim)}, nil)}
	r.name.SetText(l.Name)
	r.key.SetText(l.Key)
	r.key.SetPlaceHolder("none")
	r.color.SetText(l.Color)
	r.kind.SetSelected(string(l.Kind))
	r.swatch = swatch(l.Color)
	r.swatch.SetMinSize(fyne.NewSize(24, 24))
	r.color.OnChanged = func(s string) {
		if c := strings.TrimSpace(s); len(c) == 7 && c[0] == '#' {
			r.swatch.FillColor = parseColor(c)
			r.swatch.Refresh()
		}
	}
	return r
}

// rebuild lays out one line per row: name, kind, key, colour (hex and
// picker), delete.
func (e *labelEditor) rebuild() {
	objs := make([]fyne.CanvasObject, 0, len(e.rows))
	for _, r := range e.rows {
		pick := widget.NewButton("Pick…", func() {
			p := dialog.NewColorPicker("Colour of "+r.name.Text, "Choose a colour that reads on light and dark themes", func(c color.Color) {
				r.color.SetText(formatColor(c))
			}, e.u.win)
			p.Advanced = true
			p.SetColor(parseColor(r.color.Text))
			p.Show()
		})
		del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			for i, x := range e.rows {
				if x == r {
					e.rows = append(e.rows[:i], e.rows[i+1:]...)
					break
				}
			}
			e.rebuild()
		})
		del.Importance = widget.LowImportance
		colour := container.NewBorder(nil, nil, container.NewCenter(r.swatch), pick, r.color)
		objs = append(objs, container.New(editorCols, r.name, r.kind, r.key, colour, del))
	}
	e.box.Objects = objs
	e.box.Refresh()
}

// save checks the set (names and keys unique, fields valid) and replaces
// the database's label set; on a mistake the editor opens again as it was.
func (e *labelEditor) save() {
	labels := make([]annotate.Label, 0, len(e.rows))
	names, keys := map[string]bool{}, map[string]bool{}
	var problem error
	for _, r := range e.rows {
		l := r.label()
		switch err := annotate.ValidateLabel(l); {
		case err != nil:
			problem = err
		case names[l.Name]:
			problem = fmt.Errorf("label %s is in the set twice", l.Name)
		case l.Key != "" && keys[strings.ToLower(l.Key)]:
			problem = fmt.Errorf("key %q is given to two labels", l.Key)
		}
		if problem != nil {
			break
		}
		names[l.Name] = true
		if l.Key != "" {
			keys[strings.ToLower(l.Key)] = true
		}
		labels = append(labels, l)
	}
	u := e.u
	if problem == nil {
		problem = u.s.DB().SaveLabels(u.ctx, labels)
	}
	if problem != nil {
		u.bar.fail(problem)
		info := dialog.NewInformation("Labels not saved", problem.Error(), u.win)
		info.SetOnClosed(e.show)
		info.Show()
		return
	}
	saved, err := u.s.DB().Labels(u.ctx)
	if err != nil {
		u.bar.fail(err)
		return
	}
	u.s.Labels = saved
	u.view.SetLabels(saved)
	u.refreshPalette()
	u.refreshFilterChoices()
	u.saved(fmt.Sprintf("label set (%d labels)", len(saved)))
}
