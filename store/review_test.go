package store

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spanmark/spanmark/annotate"
)

func TestReviewDecisionsSurviveReopen(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "review.db")
		db, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		mustImport(t, db, ImportOptions{Annotator: "ana"}, rec(1, annotate.Article{ID: "a", Text: oslo, Spans: []annotate.Span{
			{Start: 0, End: 3, Label: "PERSON"}, {Start: 8, End: 11, Label: "PERSON"}, {Start: 15, End: 19, Label: "GPE"},
		}}))
		a, err := db.Article(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 11, 26, 1, 2, 3, 4_000_000, time.UTC)
		decisions := map[string]annotate.Review{a.Spans[0].ID: annotate.ReviewAccepted, a.Spans[2].ID: annotate.ReviewRejected}
		for _, s := range a.Spans {
			r, ok := decisions[s.ID]
			if !ok {
				continue
			}
			s.Review, s.Reviewer, s.Reviewed = r, "rita", at
			if err := db.UpdateSpan(ctx, "a", s); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SetAnnotatorStatus(ctx, "a", "ana", annotate.StatusDone); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}

		db, err = Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		a, err = db.Article(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range a.Spans {
			want, decided := decisions[s.ID]
			switch {
			case s.Review != want:
				t.Errorf("span %s review = %q, want %q", s.ID, s.Review, want)
			case decided && (s.Reviewer != "rita" || !s.Reviewed.Equal(at)):
				t.Errorf("span %s reviewer %q at %v, want rita at %v", s.ID, s.Reviewer, s.Reviewed, at)
			case !decided && (s.Reviewer != "" || !s.Reviewed.IsZero()):
				t.Errorf("undecided span %s has reviewer %q at %v", s.ID, s.Reviewer, s.Reviewed)
			}
		}
		// Export keeps the time, and --review accepted keeps only the accepted.
		var got []annotate.Span
		if err := db.Export(ctx, ExportFilter{Review: annotate.ReviewAccepted}, func(a *annotate.Article) error {
			got = append(got, a.Spans...)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Label != "PERSON" || !got[0].Reviewed.Equal(at) || got[0].Start != 0 {
			t.Errorf("accepted export = %+v, want the one PERSON 0-3 reviewed at %v", got, at)
		}
		st, err := db.AnnotatorStatuses(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		if len(st) != 1 || st["ana"] != annotate.StatusDone {
			t.Errorf("annotator statuses = %v, want ana done", st)
		}
	})
}

func TestAnnotatorStatusIsPerAnnotator(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db := openTemp(t)
		mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: oslo}), rec(2, annotate.Article{ID: "b", Text: "Other text."}))
		steps := []struct {
			art, who string
			st       annotate.Status
		}{
			{"a", "ana", annotate.StatusInProgress}, {"a", "ben", annotate.StatusDone},
			{"a", "ana", annotate.StatusDone}, {"b", "ana", annotate.StatusInProgress}, {"b", "ben", annotate.StatusTodo},
			{"b", "ben", ""},
		}
		for _, s := range steps {
			if err := db.SetAnnotatorStatus(ctx, s.art, s.who, s.st); err != nil {
				t.Fatal(err)
			}
		}
		counts, err := db.AnnotatorStatusCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]map[annotate.Status]int{
			"ana": {annotate.StatusDone: 1, annotate.StatusInProgress: 1},
			"ben": {annotate.StatusDone: 1},
		}
		for who, m := range want {
			for st, n := range m {
				if counts[who][st] != n {
					t.Errorf("%s %s = %d, want %d (all: %v)", who, st, counts[who][st], n, counts)
				}
			}
			if len(counts[who]) != len(m) {
				t.Errorf("%s counts = %v, want %v", who, counts[who], m)
			}
		}
		if a, _ := db.Article(ctx, "a"); a.Status != annotate.StatusTodo {
			t.Errorf("the article's own status changed to %s", a.Status)
		}
		for _, bad := range []struct{ art, who string }{{"nope", "ana"}, {"a", ""}} {
			if err := db.SetAnnotatorStatus(ctx, bad.art, bad.who, annotate.StatusDone); err == nil {
				t.Errorf("SetAnnotatorStatus(%q, %q) succeeded", bad.art, bad.who)
			}
		}
		if err := db.SetAnnotatorStatus(ctx, "a", "ana", "finished"); err == nil {
			t.Error("an unknown status was accepted")
		}
	})
}

