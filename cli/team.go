package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spanmark/spanmark/store"
)

// teamUsage is the summary of spanmark team's three commands.
const teamUsage = `team init [--db URL]   (make a PostgreSQL database a team database: schema, roles, policies; again is harmless)
  spanmark team add [--db URL] NAME --role annotator|reviewer|admin [--password-file F | --no-password]
                                    (a login role; the password comes from F, else $SPANMARK_PASSWORD, else a prompt)
  spanmark team list [--db URL]`

func runTeam(ctx context.Context, env Env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintf(env.Stderr, "usage: spanmark %s\n", teamUsage)
		return ExitUsage
	}
	switch args[0] {
	case "init":
		return runTeamInit(ctx, env, args[1:])
	case "add":
		return runTeamAdd(ctx, env, args[1:])
	case "list":
		return runTeamList(ctx, env, args[1:])
	}
	fmt.Fprintf(env.Stderr, "spanmark team: unknown command %q (init, add or list)\nusage: spanmark %s\n", args[0], teamUsage)
	return ExitUsage
}

// teamFlags parses the flags and nargs operands of a team command and
// resolves --db, which must name a PostgreSQL database.
func teamFlags(env Env, name string, args []string, nargs int, define func(*flag.FlagSet)) (rest []string, url string, code int) {
	var db string
	fs := newFlagSet("team", env, &db)
	if define != nil {
		define(fs)
	}
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, "", ExitUsage
	}
	if len(rest) != nargs {
		fmt.Fprintf(env.Stderr, "spanmark team %s: want %d operand(s), got %q\nusage: spanmark %s\n", name, nargs, rest, teamUsage)
		return nil, "", ExitUsage
	}
	if url, err = resolveDB(db); err != nil {
		return nil, "", fail(env, err)
	}
	if !store.IsURL(url) {
		fmt.Fprintf(env.Stderr, "spanmark team %s: %s: %v\n", name, url, store.ErrNotTeam)
		return nil, "", ExitFail
	}
	return rest, url, ExitOK
}

func runTeamInit(ctx context.Context, env Env, args []string) int {
	_, url, code := teamFlags(env, "init", args, 0, nil)
	if code != ExitOK {
		return code
	}
	if err := store.TeamInit(ctx, url, env.storeOptions(url)); err != nil {
		return fail(env, err)
	}
	fmt.Fprintf(env.Stdout, "team database ready; its roles are %s, %s and %s\nadd a member: spanmark team add NAME --role annotator --db URL\n",
		store.RoleAnnotator.Group(), store.RoleReviewer.Group(), store.RoleAdmin.Group())
	return ExitOK
}

func runTeamAdd(ctx context.Context, env Env, args []string) int {
	var roleName, pwFile string
	var noPassword bool
	rest, url, code := teamFlags(env, "add", args, 1, func(fs *flag.FlagSet) {
		fs.StringVar(&roleName, "role", "", "annotator, reviewer or admin")
		fs.StringVar(&pwFile, "password-file", "", "read the password from the first line of this file")
		fs.BoolVar(&noPassword, "no-password", false, "no password (the server authenticates otherwise: peer, certificates)")
	})
	if code != ExitOK {
		return code
	}
	name := rest[0]
	role, err := store.ParseRole(roleName)
	if roleName == "" {
		err = errors.New("--role is required: annotator, reviewer or admin")
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "spanmark team add: %v\n", err)
		return ExitUsage
	}
	if noPassword && pwFile != "" {
		fmt.Fprintln(env.Stderr, "spanmark team add: --no-password and --password-file exclude each other")
		return ExitUsage
	}
	var pw *string
	if !noPassword {
		p, err := password(env, name, pwFile)
		if err != nil {
			return fail(env, fmt.Errorf("spanmark team add %s: %w", name, err))
		}
		pw = &p
	}
	d, err := store.OpenWith(url, env.storeOptions(url))
	if err != nil {
		return fail(env, err)
	}
	defer d.Close()
	created, err := d.TeamAdd(ctx, name, role, pw)
	if err != nil {
		return fail(env, err)
	}
	if created {
		fmt.Fprintf(env.Stdout, "added %s as %s\n", name, role)
	} else {
		fmt.Fprintf(env.Stdout, "%s (an existing role) is now %s\n", name, role)
	}
	return ExitOK
}

// password is the password of a new member: the first line of file, else
// $SPANMARK_PASSWORD, else typed twice at the terminal (not echoed). It is
// never taken from the command line, which other users of the machine see.
func password(env Env, name, file string) (string, error) {
	var p string
	switch {
	case file != "":
		f, err := os.Open(file)
		if err != nil {
			return "", fmt.Errorf("--password-file: %w", err)
		}
		defer f.Close()
		line, err := bufio.NewReader(io.LimitReader(f, 4096)).ReadString('\n')
		if err != nil && err != io.EOF {
			return "", fmt.Errorf("--password-file %s: %w", file, err)
		}
		p = strings.TrimRight(line, "\r\n")
		if p == "" {
			return "", fmt.Errorf("--password-file %s: the first line is empty", file)
		}
	case os.Getenv("SPANMARK_PASSWORD") != "":
		p = os.Getenv("SPANMARK_PASSWORD")
	case env.Stdin != nil && isTerminal(env.Stdin):
		a, err := readPassword(env.Stdin, env.Stderr, "password for "+name+": ")
		if err != nil {
			return "", err
		}
		b, err := readPassword(env.Stdin, env.Stderr, "again: ")
		if err != nil {
			return "", err
		}
		if a != b {
			return "", errors.New("the two passwords differ")
		}
		if a == "" {
			return "", errors.New("empty password (--no-password for none)")
		}
		p = a
	default:
		return "", errors.New("no password: give --password-file F or $SPANMARK_PASSWORD (or --no-password when the server authenticates otherwise)")
	}
	return p, nil
}

func runTeamList(ctx context.Context, env Env, args []string) int {
	_, url, code := teamFlags(env, "list", args, 0, nil)
	if code != ExitOK {
		return code
	}
	d, err := store.OpenWith(url, env.readOptions(url))
	if err != nil {
		return fail(env, err)
	}
	defer d.Close()
	if !d.Team() {
		return fail(env, fmt.Errorf("%s is not a team database: spanmark team init --db URL makes it one", d.Path()))
	}
	ms, err := d.TeamMembers(ctx)
	if err != nil {
		return fail(env, err)
	}
	for _, m := range ms {
		var notes []string
		if m.Super {
			notes = append(notes, "superuser: the policies do not hold")
		}
		if !m.Login {
			notes = append(notes, "cannot log in")
		}
		line := fmt.Sprintf("%s\t%s", m.Name, m.Role)
		if len(notes) > 0 {
			line += "\t(" + strings.Join(notes, "; ") + ")"
		}
		fmt.Fprintln(env.Stdout, line)
	}
	return ExitOK
}
