//go:build unix

package store

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// TestReadOnlyOpenRollsBackAHotJournal: a writer killed in a rollback-
// journal transaction (a bulk import, or a switch of journal mode, whose
// file header already says WAL) leaves a hot journal; a read-only command
// rolls it back (as any opener would) instead of failing with "attempt to
// write a readonly database". The crash test found the WAL-header case.
func TestReadOnlyOpenRollsBackAHotJournal(t *testing.T) {
	if p := os.Getenv("SPANMARK_HOTJOURNAL_CHILD"); p != "" {
		sdb, _ := sql.Open("sqlite3", dsn(p, "_journal_mode=DELETE&_txlock=immediate"))
		sdb.SetMaxOpenConns(1)
		sdb.Exec("PRAGMA cache_size = 1") // spill: pages reach the file mid-transaction
		tx, err := sdb.Begin()
		if err != nil {
			os.Exit(3)
		}
		tx.Exec(`UPDATE articles SET text = text || ' more'`)
		tx.Exec(`DELETE FROM labels`)
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
	}
	for _, walHeader := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "bulk.db")
		db, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 200 {
			mustImport(t, db, ImportOptions{}, rec(i+1, annotateArticle(i)))
		}
		db.Close()
		rawExec(t, path, "PRAGMA journal_mode = DELETE")
		cmd := exec.Command(os.Args[0], "-test.run=^TestReadOnlyOpenRollsBackAHotJournal$")
		cmd.Env = append(os.Environ(), "SPANMARK_HOTJOURNAL_CHILD="+path)
		cmd.Run()
		if fi, err := os.Stat(path + "-journal"); err != nil || fi.Size() == 0 {
			t.Fatalf("the killed writer left no journal: %v", err)
		}
		if walHeader { // killed while switching to WAL: the header says WAL already
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteAt([]byte{2, 2}, 18)
			f.Close()
		}
		ro, err := OpenReadOnly(path, Options{})
		if err != nil {
			t.Fatalf("wal header %v: %v", walHeader, err)
		}
		st, err := ro.Stats(context.Background())
		ro.Close()
		if err != nil || st.Articles != 200 {
			t.Fatalf("wal header %v: stats after the kill: %+v, %v", walHeader, st, err)
		}
	}
}

func annotateArticle(i int) annotate.Article {
	return annotate.Article{ID: "a" + strconv.Itoa(i), Text: strings.Repeat("Ann met Bob in Oslo. ", 200)}
}
