package cli

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// holdWriteLock starts a write transaction on db from another connection
// (as another spanmark writing would) and returns the function ending it.
func holdWriteLock(t *testing.T, db string) func() {
	t.Helper()
	sdb, err := sql.Open("sqlite3", "file:"+db+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := sdb.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE settings SET value = value`); err != nil {
		t.Fatal(err)
	}
	done := false
	release := func() {
		if !done {
			done = true
			tx.Rollback()
			sdb.Close()
		}
	}
	t.Cleanup(release)
	return release
}

func TestSecondWriterWaitsWithAMessageThenGivesUp(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	importOK(t, db, writeFile(t, dir, "one.jsonl", []byte(`{"id": "a", "text": "Ann came."}`+"\n")))
	holdWriteLock(t, db)
	in := writeFile(t, dir, "two.jsonl", []byte(`{"id": "b", "text": "Bob came."}`+"\n"))
	start := time.Now()
	code, _, errOut := runCLI(t, "import", "--db", db, "--wait", "3s", in)
	took := time.Since(start)
	if code != ExitFail || !strings.Contains(errOut, "waiting for another spanmark writing "+db) || !strings.Contains(errOut, "busy") {
		t.Fatalf("import while another writes: exit %d: %s", code, errOut)
	}
	if strings.Contains(errOut, "two.jsonl") {
		t.Errorf("the busy database is blamed on the input: %s", errOut)
	}
	if took < 3*time.Second || took > 8*time.Second {
		t.Errorf("gave up after %v, want about --wait 3s", took)
	}
}

func TestSecondWriterGoesOnWhenTheFirstFinishes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	importOK(t, db, writeFile(t, dir, "one.jsonl", []byte(`{"id": "a", "text": "Ann came."}`+"\n")))
	release := holdWriteLock(t, db)
	time.AfterFunc(2*time.Second, release)
	in := writeFile(t, dir, "two.jsonl", []byte(`{"id": "b", "text": "Bob came."}`+"\n"))
	code, _, errOut := runCLI(t, "import", "--db", db, "--wait", "20s", in)
	if code != ExitOK || !strings.Contains(errOut, "waiting for another spanmark") {
		t.Fatalf("import after the other writer finished: exit %d: %s", code, errOut)
	}
}

// Readers of a WAL database need no write lock: export and stats read
// their snapshot while another program writes.
func TestReadersDoNotWaitForAWriter(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	importOK(t, db, writeFile(t, dir, "one.jsonl", []byte(`{"id": "a", "text": "Ann came."}`+"\n")))
	holdWriteLock(t, db)
	for _, args := range [][]string{{"stats"}, {"export"}, {"claims"}, {"agree", "--annotators", "x,y"}} {
		start := time.Now()
		code, out, errOut := runCLI(t, append(args, "--db", db)...)
		if took := time.Since(start); took > 900*time.Millisecond {
			t.Errorf("%s waited %v for the writer", args[0], took)
		}
		if args[0] != "agree" && code != ExitOK || strings.Contains(errOut, "busy") || strings.Contains(errOut, "locked") {
			t.Errorf("%s: exit %d: %s%s", args[0], code, out, errOut)
		}
	}
}
