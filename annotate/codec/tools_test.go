package codec

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// toolShape is one file another tool really writes, in small: what
// spanmark must read from it.
type toolShape struct {
	name   string
	files  map[string]string
	open   string // the file or folder to read (of files)
	format Format // "" = auto; each case also runs with the tool's format
	// want: per record "text|start-end:LABEL@annotator ..." (see shapeOf)
	want     []string
	meta     []string // substrings of the first record's meta
	warnings []string // substrings, one per warning, in order
}

// shapeOf sums a record up for comparing: its text, then its spans.
func shapeOf(a *annotate.Article) string {
	var b strings.Builder
	b.WriteString(a.Text)
	b.WriteString("|")
	for i, s := range a.Spans {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%d-%d:%s", s.Start, s.End, s.Label)
		if s.Annotator != "" {
			b.WriteString("@" + s.Annotator)
		}
	}
	return b.String()
}

func runShapes(t *testing.T, tests []toolShape, formats ...Format) {
	t.Helper()
	for _, tc := range tests {
		for _, f := range append([]Format{""}, formats...) {
			if tc.format != "" && f == "" {
				f = tc.format
			}
			t.Run(tc.name+"/"+string(f), func(t *testing.T) {
				dir := t.TempDir()
				for name, c := range tc.files {
					writeFile(t, dir, name, []byte(c))
				}
				var warnings []string
				recs := readAll(t, []string{filepath.Join(dir, tc.open)}, Options{Format: f, Warn: func(m string) { warnings = append(warnings, m) }})
				var got []string
				for _, r := range recs {
					checkRecord(t, r)
					got = append(got, shapeOf(&r.Article))
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("records\n%q\nwant\n%q", got, tc.want)
				}
				for _, m := range tc.meta {
					if len(recs) == 0 || !strings.Contains(string(recs[0].Article.Meta), m) {
						t.Errorf("meta does not hold %s", m)
					}
				}
				if len(warnings) != len(tc.warnings) {
					t.Fatalf("warnings %q, want %d saying %q", warnings, len(tc.warnings), tc.warnings)
				}
				for i, w := range tc.warnings {
					if !strings.Contains(warnings[i], w) || !strings.HasPrefix(warnings[i], dir) {
						t.Errorf("warning %q does not name the file or say %q", warnings[i], w)
					}
				}
			})
		}
	}
}

const annBob = "Ann met Bob."

// lsLabelsJSON is one labelled span of a Label Studio result list.
func lsLabelsJSON(id string, start, end int, text, label string) string {
	return fmt.Sprintf(`{"id":%q,"type":"labels","from_name":"label","to_name":"text","value":{"start":%d,"end":%d,"text":%q,"labels":[%q]}}`, id, start, end, text, label)
}

func TestLabelStudioShapes(t *testing.T) {
	pred := `{"id":11,"model_version":"ner-v3","score":0.5,"result":[` + lsLabelsJSON("p1", 8, 11, "Bob", "PER") + `]}`
	ann := func(prediction string) string {
		return `{"id":3,"completed_by":1,"was_cancelled":false,"result":[` + lsLabelsJSON("a1", 0, 3, "Ann", "PER") + `],"prediction":` + prediction + `}`
	}
	runShapes(t, []toolShape{
		{name: "predictions as ids resolved from annotation.prediction", open: "export.json", files: map[string]string{"export.json": `[
 {"id": 7, "data": {"text": "` + annBob + `"}, "annotations": [` + ann(pred) + `], "predictions": [11, 12]}
]`},
			want: []string{annBob + "|0-3:PER@ls:1 8-11:PER@model:ner-v3"}},
		{name: "predictions as objects still read", open: "export.json", files: map[string]string{"export.json": `[
 {"id": 7, "data": {"text": "` + annBob + `"}, "annotations": [` + ann("{}") + `], "predictions": [` + pred + `]}
]`},
			want: []string{annBob + "|0-3:PER@ls:1 8-11:PER@model:ner-v3"}},
		{name: "an id listed twice and one that resolves to nothing", open: "export.json", files: map[string]string{"export.json": `[
 {"id": 7, "data": {"text": "` + annBob + `"}, "annotations": [` + ann(pred) + `,` + ann(pred) + `], "predictions": [99, 11, 11]}
]`},
			want: []string{annBob + "|0-3:PER@ls:1 0-3:PER@ls:1 8-11:PER@model:ner-v3"}},
		{name: "one task object, pretty-printed", open: "task.json", files: map[string]string{"task.json": `{
  "id": 7,
  "annotations": [
    {
      "completed_by": 1,
      "result": [` + lsLabelsJSON("a1", 0, 3, "Ann", "PER") + `]
    }
  ],
  "data": {
    "text": "` + annBob + `"
  }
}
`},
			meta: []string{`"source_id":7`},
			want: []string{annBob + "|0-3:PER@ls:1"}},
		{name: "one task object on one line", open: "task.json", files: map[string]string{"task.json": `{"data":{"text":"` + annBob + `"},"annotations":[{"result":[` + lsLabelsJSON("a1", 8, 11, "Bob", "PER") + `]}]}`},
			want: []string{annBob + "|8-11:PER"}},
		{name: "task objects one per line", open: "tasks.json", files: map[string]string{"tasks.json": `{"data":{"text":"` + annBob + `"}}` + "\n" + `{"data":{"text":"Bob left."},"predictions":[{"model_version":"m","result":[` + lsLabelsJSON("p", 0, 3, "Bob", "PER") + `]}]}` + "\n"},
			want: []string{annBob + "|", "Bob left.|0-3:PER@model:m"}},
	}, FormatLabelStudio)
}

