//go:build !linux

package cli

import "os"

// isTerminal reports whether f is a character device, which on a desktop
// is a terminal or the console (or the null device, which shows nothing
// anyway).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
