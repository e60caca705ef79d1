package store

import (
	"context"
	"crypto/tls"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/spanmark/spanmark/annotate"
)

// minServer is the oldest PostgreSQL spanmark runs on (server_version_num).
const minServer = 130000

// pgLock is the advisory lock key that makes two spanmarks migrating one
// database at once take turns.
const pgLock = 0x5370616e // "Span"

// openPG opens the PostgreSQL database at the URL raw. Opened for writing,
// it creates the schema in an empty database and brings an older one up
// to date; read-only, it refuses a database without spanmark's schema and
// every transaction is read-only on the server too.
func openPG(raw string, opt Options, readOnly bool) (*DB, error) {
	name := redact(raw)
	sdb, live, err := openPGPool(raw, readOnly)
	if err != nil {
		return nil, err
	}
	db := &DB{db: sdb, path: name, opt: opt, pg: true, live: live}
	ctx := context.Background()
	if err := checkServer(ctx, sdb, name); err != nil {
		sdb.Close()
		return nil, err
	}
	if readOnly {
		have, known, err := pgVersion(ctx, sdb, name)
		if err == nil && have != known {
			err = fmt.Errorf("open database %s: schema version %d, this spanmark reads %d: open it once for writing (spanmark stats does not change it)", name, have, known)
		}
		if err != nil {
			sdb.Close()
			return nil, err
		}
		db.readOnly = true
		return db, nil
	}
	if err := db.learnUser(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	if err := db.migratePG(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	return db, nil
}

// openPGPool is database/sql's pool of pgx connections to raw, each with
// ? placeholders (pgConn), and what live updates need of it (notify.go).
func openPGPool(raw string, readOnly bool) (*sql.DB, *liveState, error) {
	cfg, err := pgx.ParseConfig(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("open database %s: %w", redact(raw), parseError(raw, err))
	}
	if readOnly {
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
	}
	live := newLiveState(cfg, redact(raw))
	return sql.OpenDB(pgConnector{inner: stdlib.GetConnector(*cfg), live: live}), live, nil
}

// pgVersion reads the schema version of a PostgreSQL database (0 for an
// empty one) and the version this spanmark writes; a database holding
// tables of another application is an error.
func pgVersion(ctx context.Context, q rowQueryer, name string) (have, known int, err error) {
	ms, err := pgMigrations()
	if err != nil {
		return 0, 0, err
	}
	known = ms[len(ms)-1].version
	var hasVersion bool
	var tables int
	if err := q.QueryRowContext(ctx, `SELECT to_regclass('schema_version') IS NOT NULL,
		(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())`).Scan(&hasVersion, &tables); err != nil {
		return 0, known, fmt.Errorf("open database %s: %w", name, explainPGError(name, err))
	}
	if !hasVersion {
		if tables > 0 {
			return 0, known, fmt.Errorf("open database %s: a PostgreSQL database of another application (%d tables), not a spanmark database (nothing was written to it)", name, tables)
		}
		return 0, known, nil
	}
	if err := q.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&have); err != nil {
		return 0, known, fmt.Errorf("open database %s: schema version: %w", name, explainPGError(name, err))
	}
	return have, known, checkVersion(name, have, known)
}

type rowQueryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// pgSchemaVersion is SchemaVersion of a PostgreSQL URL.
func pgSchemaVersion(raw string) (have, known int, err error) {
	db, _, err := openPGPool(raw, false)
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	if err := checkServer(context.Background(), db, redact(raw)); err != nil {
		return 0, 0, err
	}
	return pgVersion(context.Background(), db, redact(raw))
}

// migratePG creates or updates the schema in one transaction, under an
// advisory lock.
func (db *DB) migratePG(ctx context.Context) error {
	ms, err := pgMigrations()
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) (err error) {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(`+strconv.Itoa(pgLock)+`)`); err != nil {
			return fmt.Errorf("open database %s: %w", db.path, explainPGError(db.path, err))
		}
		have, _, err := pgVersion(ctx, tx, db.path)
		if err != nil {
			return err
		}
		team, err := isTeamTx(ctx, tx)
		if err != nil {
			return err
		}
		if team && have < ms[len(ms)-1].version {
			if err := db.migrateTeam(ctx, tx, have, ms[len(ms)-1].version); err != nil {
				return err
			}
			// and again after the migrations, for what they made
			defer func() {
				if err == nil {
					err = applyTeamTx(ctx, tx)
				}
			}()
		}
		for _, m := range ms {
			if m.version <= have {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("database %s: migration %s: %w", db.path, m.name, err)
			}
			if m.version == ms[0].version { // the baseline: a new database
				if _, err := tx.ExecContext(ctx, `CREATE TABLE schema_version (version int NOT NULL)`); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version VALUES (0)`); err != nil {
					return err
				}
				if err := seedLabels(ctx, tx); err != nil {
					return fmt.Errorf("database %s: seed labels: %w", db.path, err)
				}
				if err := insertClaimSchema(ctx, tx, annotate.DefaultClaimSchema()); err != nil {
					return fmt.Errorf("database %s: seed claim attributes: %w", db.path, err)
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, m.version); err != nil {
				return err
			}
		}
		return nil
	})
}

