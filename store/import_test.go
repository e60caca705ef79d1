package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/internal/pgtest"
)

const oslo = "Ann met Bob in Oslo. Bob said “it rains” — Ann agreed."

func osloArticle() annotate.Article {
	return annotate.Article{
		ID:   "oslo",
		Text: oslo,
		Spans: []annotate.Span{
			{ID: "s1", Start: 0, End: 3, Label: "PERSON"},
			{ID: "s2", Start: 8, End: 11, Label: "PERSON"},
			{ID: "s3", Start: 15, End: 19, Label: "GPE"},
			{ID: "s4", Start: 21, End: 40, Label: "CLAIM", Attrs: map[string]string{"verdict": "true"}},
		},
		Rels: []annotate.Relation{{Head: "s4", Child: "s2", Label: "SPEAKER"}},
	}
}

func TestImportFillsDefaults(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := openTemp(t)
		a := annotate.Article{ID: "x", Text: oslo, Spans: []annotate.Span{
			{Start: 0, End: 3, Label: "PERSON"},
			{Start: 21, End: 40, Label: "CLAIM"},
			{Start: 15, End: 19, Label: "CITY"},
			{Start: 8, End: 11, Label: "PERSON", Annotator: "bea"},
		}}
		res := mustImport(t, db, ImportOptions{Annotator: "ann"}, rec(1, a))
		want := ImportResult{Articles: 1, NewArticles: 1, Spans: 4, NewLabels: []string{"CITY"}}
		if !reflect.DeepEqual(res, want) {
			t.Errorf("result = %+v, want %+v", res, want)
		}
		got, err := db.Article(context.Background(), "x")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != annotate.StatusTodo {
			t.Errorf("status = %q, want todo", got.Status)
		}
		type sp struct{ id, text, kind, annotator string }
		var spans []sp
		for _, s := range got.Spans {
			spans = append(spans, sp{s.ID, s.Text, string(s.Kind), s.Annotator})
		}
		wantSpans := []sp{{"s1", "Ann", "entity", "ann"}, {"s4", "Bob", "entity", "bea"}, {"s3", "Oslo", "entity", "ann"}, {"s2", "Bob said “it rains”", "claim", "ann"}}
		if !reflect.DeepEqual(spans, wantSpans) {
			t.Errorf("spans = %v\nwant %v", spans, wantSpans)
		}
		labels, _ := db.Labels(context.Background())
		last := labels[len(labels)-1]
		if last.Name != "CITY" || last.Kind != annotate.KindEntity || last.Color != annotate.DistinctColor(colorsOf(labels[:len(labels)-1])) || last.Key != "8" {
			t.Errorf("new label = %+v", last)
		}
	})
}

func TestImportTwiceChangesNothing(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := openTemp(t)
		recs := []annotate.Record{rec(1, osloArticle()), rec(2, annotate.Article{ID: "b", Text: "Nothing here."})}
		first := mustImport(t, db, ImportOptions{Annotator: "ann"}, recs...)
		if first.NewArticles != 2 || first.Spans != 4 || first.Relations != 1 {
			t.Errorf("first import = %+v", first)
		}
		before := dump(t, db, ExportFilter{})
		second := mustImport(t, db, ImportOptions{Annotator: "ann"}, recs...)
		want := ImportResult{Articles: 2}
		if !reflect.DeepEqual(second, want) {
			t.Errorf("second import = %+v, want %+v", second, want)
		}
		if after := dump(t, db, ExportFilter{}); !slices.Equal(before, after) {
			t.Errorf("second import changed the database:\n%v\n%v", before, after)
		}
	})
}

