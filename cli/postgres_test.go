package cli

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/internal/pgtest"
	"github.com/spanmark/spanmark/internal/testcorpus"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// TestCommandsOnAPostgresURL runs the commands on a postgres:// --db and on
// an SQLite file, and compares what they print; search finds the same
// articles.
func TestCommandsOnAPostgresURL(t *testing.T) {
	gold := testcorpus.Path(t, "gold", "gum_news_entities.jsonl")
	dir := t.TempDir()
	lite, pg := filepath.Join(dir, "a.db"), pgtest.URL(t)
	labels := writeFile(t, dir, "labels.json", nil)
	for _, db := range []string{lite, pg} {
		if code, _, errOut := runCLI(t, "import", "--db", db, "--annotator", "ana", gold); code != ExitOK {
			t.Fatalf("import into %s: exit %d: %s", db, code, errOut)
		}
	}
	same := [][]string{
		{"export"},
		{"export", "--format", "conll"},
		{"export", "--label", "person", "--format", "doccano"},
		{"stats", "--json"},
		{"labels"},
		{"claims"},
		{"assign", "--annotators", "ana,ben,cleo", "--per-article", "2"},
		{"stats"},
		{"delete", "--all-empty"},
		{"export"},
		{"suggest", "--patterns", writeFile(t, dir, "g.tsv", []byte("place\tKabul\nPERSON\tKarzai\nGPE\tAfghanistan\n"))},
		{"suggest", "--patterns", filepath.Join(dir, "g.tsv")},
		{"export", "--include-suggested"},
		{"labels"},
	}
	for _, args := range same {
		var outs [2]string
		for i, db := range []string{lite, pg} {
			code, out, errOut := runCLI(t, append(append([]string{}, args...), "--db", db)...)
			if code != ExitOK {
				t.Fatalf("%v on %s: exit %d: %s", args, db, code, errOut)
			}
			outs[i] = strings.ReplaceAll(out, db, "DB")
		}
		if outs[0] != outs[1] {
			t.Errorf("%v prints otherwise on PostgreSQL:\nSQLite:\n%.600s\nPostgreSQL:\n%.600s", args, outs[0], outs[1])
		}
		if len(outs[0]) == 0 && args[0] != "delete" && args[0] != "assign" {
			t.Errorf("%v printed nothing", args)
		}
	}
	code, out, _ := runCLI(t, "labels", "--db", pg)
	if code != ExitOK || os.WriteFile(labels, []byte(out), 0o644) != nil {
		t.Fatal("labels")
	}
	if code, _, errOut := runCLI(t, "labels", "--db", pg, "--set", labels); code != ExitOK {
		t.Errorf("labels --set: exit %d: %s", code, errOut)
	}
	// search: the same articles (rankings may differ: bm25 and ts_rank),
	// and for a word the same hits in each
	for _, q := range []string{"Kabul", "president", `"United States"`, "presiden*", "said NOT kabul", "zurich OR afghan"} {
		var found [2]map[string]string
		for i, db := range []string{lite, pg} {
			code, out, errOut := runCLI(t, "search", "--db", db, "--limit", "100", q)
			if code != ExitOK {
				t.Fatalf("search %q on %s: exit %d: %s", q, db, code, errOut)
			}
			found[i] = map[string]string{}
			for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if f := strings.Split(line, "\t"); len(f) == 3 {
					found[i][f[0]] = f[1]
				}
			}
		}
		if len(found[0]) == 0 || !maps.EqualFunc(found[0], found[1], func(a, b string) bool { return a == b || strings.ContainsAny(q, `"*`) }) {
			t.Errorf("search %q: SQLite finds (id: hits) %v, PostgreSQL %v", q, found[0], found[1])
		}
	}
	for _, db := range []string{lite, pg} {
		code, out, errOut := runCLI(t, "search", "--db", db, "NEAR(Kabul, x)")
		if code != ExitFail || out != "" || !strings.Contains(errOut, "cannot read the search query") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("a bad query on %s: exit %d, stdout %q, stderr %q; want exit 1 and one line", db, code, out, errOut)
		}
	}
}
