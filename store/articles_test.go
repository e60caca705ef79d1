package store

import (
	"context"
	"errors"
	"reflect"
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
			{"status", ArticleFilter{Status: annotate.StatusTodo}, []string{"n2", "oslo-4"}},
			{"label", ArticleFilter{Label: "GPE"}, []string{"n1", "n3"}},
			{"annotator", ArticleFilter{Annotator: "bea"}, []string{"n3"}},
			{"label and status", ArticleFilter{Label: "GPE", Status: annotate.StatusDone}, []string{"n1"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.ListArticles(context.Background(), tt.f)
				if tt.f.Query != "" && engineOf(t) == "postgres" {
					if !errors.Is(err, ErrNotOnPostgres) {
						t.Fatalf("got %v, %v; want the error ErrNotOnPostgres", ids(got), err)
					}
					return
				}
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
