//go:build linux

package gui

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/spanmark/spanmark/internal/lockcheck"
	"github.com/spanmark/spanmark/store"
)

// lastFolderKey is Fyne's preference for where a file dialog opens.
const lastFolderKey = "fyne:fileDialogLastFolder"

// TestFileDialogsOverTheDatabaseFolderKeepItsLocks opens every file dialog
// of the window on the database's own folder, for databases named in
// several ways, and checks after each that the process still holds
// SQLite's locks on the database and its -shm. At the end another process
// opens and closes the database (were the locks gone, it would take itself
// for the last user, checkpoint and delete the WAL under the window), and a
// third must see the window's next edit.
func TestFileDialogsOverTheDatabaseFolderKeepItsLocks(t *testing.T) {
	if os.Getenv(childDBEnv) != "" {
		countSpansChild()
		return
	}
	for _, name := range []string{"repro.db", "team data", "notes.txt", "x.sqlite3"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			// Files the dialogs list beside the database, of unknown types too.
			for _, f := range []string{"build.log", "articles.jsonl", "README"} {
				if err := os.WriteFile(filepath.Join(dir, f), []byte("some text\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			u := newTestUIAt(t, path, gulfNews)
			tagFirstWord(t, u) // SQLite now holds its locks, and the -wal and -shm exist
			held := dbLocks(t, path)
			if held[0] == 0 || held[1] == 0 {
				t.Fatalf("this process holds %v locks on %s and its -shm; SQLite should hold both", held, path)
			}
			u.app.Preferences().SetString(lastFolderKey, storage.NewFileURI(dir).String())

			for _, d := range fileDialogs(t, u) {
				d.open()
				u.win.Canvas().(test.WindowlessCanvas).Capture() // draws the file list and its icons
				// Losing them is the fault (0); one more is a transaction in flight.
				if got := dbLocks(t, path); got[0] == 0 || got[1] == 0 {
					t.Fatalf("after %s on the database's folder: locks on the database and its -shm %v, had %v", d.name, got, held)
				}
				closeOverlays(u.win)
			}

			before := countSpans(t, path) // a process that opens and closes the database
			tagFirstWord(t, u)
			if after := countSpans(t, path); after != before+1 {
				t.Fatalf("another process sees %d spans after the window's edit, want %d", after, before+1)
			}
		})
	}
}

type fileDialog struct {
	name string
	open func()
}

// fileDialogs are every file dialog of the window.
func fileDialogs(t *testing.T, u *ui) []fileDialog {
	return []fileDialog{
		{"File ▸ Open file", u.showOpenFile},
		{"File ▸ Open folder", u.showOpenFolder},
		{"File ▸ Import ▸ Add file", func() { u.showImport(); tapButton(t, u.win, "Add file…") }},
		{"File ▸ Import ▸ Add folder", func() { u.showImport(); tapButton(t, u.win, "Add folder…") }},
		{"File ▸ Export ▸ Choose where (jsonl)", func() { u.showExport(); tapButton(t, u.win, "Choose where…") }},
		{"File ▸ Export ▸ Choose where (brat)", func() { u.chooseExportTarget("brat", store.ExportFilter{}) }},
		{"File ▸ Merge database", u.showMerge},
	}
}

// TestKilledWindowLosesNoSavedSpanAfterFileDialogs is the crash test of the
// dialogs: a window (a child process) opens every file dialog on its
// database's folder and tags spans, reporting each once it is saved; another
// process opens and closes the database meanwhile, as "spanmark stats"
// does; then the window is killed (SIGKILL). Every span reported saved must
// be in the database.
func TestKilledWindowLosesNoSavedSpanAfterFileDialogs(t *testing.T) {
	if p := os.Getenv(crashWindowEnv); p != "" {
		crashWindowChild(t, p)
		return
	}
	path := filepath.Join(t.TempDir(), "repro.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWindowLosesNoSavedSpanAfterFileDialogs$")
	cmd.Env = append(os.Environ(), crashWindowEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stdout)
	saved := func() int {
		for sc.Scan() {
			if n, ok := strings.CutPrefix(sc.Text(), "saved "); ok {
				c, err := strconv.Atoi(n)
				if err != nil {
					t.Fatal(err)
				}
				return c
			}
		}
		t.Fatalf("the window stopped before reporting: %v", sc.Err())
		return 0
	}
	first := saved()
	countSpans(t, path) // another process opens and closes the database
	fmt.Fprintln(stdin, "go on")
	last := saved()
	cmd.Process.Kill()
	cmd.Wait()

	if got := countSpans(t, path); got != last {
		t.Fatalf("after kill -9 the database holds %d spans of the article; the window had reported %d saved (%d before another process opened the database)", got, last, first)
	}
}

const crashWindowEnv = "SPANMARK_CRASH_WINDOW_DB"

// crashWindowChild is the window of the crash test: dialogs, three tags,
// wait for the parent, three more tags, then wait to be killed.
func crashWindowChild(t *testing.T, path string) {
	dir := filepath.Dir(path)
	if err := os.WriteFile(filepath.Join(dir, "build.log"), []byte("log\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	u := newTestUIAt(t, path, gulfNews)
	u.app.Preferences().SetString(lastFolderKey, storage.NewFileURI(dir).String())
	tagFirstWord(t, u)
	for _, d := range fileDialogs(t, u) {
		d.open()
		u.win.Canvas().(test.WindowlessCanvas).Capture()
		closeOverlays(u.win)
	}
	tags := func() {
		for i := 0; i < 3; i++ {
			tagFirstWord(t, u)
		}
		fmt.Printf("saved %d\n", len(u.s.Cur.Spans))
	}
	tags()
	bufio.NewReader(os.Stdin).ReadString('\n')
	tags()
	select {} // until killed
}

// dbLocks returns the locks this process holds on the database and its -shm.
func dbLocks(t *testing.T, path string) [2]int {
	t.Helper()
	var n [2]int
	for i, p := range []string{path, path + "-shm"} {
		var err error
		if n[i], err = lockcheck.Held(os.Getpid(), p); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// tagFirstWord selects a character of the open article not yet tagged alone
// and tags it with the first label, as a person does with the mouse and key 1.
func tagFirstWord(t *testing.T, u *ui) {
	t.Helper()
	taken := map[int]bool{}
	for _, sp := range u.s.Cur.Spans {
		if sp.End == sp.Start+1 {
			taken[sp.Start] = true
		}
	}
	for start := 0; start < 500; start++ {
		if taken[start] {
			continue
		}
		n := len(u.s.Cur.Spans)
		u.view.SetSelection(start, start+1)
		typeRune(u.win, '1')
		if len(u.s.Cur.Spans) == n+1 {
			return
		}
	}
	t.Fatal("could not tag a span")
}

const childDBEnv = "SPANMARK_COUNT_SPANS_DB"

// countSpans runs another process that opens the database, counts the spans
// of the sample article, and closes it.
func countSpans(t *testing.T, path string) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestFileDialogsOverTheDatabaseFolderKeepItsLocks$")
	cmd.Env = append(os.Environ(), childDBEnv+"="+path)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v %s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if n, ok := strings.CutPrefix(line, "spans: "); ok {
			c, err := strconv.Atoi(n)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
	}
	t.Fatalf("child said %q", out)
	return 0
}

func countSpansChild() {
	db, err := store.Open(os.Getenv(childDBEnv))
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(3)
	}
	a, err := db.Article(context.Background(), gulfNews)
	if err != nil {
		fmt.Println("article:", err)
		os.Exit(3)
	}
	fmt.Printf("spans: %d\n", len(a.Spans))
	if err := db.Close(); err != nil {
		os.Exit(3)
	}
	os.Exit(0)
}

// TestFyneCannotOpenTheDatabaseFiles: what a file dialog does with a chosen
// file (Open reads it, Save opens it for writing and truncates it) is
// refused for the open database and its sidecars, whatever their names, and
// works for any other file.
func TestFyneCannotOpenTheDatabaseFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "my annotations")
	u := newTestUIAt(t, path, gulfNews)
	tagFirstWord(t, u)
	held := dbLocks(t, path)
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		uri := storage.NewFileURI(p)
		if r, err := storage.Reader(uri); err == nil {
			r.Close()
			t.Errorf("Reader(%s) opened it", p)
		}
		if w, err := storage.Writer(uri); err == nil {
			w.Close()
			t.Errorf("Writer(%s) opened it", p)
		} else if !strings.Contains(err.Error(), "database spanmark has open") {
			t.Errorf("Writer(%s): %v", p, err)
		}
		if ok, _ := storage.CanRead(uri); ok {
			t.Errorf("CanRead(%s) = true", p)
		}
		if ok, _ := storage.CanWrite(uri); ok {
			t.Errorf("CanWrite(%s) = true", p)
		}
		if err := storage.Delete(uri); err == nil {
			t.Errorf("Delete(%s) worked", p)
		}
		_ = uri.MimeType()
	}
	if got := dbLocks(t, path); got[0] == 0 || got[1] == 0 {
		t.Fatalf("locks %v, had %v", got, held)
	}
	if size() != before {
		t.Fatalf("the database changed size %d → %d", before, size())
	}
	other := storage.NewFileURI(filepath.Join(filepath.Dir(path), "export.jsonl"))
	w, err := storage.Writer(other)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("{}\n"))
	w.Close()
	if r, err := storage.Reader(other); err != nil {
		t.Fatal(err)
	} else {
		r.Close()
	}
}
