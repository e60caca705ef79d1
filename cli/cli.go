package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/spanmark/spanmark/internal/buildinfo"
	"github.com/spanmark/spanmark/store"
)

// Exit codes (SPEC "Command line").
const (
	ExitOK    = 0
	ExitFail  = 1 // bad input or failure
	ExitUsage = 2
)

// Env is what a command may touch besides the database: its streams and
// whether stderr is a terminal (for progress lines).
type Env struct {
	Stdout, Stderr io.Writer
	StderrIsTTY    bool
	// Stdin is where a password is typed (spanmark team add) when it is a
	// terminal; nil is none.
	Stdin *os.File
	// Wait is how long to wait for another program writing the database
	// (--wait); 0 is store.DefaultWait.
	Wait time.Duration
}

// storeOptions are the options of opening a database: wait up to env.Wait
// for another writer, saying so on stderr.
func (env Env) storeOptions(dbPath string) store.Options {
	wait := env.Wait
	if wait <= 0 {
		wait = store.DefaultWait
	}
	return store.Options{Wait: wait, OnWait: func() {
		fmt.Fprintf(env.Stderr, "waiting for another spanmark writing %s… (up to %s, --wait)\n", dbPath, wait)
	}}
}

// openExisting opens the database of --db (or the default) for a command
// that writes to it but must not create it (delete, suggest; search, which
// only adds to its index, with opt from readOptions).
func openExisting(env Env, db string, opt func(Env, string) store.Options) (*store.DB, error) {
	dbPath, err := resolveDB(db)
	if err != nil {
		return nil, err
	}
	if store.IsURL(dbPath) { // the server says whether it exists
		return store.OpenWith(dbPath, opt(env, dbPath))
	}
	if _, err := os.Stat(dbPath); err != nil {
		return nil, fmt.Errorf("open database %s: %w", dbPath, err)
	}
	return store.OpenWith(dbPath, opt(env, dbPath))
}

// readOptions are storeOptions without the integrity check of the whole
// file, for search, which must answer in milliseconds (a damaged page it
// reads is an error).
func (env Env) readOptions(dbPath string) store.Options {
	o := env.storeOptions(dbPath)
	o.NoCheck = true
	return o
}

// OSEnv is the process's own environment.
func OSEnv() Env {
	return Env{Stdout: os.Stdout, Stderr: os.Stderr, StderrIsTTY: isTerminal(os.Stderr), Stdin: os.Stdin}
}

// IsCommand reports whether name is a subcommand of Run.
func IsCommand(name string) bool {
	_, ok := commands[name]
	return ok
}

type command struct {
	run     func(ctx context.Context, env Env, args []string) int
	summary string
}

var commands map[string]command

func init() {
	commands = map[string]command{
		"import":  {runImport, "import [--db F] [--format auto|text|jsonl|prodigy|doccano|brat|labelstudio] [--annotator NAME] [--replace] PATH..."},
		"export":  {runExport, "export [--db F] [--format jsonl|doccano|brat|conll] [--out FILE|DIR|-] [--status S] [--kind entity|claim] [--label L] [--annotator NAME] [--where ATTR=VALUE]... [--review accepted] [--include-suggested]"},
		"suggest": {runSuggest, "suggest [--db F] --patterns FILE [--article ID]... [--annotator NAME]   (suggested spans from Prodigy patterns .jsonl or a LABEL<TAB>phrase gazetteer)"},
		"stats":   {runStats, "stats [--db F] [--json]"},
		"search":  {runSearch, "search [--db F] [--json] [--limit N] QUERY...   (full text: words, \"phrase\", prefix*, AND OR NOT NEAR; best match first)"},
		"delete":  {runDelete, "delete [--db F] [--status S]... [--all-empty] [ID...]   (articles with their spans, all or nothing)"},
		"merge":   {runMerge, "merge [--db F] OTHER.db|URL...   (annotators' databases into one; the target and each source a file or a postgres:// URL)"},
		"assign":  {runAssign, "assign [--db F] --annotators A,B,... [--per-article N] [--status S]... | --clear [--annotators A,...]   (spread articles over a team, balanced)"},
		"agree":   {runAgree, "agree [--db F] --annotators A,B[,C...] [--json]   (span P/R/F1 and token kappa per label; A is the reference)"},
		"labels":  {runLabels, "labels [--db F] [--set FILE.json]   (print or replace the label set: name, kind, key, color, description)"},
		"claims":  {runClaims, "claims [--db F] [--set FILE.json]   (print or replace the claim attributes: checkworthy, type, verdict, …)"},
		"team":    {runTeam, teamUsage},
		"version": {runVersion, "version"},
		"help":    {runHelp, "help"},
	}
}

