package gui

import (
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

func TestCtrlFFindsInTheArticle(t *testing.T) {
	u := newTestUI(t, gulfNews)
	u.search.SetText("")
	typeShortcut(u.win, scFind)
	if !u.find.visible() || u.win.Canvas().Focused() != u.find.entry {
		t.Fatal("Ctrl+F did not open the find bar with the keyboard in it")
	}
	test.Type(u.find.entry, "gaza")
	hits, cur := u.view.FindHits()
	// "Gaza strongman", "Egypt and Gaza", "Gaza Strip" in the first paragraph, …
	if len(hits) < 3 || cur != 0 {
		t.Fatalf("gaza: %d hits, current %d", len(hits), cur)
	}
	for _, h := range hits {
		if got := u.s.Idx.Slice(h[0], h[1]); got != "Gaza" {
			t.Errorf("a hit is %q", got)
		}
	}
	if u.find.count.Text != "1 of "+strconv.Itoa(len(hits)) {
		t.Errorf("count says %q", u.find.count.Text)
	}
	if u.search.Text != "" || u.s.List.Len() != 25 {
		t.Errorf("finding in the article touched the article list's search: %q, %d rows", u.search.Text, u.s.List.Len())
	}
	typeKey(u.win, fyne.KeyReturn)
	typeKey(u.win, fyne.KeyReturn)
	if _, cur := u.view.FindHits(); cur != 2 {
		t.Fatalf("after Enter twice the current hit is %d, want 2", cur)
	}
	u.find.entry.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	typeKey(u.win, fyne.KeyReturn)
	u.find.entry.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if _, cur := u.view.FindHits(); cur != 1 {
		t.Fatalf("after Shift+Enter the current hit is %d, want 1", cur)
	}
	// label keys type into the field while it has the keyboard
	typeRune(u.win, '1')
	if n := len(storedSpans(t, u, gulfNews)); n != 0 || u.find.entry.Text != "gaza1" {
		t.Fatalf("typing 1 in the find field: %d spans, field %q", n, u.find.entry.Text)
	}
	typeKey(u.win, fyne.KeyBackspace)
	typeKey(u.win, fyne.KeyEscape)
	if u.find.visible() {
		t.Fatal("Esc left the find bar open")
	}
	if hits, _ := u.view.FindHits(); len(hits) != 0 {
		t.Errorf("%d hits still highlighted after Esc", len(hits))
	}
	if u.win.Canvas().Focused() != u.view {
		t.Error("after Esc the text does not have the keyboard")
	}
	// the hit Esc left at stays selected: a label key tags it
	typeRune(u.win, '4')
	spans := storedSpans(t, u, gulfNews)
	if len(spans) != 1 || spans[0].Text != "Gaza" || spans[0].Label != "GPE" {
		t.Fatalf("a label key after Esc stored %v", spans)
	}
	// a search with no hit says so; another article is searched anew
	typeShortcut(u.win, scFind)
	test.Type(u.find.entry, "zzzz")
	if u.find.count.Text != "no hit" {
		t.Errorf("no hit: %q", u.find.count.Text)
	}
	u.find.entry.SetText("the")
	n := len(u.find.hits)
	u.openOrReport("gum_news_afghan")
	if len(u.find.hits) == n || len(u.find.hits) == 0 {
		t.Errorf("opening another article kept %d hits of the old one (now %d)", n, len(u.find.hits))
	}
}
