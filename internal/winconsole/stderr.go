package winconsole

import "os"

// Stderr writes to os.Stderr, attaching it first (Attach): for the window's
// error messages, which must show in the console it was started from
// without tying the window to that console when all goes well (closing a
// console ends the programs attached to it).
var Stderr stderr

type stderr struct{}

func (stderr) Write(p []byte) (int, error) {
	Attach()
	return os.Stderr.Write(p)
}
