package store

import "github.com/mattn/go-sqlite3"

// SQLiteVersion is the version of the SQLite library linked into this
// binary, what `select sqlite_version()` answers on any database; it opens
// none.
func SQLiteVersion() string {
	v, _, _ := sqlite3.Version()
	return v
}
