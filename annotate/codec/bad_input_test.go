package codec

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

func utf16le(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xFF, 0xFE)
	}
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestImportRefusesBadInput(t *testing.T) {
	okLine := `{"id":"a1","text":"Mohammed Dahlan spoke.","spans":[{"start":0,"end":15,"label":"PERSON"}]}`
	span := func(start, end int, text, label string) string {
		return `{"id":"a2","text":"Mohammed Dahlan spoke in Gaza 😀 today.","spans":[{"start":` +
			itoa(start) + `,"end":` + itoa(end) + `,"text":"` + text + `","label":"` + label + `"}]}`
	}
	tests := []struct {
		name     string
		file     string // file name in the temp dir ("" with files)
		content  []byte
		files    map[string]string // several files; file names the one the error is about
		format   Format
		wantLine int
		wantMsg  []string
	}{
		{name: "invalid UTF-8 in a text file", file: "a.txt", content: []byte("a1\nHello.\n\nbad \xff byte\n"),
			wantLine: 4, wantMsg: []string{"invalid UTF-8 at byte 15"}},
		{name: "invalid UTF-8 in a JSONL line", file: "a.jsonl", content: []byte(okLine + "\n" + `{"text":"caf` + "\xe9" + `"}` + "\n"),
			wantLine: 2, wantMsg: []string{"invalid UTF-8 at byte " + itoa(len(okLine)+1+12)}},
		{name: "invalid UTF-8 in a Label Studio task", file: "ls.json", content: []byte("[\n{\"data\":{\"text\":\"ok\"}},\n{\"data\":\n{\"text\":\"b\xc3(\"}}]"),
			wantLine: 4, wantMsg: []string{"invalid UTF-8 at byte"}},
		{name: "UTF-16 text file with byte-order mark", file: "u.txt", content: utf16le("a1\nHello there.\n", true),
			wantMsg: []string{"UTF-16"}},
		{name: "UTF-16 text file without byte-order mark", file: "u.txt", content: utf16le("a1\nHello there, this is UTF-16.\n", false),
			wantMsg: []string{"UTF-16"}},
		{name: "UTF-16 JSONL file", file: "u.jsonl", content: utf16le(okLine+"\n", true),
			wantLine: 1, wantMsg: []string{"UTF-16"}},
		{name: "broken JSON on line 3", file: "b.jsonl", content: []byte(okLine + "\n\n" + `{"text": "unfinished` + "\n" + okLine + "\n"),
			wantLine: 3, wantMsg: []string{"bad JSON"}},
		{name: "span end past the text", file: "s.jsonl", content: []byte(okLine + "\n" + span(30, 60, "", "GPE") + "\n"),
			wantLine: 2, wantMsg: []string{"ends past the text", "length 38 code points"}},
		{name: "negative offset", file: "s.jsonl", content: []byte(span(-1, 4, "", "GPE") + "\n"),
			wantLine: 1, wantMsg: []string{"negative offset"}},
		{name: "reversed offsets", file: "s.jsonl", content: []byte(span(9, 4, "", "GPE") + "\n"),
			wantLine: 1, wantMsg: []string{"start is after end"}},
		{name: "zero-length span", file: "s.jsonl", content: []byte(span(4, 4, "", "GPE") + "\n"),
			wantLine: 1, wantMsg: []string{"zero-length"}},
		{name: "span text that disagrees", file: "s.jsonl", content: []byte(span(0, 8, "Dahlan", "PERSON") + "\n"),
			wantLine: 1, wantMsg: []string{`span text "Dahlan" does not match`, `"Mohammed"`}},
		{name: "span text matching only as UTF-16 units", file: "s.jsonl", content: []byte(span(33, 38, "today", "DATE") + "\n"),
			wantLine: 1, wantMsg: []string{"does not match", "UTF-16 code units"}},
		{name: "empty label", file: "s.jsonl", content: []byte(span(0, 8, "Mohammed", "") + "\n"),
			wantLine: 1, wantMsg: []string{"empty label"}},
		{name: "relation to a missing span", file: "r.jsonl", content: []byte(`{"text":"Ann met Bob.","spans":[{"id":"s1","start":0,"end":3,"label":"PERSON"}],"relations":[{"head":"s1","child":"s9","label":"MET"}]}` + "\n"),
			wantLine: 1, wantMsg: []string{`no span "s9"`}},
		{name: "record without text", file: "n.jsonl", content: []byte(okLine + "\n" + `{"id":"x"}` + "\n"),
			wantLine: 2, wantMsg: []string{`no "text"`}},
		{name: "empty text file", file: "e.txt", content: []byte{}, wantMsg: []string{"empty file"}},
		{name: "text file of blank lines", file: "e.txt", content: []byte("\r\n\n  \n"), wantMsg: []string{"empty file"}},
		{name: "JSONL file with no records", file: "e.jsonl", content: []byte("\n\n   \n"), wantMsg: []string{"nothing to import"}},
		{name: "empty Label Studio export", file: "e.json", content: []byte("[ ]\n"), wantMsg: []string{"nothing to import"}},
		{name: "binary file", file: "img.txt", content: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), wantMsg: []string{"binary file, not text"}},
		{name: "brat annotation outside its text", files: map[string]string{
			"n.txt": "Short text.\n",
			"n.ann": "T1\tORG 0 5\tShort\nT2\tORG 6 20\ttext.\n"},
			file: "n.ann", wantLine: 2, wantMsg: []string{"ends past the text"}},
		{name: "brat text that disagrees", files: map[string]string{
			"n.txt": "Short text.\n",
			"n.ann": "T1\tORG 0 5\tShirt\n"},
			file: "n.ann", wantLine: 1, wantMsg: []string{"does not match"}},
		{name: "brat attribute of a missing span", files: map[string]string{
			"n.txt": "Short text.\n",
			"n.ann": "T1\tORG 0 5\tShort\nA1\tNegated T7\n"},
			file: "n.ann", wantLine: 2, wantMsg: []string{"T7"}},
		{name: "doccano span past the text", file: "d.jsonl", content: []byte(`{"id":3,"text":"Hi Bob","label":[[3,9,"PERSON"]]}` + "\n"),
			format: FormatDoccano, wantLine: 1, wantMsg: []string{"ends past the text"}},
		{name: "Label Studio value text that disagrees", file: "ls.json", content: []byte(`[{"id":1,"data":{"text":"Hi Bob"},"annotations":[{"result":[{"id":"a","type":"labels","value":{"start":3,"end":6,"text":"Rob","labels":["PER"]}}]}]}]`),
			wantLine: 1, wantMsg: []string{"does not match"}},
		{name: "Label Studio export that is neither an array nor a task", file: "ls.json", content: []byte(`"data"`),
			format: FormatLabelStudio, wantLine: 1, wantMsg: []string{"JSON array of tasks or one task object"}},
		{name: "text id line without text", file: "t.txt", content: []byte("only-id\n   \n"), wantLine: 2, wantMsg: []string{"id line but no text"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tc.file)
			if tc.files != nil {
				for name, c := range tc.files {
					writeFile(t, dir, name, []byte(c))
				}
			} else {
				writeFile(t, dir, tc.file, tc.content)
			}
			_, err := tryReadAll([]string{path}, Options{Format: tc.format})
			var ie *annotate.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T), want *annotate.InputError", err, err)
			}
			if ie.File != path || ie.Line != tc.wantLine {
				t.Errorf("error at %s:%d, want %s:%d (%v)", ie.File, ie.Line, path, tc.wantLine, err)
			}
			for _, m := range tc.wantMsg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not say %q", err, m)
				}
			}
			if tc.wantLine > 0 && !strings.HasPrefix(err.Error(), path+":"+itoa(tc.wantLine)+": ") {
				t.Errorf("error %q does not start with FILE:LINE", err)
			}
		})
	}
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + itoa(n%10)
}

