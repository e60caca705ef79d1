package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/internal/pgtest"
)

// mergePair is the work of two annotators on overlapping articles: ana's
// 60, and ben's on the last 40 of them (the same texts: some of his spans
// are hers under other ids, some collide with her span ids, his relations
// follow his spans) and 20 of his own.
func mergePair() (ana, ben []annotate.Record) {
	ana = teamCorpus(11, 60)
	for i := range ana {
		ana[i].Article = *copyArticle(&ana[i].Article)
		for k := range ana[i].Article.Spans {
			ana[i].Article.Spans[k].Annotator = "ana"
		}
	}
	for i, r := range ana[20:] {
		a := *copyArticle(&r.Article)
		renamed := map[string]string{}
		for k := range a.Spans {
			if k%2 == 1 { // ana's span under another id: not added twice
				renamed[a.Spans[k].ID] = "b" + a.Spans[k].ID
				a.Spans[k].ID = "b" + a.Spans[k].ID
				continue
			}
			a.Spans[k].Annotator = "ben" // a span of his own under her id
		}
		for k := range a.Rels {
			for _, end := range []*string{&a.Rels[k].Head, &a.Rels[k].Child} {
				if n, ok := renamed[*end]; ok {
					*end = n
				}
			}
		}
		ben = append(ben, rec(i+1, a))
	}
	for i, r := range teamCorpus(12, 80)[60:] {
		r.Article.ID = "ben-" + r.Article.ID
		r.Line = len(ben) + i + 1
		ben = append(ben, r)
	}
	return ana, ben
}

// benLabels is ben's label set: PERSON redefined (the target's wins), two
// labels of his own, one with a key the target's PERSON has.
var benLabels = []annotate.Label{
	{Name: "PERSON", Kind: annotate.KindEntity, Color: "#111111", Key: "p"},
	{Name: "VERDICT", Kind: annotate.KindClaim, Color: "#222222", Key: "1"},
	{Name: "TOPIC", Kind: annotate.KindEntity, Color: "#333333", Key: "t"},
}

// mergeSources makes ana's and ben's databases on engine, opened as merge
// sources (read-only).
func mergeSources(t *testing.T, engine string) []*DB {
	t.Helper()
	ctx := context.Background()
	ana, ben := mergePair()
	var srcs []*DB
	for i, recs := range [][]annotate.Record{ana, ben} {
		db := openOn(t, engine)
		mustImport(t, db, ImportOptions{}, recs...)
		if i == 1 {
			if err := db.SaveLabels(ctx, benLabels); err != nil {
				t.Fatal(err)
			}
		}
		name := db.Path()
		if engine == "postgres" {
			name = db.url(t)
		}
		db.Close()
		ro, err := OpenMergeSources("", []string{name})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ro[0].Close() })
		srcs = append(srcs, ro[0])
	}
	return srcs
}

// url is the URL a test database on the throwaway server was opened with
// (Path hides the password; the test server has none).
func (db *DB) url(t *testing.T) string {
	t.Helper()
	if !db.pg || strings.Contains(db.path, "xxxxx") {
		t.Fatalf("no URL for %s", db.path)
	}
	return db.path
}

