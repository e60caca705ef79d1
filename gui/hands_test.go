package gui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/spanmark/spanmark/annotate"
)

// textAt is the canvas position of the caret before the code point n
// code points into the first occurrence of s in the open article, nudged
// into the character after it.
func textAt(t *testing.T, u *ui, s string, n int) fyne.Position {
	t.Helper()
	b := strings.Index(u.s.Cur.Text, s)
	if b < 0 {
		t.Fatalf("%q is not in article %s", s, u.s.Cur.ID)
	}
	cp := utf8.RuneCountInString(u.s.Cur.Text[:b]) + n
	u.view.ScrollToOffset(cp)
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(u.view)
	return origin.Add(u.view.CaretPosition(cp)).AddXY(1, 0)
}

// spanText is the stored text of span id, "" when it is gone.
func spanText(t *testing.T, u *ui, id string) string {
	t.Helper()
	for _, s := range storedSpans(t, u, u.s.Cur.ID) {
		if s.ID == id {
			return s.Text
		}
	}
	return ""
}

func TestResizeByKeysKeepsTheSpanAndIsOneUndoStep(t *testing.T) {
	u := newTestUI(t, gulfNews)
	id := tag(t, u, "Dahlan", '1')
	typeShortcut(u.win, scAccept) // reviewed: the decision must survive the resize
	u.view.SelectSpan(id)
	startLeft := &desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift | fyne.KeyModifierAlt}
	endRight := &desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierShift | fyne.KeyModifierAlt}
	typeShortcut(u.win, startLeft)
	typeShortcut(u.win, endRight)
	if got := spanText(t, u, id); got != "Mohammed Dahlan, hold" {
		t.Fatalf("after Ctrl+Shift+Alt+Left and Shift+Alt+Right %s is %q, want %q", id, got, "Mohammed Dahlan, hold")
	}
	s, _ := u.spanByID(id)
	if s.Review != annotate.ReviewAccepted || s.Reviewer != "tester" || s.Label != "PERSON" {
		t.Errorf("the resized span %+v lost its label or review", s)
	}
	if sel, _ := u.view.SelectedSpan(); sel != id {
		t.Errorf("after resizing %q is selected, want %s", sel, id)
	}
	if !strings.Contains(u.bar.state.Text, "resized PERSON") {
		t.Errorf("status %q, want it to say what was resized", u.bar.state.Text)
	}
	for _, step := range []struct {
		sc   fyne.Shortcut
		want string
	}{{scUndo, "Mohammed Dahlan"}, {scUndo, "Dahlan"}, {scRedo, "Mohammed Dahlan"}} {
		typeShortcut(u.win, step.sc)
		if got := spanText(t, u, id); got != step.want {
			t.Fatalf("%s: %s is %q, want %q", step.sc.ShortcutName(), id, got, step.want)
		}
	}
}

func TestResizeByDraggingAnEdge(t *testing.T) {
	u := newTestUI(t, gulfNews)
	id := tag(t, u, "Dahlan", '1')
	u.view.SelectSpan(id)
	from, to := textAt(t, u, "Dahlan", 0).AddXY(-1, 0), textAt(t, u, "Mohammed", 3)
	test.Drag(u.win.Canvas(), to, to.X-from.X, to.Y-from.Y) // the test driver's Drag is given the end point
	if got := spanText(t, u, id); got != "Mohammed Dahlan" {
		t.Fatalf("after dragging the start edge %s is %q, want Mohammed Dahlan", id, got)
	}
	if n, _ := u.s.History().Len(); n != 2 {
		t.Errorf("%d undo steps, want 2 (the tag and the resize)", n)
	}
}

func TestAResizeOntoAnIdenticalSpanIsRefusedAndSaysSo(t *testing.T) {
	u := newTestUI(t, gulfNews)
	tag(t, u, "Mohammed Dahlan", '1')
	id := tag(t, u, "Dahlan", '1')
	before := spansString(storedSpans(t, u, gulfNews))
	u.view.SelectSpan(id)
	typeShortcut(u.win, &desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift | fyne.KeyModifierAlt})
	if got := spansString(storedSpans(t, u, gulfNews)); got != before {
		t.Errorf("a refused resize changed the spans: %s, want %s", got, before)
	}
	if !strings.Contains(u.bar.state.Text, "identical span") {
		t.Errorf("status %q, want it to name the identical span", u.bar.state.Text)
	}
}

