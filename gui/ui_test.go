package gui

import (
	"context"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// gulfNews is the sample article the tests annotate.
const gulfNews = "1.2114013-2760217987"

// newTestUI opens a fresh database in t.TempDir() (the first run loads the
// 25 samples) and builds the window on Fyne's test app, on article openID.
func newTestUI(t *testing.T, openID string) *ui {
	t.Helper()
	return newTestUIAt(t, filepath.Join(t.TempDir(), "annotations.db"), openID)
}

// newTestUIAt is newTestUI on the database at path.
func newTestUIAt(t *testing.T, path, openID string) *ui {
	t.Helper()
	a := test.NewTempApp(t)
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.SetSetting(context.Background(), settingAnnotator, "tester"); err != nil {
		t.Fatal(err)
	}
	u, err := newUI(a, db, Options{DBPath: path, OpenID: openID})
	if err != nil {
		t.Fatal(err)
	}
	u.list.searchDelay = 0 // the list follows the search box at once
	u.win.Resize(fyne.NewSize(1280, 800))
	u.win.Show()
	t.Cleanup(u.win.Close)
	t.Cleanup(u.stop) // first: a PostgreSQL window's listener ends before its database goes
	return u
}

// rowsOf reads every row of the window's article list.
func rowsOf(t testing.TB, u *ui) []store.ArticleSummary {
	t.Helper()
	var rows []store.ArticleSummary
	for i := range u.s.List.Len() {
		r, ok, err := u.s.List.Row(i)
		if err != nil || !ok {
			t.Fatalf("row %d of %d: %v, %v", i, u.s.List.Len(), ok, err)
		}
		rows = append(rows, r)
	}
	return rows
}

// typeRune delivers r as Fyne's desktop driver does: to the focused widget,
// else to the canvas.
func typeRune(w fyne.Window, r rune) {
	if f := w.Canvas().Focused(); f != nil {
		f.TypedRune(r)
		return
	}
	if h := w.Canvas().OnTypedRune(); h != nil {
		h(r)
	}
}

// typeKey delivers a key as the desktop driver does.
func typeKey(w fyne.Window, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := w.Canvas().Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	if h := w.Canvas().OnTypedKey(); h != nil {
		h(ev)
	}
}

// typeShortcut delivers sc as the desktop driver does (window.go,
// triggersShortcut): main menu items first, then the focused widget, then
// the canvas.
func typeShortcut(w fyne.Window, sc fyne.Shortcut) {
	if m := w.MainMenu(); m != nil {
		for _, menu := range m.Items {
			if triggerMenu(menu, sc) {
				return
			}
		}
	}
	if f, ok := w.Canvas().Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(sc)
		return
	}
	w.Canvas().(fyne.Shortcutable).TypedShortcut(sc)
}

func triggerMenu(m *fyne.Menu, sc fyne.Shortcut) bool {
	for _, it := range m.Items {
		if it.Shortcut != nil && it.Shortcut.ShortcutName() == sc.ShortcutName() && it.Action != nil {
			it.Action()
			return true
		}
		if it.ChildMenu != nil && triggerMenu(it.ChildMenu, sc) {
			return true
		}
	}
	return false
}

// selectText selects the first occurrence of s in the open article and
// returns its code point offsets.
func selectText(t *testing.T, u *ui, s string) (start, end int) {
	t.Helper()
	b := strings.Index(u.s.Cur.Text, s)
	if b < 0 {
		t.Fatalf("%q is not in article %s", s, u.s.Cur.ID)
	}
	start = utf8.RuneCountInString(u.s.Cur.Text[:b])
	end = start + utf8.RuneCountInString(s)
	u.view.SetSelection(start, end)
	return start, end
}

