package cli

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// hostileDB is one kind of file a user may point --db at.
type hostileDB struct {
	name string
	// make returns the path to give as --db (and as merge's OTHER).
	make func(t *testing.T, good string) string
	// readable: reading commands work on it; writable: writing ones too.
	readable, writable bool
	want               string // what a refusal must say (besides the path)
}

// goodDB is a spanmark database of 40 articles with spans of ana and ben,
// more than 100 KiB, closed.
func goodDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var in strings.Builder
	body := strings.Repeat("Ana Lopez met Bob in Paris and talked about the weather. ", 60)
	for i := range 40 {
		for _, who := range []string{"ana", "ben"} {
			fmt.Fprintf(&in, `{"id": "art%d", "text": %q, "spans": [{"start": 0, "end": 9, "label": "PERSON", "annotator": %q}]}`+"\n", i, body, who)
		}
	}
	src := writeFile(t, dir, "in.jsonl", []byte(in.String()))
	db := filepath.Join(dir, "good.db")
	if code, _, errOut := runCLI(t, "import", "--db", db, src); code != ExitOK {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	return db
}

func copyTo(t *testing.T, src string, n int) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if n >= 0 {
		if n > len(b) {
			t.Fatalf("%s has %d bytes, fewer than %d", src, len(b), n)
		}
		b = b[:n]
	}
	return writeFile(t, t.TempDir(), "hostile.db", b)
}

func sqliteExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	sdb, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	for _, q := range stmts {
		if _, err := sdb.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// oldSchemaDB is a database of a spanmark that knew migrations 0001–0003,
// in rollback-journal mode as that spanmark could leave it.
func oldSchemaDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	stmts := []string{"PRAGMA journal_mode = DELETE"}
	for _, n := range []string{"0001_init.sql", "0002_list_index.sql", "0003_spans_by_article.sql"} {
		b, err := os.ReadFile(filepath.Join("..", "store", "migrations", "sqlite", n))
		if err != nil {
			t.Fatal(err)
		}
		stmts = append(stmts, string(b))
	}
	stmts = append(stmts,
		`INSERT INTO labels(name, kind, color, key, position) VALUES ('PERSON', 'entity', '#1f77b4', '1', 0)`,
		`INSERT INTO articles(pk, id, text, created, updated) VALUES (1, 'art1', 'Ana Lopez met Bob in Paris.', 1, 1)`,
		`INSERT INTO spans(article, span_id, start, "end", label, kind, annotator, created, updated) VALUES (1, 's1', 0, 9, 'PERSON', 'entity', 'ana', 1, 1), (1, 's2', 0, 3, 'PERSON', 'entity', 'ben', 1, 1)`,
		`PRAGMA user_version = 3`)
	sqliteExec(t, path, stmts...)
	return path
}

func hostileDBs() []hostileDB {
	return []hostileDB{
		{name: "zero-byte", make: func(t *testing.T, _ string) string { return writeFile(t, t.TempDir(), "empty.db", nil) },
			writable: true, want: "empty"},
		{name: "foreign SQLite", make: func(t *testing.T, _ string) string {
			p := filepath.Join(t.TempDir(), "places.sqlite")
			sqliteExec(t, p, "CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT)", "INSERT INTO moz_places(url) VALUES ('https://example.org')")
			return p
		}, want: "not a spanmark database"},
		{name: "truncated 16 B", make: func(t *testing.T, g string) string { return copyTo(t, g, 16) }, want: "database"},
		{name: "truncated 4 KiB", make: func(t *testing.T, g string) string { return copyTo(t, g, 4096) }, want: "damaged"},
		{name: "truncated 100 KiB", make: func(t *testing.T, g string) string { return copyTo(t, g, 100<<10) }, want: "damaged"},
		{name: "corrupt page", make: func(t *testing.T, g string) string {
			p := copyTo(t, g, -1)
			b, _ := os.ReadFile(p)
			copy(b[2*65536:], bytes.Repeat([]byte{0xA5}, 4096))
			os.WriteFile(p, b, 0o644)
			return p
		}, want: "damaged"},
		{name: "user_version -1", make: func(t *testing.T, g string) string {
			p := copyTo(t, g, -1)
			sqliteExec(t, p, "PRAGMA user_version = -1")
			return p
		}, want: "schema version -1"},
		{name: "user_version 999", make: func(t *testing.T, g string) string {
			p := copyTo(t, g, -1)
			sqliteExec(t, p, "PRAGMA user_version = 999")
			return p
		}, want: "update spanmark"},
		{name: "old schema 3", make: func(t *testing.T, _ string) string { return oldSchemaDB(t) }, readable: true, writable: true},
		{name: "read-only mount", make: readOnlyMount, readable: true, want: "read-only file system"},
		{name: "directory", make: func(t *testing.T, _ string) string { return t.TempDir() }, want: "folder"},
		{name: "missing folder", make: func(t *testing.T, _ string) string {
			return filepath.Join(t.TempDir(), "nope", "deeper", "x.db")
		}, writable: true, want: "does not exist"},
	}
}