// migrateTeam lets the migrations of a team database (from version have
// to want) run: as the connected superuser, whose new objects applyTeamTx
// gives to spanmark_admin after, or as spanmark_admin (SET ROLE) for an
// admin; anybody else is told to ask one.
func (db *DB) migrateTeam(ctx context.Context, tx *sql.Tx, have, want int) error {
	var super, admin bool
	if err := tx.QueryRowContext(ctx, `SELECT rolsuper, pg_has_role('spanmark_admin', 'MEMBER')
		FROM pg_roles WHERE rolname = current_user`).Scan(&super, &admin); err != nil {
		return err
	}
	switch {
	case super:
		return nil
	case admin:
		_, err := tx.ExecContext(ctx, `SET LOCAL ROLE spanmark_admin`)
		return err
	}
	return fmt.Errorf("open database %s: the team database is at schema version %d and this spanmark needs %d: an admin of the team brings it up to date by opening it once (e.g. spanmark team init --db URL); %s is no admin (%w)",
		db.path, have, want, db.user, ErrNotAllowed)
}

// serverVersion reads the server's version as server_version_num
// (150004 for 15.4); a variable so that a test can play an older server.
var serverVersion = func(ctx context.Context, q rowQueryer) (int, error) {
	var ver int
	err := q.QueryRowContext(ctx, "SELECT current_setting('server_version_num')::int").Scan(&ver)
	return ver, err
}

// checkServer is the first query of a connection: it says in one line
// why the server cannot be reached or refuses us, and refuses a server
// older than 13.
func checkServer(ctx context.Context, q rowQueryer, name string) error {
	ver, err := serverVersion(ctx, q)
	if err != nil {
		return fmt.Errorf("open database %s: %w", name, explainPGError(name, err))
	}
	if ver < minServer {
		return fmt.Errorf("open database %s: the server at %s is PostgreSQL %s; spanmark needs PostgreSQL 13 or newer (nothing was written to it)",
			name, targetOf(name).addr, versionName(ver))
	}
	return nil
}

// versionName is server_version_num as people write it: 12.17, 9.6.24.
func versionName(v int) string {
	if v < 100000 { // 9.6.24 is 90624
		return fmt.Sprintf("%d.%d.%d", v/10000, v/100%100, v%100)
	}
	return fmt.Sprintf("%d.%d", v/10000, v%10000)
}

// pgTarget is what a connection was meant to reach, for messages.
type pgTarget struct {
	addr, host, port, user, db, sslmode string
	password                            bool // one is given: in the URL, $PGPASSWORD or ~/.pgpass
}

// targetOf reads the target from a URL (redacted or not), with the
// defaults and environment ($PGHOST, $PGSSLMODE…) the driver uses.
func targetOf(raw string) pgTarget {
	t := pgTarget{sslmode: "prefer"}
	if cfg, err := pgconn.ParseConfig(raw); err == nil {
		t.host, t.port = cfg.Host, strconv.Itoa(int(cfg.Port))
		t.user, t.db = cfg.User, cfg.Database
		t.password = cfg.Password != ""
	}
	t.addr = t.host + ":" + t.port
	if strings.HasPrefix(t.host, "/") {
		t.addr = "socket " + t.host + "/.s.PGSQL." + t.port
	} else if strings.Contains(t.host, ":") {
		t.addr = "[" + t.host + "]:" + t.port
	}
	if m := os.Getenv("PGSSLMODE"); m != "" {
		t.sslmode = m
	}
	if u, err := url.Parse(raw); err == nil {
		if m := u.Query().Get("sslmode"); m != "" {
			t.sslmode = m
		}
	}
	return t
}

