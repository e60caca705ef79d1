package gui

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// clickSpan does what the article view does when a span is clicked: it
// selects it and tells the window.
func clickSpan(u *ui, id string) {
	u.view.SelectSpan(id)
	u.view.OnSpanSelected(id)
}

func storedClaim(t *testing.T, u *ui, id string) (annotate.Span, []annotate.Relation) {
	t.Helper()
	a, err := u.s.DB().Article(context.Background(), gulfNews)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range a.Spans {
		if s.ID == id {
			return s, a.Rels
		}
	}
	t.Fatalf("span %s is not stored", id)
	return annotate.Span{}, nil
}

func TestClaimInspectorSetsAttributesAndLinksTheSpeakerUndoably(t *testing.T) {
	u := newTestUI(t, gulfNews)
	org := tag(t, u, "Interior Ministry", '2')
	if u.claims.body.Visible() {
		t.Error("the claim inspector shows a claim while an entity is selected")
	}
	u.view.SelectSpan("")
	claim := tag(t, u, "Official numbers put the number of killed at 16", 'c')
	if !u.claims.body.Visible() || u.claims.claim != claim {
		t.Fatalf("selecting claim %s: inspector visible %v on %q", claim, u.claims.body.Visible(), u.claims.claim)
	}
	if got := u.claims.choice["verdict"].Selected; got != "unverified" {
		t.Errorf("a new claim shows verdict %q, want the default unverified", got)
	}
	if s, _ := storedClaim(t, u, claim); !maps.Equal(s.Attrs, map[string]string{"verdict": "unverified"}) {
		t.Errorf("a new claim is stored with %v, want verdict unverified", s.Attrs)
	}

	typeRune(u.win, 'y') // check-worthy
	u.claims.choice["type"].SetSelected("numerical")
	u.claims.choice["verdict"].SetSelected("mixed")
	u.claims.free["note"].SetText("police figure; media say 54")
	u.claims.free["evidence"].SetText("https://example.org/a, https://example.org/b")
	u.claims.free["evidence"].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter saves both entries

	s, _ := storedClaim(t, u, claim)
	want := map[string]string{"checkworthy": "yes", "type": "numerical", "verdict": "mixed",
		"note": "police figure; media say 54", "evidence": "https://example.org/a https://example.org/b"}
	if !maps.Equal(s.Attrs, want) {
		t.Fatalf("stored attrs %v, want %v", s.Attrs, want)
	}

	// s, then a click on the entity: the SPEAKER link
	typeRune(u.win, 's')
	if u.claims.linking != annotate.RelSpeaker {
		t.Fatalf("s did not start a speaker link (linking %q)", u.claims.linking)
	}
	clickSpan(u, org)
	_, rels := storedClaim(t, u, claim)
	speaker := annotate.Relation{Head: claim, Child: org, Label: annotate.RelSpeaker}
	if !slices.Equal(rels, []annotate.Relation{speaker}) {
		t.Fatalf("relations after linking: %v, want %v", rels, speaker)
	}
	if id, _ := u.view.SelectedSpan(); id != claim || len(u.claims.rels.Objects) != 1 {
		t.Errorf("after linking: selected %q, %d relation rows; want the claim with 1 row", id, len(u.claims.rels.Objects))
	}

	// linking to a claim is refused and leaves the link pending
	typeRune(u.win, 'a')
	clickSpan(u, claim)
	if _, rels := storedClaim(t, u, claim); len(rels) != 1 || u.claims.linking != annotate.RelAbout {
		t.Errorf("ABOUT to a claim: relations %v, linking %q", rels, u.claims.linking)
	}
	typeKey(u.win, fyne.KeyEscape)
	if u.claims.linking != "" {
		t.Error("Esc did not cancel the link")
	}

	typeShortcut(u.win, scUndo) // the link
	if _, rels := storedClaim(t, u, claim); len(rels) != 0 {
		t.Fatalf("after undo: relations %v, want none", rels)
	}
	typeShortcut(u.win, scRedo)
	if _, rels := storedClaim(t, u, claim); !slices.Equal(rels, []annotate.Relation{speaker}) {
		t.Fatalf("after redo: relations %v", rels)
	}
	typeShortcut(u.win, scUndo) // the link again
	typeShortcut(u.win, scUndo) // note and evidence
	typeShortcut(u.win, scUndo) // verdict
	s, _ = storedClaim(t, u, claim)
	if want := map[string]string{"checkworthy": "yes", "type": "numerical", "verdict": "unverified"}; !maps.Equal(s.Attrs, want) {
		t.Errorf("after undoing link, note/evidence and verdict: %v, want %v", s.Attrs, want)
	}

	// the remove button in the inspector unlinks, undoably
	typeShortcut(u.win, scRedo)
	typeShortcut(u.win, scRedo)
	typeShortcut(u.win, scRedo)
	u.view.SelectSpan(claim)
	u.refreshHint()
	u.claims.unlink(speaker)
	if _, rels := storedClaim(t, u, claim); len(rels) != 0 {
		t.Errorf("unlink left %v", rels)
	}
	typeShortcut(u.win, scUndo)
	if _, rels := storedClaim(t, u, claim); len(rels) != 1 {
		t.Errorf("undo of unlink: %v", rels)
	}

	// deleting the speaker takes the link with it, and undo brings both back
	u.view.SelectSpan(org)
	typeKey(u.win, fyne.KeyDelete)
	if _, rels := storedClaim(t, u, claim); len(rels) != 0 {
		t.Errorf("deleting the speaker left %v", rels)
	}
	typeShortcut(u.win, scUndo)
	if _, rels := storedClaim(t, u, claim); len(rels) != 1 {
		t.Errorf("undoing the delete: relations %v", rels)
	}
}

