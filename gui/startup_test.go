package gui

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// TestStartupFailuresAreErrorsNotPanics breaks, for each query the
// window's start-up makes, the table it reads (from another connection,
// after the database was opened), and starts the window on a test app:
// each failure is an error returned or shown, never a panic.
func TestStartupFailuresAreErrorsNotPanics(t *testing.T) {
	for _, tc := range []struct{ point, table string }{
		{"settings (annotator name)", "settings"},
		{"label set", "labels"},
		{"claim attributes", "claim_attrs"},
		{"annotator choices (stats)", "spans"},
		{"article list", "articles"},
		{"review state", "article_status"},
	} {
		t.Run(tc.point, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "annotations.db")
			u := newTestUIAt(t, path, "") // loads the samples
			u.s.DB().Close()
			db, err := store.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			sdb, err := sql.Open("sqlite3", "file:"+path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sdb.Exec("ALTER TABLE " + tc.table + " RENAME TO gone_" + tc.table); err != nil {
				t.Fatal(err)
			}
			sdb.Close()
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("start-up panicked when %s failed: %v", tc.point, r)
				}
			}()
			u2, err := newUI(test.NewTempApp(t), db, Options{DBPath: path})
			if err != nil {
				t.Logf("%s: start-up refused: %v", tc.point, err)
				return
			}
			if u2.bar.lastErr == nil {
				t.Logf("%s: start-up went on without it", tc.point)
			}
		})
	}
}

// TestWindowStartsOnHostileDatabasesWithoutPanic opens the window (as Run
// does: store.Open, then newUI on a test app) on hostile database files:
// each is refused with a message naming the file, and left unchanged.
func TestWindowStartsOnHostileDatabasesWithoutPanic(t *testing.T) {
	good := filepath.Join(t.TempDir(), "good.db")
	{
		u := newTestUIAt(t, good, "")
		u.s.DB().Close()
	}
	raw, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	setVersion := func(v string) func(p string) {
		return func(p string) {
			sdb, _ := sql.Open("sqlite3", "file:"+p)
			defer sdb.Close()
			if _, err := sdb.Exec("PRAGMA user_version = " + v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tc := range []struct {
		name  string
		bytes []byte
		fix   func(p string)
		want  string
	}{
		{"foreign SQLite", nil, func(p string) {
			sdb, _ := sql.Open("sqlite3", "file:"+p)
			defer sdb.Close()
			sdb.Exec("CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT)")
		}, "not a spanmark database"},
		{"truncated 16 B", raw[:16], nil, "database"},
		{"truncated 4 KiB", raw[:4096], nil, "damaged"},
		{"truncated 100 KiB", raw[:100<<10], nil, "damaged"},
		{"corrupt page", corruptCopy(raw), nil, "damaged"},
		{"user_version -1", raw, setVersion("-1"), "schema version -1"},
		{"user_version 999", raw, setVersion("999"), "update spanmark"},
		{"text file", []byte("not a database at all, just notes\n"), nil, "not an SQLite database"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "hostile.db")
			if err := os.WriteFile(p, tc.bytes, 0o644); err != nil {
				t.Fatal(err)
			}
			if tc.fix != nil {
				tc.fix(p)
			}
			before, _ := os.ReadFile(p)
			_, db, err := startWindow(test.NewTempApp(t), Options{DBPath: p})
			if err == nil {
				db.Close()
				t.Fatalf("the window started on %s", tc.name)
			}
			if !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q: want the file and %q", err, tc.want)
			}
			if after, _ := os.ReadFile(p); string(after) != string(before) {
				t.Error("the refused file was changed")
			}
		})
	}
}

// TestWindowRefusesAFolderAndAReadOnlyMount: the window writes (its
// settings, the samples), so a database on a read-only mount is refused
// with the reason, as a folder given as the database is.
func TestWindowRefusesAFolderAndAReadOnlyMount(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := startWindow(test.NewTempApp(t), Options{DBPath: dir}); err == nil || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "folder") {
		t.Errorf("folder as the database: %v", err)
	}
	src := t.TempDir()
	good := filepath.Join(src, "team.db")
	{
		u := newTestUIAt(t, good, "")
		u.s.DB().Close()
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "--bind", "-o", "ro", src, mnt).CombinedOutput(); err != nil {
		t.Skipf("read-only mount: needs root and mount(8): mount --bind -o ro: %v: %s", err, out)
	}
	defer exec.Command("umount", mnt).Run()
	exec.Command("mount", "-o", "remount,bind,ro", mnt).Run()
	p := filepath.Join(mnt, "team.db")
	before, _ := os.ReadFile(p)
	if _, _, err := startWindow(test.NewTempApp(t), Options{DBPath: p}); err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "read-only file system") {
		t.Errorf("database on a read-only mount: %v", err)
	}
	if after, _ := os.ReadFile(p); string(after) != string(before) {
		t.Error("the database on the read-only mount changed")
	}
}

