// Package pgtest starts a throwaway PostgreSQL server for tests: a cluster
// made with initdb in a temporary folder, started with pg_ctl on a free
// port of 127.0.0.1, one per test binary (started on first use, stopped by
// Run after the tests), with one new database per test.
//
// PostgreSQL refuses to run as root: when the tests run as root, the server
// runs as the system user postgres (made by Debian's postgresql package).
// The binaries are looked for under /usr/lib/postgresql/*/bin and on PATH;
// when they are missing the test fails and says how to install them.
//
// pgtest imports nothing of spanmark's; it does not import database/sql.
package pgtest
