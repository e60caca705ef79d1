// Package cli owns spanmark's command line: the import, export, stats,
// delete, merge, agree, claims and version subcommands, their flags,
// messages and exit codes. It drives annotate/codec and store.
//
// cli must not import Fyne or gui: it knows nothing of the window (package
// main chooses between the two).
package cli
