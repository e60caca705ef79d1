package store

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spanmark/spanmark/annotate"
)

// spanmarkFile makes a closed spanmark database with one article and
// returns its path.
func spanmarkFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "team.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: oslo,
		Spans: []annotate.Span{{Start: 0, End: 3, Label: "PERSON"}}}))
	db.Close()
	return path
}

// rawExec runs statements on path through a plain SQLite connection.
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	sdb, err := sql.Open("sqlite3", dsn(path, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	for _, q := range stmts {
		if _, err := sdb.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

// assertUntouched fails when path's bytes differ from before or SQLite
// files appeared beside it.
func assertUntouched(t *testing.T, path string, before []byte) {
	t.Helper()
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("%s was changed by a refused open", filepath.Base(path))
	}
	for _, s := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + s); err == nil {
			t.Errorf("%s%s appeared", filepath.Base(path), s)
		}
	}
}

func TestOpenRefusesUserVersionNotOurs(t *testing.T) {
	for _, v := range []string{"-1", "999", "-2147483648"} {
		t.Run(v, func(t *testing.T) {
			path := spanmarkFile(t)
			rawExec(t, path, "PRAGMA user_version = "+v)
			before, _ := os.ReadFile(path)
			_, err := Open(path) // must not panic
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "schema version "+v) {
				t.Fatalf("Open = %v, want a refusal naming the file and version %s", err, v)
			}
			assertUntouched(t, path, before)
		})
	}
}

// corruptPage overwrites the middle of the file's last b-tree page.
func corruptPage(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 3*pageSize {
		t.Fatalf("%s has %d bytes, want at least 3 pages", path, len(b))
	}
	// The b-tree page header of page 3 and the cells after it.
	copy(b[2*pageSize:], bytes.Repeat([]byte{0xA5}, 4096))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefusesCorruptDatabaseBeforeWriting(t *testing.T) {
	path := spanmarkFile(t)
	corruptPage(t, path)
	before, _ := os.ReadFile(path)
	_, err := Open(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "damaged") || !strings.Contains(err.Error(), "copy") {
		t.Fatalf("Open = %v, want 'damaged', the file and advice to restore a copy", err)
	}
	assertUntouched(t, path, before)
}

func TestOpenRefusesForeignSQLiteDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "browser.db")
	rawExec(t, path, "CREATE TABLE cookies(host TEXT, value TEXT)", "INSERT INTO cookies VALUES ('x', 'y')")
	before, _ := os.ReadFile(path)
	_, err := Open(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not a spanmark database") {
		t.Fatalf("Open = %v, want 'not a spanmark database'", err)
	}
	assertUntouched(t, path, before)
	_ = context.Background
}

// oldSchemaFile is a database of a spanmark that knew migrations 0001–0003,
// in rollback-journal mode, with one article.
func oldSchemaFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	sdb, err := sql.Open("sqlite3", dsn(path, "_journal_mode=DELETE"))
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := migrations()
	old := &DB{db: sdb, path: path}
	if err := old.migrateTo(context.Background(), ms[:3]); err != nil {
		t.Fatal(err)
	}
	if _, err := sdb.Exec(`INSERT INTO articles(pk, id, text, created, updated) VALUES (1, 'oslo', 'Ann met Bob in Oslo.', 1, 1)`); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	return path
}

func TestSchemaVersionTellsAnOlderDatabase(t *testing.T) {
	old := oldSchemaFile(t)
	before, _ := os.ReadFile(old)
	have, known, err := SchemaVersion(old)
	ms, _ := migrations()
	if err != nil || have != 3 || known != len(ms) {
		t.Fatalf("SchemaVersion = %d, %d, %v; want 3, %d", have, known, err, len(ms))
	}
	assertUntouched(t, old, before)
	if have, _, err := SchemaVersion(filepath.Join(t.TempDir(), "new.db")); err != nil || have != 0 {
		t.Errorf("SchemaVersion of a missing file = %d, %v; want 0, nil", have, err)
	}
}