func TestDoccanoShapes(t *testing.T) {
	const food = "We ate at a Thai place."
	runShapes(t, []toolShape{
		{name: "doccano 1.x data instead of text", open: "d.jsonl", files: map[string]string{"d.jsonl": `{"id": 22, "data": "` + food + `", "label": [[12, 16, "CUISINE"]]}` + "\n"},
			meta: []string{`"source_id":22`},
			want: []string{food + "|12-16:CUISINE"}},
		{name: "text wins over data", open: "d.jsonl", files: map[string]string{"d.jsonl": `{"id": 22, "data": "a note", "text": "` + food + `", "label": [[12, 16, "CUISINE"]]}` + "\n" +
			`{"id": 23, "text": "` + food + `", "data": "` + food + `", "label": []}` + "\n"},
			meta: []string{`"data":"a note"`},
			want: []string{food + "|12-16:CUISINE", food + "|"}},
		{name: "old doccano: label ids in annotations", open: "old.json", files: map[string]string{"old.json": `{"id": 1, "text": "` + annBob + `", "annotations": [{"label": 12, "start_offset": 8, "end_offset": 11, "user": 1, "prob": 0.0}, {"label": 14, "start_offset": 0, "end_offset": 3, "user": 2}], "meta": {}, "annotation_approver": null}` + "\n" +
			`{"id": 2, "text": "` + food + `", "annotations": [{"label": 12, "start_offset": 12, "end_offset": 16, "user": 1}], "meta": {}, "annotation_approver": null}` + "\n"},
			want:     []string{annBob + "|8-11:12@doccano:1 0-3:14@doccano:2", food + "|12-16:12@doccano:1"},
			warnings: []string{`labels 12, 14 are doccano label ids; rename them`}},
		{name: "old doccano: categories in annotations stay meta", open: "cats.jsonl", files: map[string]string{"cats.jsonl": `{"id": 1, "text": "` + annBob + `", "annotations": [{"label": 3, "user": 1}]}` + "\n"},
			meta: []string{`"annotations":[{"label":3,"user":1}]`},
			want: []string{annBob + "|"}},
		{name: "a field that looks like spans but is not read", open: "d.jsonl", files: map[string]string{"d.jsonl": `{"id": 1, "text": "` + annBob + `", "label": [[8, 11, "PER"]], "ner": [{"start": 0, "end": 3, "tag": "PER"}]}` + "\n" +
			`{"id": 2, "text": "` + annBob + `", "label": [], "ner": [[0, 3, "PER"]]}` + "\n"},
			meta:     []string{`"ner":[{"start":0,"end":3,"tag":"PER"}]`},
			want:     []string{annBob + "|8-11:PER", annBob + "|"},
			warnings: []string{`field "ner" of 2 records (first at line 1) looks like spans`}},
	}, FormatDoccano)
}

