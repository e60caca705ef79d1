package cli

import (
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