func TestMergeKeepsReviewDecisionsAndTheirTime(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		src := openTemp(t)
		at := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
		mustImport(t, src, ImportOptions{Annotator: "ben"}, rec(1, annotate.Article{ID: "a", Text: oslo, Spans: []annotate.Span{
			{Start: 0, End: 3, Label: "PERSON", Review: annotate.ReviewRejected, Reviewer: "rita", Reviewed: at},
		}}))
		ben := src.Path()
		if src.Postgres() {
			ben = src.url(t)
		}
		src.Close()
		db := openTemp(t)
		for range 2 { // the second merge changes nothing
			srcs, err := OpenMergeSources(db.Path(), []string{ben})
			if err != nil {
				t.Fatal(err)
			}
			_, err = db.Merge(ctx, srcs, nil)
			srcs[0].Close()
			if err != nil {
				t.Fatal(err)
			}
		}
		a, err := db.Article(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Spans) != 1 {
			t.Fatalf("merged twice: %d spans, want 1", len(a.Spans))
		}
		if s := a.Spans[0]; s.Review != annotate.ReviewRejected || s.Reviewer != "rita" || !s.Reviewed.Equal(at) || s.Annotator != "ben" {
			t.Errorf("merged span %+v, want ben's, rejected by rita at %v", s, at)
		}
		if _, err := OpenMergeSources(db.Path(), []string{db.Path()}); err == nil {
			t.Error("merging the target into itself was accepted")
		}
	})
}

// Prodigy's binary recipes give one verdict per task; two tasks of one text
// may judge the same span twice.
func TestImportOfTwoVerdictsOnOneSpan(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		bob := func(r annotate.Review, who string) annotate.Article {
			return annotate.Article{ID: "oslo", Text: oslo, Answer: "x", Spans: []annotate.Span{
				{Start: 8, End: 11, Label: "PERSON", Review: r, Reviewer: who, Annotator: who}}}
		}
		t.Run("without annotators the later line wins, with a warning", func(t *testing.T) {
			db := openTemp(t)
			var warnings []string
			opt := ImportOptions{Warn: func(m string) { warnings = append(warnings, m) }}
			a, b, c := bob(annotate.ReviewAccepted, ""), bob(annotate.ReviewNone, ""), bob(annotate.ReviewRejected, "")
			mustImport(t, db, opt, rec(1, a), rec(2, b), rec(3, c))
			got, err := db.Article(ctx, "oslo")
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Spans) != 1 || got.Spans[0].Review != annotate.ReviewRejected {
				t.Fatalf("spans %+v, want one, rejected", got.Spans)
			}
			if len(warnings) != 1 || !strings.HasPrefix(warnings[0], "in.jsonl:3: warning: ") ||
				!strings.Contains(warnings[0], "rejected") || !strings.Contains(warnings[0], "accepted") {
				t.Errorf("warnings %q, want one at in.jsonl:3 naming both decisions", warnings)
			}
			// no decision is no disagreement; a decision on an unreviewed span
			// is taken quietly
			mustImport(t, db, opt, rec(4, bob(annotate.ReviewNone, "")), rec(5, bob(annotate.ReviewRejected, "")))
			e := bob(annotate.ReviewNone, "")
			e.Spans[0].Label = "GPE"
			f := bob(annotate.ReviewAccepted, "")
			f.Spans[0].Label = "GPE"
			mustImport(t, db, opt, rec(6, e), rec(7, f))
			got, _ = db.Article(ctx, "oslo")
			if len(got.Spans) != 2 || got.Spans[1].Review != annotate.ReviewAccepted || len(warnings) != 1 {
				t.Errorf("spans %+v, warnings %q: want the GPE span accepted, no new warning", got.Spans, warnings)
			}
		})
		t.Run("annotators' verdicts stay apart", func(t *testing.T) {
			db := openTemp(t)
			var warnings []string
			opt := ImportOptions{Warn: func(m string) { warnings = append(warnings, m) }}
			mustImport(t, db, opt, rec(1, bob(annotate.ReviewAccepted, "ana")), rec(2, bob(annotate.ReviewRejected, "bea")))
			var accepted []string
			if err := db.Export(ctx, ExportFilter{Review: annotate.ReviewAccepted}, func(a *annotate.Article) error {
				for _, s := range a.Spans {
					accepted = append(accepted, s.Annotator)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			got, _ := db.Article(ctx, "oslo")
			if len(got.Spans) != 2 || !slices.Equal(accepted, []string{"ana"}) || len(warnings) != 0 {
				t.Errorf("spans %+v, accepted by %v, warnings %q: want two spans, ana's accepted, no warning", got.Spans, accepted, warnings)
			}
		})
	})
}
