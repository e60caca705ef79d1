package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"testing"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// listArticles is how many articles listSession holds: more than two pages.
const listArticles = 2*PageSize + 50

// listSession opens a database of listArticles articles a000…: a third
// done, the rest todo; every seventh has an EVENT span by cleo (accepted
// in every other one of those), every third a GPE span by ana, every
// eleventh the word "harbour" in its text.
func listSession(t *testing.T) *Session {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "list.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	i := 0
	next := func() (*annotate.Record, error) {
		if i == listArticles {
			return nil, io.EOF
		}
		a := annotate.Article{ID: fmt.Sprintf("a%03d", i), Text: "Rain in Oslo today.", Status: annotate.StatusTodo}
		if i%11 == 0 {
			a.Text = "Rain in Oslo harbour."
		}
		if i%3 == 0 {
			a.Status = annotate.StatusDone
			a.Spans = append(a.Spans, annotate.Span{Start: 8, End: 12, Label: "GPE", Annotator: "ana"})
		}
		if i%7 == 0 {
			sp := annotate.Span{Start: 0, End: 4, Label: "EVENT", Annotator: "cleo"}
			if i%14 == 0 {
				sp.Review, sp.Reviewer = annotate.ReviewAccepted, "rev"
			}
			a.Spans = append(a.Spans, sp)
		}
		i++
		return &annotate.Record{File: "list.jsonl", Line: i, Article: a}, nil
	}
	if _, err := db.Import(ctx, next, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	s, err := New(ctx, db, "ben")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// rowsOf reads every row of l, in order.
func rowsOf(t *testing.T, l *ArticleList) []string {
	t.Helper()
	var ids []string
	for i := range l.Len() {
		r, ok, err := l.Row(i)
		if err != nil || !ok {
			t.Fatalf("row %d of %d: %v, %v", i, l.Len(), ok, err)
		}
		ids = append(ids, r.ID)
	}
	return ids
}

func TestArticleListPagesThroughTheFilter(t *testing.T) {
	s := listSession(t)
	all := func(keep func(i int) bool) []string {
		var ids []string
		for i := range listArticles {
			if keep(i) {
				ids = append(ids, fmt.Sprintf("a%03d", i))
			}
		}
		return ids
	}
	for _, tt := range []struct {
		name string
		f    store.ArticleFilter
		want []string
	}{
		{"every article", store.ArticleFilter{}, all(func(int) bool { return true })},
		{"status", store.ArticleFilter{Status: annotate.StatusDone}, all(func(i int) bool { return i%3 == 0 })},
		{"label", store.ArticleFilter{Label: "EVENT"}, all(func(i int) bool { return i%7 == 0 })},
		{"annotator and status", store.ArticleFilter{Annotator: "cleo", Status: annotate.StatusTodo}, all(func(i int) bool { return i%7 == 0 && i%3 != 0 })},
		{"search", store.ArticleFilter{Query: "harbour"}, nil}, // best first: compared as a set
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := s.List
			l.SetFilter(tt.f)
			if err := l.Reload(""); err != nil {
				t.Fatal(err)
			}
			if tt.f.Query != "" {
				tt.want = all(func(i int) bool { return i%11 == 0 })
				got := rowsOf(t, l)
				slices.Sort(got)
				if !slices.Equal(got, tt.want) {
					t.Errorf("search rows %v, want %v", got, tt.want)
				}
				return
			}
			if len(l.pages) != 1 {
				t.Errorf("after Reload %d pages are read, want the first only", len(l.pages))
			}
			if l.Len() != len(tt.want) {
				t.Fatalf("Len %d, want %d", l.Len(), len(tt.want))
			}
			// The last page first (skipping to it), then every row in order.
			if r, ok, err := l.Row(len(tt.want) - 1); err != nil || !ok || r.ID != tt.want[len(tt.want)-1] {
				t.Errorf("last row %+v, %v, %v", r, ok, err)
			}
			if got := rowsOf(t, l); !slices.Equal(got, tt.want) {
				t.Errorf("rows %v\nwant %v", got, tt.want)
			}
			if _, ok, _ := l.Row(len(tt.want)); ok {
				t.Error("a row past the end")
			}
			for _, id := range []string{tt.want[0], tt.want[len(tt.want)/2], tt.want[len(tt.want)-1]} {
				clear(l.pages) // found by SQL, then among the rows read
				for range 2 {
					if i, ok, err := l.Index(id); err != nil || !ok || tt.want[i] != id {
						t.Errorf("Index(%s) = %d, %v, %v", id, i, ok, err)
					}
					l.Row(l.Len() - 1)
				}
			}
			if _, ok, err := l.Index("zzz"); ok || err != nil {
				t.Errorf("an article not listed has an index: %v, %v", ok, err)
			}
		})
	}
}

