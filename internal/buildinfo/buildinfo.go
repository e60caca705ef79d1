// Package buildinfo owns what a spanmark binary says about itself: the
// version, commit and build date the Makefile sets with -ldflags -X (make
// build, make dist), and the Go and SQLite versions it was built with.
// `spanmark version` and the window's About box print the same lines.
//
// It imports nothing of spanmark's: the SQLite version comes from the
// caller (store.SQLiteVersion), so this package knows no SQL.
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Set by the build: go build -ldflags "-X github.com/spanmark/spanmark/internal/buildinfo.Version=0.1.0 …".
// A plain `go build` leaves them empty; Get says so.
var (
	Version string // the release, e.g. 0.1.0 (FyneApp.toml's Version)
	Commit  string // the git commit, short, with -dirty when the tree had changes
	Date    string // the build date, UTC
)

// Info is one binary's build description.
type Info struct {
	Version, Commit, Date string
	Go                    string // runtime.Version(), e.g. go1.26.8
	Platform              string // GOOS/GOARCH, e.g. windows/amd64
	SQLite                string // the linked SQLite's sqlite_version()
}

// Get describes this binary; sqlite is store.SQLiteVersion(). What the
// build did not set reads "unknown" ("dev" for the version); a commit
// unset by -ldflags is taken from the Go build's VCS stamp when it has one.
func Get(sqlite string) Info {
	i := Info{Version: Version, Commit: Commit, Date: Date, Go: runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH, SQLite: sqlite}
	if i.Commit == "" {
		i.Commit = vcsCommit()
	}
	i.Version = orElse(i.Version, "dev")
	i.Commit = orElse(i.Commit, "unknown")
	i.Date = orElse(i.Date, "unknown")
	i.SQLite = orElse(i.SQLite, "unknown")
	return i
}

// String is the text of `spanmark version`: the name and version on the
// first line, then one "name  value" line per field.
func (i Info) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "spanmark %s\n", i.Version)
	for _, f := range i.Fields() {
		fmt.Fprintf(&b, "%-9s%s\n", f[0], f[1])
	}
	return b.String()
}

// Fields are the lines after the first, as name and value (the About box
// lays them out as a form).
func (i Info) Fields() [][2]string {
	return [][2]string{
		{"commit", i.Commit},
		{"built", i.Date},
		{"go", i.Go},
		{"platform", i.Platform},
		{"sqlite", i.SQLite},
	}
}

// vcsCommit is the revision `go build` stamped into the binary (not with
// -buildvcs=false), shortened as git does, "-dirty" when modified.
func vcsCommit() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value[:min(7, len(s.Value))]
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if rev == "" {
		return ""
	}
	return rev + dirty
}

func orElse(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
