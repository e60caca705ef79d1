package codec

import (
	"fmt"
	"os"
	"path/filepath"
)

// Output is a Writer into a path on disk. A file output appears complete or
// not at all: it is written beside its final name and renamed by Commit, so
// a failed or cancelled export never leaves half a file. A brat output is a
// folder of .txt/.ann pairs, written as it goes.
type Output struct {
	Writer
	tmp  *os.File // nil for brat
	path string
	done bool
}

// Create opens path for articles in format: a folder for brat, a file for
// every other format.
func Create(format Format, path string) (*Output, error) {
	if format == FormatBrat {
		w, err := NewBratWriter(path)
		if err != nil {
			return nil, err
		}
		return &Output{Writer: w, path: path}, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	w, err := NewWriter(format, tmp)
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	return &Output{Writer: w, tmp: tmp, path: path}, nil
}

// Commit closes the writer and, for a file, puts it in place under its name.
func (o *Output) Commit() error {
	if err := o.Writer.Close(); err != nil {
		o.Discard()
		return fmt.Errorf("export to %s: %w", o.path, err)
	}
	o.done = true
	if o.tmp == nil {
		return nil
	}
	err := o.tmp.Chmod(0o644) // CreateTemp makes it private
	if cerr := o.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(o.tmp.Name(), o.path)
	}
	if err != nil {
		os.Remove(o.tmp.Name())
		return fmt.Errorf("export to %s: %w", o.path, err)
	}
	return nil
}

// Discard drops an output that will not be committed; after Commit it does
// nothing, so `defer out.Discard()` is always safe.
func (o *Output) Discard() {
	if o.done || o.tmp == nil {
		return
	}
	o.done = true
	o.tmp.Close()
	os.Remove(o.tmp.Name())
}
