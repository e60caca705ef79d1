//go:build windows

package winconsole

import (
	"os"
	"syscall"
)

var attachConsole = syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole")

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = uintptr(^uint32(0))

// Attach points os.Stdout and os.Stderr that have no usable handle at the
// console of the parent process. Redirected streams (a file, a pipe) are
// kept as they are; without a parent console (started from Explorer) it
// changes nothing. Call it before anything reads os.Stdout or os.Stderr.
func Attach() {
	out, errOut := usable(os.Stdout), usable(os.Stderr)
	if out && errOut {
		return
	}
	if ok, _, _ := attachConsole.Call(attachParentProcess); ok == 0 {
		return
	}
	con, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	if err != nil {
		return
	}
	if !out {
		os.Stdout = con
	}
	if !errOut {
		os.Stderr = con
	}
}

// usable reports whether f has a handle that writes somewhere: a GUI
// program started without redirection has none (0) or an invalid one.
func usable(f *os.File) bool {
	h := syscall.Handle(f.Fd())
	if h == 0 || h == syscall.InvalidHandle {
		return false
	}
	t, err := syscall.GetFileType(h)
	return err == nil && t != syscall.FILE_TYPE_UNKNOWN
}