func TestImportSameIDDifferentText(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db := openTemp(t)
		mustImport(t, db, ImportOptions{}, rec(1, osloArticle()))
		before := dump(t, db, ExportFilter{})
		changed := annotate.Article{ID: "oslo", Text: "Ann met Bob in Bergen.", Spans: []annotate.Span{{Start: 15, End: 21, Label: "GPE"}}}
		_, err := db.Import(ctx, feed(rec(1, annotate.Article{ID: "new", Text: "x"}), rec(7, changed)), ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), "in.jsonl:7: ") || !strings.HasSuffix(err.Error(), "in.jsonl:7: article oslo exists with different text (use --replace)") {
			t.Fatalf("error = %v, want in.jsonl:7 and the --replace hint", err)
		}
		if after := dump(t, db, ExportFilter{}); !slices.Equal(before, after) {
			t.Error("refused import changed the database")
		}
		res, err := db.Import(ctx, feed(rec(1, changed)), ImportOptions{Replace: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.NewArticles != 0 || res.Spans != 1 {
			t.Errorf("replace result = %+v", res)
		}
		a, err := db.Article(ctx, "oslo")
		if err != nil {
			t.Fatal(err)
		}
		if a.Text != changed.Text || len(a.Spans) != 1 || a.Spans[0].Text != "Bergen" || len(a.Rels) != 0 {
			t.Errorf("replaced article = %+v", a)
		}
		checkIntegrity(t, db)
	})
}

func TestImportFailureLeavesDatabaseUnchanged(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		badSpan := annotate.Article{ID: "bad", Text: "Short text.", Spans: []annotate.Span{{Start: 6, End: 40, Label: "X"}}}
		tests := []struct {
			name      string
			next      func() func() (*annotate.Record, error)
			wantWhere string
		}{
			{"reader fails on the third record", func() func() (*annotate.Record, error) {
				n := 0
				return func() (*annotate.Record, error) {
					n++
					if n == 3 {
						return nil, &annotate.InputError{File: "in.jsonl", Line: 3, Err: errors.New("unexpected end of JSON")}
					}
					r := rec(n, annotate.Article{ID: "r" + itoa(n), Text: "Text number " + itoa(n), Spans: []annotate.Span{{Start: 0, End: 4, Label: "PERSON"}}})
					return &r, nil
				}
			}, "in.jsonl:3: "},
			{"a span past the text", func() func() (*annotate.Record, error) {
				return feed(rec(1, annotate.Article{ID: "ok", Text: "Fine text."}), rec(2, osloArticle()), rec(9, badSpan))
			}, "in.jsonl:9: "},
			{"a span past the text after 1,000 good records (several batches)", func() func() (*annotate.Record, error) {
				var recs []annotate.Record
				for n := 1; n <= 1000; n++ {
					recs = append(recs, rec(n, annotate.Article{ID: "r" + itoa(n), Text: "Zürich text number " + itoa(n),
						Spans: []annotate.Span{{Start: 0, End: 6, Label: "GPE"}, {Start: 7, End: 11, Label: "X"}}}))
				}
				return feed(append(recs, rec(1001, badSpan))...)
			}, "in.jsonl:1001: "},
			{"a span without text from a reader that says it checked the spans", func() func() (*annotate.Record, error) {
				r := rec(5, annotate.Article{ID: "c", Text: "Short text.", Spans: []annotate.Span{{Start: 0, End: 5, Label: "X"}}})
				r.SpansChecked = true
				return feed(rec(1, annotate.Article{ID: "ok", Text: "Fine text."}), r)
			}, "in.jsonl:5: "},
			{"a relation to a missing span", func() func() (*annotate.Record, error) {
				a := osloArticle()
				a.ID = "rel"
				a.Rels = append(a.Rels, annotate.Relation{Head: "s4", Child: "s9", Label: "SPEAKER"})
				return feed(rec(1, annotate.Article{ID: "ok", Text: "Fine text."}), rec(4, a))
			}, "in.jsonl:4: "},
		}
		for _, tt := range tests {
			for _, empty := range []bool{true, false} {
				name := tt.name + " into a used database"
				if empty {
					name = tt.name + " into an empty database"
				}
				t.Run(name, func(t *testing.T) {
					db := openTemp(t)
					if !empty {
						mustImport(t, db, ImportOptions{}, rec(1, osloArticle()))
					}
					bulkBefore := db.bulkLoads.Load()
					schemaBefore := pgSchema(t, db)
					before := dump(t, db, ExportFilter{})
					labelsBefore, _ := db.Labels(context.Background())
					_, err := db.Import(context.Background(), tt.next(), ImportOptions{Annotator: "ann"})
					var ie *annotate.InputError
					if !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), tt.wantWhere) {
						t.Fatalf("error = %v (%T), want an *annotate.InputError starting %q", err, err, tt.wantWhere)
					}
					if after := dump(t, db, ExportFilter{}); !slices.Equal(before, after) {
						t.Errorf("failed import changed the database:\nbefore %v\nafter  %v", before, after)
					}
					if labelsAfter, _ := db.Labels(context.Background()); !reflect.DeepEqual(labelsBefore, labelsAfter) {
						t.Error("failed import changed the labels")
					}
					if bulk := db.bulkLoads.Load() > bulkBefore; bulk != empty {
						t.Errorf("import ran in bulk mode: %v, want %v (only into an empty database)", bulk, empty)
					}
					if after := pgSchema(t, db); !slices.Equal(schemaBefore, after) {
						t.Errorf("failed import changed the indexes or constraints:\nbefore %v\nafter  %v", schemaBefore, after)
					}
					if engineOf(t) == "sqlite" {
						if jm := pragma(t, db.db, "journal_mode"); jm != "wal" {
							t.Errorf("journal_mode after a failed import = %s, want wal", jm)
						}
					}
					// The database still takes a good import.
					mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "later", Text: "Later."}))
				})
			}
		}
	})
}

