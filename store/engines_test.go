package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// teamCorpus is n articles of a three-person team, from seed: spans of
// several labels and annotators, claims with attributes, relations, review
// decisions, statuses and meta.
func teamCorpus(seed uint64, n int) []annotate.Record {
	r := rand.New(rand.NewPCG(seed, 1))
	words := []string{"Ana", "met", "Bob", "in", "Oslo", "Zürich", "said", "16", "were", "killed", "officials", "put", "it", "at", "54", "Straße", "東京", "قال"}
	people := []string{"ana", "ben", "cleo"}
	labels := []string{"PERSON", "GPE", "ORG", "EVENT"}
	var recs []annotate.Record
	for i := range n {
		var text []string
		for range 8 + r.IntN(30) {
			text = append(text, words[r.IntN(len(words))])
		}
		t := strings.Join(text, " ") + "."
		runes := len([]rune(t))
		// ids that sort otherwise in a natural-language collation
		prefix := []string{"art", "Art", "ärt", "Zed", "zed", "art_"}[i%6]
		a := annotate.Article{ID: fmt.Sprintf("%s-%04d", prefix, i), Text: t, Status: annotate.Statuses[r.IntN(3)]}
		if r.IntN(3) == 0 {
			a.Meta = json.RawMessage(fmt.Sprintf(`{"source": "wire", "n": %d}`, i))
		}
		for k := range r.IntN(7) {
			start := r.IntN(runes - 1)
			s := annotate.Span{ID: fmt.Sprintf("s%d", k+1), Start: start, End: start + 1 + r.IntN(min(6, runes-start-1)+1),
				Label: labels[r.IntN(len(labels))], Annotator: people[r.IntN(len(people))]}
			if s.End > runes {
				s.End = runes
			}
			if r.IntN(5) == 0 {
				s.Label = "CLAIM"
				s.Attrs = map[string]string{"checkworthy": []string{"yes", "no"}[r.IntN(2)]}
			}
			if r.IntN(6) == 0 {
				s.Review, s.Reviewer = annotate.ReviewAccepted, "cleo"
			}
			a.Spans = append(a.Spans, s)
		}
		if len(a.Spans) >= 2 && a.Spans[0].Label != "CLAIM" && a.Spans[1].Label != "CLAIM" {
			a.Rels = append(a.Rels, annotate.Relation{Head: a.Spans[0].ID, Child: a.Spans[1].ID, Label: "LINK"})
		}
		recs = append(recs, rec(i+1, a))
	}
	return recs
}

// answers is everything the window and the commands read, with the times
// of writing left out (they differ between two runs).
func answers(t *testing.T, db *DB) map[string]any {
	t.Helper()
	ctx := context.Background()
	out := map[string]any{}
	add := func(name string, v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, _ := json.Marshal(v)
		out[name] = string(b)
	}
	add("export", untimedDump(t, db, ExportFilter{IncludeSuggested: true}), nil)
	st, err := db.Stats(ctx)
	add("stats", st, err)
	for _, f := range []ArticleFilter{{}, {Limit: 7}, {Status: annotate.StatusDone}, {Label: "GPE"}, {Annotator: "ben"}, {CheckWorthy: true}} {
		l, err := db.ListArticles(ctx, f)
		add(fmt.Sprintf("list %+v", f), l, err)
	}
	sc, err := db.StatusCounts(ctx)
	add("status counts", sc, err)
	asc, err := db.AnnotatorStatusCounts(ctx)
	add("annotator status counts", asc, err)
	who, err := db.Annotators(ctx)
	add("annotators", who, err)
	ag, err := db.Agreement(ctx, "ana", []string{"ben", "cleo"}, nil)
	add("agreement", ag, err)
	ap, err := db.AssignmentProgress(ctx)
	add("assignment progress", ap, err)
	next, err := db.NextUnfinished(ctx, "Zed-0003", false)
	add("next", next, err)
	prev, err := db.NextUnfinished(ctx, "zed-0010", true)
	add("previous", prev, err)
	labels, err := db.Labels(ctx)
	add("labels", labels, err)
	cs, err := db.ClaimSchema(ctx)
	add("claim schema", cs, err)
	a, err := db.Article(ctx, "art-0006")
	if err == nil {
		for i := range a.Spans {
			a.Spans[i].Created, a.Spans[i].Updated, a.Spans[i].Reviewed = fromMillis(0), fromMillis(0), fromMillis(0)
		}
	}
	add("article", a, err)
	return out
}

// teamEdits are the window's and the commands' writes, the same on both
// engines.
func teamEdits(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	s, err := db.AddSpan(ctx, "art-0006", annotate.Span{Start: 0, End: 3, Label: "PERSON", Annotator: "ana"})
	must("add span", err)
	s.Label = "ORG"
	must("update span", db.UpdateSpan(ctx, "art-0006", s))
	s2, err := db.AddSpan(ctx, "art-0006", annotate.Span{Start: 4, End: 7, Label: "GPE", Annotator: "ana"})
	must("add span", err)
	must("add relation", db.AddRelation(ctx, "art-0006", annotate.Relation{Head: s.ID, Child: s2.ID, Label: "AT"}))
	_, _, err = db.DeleteSpan(ctx, "Art-0007", "s1")
	if err != nil && !errors.Is(err, ErrNotFound) {
		must("delete span", err)
	}
	must("set status", db.SetStatus(ctx, "Art-0001", annotate.StatusReviewed))
	must("annotator status", db.SetAnnotatorStatus(ctx, "ärt-0002", "ben", annotate.StatusDone))
	_, err = db.Assign(ctx, AssignOptions{Annotators: []string{"ana", "ben", "cleo"}, PerArticle: 2})
	must("assign", err)
	_, err = db.Unassign(ctx, []string{"cleo"})
	must("unassign", err)
	must("set setting", db.SetSetting(ctx, "k", "v"))
	ch, err := db.DeleteArticle(ctx, "Zed-0009")
	must("delete article", err)
	must("undo delete article", db.Apply(ctx, ch.Inverse()))
	_, err = db.DeleteArticles(ctx, DeleteFilter{IDs: []string{"art_-0011"}})
	must("delete articles", err)
}

func TestBothEnginesGiveTheSameAnswers(t *testing.T) {
	recs := teamCorpus(7, 120)
	got := map[string]map[string]any{}
	var dumps [2][]string
	onEngines(t, func(t *testing.T) {
		db := openTemp(t)
		mustImport(t, db, ImportOptions{Annotator: "ana"}, recs...)
		before := answers(t, db)
		teamEdits(t, db)
		after := answers(t, db)
		for k, v := range before {
			after["before: "+k] = v
		}
		got[engineOf(t)] = after
		checkIntegrity(t, db)
		if engineOf(t) == "sqlite" {
			dumps[0] = dump(t, db, ExportFilter{})
		} else {
			dumps[1] = dump(t, db, ExportFilter{})
		}
	})
	lite, pg := got["sqlite"], got["postgres"]
	if len(lite) == 0 || len(lite) != len(pg) {
		t.Fatalf("answers: %d on SQLite, %d on PostgreSQL", len(lite), len(pg))
	}
	for k, v := range lite {
		if !reflect.DeepEqual(v, pg[k]) {
			t.Errorf("%s differs:\nSQLite     %v\nPostgreSQL %v", k, v, pg[k])
		}
	}
	if len(dumps[0]) < 100 {
		t.Errorf("export holds %d articles, want over 100", len(dumps[0]))
	}
}
