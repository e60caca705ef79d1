package codec

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/spanmark/spanmark/internal/livedb"
)

// files is where a Reader reads: the operating system's files (Open) or an
// fs.FS such as the samples embedded in the binary (OpenFS).
type files interface {
	stat(name string) (fs.FileInfo, error)
	readDir(name string) ([]fs.DirEntry, error) // sorted by name
	open(name string) (*input, error)
	join(elem ...string) string
	// live reports whether name is a file of a database the process has
	// open: reading it would drop the process's SQLite locks (livedb).
	live(name string) bool
}

// osFiles are the operating system's files: a FIFO is opened without
// blocking (openInput), and the open database's files are refused.
type osFiles struct{}

func (osFiles) stat(name string) (fs.FileInfo, error)      { return os.Stat(name) }
func (osFiles) readDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }
func (osFiles) open(name string) (*input, error)           { return openInput(name) }
func (osFiles) join(elem ...string) string                 { return filepath.Join(elem...) }
func (osFiles) live(name string) bool                      { return name != "" && livedb.Check(name) != nil }

// fsFiles are the files of an fs.FS, named by slash-separated paths.
type fsFiles struct{ fsys fs.FS }

func (f fsFiles) stat(name string) (fs.FileInfo, error)      { return fs.Stat(f.fsys, name) }
func (f fsFiles) readDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.fsys, name) }
func (f fsFiles) join(elem ...string) string                 { return path.Join(elem...) }
func (fsFiles) live(string) bool                             { return false }

func (f fsFiles) open(name string) (*input, error) {
	file, err := f.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	return &input{r: file, c: file}, nil
}
