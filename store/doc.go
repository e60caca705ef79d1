// Package store keeps spanmark's annotations in one SQLite file (through
// github.com/mattn/go-sqlite3) or, for a team, in a PostgreSQL database
// named by a postgres:// URL (through github.com/jackc/pgx/v5): schema and
// embedded migrations per engine (migrations/sqlite, migrations/postgres,
// one version number), transactions, bulk import and export, and the
// queries of the window. engine.go says how one set of queries serves both
// (search_pg.go how full-text search does, import_copy.go how an import
// copies). A PostgreSQL database made a team database (TeamInit, team.go)
// has roles the server enforces with row-level security (team.sql,
// docs/team.md): a write the connected user's role does not allow is
// ErrNotAllowed.
//
// Every SQL statement of spanmark lives in this package, so that another
// backend can later be a package beside it. store depends on annotate for the
// domain types; it must not import Fyne, gui or annotate/codec.
//
// Offsets in the database are Unicode code points, end-exclusive, like
// everywhere else; a span's text is not stored but cut from its article's
// text when read.
package store
