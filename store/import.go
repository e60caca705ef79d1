package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"

	"github.com/spanmark/spanmark/annotate"
)

// ImportOptions control Import.
type ImportOptions struct {
	Annotator string             // annotator of spans that carry none
	Replace   bool               // replace an article whose id exists with different text
	Progress  func(articles int) // called now and then from the import goroutine (may be nil)
	// Warn gets "FILE:LINE: warning: …" lines (a later review decision
	// that replaced an earlier one); called on the goroutine that called
	// Import. May be nil.
	Warn func(msg string)
}

// ImportResult counts what an import read and added.
type ImportResult struct {
	Articles    int      // records read
	NewArticles int      // articles that were not in the database
	Spans       int      // spans added
	Relations   int      // relations added
	NewLabels   []string // labels added to the label set, in order of appearance
}

const (
	batchSize     = 256  // records per batch handed from the decoder to the inserter
	progressEvery = 1000 // articles between Progress calls
)

// Import reads records until next returns io.EOF and stores them, all in ONE
// transaction: on any error the transaction is rolled back, the database is
// unchanged, and the error is an *annotate.InputError naming the record's
// FILE:LINE when it is about a record. Besides the text and offsets, the
// attributes of claim spans are checked against the database's claim
// schema (ClaimSchema) and SPEAKER/ABOUT relations must go from a claim to
// an entity.
//
// An article id that exists with the same text gets only the spans and
// relations it does not hold yet (identical = same start, end, label, kind,
// annotator); an incoming span id that is taken by a different span is
// renamed to the next free "sN" and its relations follow. An id with a
// different text is refused unless opt.Replace, which replaces the article
// with its spans and relations. Two records with the same id in one import
// are merged the same way. A span held already takes the review decision
// of an incoming identical span that has one: when both have one and they
// differ, the later wins and opt.Warn says so.
//
// next runs on its own goroutine, ahead of the inserter (so it must not
// share unsynchronised state with opt.Progress, which is called on the
// goroutine that called Import, every 1000 articles and at the end).
//
// Into a database without articles, and with no other connection open on
// the file, the load runs with the rollback journal instead of WAL (written
// once instead of twice; still atomic) and the file is switched back to WAL
// afterwards. Other connections opened meanwhile may wait for it ("database
// is locked" after 5 s). On PostgreSQL the new articles go by COPY
// (pgCopy), and into a database without articles the indexes of spans and
// relations and the foreign keys are made at the end (startPGBulk); other
// sessions wait to read those tables until the commit.
func (db *DB) Import(ctx context.Context, next func() (*annotate.Record, error), opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	if db.readOnly {
		return res, db.errReadOnly()
	}
	if err := db.WaitChecked(ctx); err != nil {
		return res, err
	}
	labels, err := db.Labels(ctx)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	schema, err := db.ClaimSchema(ctx)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return res, fmt.Errorf("import into %s: %w", db.path, db.explainWrite(err, outcomeImport))
	}
	defer conn.Close()

	bulk, err := false, error(nil)
	if !db.pg {
		bulk, err = db.enterBulkMode(ctx, conn)
	}
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	if bulk {
		db.bulkLoads.Add(1)
		defer db.leaveBulkMode(conn)
	}

	dec := newDecoder(next, labels, opt)
	dec.schema = schema
	go dec.run()
	defer dec.stop()

	err = conn.Raw(func(dc any) error {
		c, err := asRawConn(dc)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		return db.importRaw(ctx, c, dec, opt, bulk, &res)
	})
	if err != nil {
		if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
			// cancelled: pgx closes the connection under a running COPY,
			// which is not the server going away
			return res, fmt.Errorf("import into %s: %w (%v)", Redact(db.path), cerr, err)
		}
		// The server went away under the import's connection: not the
		// input's fault. (A merge's source going away is its reader's.)
		var oe *OfflineError
		if db.pg && pgConnClosed(conn) && errors.As(asOffline(db.path, err, outcomeImport), &oe) {
			return res, fmt.Errorf("import into %s: %w", db.path, oe)
		}
		return res, db.denied(err) // a team member who is no admin
	}
	db.announceAll(ctx) // PostgreSQL: the other windows read their article and list again
	if opt.Progress != nil && res.Articles%progressEvery != 0 {
		opt.Progress(res.Articles)
	}
	return res, nil
}

