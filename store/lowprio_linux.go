package store

import (
	"runtime"
	"syscall"
)

// lowerPriority runs the calling goroutine, from now until it returns, on
// a thread of its own at nice 10 (Linux sets the nice value per thread),
// so that the whole-file check of a database opened with CheckLater takes
// the CPU the window drawing its first frame leaves. The thread ends with
// the goroutine (it stays locked to it).
func lowerPriority() {
	runtime.LockOSThread()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), 10) // best effort
}
