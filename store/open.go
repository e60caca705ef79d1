package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/spanmark/spanmark/internal/livedb"
)

// Options control how a database is opened.
type Options struct {
	// Wait is how long a write waits for another program writing the same
	// database (and a read for a bulk import in rollback-journal mode)
	// before it gives up; 0 means DefaultWait.
	Wait time.Duration
	// OnWait, when set, is called once when an operation starts waiting
	// (after about one second), so that the user learns why nothing moves.
	OnWait func()
	// NoCheck skips the integrity check of the whole file (PRAGMA
	// quick_check: about 0.4 s on 500 MB), for search, which must answer in
	// milliseconds and writes only its index: a damaged page is then an
	// error when it is read.
	NoCheck bool
	// CheckLater runs that check on a goroutine after OpenWith returns,
	// for the window, which must show itself at once (the check reads the
	// whole file: 1.6 s of CPU on 650 MB). Until the check has passed
	// every write waits for it, and once it failed every write fails with
	// its error: nothing is written to a damaged database. Checked and
	// WaitChecked tell its outcome. A database that must be migrated first
	// is checked before OpenWith returns, as without CheckLater.
	CheckLater bool
}

// DefaultWait is how long a write waits for another writer by default.
const DefaultWait = 60 * time.Second

// busyTickMillis is SQLite's own busy timeout: waitBusy retries in ticks.
const busyTickMillis = "1000"

// Open opens the database at path for reading and writing, with Options{}.
func Open(path string) (*DB, error) { return OpenWith(path, Options{}) }

// OpenWith opens the database at path for reading and writing, creating it
// (and its folder) when it does not exist, and brings its schema up to
// date. Before any connection that may write, the file is checked through
// a read-only SQLite connection: a file that is not SQLite, another
// application's SQLite database, a damaged one (PRAGMA quick_check), or a
// schema version this binary did not write (negative, or newer) is refused
// with nothing written to it. A sidecar (-wal, -shm, -journal) of a
// database the process has open is refused, and so is a database on a
// read-only file system.
//
// Nothing but SQLite opens a database file while it is open (package
// livedb says why): Open reads the first bytes of a file only when the
// process does not have it open already.
//
// A postgres:// or postgresql:// URL instead of a path opens that
// PostgreSQL database (13 or newer; open_pg.go): the schema is made in an
// empty database, and a database of another application or of a newer
// spanmark is refused with nothing written.
func OpenWith(path string, opt Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: no path")
	}
	if IsURL(path) {
		return openPG(path, opt, false)
	}
	var live *livedb.Error
	if err := livedb.Check(path); errors.As(err, &live) && live.Role != "" {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("open database %s: it is a folder, not a database file", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, explainFSError(err))
	}
	if readOnlyFS(path) {
		return nil, fmt.Errorf("open database %s: the database is on a read-only file system (reading commands such as stats and export still work)", path)
	}
	isNew := false
	if live == nil { // an open database is SQLite and not new
		var err error
		if isNew, err = checkFile(path); err != nil {
			return nil, err
		}
	}
	later := false // the whole-file check runs after OpenWith returns
	if !isNew {
		// A plain read-write connection that only reads: unlike mode=ro it
		// removes the -wal and -shm it needed when it closes, and it rolls
		// back what a killed writer left, as any opener would.
		params := "_busy_timeout=" + busyTickMillis
		st, err := inspect(path, params, false, !opt.NoCheck && !opt.CheckLater)
		if err != nil {
			return nil, err
		}
		isNew = st.version == 0 && !st.tables
		ms, err := migrations()
		if err != nil {
			return nil, err
		}
		later = opt.CheckLater && !opt.NoCheck && !isNew
		if later && st.version < len(ms) { // migrating writes: check first
			if _, err := inspect(path, params, false, true); err != nil {
				return nil, err
			}
			later = false
		}
		if st.version > 0 && st.version < len(ms) {
			// The spanmark that made it cannot open it once migrated.
			if _, err := backupCopy(path, st.version); err != nil {
				return nil, err
			}
		}
	}
	if isNew {
		if err := create(path); err != nil {
			return nil, err
		}
	}
	// Switching to WAL writes the file's header: a database still to be
	// checked is switched once the check has passed (a spanmark database
	// is in WAL already, unless a bulk import was killed).
	params := "_journal_mode=WAL&" + baseDSN
	if later {
		params = baseDSN
	}
	sdb, err := sql.Open("sqlite3", dsn(path, params))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db := &DB{db: sdb, path: path, opt: opt}
	if !later { // migrated or current; a database checked later is current
		if err := db.migrate(context.Background()); err != nil {
			sdb.Close()
			return nil, err
		}
	}
	if db.forget, err = livedb.Add(path); err != nil {
		sdb.Close()
		return nil, err
	}
	if later {
		db.startCheck()
	}
	return db, nil
}

