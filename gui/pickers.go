package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// pickerSize is the size of every file and folder dialog: the default is
// too small to read paths in.
var pickerSize = fyne.NewSize(900, 600)

// pickFile returns a file-open dialog that calls fn with the path chosen;
// an error is shown under title and Cancel does nothing. The caller may set
// a filter or location, then calls Show.
func (u *ui) pickFile(title string, fn func(path string)) *dialog.FileDialog {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(title, err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		fn(path)
	}, u.win)
	d.Resize(pickerSize)
	return d
}

// pickFolder is pickFile for a folder.
func (u *ui) pickFolder(title string, fn func(path string)) *dialog.FileDialog {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			u.showError(title, err)
			return
		}
		if l != nil {
			fn(l.Path())
		}
	}, u.win)
	d.Resize(pickerSize)
	return d
}
