package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// claimsJSONL has claims nested in entities' sentences and overlapping
// entities, with every claim attribute (two evidence URLs, a note with
// spaces) and SPEAKER and ABOUT relations. Text offsets are code points
// (the second article has an emoji before its spans).
const claimsJSONL = `{"id": "gulf", "text": "Official numbers put the number of killed at 16 while other media put the number at 54, the Interior Ministry said.", "status": "in_progress", "spans": [` +
	`{"id": "s1", "start": 0, "end": 86, "label": "CLAIM", "kind": "claim", "annotator": "ana", "attrs": {"checkworthy": "yes", "type": "numerical", "verdict": "mixed", "note": "two figures, two sources", "evidence": "https://example.org/a https://example.org/b_c?x=1"}},` +
	`{"id": "s2", "start": 45, "end": 47, "label": "NUMBER", "kind": "entity", "annotator": "ana"},` +
	`{"id": "s3", "start": 92, "end": 109, "label": "ORG", "kind": "entity", "annotator": "ana"},` +
	`{"id": "s4", "start": 54, "end": 114, "label": "CLAIM", "kind": "claim", "annotator": "ana", "attrs": {"checkworthy": "no", "verdict": "unverified"}}` +
	`], "relations": [{"head": "s1", "child": "s3", "label": "SPEAKER"}, {"head": "s4", "child": "s2", "label": "ABOUT"}]}
{"id": "emoji", "text": "👋🏽 Dahlan said prices will double by 2030.", "spans": [` +
	`{"id": "s1", "start": 3, "end": 9, "label": "PERSON", "kind": "entity", "annotator": "bo"},` +
	`{"id": "s2", "start": 15, "end": 41, "label": "CLAIM", "kind": "claim", "annotator": "bo", "attrs": {"checkworthy": "unsure", "type": "prediction"}},` +
	`{"id": "s3", "start": 3, "end": 41, "label": "CLAIM", "kind": "claim", "annotator": "bo", "attrs": {"type": "quote"}}` +
	`], "relations": [{"head": "s2", "child": "s1", "label": "SPEAKER"}, {"head": "s3", "child": "s1", "label": "SPEAKER"}]}
{"id": "plain", "text": "Nothing to check here.", "spans": [{"id": "s1", "start": 0, "end": 7, "label": "ORG", "kind": "entity"}]}
`

func importOK(t *testing.T, db string, args ...string) {
	t.Helper()
	code, _, errOut := runCLI(t, append([]string{"import", "--db", db}, args...)...)
	if code != ExitOK {
		t.Fatalf("import %v: exit %d: %s", args, code, errOut)
	}
}