// check is the whole-file check of a database opened with CheckLater.
type check struct {
	done   chan struct{} // closed when err is set
	err    error
	cancel context.CancelFunc
}

// checkStarting, when set (by tests), is called on the check's goroutine
// before it reads the file.
var checkStarting func()

// startCheck runs quick_check on a goroutine, through a connection of its
// own, then switches the database to WAL if it is not.
func (db *DB) startCheck() {
	ctx, cancel := context.WithCancel(context.Background())
	c := &check{done: make(chan struct{}), cancel: cancel}
	db.check = c
	go func() {
		defer close(c.done)
		lowerPriority()
		if checkStarting != nil {
			checkStarting()
		}
		if c.err = quickCheck(ctx, db.path); c.err != nil {
			return
		}
		var mode string
		if err := db.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			c.err = db.explain(err)
		} else if mode != "wal" {
			c.err = db.waitBusy(ctx, func() error {
				return db.db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
			})
		}
	}()
}

// quickCheck runs PRAGMA quick_check on the database at path through a
// connection that only reads (read-write, as inspect's: a read-only one
// leaves a -wal and -shm behind); a damaged database is an error that
// says so.
func quickCheck(ctx context.Context, path string) error {
	sdb, err := sql.Open("sqlite3", dsn(path, "_busy_timeout="+busyTickMillis))
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	defer sdb.Close()
	err = quickCheckOn(ctx, sdb, path)
	if ctx.Err() != nil {
		return fmt.Errorf("check database %s: %w", path, ctx.Err())
	}
	return err
}

// quickCheckOn runs PRAGMA quick_check on sdb, a connection to the
// database at path.
func quickCheckOn(ctx context.Context, sdb *sql.DB, path string) error {
	var res string
	if err := sdb.QueryRowContext(ctx, "PRAGMA quick_check(1)").Scan(&res); err != nil {
		return explainOpenError(path, err)
	}
	if res != "ok" {
		return damaged(path, strings.TrimPrefix(strings.ReplaceAll(res, "\n", " "), "*** in database main *** "))
	}
	return nil
}

// Checked reports whether the whole-file check of a database opened with
// CheckLater has finished, and its error (nil: passed). A database opened
// without it was checked by OpenWith: true, nil.
func (db *DB) Checked() (bool, error) {
	if db.check == nil {
		return true, nil
	}
	select {
	case <-db.check.done:
		return true, db.check.err
	default:
		return false, nil
	}
}