func TestJSONLWarnsOfFieldsThatLookLikeSpans(t *testing.T) {
	runShapes(t, []toolShape{
		{name: "entities beside text in a Prodigy-like file", open: "p.jsonl", format: FormatJSONL, files: map[string]string{"p.jsonl": `{"text": "` + annBob + `", "entities": [[8, 11, "PER"]], "tokens": [{"text": "Ann", "start": 0, "end": 3, "id": 0}]}` + "\n"},
			want:     []string{annBob + "|"},
			warnings: []string{`field "entities" of 1 record (first at line 1) looks like spans`}},
		{name: "spaCy-style ents", open: "p.jsonl", format: FormatJSONL, files: map[string]string{"p.jsonl": `{"text": "` + annBob + `", "spans": [{"start": 8, "end": 11, "label": "PER"}], "ents": [{"start_char": 0, "end_char": 3, "label": "PER"}]}` + "\n"},
			want:     []string{annBob + "|8-11:PER"},
			warnings: []string{`field "ents"`}},
	})
}

func TestLabelStudioWarnsOfDataThatLooksLikeSpans(t *testing.T) {
	runShapes(t, []toolShape{
		{name: "spans in data", open: "ls.json", format: FormatLabelStudio, files: map[string]string{"ls.json": `[{"data": {"text": "` + annBob + `", "entities": [{"start": 0, "end": 3, "label": "PER"}]}}]`},
			meta:     []string{`"entities":[{"start":0,"end":3,"label":"PER"}]`},
			want:     []string{annBob + "|"},
			warnings: []string{`field "data.entities" of 1 record (first at line 1) looks like spans`}},
	})
}

func TestBratKeepsWhatItRead(t *testing.T) {
	const txt = "Arvoisa puhemies, Carlos Salinas spoke.\n"
	ann := "T1\tWord 0 7\tArvoisa\n" +
		"#1\tLemma T1\tarvoisa\n" +
		"#2\tAnnotatorNotes T1\tform of address\n" +
		"T5\tPER 18 32\tCarlos Salinas\n" +
		"N1\tReference T5 Wikipedia:64488\tCarlos Salinas de Gortari\n" +
		"N2\tReference T1 Wiktionary:arvoisa\tArvoisa\n" +
		"E1\tSpeak:T5\n" +
		"E2\tSpeak:T5\n" +
		"M1\tNegation E1\n" +
		"A1\tPolite T1\n" +
		"*\tAlias T1 T5\n" +
		"R1\tAgent Arg1:E1 Arg2:T5\n"
	dir := t.TempDir()
	writeFile(t, dir, "in/fi.txt", []byte(txt))
	writeFile(t, dir, "in/fi.ann", []byte(ann))
	var warnings []string
	recs := readAll(t, []string{filepath.Join(dir, "in")}, Options{Warn: func(m string) { warnings = append(warnings, m) }})
	a := recs[0].Article
	want := map[string]map[string]string{
		"T1": {"note:Lemma": "arvoisa", "note": "form of address", "norm": "Wiktionary:arvoisa", "Polite": "true"},
		"T5": {"norm": "Wikipedia:64488", "norm_text": "Carlos Salinas de Gortari"},
	}
	for _, s := range a.Spans {
		if fmt.Sprint(s.Attrs) != fmt.Sprint(want[s.ID]) {
			t.Errorf("span %s attrs %v, want %v", s.ID, s.Attrs, want[s.ID])
		}
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "fi.ann: warning: ") ||
		!strings.Contains(warnings[0], "2 event (E) lines, 1 M line on an event, 1 equivalence (*) line, 1 R line on an event") {
		t.Errorf("warnings %q, want one counting each kind", warnings)
	}
	w, err := NewBratWriter(filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&a); err != nil {
		t.Fatal(err)
	}
	out := string(readFileT(t, filepath.Join(dir, "out", "fi.ann")))
	for _, line := range []string{"\tLemma T1\tarvoisa\n", "\tAnnotatorNotes T1\tform of address\n",
		"\tReference T5 Wikipedia:64488\tCarlos Salinas de Gortari\n", "\tReference T1 Wiktionary:arvoisa\tArvoisa\n"} {
		if !strings.Contains(out, line) {
			t.Errorf("written .ann lacks %q:\n%s", line, out)
		}
	}
	if strings.Contains(out, "norm_text") || strings.Contains(out, "note:") {
		t.Errorf("attrs keys leak into A lines:\n%s", out)
	}
	back := readAll(t, []string{filepath.Join(dir, "out")}, Options{})
	if fmt.Sprint(back[0].Article.Spans) != fmt.Sprint(a.Spans) {
		t.Errorf("read back\n%v\nwant\n%v", back[0].Article.Spans, a.Spans)
	}
}

