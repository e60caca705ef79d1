package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

func listDB(t *testing.T) *DB {
	db := openTemp(t)
	mk := func(id, text string, st annotate.Status, spans ...annotate.Span) annotate.Record {
		return rec(1, annotate.Article{ID: id, Text: text, Status: st, Spans: spans})
	}
	mustImport(t, db, ImportOptions{Annotator: "ann"},
		mk("n1", "Rain in Oslo_today.", annotate.StatusDone, annotate.Span{Start: 8, End: 12, Label: "GPE"}),
		mk("n2", "Sun in Cairo. 100% sure.", annotate.StatusTodo),
		mk("n3", "Snow in Zürich.", annotate.StatusInProgress, annotate.Span{Start: 8, End: 14, Label: "GPE", Annotator: "bea"}, annotate.Span{Start: 0, End: 4, Label: "EVENT"}),
		mk("oslo-4", "Fog.", annotate.StatusTodo),
		mk("n5", "Wind.", annotate.StatusReviewed),
	)
	return db
}

func TestListArticles(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := listDB(t)
		ids := func(list []ArticleSummary) []string {
			var s []string
			for _, a := range list {
				s = append(s, a.ID)
			}
			return s
		}
		tests := []struct {
			name string
			f    ArticleFilter
			want []string
		}{
			{"all by id", ArticleFilter{}, []string{"n1", "n2", "n3", "n5", "oslo-4"}},
			{"limit", ArticleFilter{Limit: 2}, []string{"n1", "n2"}},
			{"query matches text and id, any case", ArticleFilter{Query: "OSLO"}, []string{"n1", "oslo-4"}},
			{"query non-ASCII", ArticleFilter{Query: "Zürich"}, []string{"n3"}},
			{"query with % is literal", ArticleFilter{Query: "100%"}, []string{"n2"}},
			{"query is a full-text search of words", ArticleFilter{Query: "today"}, []string{"n1"}},
			{"query prefix", ArticleFilter{Query: "tod*"}, []string{"n1"}},
			{"query and status", ArticleFilter{Query: "sun OR snow", Status: annotate.StatusInProgress}, []string{"n3"}},
			{"query folds diacritics", ArticleFilter{Query: "zurich"}, []string{"n3"}},
			{"status", ArticleFilter{Status: annotate.StatusTodo}, []string{"n2", "oslo-4"}},
			{"label", ArticleFilter{Label: "GPE"}, []string{"n1", "n3"}},
			{"annotator", ArticleFilter{Annotator: "bea"}, []string{"n3"}},
			{"label and status", ArticleFilter{Label: "GPE", Status: annotate.StatusDone}, []string{"n1"}},
			{"page after an id", ArticleFilter{After: "n2", Limit: 2}, []string{"n3", "n5"}},
			{"page after the last", ArticleFilter{After: "oslo-4", Limit: 2}, nil},
			{"page at an offset", ArticleFilter{Offset: 3, Limit: 5}, []string{"n5", "oslo-4"}},
			{"page of a filter", ArticleFilter{Status: annotate.StatusTodo, After: "n2"}, []string{"oslo-4"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.ListArticles(context.Background(), tt.f)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(ids(got), tt.want) {
					t.Errorf("got %v, want %v", ids(got), tt.want)
				}
			})
		}
		got, _ := db.ListArticles(context.Background(), ArticleFilter{Label: "EVENT"})
		if len(got) != 1 || got[0].Spans != 2 || got[0].Status != annotate.StatusInProgress {
			t.Errorf("summary = %+v", got[0])
		}
	})
}

