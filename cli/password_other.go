//go:build !linux

package cli

import (
	"errors"
	"io"
	"os"
)

// readPassword is not available here: the password comes from a file or
// the environment.
func readPassword(*os.File, io.Writer, string) (string, error) {
	return "", errors.New("no password prompt on this system: give --password-file F or $SPANMARK_PASSWORD")
}