// TestArticleListDropsAnAnswerToAnOlderFilter: the window searches off its
// goroutine; what comes back for a filter replaced since is not shown.
func TestArticleListDropsAnAnswerToAnOlderFilter(t *testing.T) {
	s := listSession(t)
	l := s.List
	if err := l.Reload(""); err != nil {
		t.Fatal(err)
	}
	l.SetFilter(store.ArticleFilter{Query: "harbour"})
	old := l.Ask("")
	l.SetFilter(store.ArticleFilter{Query: "harb"})
	if l.Current(old) {
		t.Error("a question of the older filter is current")
	}
	if taken, err := l.Take(old.Run()); taken || err != nil {
		t.Errorf("the older answer was taken (%v, %v)", taken, err)
	}
	if l.Len() != listArticles || l.Filtered() {
		t.Errorf("after a dropped answer: %d rows, filtered %v", l.Len(), l.Filtered())
	}
	q := l.Ask("")
	if taken, err := l.Take(q.Run()); !taken || err != nil {
		t.Fatalf("the current answer was not taken (%v, %v)", taken, err)
	}
	if l.Len() != 0 || l.Summary() != "0 shown" { // "harb" is no word of the texts
		t.Errorf("after the answer to harb: %d rows, %q", l.Len(), l.Summary())
	}
}

func TestArticleListUpdatesARowAndFindsItsNeighbour(t *testing.T) {
	s := listSession(t)
	l := s.List
	if err := l.Reload(""); err != nil {
		t.Fatal(err)
	}
	if i, changed := l.Update("a001", annotate.StatusDone, 3); i != 1 || !changed {
		t.Errorf("Update a001: %d, %v", i, changed)
	}
	if r, _, _ := l.Row(1); r.Status != annotate.StatusDone || r.Spans != 3 {
		t.Errorf("row 1 after Update: %+v", r)
	}
	if i, changed := l.Update("a001", annotate.StatusDone, 4); i != 1 || changed {
		t.Errorf("Update without a status change: %d, %v", i, changed)
	}
	if i, _ := l.Update("a449", annotate.StatusDone, 0); i != -1 {
		t.Errorf("Update of a row not read: %d", i)
	}
	for _, tt := range []struct{ id, want string }{{"a000", "a001"}, {"a449", "a448"}, {"a199", "a200"}, {"zzz", ""}} {
		if got, err := l.Neighbour(tt.id); err != nil || got != tt.want {
			t.Errorf("Neighbour(%s) = %q, %v; want %q", tt.id, got, err, tt.want)
		}
	}
}

// TestNextWithSpanIsTheNextListedArticleToReview checks review mode's step
// to another article against loading every listed article and matching
// its spans, from every row, both ways, for lists and span filters.
func TestNextWithSpanIsTheNextListedArticleToReview(t *testing.T) {
	s := listSession(t)
	l := s.List
	for _, f := range []store.ArticleFilter{{}, {Annotator: "cleo"}, {Status: annotate.StatusDone, Label: "GPE"}, {Query: "harbour"}} {
		l.SetFilter(f)
		if err := l.Reload(""); err != nil {
			t.Fatal(err)
		}
		rows := rowsOf(t, l)
		for _, sf := range []annotate.SpanFilter{{Pending: true}, {Label: "EVENT", Pending: true}, {Annotator: "cleo"}, {Kind: annotate.KindClaim}} {
			has := map[string]bool{}
			for _, id := range rows {
				a, err := s.DB().Article(context.Background(), id)
				if err != nil {
					t.Fatal(err)
				}
				has[id] = slices.ContainsFunc(a.Spans, func(sp annotate.Span) bool { return sf.Match(&sp) })
			}
			want := func(from string, dir int) string {
				i := slices.Index(rows, from)
				if i < 0 && dir < 0 {
					i = len(rows)
				}
				for j := i + dir; j >= 0 && j < len(rows); j += dir {
					if has[rows[j]] {
						return rows[j]
					}
				}
				return ""
			}
			for _, from := range append([]string{"", "zzz", "a001"}, rows...) {
				for _, dir := range []int{+1, -1} {
					got, err := l.NextWithSpan(from, dir, sf)
					if err != nil && !errors.Is(err, store.ErrNotFound) {
						t.Fatal(err)
					}
					if w := want(from, dir); got != w || (w == "") != (err != nil) {
						t.Fatalf("list %+v, %s, from %q dir %d: %q, %v; want %q", f, sf, from, dir, got, err, w)
					}
				}
			}
		}
	}
}

// Every filter counts as one for the counts line ("N shown"), the
// "assigned to me" filter too; no filter does not.
func TestEveryFilterShowsHowManyAreShown(t *testing.T) {
	s := listSession(t)
	if _, err := s.DB().Assign(context.Background(), store.AssignOptions{Annotators: []string{"ana", "ben"}, PerArticle: 1}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []store.ArticleFilter{
		{}, {Status: annotate.StatusDone}, {Label: "GPE"}, {Annotator: "ana"}, {CheckWorthy: true}, {Query: "harbour"}, {AssignedTo: "ana"},
	} {
		s.List.SetFilter(f)
		if err := s.List.Reload(""); err != nil {
			t.Fatal(err)
		}
		want := ""
		if f != (store.ArticleFilter{}) {
			want = fmt.Sprintf("%d shown", s.List.Len())
		}
		if got := s.List.Summary(); got != want {
			t.Errorf("filter %+v: Summary %q, want %q", f, got, want)
		}
	}
}
