// Package testcorpus finds the shared corpus (../shared/corpus beside the
// repository, or $SPANMARK_CORPUS) for tests and benchmarks, one way for
// all of them. A test that needs it and cannot find it fails: it never
// skips. It imports nothing of spanmark.
package testcorpus

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the corpus folder (holding articles/ and gold/), or fails tb.
func Dir(tb testing.TB) string {
	tb.Helper()
	d, err := find()
	if err != nil {
		tb.Fatalf("shared corpus: %v", err)
	}
	return d
}

// Path is Dir joined with elem.
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	return filepath.Join(append([]string{Dir(tb)}, elem...)...)
}

// find looks at $SPANMARK_CORPUS, then at shared/corpus beside the folder
// holding go.mod (found by walking up from the working directory, which is
// the package's folder in go test).
func find() (string, error) {
	if d := os.Getenv("SPANMARK_CORPUS"); d != "" {
		return check(d)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return check(filepath.Join(filepath.Dir(dir), "shared", "corpus"))
		}
		if filepath.Dir(dir) == dir {
			return "", errors.New("no go.mod above " + wd)
		}
	}
}

func check(d string) (string, error) {
	if _, err := os.Stat(filepath.Join(d, "gold", "gum_news_entities.jsonl")); err != nil {
		return "", errors.New(d + " is not the corpus (put shared/ beside the repository or set SPANMARK_CORPUS): " + err.Error())
	}
	return d, nil
}