func corruptCopy(raw []byte) []byte {
	b := append([]byte(nil), raw...)
	for i := 2 * 65536; i < 2*65536+4096 && i < len(b); i++ {
		b[i] = 0xA5
	}
	return b
}

// TestLongLabelsDoNotWidenTheWindow opens a claim whose label is 250
// characters (the import allows 256 bytes): the palette, the inspector
// and the status bar show it clipped, and the window's content still fits
// in 1280 px.
func TestLongLabelsDoNotWidenTheWindow(t *testing.T) {
	u := newTestUI(t, "")
	long := strings.Repeat("VERY_LONG_CLAIM_LABEL_", 12)[:250]
	_, err := u.s.DB().Import(u.ctx, feedOne(annotate.Article{ID: "long-label", Text: "Taxes rose by five percent last year.",
		Spans: []annotate.Span{{ID: "s1", Start: 0, End: 36, Label: long, Kind: annotate.KindClaim}}}), store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	labels, err := u.s.DB().Labels(u.ctx)
	if err != nil {
		t.Fatal(err)
	}
	u.s.Labels = labels
	u.view.SetLabels(labels)
	u.refreshPalette()
	if err := u.reloadList(); err != nil {
		t.Fatal(err)
	}
	if err := u.open("long-label"); err != nil {
		t.Fatal(err)
	}
	u.view.SelectSpan("s1")
	u.claims.refresh()
	u.bar.hint(u.spanHint("s1"))
	if w := u.win.Content().MinSize().Width; w > 1280 {
		t.Errorf("with a 250-character label the window needs %.0f px, more than 1280", w)
	}
}

func feedOne(a annotate.Article) func() (*annotate.Record, error) {
	return feedRecords(&annotate.Record{Article: a, File: "test", Line: 1})
}

// feedRecords is store.Import's next over recs, then io.EOF.
func feedRecords(recs ...*annotate.Record) func() (*annotate.Record, error) {
	return func() (*annotate.Record, error) {
		if len(recs) == 0 {
			return nil, io.EOF
		}
		r := recs[0]
		recs = recs[1:]
		return r, nil
	}
}

func TestWindowAsksBeforeUpgradingAnOlderDatabase(t *testing.T) {
	a := test.NewTempApp(t)
	for _, yes := range []bool{true, false} {
		var got []bool
		_, d := askUpgrade(a, "/data/team.db", 3, 5, func(ok bool) { got = append(got, ok) })
		if yes {
			d.Confirm()
		} else {
			d.Dismiss()
		}
		if len(got) != 1 || got[0] != yes {
			t.Errorf("answer %v: done got %v", yes, got)
		}
	}
}

// TestTheWindowWritesNothingToADamagedDatabase starts the window on a
// database whose damage start-up does not read (the overflow chain of
// another article's text), so the window shows while its whole-file check
// runs. A label key, Ctrl+Enter and the settings it saves at start reach
// nothing: the check's refusal is shown (file, "restore it from a copy")
// and the file is byte for byte as it was. (When the check finishes before
// the window is built, start-up is refused instead, with the same
// message; store's TestCheckLaterHoldsEveryWriteUntilTheCheckPasses holds
// the check back to make writes wait for it.)
func TestTheWindowWritesNothingToADamagedDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "team.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	const marker = "MARKER-IN-AN-OVERFLOW-PAGE"
	long := strings.Repeat("Rain fell in Oslo. ", 10000) + marker + strings.Repeat(" Snow in Bergen.", 5000)
	recs := []*annotate.Record{
		{Article: annotate.Article{ID: "a", Text: "Mohammed Dahlan met officials in Cairo."}, File: "t", Line: 1},
		{Article: annotate.Article{ID: "long", Text: long}, File: "t", Line: 2},
	}
	if _, err := db.Import(context.Background(), feedRecords(recs...), store.ImportOptions{Annotator: "ana"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte(marker))
	if i < 0 {
		t.Fatal("the long article's text is not in the file")
	}
	page := i / 65536 * 65536 // an overflow page: 4 bytes of the next page's number, then text
	binary.BigEndian.PutUint32(b[page:], 0x7fffffff)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}

	refusal := func(what string, err error) {
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "damaged") ||
			!strings.Contains(err.Error(), "restore it from a copy") {
			t.Errorf("%s: %v, want the check's refusal", what, err)
		}
	}
	for _, running := range []bool{false, true} {
		if running { // the window takes the check for one still running, whenever it finishes
			checkRunning = func(*store.DB) bool { return true }
			defer func() { checkRunning = func(db *store.DB) bool { done, _ := db.Checked(); return !done } }()
		}
		startDamaged(t, path, running, refusal)
		if after, _ := os.ReadFile(path); !bytes.Equal(after, b) {
			t.Fatalf("the window wrote to the damaged database (check taken as running: %v)", running)
		}
		for _, side := range []string{"-wal", "-shm", "-journal"} {
			if _, err := os.Stat(path + side); err == nil {
				t.Errorf("%s was left beside the database", side)
			}
		}
	}
}