// WaitChecked waits for the whole-file check of a database opened with
// CheckLater and returns its error (nil: passed).
func (db *DB) WaitChecked(ctx context.Context) error {
	if db.check == nil {
		return nil
	}
	select {
	case <-db.check.done:
		return db.check.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// fileState is what inspect learnt of an existing SQLite file.
type fileState struct {
	version int  // PRAGMA user_version
	tables  bool // it has any table
}

// inspect checks the SQLite file at path through a connection opened with
// params that only reads: its integrity (quick_check), that its schema version
// is one spanmark wrote, and that a file with tables has spanmark's.
// A hot rollback journal left by a killed writer is rolled back first when
// recover is true (a read-only connection cannot).
func inspect(path, params string, recover, check bool) (fileState, error) {
	st, err := inspectOnce(path, params, check)
	var se sqlite3.Error
	if recover && errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrReadonlyRollback {
		if err := rollBackHotJournal(path); err != nil {
			return st, fmt.Errorf("open database %s: roll back the unfinished transaction of a killed writer: %w", path, err)
		}
		st, err = inspectOnce(path, params, check)
	}
	return st, err
}

func inspectOnce(path, params string, check bool) (fileState, error) {
	var st fileState
	sdb, err := sql.Open("sqlite3", dsn(path, params))
	if err != nil {
		return st, fmt.Errorf("open database %s: %w", path, err)
	}
	defer sdb.Close()
	sdb.SetMaxOpenConns(1)
	ctx := context.Background()
	if check {
		if err := quickCheckOn(ctx, sdb, path); err != nil {
			return st, err
		}
	}
	if err := sdb.QueryRowContext(ctx, "PRAGMA user_version").Scan(&st.version); err != nil {
		return st, explainOpenError(path, err)
	}
	var names []string
	rows, err := sdb.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table'")
	if err != nil {
		return st, explainOpenError(path, err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return st, explainOpenError(path, err)
		}
		names = append(names, n)
	}
	rows.Close()
	st.tables = len(names) > 0
	ms, err := migrations()
	if err != nil {
		return st, err
	}
	if err := checkVersion(path, st.version, len(ms)); err != nil {
		return st, err
	}
	if st.tables && !(hasAll(names, "articles", "spans", "labels", "settings") && st.version > 0) {
		return st, fmt.Errorf("open database %s: an SQLite database of another application, not a spanmark database (nothing was written to it)", path)
	}
	return st, nil
}

func hasAll(names []string, want ...string) bool {
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
	}
	for _, w := range want {
		if !have[w] {
			return false
		}
	}
	return true
}

// checkVersion refuses a schema version spanmark did not write.
func checkVersion(path string, have, known int) error {
	if have < 0 {
		return fmt.Errorf("open database %s: schema version %d, which no spanmark writes: not a spanmark database, or damaged (nothing was written to it)", path, have)
	}
	if have > known {
		return fmt.Errorf("database %s has schema version %d, this spanmark knows up to %d: update spanmark", path, have, known)
	}
	return nil
}

func damaged(path, detail string) error {
	return fmt.Errorf("open database %s: the database is damaged (%s); nothing was written to it: restore it from a copy", path, detail)
}

// explainOpenError turns SQLite's error on first contact with a file into
// a message naming the file.
func explainOpenError(path string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrNotADB:
			return fmt.Errorf("open database %s: not an SQLite database file", path)
		case sqlite3.ErrCorrupt:
			return damaged(path, "SQLite: "+se.Error())
		case sqlite3.ErrReadonly:
			if se.ExtendedCode == sqlite3.ErrReadonlyRollback || se.ExtendedCode == sqlite3.ErrReadonlyRecovery {
				return fmt.Errorf("open database %s: a spanmark was killed while writing it, and what it left cannot be rolled back here (read-only file system): open it once where it can be written (%w)", path, err)
			}
		case sqlite3.ErrCantOpen:
			if readOnlyFS(path) {
				return fmt.Errorf("open database %s: the database is on a read-only file system and its write-ahead log cannot be read there", path)
			}
		}
	}
	if strings.Contains(err.Error(), "not a database") {
		return fmt.Errorf("open database %s: not an SQLite database file", path)
	}
	return fmt.Errorf("open database %s: %w", path, err)
}

// rollBackHotJournal lets SQLite roll back the rollback journal of a writer
// that was killed: the first read of a read-write connection does it, and
// nothing else is written.
func rollBackHotJournal(path string) error {
	sdb, err := sql.Open("sqlite3", dsn(path, "_busy_timeout="+busyTickMillis))
	if err != nil {
		return err
	}
	defer sdb.Close()
	var n int
	return sdb.QueryRow("SELECT count(*) FROM sqlite_master").Scan(&n)
}

// roParams are the DSN parameters of a read-only connection to path. On a
// read-only file system SQLite cannot create the -shm of a WAL database;
// with no -wal there nothing can change the file, so it is read as
// immutable (no locks, no -shm).
func roParams(path string) string {
	p := "mode=ro&_busy_timeout=" + busyTickMillis + "&_foreign_keys=1"
	if readOnlyFS(path) && !nonEmpty(path+"-wal") && !nonEmpty(path+"-journal") {
		p += "&immutable=1"
	}
	return p
}