// TestCountAndPositionFollowTheFilter: the window's list is as long as
// CountArticles says, and it finds an article's row in it.
func TestCountAndPositionFollowTheFilter(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := listDB(t)
		ctx := context.Background()
		tests := []struct {
			f      ArticleFilter
			count  int
			id     string
			pos    int
			listed bool
		}{
			{ArticleFilter{}, 5, "n5", 3, true},
			{ArticleFilter{}, 5, "zz", 0, false},
			{ArticleFilter{Status: annotate.StatusTodo}, 2, "oslo-4", 1, true},
			{ArticleFilter{Status: annotate.StatusTodo}, 2, "n3", 0, false},
			{ArticleFilter{Label: "GPE"}, 2, "n3", 1, true},
			{ArticleFilter{Annotator: "bea"}, 1, "n3", 0, true},
			{ArticleFilter{Annotator: "bea"}, 1, "n1", 0, false},              // not listed: 0
			{ArticleFilter{Label: "GPE", Annotator: "ann"}, 2, "n3", 1, true}, // each of its own span
			{ArticleFilter{Label: "nope"}, 0, "n1", 0, false},
		}
		for _, tt := range tests {
			n, pos, listed, err := db.CountArticles(ctx, tt.f, tt.id)
			if err != nil || n != tt.count || pos != tt.pos || listed != tt.listed {
				t.Errorf("%+v: %d articles, %s at %d (listed %v), %v; want %d, %d, %v", tt.f, n, tt.id, pos, listed, err, tt.count, tt.pos, tt.listed)
			}
			if n2, _, listed, _ := db.CountArticles(ctx, tt.f, ""); n2 != tt.count || listed {
				t.Errorf("%+v without an article: %d, listed %v", tt.f, n2, listed)
			}
		}
	})
}

// TestNextArticleWithSpan is review mode's step to another article: the
// next (or previous) article of the list with a span of the review's
// filter, found by SQL.
func TestNextArticleWithSpan(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := listDB(t)
		ctx := context.Background()
		mustImport(t, db, ImportOptions{Annotator: "ann"}, rec(1, annotate.Article{ID: "n6", Text: "Hail in Bern.", Status: annotate.StatusDone,
			Spans: []annotate.Span{{Start: 8, End: 12, Label: "GPE", Review: annotate.ReviewAccepted, Reviewer: "rev"}}}))
		pending := annotate.SpanFilter{Pending: true}
		tests := []struct {
			f         ArticleFilter
			sf        annotate.SpanFilter
			after     string
			backwards bool
			want      string // "" none
		}{
			{ArticleFilter{}, annotate.SpanFilter{}, "", false, "n1"},
			{ArticleFilter{}, annotate.SpanFilter{}, "n1", false, "n3"},
			{ArticleFilter{}, annotate.SpanFilter{}, "n3", false, "n6"},
			{ArticleFilter{}, pending, "n3", false, ""}, // n6's span is decided
			{ArticleFilter{}, annotate.SpanFilter{}, "", true, "n6"},
			{ArticleFilter{}, pending, "", true, "n3"},
			{ArticleFilter{}, annotate.SpanFilter{}, "n3", true, "n1"},
			{ArticleFilter{}, annotate.SpanFilter{}, "n1", true, ""},
			{ArticleFilter{}, annotate.SpanFilter{Annotator: "bea"}, "", false, "n3"},
			{ArticleFilter{}, annotate.SpanFilter{Label: "EVENT", Annotator: "bea"}, "", false, ""}, // one span must match both
			{ArticleFilter{}, annotate.SpanFilter{Label: "GPE", Kind: annotate.KindClaim}, "", false, ""},
			{ArticleFilter{Status: annotate.StatusInProgress}, annotate.SpanFilter{}, "", false, "n3"},
			{ArticleFilter{Annotator: "bea"}, annotate.SpanFilter{Label: "EVENT"}, "", false, "n3"},
			{ArticleFilter{Label: "EVENT"}, annotate.SpanFilter{}, "n3", false, ""},
		}
		for _, tt := range tests {
			got, err := db.NextArticleWithSpan(ctx, tt.f, tt.sf, tt.after, tt.backwards)
			if tt.want == "" {
				if !errors.Is(err, ErrNotFound) {
					t.Errorf("%+v %s after %q backwards=%v: %q, %v; want none", tt.f, tt.sf, tt.after, tt.backwards, got, err)
				}
				continue
			}
			if err != nil || got != tt.want {
				t.Errorf("%+v %s after %q backwards=%v: %q, %v; want %q", tt.f, tt.sf, tt.after, tt.backwards, got, err, tt.want)
			}
		}
		has, err := db.ArticlesWithSpan(ctx, []string{"n1", "n2", "n3", "n6", "gone"}, pending)
		if err != nil || !reflect.DeepEqual(has, map[string]bool{"n1": true, "n3": true}) {
			t.Errorf("articles with pending spans: %v, %v", has, err)
		}
	})
}

