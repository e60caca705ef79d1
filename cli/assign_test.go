package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func TestAssignSpreadsArticlesAndStatsShowsProgress(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "team.db")
	var jsonl strings.Builder
	for i := range 6 {
		fmt.Fprintf(&jsonl, `{"id": "art%d", "text": "Ana met Bob in Cairo."}`+"\n", i)
	}
	in := writeFile(t, dir, "in.jsonl", []byte(jsonl.String()))
	if code, _, errOut := runCLI(t, "import", "--db", db, in); code != ExitOK {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	// Bad teams: exit 2, one line, nothing assigned.
	for _, args := range [][]string{
		{"--annotators", "ana,ben", "--per-article", "3"},
		{"--annotators", "ana,ana"},
		{"--per-article", "1"},
		{"--annotators", "ana", "--status", "finished"},
	} {
		code, _, errOut := runCLI(t, append([]string{"assign", "--db", db}, args...)...)
		if code != ExitUsage || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "spanmark assign: ") {
			t.Errorf("assign %v: exit %d, stderr %q; want exit 2 and one line", args, code, errOut)
		}
	}
	code, out, errOut := runCLI(t, "assign", "--db", db, "--annotators", "ana,ben,cleo", "--per-article", "2", "--status", "todo")
	if code != ExitOK {
		t.Fatalf("assign: exit %d: %s", code, errOut)
	}
	want := "assigned 6 articles:\n  ana          +4\n  ben          +4\n  cleo         +4\n"
	if out != want {
		t.Fatalf("assign printed\n%s\nwant\n%s", out, want)
	}
	if _, out, _ := runCLI(t, "assign", "--db", db, "--annotators", "ana,ben,cleo", "--per-article", "2"); !strings.HasPrefix(out, "nothing to assign") {
		t.Fatalf("second run printed %q", out)
	}
	_, out, _ = runCLI(t, "stats", "--db", db)
	if !strings.Contains(out, "assigned (each annotator's own status)\n  ana          4: todo 4\n") {
		t.Fatalf("stats lacks the progress per annotator:\n%s", out)
	}
	_, out, _ = runCLI(t, "stats", "--db", db, "--json")
	var doc struct {
		Assigned map[string]struct {
			Articles int            `json:"articles"`
			ByStatus map[string]int `json:"by_status"`
		} `json:"assigned"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Assigned["cleo"].Articles != 4 || doc.Assigned["cleo"].ByStatus["todo"] != 4 {
		t.Fatalf("stats --json assigned = %+v", doc.Assigned)
	}
	if _, out, _ := runCLI(t, "assign", "--db", db, "--clear", "--annotators", "ben"); out != "removed 4 assignments\n" {
		t.Fatalf("clear printed %q", out)
	}
}