func TestImportRenamesCollidingSpanIDs(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db := openTemp(t)
		mustImport(t, db, ImportOptions{Annotator: "ann"}, rec(1, osloArticle()))
		// Another annotator's file: s1 is identical to ours (same annotator),
		// s2 and s3 are different spans whose ids are taken, s5 is free.
		other := annotate.Article{ID: "oslo", Text: oslo,
			Spans: []annotate.Span{
				{ID: "s1", Start: 0, End: 3, Label: "PERSON", Annotator: "ann"},
				{ID: "s2", Start: 43, End: 46, Label: "PERSON", Annotator: "bea"},
				{ID: "s3", Start: 21, End: 40, Label: "CLAIM", Annotator: "bea"},
				{ID: "s5", Start: 15, End: 19, Label: "LOC", Annotator: "bea"},
			},
			Rels: []annotate.Relation{
				{Head: "s3", Child: "s2", Label: "SPEAKER"},
				{Head: "s3", Child: "s1", Label: "ABOUT"},
			},
		}
		res := mustImport(t, db, ImportOptions{}, rec(1, other))
		if res.Spans != 3 || res.Relations != 2 {
			t.Errorf("merge result = %+v, want 3 spans and 2 relations added", res)
		}
		a, err := db.Article(ctx, "oslo")
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]annotate.Span{}
		for _, s := range a.Spans {
			byID[s.ID] = s
		}
		if len(byID) != 7 {
			t.Fatalf("spans = %v, want 7 distinct ids", spanIDs(a))
		}
		find := func(start, end int, annotator string) string {
			for _, s := range a.Spans {
				if s.Start == start && s.End == end && s.Annotator == annotator {
					return s.ID
				}
			}
			t.Fatalf("no span %d-%d by %s in %v", start, end, annotator, spanIDs(a))
			return ""
		}
		beaAnn, beaClaim := find(43, 46, "bea"), find(21, 40, "bea")
		if beaAnn == "s2" || beaClaim == "s3" || find(15, 19, "bea") != "s5" {
			t.Errorf("ids after merge: %v", spanIDs(a))
		}
		wantRels := []annotate.Relation{
			{Head: "s4", Child: "s2", Label: "SPEAKER"},
			{Head: beaClaim, Child: beaAnn, Label: "SPEAKER"},
			{Head: beaClaim, Child: "s1", Label: "ABOUT"},
		}
		if !reflect.DeepEqual(a.Rels, wantRels) {
			t.Errorf("relations = %v, want %v", a.Rels, wantRels)
		}
		// Merging the same file again adds nothing.
		if res := mustImport(t, db, ImportOptions{}, rec(1, other)); res.Spans != 0 || res.Relations != 0 {
			t.Errorf("second merge = %+v, want nothing added", res)
		}
		checkIntegrity(t, db)
	})
}

