package store

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// IsOffline reports whether err says the server could not be reached or
// went away (ErrOffline, an *OfflineError: open_pg.go) rather than refusing
// the change. An SQLite error, or one of an input file, never is.
func IsOffline(err error) bool { return errors.Is(err, ErrOffline) }

// connLost reports whether err, met on a PostgreSQL connection, says that
// the server was not reached or the connection died.
func connLost(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &pe):
		// connection_exception (08…), admin_shutdown, crash_shutdown,
		// cannot_connect_now (the server is starting)
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	case errors.As(err, &ce), errors.As(err, &ne):
		return true
	}
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) || errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed)
}
