package gui

import (
	"strings"
	"testing"

	"github.com/spanmark/spanmark/internal/buildinfo"
	"github.com/spanmark/spanmark/store"
)

// TestAboutShowsWhatVersionPrints checks that Help ▸ About names the same
// build as `spanmark version`: version, commit, date, Go, platform, SQLite.
func TestAboutShowsWhatVersionPrints(t *testing.T) {
	defer func(v, c, d string) { buildinfo.Version, buildinfo.Commit, buildinfo.Date = v, c, d }(
		buildinfo.Version, buildinfo.Commit, buildinfo.Date)
	buildinfo.Version, buildinfo.Commit, buildinfo.Date = "9.8.7", "abc1234-dirty", "2026-12-02"
	u := newTestUI(t, gulfNews)
	u.showAbout()
	text := dialogText(t, u)
	info := buildinfo.Get(store.SQLiteVersion())
	want := []string{"spanmark 9.8.7\n"}
	for _, f := range info.Fields() {
		want = append(want, f[0]+"\n"+f[1]+"\n")
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("About box lacks %q; it shows:\n%s", w, text)
		}
	}
}
