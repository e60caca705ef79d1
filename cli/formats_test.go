package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// A Prodigy dataset of a binary recipe: one suggested span per task and
// the annotator's verdict on it.
func TestProdigyVerdictsReachExportReview(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	const text = "Ann met Bob in Oslo."
	task := func(start, end int, label, answer string) string {
		return `{"text":"` + text + `","_input_hash":1,"_task_hash":` + itoa(start) + `,"spans":[{"start":` + itoa(start) + `,"end":` + itoa(end) +
			`,"label":"` + label + `"}],"answer":"` + answer + `","_view_id":"ner"}` + "\n"
	}
	in := writeFile(t, dir, "teach.jsonl", []byte(task(0, 3, "PERSON", "accept")+task(8, 11, "ORG", "reject")+
		task(15, 19, "GPE", "ignore")+task(8, 11, "ORG", "accept")))
	code, _, errOut := runCLI(t, "import", "--db", db, in)
	if code != ExitOK {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	for _, w := range []string{in + ": warning: 1 span of 1 task answered \"ignore\"", in + ":4: warning: span 8-11 ORG: accepted replaces rejected"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr %q does not say %q", errOut, w)
		}
	}
	code, out, errOut := runCLI(t, "export", "--db", db, "--review", "accepted")
	if code != ExitOK {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	recs := parseExport(t, out)
	if len(recs) != 1 || len(recs[0].Spans) != 2 || recs[0].Spans[0].Label != "PERSON" || recs[0].Spans[1].Label != "ORG" {
		t.Fatalf("export --review accepted: %s", out)
	}
	if !strings.Contains(out, `"answer":"accept"`) || !strings.Contains(out, `"review":"accepted"`) {
		t.Errorf("export does not carry the answer read and the reviews: %s", out)
	}
	// a record read without an answer is written without one
	plain := writeFile(t, dir, "plain.jsonl", []byte(`{"id":"p","text":"Bea left.","spans":[{"start":0,"end":3,"label":"PERSON"}]}`+"\n"))
	db2 := filepath.Join(dir, "b.db")
	if code, _, errOut := runCLI(t, "import", "--db", db2, plain); code != ExitOK {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	if out := exportJSONL(t, db2); strings.Contains(out, `"answer"`) || strings.Contains(out, `"review"`) {
		t.Errorf("export of a record without an answer: %s", out)
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + itoa(n%10)
}
