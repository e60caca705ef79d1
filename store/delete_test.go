package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

func TestDeleteArticleAndUndoPutEverythingBack(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db, state := claimDB(t)
		if err := db.SetAnnotatorStatus(ctx, "c", "ana", annotate.StatusDone); err != nil {
			t.Fatal(err)
		}
		mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "other", Text: oslo}))
		before := state()
		full := dump(t, db, ExportFilter{})

		c, err := db.DeleteArticle(ctx, "c")
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Article.Spans) != 4 || len(c.Article.Rels) != 2 || c.Statuses["ana"] != annotate.StatusDone {
			t.Fatalf("the change holds %d spans, %d relations, statuses %v", len(c.Article.Spans), len(c.Article.Rels), c.Statuses)
		}
		if _, err := db.Article(ctx, "c"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("after delete: %v", err)
		}
		if err := db.Apply(ctx, c.Inverse()); err != nil {
			t.Fatal(err)
		}
		if got := state(); strings.Join(got, "") != strings.Join(before, "") {
			t.Fatalf("undo of the delete:\n%s\nwant\n%s", got, before)
		}
		if got := dump(t, db, ExportFilter{}); len(got) != len(full) {
			t.Fatalf("after undo %d articles, want %d", len(got), len(full))
		}
		if st, _ := db.AnnotatorStatuses(ctx, "c"); st["ana"] != annotate.StatusDone {
			t.Errorf("ana's own status after undo: %v", st)
		}
		if err := db.Apply(ctx, c); err != nil { // redo
			t.Fatal(err)
		}
		if _, err := db.Article(ctx, "c"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("after redo: %v", err)
		}
		checkIntegrity(t, db)
	})
}

func TestDeleteArticlesIsAllOrNothing(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db := openTemp(t)
		mustImport(t, db, ImportOptions{},
			rec(1, annotate.Article{ID: "a", Text: oslo, Spans: []annotate.Span{{Start: 0, End: 4, Label: "GPE"}}}),
			rec(2, annotate.Article{ID: "b", Text: oslo}),
			rec(3, annotate.Article{ID: "c", Text: oslo, Status: annotate.StatusDone, Spans: []annotate.Span{{Start: 0, End: 4, Label: "GPE"}}}),
			rec(4, annotate.Article{ID: "d", Text: oslo}),
		)
		before := dump(t, db, ExportFilter{})
		if _, err := db.DeleteArticles(ctx, DeleteFilter{IDs: []string{"a", "nope"}}); err == nil || !strings.Contains(err.Error(), "nope") {
			t.Fatalf("delete of a missing id: %v", err)
		}
		if _, err := db.DeleteArticles(ctx, DeleteFilter{Statuses: []annotate.Status{"finished"}}); err == nil {
			t.Fatal("an unknown status was taken")
		}
		if got := dump(t, db, ExportFilter{}); !slices.Equal(got, before) {
			t.Fatal("a refused delete changed the database")
		}
		res, err := db.DeleteArticles(ctx, DeleteFilter{IDs: []string{"a"}, Empty: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Articles != 3 || res.Spans != 1 || !slices.Equal(res.IDs, []string{"a", "b", "d"}) {
			t.Fatalf("deleted %+v", res)
		}
		res, err = db.DeleteArticles(ctx, DeleteFilter{Statuses: []annotate.Status{annotate.StatusDone}})
		if err != nil || res.Articles != 1 || res.IDs[0] != "c" {
			t.Fatalf("by status: %+v %v", res, err)
		}
		if got := dump(t, db, ExportFilter{}); len(got) != 0 {
			t.Fatalf("left %v", got)
		}
		checkIntegrity(t, db)
	})
}
