package gui

import (
	"fmt"
	"os"
	"os/user"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Settings kept in the database, so they travel with the annotations.
const (
	settingAnnotator = "annotator"
	settingTextSize  = "text_size"
	settingSamples   = "samples_loaded"
	settingLast      = "last_article" // reopened on the next start
)

// osUser is the login name of the user running spanmark.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		name := u.Username
		if i := strings.LastIndexByte(name, '\\'); i >= 0 {
			name = name[i+1:] // DOMAIN\user on Windows
		}
		return name
	}
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "annotator"
}

// loadSettings reads the annotator (default: the OS user, then saved) and
// the text size. On PostgreSQL the annotator is the database user, which
// the session already holds, and each user's settings are her own.
func (u *ui) loadSettings() error {
	name, err := u.s.DB().Setting(u.ctx, settingAnnotator)
	if err != nil {
		return fmt.Errorf("read settings: %w", err)
	}
	if u.s.DB().Postgres() {
		name = u.s.Annotator
	}
	if name == "" {
		name = osUser()
		if err := u.s.SetSetting(settingAnnotator, name); err != nil {
			return fmt.Errorf("save the annotator name: %w", err)
		}
	}
	u.s.Annotator = name
	if v, err := u.s.DB().Setting(u.ctx, settingTextSize); err == nil && v != "" {
		if f, err := strconv.ParseFloat(v, 32); err == nil && f >= 8 && f <= 40 {
			u.s.TextSize = float32(f)
		}
	}
	return nil
}

// showSettings lets the user change the annotator name given to new spans.
func (u *ui) showSettings() { u.openSettings() }

func (u *ui) openSettings() (*escEntry, *dialog.FormDialog) {
	name := u.newEntry()
	name.SetText(u.s.Annotator)
	name.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("the annotator needs a name")
		}
		return nil
	}
	hint := "Name saved with every span you add (e.g. your initials)"
	if u.s.DB().Postgres() {
		name.Disable() // the database user: the server holds each to her own spans
		hint = "Your database user: connect as another to annotate under another name"
	}
	items := []*widget.FormItem{
		{Text: "Annotator", Widget: name, HintText: hint},
	}
	d := dialog.NewForm("Settings", "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		n := strings.TrimSpace(name.Text)
		if u.s.DB().Postgres() {
			return // the name cannot change (see the hint)
		}
		if err := u.s.DB().SetSetting(u.ctx, settingAnnotator, n); err != nil {
			u.bar.fail(err)
			return
		}
		u.s.Annotator = n
		u.bar.refresh()
		u.showMine(false)
		u.refreshFilterChoices()
		u.reloadListOrReport() // "assigned to me" is someone else now
		u.saved("annotator " + n)
	}, u.win)
	name.OnSubmitted = func(string) { d.Submit() } // Enter saves
	d.Resize(fyne.NewSize(420, 200))
	u.show(d)
	u.win.Canvas().Focus(name)
	return name, d
}
