package store

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/internal/pgtest"
	"github.com/spanmark/spanmark/internal/testcorpus"
)

func searchIDs(t *testing.T, db *DB, q string) []string {
	t.Helper()
	hits, err := db.Search(context.Background(), q, 50)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	var ids []string
	for _, h := range hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}

// searchRecords are the articles of searchDB.
var searchRecords = []annotate.Record{
	rec(1, annotate.Article{ID: "cairo", Text: "Egyptian security forces killed 12 terrorists south-west of Cairo, the Interior Ministry said."}),
	rec(2, annotate.Article{ID: "zurich", Text: "Zürich's police arrested a reporter. The reporter's notes were seized."}),
	rec(3, annotate.Article{ID: "gov", Text: "The government and the police disagree about terrorism figures."}),
	rec(4, annotate.Article{ID: "ja", Text: "東京 は 日本 の 首都 です。"}),
	rec(5, annotate.Article{ID: "ar", Text: "قالت وزارة الداخلية المصرية إن قوات الأمن قتلت مسلحين."}),
	rec(6, annotate.Article{ID: "cpp", Text: "Bjarne wrote C++ in 1985; the ministry of interior was not involved."}),
}

func searchDB(t *testing.T) *DB {
	t.Helper()
	db := openTemp(t)
	mustImport(t, db, ImportOptions{}, searchRecords...)
	return db
}

func TestSearchTakesWhatAPersonTypes(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := searchDB(t)
		for _, c := range []struct {
			q    string
			want []string
		}{
			{"zurich", []string{"zurich"}},                  // diacritics folded
			{"Zürich", []string{"zurich"}},                  // and in the query
			{"terror*", []string{"cairo", "gov"}},           // prefix
			{`"Interior Ministry"`, []string{"cairo"}},      // phrase (cpp has "ministry of interior")
			{"interior ministry", []string{"cairo", "cpp"}}, // both words
			{"police NOT government", []string{"zurich"}},
			{"police OR ministry", []string{"cairo", "cpp", "gov", "zurich"}},
			{"NEAR(security killed, 2)", []string{"cairo"}},
			{"south-west", []string{"cairo"}},  // a word FTS5 cannot take bare: a phrase
			{"reporter's", []string{"zurich"}}, // the same
			{"C++", []string{"cpp"}},           // the same
			{`"unbalanced police`, nil},        // a lone quote is closed: phrase "unbalanced police"
			{"AND", []string{"gov"}},           // a lone operator is a word
			{"police AND", []string{"gov"}},    // and so is one at the end
			{"日本", []string{"ja"}},
			{"الداخلية", []string{"ar"}},
			{"nothing-like-this", nil},
			{"", nil},
		} {
			got := searchIDs(t, db, c.q)
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("search %q: %v, want %v (FTS query %s)", c.q, got, c.want, FTSQuery(c.q))
			}
		}
	})
}

func TestSearchGivesHitsAndAMarkedSnippetBestFirst(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := openTemp(t)
		mustImport(t, db, ImportOptions{},
			rec(1, annotate.Article{ID: "once", Text: "A long text about many things where police appear once among other words and more words."}),
			rec(2, annotate.Article{ID: "thrice", Text: "Police, police and police."}),
		)
		hits, err := db.Search(context.Background(), "police", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 2 || hits[0].ID != "thrice" || hits[0].Hits != 3 || hits[1].Hits != 1 {
			t.Fatalf("hits %+v", hits)
		}
		if !strings.Contains(hits[1].Snippet, MarkOpen+"police"+MarkClose) {
			t.Errorf("snippet %q has no marked hit", hits[1].Snippet)
		}
	})
}

func TestSearchFollowsEveryWrite(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db := searchDB(t)
		if got := searchIDs(t, db, "Cairo"); len(got) != 1 {
			t.Fatalf("before: %v", got)
		}
		// import --replace: the old text is gone from the index, the new one in
		mustImport(t, db, ImportOptions{Replace: true}, rec(1, annotate.Article{ID: "cairo", Text: "Alexandria harbour reopened."}))
		if got := searchIDs(t, db, "Cairo"); len(got) != 0 {
			t.Errorf("after replace, Cairo finds %v", got)
		}
		if got := searchIDs(t, db, "Alexandria"); !slices.Equal(got, []string{"cairo"}) {
			t.Errorf("after replace, Alexandria finds %v", got)
		}
		// delete, and undo of the delete
		c, err := db.DeleteArticle(ctx, "gov")
		if err != nil {
			t.Fatal(err)
		}
		if got := searchIDs(t, db, "government"); len(got) != 0 {
			t.Errorf("after delete: %v", got)
		}
		if err := db.Apply(ctx, c.Inverse()); err != nil {
			t.Fatal(err)
		}
		if got := searchIDs(t, db, "government"); !slices.Equal(got, []string{"gov"}) {
			t.Errorf("after undo of the delete: %v", got)
		}
		if db.pg {
			if n, err := db.SearchPending(ctx); n != 0 || err != nil {
				t.Errorf("SearchPending = %d, %v; want 0: a search indexes first", n, err)
			}
			return // no merge on PostgreSQL, and no FTS5
		}
		// merge
		other := openTemp(t)
		mustImport(t, other, ImportOptions{}, rec(1, annotate.Article{ID: "new", Text: "Merged news about Luxor."}))
		if _, err := db.Merge(ctx, []*DB{other}, nil); err != nil {
			t.Fatal(err)
		}
		if got := searchIDs(t, db, "luxor"); !slices.Equal(got, []string{"new"}) {
			t.Errorf("after merge: %v", got)
		}
		checkIntegrity(t, db)
		var check string
		if err := db.db.QueryRowContext(ctx, `INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)`).Err(); err != nil {
			t.Errorf("FTS integrity check: %v %s", err, check)
		}
	})
}

