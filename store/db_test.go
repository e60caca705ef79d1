package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

func TestOpenCreatesSchemaAndDefaultLabels(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		name, want := newDatabaseName(t, "a", "b", "new.db")
		db, err := Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if db.Path() != want {
			t.Errorf("Path() = %q, want %q", db.Path(), want)
		}
		ms, err := migrations()
		if err != nil {
			t.Fatal(err)
		}
		if v := schemaVersion(t, db); v != len(ms) {
			t.Errorf("schema version = %d, want %d", v, len(ms))
		}
		labels, err := db.Labels(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(labels, annotate.DefaultLabels()) {
			t.Errorf("labels = %v, want the defaults", labels)
		}
		// Reopening applies nothing and keeps the labels.
		db.Close()
		db2, err := Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		if v := schemaVersion(t, db2); v != len(ms) {
			t.Errorf("after reopen: schema version = %d, want %d", v, len(ms))
		}
		labels, _ = db2.Labels(context.Background())
		if len(labels) != len(annotate.DefaultLabels()) {
			t.Errorf("after reopen: %d labels, want %d", len(labels), len(annotate.DefaultLabels()))
		}
	})
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		name, path := newDatabaseName(t, "future.db")
		db, err := Open(name)
		if err != nil {
			t.Fatal(err)
		}
		setSchemaVersion(t, db, 999)
		db.Close()
		_, err = Open(name)
		if err == nil {
			t.Fatal("Open of a newer schema succeeded")
		}
		ms, _ := migrations()
		want := "has schema version 999, this spanmark knows up to " + strconv.Itoa(len(ms)) + ": update spanmark"
		if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
			t.Errorf("error = %q, want it to name %s and say %q", err, path, want)
		}
	})
}

// schemaVersion is the schema version db is at: PRAGMA user_version, or
// the row of schema_version on PostgreSQL.
func schemaVersion(t *testing.T, db *DB) int {
	t.Helper()
	q := "PRAGMA user_version"
	if db.pg {
		q = "SELECT version FROM schema_version"
	}
	var v int
	if err := db.db.QueryRow(q).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// setSchemaVersion writes v as db's schema version, as a later spanmark
// would.
func setSchemaVersion(t *testing.T, db *DB, v int) {
	t.Helper()
	q := "PRAGMA user_version = " + strconv.Itoa(v)
	if db.pg {
		q = "UPDATE schema_version SET version = " + strconv.Itoa(v)
	}
	if _, err := db.db.Exec(q); err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefusesNonSQLiteFile(t *testing.T) {
	for name, content := range map[string]string{
		"text":  "id1\nsome article text that is not a database\n",
		"short": "SQLite",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "notes.db")
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Open(path)
			if err == nil || !strings.Contains(err.Error(), "not an SQLite database") {
				t.Fatalf("error = %v, want 'not an SQLite database'", err)
			}
			b, _ := os.ReadFile(path)
			if string(b) != content {
				t.Error("the refused file was changed")
			}
		})
	}
}

func TestOpenTreatsEmptyFileAsNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if ps := pragma(t, db.db, "page_size"); ps != "65536" {
		t.Errorf("page_size = %s, want 65536", ps)
	}
}

func TestNewFileHas64KiBPagesAndStaysWAL(t *testing.T) {
	db := openTemp(t)
	raw := rawOpen(t, db.Path())
	if ps := pragma(t, raw, "page_size"); ps != "65536" {
		t.Errorf("page_size = %s, want 65536", ps)
	}
	if jm := pragma(t, raw, "journal_mode"); jm != "wal" {
		t.Errorf("journal_mode after Open = %s, want wal", jm)
	}
	mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: "Ann met Bob."}))
	for _, c := range []*sql.DB{db.db, rawOpen(t, db.Path())} {
		if jm := pragma(t, c, "journal_mode"); jm != "wal" {
			t.Errorf("journal_mode after import = %s, want wal", jm)
		}
	}
	if fk := pragma(t, db.db, "foreign_keys"); fk != "1" {
		t.Errorf("foreign_keys = %s, want 1", fk)
	}
}