// exportTo exports db in format to a file (or a folder for brat) and
// returns its content: for brat every file name and content, sorted.
func exportTo(t *testing.T, db, format, out string, args ...string) string {
	t.Helper()
	code, _, errOut := runCLI(t, append([]string{"export", "--db", db, "--format", format, "--out", out}, args...)...)
	if code != ExitOK {
		t.Fatalf("export %s: exit %d: %s", format, code, errOut)
	}
	if format != "brat" {
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	ents, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(out, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("== " + e.Name() + "\n" + string(data) + "\n")
	}
	return b.String()
}

func TestClaimsRoundTripInEveryFormat(t *testing.T) {
	dir := t.TempDir()
	src := writeFile(t, dir, "claims.jsonl", []byte(claimsJSONL))
	db1 := filepath.Join(dir, "one.db")
	importOK(t, db1, src)

	for _, format := range []string{"jsonl", "doccano", "brat"} {
		t.Run(format, func(t *testing.T) {
			d := t.TempDir()
			out1, out2 := filepath.Join(d, "first."+format), filepath.Join(d, "second."+format)
			if format == "brat" {
				out1, out2 = filepath.Join(d, "first"), filepath.Join(d, "second")
			}
			first := exportTo(t, db1, format, out1)
			db2 := filepath.Join(d, "two.db")
			importOK(t, db2, "--format", format, out1)
			second := exportTo(t, db2, format, out2)
			if first != second {
				t.Errorf("export → import → export differs:\n--- first\n%s\n--- second\n%s", first, second)
			}
			// what each format must carry of the claims
			for _, want := range map[string][]string{
				"jsonl": {`"attrs":{"checkworthy":"yes","evidence":"https://example.org/a https://example.org/b_c?x=1","note":"two figures, two sources","type":"numerical","verdict":"mixed"}`,
					`"relations":[{"head":"s1","child":"s3","label":"SPEAKER"},{"head":"s4","child":"s2","label":"ABOUT"}]`},
				"doccano": {`"relations":[{"id":1,"from_id":1,"to_id":3,"type":"SPEAKER"},{"id":2,"from_id":4,"to_id":2,"type":"ABOUT"}]`,
					`"attrs":{"checkworthy":"yes"`},
				"brat": {"T1\tCLAIM 0 86\t", "\tcheckworthy T1 yes\n", "\tverdict T1 mixed\n",
					"\tevidence T1 https://example.org/a\n", "\tevidence T1 https://example.org/b_c?x=1\n",
					"\tAnnotatorNotes T1\ttwo figures, two sources\n", "\tSPEAKER Arg1:T1 Arg2:T4\n", "\tABOUT Arg1:T3 Arg2:T2\n"},
			}[format] {
				if !strings.Contains(first, want) {
					t.Errorf("%s export lacks %q:\n%s", format, want, first)
				}
			}
			// and a JSONL export of the second database has the same claims
			if got, want := claimsOf(t, exportJSONL(t, db2)), claimsOf(t, exportJSONL(t, db1)); !reflect.DeepEqual(got, want) {
				t.Errorf("claims after a %s round trip:\n%v\nwant\n%v", format, got, want)
			}
		})
	}
}

// claimsOf lists each claim of a JSONL export as "article text attrs
// speaker/about texts", independent of span ids.
func claimsOf(t *testing.T, jsonl string) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(jsonl), "\n") {
		var r struct {
			ID    string `json:"id"`
			Spans []struct {
				ID, Text, Kind string
				Attrs          map[string]string
			} `json:"spans"`
			Relations []struct{ Head, Child, Label string } `json:"relations"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		text := map[string]string{}
		for _, s := range r.Spans {
			text[s.ID] = s.Text
		}
		for _, s := range r.Spans {
			if s.Kind != "claim" {
				continue
			}
			b, _ := json.Marshal(s.Attrs)
			c := r.ID + " " + s.Text + " " + string(b)
			var links []string
			for _, rel := range r.Relations {
				if rel.Head == s.ID {
					links = append(links, rel.Label+"="+text[rel.Child])
				}
			}
			slices.Sort(links)
			out = append(out, c+" "+strings.Join(links, ","))
		}
	}
	slices.Sort(out)
	return out
}

func TestExportKindClaimAndWhereFilterClaims(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	importOK(t, db, writeFile(t, dir, "claims.jsonl", []byte(claimsJSONL)))
	tests := []struct {
		args []string
		want []string // article:span text
	}{
		{[]string{"--kind", "claim"}, []string{
			"emoji:Dahlan said prices will double by 2030", "emoji:prices will double by 2030",
			"gulf:Official numbers put the number of killed at 16 while other media put the number at 54",
			"gulf:other media put the number at 54, the Interior Ministry said"}},
		{[]string{"--kind", "claim", "--where", "checkworthy=yes"}, []string{
			"gulf:Official numbers put the number of killed at 16 while other media put the number at 54"}},
		{[]string{"--where", "type=prediction", "--where", "checkworthy=unsure"}, []string{"emoji:prices will double by 2030"}},
		{[]string{"--where", "type=prediction", "--where", "checkworthy=yes"}, nil},
		// a claim without a verdict has the schema's default, as stats counts it
		{[]string{"--where", "verdict=unverified"}, []string{
			"emoji:Dahlan said prices will double by 2030", "emoji:prices will double by 2030",
			"gulf:other media put the number at 54, the Interior Ministry said"}},
		{[]string{"--kind", "entity"}, []string{"emoji:Dahlan", "gulf:16", "gulf:Interior Ministry", "plain:Nothing"}},
	}
	for _, tt := range tests {
		code, out, errOut := runCLI(t, append([]string{"export", "--db", db}, tt.args...)...)
		if code != ExitOK {
			t.Fatalf("export %v: exit %d: %s", tt.args, code, errOut)
		}
		var got []string
		for _, r := range parseExport(t, out) {
			for _, s := range r.Spans {
				got = append(got, r.ID+":"+s.Text)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("export %v: %q, want %q", tt.args, got, tt.want)
		}
	}
	// --kind claim drops the entities, and so the SPEAKER links to them
	_, out, _ := runCLI(t, "export", "--db", db, "--kind", "claim")
	if strings.Contains(out, "SPEAKER") {
		t.Errorf("a claims-only export keeps relations to entities it left out:\n%s", out)
	}
}

func TestImportRefusesAnUnknownClaimAttributeValue(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	importOK(t, db, writeFile(t, dir, "claims.jsonl", []byte(claimsJSONL)))
	before := exportJSONL(t, db)
	bad := strings.Replace(claimsJSONL, `"checkworthy": "unsure"`, `"checkworthy": "maybe"`, 1)
	bad = strings.ReplaceAll(bad, `"id": "emoji"`, `"id": "emoji2"`)
	path := writeFile(t, dir, "bad.jsonl", []byte(bad))
	code, _, errOut := runCLI(t, "import", "--db", db, path)
	if code != ExitFail {
		t.Fatalf("exit %d, want %d: %s", code, ExitFail, errOut)
	}
	want := regexp.MustCompile(`bad\.jsonl:2: .*span s2 CLAIM 15-41: attribute checkworthy: value "maybe" is not one of yes, no, unsure`)
	if !want.MatchString(errOut) {
		t.Errorf("stderr %q does not match %s", errOut, want)
	}
	if after := exportJSONL(t, db); after != before {
		t.Error("a refused import changed the database")
	}
}

func TestStatsCountClaimsByCheckworthyTypeAndVerdict(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	importOK(t, db, writeFile(t, dir, "claims.jsonl", []byte(claimsJSONL)))
	code, out, errOut := runCLI(t, "stats", "--db", db, "--json")
	if code != ExitOK {
		t.Fatalf("stats: exit %d: %s", code, errOut)
	}
	var doc struct {
		Claims   int                       `json:"claims"`
		ClaimsBy map[string]map[string]int `json:"claims_by"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Claims != 4 {
		t.Errorf("claims %d, want 4", doc.Claims)
	}
	checks := []struct {
		attr, value string
		want        int
	}{
		{"checkworthy", "yes", 1}, {"checkworthy", "no", 1}, {"checkworthy", "unsure", 1}, {"checkworthy", "", 1},
		{"type", "numerical", 1}, {"type", "prediction", 1}, {"type", "quote", 1}, {"type", "", 1},
		{"verdict", "mixed", 1}, {"verdict", "unverified", 3}, {"verdict", "false", 0},
	}
	for _, c := range checks {
		if got := doc.ClaimsBy[c.attr][c.value]; got != c.want {
			t.Errorf("claims_by[%s][%q] = %d, want %d", c.attr, c.value, got, c.want)
		}
	}
	_, text, _ := runCLI(t, "stats", "--db", db)
	for _, want := range []string{"claims     4\n", "claims by checkworthy\n", "  (none)       1\n", "claims by verdict\n  unverified   3\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("stats text lacks %q:\n%s", want, text)
		}
	}
}