func TestClaimKeysOnlyActOnAClaim(t *testing.T) {
	u := newTestUI(t, gulfNews)
	org := tag(t, u, "Interior Ministry", '2')
	typeRune(u.win, 'y')
	typeRune(u.win, 's')
	s, _ := storedClaim(t, u, org)
	if len(s.Attrs) != 0 || u.claims.linking != "" {
		t.Errorf("claim keys on an entity: attrs %v, linking %q", s.Attrs, u.claims.linking)
	}
}

func TestArticleListFiltersToCheckWorthyClaims(t *testing.T) {
	u := newTestUI(t, gulfNews)
	tag(t, u, "Official numbers put the number of killed at 16", 'c')
	u.claims.worthy.SetChecked(true)
	if u.s.List.Len() != 0 {
		t.Errorf("an unmarked claim lists %d articles as check-worthy", u.s.List.Len())
	}
	u.claims.worthy.SetChecked(false)
	typeRune(u.win, 'y')
	u.claims.worthy.SetChecked(true)
	if u.s.List.Len() != 1 || rowsOf(t, u)[0].ID != gulfNews {
		t.Errorf("check-worthy filter: %+v", rowsOf(t, u))
	}
	if n, _ := u.s.DB().ListArticles(context.Background(), store.ArticleFilter{CheckWorthy: true}); len(n) != 1 {
		t.Errorf("store filter: %v", n)
	}
}

func TestSelectingAnEntityShowsTheClaimsLinkingToIt(t *testing.T) {
	u := newTestUI(t, gulfNews)
	org := tag(t, u, "Interior Ministry", '2')
	u.view.SelectSpan("")
	claim := tag(t, u, "Official numbers put the number of killed at 16", 'c')
	typeRune(u.win, 's')
	clickSpan(u, org)

	// the arc is in the view
	if rels := u.view.Model().Relations(); len(rels) != 1 || rels[0].Child != org {
		t.Fatalf("view relations %v, want the SPEAKER link to %s", rels, org)
	}
	clickSpan(u, org)
	if !u.claims.links.Visible() || u.claims.empty.Visible() {
		t.Fatalf("entity with a link selected: links shown %v, empty text shown %v", u.claims.links.Visible(), u.claims.empty.Visible())
	}
	var btn *widget.Button
	var desc string
	for _, o := range u.claims.links.Objects {
		if row, ok := o.(*fyne.Container); ok {
			for _, p := range row.Objects {
				switch w := p.(type) {
				case *widget.Button:
					btn = w
				case *widget.Label:
					desc = w.Text
				}
			}
		}
	}
	if btn == nil || !strings.Contains(desc, "SPEAKER of CLAIM") {
		t.Fatalf("links panel holds %v (%q), want a SPEAKER of CLAIM row with a button", u.claims.links.Objects, desc)
	}
	test.Tap(btn)
	if id, _ := u.view.SelectedSpan(); id != claim || !u.claims.body.Visible() || u.claims.links.Visible() {
		t.Fatalf("after the button: selected %q, claim shown %v, links shown %v", id, u.claims.body.Visible(), u.claims.links.Visible())
	}
	// an entity without links shows the usual hint
	u.view.SelectSpan("")
	other := tag(t, u, "Egyptian security forces", '2')
	clickSpan(u, other)
	if u.claims.links.Visible() || !u.claims.empty.Visible() {
		t.Fatalf("entity without links: links shown %v", u.claims.links.Visible())
	}
}
