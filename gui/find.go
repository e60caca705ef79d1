package gui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Find in the article (Ctrl+F): a bar under the text. Typing highlights
// every hit in the text (case ignored), Enter and Shift+Enter step to the
// next and previous hit, Esc closes the bar and leaves the current hit
// selected, so that a label key tags it. It is apart from the article
// list's search (Ctrl+Shift+F), which finds articles.

// minTextWidth keeps the article text the widest pane: wider than the
// claim inspector beside it, whatever the window's size.
const minTextWidth = inspectorWidth + 40

type findBar struct {
	u     *ui
	box   *fyne.Container
	entry *findEntry
	count *widget.Label
	hits  [][2]int
	cur   int
}

// textPane is the article view with the find bar under it.
func (u *ui) textPane() fyne.CanvasObject {
	f := &findBar{u: u, cur: -1}
	f.entry = &findEntry{bar: f}
	f.entry.ExtendBaseWidget(f.entry)
	f.entry.SetPlaceHolder("find in this article")
	f.entry.OnChanged = func(string) { f.search() }
	f.count = widget.NewLabel("")
	prev := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { f.step(-1) })
	next := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { f.step(+1) })
	closeB := widget.NewButtonWithIcon("", theme.CancelIcon(), f.close)
	for _, b := range []*widget.Button{prev, next, closeB} {
		b.Importance = widget.LowImportance
	}
	f.box = container.NewBorder(widget.NewSeparator(), nil, nil,
		container.NewHBox(f.count, prev, next, closeB), f.entry)
	f.box.Hide()
	u.find = f
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(minTextWidth, 0))
	return container.NewBorder(nil, f.box, nil, nil, container.NewStack(width, u.view))
}

// open shows the bar with the keyboard in its field (Ctrl+F).
func (f *findBar) open() {
	f.box.Show()
	f.u.win.Canvas().Focus(f.entry)
	f.search()
}

// visible reports whether the bar is open.
func (f *findBar) visible() bool { return f.box.Visible() }

// close hides the bar and its hits; the current hit stays selected.
func (f *findBar) close() {
	cur := f.cur
	hits := f.hits
	f.box.Hide()
	f.hits, f.cur = nil, -1
	f.u.view.SetFindHits(nil, -1)
	f.u.focusView()
	if cur >= 0 && cur < len(hits) {
		f.u.view.SetSelection(hits[cur][0], hits[cur][1])
		f.u.refreshHint()
	}
}

// search finds the field's text in the open article and shows the hit
// nearest the top of the view as the current one.
func (f *findBar) search() {
	u := f.u
	f.hits, f.cur = nil, -1
	if u.s.Cur != nil && f.entry.Text != "" {
		f.hits = u.view.FindAll(f.entry.Text)
	}
	if len(f.hits) > 0 {
		f.cur = 0
	}
	f.show()
}

// articleChanged finds again in the article now open.
func (f *findBar) articleChanged() {
	if f.visible() {
		f.search()
	}
}

// step moves the current hit by dir, round the article's end.
func (f *findBar) step(dir int) {
	if len(f.hits) == 0 {
		return
	}
	f.cur = (f.cur + dir + len(f.hits)) % len(f.hits)
	f.show()
}

func (f *findBar) show() {
	u := f.u
	u.view.SetFindHits(f.hits, f.cur)
	switch {
	case f.entry.Text == "":
		f.count.SetText("")
	case len(f.hits) == 0:
		f.count.SetText("no hit")
	default:
		f.count.SetText(fmt.Sprintf("%d of %d", f.cur+1, len(f.hits)))
		u.view.CentreOffset(f.hits[f.cur][0])
	}
}

// findEntry is the bar's field: Enter and Shift+Enter step, Esc closes.
type findEntry struct {
	widget.Entry
	bar   *findBar
	shift bool
}

// TypedKey steps on Enter (back with Shift) and closes on Esc.
func (e *findEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.shift || shiftHeld() {
			e.bar.step(-1)
		} else {
			e.bar.step(+1)
		}
		return
	case fyne.KeyEscape:
		e.bar.close()
		return
	}
	e.Entry.TypedKey(ev)
}

// KeyDown tracks Shift.
func (e *findEntry) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		e.shift = true
	}
	e.Entry.KeyDown(ev)
}

// KeyUp tracks Shift.
func (e *findEntry) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		e.shift = false
	}
	e.Entry.KeyUp(ev)
}

// FocusLost forgets Shift, whose release the field may not see.
func (e *findEntry) FocusLost() {
	e.shift = false
	e.Entry.FocusLost()
}

// shiftHeld asks the desktop driver whether Shift is down.
func shiftHeld() bool {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0
	}
	return false
}
