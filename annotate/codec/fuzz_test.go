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
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzRead(t, FormatJSONL, map[string][]byte{"in.jsonl": b}, "in.jsonl")
	})
}

func FuzzReadDoccano(f *testing.F) {
	seed(f, "testdata/doccano_label.jsonl", "testdata/doccano_entities.jsonl")
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
	f.Fuzz(func(t *testing.T, txt, ann []byte) {
		fuzzRead(t, FormatBrat, map[string][]byte{"in.txt": txt, "in.ann": ann}, "in.txt")
	})
}

func FuzzReadLabelStudio(f *testing.F) {
	seed(f, "testdata/labelstudio.json")
	f.Add([]byte(`[{"id":1,"data":{"text":"a\nb"},"annotations":[{"completed_by":2,"result":[{"id":"x","type":"labels","value":{"start":0,"end":3,"text":"a\\nb","labels":["L"]}}]}]}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzRead(t, FormatLabelStudio, map[string][]byte{"in.json": b}, "in.json")
	})
}
