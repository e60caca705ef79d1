//go:build unix

package store

import (
	"errors"
	"path/filepath"
	"syscall"
)

// readOnlyFS reports whether path (or, when it does not exist, its
// folder) is on a read-only file system. access(2) answers EROFS even for
// root, who ignores permission bits.
func readOnlyFS(path string) bool {
	err := syscall.Access(path, 2 /* W_OK */)
	if errors.Is(err, syscall.ENOENT) {
		err = syscall.Access(filepath.Dir(path), 2)
	}
	return errors.Is(err, syscall.EROFS)
}

func isEROFS(err error) bool { return errors.Is(err, syscall.EROFS) }
