package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSuggestFromPatternsAndGazetteers(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	in := writeFile(t, dir, "a.jsonl", []byte(`{"id":"a","text":"The Interior Ministry met in Cairo.\nCairo agreed."}`+"\n"))
	if code, _, errOut := runCLI(t, "import", "--db", db, in); code != ExitOK {
		t.Fatalf("import: %s", errOut)
	}
	before := exportJSONL(t, db)
	for _, bad := range []struct{ name, content, want string }{
		{"p.jsonl", `{"label":"ORG","pattern":"Interior Ministry"}` + "\n" + `{"label":"GPE","pattern":[{"pos":"PROPN"}]}` + "\n", ":2: "},
		{"g.txt", "ORG\tInterior Ministry\nno tab here\n", ":2: "},
		{"e.jsonl", "\n", "no patterns"},
	} {
		p := writeFile(t, dir, bad.name, []byte(bad.content))
		code, _, errOut := runCLI(t, "suggest", "--db", db, "--patterns", p)
		if code != ExitFail || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, bad.want) {
			t.Errorf("%s: exit %d %q", bad.name, code, errOut)
		}
		if exportJSONL(t, db) != before {
			t.Fatalf("%s changed the database", bad.name)
		}
	}
	pats := writeFile(t, dir, "p.jsonl", []byte(`{"label":"ORG","pattern":"Interior Ministry"}`+"\n"+`{"label":"GPE","pattern":[{"lower":"cairo"}]}`+"\n"))
	code, out, errOut := runCLI(t, "suggest", "--db", db, "--patterns", pats)
	if code != ExitOK || out != "2 patterns over 1 articles: 3 spans suggested\n" {
		t.Fatalf("suggest: exit %d %q %q", code, out, errOut)
	}
	if code, out, _ = runCLI(t, "suggest", "--db", db, "--patterns", pats); code != ExitOK || !strings.Contains(out, ": 0 spans suggested") {
		t.Fatalf("again: %q", out)
	}
	if exportJSONL(t, db) != before {
		t.Fatal("a plain export shows suggestions")
	}
	code, out, _ = runCLI(t, "export", "--db", db, "--include-suggested")
	if code != ExitOK || strings.Count(out, `"review":"suggested"`) != 3 || strings.Count(out, `"annotator":"patterns"`) != 3 {
		t.Fatalf("--include-suggested: %s", out)
	}
}

// Suggest refuses a damaged file in one line naming it, and leaves it as
// it was.
func TestSuggestRefusesADamagedDatabase(t *testing.T) {
	good := goodDB(t)
	pats := writeFile(t, t.TempDir(), "g.txt", []byte("PERSON\tBob\nGPE\tParis\n"))
	n := 0
	for _, h := range hostileDBs() {
		if h.want != "damaged" {
			continue
		}
		n++
		t.Run(h.name, func(t *testing.T) {
			db := h.make(t, good)
			before, _ := snapshot(db)
			code, _, errOut := runCLI(t, "suggest", "--db", db, "--patterns", pats)
			msg := strings.TrimSpace(errOut)
			if code != ExitFail || strings.Count(msg, "\n") > 0 || !strings.Contains(msg, db) || !strings.Contains(msg, "damaged") {
				t.Fatalf("exit %d %q: want one line naming %s and saying damaged", code, msg, db)
			}
			if after, _ := snapshot(db); !bytes.Equal(before, after) {
				t.Error("suggest changed a damaged file")
			}
			for _, side := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(db + side); err == nil {
					t.Errorf("a refused suggest left %s%s", filepath.Base(db), side)
				}
			}
		})
	}
	if n < 3 {
		t.Fatalf("%d damaged databases to try, want 3", n)
	}
}
