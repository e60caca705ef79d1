package store

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spanmark/spanmark/annotate"

	_ "github.com/mattn/go-sqlite3"
)

// ErrNotFound is returned (wrapped) for a missing article or span.
var ErrNotFound = errors.New("not found")

// pageSize is set on a new file before it switches to WAL: with WAL a later
// page_size is silently ignored, and 64 KiB pages make bulk loads ~40% faster.
const pageSize = 65536

// baseDSN holds the pragmas of every connection except the journal mode.
// SQLite's own busy wait is one tick: a longer wait for another writer is
// a loop of ticks (waitBusy) that can tell the user it is waiting.
const baseDSN = "_synchronous=NORMAL&_busy_timeout=" + busyTickMillis + "&_foreign_keys=1&_txlock=immediate"

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// DB is an open spanmark database.
type DB struct {
	db       *sql.DB
	path     string
	forget   func() // drops the file from livedb's list
	opt      Options
	readOnly bool       // opened by OpenReadOnly: every write is refused
	pg       bool       // a PostgreSQL server (engine.go), not an SQLite file
	user     string     // PostgreSQL: the database user (current_user)
	team     bool       // PostgreSQL: a team database (spanmark team init)
	role     Role       // PostgreSQL: the user's role on the team database
	cleanup  func()     // removes a migrated temporary copy (OpenReadOnly)
	check    *check     // the whole-file check still running or done (Options.CheckLater), else nil
	live     *liveState // PostgreSQL: what live updates need (notify.go), else nil

	bulkLoads atomic.Int64 // imports in bulk mode: SQLite's rollback journal, PostgreSQL's indexes made at the end (for tests)
}

func dsn(path, params string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + params
}

// checkFile reports whether path is a new database (missing or empty) and
// refuses a file that is not SQLite.
func checkFile(path string) (bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("open database %s: %w", path, err)
	}
	defer f.Close()
	var head [16]byte
	n, err := io.ReadFull(f, head[:])
	if n == 0 && (err == io.EOF) {
		return true, nil
	}
	if err != nil && err != io.ErrUnexpectedEOF {
		return false, fmt.Errorf("open database %s: %w", path, err)
	}
	if !bytes.Equal(head[:n], []byte("SQLite format 3\x00")) {
		return false, fmt.Errorf("open database %s: not an SQLite database file", path)
	}
	return false, nil
}

// create makes a new database file with 64 KiB pages and the full schema,
// in rollback-journal mode; Open then reopens it with WAL. The file is made
// under a temporary name beside path and put in place when complete, so
// that a process killed meanwhile leaves no empty or half-made database
// (at most a hidden .NAME.new-* file). Should another process have made
// the database meanwhile, its file wins.
func create(path string) error {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return createAt(path, path) // keep the link: make its target in place
	}
	// Not os.CreateTemp: its file is private (0600); SQLite makes 0644
	// less the umask, and so does this.
	var tmp string
	for i := 0; ; i++ {
		tmp = filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".new-"+strconv.Itoa(os.Getpid())+"-"+strconv.Itoa(i))
		f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			f.Close()
			break
		}
		if !errors.Is(err, fs.ErrExist) || i > 100 {
			return fmt.Errorf("create database %s: %w", path, explainFSError(err))
		}
	}
	defer os.Remove(tmp)
	defer os.Remove(tmp + "-journal")
	if err := createAt(tmp, path); err != nil {
		return err
	}
	if fi, err := os.Stat(path); err == nil {
		if fi.Size() > 0 {
			return nil // made by another process meanwhile
		}
		err = os.Rename(tmp, path) // an empty file is a new database
		if err != nil {
			return fmt.Errorf("create database %s: %w", path, err)
		}
		return nil
	}
	if err := os.Link(tmp, path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	return nil
}

// createAt makes the database file at file (named path in messages).
func createAt(file, path string) error {
	sdb, err := sql.Open("sqlite3", dsn(file, baseDSN))
	if err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	defer sdb.Close()
	sdb.SetMaxOpenConns(1)
	ctx := context.Background()
	if _, err := sdb.ExecContext(ctx, "PRAGMA page_size = "+strconv.Itoa(pageSize)); err != nil {
		return fmt.Errorf("create database %s: %w", path, explainDBError(path, err))
	}
	db := &DB{db: sdb, path: path}
	if err := db.migrate(ctx); err != nil {
		return err
	}
	return sdb.Close()
}

// Close closes the database (stopping its check, if it runs).
func (db *DB) Close() error {
	if db.check != nil {
		db.check.cancel()
		<-db.check.done
	}
	err := db.db.Close()
	if db.forget != nil {
		db.forget()
	}
	if db.cleanup != nil {
		db.cleanup()
	}
	return err
}

// Path is the file the database was opened from, or its PostgreSQL URL
// without the password.
func (db *DB) Path() string { return db.path }

// Postgres reports whether the database is on a PostgreSQL server.
func (db *DB) Postgres() bool { return db.pg }

type migration struct {
	version int
	name    string
	sql     string
}

// migrations are the SQLite migrations, from version 1.
func migrations() ([]migration, error) { return readMigrations("sqlite", false) }