// explainPGError turns the reasons a server cannot be reached or refuses
// a connection into one line a user can act on, naming the server's
// address, user and database but never the password. name is the redacted
// URL.
func explainPGError(name string, err error) error {
	t := targetOf(name)
	var pe *pgconn.PgError
	var dns *net.DNSError
	var cert *tls.CertificateVerificationError
	var ne net.Error
	switch {
	case errors.As(err, &pe):
		switch pe.Code {
		case "28P01": // invalid_password; the server says so for a user it lacks too
			if !t.password {
				return fmt.Errorf("the server at %s asks user %q for a password and none was given: put it in ~/.pgpass (%s:%s:%s:%s:PASSWORD, mode 600) or in $PGPASSWORD",
					t.addr, t.user, t.host, t.port, t.db, t.user)
			}
			return fmt.Errorf("the server at %s refused the password of user %q: wrong password, or no such user", t.addr, t.user)
		case "28000": // invalid_authorization_specification
			switch {
			case strings.Contains(pe.Message, "no pg_hba.conf entry") && strings.Contains(pe.Message, "no encryption"):
				return fmt.Errorf("the server at %s takes only encrypted connections (TLS) from here, and this one was not (sslmode=%s): put sslmode=require (or verify-full with sslrootcert=FILE) in the URL", t.addr, t.sslmode)
			case strings.Contains(pe.Message, "no pg_hba.conf entry"):
				return fmt.Errorf("the server at %s lets no connection of user %q to database %q in from this machine (%s): its administrator allows it in pg_hba.conf", t.addr, t.user, t.db, pe.Message)
			case strings.Contains(pe.Message, "does not exist"):
				return fmt.Errorf("no user %q on the server at %s: an administrator adds it (spanmark team add %s --role annotator)", t.user, t.addr, t.user)
			}
			return fmt.Errorf("the server at %s refused user %q: %s", t.addr, t.user, pe.Message)
		case "3D000": // invalid_catalog_name
			return fmt.Errorf("no database %q on the server at %s: create it first (createdb -h %s -p %s %s, or CREATE DATABASE %s), then spanmark team init --db URL sets it up for a team",
				t.db, t.addr, t.host, t.port, t.db, t.db)
		case "53300": // too_many_connections
			return fmt.Errorf("the server at %s has no connection left for user %q (%s): try again when others have closed theirs, or raise max_connections", t.addr, t.user, pe.Message)
		case "57P03": // cannot_connect_now
			return fmt.Errorf("the server at %s is starting or stopping (%s): try again in a moment", t.addr, pe.Message)
		}
		return err
	case strings.Contains(err.Error(), "server refused TLS connection"):
		return fmt.Errorf("the server at %s does not offer encrypted connections (TLS), and the URL asks for sslmode=%s: turn ssl on in the server's postgresql.conf, or leave sslmode out of the URL on a network you trust", t.addr, t.sslmode)
	case errors.As(err, &cert):
		return fmt.Errorf("the TLS certificate of the server at %s cannot be trusted (sslmode=%s: %v): name the authority that signed it with sslrootcert=FILE in the URL",
			t.addr, t.sslmode, cert.Err)
	case errors.As(err, &dns):
		return fmt.Errorf("no host %q (%v): check the host name in the URL", t.host, dns.Err)
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, fs.ErrNotExist) && strings.HasPrefix(t.host, "/"):
		return fmt.Errorf("no PostgreSQL server answers at %s (connection refused): is the server running, and on that port?", t.addr)
	case errors.As(err, &ne) && ne.Timeout():
		return fmt.Errorf("the server at %s does not answer (timed out): is it running, and does the network let this machine through?", t.addr)
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) {
			return fmt.Errorf("something answers at %s but not as a PostgreSQL server (it closed the connection): is that the server's port?", t.addr)
		}
		return fmt.Errorf("cannot connect to the PostgreSQL server at %s: %w", t.addr, errors.Unwrap(ce))
	}
	return err
}

// parseError is a URL the driver cannot read, without the password the
// driver's own message may quote.
func parseError(raw string, err error) error {
	msg := err.Error()
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) {
		// "cannot parse `URL`: what (why)": the URL is said already
		if i := strings.LastIndex(msg, "`: "); i >= 0 {
			msg = msg[i+3:]
		}
	}
	return errors.New("not a PostgreSQL URL the driver takes: " + scrubPassword(raw, msg))
}