func TestImportRefusesTooBigTextQuickly(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.txt")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	// a sparse file: refusing it must not read it
	if err := f.Truncate(annotate.MaxTextBytes + 1<<20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = tryReadAll([]string{p}, Options{})
	var ie *annotate.InputError
	if !errors.As(err, &ie) || ie.File != p || !strings.Contains(err.Error(), "8 MiB") {
		t.Fatalf("error %v, want an InputError naming %s and the 8 MiB limit", err, p)
	}
}

func TestImportRefusesTooBigJSONText(t *testing.T) {
	dir := t.TempDir()
	text := strings.Repeat("word ", annotate.MaxTextBytes/5+10)
	p := writeFile(t, dir, "big.jsonl", []byte(`{"text":"`+text+`"}`+"\n"))
	_, err := tryReadAll([]string{p}, Options{})
	var ie *annotate.InputError
	if !errors.As(err, &ie) || ie.Line != 1 || !strings.Contains(err.Error(), "8 MiB") {
		t.Fatalf("error %v, want %s:1 naming the 8 MiB limit", err, p)
	}
}

func TestOpenRefusesMissingPathAndUnknownFormat(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.jsonl")
	_, err := Open([]string{missing}, Options{})
	var ie *annotate.InputError
	if !errors.As(err, &ie) || ie.File != missing || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing path: error %v, want an InputError naming %s", err, missing)
	}
	p := writeFile(t, dir, "a.txt", []byte("a\nb\n"))
	_, err = Open([]string{p}, Options{Format: "excel"})
	if err == nil || !strings.Contains(err.Error(), `"excel"`) || !strings.Contains(err.Error(), "doccano, brat, labelstudio") {
		t.Errorf("unknown format: error %v, want one listing the formats", err)
	}
	if _, err := NewWriter("xml", nil); err == nil || !strings.Contains(err.Error(), "jsonl, doccano, brat, conll") {
		t.Errorf("unknown export format: error %v, want one listing the formats", err)
	}
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	writeFile(t, empty, "notes.md", []byte("# not an article\n"))
	if _, err := Open([]string{empty}, Options{}); !errors.As(err, &ie) || ie.File != empty {
		t.Errorf("folder without articles: error %v, want an InputError naming it", err)
	}
	if _, err := Open(nil, Options{}); err == nil {
		t.Error("no paths: no error")
	}
}

func TestImportReadsLongLines(t *testing.T) {
	// a 6 MiB article with a span at its end: longer than any bufio buffer
	text := strings.Repeat("Long line of news text. ", 6<<20/24) + "Gaza"
	n := len([]rune(text))
	p := writeFile(t, t.TempDir(), "long.jsonl", []byte(`{"id":"short","text":"Short."}`+"\n"+
		`{"id":"long","text":"`+text+`","spans":[{"start":`+itoa(n-4)+`,"end":`+itoa(n)+`,"text":"Gaza","label":"GPE"}]}`+"\n"+
		`{"id":"after","text":"After."}`+"\n"))
	recs := readAll(t, []string{p}, Options{})
	if len(recs) != 3 || recs[1].Article.Text != text || recs[1].Line != 2 || recs[2].Line != 3 {
		t.Fatalf("%d records; lines %v", len(recs), []int{recs[0].Line, recs[1].Line})
	}
	checkRecord(t, recs[1])
}