// Run executes one subcommand (args[0]) and returns the exit code.
func Run(args []string, env Env) int {
	if len(args) == 0 || !IsCommand(args[0]) {
		fmt.Fprintf(env.Stderr, "spanmark: unknown command %q\n", strings.Join(args[:min(1, len(args))], ""))
		Usage(env.Stderr)
		return ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	out := &checkedWriter{w: env.Stdout}
	env.Stdout = out
	code := commands[args[0]].run(ctx, env, args[1:])
	if out.err != nil && code == ExitOK {
		fmt.Fprintf(env.Stderr, "spanmark %s: write to standard output: %v\n", args[0], out.err)
		return ExitFail
	}
	return code
}

// checkedWriter keeps the first error of writing to stdout, so that
// `spanmark stats > /dev/full` fails although printing ignores errors.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	if err != nil {
		c.err = err
	}
	return n, err
}

// Usage prints the command summary.
func Usage(w io.Writer) {
	fmt.Fprintln(w, "usage:")
	fmt.Fprintln(w, "  spanmark [--db F] [--open ID]      open the window (on article ID)")
	for _, name := range []string{"import", "export", "stats", "merge", "agree", "labels", "claims", "team", "version"} {
		fmt.Fprintf(w, "  spanmark %s\n", commands[name].summary)
	}
	fmt.Fprintln(w, "--db defaults to $SPANMARK_DB, else annotations.db in the user's config directory.")
}

func runHelp(_ context.Context, env Env, _ []string) int {
	Usage(env.Stdout)
	return ExitOK
}

func runVersion(_ context.Context, env Env, args []string) int {
	if len(args) > 0 {
		fmt.Fprintln(env.Stderr, "spanmark version: takes no arguments")
		return ExitUsage
	}
	fmt.Fprint(env.Stdout, buildinfo.Get(store.SQLiteVersion()))
	return ExitOK
}

// DefaultDBPath is $SPANMARK_DB, else annotations.db in the user's config
// directory.
func DefaultDBPath() (string, error) {
	if p := os.Getenv("SPANMARK_DB"); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no --db given, $SPANMARK_DB unset, and no user config directory: %w", err)
	}
	return filepath.Join(dir, "spanmark", "annotations.db"), nil
}

// newFlagSet returns a flag set for subcommand name with the shared --db flag.
func newFlagSet(name string, env Env, db *string) *flag.FlagSet {
	fs := flag.NewFlagSet("spanmark "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(db, "db", "", "database file or postgres:// URL (default $SPANMARK_DB, else the user config directory)")
	fs.Duration("wait", store.DefaultWait, "how long to wait for another program writing the database")
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "usage: spanmark %s\n", commands[name].summary)
		fs.PrintDefaults()
	}
	return fs
}

// parseInterspersed parses flags that may stand before, between or after
// the positional arguments, which the flag package alone does not allow.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// waitFlag is the --wait of a parsed flag set.
// parseLoad parses the command line of a command that loads its operands
// (files, other databases) into the database at --db: at least one operand
// is needed, missing says which. It returns them, the database path and
// env with --wait; code is not ExitOK when the command must end with it.
func parseLoad(fs *flag.FlagSet, env Env, args []string, db *string, missing string) (operands []string, dbPath string, _ Env, code int) {
	operands, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, "", env, ExitUsage
	}
	if len(operands) == 0 {
		fmt.Fprintf(env.Stderr, "%s: %s\n", fs.Name(), missing)
		fs.Usage()
		return nil, "", env, ExitUsage
	}
	if dbPath, err = resolveDB(*db); err != nil {
		return nil, "", env, fail(env, err)
	}
	env.Wait = waitFlag(fs)
	return operands, dbPath, env, ExitOK
}

func waitFlag(fs *flag.FlagSet) time.Duration {
	if f := fs.Lookup("wait"); f != nil {
		if d, ok := f.Value.(flag.Getter).Get().(time.Duration); ok {
			return d
		}
	}
	return 0
}

func resolveDB(db string) (string, error) {
	if db != "" {
		return db, nil
	}
	return DefaultDBPath()
}

// listFlag collects a repeatable flag; each value may also be a
// comma-separated list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*l = append(*l, part)
		}
	}
	return nil
}

// fail prints err as the one-line message of a failed command.
func fail(env Env, err error) int {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(env.Stderr, "spanmark: interrupted; nothing was changed")
		return ExitFail
	}
	fmt.Fprintln(env.Stderr, err)
	return ExitFail
}