// OpenReadOnly opens an existing spanmark database for reading only
// (SQLite's mode=ro): it creates nothing, never changes the file's schema
// or journal mode, and refuses a missing, empty or foreign file with a
// message naming it. A database of an older spanmark is read through a
// migrated temporary copy, so the file stays readable by the spanmark that
// wrote it. Every write through the returned DB fails.
func OpenReadOnly(path string, opt Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: no path")
	}
	if IsURL(path) {
		return openPG(path, opt, true)
	}
	var live *livedb.Error
	if err := livedb.Check(path); errors.As(err, &live) && live.Role != "" {
		return nil, fmt.Errorf("open database: %w", err)
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("open database %s: the file does not exist", path)
	case err != nil:
		return nil, fmt.Errorf("open database %s: %w", path, err)
	case fi.IsDir():
		return nil, fmt.Errorf("open database %s: it is a folder, not a database file", path)
	}
	if live == nil {
		isNew, err := checkFile(path)
		if err != nil {
			return nil, err
		}
		if isNew {
			return nil, fmt.Errorf("open database %s: the file is empty, not a spanmark database", path)
		}
	}
	params := roParams(path)
	checkParams := params
	if live == nil && quiescentWAL(path) && !strings.Contains(params, "immutable") {
		// A read-only connection to a WAL database makes a -wal and -shm it
		// cannot remove: a file refused here would keep them. With no -wal
		// no process has the file open, so the check reads it as immutable
		// (at worst a writer starting meanwhile makes it fail, never write).
		checkParams += "&immutable=1"
	}
	st, err := inspect(path, checkParams, !readOnlyFS(path), !opt.NoCheck)
	if err != nil {
		return nil, err
	}
	if !st.tables {
		return nil, fmt.Errorf("open database %s: an empty SQLite database, not a spanmark database", path)
	}
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	db := &DB{path: path, opt: opt, readOnly: true}
	readFrom := path
	if st.version < len(ms) {
		tmp, cleanup, err := migratedCopy(path, params)
		if err != nil {
			return nil, err
		}
		readFrom, db.cleanup = tmp, cleanup
		params = "mode=ro&_busy_timeout=" + busyTickMillis + "&_foreign_keys=1"
	}
	if db.db, err = sql.Open("sqlite3", dsn(readFrom, params)); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if db.forget, err = livedb.Add(path); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// migratedCopy copies the database at path (through SQLite: VACUUM INTO
// from a read-only connection) into a temporary folder and brings the copy's
// schema up to date.
func migratedCopy(path, params string) (string, func(), error) {
	dir, err := os.MkdirTemp("", "spanmark-read-")
	if err != nil {
		return "", nil, fmt.Errorf("open database %s: a copy of an older schema: %w", path, err)
	}
	cleanup := func() { os.RemoveAll(dir) }
	tmp := filepath.Join(dir, "copy.db")
	src, err := sql.Open("sqlite3", dsn(path, params))
	if err == nil {
		_, err = src.Exec("VACUUM INTO ?", tmp)
		src.Close()
	}
	if err != nil {
		cleanup()
		return "", nil, fmt.Errorf("open database %s: copy of an older schema: %w", path, err)
	}
	sdb, err := sql.Open("sqlite3", dsn(tmp, baseDSN))
	if err != nil {
		cleanup()
		return "", nil, err
	}
	c := &DB{db: sdb, path: path}
	err = c.migrate(context.Background())
	sdb.Close()
	if err != nil {
		cleanup()
		return "", nil, err
	}
	return tmp, cleanup, nil
}

// ReadOnly reports whether the database was opened by OpenReadOnly.
func (db *DB) ReadOnly() bool { return db.readOnly }

func (db *DB) errReadOnly() error {
	return fmt.Errorf("database %s was opened for reading only", db.path)
}