func readFileT(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestErrorsSayWhatIsWrong: valid JSON shaped unlike the format names the
// field and what it holds, never a Go type; the same fault reads the same
// whatever --format was given.
func TestErrorsSayWhatIsWrong(t *testing.T) {
	pretty := "{\n  \"text\": \"" + annBob + "\",\n  \"spans\": []\n}\n"
	tests := []struct {
		name    string
		file    string
		content string
		formats []Format
		line    int
		want    string
	}{
		{name: "prediction neither object nor id", file: "ls.json", content: `[{"data":{"text":"x"},"predictions":[true]}]`,
			formats: []Format{"", FormatLabelStudio}, line: 1, want: "`predictions[0]` is true or false; want an object or an id"},
		{name: "annotations not a list", file: "ls.json", content: "[\n" + `{"data":{"text":"x"},"annotations":{"result":[]}}]`,
			formats: []Format{"", FormatLabelStudio}, line: 2, want: "`annotations` is an object; want a list"},
		{name: "a result inside a prediction object", file: "ls.json", content: `[{"data":{"text":"x"},"predictions":[{"result":[{"type":"labels","value":5}]}]}]`,
			formats: []Format{FormatLabelStudio}, line: 1, want: "`predictions[0].result[0].value` is a number; want an object"},
		{name: "span start a string", file: "p.jsonl", content: `{"text":"x","spans":[{"start":"0","end":1,"label":"A"}]}`,
			formats: []Format{"", FormatJSONL}, line: 1, want: "`spans[0].start` is a string; want an integer"},
		{name: "record a list", file: "p.jsonl", content: `{"text":"x"}` + "\n" + `[1, 2]`,
			formats: []Format{"", FormatJSONL, FormatDoccano}, line: 2, want: "the record is a list; want an object"},
		{name: "pretty-printed JSON object", file: "p.json", content: pretty,
			formats: []Format{"", FormatJSONL, FormatDoccano}, line: 1, want: "a JSON object written over several lines; want one record per line"},
		{name: "broken JSON", file: "p.jsonl", content: `{"text": "x", "spans": [}` + "\n",
			formats: []Format{"", FormatJSONL, FormatDoccano}, line: 1, want: "bad JSON: "},
		{name: "doccano entity offset a string", file: "d.jsonl", content: `{"text":"` + annBob + `","entities":[{"id":1,"label":"PER","start_offset":"0","end_offset":3}]}`,
			formats: []Format{"", FormatDoccano}, line: 1, want: "`entities[0].start_offset` is a string; want an integer"},
		{name: "span id a list", file: "p.jsonl", content: `{"text":"` + annBob + `","spans":[{"id":[1],"start":0,"end":3,"label":"PER"}]}`,
			formats: []Format{"", FormatJSONL}, line: 1, want: "a span or relation id is a list; want a string or a number"},
		{name: "old doccano label neither name nor id", file: "d.jsonl", content: `{"text":"` + annBob + `","annotations":[{"label":[1],"start_offset":0,"end_offset":3}]}`,
			formats: []Format{"", FormatDoccano}, line: 1, want: "`annotations[0].label` is a list; want a label name or id"},
	}
	for _, tc := range tests {
		var first string
		for _, f := range tc.formats {
			t.Run(tc.name+"/"+string(f), func(t *testing.T) {
				p := writeFile(t, t.TempDir(), tc.file, []byte(tc.content))
				_, err := tryReadAll([]string{p}, Options{Format: f})
				if err == nil {
					t.Fatal("no error")
				}
				msg := err.Error()
				if !strings.HasPrefix(msg, p+":"+itoa(tc.line)+": ") || !strings.Contains(msg, tc.want) {
					t.Errorf("error %q, want %s:%d: …%s…", msg, p, tc.line, tc.want)
				}
				for _, goish := range []string{"codec.", "lsTask", "rawRecord", "Go ", "unmarshal", "annotate."} {
					if strings.Contains(msg, goish) {
						t.Errorf("error %q names Go (%q)", msg, goish)
					}
				}
				msg = strings.TrimPrefix(msg, p)
				if first == "" {
					first = msg
				} else if msg != first {
					t.Errorf("format %q words it %q, another %q", f, msg, first)
				}
			})
		}
	}
}
