package gui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Dialogs and the keyboard. While a dialog is open the article behind it
// takes no keys: no label key, no undo, no review key (Fyne offers a
// shortcut to the main menu first, whatever is open). Esc closes the top
// dialog as its Cancel or Close button would, also when one of its text
// fields has the keyboard.

// hider is what Esc needs of a dialog: dialog.Dialog, *dialog.FileDialog
// and *dialog.FormDialog all close with their "no" answer on Hide.
type hider interface {
	Show()
	Hide()
}

// show opens d and remembers it as the dialog Esc closes while it is on top.
func (u *ui) show(d hider) {
	d.Show()
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		if u.dialogs == nil {
			u.dialogs = map[fyne.CanvasObject]hider{}
		}
		u.dialogs[top] = d
	}
}

// modal reports whether a dialog (or a pop-up) covers the article.
func (u *ui) modal() bool { return u.win.Canvas().Overlays().Top() != nil }

// dismissTexts are the labels of the buttons that close a dialog without
// doing anything, for dialogs not opened through show (Fyne's own).
var dismissTexts = []string{"Cancel", "Close", "OK", "No", "Dismiss"}

// dismissTop closes the top dialog as its dismiss button does; false when no
// dialog is open.
func (u *ui) dismissTop() bool {
	ov := u.win.Canvas().Overlays()
	top := ov.Top()
	if top == nil {
		return false
	}
	open := ov.List()
	for o := range u.dialogs { // forget dialogs closed by their buttons
		if !slices.Contains(open, o) {
			delete(u.dialogs, o)
		}
	}
	if d, ok := u.dialogs[top]; ok {
		delete(u.dialogs, top)
		d.Hide()
	} else if b := findButtonIn(top, dismissTexts); b != nil {
		b.Tapped(&fyne.PointEvent{})
	} else {
		top.Hide()
		ov.Remove(top)
	}
	if u.win.Canvas().Overlays().Top() == nil {
		u.focusView()
	}
	return true
}

// findButtonIn finds a button with one of texts in o, looking into
// containers and pop-ups (a dialog's buttons sit in containers).
func findButtonIn(o fyne.CanvasObject, texts []string) *widget.Button {
	if b, ok := o.(*widget.Button); ok && slices.Contains(texts, b.Text) && !b.Disabled() {
		return b
	}
	var children []fyne.CanvasObject
	switch c := o.(type) {
	case *fyne.Container:
		children = c.Objects
	case *widget.PopUp:
		children = []fyne.CanvasObject{c.Content}
	}
	for _, ch := range children {
		if b := findButtonIn(ch, texts); b != nil {
			return b
		}
	}
	return nil
}

// escaped reports whether ev is Esc and onEsc took it.
func escaped(ev *fyne.KeyEvent, onEsc func() bool) bool {
	return ev.Name == fyne.KeyEscape && onEsc != nil && onEsc()
}

// escEntry is a text field that hands Esc to the window, so that Esc
// closes its dialog (or the find bar) while it has the keyboard.
type escEntry struct {
	widget.Entry
	onEsc func() bool
}

func (u *ui) newEntry() *escEntry {
	e := &escEntry{onEsc: u.dismissTop}
	e.ExtendBaseWidget(e)
	return e
}

func (u *ui) newMultiLineEntry() *escEntry {
	e := u.newEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

// TypedKey gives Esc to the window first.
func (e *escEntry) TypedKey(ev *fyne.KeyEvent) {
	if escaped(ev, e.onEsc) {
		return
	}
	e.Entry.TypedKey(ev)
}

// escSelectEntry is a SelectEntry that hands Esc to the window.
type escSelectEntry struct {
	widget.SelectEntry
	onEsc func() bool
}

func (u *ui) newSelectEntry(options []string) *escSelectEntry {
	e := &escSelectEntry{onEsc: u.dismissTop}
	e.ExtendBaseWidget(e)
	e.SetOptions(options)
	return e
}

// TypedKey gives Esc to the window first.
func (e *escSelectEntry) TypedKey(ev *fyne.KeyEvent) {
	if escaped(ev, e.onEsc) {
		return
	}
	e.SelectEntry.TypedKey(ev)
}

// escSelect is a Select that hands Esc to the window: after a choice the
// select keeps the keyboard, and Esc did nothing.
type escSelect struct {
	widget.Select
	onEsc func() bool
}

func (u *ui) newSelect(options []string, changed func(string)) *escSelect {
	s := &escSelect{onEsc: u.dismissTop}
	s.Options, s.OnChanged, s.PlaceHolder = options, changed, "(Select one)"
	s.ExtendBaseWidget(s)
	return s
}

// TypedKey gives Esc to the window first.
func (s *escSelect) TypedKey(ev *fyne.KeyEvent) {
	if escaped(ev, s.onEsc) {
		return
	}
	s.Select.TypedKey(ev)
}

// escCheck is a Check that hands Esc to the window.
type escCheck struct {
	widget.Check
	onEsc func() bool
}

func (u *ui) newCheck(text string, changed func(bool)) *escCheck {
	c := &escCheck{onEsc: u.dismissTop}
	c.Text, c.OnChanged = text, changed
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey gives Esc to the window first.
func (c *escCheck) TypedKey(ev *fyne.KeyEvent) {
	if escaped(ev, c.onEsc) {
		return
	}
	c.Check.TypedKey(ev)
}
