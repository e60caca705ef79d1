package codec

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spanmark/spanmark/internal/livedb"
)

// Output is a Writer into a path on disk. An output to a regular file (or to
// a path that does not exist yet) appears complete or not at all: it is
// written beside its final name and renamed by Commit, so a failed or
// cancelled export never leaves half a file. A symlink is followed: its
// target is replaced that way and the link kept. Anything else at the path
// (a FIFO, a character device, /dev/fd/N of a shell's process substitution)
// is written through directly and never replaced. A brat output is a folder
// of .txt/.ann pairs, written into a temporary folder beside it and moved in
// place by Commit: a failed export leaves nothing behind.
type Output struct {
	Writer
	file   *os.File     // nil for brat
	async  *asyncWriter // writes to file on a goroutine of its own
	tmpDir string       // brat: the folder being written, moved to path by Commit
	tmp    bool         // file is a temporary to be renamed to path
	path   string       // where the output goes (a symlink's target)
	asked  string       // the path as given, for messages
	mode   fs.FileMode
	closed bool
}

// Create opens path for articles in format: a folder for brat, a file for
// every other format. A database the process has open (or one of its
// sidecars) is refused, and a folder for a file format.
func Create(format Format, path string) (*Output, error) {
	if err := livedb.Check(path); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	if format == FormatBrat {
		return createBrat(path)
	}
	o := &Output{path: path, asked: path, mode: 0o644}
	direct, err := o.resolve()
	if err != nil {
		return nil, err
	}
	if direct {
		// No O_TRUNC: a device or pipe has nothing to truncate.
		o.file, err = os.OpenFile(o.path, os.O_WRONLY|os.O_CREATE, 0o644)
	} else {
		o.file, err = os.CreateTemp(filepath.Dir(o.path), "."+filepath.Base(o.path)+".*.tmp")
		o.tmp = err == nil
	}
	if err != nil {
		return nil, fmt.Errorf("export to %s: %w", path, err)
	}
	o.async = newAsyncWriter(o.file)
	w, err := NewWriter(format, o.async)
	if err != nil {
		o.closeFile()
		return nil, err
	}
	o.Writer = w
	return o, nil
}

// resolve follows o.path to what the output replaces or writes through, and
// reports whether it must be written directly (not a regular file).
func (o *Output) resolve() (direct bool, err error) {
	fi, err := os.Lstat(o.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("export to %s: %w", o.asked, err)
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := filepath.EvalSymlinks(o.path)
		if err != nil {
			// A dangling link, or a magic one such as /dev/fd/63 whose
			// target is a pipe: opening the link itself does the right thing.
			return true, nil
		}
		if err := livedb.Check(target); err != nil {
			return false, fmt.Errorf("export: %w", err)
		}
		o.path = target
		return o.resolve()
	case fi.IsDir():
		return false, fmt.Errorf("export to %s: is a folder (only brat writes a folder; give a file name)", o.asked)
	case fi.Mode().IsRegular():
		o.mode = fi.Mode().Perm()
		return false, nil
	}
	return true, nil
}

// Commit closes the writer and, for a file, puts it in place under its name.
func (o *Output) Commit() error {
	err := o.Writer.Close()
	if err == nil && o.async != nil {
		err = o.async.Close()
	}
	if err != nil {
		o.Discard()
		return fmt.Errorf("export to %s: %w", o.asked, err)
	}
	if o.file == nil {
		o.closed = true
		if err := o.commitBrat(); err != nil {
			return fmt.Errorf("export to %s: %w", o.asked, err)
		}
		return nil
	}
	if o.tmp {
		err = o.file.Chmod(o.mode) // CreateTemp makes it private
	}
	if cerr := o.file.Close(); err == nil {
		err = cerr
	}
	o.closed = true
	if err == nil && o.tmp {
		err = os.Rename(o.file.Name(), o.path)
	}
	if err != nil {
		if o.tmp {
			os.Remove(o.file.Name())
		}
		return fmt.Errorf("export to %s: %w", o.asked, err)
	}
	return nil
}

// Discard drops an output that will not be committed: a temporary file is
// removed (what was written directly into a pipe or device stays written).
// After Commit it does nothing, so `defer out.Discard()` is always safe.
func (o *Output) Discard() {
	if o.closed || o.file == nil {
		if !o.closed && o.tmpDir != "" {
			os.RemoveAll(o.tmpDir)
		}
		o.closed = true
		return
	}
	o.closeFile()
}

func (o *Output) closeFile() {
	o.closed = true
	if o.async != nil {
		o.async.Close() // its goroutine must be done with the file
	}
	o.file.Close()
	if o.tmp {
		os.Remove(o.file.Name())
	}
}

// createBrat starts a brat export into a temporary folder beside path.
func createBrat(path string) (*Output, error) {
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("export brat to %s: not a folder (brat writes a .txt and .ann pair per article)", path)
	}
	parent := filepath.Dir(filepath.Clean(path))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("export brat: %v", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(filepath.Clean(path))+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("export brat: %v", err)
	}
	w, err := NewBratWriter(tmp)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Output{Writer: w, path: path, asked: path, tmpDir: tmp}, nil
}

// commitBrat moves the finished folder in place: renamed when path does not
// exist or is an empty folder, else its files are moved into path one by
// one (each complete; files of path that the export does not write stay).
func (o *Output) commitBrat() error {
	defer os.RemoveAll(o.tmpDir)
	if err := os.Chmod(o.tmpDir, 0o755); err != nil { // MkdirTemp makes it private
		return err
	}
	if err := os.Rename(o.tmpDir, o.path); err == nil {
		return nil
	}
	ents, err := os.ReadDir(o.tmpDir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if err := os.Rename(filepath.Join(o.tmpDir, e.Name()), filepath.Join(o.path, e.Name())); err != nil {
			return err
		}
	}
	return nil
}
