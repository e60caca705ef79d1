//go:build !headless

package gui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/spanmark/spanmark/assets"
	"github.com/spanmark/spanmark/store"
)

// Run opens the database and the window, and returns when the window is
// closed. With opt.Screenshot set it draws the window once, writes the PNG
// and exits the process.
func Run(opt Options) error {
	start := time.Now()
	if opt.Screenshot != "" && os.Getenv("GALLIUM_DRIVER") == "" {
		// Mesa's default llvmpipe driver captures all-black frames under Xvfb;
		// softpipe captures what is drawn (notes/fyne-headless.md). It must be
		// set before the first window exists. A driver set by the caller wins
		// (bench/window.sh times frames with llvmpipe).
		os.Setenv("GALLIUM_DRIVER", "softpipe")
	}
	a := app.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon()))
	have, known, err := store.SchemaVersion(opt.DBPath)
	if err != nil {
		return openFailed(a, opt, err)
	}
	if have > 0 && have < known {
		if opt.Screenshot != "" {
			return fmt.Errorf("database %s was made by an older spanmark (schema %d): open it in the window once to upgrade it", opt.DBPath, have)
		}
		return runAfterUpgrade(a, opt, have, known)
	}
	u, db, err := startWindow(a, opt)
	if err != nil {
		return openFailed(a, opt, err)
	}
	defer db.Close()
	if opt.Screenshot != "" {
		built := time.Since(start)
		u.screenshotOnFirstFrame(opt.Screenshot, func(frame time.Duration) {
			if os.Getenv("SPANMARK_TIMING") != "" {
				fmt.Fprintf(os.Stderr, "timing: window built %.1f ms, first frame drawn %.1f ms after start\n",
					float64(built.Microseconds())/1000, float64(frame.Microseconds())/1000)
			}
		}, start, func(err error) {
			if err != nil {
				db.Close()
				fmt.Fprintln(os.Stderr, "spanmark: screenshot:", err)
				os.Exit(1)
			}
			// The window was drawn before the database's check finished: a
			// damaged database still fails the command.
			err = db.WaitChecked(context.Background())
			db.Close()
			if err != nil {
				fmt.Fprintln(os.Stderr, "spanmark:", err)
				os.Exit(1)
			}
			// Quitting through Fyne right after the first frame crashed 7 times
			// in 20 under Xvfb; exiting the process did not (notes).
			os.Exit(0)
		})
	}
	u.win.SetMaster()
	u.win.ShowAndRun()
	u.stop() // an import still running rolls back before the database closes
	return nil
}

// openFailed shows why the database did not open in a window (no terminal
// may be there to read it) until the person closes it, and returns err for
// the command line to print and exit 1. A screenshot run only returns it.
func openFailed(a fyne.App, opt Options, err error) error {
	if opt.Screenshot == "" {
		w := openFailedWindow(a, store.Redact(opt.DBPath), err)
		w.SetMaster()
		w.ShowAndRun()
	}
	return err
}

// runAfterUpgrade asks before migrating a database of an older spanmark
// and, when the user agrees, opens it (Open keeps a copy) in the window.
func runAfterUpgrade(a fyne.App, opt Options, have, known int) error {
	var u *ui
	var db *store.DB
	err := errors.New("the database was not upgraded; nothing was changed")
	askUpgrade(a, opt.DBPath, have, known, func(ok bool) {
		if !ok {
			a.Quit()
			return
		}
		if u, db, err = startWindow(a, opt); err != nil {
			a.Quit()
			return
		}
		u.win.SetMaster()
		u.win.Show()
	})
	a.Run()
	if u == nil {
		return err
	}
	u.stop()
	db.Close()
	return nil
}
