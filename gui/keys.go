package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/spanmark/spanmark/annotate"
)

// The window's shortcuts. Fyne's desktop driver offers a shortcut to the
// main menu first, then to the focused widget, then to the canvas; so the
// ones on menu items work whatever widget of the article view has the
// keyboard. Ctrl+Shift+Z arrives as a CustomShortcut, Ctrl+Z and Ctrl+Y as
// ShortcutUndo and ShortcutRedo (measured, notes/fyne-headless.md).
// KeyModifierShortcutDefault is Ctrl, and ⌘ on macOS, as Fyne's own
// ShortcutUndo is: the help table says Ctrl.
var (
	scUndo       fyne.Shortcut = &fyne.ShortcutUndo{}
	scRedo       fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	scRedoY      fyne.Shortcut = &fyne.ShortcutRedo{}
	scDoneNext   fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault}
	scDoneNextK  fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyEnter, Modifier: fyne.KeyModifierShortcutDefault}
	scNext       fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	scPrev       fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault}
	scFind       fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	scSearch     fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	scImport     fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	scExport     fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	scBigger     fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: fyne.KeyModifierShortcutDefault}
	scSmaller    fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyMinus, Modifier: fyne.KeyModifierShortcutDefault}
	scQuit       fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
	scAccept     fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyA, Modifier: fyne.KeyModifierAlt}
	scReject     fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierAlt}
	scNextSpan   fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierAlt}
	scPrevSpan   fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierAlt}
	scReview     fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault}
	scAdjudicate fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyJ, Modifier: fyne.KeyModifierShortcutDefault}
	scTextStart  fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyHome, Modifier: fyne.KeyModifierShortcutDefault}
	scTextEnd    fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyEnd, Modifier: fyne.KeyModifierShortcutDefault}
	// scOccurrences suggests the selected span's label on every other
	// occurrence of its text; with Shift in every article.
	scOccurrences    fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}
	scOccurrencesAll fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	// scStatus[i] sets the article's status to annotate.Statuses[i].
	scStatus = [4]fyne.Shortcut{
		&desktop.CustomShortcut{KeyName: fyne.Key1, Modifier: fyne.KeyModifierAlt},
		&desktop.CustomShortcut{KeyName: fyne.Key2, Modifier: fyne.KeyModifierAlt},
		&desktop.CustomShortcut{KeyName: fyne.Key3, Modifier: fyne.KeyModifierAlt},
		&desktop.CustomShortcut{KeyName: fyne.Key4, Modifier: fyne.KeyModifierAlt},
	}
	// scMyStatus[i] sets this annotator's own status of the article.
	scMyStatus = [4]fyne.Shortcut{
		&desktop.CustomShortcut{KeyName: fyne.Key1, Modifier: fyne.KeyModifierAlt | fyne.KeyModifierShift},
		&desktop.CustomShortcut{KeyName: fyne.Key2, Modifier: fyne.KeyModifierAlt | fyne.KeyModifierShift},
		&desktop.CustomShortcut{KeyName: fyne.Key3, Modifier: fyne.KeyModifierAlt | fyne.KeyModifierShift},
		&desktop.CustomShortcut{KeyName: fyne.Key4, Modifier: fyne.KeyModifierAlt | fyne.KeyModifierShift},
	}
)

// shortcutHelp is the Help ▸ Keyboard shortcuts table.
var shortcutHelp = [][2]string{
	{"1 … 9, letter", "tag the selected text with the label of that key (see the palette); with a span selected: relabel it"},
	{"click a label", "tag the selection and keep it selected, or relabel the selected span; with nothing selected: arm it — each word clicked or range dragged is tagged with it until Esc or another label click"},
	{"a label key, pointing at a word", "with nothing selected: tag the word under the mouse pointer"},
	{"drag", "select text (snaps to words, leaves punctuation out, stays in one paragraph); hold Alt for single characters"},
	{"Shift+← / Shift+→", "select from the caret, or grow the selection, a word at a time (snaps like a drag: no spaces at the ends, one paragraph)"},
	{"Shift+↑ / Shift+↓", "grow the selection a line at a time, to whole words"},
	{"Shift+Alt+arrows", "with text selected: grow the selection a character at a time (may cross paragraphs)"},
	{"↑ ↓ PgUp PgDn", "scroll the article"},
	{"click a span", "select it"},
	{"drag an edge of the selected span", "resize it (whole words; Alt for characters), keeping its id, attributes, links and review"},
	{"Shift+Alt+Right / Left", "with a span selected: its end takes the next word / gives up its last word"},
	{"Ctrl+Shift+Alt+Left / Right", "with a span selected: its start takes the word before / gives up its first word"},
	{"Ctrl+Home / Ctrl+End", "jump to the start / end of the article"},
	{"Delete, Backspace", "remove the selected span (and its relations)"},
	{"Enter", "edit the selected span: label; for a claim check-worthiness, type, verdict, note"},
	{"y / n / u", "with a claim selected: check-worthy yes / no / unsure"},
	{"a / x / Shift+A", "with a suggestion (hollow, tag with ?) selected: accept it (yours) / reject it / accept every suggestion of its label here"},
	{"Ctrl+L, Ctrl+Shift+L", "suggest the selected span's label on every other occurrence of its text, in this article / in every article"},
	{"s, then click an entity", "with a claim selected: link the entity as the claim's SPEAKER (a: ABOUT; Esc cancels)"},
	{"Alt+Right / Alt+Left", "select the next / previous span (review)"},
	{"Alt+A / Alt+R", "accept / reject the selected span and go to the next one"},
	{"Ctrl+Z", "undo"},
	{"Ctrl+Shift+Z, Ctrl+Y", "redo"},
	{"Ctrl+Enter", "mark the article done and open the next unfinished one"},
	{"Alt+1 … Alt+4", "set the article's status: todo, in progress, done, reviewed"},
	{"Alt+Shift+1 … 4", "set your own status of the article (when several annotate it)"},
	{"Ctrl+R", "review mode on / off (its keys below)"},
	{"review mode: a / x", "accept / reject the span and go to the next"},
	{"review mode: e", "edit the span: a label key relabels it, or select new bounds and press Enter; e again cancels"},
	{"review mode: space", "skip the span"},
	{"review mode: n / p", "next / previous article of the filter"},
	{"Ctrl+J", "adjudicate the article: where annotators differ, pick a version (written as gold)"},
	{"Ctrl+N / Ctrl+P", "next / previous unfinished article"},
	{"Ctrl+F", "find in the article: Enter / Shift+Enter next / previous hit, Esc closes (the hit stays selected)"},
	{"Ctrl+Shift+F", "search articles (the list on the left)"},
	{"Ctrl+O", "import files"},
	{"Ctrl+E", "export"},
	{"Ctrl+= / Ctrl+-", "bigger / smaller text"},
	{"Esc", "close the dialog; end an armed label or a speaker link; clear the selection; close the find bar"},
	{"Ctrl+Q", "quit"},
}

