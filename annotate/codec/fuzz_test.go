package codec

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// fuzzRead writes the input as files, reads them as format, and fails on a
// record that does not validate or an error that is not an InputError. A
// panic fails the fuzz target by itself.
func fuzzRead(t *testing.T, format Format, files map[string][]byte, open string) {
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Open([]string{filepath.Join(dir, open)}, Options{Format: format, Warn: func(string) {}})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer r.Close()
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			var ie *annotate.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T) is not an *annotate.InputError", err, err)
			}
			return
		}
		if err := rec.Article.Validate(); err != nil {
			t.Fatalf("record at %s does not validate: %v\n%+v", rec.Where(), err, rec.Article)
		}
		for _, s := range rec.Article.Spans {
			if runeSlice(rec.Article.Text, s.Start, s.End) != s.Text {
				t.Fatalf("span %+v is not text[start:end]", s)
			}
		}
		// and what was read can be written as valid JSONL and read back
		out := encode(t, FormatJSONL, []*annotate.Record{rec})
		back, err := tryReadAll([]string{writeFile(t, dir, "back.jsonl", out)}, Options{})
		if err != nil || len(back) != 1 || !equalKeys(spanKeys(&back[0].Article), spanKeys(&rec.Article)) {
			t.Fatalf("write+read of %s failed: %v\n%s", rec.Where(), err, out)
		}
	}
}

func seed(f *testing.F, paths ...string) {
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzReadText(f *testing.F) {
	f.Add([]byte("a1\nHello world.\n\nSecond paragraph.\n"))
	f.Add([]byte("\uFEFFid\r\nCRLF text 😀\r\n"))
	f.Add([]byte("One line only with spaces"))
	f.Add(utf16le("x\ny\n", true))
	f.Add([]byte("bad \xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzRead(t, FormatText, map[string][]byte{"in.txt": b}, "in.txt")
	})
}

func FuzzReadJSONL(f *testing.F) {
	seed(f, "testdata/prodigy.jsonl")
	f.Add([]byte(`{"id":"a","text":"Ann\r\nmet 😀 Bob","spans":[{"id":"s1","start":0,"end":3,"label":"P","attrs":{"x":1}}],"relations":[{"head":"s1","child":"s1","label":"R"}]}`))
	f.Add([]byte(`{"text":"x","meta":[1]}` + "\n" + `{"id":3,"text":"y"}`))
	// Prodigy answers, per task and per span, with who answered
	f.Add([]byte(`{"text":"Ann met Bob.","spans":[{"start":0,"end":3,"label":"P","answer":"ignore"},{"start":8,"end":11,"label":"P"}],"answer":"reject","_annotator_id":"n-ana","_timestamp":1700000000}` + "\n" +
		`{"text":"Ann met Bob.","spans":[{"start":8,"end":11,"label":"P"}],"answer":"ignore","entities":[[0,3,"P"]]}`))
	f.Add([]byte("{\n  \"text\": \"x\",\n  \"spans\": []\n}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzRead(t, FormatJSONL, map[string][]byte{"in.jsonl": b}, "in.jsonl")
	})
}

func FuzzReadDoccano(f *testing.F) {
	seed(f, "testdata/doccano_label.jsonl", "testdata/doccano_entities.jsonl")
	// doccano 1.x "data", old doccano label ids, a field that looks like spans
	f.Add([]byte(`{"id":22,"data":"We ate Thai.","label":[[7,11,"CUISINE"]]}` + "\n" +
		`{"id":1,"text":"Ann met Bob.","annotations":[{"label":12,"start_offset":8,"end_offset":11,"user":1}],"ner":[{"start":0,"end":3}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzRead(t, FormatDoccano, map[string][]byte{"in.jsonl": b}, "in.jsonl")
	})
}

func FuzzReadBrat(f *testing.F) {
	txt, err := os.ReadFile("testdata/brat/scientology.txt")
	if err != nil {
		f.Fatal(err)
	}
	ann, err := os.ReadFile("testdata/brat/scientology.ann")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(txt, ann)
	f.Add([]byte("\uFEFFab\r\ncd"), []byte("T1\tX 0 2;3 4\tab c\nA1\tY T1\n"))
	// notes of other types, an N line's own text, events and equivalences
	f.Add([]byte("Arvoisa puhemies"), []byte("T1\tW 0 7\tArvoisa\n#1\tLemma T1\tarvoisa\nN1\tReference T1 Wiki:1\tSomething else\nE1\tEv:T1\nM1\tNeg E1\n*\tAlias T1 T1\nR1\tX Arg1:E1 Arg2:T1\n"))
	f.Fuzz(func(t *testing.T, txt, ann []byte) {
		fuzzRead(t, FormatBrat, map[string][]byte{"in.txt": txt, "in.ann": ann}, "in.txt")
	})
}

func FuzzReadLabelStudio(f *testing.F) {
	seed(f, "testdata/labelstudio.json")
	f.Add([]byte(`[{"id":1,"data":{"text":"a\nb"},"annotations":[{"completed_by":2,"result":[{"id":"x","type":"labels","value":{"start":0,"end":3,"text":"a\\nb","labels":["L"]}}]}]}]`))
	// predictions as ids, and one task object without an array
	f.Add([]byte(`[{"data":{"text":"Ann"},"annotations":[{"result":[],"prediction":{"id":11,"model_version":"v","result":[{"id":"p","type":"labels","value":{"start":0,"end":3,"labels":["P"]}}]}}],"predictions":[11,12,{"result":[]}]}]`))
	f.Add([]byte("{\n \"data\": {\"text\": \"Ann\"},\n \"annotations\": []\n}\n{\"data\": {\"text\": \"Bob\"}}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzRead(t, FormatLabelStudio, map[string][]byte{"in.json": b}, "in.json")
	})
}
