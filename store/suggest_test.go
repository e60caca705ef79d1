package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

func matcher(t *testing.T, gazetteer string) *annotate.Matcher {
	t.Helper()
	ps, err := annotate.ReadPatterns(strings.NewReader(gazetteer), false)
	if err != nil {
		t.Fatal(err)
	}
	return annotate.NewMatcher(ps)
}

func TestSuggestAddsEachMatchOnceAndNeverOverASpan(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	mustImport(t, db, ImportOptions{},
		rec(1, annotate.Article{ID: "a", Text: "Cairo and Giza; Cairo again.", Spans: []annotate.Span{
			{Start: 0, End: 5, Label: "GPE", Annotator: "ana"}, // the first Cairo is tagged already
		}}),
		rec(2, annotate.Article{ID: "b", Text: "Nothing of it here."}),
	)
	m := matcher(t, "GPE\tCairo\nGPE\tGiza\nPLACE\tGiza\n")
	res, err := db.Suggest(ctx, SuggestOptions{Matcher: m, Record: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 2 || res.Spans != 3 || len(res.Added) != 3 || strings.Join(res.NewLabels, ",") != "PLACE" {
		t.Fatalf("result %+v", res)
	}
	a, _ := db.Article(ctx, "a")
	var got []string
	for _, s := range a.Spans {
		got = append(got, s.Label+":"+s.Text+":"+string(s.Review)+":"+s.Annotator)
	}
	if strings.Join(got, " ") != "GPE:Cairo::ana GPE:Giza:suggested:patterns PLACE:Giza:suggested:patterns GPE:Cairo:suggested:patterns" {
		t.Fatalf("spans %v", got)
	}
	// twice: nothing more
	if res, err = db.Suggest(ctx, SuggestOptions{Matcher: m}); err != nil || res.Spans != 0 {
		t.Fatalf("again: %+v %v", res, err)
	}
	// a rejected suggestion is not made again
	for _, s := range a.Spans {
		if s.Label == "PLACE" {
			s.Review = annotate.ReviewRejected
			if err := db.UpdateSpan(ctx, "a", s); err != nil {
				t.Fatal(err)
			}
		}
	}
	if res, err = db.Suggest(ctx, SuggestOptions{Matcher: m}); err != nil || res.Spans != 0 {
		t.Fatalf("after rejecting: %+v %v", res, err)
	}
	// exports leave suggestions out unless asked
	if out := strings.Join(dump(t, db, ExportFilter{}), ""); strings.Contains(out, `"suggested"`) {
		t.Errorf("a plain export holds suggestions: %s", out)
	}
	if out := strings.Join(dump(t, db, ExportFilter{IncludeSuggested: true}), ""); strings.Count(out, `"suggested"`) != 2 {
		t.Errorf("--include-suggested: %s", out)
	}
	// undo of what was suggested
	if err := db.Apply(ctx, annotate.Change{Kind: annotate.ChangeBatch, ArticleID: "a", Batch: res.Added}.Inverse()); err != nil {
		// res is of the last run (nothing added): nothing to undo
		t.Fatal(err)
	}
}

func TestSuggestIsAllOrNothing(t *testing.T) {
	db := openTemp(t)
	mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: "Cairo"}), rec(2, annotate.Article{ID: "b", Text: "Cairo"}))
	ctx, cancel := context.WithCancel(context.Background())
	before := dump(t, db, ExportFilter{IncludeSuggested: true})
	_, err := db.Suggest(ctx, SuggestOptions{Matcher: matcher(t, "GPE\tCairo\n"), Progress: func(done, total int) {}, ArticleIDs: []string{"a", "nope"}})
	if err == nil || !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown article: %v", err)
	}
	cancel()
	if _, err := db.Suggest(ctx, SuggestOptions{Matcher: matcher(t, "GPE\tCairo\n")}); err == nil {
		t.Fatal("a cancelled suggest ran")
	}
	if after := dump(t, db, ExportFilter{IncludeSuggested: true}); strings.Join(after, "") != strings.Join(before, "") {
		t.Fatal("a failed suggest changed the database")
	}
}
