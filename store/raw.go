package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spanmark/spanmark/annotate"
)

// The bulk loops (import, export, suggest) talk to the driver's connection
// directly: without database/sql between them and SQLite a row costs ~25%
// less, and statements run on a context without Done spare go-sqlite3 a
// goroutine each.

// withRaw runs fn with a driver connection of the pool to itself.
func (db *DB) withRaw(ctx context.Context, fn func(c rawConn) error) error {
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, err := asRawConn(dc)
		if err != nil {
			return err
		}
		return fn(c)
	})
}

// writeRaw is write on a driver connection: fn runs in one write
// transaction (BEGIN IMMEDIATE, waiting for another writer as write does),
// which is committed when fn returns nil and rolled back otherwise.
// Cancellation is fn's to check.
//
// Foreign keys are not checked on SQLite: the bulk loops make every
// reference themselves (a span gets the key of an article they have just
// read or stored), so SQLite need not look each one up again. On
// PostgreSQL it is a plain BEGIN: fn takes the locks it needs.
func (db *DB) writeRaw(ctx context.Context, fn func(c rawConn) error) error {
	if db.readOnly {
		return db.errReadOnly()
	}
	if err := db.WaitChecked(ctx); err != nil {
		return err // nothing is written before the check has passed
	}
	return db.withRaw(ctx, func(c rawConn) error {
		begin := "BEGIN"
		if !db.pg {
			// The pragma only takes effect outside a transaction.
			if _, err := c.ExecContext(bg, "PRAGMA foreign_keys = OFF", nil); err != nil {
				return err
			}
			defer c.ExecContext(bg, "PRAGMA foreign_keys = ON", nil)
			begin = "BEGIN IMMEDIATE"
		}
		if err := db.waitBusy(ctx, func() error {
			_, err := c.ExecContext(bg, begin, nil)
			return err
		}); err != nil {
			return db.explain(err)
		}
		if err := fn(c); err != nil {
			c.ExecContext(bg, "ROLLBACK", nil)
			if IsDiskError(db.explain(err)) {
				return db.explain(err)
			}
			return db.denied(err) // PostgreSQL: a team role that may not
		}
		if _, err := c.ExecContext(bg, "COMMIT", nil); err != nil {
			c.ExecContext(bg, "ROLLBACK", nil)
			return db.explain(err)
		}
		db.announceAll(ctx) // PostgreSQL: the other windows read their article and list again
		return nil
	})
}

// rawStmt is a prepared statement of the driver with its argument buffer.
type rawStmt struct {
	st   driver.Stmt
	args []driver.NamedValue
}

func (s *rawStmt) bind(vals []driver.Value) []driver.NamedValue {
	s.args = s.args[:0]
	for i, v := range vals {
		s.args = append(s.args, driver.NamedValue{Ordinal: i + 1, Value: v})
	}
	return s.args
}

func (s *rawStmt) exec(vals ...driver.Value) (driver.Result, error) {
	return s.st.(driver.StmtExecContext).ExecContext(bg, s.bind(vals))
}

func (s *rawStmt) query(vals ...driver.Value) (driver.Rows, error) {
	return s.st.(driver.StmtQueryContext).QueryContext(bg, s.bind(vals))
}