// Merging ana's and ben's databases gives the same database whichever
// engine holds the target and whichever the sources: the answers of
// SQLite into SQLite are those of every other pair, a second merge changes
// nothing, and ben's labels arrive as they do between two files.
func TestMergeIsTheSameOnEveryPairOfEngines(t *testing.T) {
	ctx := context.Background()
	got := map[string]map[string]any{}
	onEngines(t, func(t *testing.T) {
		for _, from := range engines {
			t.Run("from "+from, func(t *testing.T) {
				srcs := mergeSources(t, from)
				db := openTemp(t)
				var read []int
				res, err := db.Merge(ctx, srcs, func(src string, n int) { read = append(read, n) })
				if err != nil {
					t.Fatal(err)
				}
				if res.Articles != 120 || res.NewArticles != 80 || len(read) != 120 || read[119] != 60 {
					t.Errorf("result %+v, progress %d calls ending at %v", res, len(read), read[len(read)-1:])
				}
				if !slices.Equal(res.NewLabels, []string{"VERDICT", "TOPIC"}) {
					t.Errorf("new labels %v, want ben's VERDICT and TOPIC", res.NewLabels)
				}
				got[engineOf(t)+" from "+from] = answers(t, db)
				checkIntegrity(t, db)
				again, err := db.Merge(ctx, srcs, nil)
				if err != nil || again.NewArticles != 0 || again.Spans != 0 || again.Relations != 0 || len(again.NewLabels) != 0 {
					t.Fatalf("second merge: %+v %v", again, err)
				}
				if after := answers(t, db); !reflect.DeepEqual(after, got[engineOf(t)+" from "+from]) {
					t.Error("a second merge changed the database")
				}
			})
		}
	})
	ref := got["sqlite from sqlite"]
	if len(ref) == 0 || len(got) != 4 {
		t.Fatalf("%d pairs of engines merged, want 4", len(got))
	}
	var arts []string
	if err := json.Unmarshal([]byte(ref["export"].(string)), &arts); err != nil {
		t.Fatal(err)
	}
	a := strings.Join(arts, "\n")
	for _, want := range []string{`"Annotator":"ben"`, `"ID":"ben-Art-0061"`} {
		if !strings.Contains(a, want) {
			t.Errorf("the merged export lacks %s", want)
		}
	}
	if strings.Contains(a, `"ID":"bs`) {
		t.Error("the merged export holds ana's spans twice (ben's copies, ids bsN)")
	}
	for pair, ans := range got {
		for k, v := range ref {
			if !reflect.DeepEqual(v, ans[k]) {
				t.Errorf("%s: %s differs from SQLite into SQLite:\n%.1500v\n%.1500v", pair, k, v, ans[k])
			}
		}
	}
}

// Between every pair of engines the merge renames ben's span ids that
// collide with ana's, his relations follow, and the spans of ana that he
// holds under other ids are not added twice.
func TestMergeRenamesAndDedupesOnEveryPairOfEngines(t *testing.T) {
	ctx := context.Background()
	onEngines(t, func(t *testing.T) {
		for _, from := range engines {
			t.Run("from "+from, func(t *testing.T) {
				db := openTemp(t)
				srcs := mergeSources(t, from)
				if _, err := db.Merge(ctx, srcs, nil); err != nil {
					t.Fatal(err)
				}
				ana, ben := mergePair()
				for i, r := range ben[:40] {
					a, err := db.Article(ctx, r.Article.ID)
					if err != nil {
						t.Fatal(err)
					}
					hers := ana[20+i].Article.Spans
					if want := len(hers) + (len(hers)+1)/2; len(a.Spans) != want {
						t.Fatalf("%s: %d spans, want ana's %d and ben's %d: %v", a.ID, len(a.Spans), len(hers), (len(hers)+1)/2, spanIDs(a))
					}
					ids := spanIDs(a)
					if len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
						t.Fatalf("%s: a span id twice: %v", a.ID, ids)
					}
					for _, rel := range a.Rels {
						if rel.Label != "LINK" {
							continue
						}
						head := a.Spans[slices.IndexFunc(a.Spans, func(s annotate.Span) bool { return s.ID == rel.Head })]
						if head.Annotator == "ben" && !strings.HasPrefix(head.ID, "s") {
							t.Errorf("%s: relation %+v from %+v", a.ID, rel, head)
						}
					}
				}
			})
		}
	})
}

