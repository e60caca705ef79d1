package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/store"
)

// The window opens its database with the whole-file check (quick_check:
// 1.6 s of CPU on 650 MB) on a goroutine, so that it shows at once. Until
// the check has passed nothing is written: the store holds every write
// until then (an edit made in the first second waits for it), and the
// settings the window saves as it starts (the annotator's name, the open
// article) are kept here and saved once it passed. A failed check is shown
// as a refusal that quits, and nothing was written.

// checkRunning reports whether db's check has not finished (newUI asks
// before anything is saved). A variable for tests, which make the window
// take a finished check for a running one.
var checkRunning = func(db *store.DB) bool {
	done, _ := db.Checked()
	return !done
}

// watchCheck waits for the database's check on a goroutine and tells the
// window (checkDone). Called once the window is built; newUI set checking
// when the check had not finished.
func (u *ui) watchCheck() {
	db, ctx := u.s.DB(), u.ctx
	if !u.s.Checking() {
		_, err := db.Checked() // finished before anything was saved
		u.checkDone(err)
		return
	}
	u.bar.state.SetText("checking the database…")
	go func() {
		err := db.WaitChecked(ctx)
		if ctx.Err() != nil {
			return // the window closed first
		}
		fyne.Do(func() { u.checkDone(err) })
	}()
}

// checkDone saves the settings kept while the check ran, or shows the
// refusal when it failed.
func (u *ui) checkDone(err error) {
	if err := u.s.CheckDone(err); err != nil {
		if u.s.Refused() != nil {
			u.refuse(err)
		} else {
			u.bar.fail(err)
		}
		return
	}
	if u.bar.state.Text == "checking the database…" {
		u.bar.state.SetText("no changes yet")
	}
}

// refuse shows that the database cannot be used (its check failed,
// session.Refused): the
// message names the file and says to restore it from a copy; Quit ends
// spanmark. Every write fails meanwhile (the store refuses them).
func (u *ui) refuse(err error) {
	u.bar.fail(err)
	l := widget.NewLabel(err.Error())
	l.Wrapping = fyne.TextWrapWord
	l.Selectable = true
	d := dialog.NewCustom("spanmark cannot use this database", "Quit", container.NewVScroll(l), u.win)
	d.SetOnClosed(u.app.Quit)
	d.Resize(fyne.NewSize(640, 260))
	d.Show()
}