func TestMigratingKeepsABackupOfTheOlderDatabase(t *testing.T) {
	old := oldSchemaFile(t)
	before, _ := os.ReadFile(old)
	db, err := Open(old)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	bak := old + ".bak-v3"
	have, _, err := SchemaVersion(bak)
	if err != nil || have != 3 {
		t.Fatalf("backup %s: schema %d, %v; want 3", bak, have, err)
	}
	if b, _ := os.ReadFile(bak); len(b) == 0 || b[18] != before[18] {
		t.Errorf("backup journal mode byte %d, want the original's %d", b[18], before[18])
	}
	// A second older file of the same name does not overwrite the first backup.
	if _, err := os.Stat(old + ".bak-v3"); err != nil {
		t.Fatal(err)
	}
}

// TestCheckLaterHoldsEveryWriteUntilTheCheckPasses opens with the
// whole-file check on a goroutine (the window's way) a database in WAL or
// rollback-journal mode, good or damaged, and writes while the check is
// held back: no write returns before the check has finished; on a good
// database they all land (and the file is in WAL after), on a damaged one
// they all fail with the check's message and the file is as it was.
func TestCheckLaterHoldsEveryWriteUntilTheCheckPasses(t *testing.T) {
	for _, tc := range []struct {
		name           string
		journal        string
		damage, wantOK bool
	}{
		{"good, WAL", "WAL", false, true},
		{"good, rollback journal", "DELETE", false, true},
		{"damaged, WAL", "WAL", true, false},
		{"damaged, rollback journal", "DELETE", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := spanmarkFile(t)
			rawExec(t, path, "PRAGMA journal_mode = "+tc.journal)
			if tc.damage {
				corruptPage(t, path)
			}
			before, _ := os.ReadFile(path)
			release := make(chan struct{})
			checkStarting = func() { <-release }
			defer func() { checkStarting = nil }()
			db, err := OpenWith(path, Options{CheckLater: true})
			if err != nil {
				t.Fatalf("OpenWith(CheckLater) = %v, want the check to come later", err)
			}
			if done, _ := db.Checked(); done {
				t.Fatal("the check finished while it was held back")
			}
			ctx := context.Background()
			writes := []func() error{
				func() error { return db.SetSetting(ctx, "k", "v") },
				func() error { return db.SetStatus(ctx, "a", annotate.StatusDone) },
				func() error {
					_, err := db.Import(ctx, feed(rec(1, annotate.Article{ID: "b", Text: "Bob."})), ImportOptions{})
					return err
				},
			}
			errs := make(chan error, len(writes))
			for _, w := range writes {
				go func() { errs <- w() }()
			}
			select {
			case err := <-errs:
				t.Fatalf("a write returned (%v) before the check finished", err)
			case <-time.After(200 * time.Millisecond):
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, before) {
				t.Error("the file changed while its check was held back")
			}
			close(release)
			for range writes {
				err := <-errs
				if tc.wantOK && err != nil {
					t.Errorf("write after the check passed: %v", err)
				}
				if !tc.wantOK && (err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "damaged") || !strings.Contains(err.Error(), "restore it from a copy")) {
					t.Errorf("write to the damaged database: %v, want the check's refusal", err)
				}
			}
			done, cerr := db.Checked()
			if !done || (cerr == nil) != tc.wantOK {
				t.Errorf("Checked = %v, %v", done, cerr)
			}
			if err := db.WaitChecked(ctx); (err == nil) != tc.wantOK {
				t.Errorf("WaitChecked = %v", err)
			}
			if tc.wantOK {
				if v, err := db.Setting(ctx, "k"); err != nil || v != "v" {
					t.Errorf("setting after the check: %q, %v", v, err)
				}
			}
			db.Close()
			if !tc.wantOK {
				assertUntouched(t, path, before)
				return
			}
			if b, _ := os.ReadFile(path); b[18] != 2 || b[19] != 2 {
				t.Errorf("journal mode bytes %d %d after the check passed, want WAL (2 2)", b[18], b[19])
			}
		})
	}
}
