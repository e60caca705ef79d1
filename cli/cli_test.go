package cli

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// runCLI runs one command and returns its exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(args, Env{Stdout: &out, Stderr: &errOut})
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// exportJSONL returns the database's whole JSONL export.
func exportJSONL(t *testing.T, db string) string {
	t.Helper()
	code, out, errOut := runCLI(t, "export", "--db", db)
	if code != ExitOK {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	return out
}

type exported struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Spans []struct {
		ID        string `json:"id"`
		Start     int    `json:"start"`
		End       int    `json:"end"`
		Text      string `json:"text"`
		Label     string `json:"label"`
		Kind      string `json:"kind"`
		Annotator string `json:"annotator"`
	} `json:"spans"`
}

func parseExport(t *testing.T, jsonl string) []exported {
	t.Helper()
	var recs []exported
	for i, line := range strings.Split(strings.TrimSpace(jsonl), "\n") {
		if line == "" {
			continue
		}
		var r exported
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("export line %d is not JSON: %v", i+1, err)
		}
		recs = append(recs, r)
	}
	return recs
}

// checkCodePointText asserts text[start:end] == span.text in code points for
// every span, as Python would slice it.
func checkCodePointText(t *testing.T, recs []exported) int {
	t.Helper()
	n := 0
	for _, r := range recs {
		runes := []rune(r.Text)
		for _, s := range r.Spans {
			if s.Start < 0 || s.End > len(runes) || s.Start >= s.End {
				t.Errorf("%s/%s: offsets %d-%d outside text of %d code points", r.ID, s.ID, s.Start, s.End, len(runes))
				continue
			}
			if got := string(runes[s.Start:s.End]); got != s.Text {
				t.Errorf("%s/%s: text[%d:%d] = %q, span text %q", r.ID, s.ID, s.Start, s.End, got, s.Text)
			}
			n++
		}
	}
	return n
}

const goodJSONL = `{"id": "good", "text": "Mohammed Dahlan spoke.", "spans": [{"start": 0, "end": 15, "text": "Mohammed Dahlan", "label": "PERSON"}]}
`