// scrubPassword removes from msg the password raw carries, however
// malformed raw is.
func scrubPassword(raw, msg string) string {
	pw := ""
	if u, err := url.Parse(raw); err == nil {
		pw, _ = u.User.Password()
	} else if _, rest, ok := strings.Cut(raw, "://"); ok {
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			if _, p, ok := strings.Cut(rest[:at], ":"); ok {
				pw = p
			}
		}
	}
	if pw == "" {
		return msg
	}
	msg = strings.ReplaceAll(msg, pw, "xxxxx")
	if esc := url.QueryEscape(pw); esc != pw {
		msg = strings.ReplaceAll(msg, esc, "xxxxx")
	}
	return msg
}

// ErrOffline is in the chain (errors.Is) of every error of a PostgreSQL
// database whose server could not be reached, or went away, during the
// operation: the server stopped or restarted, the network broke. The
// handle stays usable: database/sql opens new connections once the server
// is back.
var ErrOffline = errors.New("the PostgreSQL server cannot be reached")

// OfflineError is an operation of a PostgreSQL database that met
// ErrOffline, with what became of its change.
type OfflineError struct {
	Addr    string // the server's host:port
	Why     string // "lost the connection to the PostgreSQL server at … (the server was shut down)", "no PostgreSQL server answers at …"
	Outcome string // of a change: "nothing of this change was saved", or that the commit's answer was lost
	Err     error  // the driver's error
}

// Outcomes of a change that met a lost server.
const (
	outcomeNotSaved = "nothing of this change was saved"
	outcomeImport   = "nothing was saved"
	outcomeInDoubt  = "the change may or may not have been saved (the connection broke during its commit; look again once the server is back)"
)

func (e *OfflineError) Error() string {
	if e.Outcome != "" {
		return e.Outcome + ": " + e.Why
	}
	return e.Why
}

func (e *OfflineError) Unwrap() []error { return []error{ErrOffline, e.Err} }

// asOffline is err as an *OfflineError with outcome when it says the server
// went away or cannot be reached, else err. name is the redacted URL.
func asOffline(name string, err error, outcome string) error {
	if err == nil {
		return nil
	}
	var oe *OfflineError
	if errors.As(err, &oe) {
		if oe.Outcome == "" && outcome != "" {
			c := *oe
			c.Outcome = outcome
			return &c
		}
		return err
	}
	if !connLost(err) {
		return err
	}
	t := targetOf(name)
	why := "lost the connection to the PostgreSQL server at " + t.addr + " (the server stopped, or the network broke)"
	var pe *pgconn.PgError
	var ce *pgconn.ConnectError
	switch {
	case errors.As(err, &ce):
		if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, syscall.ECONNRESET) {
			why = explainPGError(name, err).Error() // refused, timed out, starting…
		} // else not another service: the server we had is stopping
	case errors.As(err, &pe):
		// admin_shutdown (a stop, or pg_terminate_backend), crash_shutdown,
		// cannot_connect_now, connection_exception: the server's words
		why = "lost the connection to the PostgreSQL server at " + t.addr + " (" + pe.Message + ")"
	}
	return &OfflineError{Addr: t.addr, Why: why, Outcome: outcome, Err: err}
}

// readPG is read on PostgreSQL: fn in a read-only snapshot. A connection
// of the pool that died with a server restart is dropped and another
// taken, so that the first read after the restart does not fail.
func (db *DB) readPG(ctx context.Context, fn func(c *sql.Conn) error) error {
	for try := 0; ; try++ {
		c, err := db.db.Conn(ctx)
		if err != nil {
			return err
		}
		_, err = c.ExecContext(ctx, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
		if err != nil {
			if try < 2 && errors.Is(asOffline(db.path, err, ""), ErrOffline) {
				c.Raw(func(any) error { return driver.ErrBadConn }) // out of the pool
				c.Close()
				continue
			}
			c.Close()
			return err
		}
		defer c.Close()
		defer c.ExecContext(context.Background(), "ROLLBACK")
		return fn(c)
	}
}

// pgConnClosed reports whether the driver connection of c has closed: the
// server went away under it, or ended its session.
func pgConnClosed(c *sql.Conn) bool {
	closed := false
	c.Raw(func(dc any) error {
		if pc, ok := dc.(*pgConn); ok {
			closed = pc.Conn.Conn().IsClosed()
		}
		return nil
	})
	return closed
}
