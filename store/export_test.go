package store

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"github.com/spanmark/spanmark/internal/testcorpus"
	"os"
	"reflect"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// filterDB holds three articles:
//
//	a (done):  s1 PERSON ann accepted, s2 CLAIM ann verdict=true, s3 GPE bea; s2→s1 SPEAKER
//	b (todo):  s1 ORG bea
//	c (done):  no spans
func filterDB(t *testing.T) *DB {
	db := openTemp(t)
	a := osloArticle()
	a.ID = "a"
	a.Status = annotate.StatusDone
	a.Spans = []annotate.Span{
		{ID: "s1", Start: 8, End: 11, Label: "PERSON", Annotator: "ann", Review: annotate.ReviewAccepted, Reviewer: "rev"},
		{ID: "s2", Start: 21, End: 40, Label: "CLAIM", Annotator: "ann", Attrs: map[string]string{"verdict": "true", "type": "quote"}},
		{ID: "s3", Start: 15, End: 19, Label: "GPE", Annotator: "bea"},
	}
	a.Rels = []annotate.Relation{{Head: "s2", Child: "s1", Label: "SPEAKER"}}
	b := annotate.Article{ID: "b", Text: "The UN met.", Spans: []annotate.Span{{ID: "s1", Start: 4, End: 6, Label: "ORG", Annotator: "bea"}}}
	c := annotate.Article{ID: "c", Text: "Nothing.", Status: annotate.StatusDone}
	mustImport(t, db, ImportOptions{}, rec(1, c), rec(2, b), rec(3, a))
	return db
}

func TestExportFilters(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := filterDB(t)
		type art struct {
			id    string
			spans []string
			rels  int
		}
		tests := []struct {
			name string
			f    ExportFilter
			want []art
		}{
			{"everything, articles by id, spans by start", ExportFilter{}, []art{{"a", []string{"s1", "s3", "s2"}, 1}, {"b", []string{"s1"}, 0}, {"c", nil, 0}}},
			{"kind claim", ExportFilter{Kind: annotate.KindClaim}, []art{{"a", []string{"s2"}, 0}}},
			{"kind entity", ExportFilter{Kind: annotate.KindEntity}, []art{{"a", []string{"s1", "s3"}, 0}, {"b", []string{"s1"}, 0}}},
			{"labels", ExportFilter{Labels: []string{"ORG", "GPE"}}, []art{{"a", []string{"s3"}, 0}, {"b", []string{"s1"}, 0}}},
			{"annotator", ExportFilter{Annotator: "ann"}, []art{{"a", []string{"s1", "s2"}, 1}}},
			{"where", ExportFilter{Where: map[string]string{"verdict": "true"}}, []art{{"a", []string{"s2"}, 0}}},
			{"where, two attrs, one wrong", ExportFilter{Where: map[string]string{"verdict": "true", "type": "numerical"}}, nil},
			{"review", ExportFilter{Review: annotate.ReviewAccepted}, []art{{"a", []string{"s1"}, 0}}},
			{"statuses", ExportFilter{Statuses: []annotate.Status{annotate.StatusDone}}, []art{{"a", []string{"s1", "s3", "s2"}, 1}, {"c", nil, 0}}},
			{"status and span filter", ExportFilter{Statuses: []annotate.Status{annotate.StatusTodo}, Annotator: "bea"}, []art{{"b", []string{"s1"}, 0}}},
			{"nothing matches", ExportFilter{Labels: []string{"EVENT"}}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got []art
				err := db.Export(context.Background(), tt.f, func(a *annotate.Article) error {
					x := art{id: a.ID, rels: len(a.Rels)}
					for _, s := range a.Spans {
						x.spans = append(x.spans, s.ID)
					}
					got = append(got, x)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			})
		}
	})
}

func TestExportCarriesAllFields(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := filterDB(t)
		var got *annotate.Article
		err := db.Export(context.Background(), ExportFilter{Labels: []string{"PERSON"}}, func(a *annotate.Article) error {
			c := *a
			c.Spans = append([]annotate.Span(nil), a.Spans...)
			got = &c
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		s := got.Spans[0]
		if s.Text != "Bob" || s.Kind != annotate.KindEntity || s.Annotator != "ann" || s.Review != annotate.ReviewAccepted || s.Reviewer != "rev" {
			t.Errorf("span = %+v", s)
		}
		if got.Status != annotate.StatusDone || got.Text != oslo {
			t.Errorf("article = %+v", got)
		}
	})
}

