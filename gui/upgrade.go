package gui

import (
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/store"
)

// askUpgrade asks, in a window of its own, whether to migrate the database
// at path, made by an older spanmark (schema have), to this spanmark's
// schema known; done gets the answer once (closing the window is "no").
// The older spanmark cannot open a migrated file, so Open keeps a copy.
func askUpgrade(a fyne.App, path string, have, known int, done func(upgrade bool)) (fyne.Window, *dialog.ConfirmDialog) {
	w := a.NewWindow("spanmark — upgrade database")
	answered := false
	answer := func(ok bool) {
		if answered {
			return
		}
		answered = true
		done(ok) // shows the main window first: closing the last one quits
		w.Close()
	}
	d := dialog.NewCustomConfirm("Upgrade the database?", "Upgrade", "Quit", widget.NewLabel(upgradeMessage(path, have, known)), answer, w)
	w.SetOnClosed(func() { answer(false) })
	w.Resize(fyne.NewSize(640, 280))
	d.Show()
	w.Show()
	return w, d
}

// upgradeMessage is what askUpgrade says: a file is copied first; a
// PostgreSQL database (named without its password) is not, and the whole
// team is concerned.
func upgradeMessage(path string, have, known int) string {
	if store.IsURL(path) {
		return fmt.Sprintf("The team database %s was made by an older spanmark (schema %d).\n"+
			"This spanmark needs schema %d and will upgrade it on the server (a team\n"+
			"database: only an admin may); older spanmark versions of the team\n"+
			"cannot open it afterwards.\n\n"+
			"No copy is kept: make one first (pg_dump) if you may need to go back.",
			store.Redact(path), have, known)
	}
	return fmt.Sprintf("%s was made by an older spanmark (schema %d).\n"+
		"This spanmark needs schema %d and will upgrade the file in place;\n"+
		"the older spanmark cannot open it afterwards.\n\n"+
		"A copy of the file as it is now is kept as %s.",
		path, have, known, filepath.Base(store.BackupName(path, have)))
}
