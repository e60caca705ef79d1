package gui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
)

// jobs is the state of the window's long runs — import, export, merge and
// suggestions — which run one at a time (runJob).
type jobs struct {
	busy   bool   // a run is going: no second one
	onDone func() // tests: called when a run has been reported
}

// errBusy refuses a second run while one is going.
var errBusy = errors.New("an import, export, merge or suggestion run is still running")

// jobBusy reports whether a run is going, and if so tells the person why
// title cannot start now.
func (u *ui) jobBusy(title string) bool {
	if u.jobs.busy {
		u.showError(title, errBusy)
	}
	return u.jobs.busy
}

// runJob runs work on a goroutine behind a modal progress dialog whose
// Cancel cancels work's context. work reports progress (a fraction, < 0
// when unknown, and a status line) and returns what to do with its result
// on the window's goroutine, told whether it was cancelled.
func (u *ui) runJob(title, what string, work func(ctx context.Context, progress func(float64, string)) func(cancelled bool)) {
	if u.jobBusy(title) {
		return
	}
	u.jobs.busy = true
	ctx, cancel := context.WithCancel(u.ctx)
	p := u.newProgress(title, what, cancel)
	go func() {
		defer cancel()
		finish := work(ctx, func(frac float64, status string) { fyne.Do(func() { p.set(frac, status) }) })
		cancelled := ctx.Err() != nil // read before the deferred cancel
		fyne.Do(func() {
			p.close()
			u.jobs.busy = false
			finish(cancelled)
			if u.jobs.onDone != nil {
				u.jobs.onDone()
			}
		})
	}()
}

// writeFailed reports a run that writes the database in one transaction
// (import, merge) when it was cancelled or failed — either way the
// database is unchanged — and says whether it did.
func (u *ui) writeFailed(what string, err error, cancelled bool) bool {
	switch {
	case cancelled:
		u.bar.hint(strings.ToLower(what) + " cancelled: the database is unchanged")
	case err != nil:
		u.showError(what+" failed — the database is unchanged", err)
	default:
		return false
	}
	return true
}

// labelsArrived shows the label set again after an import or merge that
// may have brought labels: the view's colours, the palette and the list's
// filter choices.
func (u *ui) labelsArrived() {
	if err := u.s.ReloadLabels(); err != nil {
		u.bar.fail(err)
	} else {
		u.view.SetLabels(u.s.Labels)
		u.refreshPalette()
	}
	u.refreshFilterChoices()
}
