package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLabelsCommandPrintsAndReplacesTheSet(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if code, _, errOut := runCLI(t, "labels", "--db", db); code != ExitFail || !strings.Contains(errOut, "does not exist") {
		t.Fatalf("labels on a missing database: exit %d: %s", code, errOut)
	}
	importOK(t, db, writeFile(t, dir, "one.jsonl", []byte(`{"id": "seed", "text": "Ann came.", "spans": [{"start": 0, "end": 3, "label": "person"}]}`+"\n")))
	code, out, errOut := runCLI(t, "labels", "--db", db)
	if code != ExitOK {
		t.Fatalf("labels: exit %d: %s", code, errOut)
	}
	for _, want := range []string{`"name": "PERSON"`, `"key": "1"`, `"color": "#e8a33d"`, `"name": "person"`, `"key": "8"`} {
		if !strings.Contains(out, want) {
			t.Errorf("labels lack %s:\n%s", want, out)
		}
	}
	set := writeFile(t, dir, "set.json", []byte(`[
  {"name": "PERSON", "kind": "entity", "key": "1", "description": "a person named, not a pronoun"},
  {"name": "DRUG", "kind": "entity", "key": "d", "color": "#7f9cf5", "description": "a medicine's name"},
  {"name": "CLAIM", "kind": "claim", "key": "c"}
]`))
	if code, _, errOut := runCLI(t, "labels", "--db", db, "--set", set); code != ExitOK {
		t.Fatalf("labels --set: exit %d: %s", code, errOut)
	}
	_, out, _ = runCLI(t, "labels", "--db", db)
	for _, want := range []string{`"description": "a person named, not a pronoun"`, `"color": "#e8a33d"`, `"name": "DRUG"`, `"color": "#7f9cf5"`} {
		if !strings.Contains(out, want) {
			t.Errorf("after --set the labels lack %s:\n%s", want, out)
		}
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, json, want string }{
		{"review key", "[\n{\"name\": \"A\", \"kind\": \"entity\"},\n{\"name\": \"DATE\", \"kind\": \"entity\", \"key\": \"a\"}\n]", "review key.json:3: label DATE: key a accepts in review mode"},
		{"space key", "[\n{\"name\": \"DATE\", \"kind\": \"entity\", \"key\": \" \"}]", "space key.json:2: label DATE: key space skips"},
		{"same key", "[\n{\"name\": \"A\", \"kind\": \"entity\", \"key\": \"q\"},\n\n{\"name\": \"B\", \"kind\": \"entity\", \"key\": \"Q\"}]", "same key.json:4: labels A and B have the same key \"q\""},
		{"twice", "[{\"name\": \"A\", \"kind\": \"entity\"},\n {\"name\": \"A\", \"kind\": \"entity\"}]", "twice.json:2: label A is in the set twice"},
		{"unknown field", "[\n\n  {\"name\": \"A\", \"colour\": \"red\"}]", `unknown field.json:3: label 1: json: unknown field "colour"`},
		{"syntax", "[\n{\"name\": \"A\"},\n{\"name\" \"B\"}]", "syntax.json:3: label 2: invalid character"},
		{"bad kind", "[{\"name\": \"A\", \"kind\": \"thing\"}]", "bad kind.json:1: label A:"},
		{"bad colour", "[\n{\"name\": \"A\", \"color\": \"red\"}]", `bad colour.json:2: label A: colour "red"`},
		{"not a list", `{"name": "x"}`, "not a list.json:1: want a JSON list"},
		{"empty", `[]`, "empty.json:1: the list holds no label"},
		{"trailing", "[{\"name\": \"A\"}]\n[]", "trailing.json:2: more after the list"},
	} {
		p := writeFile(t, dir, tc.name+".json", []byte(tc.json))
		if code, _, errOut := runCLI(t, "labels", "--db", db, "--set", p); code != ExitFail || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d: %s, want %q", tc.name, code, errOut, tc.want)
		}
	}
	after, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Error("a refused --set changed the database file")
	}
}
