package cli

import (
	"encoding/json"
	"math"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The articles of annotate's hand-computed agreement example
// (annotate/agree_test.go, handExample), as two annotators' JSONL files.
// ben also links his claim in art2 to its speaker.
const anaJSONL = `{"id": "art1", "text": "Ana Lopez met Bob in Paris.", "spans": [{"id": "s1", "start": 0, "end": 9, "label": "PERSON"}, {"id": "s2", "start": 14, "end": 17, "label": "PERSON"}, {"id": "s3", "start": 21, "end": 26, "label": "LOC"}]}
{"id": "art2", "text": "Bob said taxes rose 5%.", "spans": [{"id": "s1", "start": 0, "end": 23, "label": "CLAIM"}, {"id": "s2", "start": 0, "end": 3, "label": "PERSON"}, {"id": "s3", "start": 20, "end": 22, "label": "NUMBER"}]}
{"id": "art3", "text": "Carla stayed home.", "spans": [{"id": "s1", "start": 0, "end": 5, "label": "PERSON"}]}
{"id": "art4", "text": "Dora left."}
`

const benJSONL = `{"id": "art1", "text": "Ana Lopez met Bob in Paris.", "spans": [{"id": "s1", "start": 0, "end": 3, "label": "PERSON"}, {"id": "s2", "start": 4, "end": 9, "label": "PERSON"}, {"id": "s3", "start": 14, "end": 17, "label": "PERSON"}, {"id": "s4", "start": 21, "end": 26, "label": "LOC"}]}
{"id": "art2", "text": "Bob said taxes rose 5%.", "spans": [{"id": "s1", "start": 9, "end": 22, "label": "CLAIM"}, {"id": "s2", "start": 0, "end": 3, "label": "PERSON"}, {"id": "s3", "start": 20, "end": 22, "label": "NUMBER"}], "relations": [{"head": "s1", "child": "s2", "label": "SPEAKER"}]}
{"id": "art3", "text": "Carla stayed home."}
{"id": "art4", "text": "Dora left.", "spans": [{"id": "s1", "start": 0, "end": 4, "label": "PERSON"}]}
`

// importAs imports jsonl into a new database dir/name with annotator as the
// annotator of its spans and returns the database's path.
func importAs(t *testing.T, dir, name, jsonl, annotator string) string {
	t.Helper()
	in := writeFile(t, dir, name+".jsonl", []byte(jsonl))
	db := filepath.Join(dir, name+".db")
	if code, _, errOut := runCLI(t, "import", "--db", db, "--annotator", annotator, in); code != ExitOK {
		t.Fatalf("import %s: exit %d: %s", name, code, errOut)
	}
	return db
}

// teamDB imports ana's and ben's files into their own databases and merges
// both into team.db.
func teamDB(t *testing.T, dir string) string {
	t.Helper()
	return teamDBAt(t, dir, filepath.Join(dir, "team.db"))
}

// teamDBAt is teamDB with the merge's target team (a path or a URL).
func teamDBAt(t *testing.T, dir, team string) string {
	t.Helper()
	ana := importAs(t, dir, "ana", anaJSONL, "ana")
	ben := importAs(t, dir, "ben", benJSONL, "ben")
	if code, _, errOut := runCLI(t, "merge", "--db", team, ana, ben); code != ExitOK {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	return team
}

type labelFigures struct {
	Label     string  `json:"label"`
	SpansRef  int     `json:"spans_reference"`
	SpansOth  int     `json:"spans_other"`
	Matched   int     `json:"matched"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	TokensRef int     `json:"tokens_reference"`
	TokensOth int     `json:"tokens_other"`
	Kappa     float64 `json:"kappa"`
}

type pairFigures struct {
	Reference string         `json:"reference"`
	Other     string         `json:"other"`
	Articles  int            `json:"articles"`
	OnlyRef   int            `json:"articles_only_reference"`
	OnlyOther int            `json:"articles_only_other"`
	Tokens    int            `json:"tokens"`
	Overall   labelFigures   `json:"overall"`
	Labels    []labelFigures `json:"labels"`
}

func matches(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// TestMergeThenAgreeGivesHandFigures: two annotators' databases merged into
// one give, through agree, the figures computed by hand in annotate's
// agreement test.
func TestMergeThenAgreeGivesHandFigures(t *testing.T) {
	team := teamDB(t, t.TempDir())
	code, out, errOut := runCLI(t, "agree", "--db", team, "--annotators", "ana,ben", "--json")
	if code != ExitOK {
		t.Fatalf("agree: exit %d: %s", code, errOut)
	}
	var got pairFigures
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("agree --json: %v\n%s", err, out)
	}
	if got.Reference != "ana" || got.Other != "ben" || got.Articles != 2 || got.OnlyRef != 1 || got.OnlyOther != 1 || got.Tokens != 14 {
		t.Errorf("pair %s/%s: articles %d (only %d, %d), tokens %d; want ana/ben 2 (1, 1) 14",
			got.Reference, got.Other, got.Articles, got.OnlyRef, got.OnlyOther, got.Tokens)
	}
	want := []labelFigures{
		{"", 6, 7, 4, 0.5714, 0.6667, 0.6154, 14, 14, 0.8158},
		{"CLAIM", 1, 1, 0, 0, 0, 0, 7, 4, 0.5714},
		{"LOC", 1, 1, 1, 1, 1, 1, 1, 1, 1},
		{"NUMBER", 1, 1, 1, 1, 1, 1, 2, 2, 1},
		{"PERSON", 3, 4, 2, 0.5, 0.6667, 0.5714, 4, 4, 1},
	}
	if len(got.Labels) != len(want)-1 {
		t.Fatalf("labels %+v, want %d", got.Labels, len(want)-1)
	}
	for i, w := range want {
		g := got.Overall
		if i > 0 {
			g = got.Labels[i-1]
		}
		g.Precision, g.Recall, g.F1, g.Kappa = round4(g.Precision), round4(g.Recall), round4(g.F1), round4(g.Kappa)
		if g != w {
			t.Errorf("got  %+v\nwant %+v", g, w)
		}
	}

	// The table shows the same figures to 4 decimals.
	code, out, errOut = runCLI(t, "agree", "--db", team, "--annotators", "ana,ben")
	if code != ExitOK {
		t.Fatalf("agree: exit %d: %s", code, errOut)
	}
	for _, line := range []string{
		`(?m)^\s*overall\s+6\s+7\s+4\s+0\.5714\s+0\.6667\s+0\.6154\s+14\s+14\s+0\.8158\s*$`,
		`(?m)^\s*CLAIM\s+1\s+1\s+0\s+0\.0000\s+0\.0000\s+0\.0000\s+7\s+4\s+0\.5714\s*$`,
		`(?m)^\s*PERSON\s+3\s+4\s+2\s+0\.5000\s+0\.6667\s+0\.5714\s+4\s+4\s+1\.0000\s*$`,
		`2 articles both annotated, 14 tokens`,
	} {
		if !matches(line, out) {
			t.Errorf("table has no line matching %s:\n%s", line, out)
		}
	}
}

// TestAgreeReversedPairSwapsPrecisionAndRecall: the first name is the
// reference, so naming the pair the other way round swaps P and R.
func TestAgreeReversedPairSwapsPrecisionAndRecall(t *testing.T) {
	team := teamDB(t, t.TempDir())
	code, out, errOut := runCLI(t, "agree", "--db", team, "--annotators", "ben,ana", "--json")
	if code != ExitOK {
		t.Fatalf("agree: exit %d: %s", code, errOut)
	}
	var got pairFigures
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	o := got.Overall
	if o.SpansRef != 7 || o.SpansOth != 6 || round4(o.Precision) != 0.6667 || round4(o.Recall) != 0.5714 || round4(o.Kappa) != 0.8158 {
		t.Errorf("ben as reference: %+v", o)
	}
}

func TestAgreeComparesEachPairOfSeveralAnnotators(t *testing.T) {
	dir := t.TempDir()
	team := teamDB(t, dir)
	// cara agrees with ana exactly.
	cara := importAs(t, dir, "cara", anaJSONL, "cara")
	if code, _, errOut := runCLI(t, "merge", "--db", team, cara); code != ExitOK {
		t.Fatalf("merge cara: exit %d: %s", code, errOut)
	}
	code, out, errOut := runCLI(t, "agree", "--db", team, "--annotators", "ana,ben,cara", "--json")
	if code != ExitOK {
		t.Fatalf("agree: exit %d: %s", code, errOut)
	}
	var got []pairFigures
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("agree --json with three names: %v\n%s", err, out)
	}
	wantPairs := []struct {
		a, b string
		f1   float64
	}{{"ana", "ben", 0.6154}, {"ana", "cara", 1}, {"ben", "cara", 0.6154}}
	if len(got) != len(wantPairs) {
		t.Fatalf("%d pairs, want %d", len(got), len(wantPairs))
	}
	for i, w := range wantPairs {
		if got[i].Reference != w.a || got[i].Other != w.b || round4(got[i].Overall.F1) != w.f1 {
			t.Errorf("pair %d: %s/%s F1 %.4f, want %s/%s %.4f", i, got[i].Reference, got[i].Other, got[i].Overall.F1, w.a, w.b, w.f1)
		}
	}
	// ana and cara: 3 shared articles (art1-3), all alike.
	if got[1].Articles != 3 || got[1].Overall.Kappa != 1 {
		t.Errorf("ana/cara: %d articles, kappa %v; want 3, 1", got[1].Articles, got[1].Overall.Kappa)
	}
	code, out, _ = runCLI(t, "agree", "--db", team, "--annotators", "ana,ben,cara")
	if code != ExitOK || strings.Count(out, "overall") != 3 {
		t.Errorf("table of three pairs: exit %d\n%s", code, out)
	}
}

func TestAgreeErrors(t *testing.T) {
	dir := t.TempDir()
	team := teamDB(t, dir)
	// dora annotated only an article nobody else did.
	dora := importAs(t, dir, "dora", `{"id": "art9", "text": "Eve ran.", "spans": [{"start": 0, "end": 3, "label": "PERSON"}]}`+"\n", "dora")
	if code, _, errOut := runCLI(t, "merge", "--db", team, dora); code != ExitOK {
		t.Fatalf("merge dora: exit %d: %s", code, errOut)
	}
	// fay and gus, each alone on an article, arrive through an import
	// whose spans name their annotator.
	other := writeFile(t, dir, "fay-gus.jsonl", []byte(`{"id": "art7", "text": "Fay ran.", "spans": [{"start": 0, "end": 3, "label": "PERSON", "annotator": "fay"}]}
{"id": "art8", "text": "Gus ran.", "spans": [{"start": 0, "end": 3, "label": "PERSON", "annotator": "gus"}]}
`))
	if code, _, errOut := runCLI(t, "import", "--db", team, other); code != ExitOK {
		t.Fatalf("import fay and gus: exit %d: %s", code, errOut)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string // regexp on stderr
	}{
		{"no annotators", []string{"agree", "--db", team}, ExitUsage, `--annotators needs two names`},
		{"one annotator", []string{"agree", "--db", team, "--annotators", "ana"}, ExitUsage, `two names`},
		{"same name twice", []string{"agree", "--db", team, "--annotators", "ana,ana"}, ExitUsage, `"ana" is named twice`},
		{"stray argument", []string{"agree", "--db", team, "--annotators", "ana,ben", "extra"}, ExitUsage, `unexpected argument "extra"`},
		{"unknown flag", []string{"agree", "--db", team, "--annotator", "ana,ben"}, ExitUsage, `flag provided but not defined`},
		{"unknown annotator", []string{"agree", "--db", team, "--annotators", "ana,zed"}, ExitFail, `annotator "zed" has no span in .*team\.db \(annotators: \[ana ben dora fay gus\]\)`},
		{"unknown reference", []string{"agree", "--db", team, "--annotators", "zed,ana"}, ExitFail, `annotator "zed" has no span`},
		{"no shared article", []string{"agree", "--db", team, "--annotators", "ana,dora"}, ExitFail, `ana and dora have no article in common`},
		{"no pair with a shared article", []string{"agree", "--db", team, "--annotators", "dora,fay,gus"}, ExitFail, `no two of \[dora fay gus\] have an article in common`},
		{"missing database", []string{"agree", "--db", filepath.Join(dir, "none.db"), "--annotators", "ana,ben"}, ExitFail, `none\.db`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, errOut)
			}
			if out != "" {
				t.Errorf("stdout not empty: %q", out)
			}
			if !matches(tc.want, errOut) {
				t.Errorf("stderr %q does not match %q", errOut, tc.want)
			}
		})
	}
}

// TestAgreeShowsPairsWithoutCommonArticle: with more than two names, a pair
// that shares no article is reported as such beside the others.
func TestAgreeShowsPairsWithoutCommonArticle(t *testing.T) {
	dir := t.TempDir()
	team := teamDB(t, dir)
	dora := importAs(t, dir, "dora", `{"id": "art9", "text": "Eve ran.", "spans": [{"start": 0, "end": 3, "label": "PERSON"}]}`+"\n", "dora")
	if code, _, errOut := runCLI(t, "merge", "--db", team, dora); code != ExitOK {
		t.Fatalf("merge dora: exit %d: %s", code, errOut)
	}
	code, out, errOut := runCLI(t, "agree", "--db", team, "--annotators", "ana,ben,dora")
	if code != ExitOK {
		t.Fatalf("agree: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"ana and dora have no article in common (ana annotated 3, dora 1)", "ben and dora have no article in common", "0.8158"} {
		if !strings.Contains(out, want) {
			t.Errorf("table does not say %q:\n%s", want, out)
		}
	}
	code, out, errOut = runCLI(t, "agree", "--db", team, "--annotators", "ana,ben,dora", "--json")
	if code != ExitOK {
		t.Fatalf("agree --json: exit %d: %s", code, errOut)
	}
	var got []pairFigures
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Articles != 2 || got[1].Articles != 0 || got[1].OnlyRef != 3 || got[1].OnlyOther != 1 || got[2].Articles != 0 {
		t.Errorf("pairs %+v", got)
	}
}
