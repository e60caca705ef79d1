//go:build unix

package codec

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spanmark/spanmark/annotate"
)

// exportTo writes one article to path through Create and Commit.
func exportTo(t *testing.T, path string) error {
	t.Helper()
	out, err := Create(FormatJSONL, path)
	if err != nil {
		return err
	}
	defer out.Discard()
	a := &annotate.Article{ID: "a", Text: "Ann ran."}
	if err := out.Write(a); err != nil {
		return err
	}
	return out.Commit()
}

const exportedLine = `{"id":"a","text":"Ann ran."`

func TestOutputIntoAFIFOWritesThroughIt(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		b, err := os.ReadFile(fifo) // opens for reading, so the writer's open returns
		if err != nil {
			got <- "read: " + err.Error()
			return
		}
		got <- string(b)
	}()
	if err := exportTo(t, fifo); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(fifo)
	if err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		// The reader waits on the FIFO that is gone; leave it.
		t.Fatalf("the FIFO was replaced: %v %v", fi.Mode(), err)
	}
	select {
	case s := <-got:
		if !strings.HasPrefix(s, exportedLine) {
			t.Errorf("read from the FIFO %q", s)
		}
	case <-time.After(time.Minute):
		t.Fatal("nothing came through the FIFO in a minute")
	}
	assertOnlyFiles(t, dir, "pipe")
}

func TestOutputIntoACharacterDeviceKeepsTheDevice(t *testing.T) {
	dir := t.TempDir()
	dev := filepath.Join(dir, "null")
	// A null device (1,3) made here, never the machine's own /dev/null.
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, int(mkdev(1, 3))); err != nil {
		t.Skipf("this case needs mknod of a character device, which this user may not do here (%v); the FIFO case covers writing through a non-regular file", err)
	}
	if err := exportTo(t, dev); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(dev)
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("the device was replaced by %v (%v)", fi.Mode(), err)
	}
	assertOnlyFiles(t, dir, "null")
}

func TestOutputThroughASymlinkUpdatesItsTargetAndKeepsTheLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.jsonl")
	if err := os.WriteFile(target, []byte("old\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.jsonl")
	if err := os.Symlink("real.jsonl", link); err != nil {
		t.Fatal(err)
	}
	if err := exportTo(t, link); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", fi.Mode(), err)
	}
	b, err := os.ReadFile(target)
	if err != nil || !strings.HasPrefix(string(b), exportedLine) {
		t.Fatalf("target holds %q (%v)", b, err)
	}
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o640 {
		t.Errorf("target's mode %v, want 0640 kept", fi.Mode().Perm())
	}
	assertOnlyFiles(t, dir, "link.jsonl", "real.jsonl")
}

func TestOutputThroughADanglingSymlinkCreatesItsTarget(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "link.jsonl")
	if err := os.Symlink("new.jsonl", link); err != nil {
		t.Fatal(err)
	}
	if err := exportTo(t, link); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "new.jsonl")); err != nil || !strings.HasPrefix(string(b), exportedLine) {
		t.Fatalf("target holds %q (%v)", b, err)
	}
}

func TestOutputIntoAFolderIsRefused(t *testing.T) {
	dir := t.TempDir()
	err := exportTo(t, dir)
	if err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Fatalf("export onto a folder: %v", err)
	}
	assertOnlyFiles(t, dir)
}

func TestOutputInAReadOnlyFolderFailsAndLeavesTheOldFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, "out.jsonl")
	if err := os.WriteFile(old, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	readOnly(t, dir)
	err := exportTo(t, old)
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Fatalf("export into a read-only folder: %v", err)
	}
	if b, _ := os.ReadFile(old); string(b) != "old\n" {
		t.Errorf("old file now holds %q", b)
	}
	assertOnlyFiles(t, dir, "out.jsonl")
}

// readOnly makes dir read-only, for root too where it can (the immutable
// attribute: root ignores permission bits).
func readOnly(t *testing.T, dir string) {
	t.Helper()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if os.Geteuid() != 0 {
		return
	}
	if out, err := exec.Command("chattr", "+i", dir).CombinedOutput(); err != nil {
		t.Skipf("running as root, where permission bits do not stop writes, and chattr +i is refused here (%v: %s); the case runs for other users", err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", dir).Run() })
}

func assertOnlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("%s holds %v, want %v", dir, got, want)
	}
}

// mkdev is makedev(3) for Linux's device numbers.
func mkdev(major, minor uint32) uint64 {
	return uint64(major)<<8 | uint64(minor)
}