// A merge that fails half way changes nothing in the target, on either
// engine: an article whose text differs (named with both databases), a
// source whose server drops the connection while it is read, and a
// cancel.
func TestMergeFailingHalfWayChangesNothing(t *testing.T) {
	ctx := context.Background()
	big := func(n int, text func(i int) string) []annotate.Record {
		var recs []annotate.Record
		for i := range n {
			recs = append(recs, rec(i+1, annotate.Article{ID: fmt.Sprintf("m%05d", i), Text: text(i),
				Spans: []annotate.Span{{Start: 0, End: 3, Label: "PERSON", Annotator: "eve"}}}))
		}
		return recs
	}
	same := func(i int) string { return fmt.Sprintf("Ana met Bob %d times.", i) }
	onEngines(t, func(t *testing.T) {
		tests := []struct {
			name  string
			from  string
			text  func(i int) string
			fault func(t *testing.T, src *DB, cancel context.CancelFunc, n int)
			want  string
		}{
			{"different text half way", "sqlite", func(i int) string {
				if i == 3000 {
					return "Another text."
				}
				return same(i)
			}, nil, `^merge: article m03000 has a different text in .* than in .*; nothing was merged$`},
			{"different text half way, from postgres", "postgres", func(i int) string {
				if i == 3000 {
					return "Another text."
				}
				return same(i)
			}, nil, `^merge: article m03000 has a different text in postgres://.* than in .*; nothing was merged$`},
			{"source server gone", "postgres", same, func(t *testing.T, src *DB, _ context.CancelFunc, n int) {
				if n == 2500 {
					terminate(t, src)
				}
			}, `^merge: read postgres://.*: .*terminat`},
			{"cancel", "sqlite", same, func(_ *testing.T, _ *DB, cancel context.CancelFunc, n int) {
				if n == 2500 {
					cancel()
				}
			}, `context canceled`},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				db := openTemp(t)
				// the target holds the first 10 articles (m03000 with its
				// own text) and a label of its own
				mine := big(4000, same)
				mustImport(t, db, ImportOptions{}, append(mine[:10:10], mine[3000])...)
				if err := db.SaveLabels(ctx, []annotate.Label{{Name: "PERSON", Kind: annotate.KindEntity, Color: "#123456", Key: "q"}}); err != nil {
					t.Fatal(err)
				}
				before, labels := dump(t, db, ExportFilter{}), mustLabels(t, db)
				src := openOn(t, tc.from)
				theirs := big(5000, tc.text)
				for i := range theirs {
					theirs[i].Article.Spans[0].Label = "WHO" // a label new to the target
				}
				mustImport(t, src, ImportOptions{}, theirs...)
				ctx, cancel := context.WithCancel(ctx)
				defer cancel()
				_, err := db.Merge(ctx, []*DB{src}, func(_ string, n int) {
					if tc.fault != nil {
						tc.fault(t, src, cancel, n)
					}
				})
				if err == nil || !regexp.MustCompile(tc.want).MatchString(err.Error()) {
					t.Fatalf("error %v, want one matching %s", err, tc.want)
				}
				if tc.name == "cancel" && !errors.Is(err, context.Canceled) {
					t.Errorf("error %v is not context.Canceled", err)
				}
				if after := dump(t, db, ExportFilter{}); !slices.Equal(before, after) {
					t.Errorf("the failed merge changed the articles: %d before, %d after", len(before), len(after))
				}
				if after := mustLabels(t, db); !slices.Equal(labels, after) {
					t.Errorf("the failed merge changed the labels:\n%v\n%v", labels, after)
				}
				checkIntegrity(t, db)
			})
		}
	})
}

func mustLabels(t *testing.T, db *DB) []annotate.Label {
	t.Helper()
	ls, err := db.Labels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// terminate makes the server drop every connection to the database of
// src, as a restart or a network fault would.
func terminate(t *testing.T, src *DB) {
	t.Helper()
	admin, err := Open(pgtest.URL(t))
	if err != nil {
		t.Error(err)
		return
	}
	defer admin.Close()
	var name string
	if err := src.db.QueryRow(`SELECT current_database()`).Scan(&name); err != nil {
		// the connection the export holds is the pool's only one in use;
		// this one is another
		t.Error(err)
		return
	}
	if _, err := admin.db.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?`, name); err != nil {
		t.Error(err)
	}
}

// A database is not merged into itself, whatever the address says.
func TestMergeRefusesThePostgresTargetItself(t *testing.T) {
	ctx := context.Background()
	db := openPGTemp(t)
	url := db.url(t)
	mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: "Ana met Bob."}))
	if _, err := OpenMergeSources(db.Path(), []string{url}); err == nil || !strings.Contains(err.Error(), "is the target database itself") {
		t.Errorf("the same URL: %v", err)
	}
	// another address of the same server and database
	other := strings.Replace(url, "127.0.0.1", "localhost", 1)
	if other == url {
		other = strings.Replace(url, "localhost", "127.0.0.1", 1)
	}
	if other == url {
		t.Fatalf("cannot make another address of %s", url)
	}
	srcs, err := OpenMergeSources(db.Path(), []string{other})
	if err != nil {
		t.Fatal(err)
	}
	defer srcs[0].Close()
	if _, err := db.Merge(ctx, srcs, nil); err == nil || !strings.Contains(err.Error(), "is the target database itself") {
		t.Errorf("the same database by another address: %v", err)
	}
}
