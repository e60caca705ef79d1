package codec

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// readAll reads every record of paths, failing on the first error.
func readAll(t testing.TB, paths []string, opt Options) []*annotate.Record {
	t.Helper()
	recs, err := tryReadAll(paths, opt)
	if err != nil {
		t.Fatalf("read %v: %v", paths, err)
	}
	return recs
}

func tryReadAll(paths []string, opt Options) ([]*annotate.Record, error) {
	return drain(Open(paths, opt))
}

// drain reads every record of r (as Open or OpenFS returned it).
func drain(r Reader, err error) ([]*annotate.Record, error) {
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out []*annotate.Record
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
}

// writeFile writes content to dir/name and returns the path.
func writeFile(t testing.TB, dir, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// encode writes articles in format and returns the bytes.
func encode(t testing.TB, format Format, recs []*annotate.Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(format, &buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.Write(&r.Article); err != nil {
			t.Fatalf("write %s: %v", r.Article.ID, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// spanKey is what must survive every format: offsets, text and label.
type spanKey struct {
	Start, End  int
	Text, Label string
}

func spanKeys(a *annotate.Article) map[spanKey]int {
	m := map[spanKey]int{}
	for _, s := range a.Spans {
		m[spanKey{s.Start, s.End, s.Text, s.Label}]++
	}
	return m
}

// runeSlice is Python's text[start:end].
func runeSlice(s string, start, end int) string {
	r := []rune(s)
	if start < 0 || end > len(r) || start > end {
		return "\x00out of range"
	}
	return string(r[start:end])
}

// checkRecord fails unless rec validates and every span's text is the
// text at its code point offsets.
func checkRecord(t testing.TB, rec *annotate.Record) {
	t.Helper()
	if err := rec.Article.Validate(); err != nil {
		t.Fatalf("%s: record does not validate: %v", rec.Where(), err)
	}
	for _, s := range rec.Article.Spans {
		if got := runeSlice(rec.Article.Text, s.Start, s.End); got != s.Text {
			t.Fatalf("%s: span %s %d-%d: text[start:end] = %q, span text %q", rec.Where(), s.ID, s.Start, s.End, got, s.Text)
		}
	}
}
