// Package cli owns spanmark's command line: the import, export, stats, merge,
// agree and version subcommands, their flags, messages and exit codes. It drives
// annotate/codec and store; it knows nothing of the window.
package cli
