package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// engines are the database engines the store's tests run on.
var engines = []string{"sqlite", "postgres"}

// onEngines runs body once per engine, as the subtests sqlite and postgres;
// openTemp in body (and in the helpers it calls) opens a new database of
// that subtest's engine.
func onEngines(t *testing.T, body func(t *testing.T)) {
	for _, e := range engines {
		t.Run(e, body)
	}
}

// engineOf is the engine a test runs on: postgres inside onEngines'
// postgres subtest (and its own subtests), else sqlite.
func engineOf(t testing.TB) string {
	if strings.Contains(t.Name()+"/", "/postgres/") {
		return "postgres"
	}
	return "sqlite"
}

// openTemp opens a new empty database: a file in t.TempDir(), or a
// database of its own on the test binary's throwaway PostgreSQL server
// (internal/pgtest) in a postgres subtest.
func openTemp(t testing.TB) *DB {
	t.Helper()
	return openOn(t, engineOf(t))
}

// openOn is openTemp on engine ("sqlite" or "postgres"), whichever
// onEngines chose.
func openOn(t testing.TB, engine string) *DB {
	t.Helper()
	name := filepath.Join(t.TempDir(), "sub", "test.db")
	if engine == "postgres" {
		name = pgtest.URL(t)
	}
	db, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newDatabaseName is where a test's new database is to be opened (a file
// under t.TempDir(), in folders elems[:len-1] not made yet, or a database
// of its own on the throwaway PostgreSQL server) and the name Path() and
// errors give it (the file, or the URL without a password).
func newDatabaseName(t *testing.T, elems ...string) (name, shown string) {
	t.Helper()
	if engineOf(t) == "postgres" {
		url := pgtest.URL(t)
		return url, redact(url)
	}
	path := filepath.Join(append([]string{t.TempDir()}, elems...)...)
	return path, path
}

// feed returns a next function over recs, then io.EOF.
func feed(recs ...annotate.Record) func() (*annotate.Record, error) {
	i := 0
	return func() (*annotate.Record, error) {
		if i == len(recs) {
			return nil, io.EOF
		}
		i++
		r := recs[i-1]
		return &r, nil
	}
}

func rec(line int, a annotate.Article) annotate.Record {
	return annotate.Record{Article: a, File: "in.jsonl", Line: line}
}

func mustImport(t testing.TB, db *DB, opt ImportOptions, recs ...annotate.Record) ImportResult {
	t.Helper()
	res, err := db.Import(context.Background(), feed(recs...), opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// dump is the whole export as JSON lines with times cleared, for comparing
// database contents.
func dump(t testing.TB, db *DB, f ExportFilter) []string {
	t.Helper()
	var out []string
	err := db.Export(context.Background(), f, func(a *annotate.Article) error {
		c := *a
		c.Spans = append([]annotate.Span(nil), a.Spans...)
		for i := range c.Spans {
			if c.Spans[i].Created.IsZero() || c.Spans[i].Updated.IsZero() {
				t.Errorf("article %s span %s has no created/updated time", a.ID, c.Spans[i].ID)
			}
			c.Spans[i].Created, c.Spans[i].Updated = c.Spans[i].Created.UTC().Truncate(0), c.Spans[i].Updated.UTC()
		}
		b, err := json.Marshal(c)
		if err != nil {
			return err
		}
		out = append(out, string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func pragma(t testing.TB, db *sql.DB, name string) string {
	t.Helper()
	var v string
	if err := db.QueryRow("PRAGMA " + name).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// rawOpen opens the file without spanmark's DSN, to look at it as it is.
func rawOpen(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func spanIDs(a *annotate.Article) []string {
	var ids []string
	for _, s := range a.Spans {
		ids = append(ids, s.ID)
	}
	return ids
}

// checkIntegrity fails when the database breaks a foreign key or is corrupt.
func checkIntegrity(t testing.TB, db *DB) {
	t.Helper()
	if db.pg {
		// The server checks foreign keys on every write; this looks for
		// what they would let through were one missing from the schema.
		var orphans int
		err := db.db.QueryRow(`SELECT
			(SELECT count(*) FROM spans s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.pk = s.article)) +
			(SELECT count(*) FROM relations r WHERE NOT EXISTS (SELECT 1 FROM spans s WHERE s.article = r.article AND s.span_id = r.head)
				OR NOT EXISTS (SELECT 1 FROM spans s WHERE s.article = r.article AND s.span_id = r.child)) +
			(SELECT count(*) FROM article_status x WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.pk = x.article))`).Scan(&orphans)
		if err != nil {
			t.Fatal(err)
		}
		if orphans != 0 {
			t.Errorf("%d rows point at rows that are not there", orphans)
		}
		return
	}
	rows, err := db.db.Query("PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid, fkid sql.NullInt64
		rows.Scan(&table, &rowid, &parent, &fkid)
		t.Errorf("foreign key broken: %s row %v -> %s", table, rowid.Int64, parent)
	}
	if v := pragma(t, db.db, "integrity_check"); v != "ok" {
		t.Errorf("integrity_check: %s", v)
	}
}

// olderDatabase makes at path a database of a spanmark that knew only the
// first n migrations, and returns it open.
func olderDatabase(t *testing.T, path string, n int) *sql.DB {
	t.Helper()
	sdb, err := sql.Open("sqlite3", dsn(path, "_journal_mode=WAL&"+baseDSN))
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := migrations()
	old := &DB{db: sdb, path: path}
	if err := old.migrateTo(context.Background(), ms[:n]); err != nil {
		t.Fatal(err)
	}
	return sdb
}
