package codec

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

func TestOutputAppearsOnlyOnCommit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.jsonl")
	a := &annotate.Article{ID: "a", Text: "Ann ran.", Spans: []annotate.Span{{ID: "s1", Start: 0, End: 3, Label: "PERSON", Kind: annotate.KindEntity}}}

	out, err := Create(FormatJSONL, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := out.Write(a); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("file exists before Commit: %v", err)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	out.Discard() // after Commit: nothing
	fi, err := os.Stat(path)
	if err != nil || fi.Size() == 0 || fi.Mode().Perm() != 0o644 {
		t.Fatalf("after Commit: %v %v", fi, err)
	}

	cancelled, err := Create(FormatJSONL, filepath.Join(dir, "gone.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	cancelled.Write(a)
	cancelled.Discard()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("Discard left files: %v", entries)
	}
}

func TestOutputBratIsAFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "brat")
	out, err := Create(FormatBrat, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Discard()
	a := &annotate.Article{ID: "doc", Text: "Ann ran.", Spans: []annotate.Span{{ID: "s1", Start: 0, End: 3, Label: "PERSON", Kind: annotate.KindEntity}}}
	if err := out.Write(a); err != nil {
		t.Fatal(err)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"doc.txt", "doc.ann"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
