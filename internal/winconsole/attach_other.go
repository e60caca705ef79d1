//go:build !windows

package winconsole

// Attach does nothing outside Windows: a program there always has the
// standard streams it was started with.
func Attach() {}
