package store

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// offlineError is the answer of a write (or read) of a PostgreSQL database
// whose server could not be reached or went away — stopped, restarted, the
// network lost — rather than refusing the change: nothing was written, and
// the same change may work once the server is back. (Helper faults' branch
// has an exported OfflineError with the change's outcome: once both are on
// main, this one gives way to it and IsOffline asks for its ErrOffline.)
type offlineError struct{ Err error }

func (e *offlineError) Error() string {
	return fmt.Sprintf("the server cannot be reached, nothing was written: %v", e.Err)
}

func (e *offlineError) Unwrap() error { return e.Err }

// IsOffline reports whether err says the server could not be reached or
// went away (an offlineError). An SQLite error, or one
// of an input file, never is.
func IsOffline(err error) bool {
	var oe *offlineError
	return errors.As(err, &oe)
}

// offlineErr is err as an offlineError when it says the connection to the
// server was lost or could not be made (connLost), else err.
func offlineErr(err error) error {
	if err == nil || IsOffline(err) || !connLost(err) {
		return err
	}
	return &offlineError{Err: err}
}

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
