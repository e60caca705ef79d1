package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets the tests run this binary's main as a child process.
func TestMain(m *testing.M) {
	if os.Getenv("SPANMARK_TEST_MAIN") == "1" {
		os.Args = append([]string{"spanmark"}, strings.Fields(os.Getenv("SPANMARK_TEST_ARGS"))...)
		main()
		return
	}
	os.Exit(m.Run())
}

func runMain(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(append(os.Environ(), "SPANMARK_TEST_MAIN=1", "SPANMARK_TEST_ARGS="+strings.Join(args, " ")), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errOut.String()
}

// TestBadInputPrintsOneLineWhateverTheLocale checks the whole binary, Fyne
// linked in: under the locales of CI and containers, bad input still gives
// exactly one line on stderr and exit code 1.
func TestBadInputPrintsOneLineWhateverTheLocale(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("id\nok\n\xfe\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, loc := range []string{"LANG=C.UTF-8", "LANG=C", "LC_ALL=C.UTF-8", "LANG=en_US.UTF-8", "LANG="} {
		code, _, errOut := runMain(t, []string{loc}, "import", "--db", filepath.Join(dir, "x.db"), bad)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1", loc, code)
		}
		if want := bad + ":3: invalid UTF-8 at byte 6\n"; errOut != want {
			t.Errorf("%s: stderr %q, want %q", loc, errOut, want)
		}
	}
}

func TestUsageExitCodes(t *testing.T) {
	for _, args := range []string{"frobnicate", "--no-such-flag", "--db x.db extra"} {
		if code, _, _ := runMain(t, nil, strings.Fields(args)...); code != 2 {
			t.Errorf("spanmark %s: exit %d, want 2", args, code)
		}
	}
	if code, out, _ := runMain(t, nil, "version"); code != 0 || !strings.HasPrefix(out, "spanmark ") {
		t.Errorf("version: exit %d, %q", code, out)
	}
}