// storedSpans reads the article's spans back from the database.
func storedSpans(t *testing.T, u *ui, id string) []annotate.Span {
	t.Helper()
	a, err := u.s.DB().Article(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a.Spans
}

func spansString(spans []annotate.Span) string {
	var parts []string
	for _, s := range spans {
		parts = append(parts, s.Label+"@"+strconv.Itoa(s.Start)+"-"+strconv.Itoa(s.End)+"="+s.Text)
	}
	return strings.Join(parts, " ")
}

func TestWindowTitleNamesTheAppAndTheArticle(t *testing.T) {
	u := newTestUI(t, gulfNews)
	if got := u.win.Title(); !strings.Contains(got, "spanmark") || !strings.Contains(got, gulfNews) {
		t.Errorf("title %q, want spanmark and %s in it", got, gulfNews)
	}
}

func TestFirstRunLoadsTheSamples(t *testing.T) {
	u := newTestUI(t, "")
	if u.s.List.Len() != 25 {
		t.Errorf("the list shows %d articles, want the 25 samples", u.s.List.Len())
	}
	if u.s.Cur == nil {
		t.Fatal("no article is open")
	}
	if !strings.Contains(u.bar.info.Text, "25 sample articles") {
		t.Errorf("status bar says %q, want the samples announced", u.bar.info.Text)
	}
	if !strings.Contains(u.bar.progress.Text, "/25 done") {
		t.Errorf("progress %q, want …/25 done", u.bar.progress.Text)
	}
}

func TestLabelKeyTagsTheSelectionAndUndoRedoGoThroughTheStore(t *testing.T) {
	u := newTestUI(t, gulfNews)
	start, end := selectText(t, u, "Mohammed Dahlan")
	want := "PERSON@" + strconv.Itoa(start) + "-" + strconv.Itoa(end) + "=Mohammed Dahlan"

	steps := []struct {
		name string
		do   func()
		want string
	}{
		{"press 1 tags PERSON", func() { typeRune(u.win, '1') }, want},
		{"Ctrl+Z removes it", func() { typeShortcut(u.win, scUndo) }, ""},
		{"Ctrl+Shift+Z brings it back", func() { typeShortcut(u.win, scRedo) }, want},
		{"Ctrl+Z again", func() { typeShortcut(u.win, scUndo) }, ""},
		{"Ctrl+Y redoes too", func() { typeShortcut(u.win, scRedoY) }, want},
		{"Edit ▸ Undo from the menu", func() { menuItem(t, u.win, "Edit", "Undo").Action() }, ""},
		{"Edit ▸ Redo from the menu", func() { menuItem(t, u.win, "Edit", "Redo").Action() }, want},
	}
	for _, s := range steps {
		s.do()
		if got := spansString(storedSpans(t, u, gulfNews)); got != s.want {
			t.Fatalf("%s: store holds %q, want %q", s.name, got, s.want)
		}
		if got := spansString(u.s.Cur.Spans); got != s.want {
			t.Fatalf("%s: window shows %q, want %q", s.name, got, s.want)
		}
	}
	if u.s.Cur.Status != annotate.StatusInProgress {
		t.Errorf("status after the first edit %q, want in_progress", u.s.Cur.Status)
	}
}

func menuItem(t *testing.T, w fyne.Window, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range w.MainMenu().Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no menu item %s ▸ %s", menu, label)
	return nil
}

func TestKeysRelabelAndDeleteTheSelectedSpan(t *testing.T) {
	u := newTestUI(t, gulfNews)
	start, end := selectText(t, u, "Mohammed Dahlan")
	at := "@" + strconv.Itoa(start) + "-" + strconv.Itoa(end) + "=Mohammed Dahlan"
	typeRune(u.win, '1')
	id, ok := u.view.SelectedSpan()
	if !ok {
		t.Fatal("the new span is not selected after tagging by key")
	}
	steps := []struct {
		name string
		do   func()
		want string
	}{
		{"2 relabels it ORG", func() { typeRune(u.win, '2') }, "ORG" + at},
		{"letter key c relabels it CLAIM", func() { typeRune(u.win, 'C') }, "CLAIM" + at},
		{"undo restores ORG", func() { typeShortcut(u.win, scUndo) }, "ORG" + at},
		{"Delete removes it", func() { u.view.SelectSpan(id); typeKey(u.win, fyne.KeyDelete) }, ""},
		{"undo brings it back", func() { typeShortcut(u.win, scUndo) }, "ORG" + at},
		{"BackSpace removes it too", func() { u.view.SelectSpan(id); typeKey(u.win, fyne.KeyBackspace) }, ""},
	}
	for _, s := range steps {
		s.do()
		if got := spansString(storedSpans(t, u, gulfNews)); got != s.want {
			t.Fatalf("%s: store holds %q, want %q", s.name, got, s.want)
		}
	}
	spans := storedSpans(t, u, gulfNews)
	if len(spans) != 0 {
		t.Fatalf("spans left: %v", spans)
	}
}

func TestDeleteUndoRestoresTheSpanWithItsRelations(t *testing.T) {
	u := newTestUI(t, gulfNews)
	ctx := context.Background()
	selectText(t, u, "Mohammed Dahlan")
	typeRune(u.win, '1')
	person, _ := u.view.SelectedSpan()
	u.view.ClearSelection()
	selectText(t, u, "Egyptian security forces on Friday killed 12")
	typeRune(u.win, 'c')
	claim, _ := u.view.SelectedSpan()
	// The window has no relation editor yet: the relation arrives by import.
	rec := &annotate.Record{File: "rel.jsonl", Line: 1, Article: annotate.Article{ID: gulfNews, Text: u.s.Cur.Text,
		Spans: storedSpans(t, u, gulfNews), Rels: []annotate.Relation{{Head: claim, Child: person, Label: "SPEAKER"}}}}
	sent := false
	if _, err := u.s.DB().Import(ctx, func() (*annotate.Record, error) {
		if sent {
			return nil, io.EOF
		}
		sent = true
		return rec, nil
	}, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := u.reloadSpans(); err != nil {
		t.Fatal(err)
	}
	if len(u.s.Cur.Rels) != 1 {
		t.Fatalf("relations before delete: %v", u.s.Cur.Rels)
	}
	u.view.SelectSpan(person)
	typeKey(u.win, fyne.KeyDelete)
	if a, _ := u.s.DB().Article(ctx, gulfNews); len(a.Rels) != 0 || len(a.Spans) != 1 {
		t.Fatalf("after delete: %d spans, relations %v; want 1 span, no relation", len(a.Spans), a.Rels)
	}
	typeShortcut(u.win, scUndo)
	a, _ := u.s.DB().Article(ctx, gulfNews)
	if len(a.Spans) != 2 || len(a.Rels) != 1 || a.Rels[0].Child != person {
		t.Fatalf("after undo: %d spans, relations %v; want 2 spans and the SPEAKER relation", len(a.Spans), a.Rels)
	}
}

func TestLabelKeysWorkWhateverTheFocusExceptInTextFields(t *testing.T) {
	tests := []struct {
		name      string
		focus     func(u *ui)
		wantSpans int
	}{
		{"nothing focused", func(u *ui) { u.win.Canvas().Unfocus() }, 1},
		{"article view focused", func(u *ui) { u.focusView() }, 1},
		{"article list focused", func(u *ui) { u.win.Canvas().Focus(u.list.cur) }, 1},
		{"search box focused", func(u *ui) { u.win.Canvas().Focus(u.search) }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := newTestUI(t, gulfNews)
			selectText(t, u, "Mohammed Dahlan")
			tt.focus(u)
			typeRune(u.win, '1')
			if got := len(storedSpans(t, u, gulfNews)); got != tt.wantSpans {
				t.Errorf("spans after pressing 1: %d, want %d", got, tt.wantSpans)
			}
			if tt.wantSpans == 0 && u.search.Text != "1" {
				t.Errorf("the search box holds %q, want the typed 1", u.search.Text)
			}
		})
	}
}

func TestUndoInTheSearchBoxUndoesTypingNotAnnotations(t *testing.T) {
	u := newTestUI(t, gulfNews)
	selectText(t, u, "Mohammed Dahlan")
	typeRune(u.win, '1')
	u.win.Canvas().Focus(u.search)
	typeShortcut(u.win, scUndo)
	if got := len(storedSpans(t, u, gulfNews)); got != 1 {
		t.Errorf("Ctrl+Z in the search box removed the span (spans: %d)", got)
	}
}

func TestPaletteClickTagsAndKeepsTheSelection(t *testing.T) {
	u := newTestUI(t, gulfNews)
	start, end := selectText(t, u, "Mohammed Dahlan")
	test.Tap(paletteButtonOf(t, u, "PERSON"))
	if got := spansString(storedSpans(t, u, gulfNews)); !strings.HasPrefix(got, "PERSON@") {
		t.Fatalf("store holds %q after clicking PERSON", got)
	}
	if s, e, ok := u.view.Selection(); !ok || s != start || e != end {
		t.Errorf("selection after the click: %d-%d %v, want %d-%d kept", s, e, ok, start, end)
	}
}

func paletteButtonOf(t *testing.T, u *ui, label string) *paletteButton {
	t.Helper()
	for _, b := range u.palette.buttons {
		if b.l.Name == label {
			return b
		}
	}
	t.Fatalf("no palette button %s", label)
	return nil
}

func TestSwitchingArticlesAndUndoReturnsToTheEditedArticle(t *testing.T) {
	u := newTestUI(t, gulfNews)
	selectText(t, u, "Mohammed Dahlan")
	typeRune(u.win, '1')

	other := -1
	for i, r := range rowsOf(t, u) {
		if r.ID != gulfNews {
			other = i
			break
		}
	}
	u.list.cur.Select(other)
	otherID := rowsOf(t, u)[other].ID
	if u.s.Cur.ID != otherID || !strings.Contains(u.win.Title(), otherID) {
		t.Fatalf("after selecting %s in the list: open %s, title %q", otherID, u.s.Cur.ID, u.win.Title())
	}
	typeShortcut(u.win, scUndo)
	if u.s.Cur.ID != gulfNews {
		t.Errorf("undo left %s open, want the article it changed (%s)", u.s.Cur.ID, gulfNews)
	}
	if n := len(storedSpans(t, u, gulfNews)); n != 0 {
		t.Errorf("undo left %d spans", n)
	}
}

func TestDoneAndNextMovesToTheNextUnfinishedArticle(t *testing.T) {
	u := newTestUI(t, gulfNews)
	typeShortcut(u.win, scDoneNext)
	a, err := u.s.DB().Article(context.Background(), gulfNews)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != annotate.StatusDone {
		t.Errorf("status %q after Ctrl+Enter, want done", a.Status)
	}
	if u.s.Cur.ID == gulfNews {
		t.Errorf("still on %s after Ctrl+Enter", gulfNews)
	}
	if !strings.HasPrefix(u.bar.progress.Text, "1/25") {
		t.Errorf("progress %q, want 1/25 done", u.bar.progress.Text)
	}
	typeShortcut(u.win, scUndo)
	if a, _ := u.s.DB().Article(context.Background(), gulfNews); a.Status != annotate.StatusTodo {
		t.Errorf("status %q after undo, want todo", a.Status)
	}
}

func TestFilterNarrowsTheList(t *testing.T) {
	u := newTestUI(t, gulfNews)
	tests := []struct {
		query  string
		status int
		want   func(n int) bool
	}{
		{"Dahlan", 0, func(n int) bool { return n == 1 }},
		{"", 0, func(n int) bool { return n == 25 }},
		{"", 3, func(n int) bool { return n == 0 }},  // done
		{"", 1, func(n int) bool { return n == 25 }}, // todo
	}
	for _, tt := range tests {
		u.status.SetSelectedIndex(tt.status)
		u.search.SetText(tt.query)
		if !tt.want(u.s.List.Len()) {
			t.Errorf("query %q status %q: %d rows", tt.query, u.status.Selected, u.s.List.Len())
		}
	}
}

func TestDeleteKeyWorksWhateverWidgetOfTheArticleViewHasFocus(t *testing.T) {
	tests := []struct {
		name  string
		focus func(u *ui)
	}{
		{"nothing focused", func(u *ui) { u.win.Canvas().Unfocus() }},
		{"article view focused", func(u *ui) { u.focusView() }},
		{"article list focused", func(u *ui) { u.win.Canvas().Focus(u.list.cur) }},
	}
	for _, tt := range tests {
		for _, key := range []fyne.KeyName{fyne.KeyDelete, fyne.KeyBackspace} {
			t.Run(tt.name+"/"+string(key), func(t *testing.T) {
				u := newTestUI(t, gulfNews)
				selectText(t, u, "Mohammed Dahlan")
				typeRune(u.win, '1')
				tt.focus(u)
				typeKey(u.win, key)
				if n := len(storedSpans(t, u, gulfNews)); n != 0 {
					t.Errorf("%d spans left after %s", n, key)
				}
			})
		}
	}
}

func TestLabelEditorSavesTheSetAndRefreshesThePalette(t *testing.T) {
	u := newTestUI(t, gulfNews)
	e := u.openLabelEditor()
	e.rows[0].name.SetText("HUMAN")
	e.rows[0].color.SetText("#112233")
	e.add()
	last := e.rows[len(e.rows)-1]
	last.name.SetText("QUOTE")
	last.key.SetText("q")
	last.kind.SetSelected("claim")
	e.save()
	e.d.Hide() // as the Save button does

	got, err := u.s.DB().Labels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Name != "HUMAN" || got[0].Color != "#112233" || got[0].Key != "1" {
		t.Errorf("first label saved as %+v", got[0])
	}
	q := got[len(got)-1]
	if q.Name != "QUOTE" || q.Key != "q" || q.Kind != annotate.KindClaim {
		t.Errorf("new label saved as %+v", q)
	}
	paletteButtonOf(t, u, "QUOTE") // fails when the palette was not rebuilt
	selectText(t, u, "Mohammed Dahlan")
	typeRune(u.win, 'q')
	if s := storedSpans(t, u, gulfNews); len(s) != 1 || s[0].Label != "QUOTE" || s[0].Kind != annotate.KindClaim {
		t.Errorf("key q tagged %v, want one QUOTE claim", s)
	}
}

func TestLabelEditorRefusesADuplicateKey(t *testing.T) {
	u := newTestUI(t, gulfNews)
	before, _ := u.s.DB().Labels(context.Background())
	e := u.openLabelEditor()
	e.rows[1].key.SetText("1") // ORG takes PERSON's key
	e.save()
	after, _ := u.s.DB().Labels(context.Background())
	if after[1].Key != before[1].Key {
		t.Errorf("ORG's key saved as %q despite the clash", after[1].Key)
	}
	if u.bar.lastErr == nil || !strings.Contains(u.bar.lastErr.Error(), `"1"`) {
		t.Errorf("status bar error %v, want one naming key \"1\"", u.bar.lastErr)
	}
}

func TestTaggingTheSameRangeWithTheSameLabelTwiceAddsOneSpan(t *testing.T) {
	u := newTestUI(t, gulfNews)
	selectText(t, u, "Mohammed Dahlan")
	typeRune(u.win, '1')
	selectText(t, u, "Mohammed Dahlan")
	typeRune(u.win, '1')
	selectText(t, u, "Mohammed Dahlan")
	typeRune(u.win, 'c') // a claim over the same words is a different span
	if got := spansString(storedSpans(t, u, gulfNews)); strings.Count(got, "PERSON@") != 1 || strings.Count(got, "CLAIM@") != 1 {
		t.Errorf("store holds %q, want one PERSON and one CLAIM", got)
	}
}

func TestSettingsNameTheAnnotatorOfNewSpans(t *testing.T) {
	u := newTestUI(t, gulfNews)
	name, _ := u.openSettings()
	name.SetText("ana")
	typeKey(u.win, fyne.KeyReturn) // Enter in the field saves
	if u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Enter did not close the settings")
	}
	if v, _ := u.s.DB().Setting(context.Background(), settingAnnotator); v != "ana" {
		t.Errorf("annotator setting %q, want ana", v)
	}
	selectText(t, u, "Mohammed Dahlan")
	typeRune(u.win, '1')
	if s := storedSpans(t, u, gulfNews); len(s) != 1 || s[0].Annotator != "ana" {
		t.Errorf("new span %+v, want annotator ana", s)
	}
	if !strings.Contains(u.bar.annotator.Text, "ana") {
		t.Errorf("status bar shows %q", u.bar.annotator.Text)
	}
}

func TestTheWindowReopensTheLastArticle(t *testing.T) {
	u := newTestUI(t, gulfNews)
	u.nextUnfinished(false)
	last := u.s.Cur.ID
	if last == gulfNews {
		t.Fatal("next unfinished stayed on the same article")
	}
	again, err := newUI(test.NewTempApp(t), u.s.DB(), Options{DBPath: u.s.DB().Path()})
	if err != nil {
		t.Fatal(err)
	}
	defer again.win.Close()
	if again.s.Cur == nil {
		t.Fatal("no article open")
	}
	if again.s.Cur.ID != last {
		t.Errorf("reopened on %s, want %s", again.s.Cur.ID, last)
	}
}