// textField reports whether the focused widget is a text field that keeps
// its own typing and its own undo: an Entry, a SelectEntry or a type that
// embeds one (the claim inspector's note, the dialogs' fields).
func textField(f fyne.Focusable) (fyne.Shortcutable, bool) {
	e, ok := f.(interface {
		fyne.Shortcutable
		SelectedText() string
	})
	return e, ok
}

// guarded runs act unless a text field has the keyboard or a dialog is
// open: a text field gets sc (Ctrl+Z in the search box undoes typing, not
// an annotation), and behind a dialog nothing happens (an undo there could
// remove the span the dialog edits).
func (u *ui) guarded(sc fyne.Shortcut, act func()) func() {
	return func() {
		if e, ok := textField(u.win.Canvas().Focused()); ok {
			e.TypedShortcut(sc)
			return
		}
		if u.modal() {
			return
		}
		act()
	}
}

// unlessModal runs act unless a dialog is open.
func (u *ui) unlessModal(act func()) func() {
	return func() {
		if !u.modal() {
			act()
		}
	}
}

// bindKeys wires label keys, Delete and the shortcuts on the canvas, for
// when no widget has the keyboard (the menu covers the other cases).
func (u *ui) bindKeys() {
	c := u.win.Canvas()
	c.SetOnTypedRune(u.keyRune)
	c.SetOnTypedKey(u.typedKey)
	for _, b := range []struct {
		sc  fyne.Shortcut
		act func()
	}{
		{scUndo, u.undo}, {scRedo, u.redo}, {scRedoY, u.redo},
		{scDoneNext, u.doneAndNext}, {scDoneNextK, u.doneAndNext},
		{scNext, func() { u.nextUnfinished(false) }}, {scPrev, func() { u.nextUnfinished(true) }},
		{scSearch, u.focusSearch}, {scFind, func() { u.find.open() }},
		{scAccept, func() { u.review(annotate.ReviewAccepted) }}, {scReject, func() { u.review(annotate.ReviewRejected) }},
		{scNextSpan, func() { u.stepSpan(+1) }}, {scPrevSpan, func() { u.stepSpan(-1) }},
		{scBigger, func() { u.zoom(+1) }}, {scSmaller, func() { u.zoom(-1) }},
		{scReview, u.toggleReview}, {scAdjudicate, func() { u.showAdjudication() }},
		{scTextStart, u.view.ShowStart}, {scTextEnd, u.view.ShowEnd},
		{scOccurrences, func() { u.labelOccurrences(false) }}, {scOccurrencesAll, func() { u.labelOccurrences(true) }},
		{scStatus[0], func() { u.setStatus(annotate.Statuses[0]) }}, {scStatus[1], func() { u.setStatus(annotate.Statuses[1]) }},
		{scStatus[2], func() { u.setStatus(annotate.Statuses[2]) }}, {scStatus[3], func() { u.setStatus(annotate.Statuses[3]) }},
		{scMyStatus[0], func() { u.setMyStatus(annotate.Statuses[0]) }}, {scMyStatus[1], func() { u.setMyStatus(annotate.Statuses[1]) }},
		{scMyStatus[2], func() { u.setMyStatus(annotate.Statuses[2]) }}, {scMyStatus[3], func() { u.setMyStatus(annotate.Statuses[3]) }},
	} {
		act := u.guarded(b.sc, b.act)
		c.AddShortcut(b.sc, func(fyne.Shortcut) { act() })
	}
}

// typedKey handles keys typed while no text field has the keyboard.
func (u *ui) typedKey(ev *fyne.KeyEvent) {
	if u.modal() {
		if ev.Name == fyne.KeyEscape {
			u.dismissTop()
		}
		return
	}
	switch ev.Name {
	case fyne.KeyDelete, fyne.KeyBackspace:
		u.deleteSelected()
	case fyne.KeyReturn, fyne.KeyEnter:
		if u.reviewEnter() {
			return
		}
		u.editSpan()
	case fyne.KeyEscape:
		if u.escape() {
			return
		}
		u.view.ClearSelection()
		u.view.SelectSpan("")
		u.refreshHint()
	}
}

func (u *ui) focusSearch() {
	u.win.Canvas().Focus(u.search)
}
