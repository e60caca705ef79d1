package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportMemoryIsBoundedOnHugeFields imports, in a child process, a
// record with a 60 MB meta, one with a 31 MB meta (under the 32 MiB line
// limit) and one with 60 MB of escaped text, and checks
// it is refused with FILE:LINE while the child's peak RSS stays under
// 200 MB (a 60 MB meta took 601 MB).
func TestImportMemoryIsBoundedOnHugeFields(t *testing.T) {
	if args := os.Getenv("SPANMARK_RSS_CHILD"); args != "" {
		code := Run(strings.Split(args, "\x1f"), OSEnv())
		// VmHWM is this process's own peak: ru_maxrss would include the
		// parent's, which Linux carries over a vfork+exec.
		status, _ := os.ReadFile("/proc/self/status")
		os.WriteFile(os.Getenv("SPANMARK_RSS_OUT"), status, 0o644)
		os.Exit(code)
	}
	if testing.Short() {
		t.Skip("writes 150 MB of input")
	}
	if raceEnabled {
		t.Skip("peak RSS is measured without -race: the race detector multiplies memory")
	}
	dir := t.TempDir()
	big := bytes.Repeat([]byte("x"), 60<<20)
	cases := map[string]string{
		"meta.jsonl": `{"id": "a", "text": "Ann came."}` + "\n" + `{"id": "b", "text": "Bob came.", "meta": {"blob": "` + string(big) + `"}}` + "\n",
		// Under the line limit: read and decoded, then refused by the meta limit.
		"meta31.jsonl": `{"id": "b", "text": "Bob came.", "meta": {"blob": "` + string(big[:31<<20]) + `"}}` + "\n",
		"text.jsonl":   `{"id": "c", "text": "` + strings.Repeat(`\u0001`, 10<<20) + `"}` + "\n",
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			in := writeFile(t, dir, name, []byte(content))
			db := filepath.Join(dir, name+".db")
			cmd := exec.Command(os.Args[0], "-test.run=^TestImportMemoryIsBoundedOnHugeFields$")
			statusFile := filepath.Join(dir, name+".status")
			cmd.Env = append(os.Environ(), "SPANMARK_RSS_CHILD="+strings.Join([]string{"import", "--db", db, in}, "\x1f"), "SPANMARK_RSS_OUT="+statusFile)
			var errOut bytes.Buffer
			cmd.Stderr = &errOut
			err := cmd.Run()
			if err == nil {
				t.Fatalf("import of a huge field succeeded")
			}
			status, err := os.ReadFile(statusFile)
			if err != nil {
				t.Fatalf("the child wrote no /proc/self/status: %v", err)
			}
			var rss int64
			for _, l := range strings.Split(string(status), "\n") {
				if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
					fmt.Sscanf(strings.TrimSpace(v), "%d", &rss)
					rss >>= 10 // kB → MiB
				}
			}
			if rss == 0 {
				t.Fatal("no VmHWM in the child's /proc/self/status")
			}
			msg := strings.TrimSpace(errOut.String())
			if !strings.Contains(msg, name+":") || strings.Count(msg, "\n") > 0 {
				t.Errorf("message %q: want one line with %s:LINE", msg, name)
			}
			t.Logf("peak RSS %d MiB: %s", rss, msg)
			if rss >= 200 {
				t.Errorf("peak RSS %d MiB, want < 200", rss)
			}
		})
	}
}

func TestImportRefusesOversizedFieldsAndNUL(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	importOK(t, db, writeFile(t, dir, "seed.jsonl", []byte(`{"id": "seed", "text": "Ann came."}`+"\n")))
	before := exportJSONL(t, db)
	meta := `{"note": "` + strings.Repeat("m", 1<<20) + `"}`
	for _, tc := range []struct{ name, line, want string }{
		{"meta over 1 MiB", `{"id": "x", "text": "Ann came.", "meta": ` + meta + `}`, "meta is"},
		{"NUL in id", `{"id": "x\u0000y", "text": "Ann came."}`, "NUL"},
		{"NUL in label", `{"id": "x", "text": "Ann came.", "spans": [{"start": 0, "end": 3, "label": "PER\u0000SON"}]}`, "NUL"},
		{"NUL in span id", `{"id": "x", "text": "Ann came.", "spans": [{"id": "s\u00001", "start": 0, "end": 3, "label": "PERSON"}]}`, "NUL"},
		{"NUL in annotator", `{"id": "x", "text": "Ann came.", "spans": [{"start": 0, "end": 3, "label": "PERSON", "annotator": "a\u0000"}]}`, "NUL"},
		{"long label", `{"id": "x", "text": "Ann came.", "spans": [{"start": 0, "end": 3, "label": "` + strings.Repeat("L", 300) + `"}]}`, "label"},
		{"long id", `{"id": "` + strings.Repeat("i", 5000) + `", "text": "Ann came."}`, "id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := writeFile(t, dir, "bad.jsonl", []byte(`{"id": "ok1", "text": "fine"}`+"\n"+tc.line+"\n"))
			code, _, errOut := runCLI(t, "import", "--db", db, in)
			msg := strings.TrimSpace(errOut)
			if code != ExitFail || !strings.Contains(msg, "bad.jsonl:2: ") || !strings.Contains(msg, tc.want) || strings.Count(msg, "\n") > 0 || len(msg) > 400 {
				t.Errorf("exit %d: %q, want one short line bad.jsonl:2: … %s", code, clip(msg), tc.want)
			}
			if after := exportJSONL(t, db); after != before {
				t.Error("the refused import changed the database")
			}
		})
	}
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + fmt.Sprintf("… (%d bytes)", len(s))
	}
	return s
}