// TestFiltersReadTheSpanIndexes: a label or annotator filter, and the
// annotators' names, come from an index of the spans, not a scan of them
// (1,000,000 rows on the window's target database).
func TestFiltersReadTheSpanIndexes(t *testing.T) { // SQLite's plans (EXPLAIN QUERY PLAN)
	db := listDB(t)
	lf, la := ArticleFilter{Label: "GPE"}.conds(false)
	af, aa := ArticleFilter{Annotator: "bea"}.conds(false)
	for _, tc := range []struct {
		name, query string
		args        []any
		want        string
	}{
		{"label", "SELECT count(*) FROM articles a" + where(lf), la, "spans_label"},
		{"annotator", "SELECT count(*) FROM articles a" + where(af), aa, "spans_annotator"},
		{"annotators", `SELECT (SELECT min(annotator) FROM spans WHERE annotator > ?)`, []any{"ann"}, "spans_annotator"},
	} {
		rows, err := db.db.Query("EXPLAIN QUERY PLAN "+tc.query, tc.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		all := strings.Join(plan, "; ")
		if !strings.Contains(all, tc.want) || strings.Contains(all, "SCAN s") {
			t.Errorf("%s: plan %q, want %s and no scan of the spans", tc.name, all, tc.want)
		}
	}
}

func TestNextUnfinished(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := listDB(t)
		tests := []struct {
			after     string
			backwards bool
			want      string
		}{
			{"", false, "n2"},
			{"n2", false, "n3"},
			{"n3", false, "oslo-4"},
			{"", true, "oslo-4"},
			{"oslo-4", true, "n3"},
			{"n2", true, ""},
			{"oslo-4", false, ""},
		}
		for _, tt := range tests {
			got, err := db.NextUnfinished(context.Background(), tt.after, tt.backwards)
			if tt.want == "" {
				if !errors.Is(err, ErrNotFound) {
					t.Errorf("after %q backwards=%v: %q, %v; want ErrNotFound", tt.after, tt.backwards, got, err)
				}
				continue
			}
			if err != nil || got != tt.want {
				t.Errorf("after %q backwards=%v: %q, %v; want %q", tt.after, tt.backwards, got, err, tt.want)
			}
		}
	})
}

func TestStatusCountsAndStats(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db := listDB(t)
		counts, err := db.StatusCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[annotate.Status]int{annotate.StatusTodo: 2, annotate.StatusInProgress: 1, annotate.StatusDone: 1, annotate.StatusReviewed: 1}
		if !reflect.DeepEqual(counts, want) {
			t.Errorf("counts = %v, want %v", counts, want)
		}
		if err := db.SetStatus(ctx, "n2", annotate.StatusDone); err != nil {
			t.Fatal(err)
		}
		if err := db.SetStatus(ctx, "nope", annotate.StatusDone); !errors.Is(err, ErrNotFound) {
			t.Errorf("SetStatus of a missing article: %v", err)
		}
		if err := db.SetStatus(ctx, "n2", "finished"); err == nil {
			t.Error("SetStatus accepted an unknown status")
		}
		st, err := db.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want[annotate.StatusTodo], want[annotate.StatusDone] = 1, 2
		if st.Articles != 5 || st.Spans != 3 || st.Relations != 0 || !reflect.DeepEqual(st.ByStatus, want) ||
			!reflect.DeepEqual(st.ByLabel, map[string]int{"GPE": 2, "EVENT": 1}) ||
			!reflect.DeepEqual(st.ByKind, map[string]int{"entity": 3}) ||
			!reflect.DeepEqual(st.ByAnnotator, map[string]int{"ann": 2, "bea": 1}) {
			t.Errorf("stats = %+v", st)
		}
	})
}

func TestAnnotatorsListsEveryoneWithASpan(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := listDB(t)
		got, err := db.Annotators(context.Background())
		if err != nil || !reflect.DeepEqual(got, []string{"ann", "bea"}) {
			t.Fatalf("annotators %v %v", got, err)
		}
	})
}