// waitBusy runs try until it succeeds or fails with something else than
// SQLITE_BUSY (each try waits one busy tick inside SQLite), for up to the
// Options' Wait; OnWait is called before the second try.
func (db *DB) waitBusy(ctx context.Context, try func() error) error {
	wait := db.opt.Wait
	if wait <= 0 {
		wait = DefaultWait
	}
	start := time.Now()
	told := false
	for {
		err := try()
		if !isBusy(err) {
			return err
		}
		if time.Since(start) >= wait {
			return &BusyError{Path: db.path, Waited: time.Since(start).Round(time.Second)}
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if !told && db.opt.OnWait != nil {
			told = true
			db.opt.OnWait()
		}
	}
}

func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// BusyError says that another program kept the database locked for longer
// than the wait allowed.
type BusyError struct {
	Path   string
	Waited time.Duration
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("database %s is busy: another program (another spanmark?) kept it locked for %s; nothing was changed (try again, or wait longer with --wait)", e.Path, e.Waited)
}

// explain turns an SQLite error about the database file itself (full disk,
// read-only file, I/O error, damage) into a message that names the database
// and says so; other errors are returned as they are.
func (db *DB) explain(err error) error {
	return explainDBError(db.path, err)
}

// DiskError is an error of the database file, not of the input: the disk
// is full, the file system read-only, an I/O error, or the file damaged.
type DiskError struct {
	Path string
	What string
	Err  error
}

func (e *DiskError) Error() string {
	return fmt.Sprintf("database %s: %s; nothing was changed (%v)", e.Path, e.What, e.Err)
}

func (e *DiskError) Unwrap() error { return e.Err }

func explainDBError(path string, err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrFull:
		return &DiskError{Path: path, What: "the disk is full", Err: err}
	case sqlite3.ErrReadonly:
		if readOnlyFS(path) {
			return &DiskError{Path: path, What: "the database is on a read-only file system", Err: err}
		}
		return &DiskError{Path: path, What: "the database file cannot be written", Err: err}
	case sqlite3.ErrIoErr:
		if readOnlyFS(path) {
			return &DiskError{Path: path, What: "the database is on a read-only file system", Err: err}
		}
		return &DiskError{Path: path, What: "disk I/O error", Err: err}
	case sqlite3.ErrCorrupt:
		return &DiskError{Path: path, What: "the database is damaged: restore it from a copy", Err: err}
	}
	return err
}

// IsDiskError reports whether err is about the database file rather than
// an input (DiskError, BusyError).
func IsDiskError(err error) bool {
	var de *DiskError
	var be *BusyError
	return errors.As(err, &de) || errors.As(err, &be)
}

func explainFSError(err error) error {
	if errors.Is(err, fs.ErrPermission) || isEROFS(err) {
		return fmt.Errorf("%w (read-only file system or no permission)", err)
	}
	return err
}

// SchemaVersion returns the schema version of the database at path (0 when
// it does not exist or is empty) and the version this spanmark writes,
// reading the file through a read-only connection. A file that is not a
// spanmark database is an error; the integrity of the whole file is left to
// the Open that follows (checking it twice cost a window 1.6 s on 700 MB).
func SchemaVersion(path string) (have, known int, err error) {
	if IsURL(path) {
		return pgSchemaVersion(path)
	}
	ms, err := migrations()
	if err != nil {
		return 0, 0, err
	}
	known = len(ms)
	if livedb.IsDB(path) {
		return known, known, nil // open, so migrated already
	}
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, known, nil
	}
	if err != nil {
		return 0, known, fmt.Errorf("open database %s: %w", path, err)
	}
	if fi.IsDir() {
		return 0, known, fmt.Errorf("open database %s: it is a folder, not a database file", path)
	}
	if isNew, err := checkFile(path); err != nil || isNew {
		return 0, known, err
	}
	st, err := inspect(path, roParams(path), !readOnlyFS(path), false) // Open checks the whole file next
	return st.version, known, err
}

// BackupName is where Open keeps a copy of a database of schema version v
// before migrating it: NAME.bak-vV.
func BackupName(path string, v int) string { return path + ".bak-v" + strconv.Itoa(v) }

// backupCopy copies the database at path (schema version v) to BackupName,
// or to NAME.bak-vV.N when that exists, through SQLite (VACUUM INTO from a
// read-only connection: a consistent copy even while another process
// writes), and returns the copy's name.
func backupCopy(path string, v int) (string, error) {
	dest := BackupName(path, v)
	for i := 2; ; i++ {
		if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
			break
		}
		dest = BackupName(path, v) + "." + strconv.Itoa(i)
	}
	src, err := sql.Open("sqlite3", dsn(path, roParams(path)))
	if err == nil {
		_, err = src.Exec("VACUUM INTO ?", dest)
		src.Close()
	}
	if err != nil {
		os.Remove(dest)
		return "", fmt.Errorf("open database %s: keep a copy of the older database as %s before migrating it: %w", path, dest, explainDBError(path, err))
	}
	return dest, nil
}

// quiescentWAL reports whether the file at path (not open in this process)
// is a WAL database without a -wal file: closed by its last user. A
// -journal beside it may be the hot journal of a writer killed while it
// switched journal modes, which immutable would ignore.
func quiescentWAL(path string) bool {
	for _, side := range []string{"-wal", "-journal"} {
		if _, err := os.Lstat(path + side); err == nil {
			return false
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var h [20]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		return false
	}
	return h[18] == 2 && h[19] == 2
}

func nonEmpty(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Size() > 0
}
