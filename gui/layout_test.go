package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/spanmark/spanmark/annotate"
)

// withGUMLabels gives u the label set an import of the GUM sample makes:
// the 8 defaults and 10 lowercase labels, keys and colours as the import
// gives them.
func withGUMLabels(t *testing.T, u *ui) []annotate.Label {
	t.Helper()
	var added []annotate.Label
	for _, name := range []string{"event", "abstract", "organization", "time", "object", "place", "person", "substance", "animal", "plant"} {
		added = append(added, annotate.Label{Name: name, Kind: annotate.KindEntity})
	}
	annotate.FillKeysAndColors(u.s.Labels, added)
	labels := append(append([]annotate.Label(nil), u.s.Labels...), added...)
	if err := u.s.DB().SaveLabels(context.Background(), labels); err != nil {
		t.Fatal(err)
	}
	saved, err := u.s.DB().Labels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	u.s.Labels = saved
	u.view.SetLabels(saved)
	u.refreshPalette()
	return saved
}

// paneWidths are the widths of the article list, the text and the claim
// inspector (0 when hidden).
func paneWidths(u *ui) (list, text, inspector float32) {
	list = u.search.Size().Width
	text = u.view.Size().Width
	if u.claims.box.Visible() {
		inspector = u.claims.box.Size().Width
	}
	return
}

// TestTheTextIsTheWidestPane: with the 18 labels of a GUM import, at
// 1024×640 and at the window's minimum size, with and without a claim
// selected, the text is wider than the list and the inspector, the
// palette is one row above it, and the inspector is gone when no claim is
// selected.
func TestTheTextIsTheWidestPane(t *testing.T) {
	u := newTestUI(t, gulfNews)
	labels := withGUMLabels(t, u)
	claim := tag(t, u, "Egypt is against terrorism", 'c')
	min := u.win.Content().MinSize()
	if min.Width > 1024 || min.Height > 640 {
		t.Fatalf("the window's minimum size %v is more than 1024×640", min)
	}
	for _, size := range []fyne.Size{fyne.NewSize(1024, 640), min} {
		for _, withClaim := range []bool{false, true} {
			u.win.Resize(size)
			if withClaim {
				clickSpan(u, claim)
			} else {
				u.view.SelectSpan("")
				u.refreshHint()
			}
			u.win.Content().Refresh()
			u.win.Resize(size)
			list, text, insp := paneWidths(u)
			if !withClaim && insp != 0 {
				t.Errorf("%v: the inspector takes %.0f px with no claim selected", size, insp)
			}
			if withClaim && insp == 0 {
				t.Errorf("%v: a selected claim shows no inspector", size)
			}
			if text <= list || text <= insp {
				t.Errorf("%v, claim selected %v: text %.0f px, list %.0f, inspector %.0f: the text is not the widest pane", size, withClaim, text, list, insp)
			}
			d := fyne.CurrentApp().Driver()
			viewTop := d.AbsolutePositionForObject(u.view).Y
			y0 := float32(-1)
			for _, b := range u.palette.buttons {
				pos := d.AbsolutePositionForObject(b)
				if y0 < 0 {
					y0 = pos.Y
				}
				if pos.Y != y0 {
					t.Errorf("%v: palette button %s at y %.0f, the first at %.0f: the palette is not one row", size, b.l.Name, pos.Y, y0)
				}
				if pos.Y+b.Size().Height > viewTop+0.5 {
					t.Errorf("%v: palette button %s overlaps the text", size, b.l.Name)
				}
			}
		}
	}
	if len(u.palette.buttons) != len(labels) {
		t.Fatalf("%d palette buttons for %d labels", len(u.palette.buttons), len(labels))
	}
}

func TestThePaletteFindsALabelByTyping(t *testing.T) {
	u := newTestUI(t, gulfNews)
	withGUMLabels(t, u)
	selectText(t, u, "Mohammed Dahlan")
	u.win.Canvas().Focus(u.palette.filter)
	test.Type(u.palette.filter, "subst")
	if got := u.palette.matching(); len(got) != 1 || got[0].l.Name != "substance" {
		t.Fatalf("typing subst shows %d labels", len(got))
	}
	if n := len(u.palette.row.Objects); n != 1 {
		t.Fatalf("the row shows %d buttons, want 1", n)
	}
	typeKey(u.win, fyne.KeyReturn)
	spans := storedSpans(t, u, gulfNews)
	if len(spans) != 1 || spans[0].Label != "substance" || spans[0].Text != "Mohammed Dahlan" {
		t.Fatalf("Enter in the find field stored %v", spans)
	}
	if u.palette.filter.Text != "" || len(u.palette.row.Objects) != 18 {
		t.Errorf("after Enter the field holds %q and the row %d buttons", u.palette.filter.Text, len(u.palette.row.Objects))
	}
	if u.win.Canvas().Focused() != u.view {
		t.Error("after Enter the text does not have the keyboard: label keys would type into the field")
	}
	// Esc empties the field and gives the keyboard back.
	u.win.Canvas().Focus(u.palette.filter)
	test.Type(u.palette.filter, "pla")
	typeKey(u.win, fyne.KeyEscape)
	if u.palette.filter.Text != "" || u.win.Canvas().Focused() != u.view {
		t.Errorf("Esc left %q in the field", u.palette.filter.Text)
	}
}

func TestThePaletteCountsTheArticlesSpansAndShowsDescriptions(t *testing.T) {
	u := newTestUI(t, gulfNews)
	u.tip.delay = 0
	labels := append([]annotate.Label(nil), u.s.Labels...)
	labels[0].Description = "a person named, not a pronoun"
	if err := u.s.DB().SaveLabels(context.Background(), labels); err != nil {
		t.Fatal(err)
	}
	u.s.Labels = labels
	u.refreshPalette()
	tag(t, u, "Mohammed Dahlan", '1')
	tag(t, u, "Abdel Fattah Al Sissi", '1')
	tag(t, u, "Rafah", '3')
	want := map[string]string{"PERSON": "2", "LOC": "1", "ORG": "0"}
	for name, n := range want {
		if got := paletteButtonOf(t, u, name).count.Text; got != n {
			t.Errorf("%s count %s, want %s", name, got, n)
		}
	}
	typeShortcut(u.win, scUndo)
	if got := paletteButtonOf(t, u, "LOC").count.Text; got != "0" {
		t.Errorf("LOC count after undo: %s", got)
	}
	if h := u.bar.info.Text; !containsAll(h, "PERSON", "a person named, not a pronoun") {
		// the last key press selected the PERSON span: the hint says what PERSON is for
		u.view.SelectSpan(storedSpans(t, u, gulfNews)[0].ID)
		u.refreshHint()
		if h = u.bar.info.Text; !containsAll(h, "a person named, not a pronoun") {
			t.Errorf("the status line after a PERSON span is selected: %q", h)
		}
	}
	b := paletteButtonOf(t, u, "PERSON")
	b.MouseIn(nil)
	if !u.tip.box.Visible() || !containsAll(u.tip.text.Text, "PERSON (key 1)", "a person named, not a pronoun") {
		t.Errorf("hovering PERSON shows %q (visible %v)", u.tip.text.Text, u.tip.box.Visible())
	}
	if u.modal() {
		t.Error("the tooltip counts as a dialog: label keys would stop")
	}
	b.MouseOut()
	if u.tip.box.Visible() {
		t.Error("the tooltip stays after the pointer left")
	}
	paletteButtonOf(t, u, "ORG").MouseIn(nil)
	if !containsAll(u.tip.text.Text, "no description yet") {
		t.Errorf("a label without a description: %q", u.tip.text.Text)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