// TestBadInputChangesNothing is the bad-input contract: exit code 1, one
// line FILE:LINE: what is wrong, and the database content unchanged.
func TestBadInputChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	good := writeFile(t, dir, "good.jsonl", []byte(goodJSONL))
	if code, _, errOut := runCLI(t, "import", "--db", db, good); code != ExitOK {
		t.Fatalf("seed import: exit %d: %s", code, errOut)
	}
	before := exportJSONL(t, db)

	line := func(text string, spans string) string {
		return `{"id": "x", "text": ` + text + `, "spans": [` + spans + `]}` + "\n"
	}
	tests := []struct {
		name   string
		files  map[string][]byte
		args   []string // before the paths
		want   string   // regexp the one stderr line must match
		noPath bool
	}{
		{name: "invalid utf-8", files: map[string][]byte{"bad.txt": []byte("id1\nGood line\nbad \xff byte\n")},
			want: `bad\.txt:3: .*invalid UTF-8 at byte 18`},
		{name: "utf-16 file", files: map[string][]byte{"u16.txt": {0xFF, 0xFE, 'i', 0, 'd', 0, '\n', 0, 'h', 0, 'i', 0}},
			want: `u16\.txt.*UTF-16`},
		{name: "jsonl broken line 3", files: map[string][]byte{"broken.jsonl": []byte(
			`{"id": "a", "text": "one"}` + "\n" + `{"id": "b", "text": "two"}` + "\n" + `{"id": "c", "text": ` + "\n")},
			want: `broken\.jsonl:3: `},
		{name: "span end past the text", files: map[string][]byte{"past.jsonl": []byte(line(`"short"`, `{"start": 2, "end": 40, "label": "X"}`))},
			want: `past\.jsonl:1: .*ends past the text`},
		{name: "negative offset", files: map[string][]byte{"neg.jsonl": []byte(line(`"short"`, `{"start": -1, "end": 3, "label": "X"}`))},
			want: `neg\.jsonl:1: .*negative`},
		{name: "reversed offsets", files: map[string][]byte{"rev.jsonl": []byte(line(`"short text"`, `{"start": 5, "end": 2, "label": "X"}`))},
			want: `rev\.jsonl:1: .*start is after end`},
		{name: "span text disagrees", files: map[string][]byte{"mismatch.jsonl": []byte(line(`"Mohammed Dahlan"`, `{"start": 0, "end": 8, "text": "Dahlan", "label": "PERSON"}`))},
			want: `mismatch\.jsonl:1: .*does not match`},
		{name: "span text matches only as UTF-16", files: map[string][]byte{"utf16off.jsonl": []byte(line(`"😀 Dahlan"`, `{"start": 3, "end": 9, "text": "Dahlan", "label": "PERSON"}`))},
			want: `utf16off\.jsonl:1: .*UTF-16`},
		{name: "empty label", files: map[string][]byte{"nolabel.jsonl": []byte(line(`"short"`, `{"start": 0, "end": 3, "label": ""}`))},
			want: `nolabel\.jsonl:1: .*label`},
		{name: "empty file", files: map[string][]byte{"empty.txt": {}},
			want: `empty\.txt.*empty`},
		{name: "binary file", files: map[string][]byte{"blob.txt": {'i', 'd', '\n', 0, 1, 2, 0, 0, 0xff, 0x10}},
			want: `blob\.txt.*binary`},
		{name: "brat ann outside its txt", files: map[string][]byte{
			"doc.txt": []byte("Short text."),
			"doc.ann": []byte("T1\tPERSON 0 5\tShort\nT2\tORG 6 40\ttext.\n")},
			want: `doc\.ann:2: `},
		{name: "bad second file of a run leaves the first out too", files: map[string][]byte{
			"a-ok.jsonl":  []byte(`{"id": "new-one", "text": "fine"}` + "\n"),
			"b-bad.jsonl": []byte("{not json\n")},
			want: `b-bad\.jsonl:1: `},
		{name: "unknown format", files: map[string][]byte{"f.jsonl": []byte(goodJSONL)}, args: []string{"--format", "yaml"},
			want: `(?i)format.*yaml`},
		{name: "missing path", noPath: true, want: `nothere\.txt`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := t.TempDir()
			var paths []string
			for name, data := range tc.files {
				writeFile(t, in, name, data)
			}
			if len(tc.files) > 0 {
				paths = append(paths, in)
				if len(tc.files) == 1 {
					for name := range tc.files {
						paths = []string{filepath.Join(in, name)}
					}
				}
			}
			if tc.noPath {
				paths = []string{filepath.Join(in, "nothere.txt")}
			}
			args := append(append([]string{"import", "--db", db}, tc.args...), paths...)
			code, _, errOut := runCLI(t, args...)
			if code != ExitFail {
				t.Fatalf("exit code %d, want %d; stderr: %s", code, ExitFail, errOut)
			}
			lines := strings.Split(strings.TrimRight(errOut, "\n"), "\n")
			if len(lines) != 1 {
				t.Fatalf("want one line on stderr, got %d: %q", len(lines), errOut)
			}
			if !regexp.MustCompile(tc.want).MatchString(lines[0]) {
				t.Fatalf("stderr %q does not match %q", lines[0], tc.want)
			}
			if after := exportJSONL(t, db); after != before {
				t.Fatalf("database changed by a failed import:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

func TestOffsetsSurviveImportExportInCodePoints(t *testing.T) {
	texts := []struct{ name, text string }{
		{"emoji zwj and skin tones", "Family 👩‍👩‍👧‍👦 waved 👋🏽 at Mohammed Dahlan 🇪🇬 today."},
		{"combining marks", "Cafe\u0301 owner Zoe\u0308 met Jose\u0301 Ramos."},
		{"cjk", "東京都の小池百合子知事は会見で述べた。"},
		{"arabic", "قال محمد دحلان إن الأمن في غزة مستقر."},
		{"astral letters", "The 𝐁𝐨𝐥𝐝 word and 𐌰𐌱𐌲 Gothic letters."},
	}
	dir := t.TempDir()
	var b strings.Builder
	want := 0
	for i, tc := range texts {
		runes := []rune(tc.text)
		// every whitespace-separated word becomes a span
		var spans []string
		start := -1
		for j := 0; j <= len(runes); j++ {
			if j == len(runes) || runes[j] == ' ' {
				if start >= 0 {
					spans = append(spans, mustJSON(t, map[string]any{"start": start, "end": j, "text": string(runes[start:j]), "label": "W"}))
					start = -1
				}
			} else if start < 0 {
				start = j
			}
		}
		want += len(spans)
		b.WriteString(mustJSON(t, map[string]any{"id": "t" + string(rune('a'+i)), "text": tc.text}))
		s := b.String()
		b.Reset()
		b.WriteString(strings.TrimSuffix(s, "}") + `, "spans": [` + strings.Join(spans, ", ") + "]}\n")
	}
	jsonl := writeFile(t, dir, "unicode.jsonl", []byte(b.String()))
	// CRLF and BOM files in the text format
	writeFile(t, dir, "txt/crlf.txt", []byte("crlf-doc\r\nLine one 😀\r\n\r\nLine two é\r\n"))
	writeFile(t, dir, "txt/bom.txt", []byte("\uFEFFbom-doc\nText after a BOM 👍🏽\n"))
	db := filepath.Join(dir, "u.db")
	if code, _, errOut := runCLI(t, "import", "--db", db, jsonl, filepath.Join(dir, "txt")); code != ExitOK {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	recs := parseExport(t, exportJSONL(t, db))
	if got := checkCodePointText(t, recs); got != want {
		t.Errorf("exported %d spans, want %d", got, want)
	}
	for _, r := range recs {
		switch r.ID {
		case "crlf-doc":
			if r.Text != "Line one 😀\n\nLine two é" {
				t.Errorf("crlf text = %q", r.Text)
			}
		case "bom-doc":
			if r.Text != "Text after a BOM 👍🏽" {
				t.Errorf("bom text = %q", r.Text)
			}
		}
	}
}

func TestJSONTextWithCRLFIsRemapped(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "crlf.jsonl", []byte(`{"id": "c", "text": "\ufeffOne\r\nTwo 😀\r\nThree", "spans": [{"start": 13, "end": 18, "text": "Three", "label": "NUM"}]}`+"\n"))
	db := filepath.Join(dir, "c.db")
	if code, _, errOut := runCLI(t, "import", "--db", db, in); code != ExitOK {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	recs := parseExport(t, exportJSONL(t, db))
	if len(recs) != 1 || len(recs[0].Spans) != 1 {
		t.Fatalf("export = %+v", recs)
	}
	if s := recs[0].Spans[0]; s.Start != 10 || s.End != 15 || s.Text != "Three" {
		t.Fatalf("span = %+v, want 10-15 Three", s)
	}
	checkCodePointText(t, recs)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestImportTwiceChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	in := writeFile(t, dir, "in.jsonl", []byte(goodJSONL))
	runCLI(t, "import", "--db", db, in)
	first := exportJSONL(t, db)
	if code, _, errOut := runCLI(t, "import", "--db", db, in); code != ExitOK {
		t.Fatalf("second import: exit %d: %s", code, errOut)
	}
	if again := exportJSONL(t, db); again != first {
		t.Fatalf("second import changed the export:\n%s\n%s", first, again)
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},
		{"import"},
		{"merge"},
		{"import", "--no-such-flag", "x"},
		{"export", "--kind", "verb"},
		{"export", "--where", "novalue"},
		{"stats", "extra"},
	} {
		if code, _, _ := runCLI(t, args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}

// TestVersionNamesTheBuildGoAndSQLite checks that `version` needs no
// database and prints each line of the build description, the SQLite one
// what a database answers to select sqlite_version().
func TestVersionNamesTheBuildGoAndSQLite(t *testing.T) {
	t.Setenv("SPANMARK_DB", filepath.Join(t.TempDir(), "none", "x.db"))
	code, out, errOut := runCLI(t, "version")
	if code != ExitOK || errOut != "" {
		t.Fatalf("version: exit %d, stderr %q", code, errOut)
	}
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "v.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var sqliteVersion string
	if err := db.QueryRow("select sqlite_version()").Scan(&sqliteVersion); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	want := []string{"spanmark ", "commit ", "built ", "go " + runtime.Version(), "platform " + runtime.GOOS + "/" + runtime.GOARCH, "sqlite " + sqliteVersion}
	if len(lines) != len(want) {
		t.Fatalf("version printed %d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, w := range want {
		if got := strings.Join(strings.Fields(lines[i]), " ") + " "; !strings.HasPrefix(got, w) || len(strings.Fields(lines[i])) != 2 {
			t.Errorf("line %d %q, want %q and a value", i+1, lines[i], w)
		}
	}
	if _, err := os.Stat(filepath.Dir(os.Getenv("SPANMARK_DB"))); !os.IsNotExist(err) {
		t.Errorf("version made the database's folder: %v", err)
	}
}

func TestDefaultDBPathUsesEnvironment(t *testing.T) {
	t.Setenv("SPANMARK_DB", "/tmp/x/y.db")
	if p, _ := DefaultDBPath(); p != "/tmp/x/y.db" {
		t.Fatalf("DefaultDBPath = %q", p)
	}
	t.Setenv("SPANMARK_DB", "")
	t.Setenv("XDG_CONFIG_HOME", "/tmp/cfg")
	t.Setenv("HOME", "/tmp/home")
	if p, _ := DefaultDBPath(); !strings.HasSuffix(p, filepath.Join("spanmark", "annotations.db")) {
		t.Fatalf("DefaultDBPath = %q", p)
	}
}

func TestExportFileIsReadableByOthersAndComplete(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	in := writeFile(t, dir, "in.jsonl", []byte(goodJSONL))
	runCLI(t, "import", "--db", db, in)
	out := filepath.Join(dir, "out.jsonl")
	if code, _, errOut := runCLI(t, "export", "--db", db, "--out", out); code != ExitOK {
		t.Fatalf("export: %s", errOut)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("export file mode %v, want 0644", fi.Mode().Perm())
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".out.jsonl.*"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
	data, _ := os.ReadFile(out)
	if got := parseExport(t, string(data)); len(got) != 1 || got[0].ID != "good" {
		t.Errorf("export file = %q", data)
	}
}

// TestTheOpenDatabaseIsNeitherImportedNorOverwritten: reading the database
// as an import, or writing an export over it or its sidecars, would drop
// the process's SQLite locks or destroy the file; each is refused and the
// database is unchanged.
func TestTheOpenDatabaseIsNeitherImportedNorOverwritten(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "work")
	in := writeFile(t, dir, "a.jsonl", []byte(`{"id":"a","text":"Ann ran.","spans":[{"start":0,"end":3,"label":"PERSON"}]}`+"\n"))
	if code, _, errOut := runCLI(t, "import", "--db", db, in); code != ExitOK {
		t.Fatalf("import: %s", errOut)
	}
	want := exportJSONL(t, db)
	for _, args := range [][]string{
		{"import", "--db", db, db},
		{"import", "--db", db, in, db},
		{"export", "--db", db, "--out", db},
		{"export", "--db", db, "--out", db + "-wal"},
		{"export", "--db", db, "--out", db + "-shm"},
	} {
		code, _, errOut := runCLI(t, args...)
		if code != ExitFail || !strings.Contains(errOut, "database spanmark has open") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
		if got := exportJSONL(t, db); got != want {
			t.Fatalf("%v changed the database:\n%s", args, got)
		}
	}
}

func TestDeleteRemovesArticlesAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "d.db")
	in := writeFile(t, dir, "a.jsonl", []byte(
		`{"id":"a","text":"Ann ran.","spans":[{"start":0,"end":3,"label":"PERSON"}]}`+"\n"+
			`{"id":"b","text":"Bob sat."}`+"\n"+
			`{"id":"c","text":"Cy ate.","status":"done","spans":[{"start":0,"end":2,"label":"PERSON"}]}`+"\n"))
	if code, _, errOut := runCLI(t, "import", "--db", db, in); code != ExitOK {
		t.Fatalf("import: %s", errOut)
	}
	before := exportJSONL(t, db)
	for _, bad := range [][]string{{"delete", "--db", db, "a", "nope"}, {"delete", "--db", db, "--status", "finished"}, {"delete", "--db", db}} {
		code, _, errOut := runCLI(t, bad...)
		if code == ExitOK || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d %q", bad, code, errOut)
		}
		if exportJSONL(t, db) != before {
			t.Fatalf("%v changed the database", bad)
		}
	}
	if code, _, _ := runCLI(t, "delete", "--db", filepath.Join(dir, "none.db"), "a"); code != ExitFail {
		t.Error("delete on a missing database")
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); !os.IsNotExist(err) {
		t.Error("delete created a database")
	}
	code, out, errOut := runCLI(t, "delete", "--db", db, "a", "--all-empty")
	if code != ExitOK || out != "deleted 2 articles with 1 span\na\nb\n" {
		t.Fatalf("delete a --all-empty: exit %d %q %q", code, out, errOut)
	}
	code, out, _ = runCLI(t, "delete", "--db", db, "--status", "done")
	if code != ExitOK || !strings.HasPrefix(out, "deleted 1 article with 1 span") {
		t.Fatalf("delete --status done: %d %q", code, out)
	}
	if got := exportJSONL(t, db); got != "" {
		t.Fatalf("left %q", got)
	}
	if code, out, _ = runCLI(t, "delete", "--db", db, "--all-empty"); code != ExitOK || out != "nothing to delete\n" {
		t.Fatalf("nothing left: %d %q", code, out)
	}
}
