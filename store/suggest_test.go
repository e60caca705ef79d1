package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

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
	onEngines(t, testSuggestAddsEachMatchOnceAndNeverOverASpan)
}

func testSuggestAddsEachMatchOnceAndNeverOverASpan(t *testing.T) {
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

func TestSuggestIsAllOrNothing(t *testing.T) { onEngines(t, testSuggestIsAllOrNothing) }

func testSuggestIsAllOrNothing(t *testing.T) {
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

// manyArticles is n articles, each with a tagged span and text that the
// patterns of manyPatterns match in several places, some of them where a
// span is.
func manyArticles(n int) []annotate.Record {
	var recs []annotate.Record
	for i := range n {
		text := fmt.Sprintf("Cairo: Giza and Zürich met in Cairo; 東京 too. Giza %d.", i)
		recs = append(recs, rec(i+1, annotate.Article{ID: fmt.Sprintf("a%05d", (i*7919)%n), Text: text, Spans: []annotate.Span{
			{Start: 0, End: 5, Label: "GPE"}, {ID: "s9", Start: 7, End: 11, Label: "LOC"},
		}}))
	}
	return recs
}

const manyPatterns = "GPE\tCairo\nGPE\tGiza\nLOC\tGiza\nGPE\tZürich\nGPE\t東京\nCITY\tCairo\n"

// Every article at once (the matchers on several goroutines, batches in
// flight) suggests what suggesting article by article does, with the same
// span ids, and a second run adds nothing.
func TestSuggestEverywhereIsSuggestArticleByArticle(t *testing.T) {
	onEngines(t, testSuggestEverywhereIsSuggestArticleByArticle)
}

func testSuggestEverywhereIsSuggestArticleByArticle(t *testing.T) {
	ctx := context.Background()
	const n = 700 // many batches
	recs := manyArticles(n)
	all, one := openTemp(t), openTemp(t)
	mustImport(t, all, ImportOptions{}, recs...)
	mustImport(t, one, ImportOptions{}, recs...)
	var done, total []int
	res, err := all.Suggest(ctx, SuggestOptions{Matcher: matcher(t, manyPatterns), Record: true, Progress: func(d, n int) {
		done, total = append(done, d), append(total, n)
	}})
	if err != nil {
		t.Fatal(err)
	}
	// per article: Cairo, Cairo twice as CITY, Giza as LOC once (s9 holds the other), Giza as GPE twice, Zürich, 東京
	if res.Articles != n || res.Spans != n*8 || len(res.Added) != n*8 || strings.Join(res.NewLabels, ",") != "CITY" {
		t.Fatalf("everywhere: articles %d spans %d added %d new %v", res.Articles, res.Spans, len(res.Added), res.NewLabels)
	}
	if len(done) == 0 || done[len(done)-1] != n || total[0] != n || !slices.IsSorted(done) {
		t.Errorf("progress %v of %v", done, total)
	}
	m := matcher(t, manyPatterns)
	spans := 0
	for i := n - 1; i >= 0; i-- { // another order: the ids must not depend on it
		r, err := one.Suggest(ctx, SuggestOptions{Matcher: m, ArticleIDs: []string{fmt.Sprintf("a%05d", i)}})
		if err != nil {
			t.Fatal(err)
		}
		spans += r.Spans
	}
	if spans != res.Spans {
		t.Errorf("article by article %d spans, everywhere %d", spans, res.Spans)
	}
	times := regexp.MustCompile(`"(Created|Updated)":"[^"]*"`)
	a := times.ReplaceAllString(strings.Join(dump(t, all, ExportFilter{IncludeSuggested: true}), ""), "")
	b := times.ReplaceAllString(strings.Join(dump(t, one, ExportFilter{IncludeSuggested: true}), ""), "")
	if a != b {
		t.Fatalf("everywhere differs from article by article:\n%.2000s\n%.2000s", a, b)
	}
	if !strings.Contains(a, `{"ID":"s10","Start":0,"End":5,"Text":"Cairo","Label":"CITY","Kind":"entity","Annotator":"patterns","Review":"suggested"`) {
		t.Errorf("first article: %.2000s", a)
	}
	if res, err := all.Suggest(ctx, SuggestOptions{Matcher: m}); err != nil || res.Spans != 0 || res.Articles != n {
		t.Fatalf("again: %+v %v", res, err)
	}
	assertFilterIndexes(t, all) // dropped during the first run, made again
}

// assertFilterIndexes fails unless the window's span indexes by label and
// by annotator are there and whole.
func assertFilterIndexes(t *testing.T, db *DB) {
	t.Helper()
	var n int
	if db.pg { // never dropped there
		if err := db.db.QueryRow(`SELECT count(*) FROM pg_indexes WHERE tablename = 'spans' AND indexname IN ('spans_label', 'spans_annotator')`).Scan(&n); err != nil || n != 2 {
			t.Fatalf("filter indexes: %d of 2 (%v)", n, err)
		}
		return
	}
	if err := db.db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('spans_label', 'spans_annotator')`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("filter indexes: %d of 2 (%v)", n, err)
	}
	var res string
	if err := db.db.QueryRow(`PRAGMA integrity_check(spans)`).Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check(spans): %q %v", res, err)
	}
}

// A suggest cancelled half-way, with batches in flight, changes nothing.
func TestSuggestCancelledHalfWayChangesNothing(t *testing.T) {
	onEngines(t, testSuggestCancelledHalfWayChangesNothing)
}

func testSuggestCancelledHalfWayChangesNothing(t *testing.T) {
	db := openTemp(t)
	mustImport(t, db, ImportOptions{}, manyArticles(700)...)
	before := dump(t, db, ExportFilter{IncludeSuggested: true})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := db.Suggest(ctx, SuggestOptions{Matcher: matcher(t, manyPatterns), Progress: func(done, total int) {
		if done >= 400 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled half-way: %v", err)
	}
	if after := dump(t, db, ExportFilter{IncludeSuggested: true}); strings.Join(after, "") != strings.Join(before, "") {
		t.Fatal("a cancelled suggest changed the database")
	}
	assertFilterIndexes(t, db) // dropped before the cancel: rolled back
	labels, err := db.Labels(context.Background())
	if err != nil || slices.ContainsFunc(labels, func(l annotate.Label) bool { return l.Name == "CITY" }) {
		t.Fatalf("a cancelled suggest added a label: %v %v", labels, err)
	}
}

// An article named twice is looked at once.
func TestSuggestArticleNamedTwice(t *testing.T) { onEngines(t, testSuggestArticleNamedTwice) }

func testSuggestArticleNamedTwice(t *testing.T) {
	db := openTemp(t)
	mustImport(t, db, ImportOptions{}, manyArticles(3)...)
	res, err := db.Suggest(context.Background(), SuggestOptions{Matcher: matcher(t, manyPatterns), ArticleIDs: []string{"a00001", "a00002", "a00001"}})
	if err != nil || res.Articles != 2 || res.Spans != 16 {
		t.Fatalf("%+v %v", res, err)
	}
}

// Suggest gives the same spans, with the same ids, the same labels and the
// same undo record on both engines, on the GUM gold articles: the
// patterns are the gold spans' own texts under their labels and under
// labels the set lacks, so that many matches fall where a span is and the
// others get ids after the article's.
func TestSuggestIsTheSameOnBothEngines(t *testing.T) {
	ctx := context.Background()
	recs := goldRecords(t)
	var gaz strings.Builder
	seen := map[string]bool{}
	for _, r := range recs {
		for i, s := range r.Article.Spans {
			for _, label := range []string{s.Label, []string{"TOPIC", "NAME", "THING"}[i%3]} {
				if line := label + "\t" + s.Text + "\n"; !seen[line] && strings.TrimSpace(s.Text) != "" {
					seen[line] = true
					gaz.WriteString(line)
				}
			}
		}
	}
	m := matcher(t, gaz.String())
	type outcome struct {
		res    SuggestResult
		again  SuggestResult
		one    SuggestResult
		export []string
		labels []annotate.Label
	}
	got := map[string]outcome{}
	times := regexp.MustCompile(`"(Created|Updated)":"[^"]*"`)
	onEngines(t, func(t *testing.T) {
		db := openTemp(t)
		mustImport(t, db, ImportOptions{Annotator: "gum"}, recs...)
		// one article first, as the window does, then every article
		one, err := db.Suggest(ctx, SuggestOptions{Matcher: m, ArticleIDs: []string{recs[3].Article.ID}, Annotator: "ana", Record: true})
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.Suggest(ctx, SuggestOptions{Matcher: m, Record: true})
		if err != nil {
			t.Fatal(err)
		}
		again, err := db.Suggest(ctx, SuggestOptions{Matcher: m})
		if err != nil || again.Spans != 0 {
			t.Fatalf("again: %+v %v", again, err)
		}
		for _, r := range []*SuggestResult{&one, &res} {
			for i := range r.Added {
				r.Added[i].Span.Created, r.Added[i].Span.Updated = time.Time{}, time.Time{}
			}
		}
		var export []string
		for _, line := range dump(t, db, ExportFilter{IncludeSuggested: true}) {
			export = append(export, times.ReplaceAllString(line, ""))
		}
		got[engineOf(t)] = outcome{res, again, one, export, mustLabels(t, db)}
		checkIntegrity(t, db)
	})
	lite, pg := got["sqlite"], got["postgres"]
	if lite.res.Spans < 500 || lite.one.Spans == 0 || len(lite.one.NewLabels) != 3 || len(lite.res.Added) != lite.res.Spans {
		t.Fatalf("SQLite suggested %d spans (%d in one article, new labels %v): want over 500, and 3 new labels", lite.res.Spans, lite.one.Spans, lite.one.NewLabels)
	}
	if !reflect.DeepEqual(lite, pg) {
		for k := range lite.export {
			if k < len(pg.export) && lite.export[k] != pg.export[k] {
				t.Errorf("article %d differs:\nSQLite     %.3000s\nPostgreSQL %.3000s", k, lite.export[k], pg.export[k])
				break
			}
		}
		t.Errorf("PostgreSQL differs from SQLite:\nresult %d spans, new labels %v, again %+v, labels %v\nresult %d spans, new labels %v, again %+v, labels %v",
			lite.res.Spans, lite.res.NewLabels, lite.again, lite.labels, pg.res.Spans, pg.res.NewLabels, pg.again, pg.labels)
	}
}

// On PostgreSQL a suggest waits for a writer of the spans that was there
// first, and then gives ids after the writer's: it never hands out an id
// another transaction is about to commit.
func TestSuggestOnPostgresWaitsForAWriter(t *testing.T) {
	ctx := context.Background()
	db := openPGTemp(t)
	mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: "Cairo and Giza.", Spans: []annotate.Span{{ID: "s1", Start: 0, End: 5, Label: "GPE"}}}))
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`INSERT INTO spans(article, span_id, start, "end", label, kind, created, updated)
		SELECT pk, 's2', 0, 5, 'LOC', 'entity', 1, 1 FROM articles WHERE id = 'a'`); err != nil {
		t.Fatal(err)
	}
	type outcome struct {
		res SuggestResult
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := db.Suggest(ctx, SuggestOptions{Matcher: matcher(t, "GPE\tGiza\n"), Record: true})
		done <- outcome{res, err}
	}()
	// until the suggest waits for a lock (without one of its own it would
	// wait in its COPY, for the writer's s2, and then fail)
	for deadline := time.Now().Add(20 * time.Second); ; {
		select {
		case o := <-done:
			t.Fatalf("suggest did not wait for the writer: %+v %v", o.res, o.err)
		case <-time.After(20 * time.Millisecond):
		}
		var waiting int
		if err := db.db.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the suggest never waited for the writer")
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	o := <-done
	if o.err != nil || len(o.res.Added) != 1 || o.res.Added[0].Span.ID != "s3" {
		t.Fatalf("suggest after the writer: %+v %v, want one span s3", o.res, o.err)
	}
}
