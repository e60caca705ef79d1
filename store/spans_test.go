package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

func TestAddSpanMovesTodoToInProgress(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db := openTemp(t)
		mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: oslo}))
		s, err := db.AddSpan(ctx, "a", annotate.Span{Start: 21, End: 40, Label: "CLAIM", Annotator: "ann"})
		if err != nil {
			t.Fatal(err)
		}
		if s.ID != "s1" || s.Text != "Bob said “it rains”" || s.Kind != annotate.KindClaim || s.Created.IsZero() || s.Updated.IsZero() {
			t.Errorf("added span = %+v", s)
		}
		a, _ := db.Article(ctx, "a")
		if a.Status != annotate.StatusInProgress {
			t.Errorf("status = %s, want in_progress", a.Status)
		}
		// A done article stays done.
		if err := db.SetStatus(ctx, "a", annotate.StatusDone); err != nil {
			t.Fatal(err)
		}
		s2, err := db.AddSpan(ctx, "a", annotate.Span{Start: 0, End: 3, Label: "PERSON"})
		if err != nil {
			t.Fatal(err)
		}
		if s2.ID != "s2" {
			t.Errorf("second span id = %s, want s2", s2.ID)
		}
		if a, _ := db.Article(ctx, "a"); a.Status != annotate.StatusDone {
			t.Errorf("status = %s, want done", a.Status)
		}
	})
}

func TestAddSpanRefusesBadSpans(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db := openTemp(t)
		mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: oslo, Spans: []annotate.Span{{Start: 0, End: 3, Label: "PERSON"}}}))
		tests := []struct {
			name, article string
			s             annotate.Span
			want          string
		}{
			{"past the text", "a", annotate.Span{Start: 50, End: 90, Label: "X"}, "ends past the text"},
			{"zero length", "a", annotate.Span{Start: 3, End: 3, Label: "X"}, "zero-length"},
			{"no label", "a", annotate.Span{Start: 0, End: 3}, "empty label"},
			{"wrong text", "a", annotate.Span{Start: 0, End: 3, Label: "X", Text: "Bob"}, "does not match"},
			{"identical span", "a", annotate.Span{Start: 0, End: 3, Label: "PERSON"}, "identical span"},
			{"used id", "a", annotate.Span{ID: "s1", Start: 8, End: 11, Label: "PERSON"}, "already used"},
			{"bad kind", "a", annotate.Span{Start: 8, End: 11, Label: "PERSON", Kind: "thing"}, "unknown span kind"},
			{"no article", "zz", annotate.Span{Start: 0, End: 3, Label: "X"}, "not found"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.AddSpan(ctx, tt.article, tt.s)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("error = %v, want %q", err, tt.want)
				}
			})
		}
		if _, err := db.AddSpan(ctx, "zz", annotate.Span{Start: 0, End: 3, Label: "X"}); !errors.Is(err, ErrNotFound) {
			t.Errorf("missing article: %v is not ErrNotFound", err)
		}
		if a, _ := db.Article(ctx, "a"); len(a.Spans) != 1 || a.Status != annotate.StatusTodo {
			t.Errorf("refused adds changed the article: %+v", a)
		}
	})
}

