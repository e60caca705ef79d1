package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// When the database cannot be opened (a wrong password, no server, a
// damaged file), a window started from a desktop menu has no terminal to
// print to: openFailedWindow says why in a small window of its own, with
// the one-line message the command line prints, a button to copy it, and
// Quit (Esc and Enter quit too).
func openFailedWindow(a fyne.App, db string, err error) fyne.Window {
	w := a.NewWindow("spanmark: cannot open the database")
	msg := widget.NewLabel(err.Error())
	msg.Wrapping = fyne.TextWrapWord
	msg.Selectable = true
	title := widget.NewLabelWithStyle("spanmark cannot open "+db, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	quit := widget.NewButtonWithIcon("Quit", theme.CancelIcon(), w.Close)
	quit.Importance = widget.HighImportance
	copyMsg := widget.NewButtonWithIcon("Copy message", theme.ContentCopyIcon(), func() {
		a.Clipboard().SetContent(err.Error())
	})
	w.SetContent(container.NewBorder(
		container.NewBorder(nil, nil, widget.NewIcon(theme.ErrorIcon()), nil, title), // top: a wrapping label needs the width a Border gives
		container.NewHBox(layout.NewSpacer(), copyMsg, quit),                         // bottom
		nil, nil,
		container.NewVScroll(msg)))
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape || k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
			w.Close()
		}
	})
	w.Resize(fyne.NewSize(560, 220))
	return w
}
