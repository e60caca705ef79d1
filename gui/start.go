package gui

import (
	"fyne.io/fyne/v2"

	"github.com/spanmark/spanmark/store"
)

// startWindow opens the database at opt.DBPath and builds the window on a, as
// Run does; on error nothing stays open.
func startWindow(a fyne.App, opt Options) (*ui, *store.DB, error) {
	db, err := store.Open(opt.DBPath)
	if err != nil {
		return nil, nil, err
	}
	u, err := newUI(a, db, opt)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return u, db, nil
}
