package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// smallDisk mounts a tmpfs of size bytes in a temp folder for the test
// (root ignores permission bits and quotas, not a full tmpfs) and unmounts
// it at the end.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("full disk: needs root and mount(8) to mount a %s tmpfs: %v: %s", size, err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// bigJSONL is n articles of about 20 KB each.
func bigJSONL(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	body := strings.Repeat("Ana Lopez met Bob in Paris and talked about the weather at length. ", 300)
	for i := range n {
		fmt.Fprintf(&b, `{"id": "art%d", "text": %q, "spans": [{"start": 0, "end": 9, "label": "PERSON"}]}`+"\n", i, body)
	}
	return writeFile(t, t.TempDir(), "chunk5.jsonl", []byte(b.String()))
}

func TestImportOnAFullDiskNamesTheDatabaseNotTheInput(t *testing.T) {
	disk := smallDisk(t, "3m") // the empty database is 1.8 MB (27 b-trees of 64 KiB pages)
	db := filepath.Join(disk, "a.db")
	importOK(t, db, writeFile(t, t.TempDir(), "one.jsonl", []byte(`{"id": "seed", "text": "Ann came."}`+"\n")))
	before := exportJSONL(t, db)
	code, _, errOut := runCLI(t, "import", "--db", db, bigJSONL(t, 150))
	msg := strings.TrimSpace(errOut)
	if code != ExitFail || !strings.Contains(msg, "disk is full") || !strings.Contains(msg, db) || strings.Contains(msg, "chunk5.jsonl") || strings.Count(msg, "\n") > 0 {
		t.Fatalf("import onto a full disk: exit %d: %q, want one line: the disk is full, naming %s, not the input", code, msg, db)
	}
	if after := exportJSONL(t, db); after != before {
		t.Error("the failed import changed the database")
	}
}

func TestBratExportOnAFullDiskLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	importOK(t, db, bigJSONL(t, 40))
	disk := smallDisk(t, "300k")
	out := filepath.Join(disk, "brat")
	code, _, errOut := runCLI(t, "export", "--db", db, "--format", "brat", "--out", out)
	if code != ExitFail || !strings.Contains(errOut, "no space left") && !strings.Contains(errOut, "disk is full") {
		t.Fatalf("brat export onto a full disk: exit %d: %s", code, errOut)
	}
	if ents, _ := os.ReadDir(disk); len(ents) != 0 {
		t.Errorf("a failed brat export left %d entries, e.g. %s", len(ents), ents[0].Name())
	}
}

// errWriter fails every write, as stdout redirected to /dev/full does.
type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

func TestEveryCommandChecksItsWritesToStdout(t *testing.T) {
	dir := t.TempDir()
	db := teamDB(t, dir)
	for _, args := range [][]string{
		{"stats"}, {"stats", "--json"}, {"export"}, {"export", "--format", "conll"}, {"agree", "--annotators", "ana,ben"},
		{"agree", "--annotators", "ana,ben", "--json"}, {"claims"}, {"version"}, {"help"},
	} {
		var errOut strings.Builder
		code := Run(append(args, "--db", db)[:len(args)+map[bool]int{true: 0, false: 2}[args[0] == "version" || args[0] == "help"]], Env{Stdout: errWriter{}, Stderr: &errOut})
		if code != ExitFail || !strings.Contains(errOut.String(), "no space left") {
			t.Errorf("%v into a full stdout: exit %d: %q", args, code, errOut.String())
		}
	}
}
