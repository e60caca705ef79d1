// Command spanmark is a desktop article annotator with a command line for
// batch work. With no subcommand it opens the window; see cli.Usage.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/spanmark/spanmark/cli"
	"github.com/spanmark/spanmark/gui"
	_ "github.com/spanmark/spanmark/internal/quietlocale" // before Fyne's init: see its doc
	"github.com/spanmark/spanmark/internal/winconsole"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 && (cli.IsCommand(args[0]) || args[0][0] != '-') {
		// Fyne's GL packages lock the main goroutine to the first OS thread
		// in their init (GL needs it), twice. The command line draws nothing,
		// and a locked goroutine pays a thread hand-off on every channel
		// operation with the import and export pipelines: it doubled the time
		// of an export of 100,000 articles (2.0 s → 3.9–4.5 s). A goroutine of
		// its own is not locked.
		//
		// The commands are short processes whose live heap is small (a
		// batch of records, ~7 MB) while they allocate the whole corpus
		// as they stream it: with Go's default GOGC of 100 an import of
		// 20,000 articles collected 27 times. 400 cut the CPU of import and
		// export by 5-10 % for ~35 MB more peak RSS (91 MB at 100,000
		// articles). GOGC in the environment still wins.
		if os.Getenv("GOGC") == "" {
			debug.SetGCPercent(400)
		}
		winconsole.Attach() // before OSEnv reads os.Stdout and os.Stderr
		code := make(chan int)
		go func() { code <- cli.Run(args, cli.OSEnv()) }()
		os.Exit(<-code)
	}
	os.Exit(runWindow(args))
}

func runWindow(args []string) int {
	fs := flag.NewFlagSet("spanmark", flag.ContinueOnError)
	db := fs.String("db", "", "database file (default $SPANMARK_DB, else the user config directory)")
	open := fs.String("open", "", "open the window on this article id")
	shot := fs.String("screenshot", "", "draw the window once, write it to this PNG file and exit")
	size := fs.String("size", "", "the window's size at start, WIDTHxHEIGHT (default 1280x800)")
	stderr := winconsole.Stderr // on Windows, the console of a usage error
	fs.SetOutput(stderr)
	fs.Usage = func() { cli.Usage(stderr); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		return cli.ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "spanmark: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return cli.ExitUsage
	}
	path := *db
	if path == "" {
		var err error
		if path, err = cli.DefaultDBPath(); err != nil {
			fmt.Fprintln(stderr, "spanmark:", err)
			return cli.ExitFail
		}
	}
	var w, h float32
	if *size != "" {
		if n, err := fmt.Sscanf(*size, "%gx%g", &w, &h); err != nil || n != 2 || w < 200 || h < 200 || w > 10000 || h > 10000 {
			fmt.Fprintf(stderr, "spanmark: --size %q: want WIDTHxHEIGHT, e.g. 1024x640\n", *size)
			return cli.ExitUsage
		}
	}
	if err := gui.Run(gui.Options{DBPath: path, OpenID: *open, Screenshot: *shot, Width: w, Height: h}); err != nil {
		fmt.Fprintln(stderr, "spanmark:", err)
		return cli.ExitFail
	}
	return cli.ExitOK
}
