package gui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestAnUnopenableDatabaseIsExplainedInAWindow: started from a desktop
// menu, the window has no terminal: the reason the database did not open is
// shown in full, can be copied, and Esc, Enter or Quit close the window.
func TestAnUnopenableDatabaseIsExplainedInAWindow(t *testing.T) {
	why := errors.New(`open database postgres://ana:xxxxx@db:5432/desk: the server at db:5432 refused the password of user "ana": wrong password, or no such user`)
	for _, close := range []string{"Quit", "Escape", "Return"} {
		t.Run(close, func(t *testing.T) {
			a := test.NewTempApp(t)
			w := openFailedWindow(a, "postgres://ana:xxxxx@db:5432/desk", why)
			w.Show()
			var texts []string
			var quit, copyMsg *widget.Button
			walk(w.Content(), func(o fyne.CanvasObject) {
				switch o := o.(type) {
				case *widget.Label:
					texts = append(texts, o.Text)
				case *widget.Button:
					switch o.Text {
					case "Quit":
						quit = o
					case "Copy message":
						copyMsg = o
					}
				}
			})
			all := strings.Join(texts, "\n")
			if !strings.Contains(all, why.Error()) || !strings.Contains(all, "spanmark cannot open postgres://ana:xxxxx@db:5432/desk") {
				t.Fatalf("the window says %q", all)
			}
			if quit == nil || copyMsg == nil {
				t.Fatalf("buttons: quit %v, copy %v", quit, copyMsg)
			}
			test.Tap(copyMsg)
			if got := a.Clipboard().Content(); got != why.Error() {
				t.Errorf("copied %q", got)
			}
			closed := false
			w.SetOnClosed(func() { closed = true })
			switch close {
			case "Quit":
				test.Tap(quit)
			case "Escape":
				w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
			case "Return":
				w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
			}
			if !closed {
				t.Errorf("%s left the window open", close)
			}
		})
	}
}