func TestClaimsCommandPrintsAndReplacesTheSchema(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	// claims only reads: a database it does not find is not created.
	if code, _, errOut := runCLI(t, "claims", "--db", db); code != ExitFail || !strings.Contains(errOut, "does not exist") {
		t.Fatalf("claims on a missing database: exit %d: %s", code, errOut)
	}
	importOK(t, db, writeFile(t, dir, "one.jsonl", []byte(`{"id": "seed", "text": "Ann came."}`+"\n")))
	code, out, errOut := runCLI(t, "claims", "--db", db)
	if code != ExitOK {
		t.Fatalf("claims: exit %d: %s", code, errOut)
	}
	for _, want := range []string{`"name": "checkworthy"`, `"unsure"`, `"default": "unverified"`, `"type": "urls"`} {
		if !strings.Contains(out, want) {
			t.Errorf("schema lacks %s:\n%s", want, out)
		}
	}
	// a team adds "misleading" to the verdicts and drops the rest
	mine := writeFile(t, dir, "mine.json", []byte(`[{"name": "verdict", "type": "choice", "values": ["true", "misleading", "false"]}]`))
	if code, _, errOut := runCLI(t, "claims", "--db", db, "--set", mine); code != ExitOK {
		t.Fatalf("claims --set: exit %d: %s", code, errOut)
	}
	ok := writeFile(t, dir, "ok.jsonl", []byte(`{"id": "a", "text": "It is so.", "spans": [{"start": 0, "end": 9, "label": "CLAIM", "attrs": {"verdict": "misleading"}}]}`+"\n"))
	importOK(t, db, ok)
	bad := writeFile(t, dir, "bad.jsonl", []byte(`{"id": "b", "text": "It is so.", "spans": [{"start": 0, "end": 9, "label": "CLAIM", "attrs": {"verdict": "mostly-true"}}]}`+"\n"))
	if code, _, errOut := runCLI(t, "import", "--db", db, bad); code != ExitFail || !strings.Contains(errOut, `bad.jsonl:1: `) || !strings.Contains(errOut, "not one of true, misleading, false") {
		t.Errorf("import of a verdict the new schema lacks: exit %d: %s", code, errOut)
	}
	for _, tc := range []struct{ name, json, want string }{
		{"unknown type", `[{"name": "x", "type": "number"}]`, "unknown type"},
		{"unknown field", `[{"name": "x", "type": "text", "colour": "red"}]`, "colour"},
		{"not a list", `{"name": "x"}`, "want a JSON list"},
	} {
		p := writeFile(t, dir, tc.name+".json", []byte(tc.json))
		if code, _, errOut := runCLI(t, "claims", "--db", db, "--set", p); code != ExitFail || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d: %s", tc.name, code, errOut)
		}
	}
	if _, out2, _ := runCLI(t, "claims", "--db", db); !strings.Contains(out2, "misleading") || strings.Contains(out2, "checkworthy") {
		t.Errorf("a refused --set changed the schema:\n%s", out2)
	}
}
