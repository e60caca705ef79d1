// Package winconsole lets the command line print on Windows.
//
// spanmark.exe is a window program (the GUI subsystem: no console window
// opens beside it when it is started from the Start menu or Explorer), and
// Windows gives such a program no standard output or error unless the
// caller redirected them. Attach connects the ones it lacks to the console
// of the program that started it (cmd, PowerShell, Windows Terminal), so
// `spanmark.exe version` prints there. On other systems Attach does nothing.
//
// It imports nothing of spanmark's.
package winconsole