// readOnlyMount puts a copy of the good database on a read-only bind
// mount made for the test (root ignores permission bits, not a read-only
// mount) and undoes it at the end.
func readOnlyMount(t *testing.T, good string) string {
	t.Helper()
	src := filepath.Dir(copyTo(t, good, -1))
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "--bind", "-o", "ro", src, mnt).CombinedOutput(); err != nil {
		t.Skipf("read-only mount: needs root and mount(8): mount --bind -o ro: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	// Older mount(8) ignores ro on a bind; remount makes sure.
	exec.Command("mount", "-o", "remount,bind,ro", mnt).Run()
	if err := os.WriteFile(filepath.Join(mnt, "probe"), nil, 0o644); err == nil {
		t.Skipf("read-only mount: %s is still writable after mount --bind -o ro", mnt)
	}
	return filepath.Join(mnt, "hostile.db")
}

// dbCommand is one spanmark command run against a --db.
type dbCommand struct {
	name   string
	writes bool
	args   func(t *testing.T, db string) []string
}

func hostileCommands() []dbCommand {
	jsonl := func(t *testing.T) string {
		return writeFile(t, t.TempDir(), "more.jsonl", []byte(`{"id": "new1", "text": "Nina came."}`+"\n"))
	}
	claimsFile := func(t *testing.T) string {
		return writeFile(t, t.TempDir(), "claims.json", []byte(`[{"name": "verdict", "type": "choice", "values": ["true", "false"]}]`))
	}
	return []dbCommand{
		{"import", true, func(t *testing.T, db string) []string { return []string{"import", "--db", db, jsonl(t)} }},
		{"export", false, func(t *testing.T, db string) []string { return []string{"export", "--db", db} }},
		{"export brat", false, func(t *testing.T, db string) []string {
			return []string{"export", "--db", db, "--format", "brat", "--out", filepath.Join(t.TempDir(), "brat")}
		}},
		{"stats", false, func(t *testing.T, db string) []string { return []string{"stats", "--db", db} }},
		{"agree", false, func(t *testing.T, db string) []string {
			return []string{"agree", "--db", db, "--annotators", "ana,ben"}
		}},
		{"claims", false, func(t *testing.T, db string) []string { return []string{"claims", "--db", db} }},
		{"claims --set", true, func(t *testing.T, db string) []string { return []string{"claims", "--db", db, "--set", claimsFile(t)} }},
		{"merge into", true, func(t *testing.T, db string) []string {
			return []string{"merge", "--db", db, importAs(t, t.TempDir(), "cy", `{"id": "c1", "text": "Cy ran."}`+"\n", "cy")}
		}},
		{"merge from", false, func(t *testing.T, db string) []string {
			return []string{"merge", "--db", filepath.Join(t.TempDir(), "target.db"), db}
		}},
	}
}

// snapshot is a file's bytes and which SQLite sidecars exist beside it.
func snapshot(path string) (b []byte, exists bool) {
	b, err := os.ReadFile(path)
	return b, err == nil
}

// TestHostileDatabases runs every command on every kind of hostile
// database file: no panic, no usage exit, a refusal is one line naming the
// file, a command that only reads leaves the file's bytes (and folders) as
// they were, and readable files are read.
func TestHostileDatabases(t *testing.T) {
	good := goodDB(t)
	for _, h := range hostileDBs() {
		for _, c := range hostileCommands() {
			t.Run(h.name+"/"+c.name, func(t *testing.T) {
				db := h.make(t, good)
				args := c.args(t, db)
				before, existed := snapshot(db)
				_, dirErr := os.Stat(filepath.Dir(db))
				code, _, errOut := runCLI(t, args...)
				after, exists := snapshot(db)
				works := h.readable && !c.writes || h.writable && c.writes || h.readable && c.name == "merge from"
				switch {
				case code == ExitUsage:
					t.Fatalf("exit 2 (usage) on a hostile database: %s", errOut)
				case works && code != ExitOK:
					t.Fatalf("exit %d, want 0: %s", code, errOut)
				case !works && code == ExitOK:
					t.Fatalf("exit 0, want a refusal saying %q", h.want)
				case !works:
					msg := strings.TrimSpace(errOut)
					if strings.Count(msg, "\n") > 0 || !strings.Contains(msg, db) || !strings.Contains(msg, h.want) {
						t.Errorf("refusal %q: want one line naming %s and saying %q", msg, db, h.want)
					}
				}
				if !c.writes || !works {
					if existed != exists || !bytes.Equal(before, after) {
						t.Errorf("%s changed the file it only reads or refused (%d → %d bytes, existed %v → %v)", c.name, len(before), len(after), existed, exists)
					}
					if _, err := os.Stat(filepath.Dir(db)); (err == nil) != (dirErr == nil) {
						t.Errorf("%s created the folder %s", c.name, filepath.Dir(db))
					}
				}
				if !works {
					for _, side := range []string{"-wal", "-shm", "-journal"} {
						if _, err := os.Stat(db + side); err == nil {
							t.Errorf("a refused %s left %s%s beside the file", c.name, filepath.Base(db), side)
						}
					}
				}
				if h.name == "old schema 3" && !c.writes {
					var mode string
					sdb, _ := sql.Open("sqlite3", "file:"+db+"?mode=ro")
					sdb.QueryRow("PRAGMA journal_mode").Scan(&mode)
					var v int
					sdb.QueryRow("PRAGMA user_version").Scan(&v)
					sdb.Close()
					if mode != "delete" || v != 3 {
						t.Errorf("after %s the old database has journal mode %s and schema %d, want delete and 3", c.name, mode, v)
					}
				}
			})
		}
	}
}
