//go:build unix

package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestStatsIntoDevFull writes into a full device made for the test (the
// machine's own /dev/full is left alone).
func TestStatsIntoDevFull(t *testing.T) {
	dir := t.TempDir()
	db := teamDB(t, dir)
	full := filepath.Join(t.TempDir(), "full")
	if err := syscall.Mknod(full, syscall.S_IFCHR|0o666, 1<<8|7); err != nil {
		t.Skipf("stdout on a full device: needs root to mknod a /dev/full (char 1,7) in a temp folder: %v", err)
	}
	f, err := os.OpenFile(full, os.O_WRONLY, 0)
	if err != nil {
		if errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM) {
			t.Skipf("stdout on a full device: the temp folder does not allow devices (nodev): %v", err)
		}
		t.Fatal(err)
	}
	defer f.Close()
	var errOut strings.Builder
	if code := Run([]string{"stats", "--db", db}, Env{Stdout: f, Stderr: &errOut}); code != ExitFail || !strings.Contains(errOut.String(), "no space left") {
		t.Errorf("stats > full device: exit %d: %q", code, errOut.String())
	}
}
