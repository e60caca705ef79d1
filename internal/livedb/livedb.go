// Package livedb owns the list of database files this process has open
// through SQLite, and answers whether a path is one of them or one of their
// sidecars (-wal, -shm, -journal), so that no other code of the process
// opens them.
//
// Why: on Linux and macOS, closing any descriptor of a file drops every
// POSIX lock the process holds on that file, whoever opened it (SQLite's
// "How To Corrupt An SQLite Database File", §2.2). Those locks are what
// tell another process that the database is in use; without them the other
// process checkpoints and deletes the WAL under us, and every change we
// make after that is written to a deleted file. A file dialog reading the
// first line of repro.db to choose its icon is enough.
//
// The answer is by file identity (device and inode, through os.Stat, which
// opens nothing), so it holds for any name, a symlink or a hard link; a
// sidecar counts even before SQLite has created it.
package livedb

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Sidecars are the suffixes of the files SQLite keeps beside a database.
var Sidecars = []string{"-wal", "-shm", "-journal"}

type entry struct {
	path string
	abs  string
	info os.FileInfo
}

var (
	mu   sync.Mutex
	open []*entry
)

// Add records that the database at path is open (call it after SQLite has
// opened the file) and returns the function that forgets it again. Opening
// one database twice adds it twice; each remove forgets one.
func Add(path string) (remove func(), err error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	e := &entry{path: path, abs: absPath(path), info: info}
	mu.Lock()
	open = append(open, e)
	mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			mu.Lock()
			defer mu.Unlock()
			for i, o := range open {
				if o == e {
					open = append(open[:i], open[i+1:]...)
					return
				}
			}
		})
	}, nil
}

// Error says that a path is a live database file. Role is "" for the
// database itself, else its sidecar suffix ("-wal", "-shm", "-journal").
type Error struct {
	Path string // as asked
	DB   string // the open database's path
	Role string
}

func (e *Error) Error() string {
	if e.Role == "" {
		return fmt.Sprintf("%s is the database spanmark has open", e.Path)
	}
	return fmt.Sprintf("%s is the %s of the database spanmark has open (%s)", e.Path, roleName(e.Role), e.DB)
}

func roleName(suffix string) string {
	switch suffix {
	case "-wal":
		return "write-ahead log"
	case "-shm":
		return "shared-memory index"
	}
	return "rollback journal"
}

// Check returns an *Error when path is an open database of this process or
// one of its sidecars, and nil otherwise (also when path does not exist and
// is no sidecar). It opens nothing.
func Check(path string) error {
	mu.Lock()
	entries := append([]*entry(nil), open...)
	mu.Unlock()
	if len(entries) == 0 || path == "" {
		return nil
	}
	if e := match(entries, path); e != nil {
		return &Error{Path: path, DB: e.path}
	}
	for _, s := range Sidecars {
		if len(path) > len(s) && strings.EqualFold(path[len(path)-len(s):], s) {
			if e := match(entries, path[:len(path)-len(s)]); e != nil {
				return &Error{Path: path, DB: e.path, Role: s}
			}
		}
	}
	return nil
}

// IsDB reports whether path is itself (not a sidecar of) an open database.
func IsDB(path string) bool {
	err, ok := Check(path).(*Error)
	return ok && err.Role == ""
}

// match returns the open database that path names, by identity, or by its
// cleaned absolute path when it cannot be stat'ed.
func match(entries []*entry, path string) *entry {
	info, err := os.Stat(path)
	if err != nil {
		abs := absPath(path)
		for _, e := range entries {
			if e.abs == abs {
				return e
			}
		}
		return nil
	}
	for _, e := range entries {
		if os.SameFile(info, e.info) {
			return e
		}
	}
	return nil
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}
