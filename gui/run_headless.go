//go:build headless

package gui

import "errors"

// Run is not available in a build with the "headless" tag, which leaves
// out Fyne's GL driver so that the package's tests build without GL.
func Run(Options) error {
	return errors.New("this spanmark was built without a window (headless tag)")
}