func TestSettings(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := openTemp(t)
		ctx := context.Background()
		if v, err := db.Setting(ctx, "theme"); err != nil || v != "" {
			t.Fatalf("unset setting = %q, %v; want \"\", nil", v, err)
		}
		for _, v := range []string{"dark", "light"} {
			if err := db.SetSetting(ctx, "theme", v); err != nil {
				t.Fatal(err)
			}
			if got, _ := db.Setting(ctx, "theme"); got != v {
				t.Errorf("setting = %q, want %q", got, v)
			}
		}
	})
}

func TestConcurrentReaderSeesCommittedEdits(t *testing.T) {
	ctx := context.Background()
	w := openTemp(t)
	mustImport(t, w, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: "Ann met Bob in Oslo."}))
	r, err := Open(w.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for i, s := range []annotate.Span{{Start: 0, End: 3, Label: "PERSON"}, {Start: 8, End: 11, Label: "PERSON"}} {
		if _, err := w.AddSpan(ctx, "a", s); err != nil {
			t.Fatal(err)
		}
		a, err := r.Article(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Spans) != i+1 || a.Status != annotate.StatusInProgress {
			t.Errorf("reader sees %d spans, status %s; want %d, in_progress", len(a.Spans), a.Status, i+1)
		}
		var n int
		if err := r.Export(ctx, ExportFilter{}, func(a *annotate.Article) error { n = len(a.Spans); return nil }); err != nil {
			t.Fatal(err)
		}
		if n != i+1 {
			t.Errorf("reader's export has %d spans, want %d", n, i+1)
		}
	}
}

func TestOpenMigratesOlderSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	// A database of a spanmark that knew migrations 0001 and 0002, with
	// spans and relations in that layout.
	sdb := olderDatabase(t, path, 2)
	ms, _ := migrations()
	for _, q := range []string{
		`INSERT INTO articles(pk, id, text, created, updated) VALUES (7, 'oslo', 'Ann met Bob in Oslo.', 1, 1)`,
		`INSERT INTO spans(pk, article, span_id, start, "end", label, kind, created, updated) VALUES
			(1, 7, 's1', 0, 3, 'PERSON', 'entity', 1, 1), (2, 7, 's2', 8, 11, 'PERSON', 'entity', 1, 1), (3, 7, 's3', 15, 19, 'GPE', 'entity', 1, 1)`,
		`INSERT INTO relations(article, head, child, label) VALUES (7, 2, 3, 'LIVES_IN'), (7, 1, 2, 'KNOWS')`,
	} {
		if _, err := sdb.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	sdb.Close()

	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := pragma(t, db.db, "user_version"); v != strconv.Itoa(len(ms)) {
		t.Errorf("user_version = %s, want %d", v, len(ms))
	}
	a, err := db.Article(ctx, "oslo")
	if err != nil {
		t.Fatal(err)
	}
	if got := spanIDs(a); !reflect.DeepEqual(got, []string{"s1", "s2", "s3"}) || a.Spans[2].Text != "Oslo" {
		t.Errorf("spans after migration: %+v", a.Spans)
	}
	want := []annotate.Relation{{Head: "s2", Child: "s3", Label: "LIVES_IN"}, {Head: "s1", Child: "s2", Label: "KNOWS"}}
	if !reflect.DeepEqual(a.Rels, want) {
		t.Errorf("relations after migration: %v, want %v", a.Rels, want)
	}
	checkIntegrity(t, db)
	// Deleting a span still takes its relations along.
	if _, rels, err := db.DeleteSpan(ctx, "oslo", "s2"); err != nil || len(rels) != 2 {
		t.Fatalf("delete after migration: %v, %v", rels, err)
	}
	if a, _ := db.Article(ctx, "oslo"); len(a.Rels) != 0 {
		t.Errorf("relations left: %v", a.Rels)
	}
}
