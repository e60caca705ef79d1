package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

func testRendererObjects(w fyne.Widget) []fyne.CanvasObject { return test.WidgetRenderer(w).Objects() }

// focusFirstField finds the first text field of the top dialog and gives it
// the keyboard.
func focusFirstField(t *testing.T, u *ui) fyne.Focusable {
	t.Helper()
	return focusFirst(t, u, func(f fyne.Focusable) bool { _, ok := textField(f); return ok })
}

// focusFirst gives the keyboard to the first focusable object of the top
// dialog that match accepts.
func focusFirst(t *testing.T, u *ui, match func(fyne.Focusable) bool) fyne.Focusable {
	t.Helper()
	var found fyne.Focusable
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil {
			return
		}
		if f, ok := o.(fyne.Focusable); ok && match(f) {
			found = f
			return
		}
		switch c := o.(type) {
		case *fyne.Container:
			for _, ch := range c.Objects {
				walk(ch)
			}
		case fyne.Widget:
			for _, ch := range testRendererObjects(c) {
				walk(ch)
			}
		}
	}
	walk(u.win.Canvas().Overlays().Top())
	if found == nil {
		t.Fatal("the dialog has no such field")
	}
	u.win.Canvas().Focus(found)
	return found
}

func TestEscClosesEveryDialog(t *testing.T) {
	u := newTestUI(t, gulfNews)
	id := tag(t, u, "Mohammed Dahlan", '1')
	for _, c := range []struct {
		name  string
		open  func()
		field bool // Esc is pressed with a text field of the dialog focused
		sel   bool // … with a select or check box of the dialog focused (after a choice)
	}{
		{"Enter-edit", func() { u.view.SelectSpan(id); typeKey(u.win, fyne.KeyReturn) }, false, false},
		{"Enter-edit of a claim, in its note", func() {
			cid := tag(t, u, "Egypt is against terrorism", 'c')
			u.view.SelectSpan(cid)
			typeKey(u.win, fyne.KeyReturn)
		}, true, false},
		{"Labels", u.showLabelEditor, false, false},
		{"Labels, in a name", u.showLabelEditor, true, false},
		{"Export", u.showExport, false, false},
		{"Export, after choosing a format", u.showExport, false, true},
		{"Import, on its check box", u.showImport, false, true},
		{"Enter-edit, after choosing a label", func() { u.view.SelectSpan(id); typeKey(u.win, fyne.KeyReturn) }, false, true},
		{"Settings, in the name", u.showSettings, true, false},
		{"Import", u.showImport, true, false},
		{"Keyboard shortcuts", u.showShortcuts, false, false},
		{"About", u.showAbout, false, false},
		{"Progress", func() { u.showProgress() }, false, false},
		{"Delete article", u.deleteArticle, false, false},
		{"Merge", u.showMerge, false, false},
		{"Apply patterns", u.showApplyPatterns, false, false},
		{"Agreement", func() { u.showAgreement() }, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			closeOverlays(u.win)
			u.focusView()
			c.open()
			if u.win.Canvas().Overlays().Top() == nil {
				t.Fatal("no dialog opened")
			}
			if c.field {
				focusFirstField(t, u)
			}
			if c.sel {
				focusFirst(t, u, func(f fyne.Focusable) bool {
					switch f.(type) {
					case *escSelect, *escCheck:
						return true
					}
					return false
				})
			}
			typeKey(u.win, fyne.KeyEscape)
			if top := u.win.Canvas().Overlays().Top(); top != nil {
				t.Fatalf("Esc left the dialog open")
			}
		})
	}
}

func TestNothingBehindADialogActsOnTheArticle(t *testing.T) {
	u := newTestUI(t, gulfNews)
	id := tag(t, u, "Mohammed Dahlan", '1')
	tag(t, u, "Rafah", '3')
	u.view.SelectSpan(id)
	f := u.openSpanForm()
	if f == nil {
		t.Fatal("Enter opened no form")
	}
	before := len(storedSpans(t, u, gulfNews))
	for range 16 {
		typeShortcut(u.win, scUndo)
	}
	for _, sc := range []fyne.Shortcut{scRedo, scAccept, scReject, scNextSpan, scStatus[2], scDoneNext, scNext, scOccurrences,
		&desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierControl}} {
		typeShortcut(u.win, sc)
	}
	selectText(t, u, "Gaza")
	for _, r := range "1234567c" {
		typeRune(u.win, r)
	}
	if got := len(storedSpans(t, u, gulfNews)); got != before {
		t.Fatalf("keys behind the edit dialog changed the article: %d spans, want %d", got, before)
	}
	if u.s.Cur.ID != gulfNews || u.s.Cur.Status != "in_progress" && u.s.Cur.Status != "todo" {
		t.Fatalf("keys behind the dialog moved to %s (%s)", u.s.Cur.ID, u.s.Cur.Status)
	}
	f.label.SetSelected("ORG")
	tapButton(t, u.win, "Save")
	if u.bar.lastErr != nil {
		t.Fatalf("Save after keys behind the dialog failed: %v", u.bar.lastErr)
	}
	for _, s := range storedSpans(t, u, gulfNews) {
		if s.ID == id && s.Label != "ORG" {
			t.Fatalf("span %s is %s after Save, want ORG", id, s.Label)
		}
	}
	// With the dialog closed, undo acts again: the relabel is undone.
	typeShortcut(u.win, scUndo)
	for _, s := range storedSpans(t, u, gulfNews) {
		if s.ID == id && s.Label != "PERSON" {
			t.Fatalf("undo after the dialog closed left %s as %s", id, s.Label)
		}
	}
	if strings.Contains(u.bar.state.Text, "error") {
		t.Fatalf("status bar: %s", u.bar.state.Text)
	}
}

// TestEscClosesADialogOpenedElsewhere: a dialog not opened through
// ui.show (the adjudication view) closes by its Close button.
func TestEscClosesADialogOpenedElsewhere(t *testing.T) {
	u := newTestUI(t, gulfNews)
	d := at(t, u, "Mohammed Dahlan", "PERSON")
	addSpansBy(t, u, "ana", d)
	d.Label = "ORG"
	addSpansBy(t, u, "ben", d)
	if u.showAdjudication() == nil {
		t.Fatal("no adjudication view")
	}
	typeKey(u.win, fyne.KeyEscape)
	if u.modal() {
		t.Fatal("Esc left the adjudication view open")
	}
}
