package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/internal/pgtest"
)

// rawPG opens url without spanmark, to look at and change it as it is.
func rawPG(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := openPGPool(url, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestPostgresOpenCreatesTheSchemaOnceAtTheSQLiteVersion(t *testing.T) {
	url := pgtest.URL(t)
	if have, known, err := SchemaVersion(url); err != nil || have != 0 {
		t.Fatalf("SchemaVersion of an empty database = %d, %d, %v; want 0", have, known, err)
	}
	for range 2 {
		db, err := Open(url)
		if err != nil {
			t.Fatal(err)
		}
		if !db.Postgres() {
			t.Errorf("Postgres() = false for %s", db.Path())
		}
		labels, err := db.Labels(context.Background())
		if err != nil || len(labels) == 0 {
			t.Fatalf("default labels: %v, %v", labels, err)
		}
		db.Close()
	}
	ms, _ := migrations()
	have, known, err := SchemaVersion(url)
	if err != nil || have != len(ms) || known != len(ms) {
		t.Fatalf("SchemaVersion = %d, %d, %v; want both %d, the SQLite schema's version", have, known, err, len(ms))
	}
	var rows int
	if err := rawPG(t, url).QueryRow(`SELECT count(*) FROM schema_version`).Scan(&rows); err != nil || rows != 1 {
		t.Fatalf("schema_version holds %d rows (%v), want 1", rows, err)
	}
}

func TestPostgresOpenRefusesWhatIsNotItsOwn(t *testing.T) {
	tests := []struct {
		name  string
		setup []string
		want  string
	}{
		{"another application's tables", []string{`CREATE TABLE orders (id int)`}, "another application"},
		{"a newer schema", []string{`CREATE TABLE schema_version (version int NOT NULL)`, `INSERT INTO schema_version VALUES (99)`}, "update spanmark"},
		{"a negative schema version", []string{`CREATE TABLE schema_version (version int NOT NULL)`, `INSERT INTO schema_version VALUES (-1)`}, "no spanmark writes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := pgtest.URL(t)
			raw := rawPG(t, url)
			for _, s := range tt.setup {
				if _, err := raw.Exec(s); err != nil {
					t.Fatal(err)
				}
			}
			for _, open := range []func(string) (*DB, error){Open, func(u string) (*DB, error) { return OpenReadOnly(u, Options{}) }} {
				db, err := open(url)
				if err == nil {
					db.Close()
					t.Fatal("opened")
				}
				if !strings.Contains(err.Error(), tt.want) {
					t.Errorf("error = %v, want %q", err, tt.want)
				}
			}
			var tables int
			raw.QueryRow(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables)
			if tables != len(tt.setup[:1]) {
				t.Errorf("%d tables after the refusal, want %d: something was written", tables, len(tt.setup[:1]))
			}
		})
	}
}

func TestPostgresOpenNamesAMissingDatabaseWithoutThePassword(t *testing.T) {
	url := pgtest.URL(t)
	bad := strings.Replace(url, "spanmark@", "spanmark:secret@", 1)
	bad = bad[:strings.LastIndex(bad, "/")] + "/nosuchdb?sslmode=disable"
	_, err := Open(bad)
	if err == nil || !strings.Contains(err.Error(), "no such database") || strings.Contains(err.Error(), "secret") {
		t.Fatalf("error = %v, want 'no such database' without the password", err)
	}
}

func TestPostgresReadOnlyRefusesWritesAlsoOnTheServer(t *testing.T) {
	url := pgtest.URL(t)
	db, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: "Ana met Bob."}))
	db.Close()
	ro, err := OpenReadOnly(url, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.AddSpan(context.Background(), "a", annotate.Span{Start: 0, End: 3, Label: "PERSON"}); err == nil {
		t.Error("AddSpan on a read-only database worked")
	}
	if _, err := ro.db.Exec(`DELETE FROM articles`); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("raw DELETE through the read-only connection: %v, want the server's read-only refusal", err)
	}
	if a, err := ro.Article(context.Background(), "a"); err != nil || a.Text != "Ana met Bob." {
		t.Errorf("Article = %v, %v", a, err)
	}
}

func TestWhatPostgresCannotDoYetSaysSoAndChangesNothing(t *testing.T) {
	ctx := context.Background()
	db := openPGTemp(t)
	mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: "Ana met Bob in Oslo."}))
	before := dump(t, db, ExportFilter{})
	calls := map[string]func() error{
		"search":         func() error { _, err := db.Search(ctx, "Oslo", 10); return err },
		"search pending": func() error { _, err := db.SearchPending(ctx); return err },
		"index search":   func() error { return db.IndexSearch(ctx, nil) },
		"list by query":  func() error { _, err := db.ListArticles(ctx, ArticleFilter{Query: "Oslo"}); return err },
	}
	for name, call := range calls {
		err := call()
		if !errors.Is(err, ErrNotOnPostgres) || !strings.Contains(err.Error(), "is not available on a PostgreSQL database yet") {
			t.Errorf("%s: error = %v, want ErrNotOnPostgres", name, err)
		}
	}
	if after := dump(t, db, ExportFilter{}); !slices.Equal(before, after) {
		t.Errorf("refused calls changed the database:\n%v\n%v", before, after)
	}
}

// openPGTemp is openTemp on PostgreSQL, outside onEngines.
func openPGTemp(t *testing.T) *DB {
	t.Helper()
	db, err := Open(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
