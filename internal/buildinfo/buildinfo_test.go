package buildinfo

import (
	"runtime"
	"strings"
	"testing"
)

func TestGetTakesWhatTheBuildSetAndNamesWhatItDidNot(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		version, commit, date  string
		sqlite                 string
		wantVersion, wantDate  string
		wantCommit, wantSQLite string
	}{
		{"set by make", "0.1.0", "4bd0c25", "2026-12-02", "3.50.4", "0.1.0", "2026-12-02", "4bd0c25", "3.50.4"},
		{"dirty tree", "0.1.0", "4bd0c25-dirty", "2026-12-02", "3.50.4", "0.1.0", "2026-12-02", "4bd0c25-dirty", "3.50.4"},
		{"plain go build", "", "", "", "", "dev", "unknown", vcsOrUnknown(), "unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func(v, c, d string) { Version, Commit, Date = v, c, d }(Version, Commit, Date)
			Version, Commit, Date = tc.version, tc.commit, tc.date
			i := Get(tc.sqlite)
			want := Info{Version: tc.wantVersion, Commit: tc.wantCommit, Date: tc.wantDate,
				Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH, SQLite: tc.wantSQLite}
			if i != want {
				t.Errorf("Get = %+v, want %+v", i, want)
			}
		})
	}
}

func vcsOrUnknown() string {
	if c := vcsCommit(); c != "" {
		return c
	}
	return "unknown"
}

func TestStringIsOneLinePerField(t *testing.T) {
	i := Info{Version: "0.1.0", Commit: "4bd0c25", Date: "2026-12-02", Go: "go1.26.8",
		Platform: "windows/amd64", SQLite: "3.50.4"}
	want := strings.Join([]string{
		"spanmark 0.1.0",
		"commit   4bd0c25",
		"built    2026-12-02",
		"go       go1.26.8",
		"platform windows/amd64",
		"sqlite   3.50.4",
	}, "\n") + "\n"
	if got := i.String(); got != want {
		t.Errorf("String:\n%s\nwant:\n%s", got, want)
	}
}
