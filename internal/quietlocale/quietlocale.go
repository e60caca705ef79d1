// Package quietlocale keeps Fyne from logging "Error parsing user locale C"
// on every start under LANG=C.UTF-8 (the usual locale of containers and CI):
// Fyne's lang package parses the locale in its init and cannot read
// "C.UTF-8". This package's init runs before that one — Go initialises
// packages in import-path order once their imports are done, and this one
// imports only the standard library — and says plain "C" instead, which
// means the same (no translation) and which Fyne accepts.
//
// Import it for its side effect from package main.
package quietlocale

import (
	"os"
	"strings"
)

func init() {
	// The first of these that is set decides, as in gettext.
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if strings.HasPrefix(v, "C.") || strings.HasPrefix(v, "POSIX.") {
			if name == "LC_ALL" {
				os.Setenv("LC_ALL", "C")
			} else {
				os.Setenv("LC_MESSAGES", "C")
			}
		}
		return
	}
}