// startDamaged starts the window on the damaged database at path, edits,
// and checks the refusal; running: the window was made to take the check
// for one still running.
func startDamaged(t *testing.T, path string, running bool, refusal func(string, error)) {
	u, db, err := startWindow(test.NewTempApp(t), Options{DBPath: path, OpenID: "a"})
	if err != nil {
		if running {
			t.Fatalf("the window did not start (%v) while it took the check for a running one", err)
		}
		// The check finished before the window was built (a small file
		// on a quick machine): the first setting saved met its refusal.
		refusal("start-up", err)
	} else {
		u.win.Resize(fyne.NewSize(1280, 800))
		selectText(t, u, "Cairo")
		typeRune(u.win, '1')
		typeShortcut(u.win, scDoneNext)
		refusal("the check", db.WaitChecked(context.Background()))
		deadline := time.Now().Add(10 * time.Second)
		for u.s.Refused() == nil && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		refusal("the window's refusal", u.s.Refused())
		if u.bar.lastErr == nil {
			t.Error("the status bar shows no error")
		}
		u.win.Close()
		u.stop()
		db.Close()
	}
}

// TestSettingsSavedAtStartWaitForTheCheck: while the window takes the
// check for a running one, the annotator's name and the open article are
// kept, not written; once it has passed they are saved.
func TestSettingsSavedAtStartWaitForTheCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "team.db")
	u0 := newTestUIAt(t, path, gulfNews) // the samples; gulfNews is the last article open
	other, _, err := u0.s.List.Row(1)
	if err != nil || other.ID == gulfNews {
		t.Fatalf("second row %+v, %v", other, err)
	}
	u0.s.DB().Close()
	checkRunning = func(*store.DB) bool { return true }
	defer func() { checkRunning = func(db *store.DB) bool { done, _ := db.Checked(); return !done } }()
	u, db, err := startWindow(test.NewTempApp(t), Options{DBPath: path, OpenID: other.ID})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	defer u.stop()
	deadline := time.Now().Add(10 * time.Second)
	for u.s.Checking() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if u.s.Checking() || u.s.Refused() != nil {
		t.Fatalf("the check of a good database: still running %v, refused %v", u.s.Checking(), u.s.Refused())
	}
	if last, err := db.Setting(context.Background(), settingLast); err != nil || last != other.ID {
		t.Errorf("the open article saved after the check: %q, %v; want %s", last, err, other.ID)
	}
}

// TestTheUpgradeQuestionNamesWhatIsKept: a file's upgrade keeps a copy
// (NAME.bak-vN); a PostgreSQL database's keeps none, and the question says
// so, naming the database without its password.
func TestTheUpgradeQuestionNamesWhatIsKept(t *testing.T) {
	for _, c := range []struct {
		path      string
		want, not []string
	}{
		{"/data/team.db", []string{"/data/team.db", "team.db.bak-v3", "schema 5"}, []string{"pg_dump"}},
		{"postgres://boss:s3cret@db.example/desk", []string{"postgres://boss:xxxxx@db.example/desk", "pg_dump", "No copy is kept", "schema 5"}, []string{"s3cret", ".bak", "the file"}},
	} {
		msg := upgradeMessage(c.path, 3, 5)
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q lacks %q", c.path, msg, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(msg, n) {
				t.Errorf("%s: %q says %q", c.path, msg, n)
			}
		}
	}
}
