package cli

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"github.com/spanmark/spanmark/internal/testcorpus"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

type goldSpan struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Label string `json:"label"`
	Text  string `json:"text"`
}

func readGold(t *testing.T) map[string][]goldSpan {
	t.Helper()
	f, err := os.Open(testcorpus.Path(t, "gold", "gum_news_entities.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gold := map[string][]goldSpan{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r struct {
			ID    string     `json:"id"`
			Spans []goldSpan `json:"spans"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		gold[r.ID] = r.Spans
	}
	return gold
}

type spanKey struct {
	Start, End int
	Label      string
}

// TestCorpusRoundTrip imports the real corpus (articles and gold spans),
// checks every gold span comes back with its offsets and label, and that
// export → import → export is identical.
func TestCorpusRoundTrip(t *testing.T) {
	gold := readGold(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "corpus.db")
	if code, out, errOut := runCLI(t, "import", "--db", db, "--annotator", "gum",
		testcorpus.Path(t, "articles"), testcorpus.Path(t, "gold", "gum_news_entities.jsonl")); code != ExitOK {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	first := exportJSONL(t, db)
	checkExportUnchanged(t, first)
	recs := parseExport(t, first)
	if len(recs) != 25 {
		t.Fatalf("exported %d articles, want 25", len(recs))
	}
	total := checkCodePointText(t, recs)
	if total != 5018 {
		t.Errorf("exported %d spans, want the 5018 gold spans", total)
	}
	for _, r := range recs {
		want, ok := gold[r.ID]
		if !ok {
			continue
		}
		got := map[spanKey]int{}
		for _, s := range r.Spans {
			got[spanKey{s.Start, s.End, s.Label}]++
			if s.Annotator != "gum" {
				t.Fatalf("%s: span annotator %q, want gum", r.ID, s.Annotator)
			}
		}
		for _, g := range want {
			k := spanKey{g.Start, g.End, g.Label}
			if got[k] == 0 {
				t.Errorf("%s: gold span %d-%d %s (%q) missing", r.ID, g.Start, g.End, g.Label, g.Text)
			}
			got[k]--
		}
	}

	exp := filepath.Join(dir, "first.jsonl")
	if err := os.WriteFile(exp, []byte(first), 0o644); err != nil {
		t.Fatal(err)
	}
	db2 := filepath.Join(dir, "again.db")
	if code, _, errOut := runCLI(t, "import", "--db", db2, exp); code != ExitOK {
		t.Fatalf("re-import: exit %d: %s", code, errOut)
	}
	if second := exportJSONL(t, db2); second != first {
		t.Fatalf("export → import → export differs (%d vs %d bytes)", len(first), len(second))
	}
}

// exportBefore is the SHA-256 of the export of the corpus as spanmark
// wrote it before the bulk work of issue 12 (main at 0541fca), and
// corpusInput that of the input it was made from (the articles, in name
// order, then the gold file).
const (
	exportBefore = "0dbb2820667b54d085cfa8baf5de0695793ed86e97d4dbe02098285cfcd9687a"
	corpusInput  = "3e40d8909a5cb0fdd0d24a250460d3a51dbfb922ad91d09b01bb465e169025b9"
)

// checkExportUnchanged: the faster export writes the very bytes the old one
// did. A corpus that changed since is reported, not failed.
func checkExportUnchanged(t *testing.T, export string) {
	t.Helper()
	h := sha256.New()
	names, err := filepath.Glob(testcorpus.Path(t, "articles", "*"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	for _, name := range append(names, testcorpus.Path(t, "gold", "gum_news_entities.jsonl")) {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != corpusInput {
		t.Logf("the corpus changed since the recorded export (input %s): not comparing bytes", got)
		return
	}
	if got := sha256.Sum256([]byte(export)); hex.EncodeToString(got[:]) != exportBefore {
		t.Errorf("export of the corpus is not byte-identical to the one before (SHA-256 %x, want %s)", got, exportBefore)
	}
}

// TestExportFormatsWriteEverySpan exports the corpus in every format and
// reads doccano and brat back, counting spans.
func TestExportFormatsWriteEverySpan(t *testing.T) {
	readGold(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "corpus.db")
	if code, _, errOut := runCLI(t, "import", "--db", db,
		testcorpus.Path(t, "articles"), testcorpus.Path(t, "gold", "gum_news_entities.jsonl")); code != ExitOK {
		t.Fatalf("import: %s", errOut)
	}
	want := exportJSONL(t, db)
	for _, tc := range []struct{ format, out string }{
		{"doccano", filepath.Join(dir, "d.jsonl")},
		{"brat", filepath.Join(dir, "brat")},
	} {
		t.Run(tc.format, func(t *testing.T) {
			if code, _, errOut := runCLI(t, "export", "--db", db, "--format", tc.format, "--out", tc.out); code != ExitOK {
				t.Fatalf("export: %s", errOut)
			}
			back := filepath.Join(dir, tc.format+"-back.db")
			if code, _, errOut := runCLI(t, "import", "--db", back, "--format", tc.format, tc.out); code != ExitOK {
				t.Fatalf("import back: %s", errOut)
			}
			got := spanSet(parseExport(t, exportJSONL(t, back)))
			wantSet := spanSet(parseExport(t, want))
			if len(got) != len(wantSet) {
				t.Fatalf("%s round trip: %d spans, want %d", tc.format, len(got), len(wantSet))
			}
			for k := range wantSet {
				if !got[k] {
					t.Fatalf("%s round trip lost %v", tc.format, k)
				}
			}
		})
	}
	conll := filepath.Join(dir, "c.conll")
	if code, _, errOut := runCLI(t, "export", "--db", db, "--format", "conll", "--out", conll); code != ExitOK {
		t.Fatalf("conll export: %s", errOut)
	}
	if fi, err := os.Stat(conll); err != nil || fi.Size() == 0 {
		t.Fatalf("conll export wrote nothing: %v", err)
	}
}

// spanSet keys spans by article text (ids differ between formats) and
// offsets and label.
func spanSet(recs []exported) map[string]bool {
	set := map[string]bool{}
	for _, r := range recs {
		for _, s := range r.Spans {
			set[r.Text[:min(len(r.Text), 40)]+"|"+itoa3(s.Start, s.End)+"|"+s.Label] = true
		}
	}
	return set
}

func itoa3(a, b int) string {
	k := []int{a, b}
	sort.Ints(k)
	bs, _ := json.Marshal(k)
	return string(bs)
}

func TestExportFiltersAndStats(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	in := writeFile(t, dir, "in.jsonl", []byte(
		`{"id": "a1", "text": "Ann said the river is rising fast.", "spans": [`+
			`{"start": 0, "end": 3, "label": "PERSON", "annotator": "ana"},`+
			`{"start": 9, "end": 33, "label": "CLAIM", "kind": "claim", "attrs": {"checkworthy": "yes"}}]}`+"\n"+
			`{"id": "a2", "text": "Bob went home.", "spans": [{"start": 0, "end": 3, "label": "PERSON"}]}`+"\n"))
	if code, _, errOut := runCLI(t, "import", "--db", db, "--annotator", "ben", in); code != ExitOK {
		t.Fatalf("import: %s", errOut)
	}
	cases := []struct {
		args      []string
		wantIDs   []string
		wantSpans int
	}{
		{nil, []string{"a1", "a2"}, 3},
		{[]string{"--kind", "claim"}, []string{"a1"}, 1},
		{[]string{"--label", "PERSON"}, []string{"a1", "a2"}, 2},
		{[]string{"--annotator", "ana"}, []string{"a1"}, 1},
		{[]string{"--annotator", "ben"}, []string{"a1", "a2"}, 2},
		{[]string{"--where", "checkworthy=yes"}, []string{"a1"}, 1},
		{[]string{"--status", "done"}, nil, 0},
	}
	for _, c := range cases {
		code, out, errOut := runCLI(t, append([]string{"export", "--db", db}, c.args...)...)
		if code != ExitOK {
			t.Fatalf("%v: %s", c.args, errOut)
		}
		recs := parseExport(t, out)
		var ids []string
		spans := 0
		for _, r := range recs {
			ids = append(ids, r.ID)
			spans += len(r.Spans)
		}
		if len(ids) != len(c.wantIDs) || spans != c.wantSpans {
			t.Errorf("export %v: articles %v with %d spans, want %v with %d", c.args, ids, spans, c.wantIDs, c.wantSpans)
		}
	}
	code, out, errOut := runCLI(t, "stats", "--db", db, "--json")
	if code != ExitOK {
		t.Fatalf("stats: %s", errOut)
	}
	var s statsDoc
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("stats --json: %v\n%s", err, out)
	}
	if s.Articles != 2 || s.Spans != 3 || s.ByLabel["PERSON"] != 2 || s.ByKind["claim"] != 1 || s.ByAnnotator["ben"] != 2 || s.ByStatus["todo"] != 2 {
		t.Errorf("stats = %+v", s)
	}
}
