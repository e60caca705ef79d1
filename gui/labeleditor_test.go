package gui

import (
	"context"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

func TestLabelEditorRefusesTheKeysOfReviewAndTheInspector(t *testing.T) {
	for _, key := range []string{"a", "x", "e", "s", "y", "n", "u", "p", " ", "A"} {
		u := newTestUI(t, gulfNews)
		before, _ := u.s.DB().Labels(context.Background())
		e := u.openLabelEditor()
		e.rows[4].key.SetText(key) // DATE
		e.save()
		after, _ := u.s.DB().Labels(context.Background())
		if after[4].Key != before[4].Key {
			t.Errorf("DATE's key saved as %q", after[4].Key)
		}
		if u.bar.lastErr == nil || !strings.Contains(u.bar.lastErr.Error(), "choose another key") {
			t.Errorf("key %q: status bar error %v", key, u.bar.lastErr)
		}
		if !strings.Contains(dialogText(t, u), "label DATE: key") {
			t.Errorf("key %q: the dialog says %q", key, dialogText(t, u))
		}
		u.dismissTop() // the message, then the editor it reopens
		u.dismissTop()
	}
}

func TestLabelEditorSavesADescriptionTheWindowShows(t *testing.T) {
	u := newTestUI(t, gulfNews)
	e := u.openLabelEditor()
	e.rows[0].desc.SetText("a person named, not a pronoun")
	tapButton(t, u.win, "Save")
	got, _ := u.s.DB().Labels(context.Background())
	if got[0].Description != "a person named, not a pronoun" {
		t.Fatalf("PERSON's description stored as %q", got[0].Description)
	}
	if b := paletteButtonOf(t, u, "PERSON"); !strings.Contains(b.tipText(), "a person named, not a pronoun") {
		t.Errorf("the palette's tooltip: %q", b.tipText())
	}
	tag(t, u, "Mohammed Dahlan", '1')
	if h := u.bar.info.Text; !strings.Contains(h, "PERSON: a person named, not a pronoun") {
		t.Errorf("after pressing 1 the status line says %q", h)
	}
}

func TestLabelEditorShowsLabelsThatDifferInCaseSideBySide(t *testing.T) {
	u := newTestUI(t, gulfNews)
	set := append(append([]annotate.Label(nil), u.s.Labels...),
		annotate.Label{Name: "time", Kind: annotate.KindEntity, Color: "#123456"},
		annotate.Label{Name: "event", Kind: annotate.KindEntity, Color: "#654321"})
	if err := u.s.DB().SaveLabels(context.Background(), set); err != nil {
		t.Fatal(err)
	}
	u.s.Labels = set
	e := u.openLabelEditor()
	var names []string
	for _, r := range e.rows {
		names = append(names, r.name.Text)
	}
	got := strings.Join(names, " ")
	if !strings.Contains(got, "EVENT event") {
		t.Errorf("rows %s: EVENT and event are not side by side", got)
	}
	if !e.warn.Visible() || !strings.Contains(e.warn.Text, "EVENT and event differ only in case") {
		t.Errorf("warning %q (shown %v)", e.warn.Text, e.warn.Visible())
	}
	e.rows[7].name.SetText("OCCASION") // EVENT renamed: no twins left
	if e.warn.Visible() {
		t.Errorf("the warning stays after the rename: %q", e.warn.Text)
	}
}
