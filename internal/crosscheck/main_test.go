package main

import (
	"strings"
	"testing"
)

func TestLinuxOnlyCodeFailsForWindowsAndBuildTaggedCodePasses(t *testing.T) {
	for _, tc := range []struct {
		goos, pkg string
		wantErr   string // "" for none
	}{
		{"windows", "./testdata/linuxonly", "undefined: syscall.Mkfifo"},
		{"darwin", "./testdata/linuxonly", ""},
		{"windows", "./testdata/tagged", ""},
		{"darwin", "./testdata/tagged", ""},
	} {
		n, errs, err := run(tc.goos, "", []string{tc.pkg})
		if err != nil {
			t.Fatalf("%s %s: %v", tc.goos, tc.pkg, err)
		}
		if n != 1 {
			t.Errorf("%s %s: %d packages checked, want 1", tc.goos, tc.pkg, n)
		}
		switch {
		case tc.wantErr == "" && len(errs) > 0:
			t.Errorf("%s %s: errors %v, want none", tc.goos, tc.pkg, errs)
		case tc.wantErr != "" && (len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.wantErr)):
			t.Errorf("%s %s: errors %v, want one with %q", tc.goos, tc.pkg, errs, tc.wantErr)
		}
	}
}