// pgMigrations are the PostgreSQL migrations: the first makes the schema of
// its version at once (a baseline), the next follow one by one.
func pgMigrations() ([]migration, error) {
	ms, err := readMigrations("postgres", true)
	if err == nil && morePGMigrations != nil {
		ms = morePGMigrations(ms)
	}
	return ms, err
}

// morePGMigrations, when a test sets it, adds to the PostgreSQL migrations
// (a newer spanmark's, to migrate a team database to).
var morePGMigrations func([]migration) []migration

// readMigrations reads migrations/DIALECT, numbered from 1 (or from the
// baseline's number) without gaps.
func readMigrations(dialect string, baseline bool) ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/"+dialect+"/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var ms []migration
	for _, name := range names {
		base := filepath.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		want := 1
		if len(ms) > 0 {
			want = ms[len(ms)-1].version + 1
		} else if baseline && ok && err == nil && v > 0 {
			want = v
		}
		if !ok || err != nil || v != want {
			return nil, fmt.Errorf("migration %s/%s: name must start with its number %04d_", dialect, base, want)
		}
		b, err := migrationFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: dialect + "/" + base, sql: string(b)})
	}
	return ms, nil
}

// migrate applies the migrations the database lacks, in order, in one
// transaction; the version is PRAGMA user_version.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	return db.migrateTo(ctx, ms)
}

// migrateTo applies ms (the first migrations, in order).
func (db *DB) migrateTo(ctx context.Context, ms []migration) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var have int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
			if strings.Contains(err.Error(), "not a database") {
				return fmt.Errorf("open database %s: not an SQLite database file", db.path)
			}
			return fmt.Errorf("open database %s: %w", db.path, err)
		}
		if err := checkVersion(db.path, have, len(ms)); err != nil {
			return err
		}
		for _, m := range ms[have:] {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("database %s: migration %s: %w", db.path, m.name, err)
			}
			if m.version == 1 {
				if err := seedLabels(ctx, tx); err != nil {
					return fmt.Errorf("database %s: seed labels: %w", db.path, err)
				}
			}
			if m.version == 4 {
				if err := insertClaimSchema(ctx, tx, annotate.DefaultClaimSchema()); err != nil {
					return fmt.Errorf("database %s: seed claim attributes: %w", db.path, err)
				}
			}
		}
		if have == len(ms) {
			return nil
		}
		_, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(len(ms)))
		return err
	})
}

// write runs fn in one write transaction (BEGIN IMMEDIATE, from the DSN) and
// commits it; any error rolls it back. Every change to the database goes
// through here, so that a write that returned nil is on disk.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.readOnly {
		return db.errReadOnly()
	}
	if err := db.WaitChecked(ctx); err != nil {
		return err // nothing is written before the check has passed
	}
	if err := db.offline(); err != nil {
		// PostgreSQL: the listener finds the server out of reach
		return asOffline(db.path, err, outcomeNotSaved)
	}
	return db.writeTx(ctx, fn)
}

func (db *DB) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	var tx *sql.Tx
	err := db.waitBusy(ctx, func() (err error) {
		// (a pooled connection the server closed, by a restart, answers
		// driver.ErrBadConn at BEGIN and database/sql takes another:
		// pgConn.BeginTx)
		tx, err = db.db.BeginTx(ctx, nil)
		return err
	})
	if err != nil {
		return db.explainWrite(err, outcomeNotSaved)
	}
	defer tx.Rollback()
	var note *txNote
	if db.pg { // the articles written are locked and announced (notify.go)
		note = &txNote{}
		txNotes.Store(tx, note)
		defer txNotes.Delete(tx)
	}
	if err := fn(tx); err != nil {
		if db.pg {
			return db.denied(asOffline(db.path, err, outcomeNotSaved))
		}
		if IsDiskError(db.explain(err)) {
			return db.explain(err)
		}
		return err
	}
	if note != nil {
		if err := db.announce(ctx, tx, note); err != nil {
			return db.denied(asOffline(db.path, err, outcomeNotSaved))
		}
	}
	return db.denied(db.explainWrite(tx.Commit(), outcomeInDoubt))
}

// explainWrite is explain of a write's error; on PostgreSQL a server that
// went away is an *OfflineError saying what became of the change.
func (db *DB) explainWrite(err error, outcome string) error {
	if db.pg {
		return asOffline(db.path, err, outcome)
	}
	return db.explain(err)
}

// read runs fn on one connection inside a deferred (read) transaction, so
// that its queries see one snapshot without taking the write lock.
func (db *DB) read(ctx context.Context, fn func(c *sql.Conn) error) error {
	if db.pg {
		return asOffline(db.path, db.readPG(ctx, fn), "")
	}
	c, err := db.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return err
	}
	defer c.ExecContext(context.Background(), "ROLLBACK")
	// The first read takes the snapshot; a writer in rollback-journal mode
	// (a bulk import) makes it wait.
	if err := db.waitBusy(ctx, func() error {
		_, err := c.ExecContext(ctx, "SELECT count(*) FROM sqlite_master")
		return err
	}); err != nil {
		return db.explain(err)
	}
	return fn(c)
}

// now is the time stored for created/updated, in Unix milliseconds.
func now() int64 { return time.Now().UnixMilli() }

func fromMillis(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

func toMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}