func TestTheWindowsListSearchesWithSnippets(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := searchDB(t)
		rows, err := db.ListArticles(context.Background(), ArticleFilter{Query: "police"})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].Snippet == "" || !strings.Contains(rows[0].Snippet, MarkOpen) {
			t.Fatalf("rows %+v", rows)
		}
		// an id matches too; a query FTS5 cannot read falls back to a substring
		if rows, err = db.ListArticles(context.Background(), ArticleFilter{Query: "cpp"}); err != nil || len(rows) != 1 || rows[0].ID != "cpp" {
			t.Fatalf("id match: %+v %v", rows, err)
		}
		if _, err := db.ListArticles(context.Background(), ArticleFilter{Query: `NEAR(police`}); err != nil {
			t.Fatalf("odd query: %v", err)
		}
	})
}

func TestABadQueryIsAnError(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := searchDB(t)
		_, err := db.Search(context.Background(), "NEAR(police, x)", 5)
		if err == nil || !errors.Is(err, ErrBadQuery) {
			t.Fatalf("NEAR with a bad distance: %v", err)
		}
	})
}

// TestSearchRanksTheFirstMatchesOnly: with more matches than rankAtMost,
// the best listed are the best of the first rankAtMost in the order the
// articles arrived (ranking every match of a common word cost 50–100 ms on
// 100,000 articles); with fewer, of all of them. SQLite only: rankAtMost
// bounds FTS5's bm25, and PostgreSQL ranks every match (ts_rank, searchPG).
func TestSearchRanksTheFirstMatchesOnly(t *testing.T) {
	db := openTemp(t)
	var recs []annotate.Record
	for i := range 8 {
		text := "Rain in Oslo, police said, and more words about the weather here."
		if i == 7 { // the best match of all, arriving last
			text = "Police police police."
		}
		recs = append(recs, rec(i+1, annotate.Article{ID: fmt.Sprintf("a%d", i), Text: text}))
	}
	mustImport(t, db, ImportOptions{}, recs...)
	ctx := context.Background()
	defer func() { rankAtMost = 10000 }()
	for _, tc := range []struct {
		at   int
		best []string // one of these first
	}{{100, []string{"a7"}}, {5, []string{"a0", "a1", "a2", "a3", "a4"}}, {8, []string{"a7"}}} {
		rankAtMost = tc.at
		hits, err := db.Search(ctx, "police", 3)
		if err != nil || len(hits) != 3 || !slices.Contains(tc.best, hits[0].ID) {
			t.Errorf("ranking the first %d: %+v, %v; want one of %v first", tc.at, hits, err, tc.best)
		}
		list, err := db.ListArticles(ctx, ArticleFilter{Query: "police", Limit: 3})
		if err != nil || len(list) != 3 || !slices.Contains(tc.best, list[0].ID) {
			t.Errorf("list ranking the first %d: %+v, %v; want one of %v first", tc.at, list, err, tc.best)
		}
	}
}

