// Package linuxonly makes a FIFO in a file without a build tag: it builds
// on Linux and macOS, not on Windows.
package linuxonly

import "syscall"

func MakeFIFO(path string) error { return syscall.Mkfifo(path, 0o644) }