func TestImportMergesRecordsWithTheSameIDInOneRun(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := openTemp(t)
		a, b := osloArticle(), osloArticle()
		a.Spans, a.Rels = a.Spans[:2], nil
		b.Spans[0].Annotator = "bea"
		res := mustImport(t, db, ImportOptions{}, rec(1, a), rec(2, b))
		if res.NewArticles != 1 || res.Spans != 5 || res.Relations != 1 {
			t.Errorf("result = %+v, want 1 new article, 5 spans, 1 relation", res)
		}
	})
}

func TestImportStoresIdenticalSpansOnce(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := openTemp(t)
		a := osloArticle()
		a.Spans = append(a.Spans, annotate.Span{ID: "dup", Start: 8, End: 11, Label: "PERSON"})
		a.Rels = append(a.Rels, annotate.Relation{Head: "s4", Child: "dup", Label: "SPEAKER"}, annotate.Relation{Head: "dup", Child: "s1", Label: "KNOWS"})
		res := mustImport(t, db, ImportOptions{}, rec(1, a))
		if res.Spans != 4 || res.Relations != 2 {
			t.Errorf("result = %+v, want 4 spans and 2 relations", res)
		}
		got, _ := db.Article(context.Background(), "oslo")
		want := []annotate.Relation{{Head: "s4", Child: "s2", Label: "SPEAKER"}, {Head: "s2", Child: "s1", Label: "KNOWS"}}
		if !reflect.DeepEqual(got.Rels, want) {
			t.Errorf("relations = %v, want %v", got.Rels, want)
		}
	})
}

func TestImportReportsProgressAndStopsOnCancel(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := openTemp(t)
		n := 0
		next := func() (*annotate.Record, error) {
			n++
			if n > 2500 {
				return nil, io.EOF
			}
			r := rec(n, annotate.Article{ID: "p" + itoa(n), Text: "Text " + itoa(n)})
			return &r, nil
		}
		var calls []int
		res, err := db.Import(context.Background(), next, ImportOptions{Progress: func(k int) { calls = append(calls, k) }})
		if err != nil {
			t.Fatal(err)
		}
		if res.Articles != 2500 || len(calls) < 3 || calls[len(calls)-1] != 2500 {
			t.Errorf("result %+v, progress calls %v", res, calls)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		n = 0
		if _, err := db.Import(ctx, next, ImportOptions{}); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled import: error = %v", err)
		}
	})
}

