package gui

import (
	"bytes"
	"context"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/annotate/codec"
	"github.com/spanmark/spanmark/store"
)

// linkedClaim tags an ORG and a claim in the Gulf News article and links
// the ORG as the claim's SPEAKER; it returns their ids.
func linkedClaim(t *testing.T, u *ui) (claim, org string) {
	t.Helper()
	org = tag(t, u, "Interior Ministry", '2')
	claim = tag(t, u, "Official numbers put the number of killed at 16", 'c')
	typeRune(u.win, 'y')
	typeRune(u.win, 's')
	clickSpan(u, org)
	if _, rels := storedClaim(t, u, claim); len(rels) != 1 {
		t.Fatalf("speaker link not stored: %v", rels)
	}
	return claim, org
}

// confirmTop taps the button text of the dialog on top; it fails the test
// when no dialog is open.
func confirmTop(t *testing.T, u *ui, text string) {
	t.Helper()
	if u.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no dialog asked first")
	}
	tapButton(t, u.win, text)
}

// exportReimports exports the window's database as JSONL, imports it into a
// fresh database and checks the export of that is the same bytes.
func exportReimports(t *testing.T, u *ui) {
	t.Helper()
	ctx := context.Background()
	first := exportBytes(t, u.s.DB())
	fresh, err := store.Open(filepath.Join(t.TempDir(), "fresh.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	file := filepath.Join(t.TempDir(), "export.jsonl")
	if err := os.WriteFile(file, first, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := codec.Open([]string{file}, codec.Options{Format: codec.FormatJSONL})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := fresh.Import(ctx, r.Next, store.ImportOptions{}); err != nil {
		t.Fatalf("the window's export is refused by import: %v", err)
	}
	if second := exportBytes(t, fresh); !bytes.Equal(first, second) {
		t.Fatal("export → import → export is not identical")
	}
}

func exportBytes(t *testing.T, db *store.DB) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := codec.NewWriter(codec.FormatJSONL, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Export(context.Background(), store.ExportFilter{}, w.Write); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRelabellingALinkedClaimAsAnEntityAsksAndDropsLinksAndAttributesInOneStep(t *testing.T) {
	for _, how := range []string{"key 7", "Enter dialog"} {
		t.Run(how, func(t *testing.T) {
			u := newTestUI(t, gulfNews)
			claim, _ := linkedClaim(t, u)
			before, _ := storedClaim(t, u, claim)
			relabel := func() {
				clickSpan(u, claim)
				if how == "key 7" {
					typeRune(u.win, '7')
					return
				}
				f := u.openSpanForm()
				f.label.SetSelected("EVENT")
				f.d.Hide()
				f.save()
			}

			relabel()
			confirmTop(t, u, "Cancel")
			if s, rels := storedClaim(t, u, claim); s.Kind != annotate.KindClaim || len(rels) != 1 {
				t.Fatalf("Cancel changed the claim: %+v %v", s, rels)
			}

			relabel()
			confirmTop(t, u, "Relabel")
			s, rels := storedClaim(t, u, claim)
			if s.Label != "EVENT" || s.Kind != annotate.KindEntity || len(rels) != 0 || len(s.Attrs) != 0 {
				t.Fatalf("after relabelling: %+v, relations %v", s, rels)
			}
			exportReimports(t, u)

			typeShortcut(u.win, scUndo) // one step brings it all back
			s, rels = storedClaim(t, u, claim)
			if s.Label != "CLAIM" || len(rels) != 1 || !maps.Equal(s.Attrs, before.Attrs) {
				t.Fatalf("after one undo: %+v %v", s, rels)
			}
			typeShortcut(u.win, scRedo)
			if s, rels = storedClaim(t, u, claim); s.Label != "EVENT" || len(rels) != 0 {
				t.Fatalf("after redo: %+v %v", s, rels)
			}
			exportReimports(t, u)
		})
	}
}

func TestTaggingTheSpeakerAsAClaimAsksAndDropsTheLink(t *testing.T) {
	u := newTestUI(t, gulfNews)
	claim, org := linkedClaim(t, u)
	clickSpan(u, org)
	typeRune(u.win, 'c')
	confirmTop(t, u, "Relabel")
	s, rels := storedClaim(t, u, org)
	if s.Kind != annotate.KindClaim || len(rels) != 0 || s.Attrs["verdict"] != "unverified" {
		t.Fatalf("the speaker as a claim: %+v %v (claim %s)", s, rels, claim)
	}
	exportReimports(t, u)
}

// A note typed in the inspector is saved without Enter: when the field
// loses the keyboard, when another span or article is shown, and on quit.
func TestATypedNoteIsSavedWithoutEnter(t *testing.T) {
	for _, leave := range []string{"focus leaves the field", "another span is clicked", "another article is opened", "quit"} {
		t.Run(leave, func(t *testing.T) {
			u := newTestUI(t, gulfNews)
			claim, org := linkedClaim(t, u)
			note := u.claims.free[annotate.AttrNote]
			u.win.Canvas().Focus(note)
			test.Type(note, "police figure only")
			switch leave {
			case "focus leaves the field":
				u.win.Canvas().Focus(u.search)
			case "another span is clicked":
				clickSpan(u, org)
			case "another article is opened":
				u.openOrReport("gum_news_afghan")
			case "quit":
				u.quit()
			}
			s, _ := storedClaim(t, u, claim)
			if s.Attrs[annotate.AttrNote] != "police figure only" {
				t.Fatalf("after %s the claim's note is %q", leave, s.Attrs[annotate.AttrNote])
			}
			if leave == "another span is clicked" {
				if id, _ := u.view.SelectedSpan(); id != org {
					t.Errorf("saving the note moved the selection to %q, want %s", id, org)
				}
			}
		})
	}
}

// TestRandomEditsAlwaysExportWhatImportAccepts drives the window with random
// sequences of what a person does — tag, relabel across kinds (confirming),
// delete, link, set attributes, review, undo, redo — and after each sequence
// the export must import into a fresh database and export identically.
func TestRandomEditsAlwaysExportWhatImportAccepts(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		u := newTestUI(t, gulfNews)
		rng := rand.New(rand.NewPCG(seed, 99))
		n := len([]rune(u.s.Cur.Text))
		keys := []rune{'1', '2', '3', '4', '5', '6', '7', 'c'}
		for step := 0; step < 120; step++ {
			closeOverlays(u.win)
			spans := u.s.Cur.Spans
			pick := func() (annotate.Span, bool) {
				if len(spans) == 0 {
					return annotate.Span{}, false
				}
				return spans[rng.IntN(len(spans))], true
			}
			switch op := rng.IntN(10); {
			case op < 3: // tag new text
				start := rng.IntN(n - 20)
				u.view.SelectSpan("")
				u.view.SetSelection(start, start+1+rng.IntN(15))
				typeRune(u.win, keys[rng.IntN(len(keys))])
			case op < 5: // relabel, maybe across kinds, and confirm
				if s, ok := pick(); ok {
					clickSpan(u, s.ID)
					typeRune(u.win, keys[rng.IntN(len(keys))])
					if u.win.Canvas().Overlays().Top() != nil {
						tapButton(t, u.win, "Relabel")
					}
				}
			case op == 5: // delete
				if s, ok := pick(); ok {
					clickSpan(u, s.ID)
					u.deleteSelected()
				}
			case op == 6: // link a claim to an entity
				var claims, ents []string
				for _, s := range spans {
					if s.Kind == annotate.KindClaim {
						claims = append(claims, s.ID)
					} else {
						ents = append(ents, s.ID)
					}
				}
				if len(claims) > 0 && len(ents) > 0 {
					clickSpan(u, claims[rng.IntN(len(claims))])
					typeRune(u.win, []rune{'s', 'a'}[rng.IntN(2)])
					clickSpan(u, ents[rng.IntN(len(ents))])
				}
			case op == 7: // attributes and review keys on a span
				if s, ok := pick(); ok {
					clickSpan(u, s.ID)
					typeRune(u.win, []rune{'y', 'n', 'u'}[rng.IntN(3)])
					typeShortcut(u.win, []fyne.Shortcut{scAccept, scReject}[rng.IntN(2)])
				}
			case op == 8:
				typeShortcut(u.win, scUndo)
			default:
				typeShortcut(u.win, scRedo)
			}
		}
		closeOverlays(u.win)
		if len(u.s.Cur.Rels) == 0 && !slices.ContainsFunc(u.s.Cur.Spans, func(s annotate.Span) bool { return s.Kind == annotate.KindClaim }) {
			t.Logf("seed %d ended without claims or links", seed)
		}
		exportReimports(t, u)
		if t.Failed() {
			t.Fatalf("seed %d", seed)
		}
	}
}