// importRaw runs the import's transaction on the driver connection: without
// database/sql between the loop and SQLite, a row costs ~25% less.
func (db *DB) importRaw(ctx context.Context, c rawConn, dec *decoder, opt ImportOptions, bulk bool, res *ImportResult) (err error) {
	// The import makes every reference itself (a span gets the key of the
	// article just stored, a relation those of its validated spans), so
	// SQLite need not look each one up again; the replace path deletes
	// relations and spans itself. The pragma only takes effect outside a
	// transaction.
	begin := "BEGIN"
	if !db.pg {
		if _, err := c.ExecContext(bg, "PRAGMA foreign_keys = OFF", nil); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer c.ExecContext(bg, "PRAGMA foreign_keys = ON", nil)
		begin = "BEGIN IMMEDIATE"
	}
	if err := db.waitBusy(ctx, func() error {
		_, err := c.ExecContext(bg, begin, nil)
		return err
	}); err != nil {
		return fmt.Errorf("import: %w", db.explain(err))
	}
	committed := false
	defer func() {
		if !committed {
			c.ExecContext(bg, "ROLLBACK", nil)
		}
	}()
	var rebuild []string // in bulk mode: indexes made again after the load
	if bulk {
		if rebuild, err = dropFilterIndexes(c); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	var cp *pgCopy     // PostgreSQL: new articles go by COPY
	var pgBulk *pgBulk // PostgreSQL, into a database without articles: indexes made at the end
	if db.pg {
		if cp, err = newPGCopy(c); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		if pgBulk, err = startPGBulk(ctx, cp.conn); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		if pgBulk != nil {
			db.bulkLoads.Add(1)
		}
	}
	ins, err := prepareImport(c, db.pg)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer ins.close()
	if pgBulk != nil {
		if err := cp.startAsync(ctx); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer cp.drain(bg) // before anything else uses the connection (LIFO)
	}
	stamp := now()
	for {
		b, ok := <-dec.out
		if !ok {
			break
		}
		if cp != nil && len(b.items) > 0 {
			if err := cp.startBatch(b.items, pgBulk != nil); err != nil {
				return fmt.Errorf("import: %w", err)
			}
		}
		for i := range b.items {
			it := &b.items[i]
			ins.warn = nil
			if opt.Warn != nil {
				ins.warn = func(msg string) { opt.Warn(fmt.Sprintf("%s:%d: warning: %s", it.file, it.line, msg)) }
			}
			if cp != nil {
				copied, err := cp.add(i, it, stamp, res)
				if err != nil {
					return annotate.AtInput(it.file, it.line, err)
				}
				if copied {
					res.Articles++
					if opt.Progress != nil && res.Articles%progressEvery == 0 {
						opt.Progress(res.Articles)
					}
					continue
				}
				if err := cp.flush(ctx); err != nil { // before the row path reads what they hold
					return err
				}
				if err := cp.drain(ctx); err != nil {
					return err
				}
				if err := pgBulk.end(ctx); err != nil { // the row path reads through the indexes
					return fmt.Errorf("import: %w", err)
				}
				pgBulk = nil
			}
			if err := ins.article(it, opt.Replace, stamp, res); err != nil {
				if IsDiskError(db.explain(err)) {
					// The disk, not the record: FILE:LINE would blame the input.
					return db.explain(err)
				}
				return annotate.AtInput(it.file, it.line, err)
			}
			res.Articles++
			if opt.Progress != nil && res.Articles%progressEvery == 0 {
				opt.Progress(res.Articles)
			}
		}
		if cp != nil {
			if err := cp.flush(ctx); err != nil {
				return err
			}
		}
		err := b.err
		dec.free <- b
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	if cp != nil {
		if err := cp.drain(ctx); err != nil {
			return err
		}
	}
	if err := ins.plainSpans.flush(); err != nil {
		return fmt.Errorf("import: %w", db.explain(err))
	}
	for _, l := range dec.newLabels {
		res.NewLabels = append(res.NewLabels, l.Name)
	}
	annotate.FillKeysAndColors(dec.labels[:len(dec.labels)-len(dec.newLabels)], dec.newLabels)
	if err := insertLabelsRaw(c, dec.newLabels); err != nil {
		return fmt.Errorf("import: add labels: %w", db.explain(err))
	}
	ins.close()
	if err := pgBulk.end(ctx); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	for _, q := range rebuild {
		if _, err := c.ExecContext(bg, q, nil); err != nil {
			return fmt.Errorf("import: %w", db.explain(err))
		}
	}
	if _, err := c.ExecContext(bg, "COMMIT", nil); err != nil {
		return fmt.Errorf("import: commit: %w", db.explainWrite(err, outcomeInDoubt))
	}
	committed = true
	return nil
}

// dropFilterIndexes drops the window's indexes of the spans by label and
// by annotator (migration 0009) in the load's transaction and returns the
// statements that make them again: built once from the loaded rows they
// cost 1.3 s less CPU on 1,000,000 spans than kept up row by row.
func dropFilterIndexes(c rawConn) ([]string, error) {
	rows, err := c.QueryContext(bg, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ('spans_label', 'spans_annotator')`, nil)
	if err != nil {
		return nil, err
	}
	var names, stmts []string
	row := make([]driver.Value, 2)
	for {
		if err := rows.Next(row); err != nil {
			if err == io.EOF {
				break
			}
			rows.Close()
			return nil, err
		}
		names = append(names, asString(row[0]))
		stmts = append(stmts, asString(row[1]))
	}
	rows.Close()
	for _, n := range names {
		if _, err := c.ExecContext(bg, "DROP INDEX "+n, nil); err != nil {
			return nil, err
		}
	}
	return stmts, nil
}

// enterBulkMode switches a database that holds no article yet to the
// rollback journal for the load: with one big transaction into an empty
// file it writes each page once instead of twice (WAL, then checkpoint).
// The journal keeps the load atomic. It needs every other connection closed;
// when another process has the file open the switch fails and the load
// simply runs in WAL.
func (db *DB) enterBulkMode(ctx context.Context, conn *sql.Conn) (bool, error) {
	var empty bool
	if err := conn.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM articles)`).Scan(&empty); err != nil {
		return false, err
	}
	if !empty {
		return false, nil
	}
	// Idle connections of our own pool hold the WAL open: close them.
	db.db.SetMaxIdleConns(0)
	db.db.SetMaxIdleConns(defaultMaxIdle)
	var mode string
	if err := conn.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode); err != nil || mode != "delete" {
		return false, nil
	}
	// FULL costs a handful of fsyncs in one transaction and keeps the
	// rollback journal safe against power loss, not only crashes.
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = FULL`); err != nil {
		return true, err
	}
	return true, nil
}

// leaveBulkMode returns the file to WAL. Should it fail (a reader holds the
// file), the next connection's DSN sets WAL again.
func (db *DB) leaveBulkMode(conn *sql.Conn) {
	ctx := context.Background()
	conn.ExecContext(ctx, `PRAGMA synchronous = NORMAL`)
	var mode string
	if err := conn.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode); err != nil || mode != "wal" {
		// Do not hand a rollback-mode connection back to the pool.
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

// defaultMaxIdle is database/sql's default number of idle connections.
const defaultMaxIdle = 2
