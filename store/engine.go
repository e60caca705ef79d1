package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/stdlib"
)

// A database is one of two engines: an SQLite file (one person, the
// default) or a PostgreSQL server (a team), named by a postgres:// URL.
// Queries are written once with SQLite's ? placeholders; on PostgreSQL the
// driver connection (pgConn) rewrites them to $n, so that the same
// database/sql code runs on both. Where the SQL itself differs, the code
// asks db.pg and holds both statements side by side.

// IsURL reports whether name is a PostgreSQL URL rather than a file path.
func IsURL(name string) bool {
	return strings.HasPrefix(name, "postgres://") || strings.HasPrefix(name, "postgresql://")
}

// redact is the URL without its password, for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "postgres://…"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// rebind rewrites the ? and ?N placeholders of query to PostgreSQL's $N,
// leaving string literals, quoted names and comments as they are.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0 // the highest number so far: a bare ? is the next, as in SQLite
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(query) {
				if query[j] == c {
					if j+1 < len(query) && query[j+1] == c { // doubled quote
						j += 2
						continue
					}
					break
				}
				j++
			}
			b.WriteString(query[i:min(j+1, len(query))])
			i = j
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteString(query[i : i+j])
			i += j - 1
		case c == '?':
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			if j > i+1 { // ?N names its argument
				b.WriteString("$" + query[i+1:j])
				if k, _ := strconv.Atoi(query[i+1 : j]); k > n {
					n = k
				}
			} else {
				n++
				fmt.Fprintf(&b, "$%d", n)
			}
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// pgConnector opens pgx connections wrapped in pgConn, and notes them in
// live (notify.go: a notification from one is ours; they are cut when the
// listener finds the server out of reach, and none is opened meanwhile).
type pgConnector struct {
	inner driver.Connector
	live  *liveState
}

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := c.live.offline(); err != nil {
		return nil, err
	}
	dc, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	sc := dc.(*stdlib.Conn)
	pid := backendPID(sc)
	pc := &pgConn{Conn: sc, pids: c.live.pids, pid: pid}
	c.live.pids.add(pid, pc)
	return pc, nil
}

func (c pgConnector) Driver() driver.Driver { return c.inner.Driver() }

// pgConn is pgx's database/sql connection with ? placeholders. It is also
// what Raw hands to the bulk paths (rawConn).
type pgConn struct {
	*stdlib.Conn
	pids *pidSet
	pid  uint32
}

func (c *pgConn) Close() error {
	c.pids.remove(c.pid)
	return c.Conn.Close()
}

// BeginTx is pgx's, but a connection that died with a server restart
// (the pool cannot tell before it is used) answers driver.ErrBadConn, so
// that database/sql begins on another: nothing was done on it yet.
func (c *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.Conn.BeginTx(ctx, opts)
	if err != nil && c.Conn.Conn().IsClosed() {
		return nil, driver.ErrBadConn
	}
	return tx, err
}

func (c *pgConn) Prepare(query string) (driver.Stmt, error) { return c.Conn.Prepare(rebind(query)) }

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(query), args)
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(query), args)
}

// rawConn is the driver connection of either engine, as the bulk paths
// (import, export, an article's spans) use it below database/sql.
type rawConn interface {
	Prepare(query string) (driver.Stmt, error)
	ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error)
	QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error)
}

// asRawConn is the driver connection Raw hands over.
func asRawConn(dc any) (rawConn, error) {
	c, ok := dc.(rawConn)
	if !ok {
		return nil, fmt.Errorf("unexpected driver connection %T", dc)
	}
	return c, nil
}

// cursors opens the read cursors of one connection that export walks side
// by side. SQLite steps several statements of one connection at once; a
// PostgreSQL connection runs one query at a time, so there each is a
// server-side cursor of the read transaction, fetched in batches: memory
// stays flat however big the database.
type cursors struct {
	c  rawConn
	pg bool
}

// cursorBatch is how many rows a PostgreSQL cursor fetches at a time.
const cursorBatch = 2000

func (cs cursors) open(name, query string, args []driver.NamedValue) (driver.Rows, error) {
	if !cs.pg {
		return cs.c.QueryContext(bg, query, args)
	}
	if _, err := cs.c.ExecContext(bg, "DECLARE "+name+" NO SCROLL CURSOR FOR "+query, args); err != nil {
		return nil, err
	}
	return &pgCursor{c: cs.c, name: name}, nil
}

// pgCursor reads a server-side cursor as driver rows.
type pgCursor struct {
	c    rawConn
	name string // "" once closed
	cols []string
	pool [][]driver.Value // rows of the batch, reused by the next
	n    int              // rows in the batch
	next int
	done bool // the last batch has been fetched
}

func (p *pgCursor) Columns() []string { return p.cols }

func (p *pgCursor) Close() error {
	if p.name == "" {
		return nil
	}
	name := p.name
	p.name = ""
	_, err := p.c.ExecContext(bg, "CLOSE "+name, nil)
	return err
}

func (p *pgCursor) Next(dest []driver.Value) error {
	if p.next == p.n {
		if p.done {
			return io.EOF
		}
		if err := p.fetch(len(dest)); err != nil {
			return err
		}
		if p.n == 0 {
			return io.EOF
		}
	}
	copy(dest, p.pool[p.next])
	p.next++
	return nil
}

func (p *pgCursor) fetch(width int) error {
	rows, err := p.c.QueryContext(bg, "FETCH "+strconv.Itoa(cursorBatch)+" FROM "+p.name, nil)
	if err != nil {
		return err
	}
	defer rows.Close()
	p.cols = rows.Columns()
	p.n, p.next = 0, 0
	for {
		if p.n == len(p.pool) {
			p.pool = append(p.pool, make([]driver.Value, width))
		}
		err := rows.Next(p.pool[p.n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		p.n++
	}
	p.done = p.n < cursorBatch
	return nil
}