func TestExportStopsOnEmitError(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := filterDB(t)
		stop := errors.New("disk full")
		n := 0
		err := db.Export(context.Background(), ExportFilter{}, func(*annotate.Article) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("error %v after %d emits, want %v after 1", err, n, stop)
		}
		// The connection went back to the pool in a usable state.
		if _, err := db.AddSpan(context.Background(), "c", annotate.Span{Start: 0, End: 7, Label: "EVENT"}); err != nil {
			t.Fatal(err)
		}
	})
}

// goldRecords reads the GUM gold entities of the shared corpus (24
// articles).
func goldRecords(t *testing.T) []annotate.Record {
	t.Helper()
	f, err := os.Open(testcorpus.Path(t, "gold", "gum_news_entities.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []annotate.Record
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for line := 1; sc.Scan(); line++ {
		var r annotate.Record
		if err := json.Unmarshal(sc.Bytes(), &r.Article); err != nil {
			t.Fatalf("gold line %d: %v", line, err)
		}
		r.File, r.Line = "gum_news_entities.jsonl", line
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(recs) != 24 {
		t.Fatalf("%d gold records, want 24", len(recs))
	}
	return recs
}

// TestGoldRoundTrip imports the GUM gold entities and checks that every gold
// span comes back from Export with its offsets, label and text.
func TestGoldRoundTrip(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		type goldSpan struct {
			Start, End  int
			Label, Text string
		}
		gold := map[string][]goldSpan{}
		recs := goldRecords(t)
		for _, r := range recs {
			for _, s := range r.Article.Spans {
				gold[r.Article.ID] = append(gold[r.Article.ID], goldSpan{s.Start, s.End, s.Label, s.Text})
			}
		}
		db := openTemp(t)
		res := mustImport(t, db, ImportOptions{Annotator: "gum"}, recs...)
		total := 0
		for _, g := range gold {
			total += len(g)
		}
		if res.Spans != total || res.NewArticles != 24 {
			t.Errorf("import: %+v, want 24 new articles and %d spans", res, total)
		}
		exported := map[string]map[goldSpan]bool{}
		err := db.Export(context.Background(), ExportFilter{}, func(a *annotate.Article) error {
			m := map[goldSpan]bool{}
			rs := []rune(a.Text)
			for _, s := range a.Spans {
				if string(rs[s.Start:s.End]) != s.Text {
					t.Errorf("%s %s: text %q is not text[%d:%d]", a.ID, s.ID, s.Text, s.Start, s.End)
				}
				m[goldSpan{s.Start, s.End, s.Label, s.Text}] = true
			}
			exported[a.ID] = m
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(exported) != 24 {
			t.Errorf("exported %d articles, want 24", len(exported))
		}
		for id, spans := range gold {
			for _, g := range spans {
				if !exported[id][g] {
					t.Errorf("%s: gold span %+v missing from the export", id, g)
				}
			}
		}
	})
}

func TestExportNoSpanTextLeavesTextEmptyAndTheRestAlike(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := filterDB(t)
		var with, without []annotate.Article
		collect := func(to *[]annotate.Article) func(a *annotate.Article) error {
			return func(a *annotate.Article) error {
				c := *a
				c.Spans = append([]annotate.Span(nil), a.Spans...)
				*to = append(*to, c)
				return nil
			}
		}
		if err := db.Export(context.Background(), ExportFilter{}, collect(&with)); err != nil {
			t.Fatal(err)
		}
		if err := db.Export(context.Background(), ExportFilter{NoSpanText: true}, collect(&without)); err != nil {
			t.Fatal(err)
		}
		if len(with) == 0 || len(with) != len(without) {
			t.Fatalf("%d articles with span text, %d without", len(with), len(without))
		}
		spans := 0
		for i := range with {
			for k := range with[i].Spans {
				spans++
				if without[i].Spans[k].Text != "" {
					t.Errorf("article %s span %s: text %q, want none", without[i].ID, without[i].Spans[k].ID, without[i].Spans[k].Text)
				}
				without[i].Spans[k].Text = with[i].Spans[k].Text
			}
			if !reflect.DeepEqual(with[i], without[i]) {
				t.Errorf("article %s differs beyond span text:\n%+v\n%+v", with[i].ID, with[i], without[i])
			}
		}
		if spans == 0 {
			t.Fatal("no spans exported")
		}
	})
}