func TestImportIntoEmptyDatabaseKeepsWALWhileAnotherConnectionIsOpen(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	other, err := Open(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.StatusCounts(ctx); err != nil { // leaves an idle connection on the file
		t.Fatal(err)
	}
	mustImport(t, db, ImportOptions{}, rec(1, osloArticle()))
	if n := db.bulkLoads.Load(); n != 0 {
		t.Errorf("import switched to the rollback journal with another connection open (%d)", n)
	}
	if a, err := other.Article(ctx, "oslo"); err != nil || len(a.Spans) != 4 {
		t.Errorf("other connection reads %v, %v", a, err)
	}
	if jm := pragma(t, other.db, "journal_mode"); jm != "wal" {
		t.Errorf("journal_mode = %s, want wal", jm)
	}
}

// TestBulkLoadMakesTheFilterIndexesAgain: a load into an empty database
// drops the spans' label and annotator indexes and makes them again from
// the loaded rows in the same transaction: the schema is as migrated, the
// indexes answer, and a load refused half-way keeps them.
func TestBulkLoadMakesTheFilterIndexesAgain(t *testing.T) {
	schema := func(db *DB) string {
		var s string
		if err := db.db.QueryRow(`SELECT group_concat(sql, '; ') FROM (SELECT sql FROM sqlite_master WHERE name IN ('spans_label', 'spans_annotator') ORDER BY name)`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	fresh := openTemp(t)
	want := schema(fresh)
	if !strings.Contains(want, "spans_annotator") || !strings.Contains(want, "spans_label") {
		t.Fatalf("migrated schema: %q", want)
	}
	ctx := context.Background()
	bad := rec(2, annotate.Article{ID: "bad", Text: "Oslo.", Spans: []annotate.Span{{Start: 3, End: 99, Label: "GPE"}}})
	if _, err := fresh.Import(ctx, feed(rec(1, annotate.Article{ID: "a", Text: oslo}), bad), ImportOptions{}); err == nil {
		t.Fatal("a span past the text was imported")
	}
	if got := schema(fresh); got != want {
		t.Errorf("after a refused bulk load: %q, want %q", got, want)
	}
	mustImport(t, fresh, ImportOptions{Annotator: "ana"}, rec(1, annotate.Article{ID: "a", Text: oslo,
		Spans: []annotate.Span{{Start: 0, End: 3, Label: "PERSON"}}}))
	if fresh.bulkLoads.Load() == 0 {
		t.Fatal("the load into an empty database was not a bulk load")
	}
	if got := schema(fresh); got != want {
		t.Errorf("after a bulk load: %q, want %q", got, want)
	}
	if n, _, _, err := fresh.CountArticles(ctx, ArticleFilter{Label: "PERSON", Annotator: "ana"}, ""); err != nil || n != 1 {
		t.Errorf("the rebuilt indexes find %d articles, %v", n, err)
	}
}

func colorsOf(labels []annotate.Label) []string {
	var out []string
	for _, l := range labels {
		out = append(out, l.Color)
	}
	return out
}

// pgSchema is the indexes and constraints of the tables an import writes,
// and the storage of the articles' text, on PostgreSQL (nil on SQLite).
func pgSchema(t testing.TB, db *DB) []string {
	t.Helper()
	if !db.pg {
		return nil
	}
	rows, err := db.db.Query(`SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = ANY('{articles,spans,relations}'::regclass[])
		UNION ALL SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
			WHERE conrelid = ANY('{articles,spans,relations}'::regclass[])
		UNION ALL SELECT 'text storage ' || attstorage::text || ' ' || attcompression::text FROM pg_attribute
			WHERE attrelid = 'articles'::regclass AND attname = 'text'
		UNION ALL SELECT 'articles options ' || coalesce(array_to_string(reloptions, ','), '') FROM pg_class WHERE oid = 'articles'::regclass`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var defs []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		defs = append(defs, d)
	}
	if err := rows.Err(); err != nil || len(defs) < 10 {
		t.Fatalf("%d indexes and constraints: %v", len(defs), err)
	}
	slices.Sort(defs)
	return defs
}

// TestPostgresBulkLoadMakesEveryIndexAgain: an import into an empty
// PostgreSQL database drops the indexes and foreign keys it does not need
// and makes them again before the commit: the same ones, also when an id
// met twice sends a record down the row path in the middle of the load,
// and the rows are those SQLite stores. When another session holds the
// tables, the import does not wait for it (beyond a second): it loads
// with the indexes in place.
func TestPostgresBulkLoadMakesEveryIndexAgain(t *testing.T) {
	ctx := context.Background()
	var recs []annotate.Record
	for n := 1; n <= 700; n++ { // three batches
		recs = append(recs, rec(n, annotate.Article{ID: "r" + itoa(n), Text: "Zürich text number " + itoa(n),
			Spans: []annotate.Span{{ID: "a", Start: 0, End: 6, Label: "GPE"}, {ID: "b", Start: 7, End: 11, Label: "X"}},
			Rels:  []annotate.Relation{{Head: "a", Child: "b", Label: "R"}}}))
		if n == 400 { // r5 again, with one more span
			recs = append(recs, rec(n, annotate.Article{ID: "r5", Text: "Zürich text number 5",
				Spans: []annotate.Span{{ID: "a", Start: 0, End: 6, Label: "GPE"}, {ID: "c", Start: 12, End: 18, Label: "NUM"}}}))
		}
	}
	lite := openTemp(t)
	mustImport(t, lite, ImportOptions{}, recs...)
	want := untimedDump(t, lite, ExportFilter{})
	same := func(what string, got []string) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: %d articles, SQLite %d", what, len(got), len(want))
		}
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Errorf("%s: article %d is\n%s\nSQLite's\n%s", what, i, got[i], want[i])
				return
			}
		}
	}

	db := openPGTemp(t)
	schema := pgSchema(t, db)
	// Another session keeps the labels from being added to for 1.5 s: the
	// load waits for it as any transaction would (its own short wait for
	// the tables it holds is over).
	hold, err := rawPG(t, db.path).BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.Exec(`LOCK TABLE labels IN SHARE MODE`); err != nil {
		t.Fatal(err)
	}
	go func() { time.Sleep(1500 * time.Millisecond); hold.Rollback() }()
	mustImport(t, db, ImportOptions{}, recs...)
	if db.bulkLoads.Load() != 1 {
		t.Errorf("%d bulk loads, want 1", db.bulkLoads.Load())
	}
	if got := pgSchema(t, db); !slices.Equal(got, schema) {
		t.Errorf("after the load:\n%v\nwant\n%v", got, schema)
	}
	same("bulk load", untimedDump(t, db, ExportFilter{}))

	// A row the server refuses in a copy on the copier's goroutine (a NUL
	// in a text: PostgreSQL's text cannot hold one) fails the import with
	// the records of its batch named, and leaves the database as it was.
	bad := openPGTemp(t)
	badSchema := pgSchema(t, bad)
	var withNUL []annotate.Record // no id twice: the whole load is a bulk one
	for _, r := range recs {
		if r.Article.ID != "r5" || r.Line != 400 {
			withNUL = append(withNUL, r)
		}
		if r.Line == 599 {
			withNUL = append(withNUL, rec(600, annotate.Article{ID: "nul", Text: "a\x00b"}))
		}
	}
	_, err = bad.Import(ctx, feed(withNUL...), ImportOptions{})
	if bad.bulkLoads.Load() != 1 {
		t.Errorf("the load with a NUL: %d bulk loads, want 1", bad.bulkLoads.Load())
	}
	var from, to int
	if err != nil {
		fmt.Sscanf(err.Error(), "import: in.jsonl:%d–%d: copy articles:", &from, &to)
	}
	if from == 0 || from > 600 || to < 600 {
		t.Errorf("a NUL in a text: %v, want the copy's error naming the lines of its batch", err)
	}
	if got := untimedDump(t, bad, ExportFilter{}); len(got) != 0 {
		t.Errorf("after the failed load the database holds %d articles", len(got))
	}
	if got := pgSchema(t, bad); !slices.Equal(got, badSchema) {
		t.Errorf("after the failed load:\n%v\nwant\n%v", got, badSchema)
	}

	// Another session reads the spans in an open transaction.
	other := openPGTemp(t)
	raw := rawPG(t, other.path)
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`SELECT count(*) FROM spans`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	mustImport(t, other, ImportOptions{}, recs...)
	if took := time.Since(start); other.bulkLoads.Load() != 0 || took > 20*time.Second {
		t.Errorf("with the tables held: %d bulk loads in %v, want none", other.bulkLoads.Load(), took)
	}
	same("load with the indexes in place", untimedDump(t, other, ExportFilter{}))
}

