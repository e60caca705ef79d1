package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestSearchPrintsBestMatchFirstAndRefusesWhatItCannotRead(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	in := writeFile(t, dir, "a.jsonl", []byte(
		`{"id":"one","text":"The police came once."}`+"\n"+
			`{"id":"three","text":"Police, police, police in Zürich south-west."}`+"\n"+
			`{"id":"none","text":"Nothing here."}`+"\n"))
	if code, _, errOut := runCLI(t, "import", "--db", db, in); code != ExitOK {
		t.Fatalf("import: %s", errOut)
	}
	code, out, errOut := runCLI(t, "search", "--db", db, "police")
	if code != ExitOK || !strings.HasPrefix(out, "three\t3\t") || !strings.Contains(out, "\none\t1\t") || strings.Count(out, "\n") != 2 {
		t.Fatalf("search police: exit %d %q %q", code, out, errOut)
	}
	code, out, _ = runCLI(t, "search", "--db", db, "--json", "--limit", "1", "zurich", "south-west")
	var hit struct {
		ID      string `json:"id"`
		Hits    int    `json:"hits"`
		Snippet string `json:"snippet"`
	}
	if code != ExitOK || strings.Count(out, "\n") != 1 || json.Unmarshal([]byte(out), &hit) != nil || hit.ID != "three" || !strings.Contains(hit.Snippet, "«Zürich»") {
		t.Fatalf("--json: exit %d %q (%+v)", code, out, hit)
	}
	if code, out, errOut = runCLI(t, "search", "--db", db, "elephant"); code != ExitOK || out != "" || errOut != "" {
		t.Fatalf("no hit: exit %d %q %q", code, out, errOut)
	}
	if code, out, errOut = runCLI(t, "search", "--db", db, "NEAR(police once, x)"); code != ExitFail || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "cannot read the search query") {
		t.Fatalf("bad query: exit %d %q %q", code, out, errOut)
	}
	if code, _, _ = runCLI(t, "search", "--db", db); code != ExitUsage {
		t.Fatalf("no query: exit %d", code)
	}
}
