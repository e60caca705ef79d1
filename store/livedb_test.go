//go:build linux

package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/internal/lockcheck"
)

// locksHeld returns the POSIX locks this process holds on the database
// file and its -shm (SQLite's, in WAL mode).
func locksHeld(t *testing.T, path string) (db, shm int) {
	t.Helper()
	db, err := lockcheck.Held(os.Getpid(), path)
	if err != nil {
		t.Fatal(err)
	}
	shm, err = lockcheck.Held(os.Getpid(), path+"-shm")
	if err != nil {
		t.Fatal(err)
	}
	return db, shm
}

// openLive opens a database named without any extension and writes to it,
// so that SQLite holds its locks, and returns it with the locks it holds.
func openLive(t *testing.T) (*DB, string, [2]int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "notes")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: oslo}))
	if _, err := db.AddSpan(context.Background(), "a", annotate.Span{Start: 0, End: 4, Label: "GPE"}); err != nil {
		t.Fatal(err)
	}
	d, s := locksHeld(t, path)
	if d == 0 || s == 0 {
		t.Fatalf("SQLite holds %d locks on the database and %d on its -shm; the test needs both", d, s)
	}
	return db, path, [2]int{d, s}
}

// stillLocked fails when the process holds no lock on the database or its
// -shm any more: closing any descriptor of a file drops all of a process's
// POSIX locks on it, which is the fault. The exact count may differ from
// held by one when a transaction or checkpoint is in flight (seen under
// load), so it is not compared.
func stillLocked(t *testing.T, path string, held [2]int, when string) {
	t.Helper()
	if d, s := locksHeld(t, path); d == 0 || s == 0 {
		t.Fatalf("%s: %d and %d locks on the database and its -shm (had %v): a lock was lost", when, d, s, held)
	}
}

func TestOpeningTheOpenDatabaseAgainKeepsItsLocks(t *testing.T) {
	db, path, held := openLive(t)
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, link} {
		again, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		again.Close()
		stillLocked(t, path, held, "after opening and closing "+p+" again")
	}
	if _, err := db.AddSpan(context.Background(), "a", annotate.Span{Start: 1, End: 3, Label: "X"}); err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefusesTheFilesBesideTheOpenDatabase(t *testing.T) {
	_, path, held := openLive(t)
	for _, suffix := range []string{"-wal", "-shm", "-journal", "-WAL"} {
		db, err := Open(path + suffix)
		if err == nil {
			db.Close()
			t.Fatalf("Open(%s) of the open database's sidecar succeeded", suffix)
		}
		if !strings.Contains(err.Error(), "of the database spanmark has open") {
			t.Errorf("Open(%s): %v", suffix, err)
		}
	}
	stillLocked(t, path, held, "after the refused opens")
}

func TestMergeRefusesTheFilesOfTheTargetDatabase(t *testing.T) {
	_, path, held := openLive(t)
	for _, src := range []string{path + "-wal", path + "-shm"} {
		srcs, err := OpenMergeSources(path, []string{src})
		if err == nil {
			for _, s := range srcs {
				s.Close()
			}
			t.Fatalf("merge of %s was not refused", src)
		}
	}
	stillLocked(t, path, held, "after the refused merges")
}
