package gui

import (
	"fmt"
	"image/color"
	"slices"
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
	name, key, color, desc *escEntry
	kind                   *escSelect
	swatch                 *canvas.Rectangle
}

func (r *labelRow) label() annotate.Label {
	return annotate.Label{
		Name:        strings.TrimSpace(r.name.Text),
		Kind:        annotate.Kind(r.kind.Selected),
		Color:       strings.ToLower(strings.TrimSpace(r.color.Text)),
		Key:         r.key.Text,
		Description: strings.TrimSpace(r.desc.Text),
	}
}

// labelEditor edits a copy of the label set; Save replaces the set.
type labelEditor struct {
	u    *ui
	rows []*labelRow
	box  *fyne.Container
	warn *widget.Label // labels whose names differ only in case
	d    dialog.Dialog
}

func (u *ui) showLabelEditor() { u.openLabelEditor() }

// openLabelEditor shows the editor on a copy of the label set.
func (u *ui) openLabelEditor() *labelEditor {
	e := &labelEditor{u: u, box: container.NewVBox(), warn: widget.NewLabel("")}
	e.warn.Wrapping = fyne.TextWrapWord
	e.warn.Importance = widget.WarningImportance
	for _, l := range caseTwinsTogether(u.s.Labels) {
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
	note := widget.NewLabel("Keys: one digit or letter each, not " + reservedKeyList() + " (review mode and the claim inspector use them). " +
		"The description is the label's guideline: the palette shows it. Renaming a label does not rename the spans that carry the old name.")
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	content := container.NewBorder(container.NewVBox(e.warn, head), container.NewVBox(note, container.NewHBox(add)), nil, nil, container.NewVScroll(e.box))
	d := dialog.NewCustomConfirm("Labels", "Save", "Cancel", content, func(ok bool) {
		if ok {
			e.save()
		}
	}, u.win)
	e.d = d
	d.Resize(fyne.NewSize(820, 560))
	u.show(d)
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

// add appends a new label with a free name, key and colour.
func (e *labelEditor) add() {
	name := fmt.Sprintf("LABEL%d", len(e.rows)+1)
	set := make([]annotate.Label, 0, len(e.rows))
	for _, r := range e.rows {
		set = append(set, r.label())
	}
	l := []annotate.Label{{Name: name, Kind: annotate.KindEntity}}
	annotate.FillKeysAndColors(set, l) // a free key, a colour unlike the others
	e.rows = append(e.rows, e.newRow(l[0]))
	e.rebuild()
}

func (e *labelEditor) newRow(l annotate.Label) *labelRow {
	u := e.u
	r := &labelRow{name: u.newEntry(), key: u.newEntry(), color: u.newEntry(), desc: u.newEntry(),
		kind: u.newSelect([]string{string(annotate.KindEntity), string(annotate.KindClaim)}, nil)}
	r.name.SetText(l.Name)
	r.name.OnChanged = func(string) { e.showTwins() }
	r.desc.SetText(l.Description)
	r.desc.SetPlaceHolder("description: when to use this label (shown on the palette)")
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
			e.u.show(p)
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
		objs = append(objs, container.New(editorCols, r.name, r.kind, r.key, colour, del),
			container.NewPadded(r.desc), widget.NewSeparator())
	}
	e.box.Objects = objs
	e.box.Refresh()
	e.showTwins()
}

// showTwins warns of labels whose names differ only in case: spans of one
// are not spans of the other, which is seldom meant.
func (e *labelEditor) showTwins() {
	set := make([]annotate.Label, 0, len(e.rows))
	for _, r := range e.rows {
		set = append(set, r.label())
	}
	twins := annotate.CaseTwins(set)
	var groups []string
	seen := map[string]bool{}
	for _, l := range set {
		if others, ok := twins[l.Name]; ok && !seen[l.Name] {
			seen[l.Name] = true
			for _, o := range others {
				seen[o] = true
			}
			groups = append(groups, strings.Join(append([]string{l.Name}, others...), " and "))
		}
	}
	if len(groups) == 0 {
		e.warn.Hide()
		return
	}
	e.warn.SetText("⚠ " + strings.Join(groups, "; ") + " differ only in case: they are different labels, and a span of one is not a span of the other. " +
		"Rename one (its spans keep the old name) or delete it, unless both are meant.")
	e.warn.Show()
}

// caseTwinsTogether is labels in their order, each label followed by the
// labels whose names differ from its only in case.
func caseTwinsTogether(labels []annotate.Label) []annotate.Label {
	out := make([]annotate.Label, 0, len(labels))
	done := map[string]bool{}
	for _, l := range labels {
		if done[l.Name] {
			continue
		}
		for _, m := range labels {
			if !done[m.Name] && strings.EqualFold(m.Name, l.Name) {
				done[m.Name] = true
				out = append(out, m)
			}
		}
	}
	return out
}

// reservedKeyList names the keys no label may take.
func reservedKeyList() string {
	var ks []string
	for r := range annotate.ReservedKeys {
		if r == ' ' {
			continue
		}
		ks = append(ks, string(r))
	}
	slices.Sort(ks)
	return strings.Join(ks, " ") + " or space"
}

// save checks the set (annotate.CheckLabelSet: names and keys unique, no
// key of review mode or the claim inspector, fields valid) and replaces
// the database's label set; on a mistake the editor opens again as it was.
func (e *labelEditor) save() {
	labels := make([]annotate.Label, 0, len(e.rows))
	for _, r := range e.rows {
		labels = append(labels, r.label())
	}
	problem := annotate.CheckLabelSet(labels)
	u := e.u
	if problem == nil {
		problem = u.s.DB().SaveLabels(u.ctx, labels)
	}
	if problem != nil {
		u.bar.fail(problem)
		info := dialog.NewInformation("Labels not saved", problem.Error(), u.win)
		info.SetOnClosed(e.show)
		u.show(info)
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
