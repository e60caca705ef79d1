package gui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/session"
	"github.com/spanmark/spanmark/store"
)

// statusBar is the line at the bottom: who annotates, how far the set is,
// what the view has selected, and whether the last change is saved.
type statusBar struct {
	u         *ui
	box       *fyne.Container
	annotator *widget.Button
	progress  *widget.Label
	info      *widget.Label
	mode      *widget.Label // the armed label
	state     *widget.Label
	lastErr   error
	off       bool // the server cannot be reached (a team's PostgreSQL database)
}

func newStatusBar(u *ui) statusBar {
	b := statusBar{u: u}
	b.annotator = widget.NewButtonWithIcon("", theme.AccountIcon(), u.showSettings)
	b.annotator.Importance = widget.LowImportance
	b.progress = widget.NewLabel("")
	b.info = widget.NewLabel("")
	b.info.Truncation = fyne.TextTruncateEllipsis
	b.info.Importance = widget.LowImportance
	b.state = widget.NewLabel("no changes yet")
	b.mode = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	b.mode.Importance = widget.HighImportance
	b.mode.Hide()
	left := container.NewHBox(b.annotator, widget.NewSeparator(), b.progress, widget.NewSeparator(), b.mode)
	b.box = container.NewBorder(widget.NewSeparator(), nil, left, b.state, b.info)
	return b
}

// refresh shows the annotator name.
func (b *statusBar) refresh() {
	b.annotator.SetText("annotator: " + b.u.s.Annotator)
}

// setCounts shows "N/M done": articles done or reviewed, of all.
func (b *statusBar) setCounts(counts map[annotate.Status]int) {
	total := 0
	for _, n := range counts {
		total += n
	}
	done := counts[annotate.StatusDone] + counts[annotate.StatusReviewed]
	b.progress.SetText(fmt.Sprintf("%d/%d done", done, total))
}

// saved reports a committed change.
func (b *statusBar) saved(what string, at time.Time) {
	b.lastErr, b.off = nil, false
	b.state.Importance = widget.MediumImportance
	msg := "saved " + at.Format("15:04:05")
	if what != "" {
		msg = clipLong(what, 80) + " — " + msg
	}
	b.state.SetText(msg)
}

// fail shows err in place of the saved state until the next save: a
// write refused because another person changed the span meanwhile says
// who (the session shows their version), one the server did not get says
// offline.
func (b *statusBar) fail(err error) {
	b.lastErr = err
	if b.state == nil { // not built yet
		fyne.LogError("spanmark", err)
		return
	}
	if store.IsOffline(err) {
		b.offline(err)
		return
	}
	if msg := session.Conflict(err); msg != "" {
		b.state.Importance = widget.WarningImportance
		b.state.SetText(clipLong(msg, 120))
		if b.u.s.Cur != nil {
			b.u.showSpans()
			b.u.claims.refresh()
		}
		return
	}
	b.state.Importance = widget.DangerImportance
	b.state.SetText("error: " + clipLong(firstLine(err.Error()), 120))
	fyne.LogError("spanmark", err)
}

// offline says that the server cannot be reached: what is done now is not
// saved. The listener keeps trying; online ends it.
func (b *statusBar) offline(err error) {
	b.off = true
	b.lastErr = err
	b.state.Importance = widget.DangerImportance
	b.state.SetText("offline — changes not saved")
	fyne.LogError("spanmark: offline", err)
}

// online says the server is back.
func (b *statusBar) online() {
	if !b.off {
		return
	}
	b.off = false
	b.lastErr = nil
	b.state.Importance = widget.SuccessImportance
	b.state.SetText("back online " + time.Now().Format("15:04:05"))
}

// armed shows which label is armed (on), or nothing.
func (b *statusBar) armed(on bool, label string) {
	if !on {
		b.mode.Hide()
		return
	}
	b.mode.SetText("● " + clipLabel(label) + " armed (Esc ends)")
	b.mode.Show()
}

// hint shows a short neutral message, e.g. what is selected.
func (b *statusBar) hint(msg string) {
	b.info.SetText(msg)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}
