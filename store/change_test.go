package store

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// claimDB holds claimArticle("c"): s2 CLAIM —SPEAKER→ s1 ORG, s4 CLAIM —ABOUT→ s3 ORG.
func claimDB(t *testing.T) (*DB, func() []string) {
	t.Helper()
	db := openTemp(t)
	mustImport(t, db, ImportOptions{}, rec(1, claimArticle("c")))
	return db, func() []string {
		// Relations in a set's order: undo puts a link back as a new row.
		a, err := db.Article(context.Background(), "c")
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(a.Rels, func(x, y annotate.Relation) int {
			return strings.Compare(x.Label+x.Head+x.Child, y.Label+y.Head+y.Child)
		})
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		return []string{string(b)}
	}
}

func spanOf(t *testing.T, db *DB, id string) annotate.Span {
	t.Helper()
	return spanIn(t, db, "c", id)
}

// spanIn is span id of article articleID.
func spanIn(t *testing.T, db *DB, articleID, id string) annotate.Span {
	t.Helper()
	a, err := db.Article(context.Background(), articleID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range a.Spans {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no span %s", id)
	return annotate.Span{}
}

// The store keeps the invariants import checks, whatever path writes: a
// claim with links does not become an entity, nor a linked entity a claim.
func TestAKindChangeThatBreaksALinkIsRefused(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db, state := claimDB(t)
		before := state()
		claim := spanOf(t, db, "s2")
		asEvent := claim
		asEvent.Label, asEvent.Kind, asEvent.Attrs = "EVENT", annotate.KindEntity, nil
		entity := spanOf(t, db, "s1")
		asClaim := entity
		asClaim.Label, asClaim.Kind = "CLAIM", annotate.KindClaim
		for name, try := range map[string]func() error{
			"UpdateSpan claim→entity": func() error { return db.UpdateSpan(ctx, "c", asEvent) },
			"UpdateSpan entity→claim": func() error { return db.UpdateSpan(ctx, "c", asClaim) },
			"Apply claim→entity": func() error {
				return db.Apply(ctx, annotate.Change{Kind: annotate.ChangeUpdateSpan, ArticleID: "c", Before: claim, Span: asEvent})
			},
		} {
			err := try()
			if err == nil || !strings.Contains(err.Error(), "SPEAKER s2→s1") {
				t.Errorf("%s: %v", name, err)
			}
			if got := state(); strings.Join(got, "\n") != strings.Join(before, "\n") {
				t.Fatalf("%s changed the database:\n%s", name, strings.Join(got, "\n"))
			}
		}
	})
}

// A batch is one transaction: its links removed, then the kind changed;
// undo (the inverse) puts all of it back; a batch that fails half-way
// leaves nothing of it.
func TestApplyMakesABatchAllOrNothing(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db, state := claimDB(t)
		before := state()
		claim := spanOf(t, db, "s2")
		asEvent := claim
		asEvent.Label, asEvent.Kind, asEvent.Attrs = "EVENT", annotate.KindEntity, nil
		relabel := annotate.Change{Kind: annotate.ChangeBatch, ArticleID: "c", Batch: []annotate.Change{
			{Kind: annotate.ChangeDeleteRelation, ArticleID: "c", Rel: annotate.Relation{Head: "s2", Child: "s1", Label: "SPEAKER"}},
			{Kind: annotate.ChangeUpdateSpan, ArticleID: "c", Before: claim, Span: asEvent},
		}}
		if err := db.Apply(ctx, relabel); err != nil {
			t.Fatal(err)
		}
		if s := spanOf(t, db, "s2"); s.Kind != annotate.KindEntity || s.Attrs != nil {
			t.Fatalf("after the batch s2 is %+v", s)
		}
		if err := db.Apply(ctx, relabel.Inverse()); err != nil {
			t.Fatal(err)
		}
		if got := state(); strings.Join(got, "\n") != strings.Join(before, "\n") {
			t.Fatalf("undo of the batch:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(before, "\n"))
		}

		bad := asEvent
		bad.End = 999 // past the text
		half := annotate.Change{Kind: annotate.ChangeBatch, ArticleID: "c", Batch: []annotate.Change{
			relabel.Batch[0],
			{Kind: annotate.ChangeUpdateSpan, ArticleID: "c", Before: claim, Span: bad},
		}}
		if err := db.Apply(ctx, half); err == nil {
			t.Fatal("a batch with a bad span was applied")
		}
		if got := state(); strings.Join(got, "\n") != strings.Join(before, "\n") {
			t.Fatalf("a failed batch left part of itself:\n%s", strings.Join(got, "\n"))
		}
	})
}

// Undo of a delete does not bring back a link whose other end has changed
// kind since.
func TestRestoreSpanRefusesALinkWhoseOtherEndChangedKind(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db, _ := claimDB(t)
		claim, rels, err := db.DeleteSpan(ctx, "c", "s2")
		if err != nil {
			t.Fatal(err)
		}
		entity := spanOf(t, db, "s1")
		entity.Label, entity.Kind = "CLAIM", annotate.KindClaim
		if err := db.UpdateSpan(ctx, "c", entity); err != nil {
			t.Fatal(err)
		}
		err = db.RestoreSpan(ctx, "c", claim, rels)
		if err == nil || !strings.Contains(err.Error(), "not an entity") {
			t.Fatalf("restore: %v", err)
		}
		a, _ := db.Article(ctx, "c")
		for _, s := range a.Spans {
			if s.ID == "s2" {
				t.Fatal("the refused restore left its span")
			}
		}
	})
}