// queryRow reads the first row of the statement into dest; false when
// there is none.
func (s *rawStmt) queryRow(dest []driver.Value, vals ...driver.Value) (bool, error) {
	rows, err := s.query(vals...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	err = rows.Next(dest)
	if err == io.EOF {
		return false, nil
	}
	return err == nil, err
}

// bg is the context of the statements on a driver connection: a context
// without Done spares go-sqlite3 a goroutine per statement. The loops check
// cancellation themselves.
var bg = context.Background()

// rawQuery runs fn on each row of query.
func rawQuery(c rawConn, query string, ncol int, fn func(row []driver.Value) error, args ...driver.Value) error {
	st, err := c.Prepare(query)
	if err != nil {
		return err
	}
	defer st.Close()
	s := &rawStmt{st: st}
	rows, err := s.query(args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	row := make([]driver.Value, ncol)
	for {
		err := rows.Next(row)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
	}
}

// rawInt is the integer that query returns.
func rawInt(c rawConn, query string, args ...driver.Value) (int, error) {
	var n int64
	err := rawQuery(c, query, 1, func(row []driver.Value) error {
		n, _ = row[0].(int64)
		return nil
	}, args...)
	return int(n), err
}

// loadLabelsRaw is loadLabels on a driver connection.
func loadLabelsRaw(c rawConn) ([]annotate.Label, error) {
	var ls []annotate.Label
	err := rawQuery(c, `SELECT name, kind, color, key, description FROM labels ORDER BY position, name`, 5, func(row []driver.Value) error {
		ls = append(ls, annotate.Label{Name: asString(row[0]), Kind: annotate.Kind(asString(row[1])), Color: asString(row[2]),
			Key: asString(row[3]), Description: asString(row[4])})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	return ls, nil
}

// insertLabelsRaw is insertLabels on a driver connection.
func insertLabelsRaw(c rawConn, labels []annotate.Label) error {
	if len(labels) == 0 {
		return nil
	}
	pos, err := rawInt(c, `SELECT coalesce(max(position), 0) FROM labels`)
	if err != nil {
		return err
	}
	st, err := c.Prepare(`INSERT INTO labels(name, kind, color, key, description, position) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	ins := &rawStmt{st: st}
	for _, l := range labels {
		pos++
		if _, err := ins.exec(l.Name, string(l.Kind), l.Color, l.Key, l.Description, int64(pos)); err != nil {
			return err
		}
	}
	return nil
}

// rowInserter inserts rows of the same shape, up to rowsPerInsert in one
// statement (INSERT … VALUES (…), (…), …): SQLite runs one statement for
// many rows, and the driver is called once per value and once per
// statement instead of three more times per row. Rows wait in the
// inserter until flush or a full statement.
type rowInserter struct {
	c      rawConn
	head   string         // INSERT INTO t(…) VALUES
	tuple  string         // a row's values: # for each of the row's own, ?N for a shared one
	shared []driver.Value // the values of ?1, ?2, … of every row
	perRow int            // #s in tuple
	many   *rawStmt       // rowsPerInsert rows
	one    *rawStmt       // one row
	args   []driver.NamedValue
	rows   int // rows waiting
}

const rowsPerInsert = 64

func newRowInserter(c rawConn, head, tuple string, shared ...driver.Value) *rowInserter {
	return &rowInserter{c: c, head: head, tuple: tuple, shared: shared, perRow: strings.Count(tuple, "#")}
}

// statement prepares the statement for n rows.
func (ri *rowInserter) statement(n int) (*rawStmt, error) {
	var b strings.Builder
	b.WriteString(ri.head)
	p := len(ri.shared)
	for r := range n {
		if r > 0 {
			b.WriteString(", ")
		}
		for _, c := range []byte(ri.tuple) {
			if c == '#' {
				p++
				b.WriteString("?" + strconv.Itoa(p))
			} else {
				b.WriteByte(c)
			}
		}
	}
	st, err := ri.c.Prepare(b.String())
	if err != nil {
		return nil, err
	}
	return &rawStmt{st: st}, nil
}

// add queues a row (its own values, in the order of the #s of the tuple).
func (ri *rowInserter) add(vals ...driver.Value) error {
	if ri.rows == 0 {
		ri.args = ri.args[:0]
		for i, v := range ri.shared {
			ri.args = append(ri.args, driver.NamedValue{Ordinal: i + 1, Value: v})
		}
	}
	for _, v := range vals {
		ri.args = append(ri.args, driver.NamedValue{Ordinal: len(ri.args) + 1, Value: v})
	}
	ri.rows++
	if ri.rows < rowsPerInsert {
		return nil
	}
	if ri.many == nil {
		var err error
		if ri.many, err = ri.statement(rowsPerInsert); err != nil {
			return err
		}
	}
	ri.rows = 0
	_, err := ri.many.st.(driver.StmtExecContext).ExecContext(bg, ri.args)
	return err
}

// flush inserts the rows that wait, one at a time.
func (ri *rowInserter) flush() error {
	if ri.rows == 0 {
		return nil
	}
	if ri.one == nil {
		var err error
		if ri.one, err = ri.statement(1); err != nil {
			return err
		}
	}
	k := len(ri.shared)
	one := make([]driver.NamedValue, k+ri.perRow)
	copy(one, ri.args[:k])
	for r := range ri.rows {
		for j := range ri.perRow {
			one[k+j] = driver.NamedValue{Ordinal: k + j + 1, Value: ri.args[k+r*ri.perRow+j].Value}
		}
		if _, err := ri.one.st.(driver.StmtExecContext).ExecContext(bg, one); err != nil {
			ri.rows = 0
			return err
		}
	}
	ri.rows = 0
	return nil
}

// close closes the statements (again: nothing); rows that wait are dropped.
func (ri *rowInserter) close() {
	for _, s := range []*rawStmt{ri.many, ri.one} {
		if s != nil {
			s.st.Close()
		}
	}
	ri.many, ri.one, ri.rows = nil, nil, 0
}
