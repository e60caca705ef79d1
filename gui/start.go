package gui

import (
	"context"

	"fyne.io/fyne/v2"

	"github.com/spanmark/spanmark/store"
)

// startWindow opens the database at opt.DBPath and builds the window on a, as
// Run does; on error nothing stays open. The whole-file check runs while
// the window is built (store.Options.CheckLater; dbcheck.go): when the
// window cannot be built, a failed check is the reason given.
func startWindow(a fyne.App, opt Options) (*ui, *store.DB, error) {
	db, err := store.OpenWith(opt.DBPath, store.Options{CheckLater: true})
	if err != nil {
		return nil, nil, err
	}
	u, err := newUI(a, db, opt)
	if err != nil {
		if cerr := db.WaitChecked(context.Background()); cerr != nil {
			err = cerr
		}
		db.Close()
		return nil, nil, err
	}
	return u, db, nil
}
