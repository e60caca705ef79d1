package gui

import (
	"fmt"
	"mime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage/repository"

	"github.com/spanmark/spanmark/internal/livedb"
)

// fileRepository is what Fyne's own "file" repository implements.
type fileRepository interface {
	repository.AppendableRepository
	repository.ListableRepository
	repository.HierarchicalRepository
	repository.DeleteAllRepository
	repository.CopyableRepository
	repository.MovableRepository
}

// guardedFiles is Fyne's "file" repository that refuses to open, write,
// delete, copy or move the files of a database this process has open
// (livedb says why: closing any descriptor of such a file drops SQLite's
// locks on it). Without it a file dialog listing the database's folder
// reads the first line of every file whose extension has no MIME type, to
// choose its icon (Fyne v2.7.1, storage/repository/uri.go, MimeType).
type guardedFiles struct {
	fileRepository
}

// guardDatabaseFiles puts guardedFiles in place of Fyne's "file"
// repository; the driver registers its own when the app is made, so it is
// called after that, for every app (the real one and tests'). Safe to call
// more than once.
func guardDatabaseFiles() error {
	for _, ext := range []string{".db", ".sqlite", ".sqlite3", ".db-wal", ".db-shm", ".db-journal",
		".sqlite-wal", ".sqlite-shm", ".sqlite-journal", ".sqlite3-wal", ".sqlite3-shm", ".sqlite3-journal"} {
		if mime.TypeByExtension(ext) == "" {
			mime.AddExtensionType(ext, "application/vnd.sqlite3") // an icon without reading the file
		}
	}
	r, err := repository.ForScheme("file")
	if err != nil {
		return err
	}
	if _, ok := r.(*guardedFiles); ok {
		return nil
	}
	fr, ok := r.(fileRepository)
	if !ok {
		return fmt.Errorf("fyne's file repository is a %T, which spanmark cannot guard", r)
	}
	repository.Register("file", &guardedFiles{fr})
	return nil
}

func refuse(u fyne.URI) error {
	if u == nil || u.Scheme() != "file" {
		return nil
	}
	return livedb.Check(u.Path())
}

func (g *guardedFiles) Reader(u fyne.URI) (fyne.URIReadCloser, error) {
	if err := refuse(u); err != nil {
		return nil, err
	}
	return g.fileRepository.Reader(u)
}

// CanRead says no for a live database file: Fyne's answer opens it.
func (g *guardedFiles) CanRead(u fyne.URI) (bool, error) {
	if refuse(u) != nil {
		return false, nil
	}
	return g.fileRepository.CanRead(u)
}

func (g *guardedFiles) Writer(u fyne.URI) (fyne.URIWriteCloser, error) {
	if err := refuse(u); err != nil {
		return nil, err
	}
	return g.fileRepository.Writer(u)
}

func (g *guardedFiles) Appender(u fyne.URI) (fyne.URIWriteCloser, error) {
	if err := refuse(u); err != nil {
		return nil, err
	}
	return g.fileRepository.Appender(u)
}

func (g *guardedFiles) CanWrite(u fyne.URI) (bool, error) {
	if refuse(u) != nil {
		return false, nil
	}
	return g.fileRepository.CanWrite(u)
}

func (g *guardedFiles) Delete(u fyne.URI) error {
	if err := refuse(u); err != nil {
		return err
	}
	return g.fileRepository.Delete(u)
}

func (g *guardedFiles) DeleteAll(u fyne.URI) error {
	if err := refuse(u); err != nil {
		return err
	}
	return g.fileRepository.DeleteAll(u)
}

func (g *guardedFiles) Copy(src, dst fyne.URI) error {
	if err := refuse(src); err != nil {
		return err
	}
	if err := refuse(dst); err != nil {
		return err
	}
	return g.fileRepository.Copy(src, dst)
}

func (g *guardedFiles) Move(src, dst fyne.URI) error {
	if err := refuse(src); err != nil {
		return err
	}
	if err := refuse(dst); err != nil {
		return err
	}
	return g.fileRepository.Move(src, dst)
}