// TestSearchGivesTheSameArticlesOnBothEngines: the GUM gold articles and
// a few written for it, searched on SQLite (FTS5) and on PostgreSQL
// (tsvector), find the same articles for words, phrases, prefixes, AND, OR,
// NOT, NEAR and folded diacritics; a query FTS5 refuses is ErrBadQuery on
// both. (Rankings may differ: bm25 and ts_rank.)
// crossEngineRecords is the gold corpus without its spans and three
// articles of punctuation and diacritics, for the searches that must find
// the same on both engines.
func crossEngineRecords(t *testing.T) []annotate.Record {
	t.Helper()
	f, err := os.Open(testcorpus.Path(t, "gold", "gum_news_entities.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs := []annotate.Record{
		rec(1, annotate.Article{ID: "x_zurich", Text: "Zürich's police arrested a reporter. The reporter's notes were seized."}),
		rec(2, annotate.Article{ID: "x_cairo", Text: "Egyptian security forces killed 12 terrorists south-west of Cairo, the Interior Ministry said."}),
		rec(3, annotate.Article{ID: "x_cpp", Text: "Bjarne wrote C++ in 1985; the ministry of interior was not involved. Café, naïve, ÉCOLE."}),
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for line := 1; sc.Scan(); line++ {
		r := annotate.Record{File: "gum_news_entities.jsonl", Line: line}
		if err := json.Unmarshal(sc.Bytes(), &r.Article); err != nil {
			t.Fatalf("gold line %d: %v", line, err)
		}
		r.Article.Spans = nil
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil || len(recs) < 20 {
		t.Fatalf("gold corpus: %d articles, %v", len(recs)-3, err)
	}
	return recs
}

// crossEngineQueries are searched on both engines over crossEngineRecords;
// want is how many articles a query finds, -1: not checked (at least one).
var crossEngineQueries = []struct {
	q    string
	want int // articles found, -1: not checked (at least one)
}{
	{"president", -1},
	{"PRESIDENT", -1},
	{"security council", -1},
	{`"United States"`, -1},
	{`"white house"`, -1},
	{"presiden*", -1},
	{"tech*", -1},
	{`"united sta"*`, -1},
	{"president NOT trump", -1},
	{"said NOT president NOT trump", -1},
	{"canada OR afghan", -1},
	{"canada AND water", -1},
	{"canada OR afghan NOT team", -1},
	{"NEAR(security killed, 2)", 1},
	{"NEAR(security killed)", -1},
	{"NEAR(killed security, 0)", 0},
	{`NEAR("security forces" killed, 0)`, 1},
	{"zurich", 1},
	{"ZÜRICH", 1},
	{"gerald", 1},
	{"cafe naive ecole", 1},
	{"south-west", 1},
	{"reporter's", 1},
	{"C++ 1985", 1}, // C alone: FTS5 finds D.C. too, PostgreSQL not (search_pg.go)
	{"AND", -1},
	{"said AND", -1},
	{`"unbalanced police`, 0},
	{"nothing-like-this", 0},
	{"", 0},
}

func TestSearchGivesTheSameArticlesOnBothEngines(t *testing.T) {
	recs := crossEngineRecords(t)
	lite := openTemp(t)
	pg := openPGTemp(t)
	mustImport(t, lite, ImportOptions{}, recs...)
	mustImport(t, pg, ImportOptions{}, recs...)
	for _, c := range crossEngineQueries {
		var got [2][]string
		for i, db := range []*DB{lite, pg} {
			got[i] = searchIDs(t, db, c.q)
		}
		if !slices.Equal(got[0], got[1]) {
			t.Errorf("search %q: SQLite finds %v, PostgreSQL %v", c.q, got[0], got[1])
		}
		if c.want >= 0 && len(got[1]) != c.want || c.want < 0 && len(got[1]) == 0 {
			t.Errorf("search %q finds %d articles (%v), want %d", c.q, len(got[1]), got[1], c.want)
		}
	}
	// NEAR of three phrases is their AND on PostgreSQL: it finds more.
	near3 := "NEAR(president trump said, 3)"
	if l, p := searchIDs(t, lite, near3), searchIDs(t, pg, near3); len(p) == 0 || slices.ContainsFunc(l, func(id string) bool { return !slices.Contains(p, id) }) {
		t.Errorf("search %q: SQLite finds %v, PostgreSQL %v: want all of SQLite's and at least one", near3, l, p)
	}
	// Whatever is typed is hits or ErrBadQuery on PostgreSQL too: the text
	// is a parameter, never tsquery or SQL syntax.
	for _, q := range []string{"(", ")", "*", "^police", "col:police", `""`, `""*`, "NEAR(", "NEAR()", "a OR OR b",
		`'`, `\`, "::*", "a & b | !c <-> d", `'said':*`, "NEAR(said president trump, 1000)", "NEAR(said trump, 1000)",
		`NOT NOT`, "said NOT", `"a""b"`, "said'); DROP TABLE articles; --", "$1", "?", "ÿ*", "said* OR *"} {
		if _, err := pg.Search(context.Background(), q, 5); err != nil && !errors.Is(err, ErrBadQuery) {
			t.Errorf("search %q on PostgreSQL: %v, want hits or ErrBadQuery", q, err)
		}
	}
	for _, q := range []string{"NEAR(police, x)", "NEAR(police, )"} {
		for i, db := range []*DB{lite, pg} {
			if _, err := db.Search(context.Background(), q, 5); !errors.Is(err, ErrBadQuery) {
				t.Errorf("%s: search %q: %v, want ErrBadQuery", engines[i], q, err)
			}
		}
	}
}

// TestPostgresSearchBeforeIndexingFindsWhatTheIndexFinds: right after an
// import nothing is indexed on PostgreSQL (the import does not pay for the
// parser); a search then reads the articles' text and gives the same hits,
// in the same order, as when half of them and when all are indexed, for
// every query of the cross-engine test, in Search and in the window's list.
// A change of text makes the article wait for the index again.
func TestPostgresSearchBeforeIndexingFindsWhatTheIndexFinds(t *testing.T) {
	ctx := context.Background()
	recs := crossEngineRecords(t)
	url := pgtest.URL(t)
	db, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustImport(t, db, ImportOptions{}, recs...)
	ro, err := OpenReadOnly(url, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	pending := func(want int) {
		t.Helper()
		if n, err := db.SearchPending(ctx); n != want || err != nil {
			t.Fatalf("SearchPending = %d, %v; want %d", n, err, want)
		}
	}
	type answer struct {
		hits []SearchHit
		list []string
	}
	search := func(db *DB) map[string]answer {
		t.Helper()
		got := map[string]answer{}
		for _, c := range crossEngineQueries {
			hits, err := db.Search(ctx, c.q, 50)
			if err != nil {
				t.Fatalf("search %q: %v", c.q, err)
			}
			list, err := db.ListArticles(ctx, ArticleFilter{Query: c.q, Limit: 50})
			if err != nil {
				t.Fatalf("list %q: %v", c.q, err)
			}
			a := answer{hits: hits}
			for _, s := range list {
				a.list = append(a.list, s.ID+" "+s.Snippet)
			}
			got[c.q] = a
			if c.want >= 0 && len(hits) != c.want || c.want < 0 && len(hits) == 0 {
				t.Errorf("search %q finds %d articles, want %d", c.q, len(hits), c.want)
			}
		}
		return got
	}
	same := func(what string, a, b map[string]answer) {
		t.Helper()
		for q := range a {
			if !slices.Equal(a[q].hits, b[q].hits) || !slices.Equal(a[q].list, b[q].list) {
				t.Errorf("%s: search %q gives\n%v\n%v\nthen\n%v\n%v", what, q, a[q].hits, a[q].list, b[q].hits, b[q].list)
			}
		}
	}
	pending(len(recs))
	before := search(ro) // read-only: searches without indexing
	pending(len(recs))

	raw := rawPG(t, url)
	if _, err := raw.Exec(`UPDATE articles SET tsv = spanmark_tsvector(text) WHERE pk % 2 = 0`); err != nil {
		t.Fatal(err)
	}
	pending(len(recs) - len(recs)/2)
	same("half indexed", before, search(ro))

	var done, total int
	if err := db.IndexSearch(ctx, func(d, n int) { done, total = d, n }); err != nil {
		t.Fatal(err)
	}
	if done != total || total != len(recs)-len(recs)/2 {
		t.Errorf("IndexSearch's progress ended at %d of %d, want %d of %[2]d", done, total, len(recs)-len(recs)/2)
	}
	pending(0)
	same("all indexed", before, search(db))

	mustImport(t, db, ImportOptions{Replace: true}, rec(1, annotate.Article{ID: "x_zurich", Text: "Luxor's museum reopened."}))
	pending(1)
	if got := searchIDs(t, ro, "luxor"); !slices.Equal(got, []string{"x_zurich"}) {
		t.Errorf("the new text before indexing: luxor finds %v", got)
	}
	if got := searchIDs(t, ro, "zurich"); len(got) != 0 {
		t.Errorf("the old text before indexing: zurich finds %v", got)
	}
	pending(1)
}

// TestPostgresSearchByARoleThatMayNotIndex: a role the server lets read
// the articles but not update them searches them all the same (by their
// text); indexing is left to a role that may, without an error.
func TestPostgresSearchByARoleThatMayNotIndex(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	db, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustImport(t, db, ImportOptions{}, searchRecords...)
	reader := openAsRole(t, url, "spanmark_reader", "SELECT ON ALL TABLES IN SCHEMA public")
	if err := reader.IndexSearch(ctx, nil); err != nil {
		t.Errorf("IndexSearch by a role that may not update articles: %v, want nil", err)
	}
	if got := searchIDs(t, reader, "police"); !slices.Equal(got, []string{"gov", "zurich"}) {
		t.Errorf("police finds %v, want gov and zurich", got)
	}
	if n, err := db.SearchPending(ctx); n != len(searchRecords) || err != nil {
		t.Errorf("SearchPending = %d, %v; want %d: nothing indexed", n, err, len(searchRecords))
	}
}
