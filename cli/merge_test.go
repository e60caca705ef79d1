package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/internal/pgtest"
	"github.com/spanmark/spanmark/store"
)

type mergedSpan struct {
	ID        string `json:"id"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Label     string `json:"label"`
	Kind      string `json:"kind"`
	Annotator string `json:"annotator"`
}

type mergedArticle struct {
	ID        string       `json:"id"`
	Text      string       `json:"text"`
	Spans     []mergedSpan `json:"spans"`
	Relations []struct {
		Head  string `json:"head"`
		Child string `json:"child"`
		Label string `json:"label"`
	} `json:"relations"`
}

func mergedArticles(t *testing.T, db string) map[string]mergedArticle {
	t.Helper()
	arts := map[string]mergedArticle{}
	for _, line := range strings.Split(strings.TrimSpace(exportJSONL(t, db)), "\n") {
		var a mergedArticle
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("export line %q: %v", line, err)
		}
		arts[a.ID] = a
	}
	return arts
}

func labelsOf(t *testing.T, path string) []annotate.Label {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ls, err := db.Labels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// onTargets runs body once with an SQLite file and once with a PostgreSQL
// database (internal/pgtest) as the merge's target: newDB gives a new
// database's --db, in dir for a file.
func onTargets(t *testing.T, body func(t *testing.T, newDB func(dir, name string) string)) {
	t.Run("sqlite", func(t *testing.T) {
		body(t, func(dir, name string) string { return filepath.Join(dir, name+".db") })
	})
	t.Run("postgres", func(t *testing.T) {
		body(t, func(string, string) string { return pgtest.URL(t) })
	})
}

// importInto imports jsonl into the database db (dir/name.jsonl is the
// input) with annotator as the annotator of its spans.
func importInto(t *testing.T, dir, db, name, jsonl, annotator string) string {
	t.Helper()
	in := writeFile(t, dir, name+".jsonl", []byte(jsonl))
	if code, _, errOut := runCLI(t, "import", "--db", db, "--annotator", annotator, in); code != ExitOK {
		t.Fatalf("import %s: exit %d: %s", name, code, errOut)
	}
	return db
}

func TestMergeBringsAnnotatorsTogether(t *testing.T) {
	onTargets(t, testMergeBringsAnnotatorsTogether)
}

func testMergeBringsAnnotatorsTogether(t *testing.T, newDB func(dir, name string) string) {
	dir := t.TempDir()
	ana := importAs(t, dir, "ana", anaJSONL, "ana")
	ben := importAs(t, dir, "ben", benJSONL, "ben")
	team := newDB(filepath.Join(dir, "sub"), "team")
	code, out, errOut := runCLI(t, "merge", "--db", team, ana, ben)
	if code != ExitOK {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	// ana: 3 + 3 + 1 spans, ben: 4 + 3 + 1 spans and one relation.
	if want := "8 articles read (4 new), 15 new spans, 1 new relations"; !strings.Contains(out, want) {
		t.Errorf("summary %q does not say %q", out, want)
	}
	arts := mergedArticles(t, team)
	if len(arts) != 4 {
		t.Fatalf("%d articles, want 4", len(arts))
	}
	count := map[string]int{}
	for _, a := range arts {
		for _, s := range a.Spans {
			count[s.Annotator]++
		}
	}
	if count["ana"] != 7 || count["ben"] != 8 || len(count) != 2 {
		t.Errorf("spans per annotator %v, want ana 7, ben 8", count)
	}
	checkCodePointText(t, parseExport(t, exportJSONL(t, team)))
}

// TestMergeRenamesCollidingSpanIDs: ana's and ben's art2 both use s1-s3;
// ana's (merged first) keep them, ben's get free ids and his relation
// follows his spans.
func TestMergeRenamesCollidingSpanIDs(t *testing.T) {
	onTargets(t, func(t *testing.T, newDB func(dir, name string) string) {
		dir := t.TempDir()
		testMergeRenamesCollidingSpanIDs(t, teamDBAt(t, dir, newDB(dir, "team")))
	})
}

func testMergeRenamesCollidingSpanIDs(t *testing.T, team string) {
	a := mergedArticles(t, team)["art2"]
	byID := map[string]mergedSpan{}
	for _, s := range a.Spans {
		if _, dup := byID[s.ID]; dup {
			t.Fatalf("span id %s used twice in %+v", s.ID, a.Spans)
		}
		byID[s.ID] = s
	}
	if len(byID) != 6 {
		t.Fatalf("art2 has %d spans, want 6: %+v", len(byID), a.Spans)
	}
	for _, id := range []string{"s1", "s2", "s3"} {
		if byID[id].Annotator != "ana" {
			t.Errorf("%s is %+v, want ana's", id, byID[id])
		}
	}
	if len(a.Relations) != 1 {
		t.Fatalf("relations %+v, want one", a.Relations)
	}
	r := a.Relations[0]
	head, child := byID[r.Head], byID[r.Child]
	if r.Label != "SPEAKER" || head.Annotator != "ben" || head.Label != "CLAIM" || head.Start != 9 || head.End != 22 ||
		child.Annotator != "ben" || child.Label != "PERSON" || child.Start != 0 || child.End != 3 {
		t.Errorf("relation %+v joins %+v and %+v, want ben's CLAIM 9-22 and PERSON 0-3", r, head, child)
	}
}

func TestMergeTwiceChangesNothing(t *testing.T) {
	onTargets(t, func(t *testing.T, newDB func(dir, name string) string) {
		dir := t.TempDir()
		testMergeTwiceChangesNothing(t, dir, teamDBAt(t, dir, newDB(dir, "team")))
	})
}

func testMergeTwiceChangesNothing(t *testing.T, dir, team string) {
	before, labelsBefore := exportJSONL(t, team), labelsOf(t, team)
	code, out, errOut := runCLI(t, "merge", "--db", team, filepath.Join(dir, "ana.db"), filepath.Join(dir, "ben.db"))
	if code != ExitOK {
		t.Fatalf("second merge: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "(0 new), 0 new spans, 0 new relations") {
		t.Errorf("second merge summary: %q", out)
	}
	if after := exportJSONL(t, team); after != before {
		t.Errorf("second merge changed the export:\nbefore %s\nafter  %s", before, after)
	}
	if after := labelsOf(t, team); !slices.Equal(after, labelsBefore) {
		t.Errorf("second merge changed the labels:\nbefore %v\nafter  %v", labelsBefore, after)
	}
}

// TestMergeDoesNotDuplicateIdenticalSpans: the same spans of the same
// annotator under other ids add nothing.
func TestMergeDoesNotDuplicateIdenticalSpans(t *testing.T) {
	onTargets(t, func(t *testing.T, newDB func(dir, name string) string) {
		dir := t.TempDir()
		testMergeDoesNotDuplicateIdenticalSpans(t, dir, teamDBAt(t, dir, newDB(dir, "team")))
	})
}

func testMergeDoesNotDuplicateIdenticalSpans(t *testing.T, dir, team string) {
	before := exportJSONL(t, team)
	copied := strings.NewReplacer(`"id": "s`, `"id": "x`).Replace(anaJSONL)
	again := importAs(t, dir, "ana-again", copied, "ana")
	code, out, errOut := runCLI(t, "merge", "--db", team, again)
	if code != ExitOK {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "0 new spans") {
		t.Errorf("summary %q, want 0 new spans", out)
	}
	if after := exportJSONL(t, team); after != before {
		t.Errorf("identical spans were added:\nbefore %s\nafter  %s", before, after)
	}
}

func TestMergeRefusesDifferentText(t *testing.T) {
	onTargets(t, func(t *testing.T, newDB func(dir, name string) string) {
		dir := t.TempDir()
		testMergeRefusesDifferentText(t, dir, teamDBAt(t, dir, newDB(dir, "team")))
	})
}

func testMergeRefusesDifferentText(t *testing.T, dir, team string) {
	before, labelsBefore := exportJSONL(t, team), labelsOf(t, team)
	// a0 alone would merge; art2's text differs; the MONEY label is new.
	eve := importAs(t, dir, "eve", `{"id": "a0", "text": "A new one.", "spans": [{"start": 2, "end": 5, "label": "MONEY"}]}
{"id": "art2", "text": "Bob said taxes fell 5%.", "spans": [{"start": 0, "end": 3, "label": "PERSON"}]}
`, "eve")
	code, out, errOut := runCLI(t, "merge", "--db", team, eve)
	if code != ExitFail {
		t.Fatalf("exit %d, want %d; stdout %q stderr %q", code, ExitFail, out, errOut)
	}
	lines := strings.Split(strings.TrimRight(errOut, "\n"), "\n")
	if len(lines) != 1 || !matches(`article art2 has a different text in .*eve\.db than in `+regexp.QuoteMeta(team)+`; nothing was merged`, lines[0]) {
		t.Errorf("stderr %q", errOut)
	}
	if after := exportJSONL(t, team); after != before {
		t.Errorf("refused merge changed the export:\nbefore %s\nafter  %s", before, after)
	}
	if after := labelsOf(t, team); !slices.Equal(after, labelsBefore) {
		t.Errorf("refused merge changed the labels:\nbefore %v\nafter  %v", labelsBefore, after)
	}
}

// TestMergeRefusesDifferentTextBetweenSources: two sources of one run that
// disagree on an article's text are refused too, naming both.
func TestMergeRefusesDifferentTextBetweenSources(t *testing.T) {
	onTargets(t, testMergeRefusesDifferentTextBetweenSources)
}

func testMergeRefusesDifferentTextBetweenSources(t *testing.T, newDB func(dir, name string) string) {
	dir := t.TempDir()
	ana := importAs(t, dir, "ana", anaJSONL, "ana")
	eve := importAs(t, dir, "eve", `{"id": "art2", "text": "Bob said taxes fell 5%.", "spans": [{"start": 0, "end": 3, "label": "PERSON"}]}`+"\n", "eve")
	team := newDB(dir, "team")
	code, _, errOut := runCLI(t, "merge", "--db", team, ana, eve)
	if code != ExitFail {
		t.Fatalf("exit %d, want %d; stderr %q", code, ExitFail, errOut)
	}
	if !matches(`^merge: article art2 has a different text in .*eve\.db than in .*ana\.db; nothing was merged\n$`, errOut) {
		t.Errorf("stderr %q", errOut)
	}
	if out := exportJSONL(t, team); out != "" {
		t.Errorf("refused merge left articles in the new target:\n%s", out)
	}
}

func TestMergeRefusesBadSources(t *testing.T) {
	dir := t.TempDir()
	team := teamDB(t, dir)
	notDB := writeFile(t, dir, "notes.db", []byte("just some notes\n"))
	fresh := filepath.Join(dir, "fresh.db")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no source", []string{"merge", "--db", team}, ExitUsage, `no database to merge`},
		{"missing source", []string{"merge", "--db", fresh, filepath.Join(dir, "nothere.db")}, ExitFail, `database .*nothere\.db does not exist`},
		{"missing second source", []string{"merge", "--db", fresh, filepath.Join(dir, "ana.db"), filepath.Join(dir, "gone.db")}, ExitFail, `gone\.db does not exist`},
		{"itself", []string{"merge", "--db", team, team}, ExitFail, `team\.db is the target database itself`},
		{"itself by another path", []string{"merge", "--db", team, filepath.Join(dir, ".", "sub", "..", "team.db")}, ExitFail, `is the target database itself`},
		{"folder", []string{"merge", "--db", fresh, dir}, ExitFail, `is a folder, not a database file`},
		{"not sqlite", []string{"merge", "--db", fresh, notDB}, ExitFail, `notes\.db.*not an SQLite database`},
	}
	before := exportJSONL(t, team)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tc.code, errOut)
			}
			if !matches(tc.want, errOut) {
				t.Errorf("stderr %q does not match %q", errOut, tc.want)
			}
		})
	}
	if _, err := os.Stat(fresh); err == nil {
		t.Errorf("a refused merge created the target %s", fresh)
	}
	if after := exportJSONL(t, team); after != before {
		t.Errorf("refused merges changed the target")
	}
}

// TestMergeCarriesLabels: labels the target lacks arrive with their
// definitions (a taken key is dropped); the target's own definitions win.
func TestMergeCarriesLabels(t *testing.T) {
	onTargets(t, testMergeCarriesLabels)
}

func testMergeCarriesLabels(t *testing.T, newDB func(dir, name string) string) {
	dir := t.TempDir()
	target := importInto(t, dir, newDB(dir, "ana"), "ana", anaJSONL, "ana")
	other := importAs(t, dir, "ben", `{"id": "art1", "text": "Ana Lopez met Bob in Paris.", "spans": [{"start": 21, "end": 26, "label": "TOPIC"}]}`+"\n", "ben")
	db, err := store.Open(other)
	if err != nil {
		t.Fatal(err)
	}
	err = db.SaveLabels(context.Background(), []annotate.Label{
		{Name: "PERSON", Kind: annotate.KindEntity, Color: "#111111", Key: "p"},
		{Name: "VERDICT", Kind: annotate.KindClaim, Color: "#222222", Key: "1"}, // 1 is PERSON's key in the target
		{Name: "TOPIC", Kind: annotate.KindEntity, Color: "#333333", Key: "t"},
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	before := labelsOf(t, target)
	code, out, errOut := runCLI(t, "merge", "--db", target, other)
	if code != ExitOK {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "new labels added to the label set: [TOPIC VERDICT]") {
		t.Errorf("summary %q does not name the new labels", out)
	}
	got := labelsOf(t, target)
	want := append(slices.Clone(before),
		annotate.Label{Name: "TOPIC", Kind: annotate.KindEntity, Color: "#333333", Key: "t"},
		annotate.Label{Name: "VERDICT", Kind: annotate.KindClaim, Color: "#222222"})
	if !slices.Equal(got, want) {
		t.Errorf("labels after merge:\n got  %v\n want %v", got, want)
	}
}

// TestMergeProgressOnlyOnATerminal: the progress line goes to a terminal
// and is cleared at the end; anything else gets no progress at all.
func TestMergeProgressOnlyOnATerminal(t *testing.T) {
	dir := t.TempDir()
	ana := importAs(t, dir, "ana", anaJSONL, "ana")
	for _, tty := range []bool{false, true} {
		var out, errOut bytes.Buffer
		target := filepath.Join(dir, fmt.Sprintf("team-%v.db", tty))
		if code := Run([]string{"merge", "--db", target, ana}, Env{Stdout: &out, Stderr: &errOut, StderrIsTTY: tty}); code != ExitOK {
			t.Fatalf("tty %v: exit %d: %s", tty, code, errOut.String())
		}
		got := errOut.String()
		switch {
		case !tty && got != "":
			t.Errorf("not a terminal, stderr %q", got)
		case tty && (!strings.Contains(got, "merging "+ana) || !strings.HasSuffix(got, "\r\033[K")):
			t.Errorf("terminal: stderr %q, want a progress line, cleared", got)
		}
	}
}

// TestMergeOntoAServerAndBack: ana's and ben's files merged onto a
// PostgreSQL database, and that database merged into a new file, give the
// export of the two files merged into a file, byte for byte; a file and a
// URL merge in one run.
func TestMergeOntoAServerAndBack(t *testing.T) {
	dir := t.TempDir()
	lite := teamDB(t, dir)
	ana, ben := filepath.Join(dir, "ana.db"), filepath.Join(dir, "ben.db")
	pg := pgtest.URL(t)
	code, out, errOut := runCLI(t, "merge", "--db", pg, ana, ben)
	if want := "merged 2 databases into " + pg + ": 8 articles read (4 new), 15 new spans, 1 new relations\n"; code != ExitOK || out != want {
		t.Fatalf("merge onto the server: exit %d, stdout %q, stderr %q; want %q", code, out, errOut, want)
	}
	back := filepath.Join(dir, "back.db")
	code, out, errOut = runCLI(t, "merge", "--db", back, pg)
	if want := "merged " + pg + " into " + back + ": 4 articles read (4 new), 15 new spans, 1 new relations\n"; code != ExitOK || out != want {
		t.Fatalf("merge back: exit %d, stdout %q, stderr %q; want %q", code, out, errOut, want)
	}
	mixed := pgtest.URL(t)
	if code, _, errOut := runCLI(t, "merge", "--db", mixed, ana, pg); code != ExitOK {
		t.Fatalf("merge of a file and a URL: exit %d: %s", code, errOut)
	}
	for _, args := range [][]string{{"export"}, {"export", "--format", "conll"}, {"export", "--include-suggested", "--format", "doccano"}, {"stats", "--json"}, {"labels"}} {
		var want string
		for i, db := range []string{lite, pg, back, mixed} {
			code, out, errOut := runCLI(t, append(slices.Clone(args), "--db", db)...)
			if code != ExitOK {
				t.Fatalf("%v --db %s: exit %d: %s", args, db, code, errOut)
			}
			if i == 0 {
				want = out
				if len(want) < 100 {
					t.Fatalf("%v printed %q", args, want)
				}
			} else if out != want {
				t.Errorf("%v of %s differs from the files merged:\n%s\nwant\n%s", args, db, out, want)
			}
		}
	}
}

// TestMergeRefusesBadURLs: a URL source that is the target, names no
// database the server has, or a database without spanmark's schema is
// refused before anything is written; no password is printed.
func TestMergeRefusesBadURLs(t *testing.T) {
	dir := t.TempDir()
	team := teamDBAt(t, dir, pgtest.URL(t))
	before := exportJSONL(t, team)
	empty := pgtest.URL(t)
	withPassword := strings.Replace(team, "@", ":s3cret@", 1)
	noDB := team[:strings.LastIndex(team, "/")] + "/nosuchdb?sslmode=disable"
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"itself", team, `is the target database itself`},
		{"itself with a password", withPassword, `is the target database itself`},
		{"no such database", noDB, `no database "nosuchdb" on the server`},
		{"an empty database", empty, `merge: database postgres://.* is empty, not a spanmark database`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "merge", "--db", team, tc.src)
			if code != ExitFail || out != "" || !matches(tc.want, errOut) || strings.Count(errOut, "\n") != 1 {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and one line matching %q", code, out, errOut, tc.want)
			}
			if strings.Contains(errOut, "s3cret") {
				t.Errorf("the message shows the password: %q", errOut)
			}
		})
	}
	if after := exportJSONL(t, team); after != before {
		t.Error("refused merges changed the target")
	}
	if code, out, _ := runCLI(t, "stats", "--db", empty); code == ExitOK {
		t.Errorf("the empty database became a spanmark database: %s", out)
	}
}
