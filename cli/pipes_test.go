//go:build unix

// FIFOs and /dev/fd/N are Unix's: on Windows a named pipe is another thing
// (\\.\pipe\...), which import does not promise to read.

package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const twoRecords = `{"id": "p1", "text": "Ann came."}` + "\n" + `{"id": "p2", "text": "Bob came."}` + "\n"

// importWithin runs import and fails the test when it has not returned
// after limit; unblock is then called to let it end.
func importWithin(t *testing.T, limit time.Duration, unblock func(), args ...string) (int, string) {
	t.Helper()
	type result struct {
		code int
		msg  string
	}
	done := make(chan result, 1)
	go func() {
		code, _, errOut := runCLI(t, args...)
		done <- result{code, errOut}
	}()
	select {
	case r := <-done:
		return r.code, r.msg
	case <-time.After(limit):
		t.Errorf("import %v still running after %v", args, limit)
		unblock()
		r := <-done
		return r.code, r.msg
	}
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatalf("mkfifo %s: %v", path, err)
	}
}

// releaseFIFO opens a FIFO for writing and closes it, so that a reader
// blocked in open returns.
func releaseFIFO(path string) func() {
	return func() {
		if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
			f.Close()
		}
	}
}

func TestImportOfAFIFOWithoutWriterDoesNotHang(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "f.jsonl")
	mkfifo(t, fifo)
	code, msg := importWithin(t, 5*time.Second, releaseFIFO(fifo), "import", "--db", filepath.Join(dir, "a.db"), fifo)
	if code != ExitFail || !strings.Contains(msg, fifo) || !strings.Contains(msg, "no writer") {
		t.Errorf("import of a FIFO without writer: exit %d: %s", code, msg)
	}
}

func TestImportReadsAFIFOWithAWriter(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"f.jsonl", "f"} { // by extension and sniffed
		fifo := filepath.Join(dir, name)
		mkfifo(t, fifo)
		go func() {
			f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				return
			}
			defer f.Close()
			f.WriteString(twoRecords)
		}()
		time.Sleep(100 * time.Millisecond) // the writer waits in open for us
		db := filepath.Join(dir, name+".db")
		code, msg := importWithin(t, 5*time.Second, releaseFIFO(fifo), "import", "--db", db, fifo)
		if code != ExitOK {
			t.Fatalf("import of FIFO %s: exit %d: %s", name, code, msg)
		}
		if n := len(parseExport(t, exportJSONL(t, db))); n != 2 {
			t.Errorf("FIFO %s: %d articles, want 2", name, n)
		}
	}
}

// TestImportReadsAPipeOnce imports /dev/fd/N of a pipe, as the shell's
// <(cat small.jsonl) gives it: the format is found from a buffered prefix
// and the pipe is read once.
func TestImportReadsAPipeOnce(t *testing.T) {
	for _, content := range []string{twoRecords, `{"text": "Ann came.", "label": [[0, 3, "PERSON"]]}` + "\n"} {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			w.WriteString(content)
			w.Close()
		}()
		db := filepath.Join(t.TempDir(), "a.db")
		path := fmt.Sprintf("/dev/fd/%d", r.Fd())
		code, msg := importWithin(t, 5*time.Second, func() { r.Close() }, "import", "--db", db, path)
		r.Close()
		if code != ExitOK {
			t.Errorf("import %s: exit %d: %s", path, code, msg)
			continue
		}
		if n := len(parseExport(t, exportJSONL(t, db))); n != strings.Count(content, "\n") {
			t.Errorf("import of a pipe: %d articles, want %d", n, strings.Count(content, "\n"))
		}
	}
}

func TestFolderWalkSkipsFIFOs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	writeFile(t, in, "a.jsonl", []byte(twoRecords))
	mkfifo(t, filepath.Join(in, "b.jsonl"))
	mkfifo(t, filepath.Join(dir, "target"))
	if err := os.Symlink(filepath.Join(dir, "target"), filepath.Join(in, "c.jsonl")); err != nil {
		t.Fatal(err)
	}
	unblock := func() { releaseFIFO(filepath.Join(in, "b.jsonl"))(); releaseFIFO(filepath.Join(dir, "target"))() }
	code, msg := importWithin(t, 5*time.Second, unblock, "import", "--db", filepath.Join(dir, "a.db"), in)
	if code != ExitOK {
		t.Errorf("import of a folder with FIFOs: exit %d: %s", code, msg)
	}
}
