package gui

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
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
}

func (u *ui) showLabelEditor() {
	e := &labelEditor{u: u, box: container.NewVBox()}
	for _, l := range u.labels {
		e.rows = append(e.rows, e.newRow(l))
	}
	e.rebuild()
	e.show()
}

// show opens the editor dialog on the rows as they are.
func (e *labelEditor) show() {
	u := e.u
	add := widget.NewButtonWithIcon("Add label", theme.ContentAddIcon(), func() {
		name := fmt.Sprintf("LABEL%d", len(e.rows)+1)
		e.rows = append(e.rows, e.newRow(annotate.Label{Name: name, Kind: annotate.KindEntity, Color: annotate.ColorFor(name)}))
		e.rebuild()
	})
	head := container.New(layout.NewGridLayoutWithColumns(5),
		bold("Name"), bold("Kind"), bold("Key"), bold("Colour"), widget.NewLabel(""))
	note := widget.NewLabel("Keys: one digit or letter each. Renaming a label does not rename the spans that carry the old name.")
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	content := container.NewBorder(head, container.NewVBox(note, container.NewHBox(add)), nil, nil, container.NewVScroll(e.box))
	d := dialog.NewCustomConfirm("Labels", "Save", "Cancel", content, func(ok bool) {
		if ok {
			e.save()
		}
	}, u.win)
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
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
		del.Importance = widget.DangerImportance
		colour := container.NewBorder(nil, nil, container.NewCenter(r.swatch), pick, r.color)
		objs = append(objs, container.New(layout.NewGridLayoutWithColumns(5), r.name, r.kind, r.key, colour, container.NewHBox(layout.NewSpacer(), del)))
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
		problem = u.db.SaveLabels(u.ctx, labels)
	}
	if problem != nil {
		u.bar.fail(problem)
		info := dialog.NewInformation("Labels not saved", problem.Error(), u.win)
		info.SetOnClosed(e.show)
		info.Show()
		return
	}
	saved, err := u.db.Labels(u.ctx)
	if err != nil {
		u.bar.fail(err)
		return
	}
	u.labels = saved
	u.view.SetLabels(saved)
	u.refreshPalette()
	u.saved(fmt.Sprintf("label set (%d labels)", len(saved)))
}
