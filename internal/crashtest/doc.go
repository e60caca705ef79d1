// Package crashtest holds the kill -9 tests of `make crashtest` (and, with
// fewer kills, of `make test`): import and merge killed mid-way are all or
// nothing, and edits made the way the window makes them lose nothing that
// was acknowledged. It has no code of its own; see TESTING.md.
package crashtest
