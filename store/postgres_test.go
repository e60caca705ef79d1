package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/internal/pgtest"
)

// rawPG opens url without spanmark, to look at and change it as it is.
func rawPG(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, _, err := openPGPool(url, false)
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
	if err == nil || !strings.Contains(err.Error(), `no database "nosuchdb" on the server`) || strings.Contains(err.Error(), "secret") {
		t.Fatalf("error = %v, want no database \"nosuchdb\" without the password", err)
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

// openAsRole opens the database at url (made by pgtest, as its superuser)
// as a new login role name with the privileges grants gives it ("ON …",
// granted to it), dropped when the test ends.
func openAsRole(t *testing.T, url, name string, grants ...string) *DB {
	t.Helper()
	raw := rawPG(t, url)
	stmts := []string{`DROP ROLE IF EXISTS ` + name, `CREATE ROLE ` + name + ` LOGIN`} // the cluster is shared by the tests
	for _, g := range grants {
		stmts = append(stmts, `GRANT `+g+` TO `+name)
	}
	for _, s := range stmts {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	db, err := Open(strings.Replace(url, "://spanmark@", "://"+name+"@", 1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close(); raw.Exec(`DROP OWNED BY ` + name); raw.Exec(`DROP ROLE ` + name) })
	return db
}

// TestPostgresSearchAfterTheUpgradeAndOnAHugeText: a database of schema
// version 9 (before search) gets the tsvector of the articles it holds when
// opened; an article whose tsvector would pass PostgreSQL's 1 MB limit is
// imported all the same, searchable by its beginning.
func TestPostgresSearchAfterTheUpgradeAndOnAHugeText(t *testing.T) {
	url := pgtest.URL(t)
	db, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw := rawPG(t, url)
	for _, s := range []string{
		`ALTER TABLE articles DROP COLUMN tsv`,
		`DROP TRIGGER articles_text_changed ON articles`,
		`DROP FUNCTION spanmark_text_changed`,
		`DROP FUNCTION spanmark_tsvector`,
		`DROP TEXT SEARCH CONFIGURATION spanmark`,
		`UPDATE schema_version SET version = 9`,
		`INSERT INTO articles(id, text, created, updated) VALUES ('old', 'Snow in Zürich.', 1, 1)`,
	} {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	db, err = Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := searchIDs(t, db, "zurich"); !slices.Equal(got, []string{"old"}) {
		t.Errorf("after the upgrade, zurich finds %v", got)
	}
	var huge strings.Builder
	huge.WriteString("Beginning of a huge article.")
	for i := 0; huge.Len() < 4<<20; i++ {
		fmt.Fprintf(&huge, " w%d", i)
	}
	huge.WriteString(" Ending.")
	mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "huge", Text: huge.String()}))
	if got := searchIDs(t, db, "beginning"); !slices.Equal(got, []string{"huge"}) {
		t.Errorf("the huge article: beginning finds %v", got)
	}
}