func TestDeleteAndRestoreSpanWithRelations(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db := openTemp(t)
		a := osloArticle()
		a.Rels = append(a.Rels, annotate.Relation{Head: "s2", Child: "s3", Label: "LIVES_IN"}, annotate.Relation{Head: "s4", Child: "s1", Label: "ABOUT"})
		mustImport(t, db, ImportOptions{Annotator: "ann"}, rec(1, a))
		before, _ := db.Article(ctx, "oslo")

		s, rels, err := db.DeleteSpan(ctx, "oslo", "s2")
		if err != nil {
			t.Fatal(err)
		}
		if s.ID != "s2" || s.Text != "Bob" || s.Annotator != "ann" {
			t.Errorf("deleted span = %+v", s)
		}
		wantRels := []annotate.Relation{{Head: "s4", Child: "s2", Label: "SPEAKER"}, {Head: "s2", Child: "s3", Label: "LIVES_IN"}}
		if !reflect.DeepEqual(rels, wantRels) {
			t.Errorf("deleted relations = %v, want %v", rels, wantRels)
		}
		mid, _ := db.Article(ctx, "oslo")
		if len(mid.Spans) != 3 || len(mid.Rels) != 1 {
			t.Errorf("after delete: %v spans, %v", spanIDs(mid), mid.Rels)
		}
		if _, _, err := db.DeleteSpan(ctx, "oslo", "s2"); !errors.Is(err, ErrNotFound) {
			t.Errorf("second delete: %v, want ErrNotFound", err)
		}

		if err := db.RestoreSpan(ctx, "oslo", s, rels); err != nil {
			t.Fatal(err)
		}
		after, _ := db.Article(ctx, "oslo")
		if !reflect.DeepEqual(before.Spans, after.Spans) {
			t.Errorf("spans after restore:\n%+v\nwant\n%+v", after.Spans, before.Spans)
		}
		if len(after.Rels) != 3 {
			t.Errorf("relations after restore = %v", after.Rels)
		}
		// A new span does not fill the gap a deleted one left.
		if _, _, err := db.DeleteSpan(ctx, "oslo", "s1"); err != nil {
			t.Fatal(err)
		}
		n, err := db.AddSpan(ctx, "oslo", annotate.Span{Start: 43, End: 46, Label: "PERSON"})
		if err != nil {
			t.Fatal(err)
		}
		if n.ID != "s5" {
			t.Errorf("new span id = %s, want s5", n.ID)
		}
	})
}

func TestUpdateSpan(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db := openTemp(t)
		mustImport(t, db, ImportOptions{Annotator: "ann"}, rec(1, osloArticle()))
		s := annotate.Span{ID: "s3", Start: 15, End: 19, Label: "LOC", Annotator: "ann", Review: annotate.ReviewRejected, Reviewer: "rev",
			Attrs: map[string]string{"note": "city"}}
		if err := db.UpdateSpan(ctx, "oslo", s); err != nil {
			t.Fatal(err)
		}
		a, _ := db.Article(ctx, "oslo")
		var got annotate.Span
		for _, x := range a.Spans {
			if x.ID == "s3" {
				got = x
			}
		}
		if got.Label != "LOC" || got.Kind != annotate.KindEntity || got.Review != annotate.ReviewRejected || got.Reviewer != "rev" ||
			got.Attrs["note"] != "city" || got.Text != "Oslo" || !got.Updated.After(got.Created) && !got.Updated.Equal(got.Created) {
			t.Errorf("updated span = %+v", got)
		}
		s.ID = "s9"
		if err := db.UpdateSpan(ctx, "oslo", s); !errors.Is(err, ErrNotFound) {
			t.Errorf("update of a missing span: %v, want ErrNotFound", err)
		}
		s.ID, s.End = "s3", 99
		if err := db.UpdateSpan(ctx, "oslo", s); err == nil {
			t.Error("update past the text succeeded")
		}
	})
}

func TestAddAndDeleteRelation(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db := openTemp(t)
		mustImport(t, db, ImportOptions{}, rec(1, osloArticle()))
		r := annotate.Relation{Head: "s4", Child: "s1", Label: "ABOUT"}
		if err := db.AddRelation(ctx, "oslo", r); err != nil {
			t.Fatal(err)
		}
		if err := db.AddRelation(ctx, "oslo", r); err != nil {
			t.Errorf("adding an existing relation: %v", err)
		}
		a, _ := db.Article(ctx, "oslo")
		if len(a.Rels) != 2 || a.Rels[1] != r {
			t.Errorf("relations = %v", a.Rels)
		}
		if err := db.AddRelation(ctx, "oslo", annotate.Relation{Head: "s4", Child: "s9", Label: "ABOUT"}); !errors.Is(err, ErrNotFound) {
			t.Errorf("relation to a missing span: %v, want ErrNotFound", err)
		}
		if err := db.AddRelation(ctx, "oslo", annotate.Relation{Head: "s4", Child: "s1"}); err == nil {
			t.Error("relation without a label was added")
		}
		if err := db.DeleteRelation(ctx, "oslo", r); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteRelation(ctx, "oslo", r); !errors.Is(err, ErrNotFound) {
			t.Errorf("second delete: %v, want ErrNotFound", err)
		}
		if a, _ := db.Article(ctx, "oslo"); len(a.Rels) != 1 {
			t.Errorf("relations after delete = %v", a.Rels)
		}
	})
}