func TestALabelKeyTagsTheWordUnderThePointer(t *testing.T) {
	u := newTestUI(t, gulfNews)
	u.view.SelectSpan("")
	test.MoveMouse(u.win.Canvas(), textAt(t, u, "Dahlan", 2))
	typeRune(u.win, '1')
	test.MoveMouse(u.win.Canvas(), textAt(t, u, "Rafah", 1))
	typeRune(u.win, '3')
	test.MoveMouse(u.win.Canvas(), textAt(t, u, " hold", 0)) // a space: no word
	typeRune(u.win, '2')
	dahlan, rafah := at(t, u, "Dahlan", "PERSON"), at(t, u, "Rafah", "LOC")
	dahlan.Text, rafah.Text = "Dahlan", "Rafah"
	if got, want := spansString(storedSpans(t, u, gulfNews)), spansString([]annotate.Span{dahlan, rafah}); got != want {
		t.Fatalf("hovering and pressing 1, 3, 2 stored %s, want %s", got, want)
	}
	if id, ok := u.view.SelectedSpan(); ok {
		t.Errorf("a hover tag left %s selected: the next key would relabel it", id)
	}
	// with a selection the key tags the selection, not the word pointed at
	test.MoveMouse(u.win.Canvas(), textAt(t, u, "Egyptian", 2))
	selectText(t, u, "Abdel Fattah Al Sissi")
	typeRune(u.win, '1')
	got := spansString(storedSpans(t, u, gulfNews))
	if !strings.Contains(got, "=Abdel Fattah Al Sissi") || strings.Contains(got, "=Egyptian") {
		t.Errorf("with a selection the key tagged %s", got)
	}
}

func TestAnArmedLabelTagsEachWordClickedUntilEsc(t *testing.T) {
	u := newTestUI(t, gulfNews)
	u.view.SelectSpan("")
	person := u.arm.buttons["PERSON"]
	if person == nil {
		t.Fatal("no PERSON button in the palette")
	}
	test.Tap(person)
	if l, on := u.s.Armed(); !on || l.Name != "PERSON" || !u.armedShown("PERSON") {
		t.Fatalf("a PERSON click with nothing selected: armed %v %q, shown %v", on, l.Name, u.armedShown("PERSON"))
	}
	if !u.bar.mode.Visible() || !strings.Contains(u.bar.mode.Text, "PERSON armed") {
		t.Errorf("status bar shows %q (visible %v), want PERSON armed", u.bar.mode.Text, u.bar.mode.Visible())
	}
	test.TapCanvas(u.win.Canvas(), textAt(t, u, "Dahlan", 2))
	from, to := textAt(t, u, "Abdel", 1), textAt(t, u, "Sissi", 2)
	test.Drag(u.win.Canvas(), to, to.X-from.X, to.Y-from.Y)
	test.TapCanvas(u.win.Canvas(), textAt(t, u, "Mohammed", 2))
	got := spansString(storedSpans(t, u, gulfNews))
	for _, w := range []string{"=Dahlan", "=Abdel Fattah Al Sissi", "=Mohammed"} {
		if !strings.Contains(got, "PERSON@") || !strings.Contains(got, w) {
			t.Errorf("armed PERSON: stored %s, want %s among them", got, w)
		}
	}
	if n, _ := u.s.History().Len(); n != 3 {
		t.Errorf("%d undo steps, want one per word or range (3)", n)
	}

	// another label arms that one; the same label again disarms
	org := u.arm.buttons["ORG"]
	test.Tap(org)
	if l, _ := u.s.Armed(); l.Name != "ORG" || u.armedShown("PERSON") || !u.armedShown("ORG") {
		t.Errorf("after an ORG click: armed %q, PERSON shown %v, ORG shown %v", l.Name, u.armedShown("PERSON"), u.armedShown("ORG"))
	}
	test.Tap(org)
	if armedNow(u) {
		t.Error("a second ORG click did not disarm it")
	}
	test.Tap(org)
	typeKey(u.win, fyne.KeyEscape)
	if armedNow(u) || u.bar.mode.Visible() || u.armedShown("ORG") {
		t.Errorf("after Esc: armed %v, status shown %v, ORG shown %v", armedNow(u), u.bar.mode.Visible(), u.armedShown("ORG"))
	}
	before := spansString(storedSpans(t, u, gulfNews))
	test.TapCanvas(u.win.Canvas(), textAt(t, u, "Rafah", 2))
	if got := spansString(storedSpans(t, u, gulfNews)); got != before {
		t.Errorf("a click after Esc tagged: %s", got)
	}

	// with text selected a label click tags it and ends the armed label
	test.Tap(person)
	selectText(t, u, "Rafah")
	test.Tap(org)
	if armedNow(u) || !strings.Contains(spansString(storedSpans(t, u, gulfNews)), "ORG@") {
		t.Errorf("ORG click over a selection while PERSON was armed: armed %v, spans %s", armedNow(u), spansString(storedSpans(t, u, gulfNews)))
	}
}

func TestCtrlHomeAndCtrlEndJumpToTheStartAndEnd(t *testing.T) {
	u := newTestUI(t, gulfNews)
	typeShortcut(u.win, scTextEnd)
	if u.view.FirstVisible() == 0 {
		t.Fatal("Ctrl+End left the view at the start")
	}
	typeShortcut(u.win, scTextStart)
	if got := u.view.FirstVisible(); got != 0 {
		t.Errorf("Ctrl+Home: the view starts at %d, want 0", got)
	}
}

func armedNow(u *ui) bool {
	_, on := u.s.Armed()
	return on
}
