package codec

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/spanmark/spanmark/annotate"
)

func readAllFS(t *testing.T, fsys fs.FS, paths []string, opt Options) ([]*annotate.Record, error) {
	t.Helper()
	return drain(OpenFS(fsys, paths, opt))
}

// OpenFS reads an fs.FS (the embedded samples) as Open reads the same
// files on disk: folders walked in order, every format, the same records.
func TestOpenFSReadsAsOpenDoes(t *testing.T) {
	files := map[string]string{
		"a.txt":          "art_a\nAna met Bob in Cairo.\n",
		"sub/b.jsonl":    `{"id": "b", "text": "Oslo is cold.", "spans": [{"start": 0, "end": 4, "label": "GPE"}]}` + "\n",
		"sub/c.txt":      "Zürich wins.\n",
		"sub/c.ann":      "T1\tGPE 0 6\tZürich\n",
		"notes.md":       "not an article",
		".hidden/x.txt":  "hidden\nnever read\n",
		"ls/tasks.json":  `[{"id": 7, "data": {"text": "Paris."}, "annotations": [{"result": [{"value": {"start": 0, "end": 5, "labels": ["GPE"]}}]}]}]`,
		"dir/only.jsonl": `{"id": "d", "text": "Rome."}` + "\n",
	}
	dir := t.TempDir()
	mfs := fstest.MapFS{}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		mfs[name] = &fstest.MapFile{Data: []byte(content)}
	}
	onDisk := readAll(t, []string{dir}, Options{})
	inFS, err := readAllFS(t, mfs, []string{"."}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(onDisk) != 5 || len(inFS) != len(onDisk) {
		t.Fatalf("read %d records from disk and %d from the FS, want 5 each", len(onDisk), len(inFS))
	}
	for i := range onDisk {
		d, f := onDisk[i].Article, inFS[i].Article
		if !reflect.DeepEqual(d, f) {
			t.Errorf("record %d differs:\ndisk %+v\nfs   %+v", i, d, f)
		}
		if want := strings.TrimPrefix(filepath.ToSlash(onDisk[i].File), filepath.ToSlash(dir)+"/"); inFS[i].File != want {
			t.Errorf("record %d is from %q in the FS, want %q", i, inFS[i].File, want)
		}
	}
	if _, err := readAllFS(t, mfs, []string{"nope.txt"}, Options{}); err == nil || !strings.Contains(err.Error(), "nope.txt: no such file or folder") {
		t.Errorf("a missing file: %v, want nope.txt: no such file or folder", err)
	}
	if _, err := readAllFS(t, mfs, []string{"a.txt"}, Options{Format: FormatText}); err != nil {
		t.Errorf("one file by name: %v", err)
	}
}
