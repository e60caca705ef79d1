package cli

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestImportExportProgressOnlyOnATerminal: on a terminal, import and export
// end with a summary line (the bar itself needs more than 200 ms); on
// anything else stderr gets nothing of it.
func TestImportExportProgressOnlyOnATerminal(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "in.jsonl", []byte(goodJSONL+"\n"+anaJSONL+"\n"))
	for _, tty := range []bool{false, true} {
		db := filepath.Join(dir, fmt.Sprintf("tty-%v.db", tty))
		out := filepath.Join(dir, fmt.Sprintf("out-%v.jsonl", tty))
		var stdout, stderr bytes.Buffer
		env := Env{Stdout: &stdout, Stderr: &stderr, StderrIsTTY: tty}
		if code := Run([]string{"import", "--db", db, in}, env); code != ExitOK {
			t.Fatalf("tty %v: import exit %d: %s", tty, code, stderr.String())
		}
		imp := stderr.String()
		stderr.Reset()
		if code := Run([]string{"export", "--db", db, "--out", out}, env); code != ExitOK {
			t.Fatalf("tty %v: export exit %d: %s", tty, code, stderr.String())
		}
		exp := stderr.String()
		if !tty {
			if imp != "" {
				t.Errorf("not a terminal: import stderr %q, want nothing", imp)
			}
			if want := "exported 5 articles to " + out + "\n"; exp != want {
				t.Errorf("not a terminal: export stderr %q, want %q", exp, want)
			}
			continue
		}
		if !strings.HasPrefix(imp, "imported 5 articles (") || !strings.Contains(imp, " articles/s") || strings.Count(imp, "\n") != 1 {
			t.Errorf("terminal: import stderr %q, want one summary line", imp)
		}
		if !strings.HasPrefix(exp, "exported 5 articles to "+out+" in ") || strings.Count(exp, "\n") != 1 {
			t.Errorf("terminal: export stderr %q, want one summary line", exp)
		}
	}
}

// TestBarDrawsAFewTimesASecondWithRateAndTimeLeft drives the bar with a
// clock of its own.
func TestBarDrawsAFewTimesASecondWithRateAndTimeLeft(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Unix(1000, 0)
	b := newBar(Env{Stderr: &buf, StderrIsTTY: true}, "importing", 100e6, true)
	b.now = func() time.Time { return clock }
	b.start, b.last = clock, clock
	step := func(d time.Duration, done int64, articles int) string {
		clock = clock.Add(d)
		buf.Reset()
		b.set(done, articles)
		return buf.String()
	}
	if got := step(100*time.Millisecond, 5e6, 100); got != "" {
		t.Errorf("drawn %q after 100 ms, want nothing before 200 ms", got)
	}
	got := step(900*time.Millisecond, 25e6, 1000)
	want := "\r\033[Kimporting [######------------------]  25%  25 MB of 100 MB  1,000 articles  25 MB/s  3s left"
	if got != want {
		t.Errorf("after 1 s:\n got %q\nwant %q", got, want)
	}
	if got := step(50*time.Millisecond, 26e6, 1040); got != "" {
		t.Errorf("drawn %q 50 ms after the last, want nothing", got)
	}
	buf.Reset()
	b.println("in.jsonl:7: warning: something")
	if got := buf.String(); got != "\r\033[Kin.jsonl:7: warning: something\n" {
		t.Errorf("warning printed as %q, want the bar cleared first", got)
	}
	clock = clock.Add(3 * time.Second)
	buf.Reset()
	b.finish("imported", 4000, "", 100e6)
	if got, want := buf.String(), "imported 4,000 articles (100 MB) in 4.05 s, 987 articles/s, 25 MB/s\n"; got != want {
		t.Errorf("summary:\n got %q\nwant %q", got, want)
	}

	// Counting articles (export), the bar looks at the clock every 32 calls.
	buf.Reset()
	e := newBar(Env{Stderr: &buf, StderrIsTTY: true}, "exporting", 640, false)
	e.now = func() time.Time { return clock }
	e.start, e.last = clock, clock
	clock = clock.Add(time.Second)
	for n := 1; n <= 64; n++ {
		e.set(int64(n), n)
	}
	if got, want := buf.String(), "\r\033[Kexporting [#-----------------------]   5%  32 of 640 articles  32 articles/s  19s left"; got != want {
		t.Errorf("export bar:\n got %q\nwant %q", got, want)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 123456: "123,456", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