// untimedDump is the export of f as JSON lines without the spans' times.
func untimedDump(t testing.TB, db *DB, f ExportFilter) []string {
	t.Helper()
	var out []string
	err := db.Export(context.Background(), f, func(a *annotate.Article) error {
		c := *a
		c.Spans = slices.Clone(a.Spans)
		for i := range c.Spans {
			c.Spans[i].Created, c.Spans[i].Updated, c.Spans[i].Reviewed = fromMillis(0), fromMillis(0), fromMillis(0)
		}
		b, err := json.Marshal(c)
		out = append(out, string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPostgresImportByARoleThatDoesNotOwnTheTables: a role that may write
// the rows but not drop an index (it does not own the tables) imports into
// an empty database all the same, with the indexes in place.
func TestPostgresImportByARoleThatDoesNotOwnTheTables(t *testing.T) {
	url := pgtest.URL(t)
	owner, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	schema := pgSchema(t, owner)
	db := openAsRole(t, url, "spanmark_writer", "SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public",
		"USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA public")
	res := mustImport(t, db, ImportOptions{}, rec(1, osloArticle()), rec(2, annotate.Article{ID: "b", Text: "Bob."}))
	if res.NewArticles != 2 || res.Spans != 4 || res.Relations != 1 || db.bulkLoads.Load() != 0 {
		t.Errorf("import by a role that does not own the tables: %+v, %d bulk loads; want 2 articles, 4 spans, 1 relation, none", res, db.bulkLoads.Load())
	}
	if got := pgSchema(t, owner); !slices.Equal(got, schema) {
		t.Errorf("after the import:\n%v\nwant\n%v", got, schema)
	}
}
