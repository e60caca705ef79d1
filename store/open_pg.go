package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

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
	var ver int
	if err := sdb.QueryRowContext(ctx, "SELECT current_setting('server_version_num')::int").Scan(&ver); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open database %s: %w", name, explainPGError(err))
	}
	if ver < minServer {
		sdb.Close()
		return nil, fmt.Errorf("open database %s: the server is PostgreSQL %d.%d; spanmark needs 13 or newer", name, ver/10000, ver%10000)
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
		return nil, nil, fmt.Errorf("open database %s: %w", redact(raw), err)
	}
	if readOnly {
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
	}
	live := newLiveState(cfg)
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
		return 0, known, fmt.Errorf("open database %s: %w", name, explainPGError(err))
	}
	if !hasVersion {
		if tables > 0 {
			return 0, known, fmt.Errorf("open database %s: a PostgreSQL database of another application (%d tables), not a spanmark database (nothing was written to it)", name, tables)
		}
		return 0, known, nil
	}
	if err := q.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&have); err != nil {
		return 0, known, fmt.Errorf("open database %s: schema version: %w", name, explainPGError(err))
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
			return fmt.Errorf("open database %s: %w", db.path, explainPGError(err))
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

// explainPGError turns the server's refusal to let us in into one line.
func explainPGError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return fmt.Errorf("the server refused the user name or password (%s)", pe.Message)
		case "3D000":
			return fmt.Errorf("no such database on the server (%s): create it first (createdb)", pe.Message)
		}
	}
	return err
}
