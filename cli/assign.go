package cli

import (
	"context"
	"fmt"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

func runAssign(ctx context.Context, env Env, args []string) int {
	var db string
	var team, statuses listFlag
	var per int
	var clearFlag bool
	fs := newFlagSet("assign", env, &db)
	fs.Var(&team, "annotators", "the team: NAME,NAME,… (repeatable)")
	fs.IntVar(&per, "per-article", 1, "annotators each article gets")
	fs.Var(&statuses, "status", "only articles with this status (todo, in_progress, done, reviewed); repeatable")
	fs.BoolVar(&clearFlag, "clear", false, "remove the assignments of --annotators (of everybody when none is given)")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(rest) > 0 {
		fmt.Fprintf(env.Stderr, "spanmark assign: unexpected argument %q\n", rest[0])
		return ExitUsage
	}
	opt := store.AssignOptions{Annotators: team, PerArticle: per}
	for _, s := range statuses {
		st, err := annotate.ParseStatus(s)
		if err != nil {
			fmt.Fprintf(env.Stderr, "spanmark assign: --status: %v\n", err)
			return ExitUsage
		}
		opt.Statuses = append(opt.Statuses, st)
	}
	if !clearFlag {
		if err := annotate.CheckAssignment(opt.Annotators, opt.PerArticle); err != nil {
			fmt.Fprintf(env.Stderr, "spanmark assign: %v\n", err)
			return ExitUsage
		}
	}
	d, err := openExisting(env, db, Env.storeOptions)
	if err != nil {
		return fail(env, err)
	}
	defer d.Close()
	if clearFlag {
		n, err := d.Unassign(ctx, opt.Annotators)
		if err != nil {
			return fail(env, err)
		}
		fmt.Fprintf(env.Stdout, "removed %d assignment%s\n", n, plural(n))
		return ExitOK
	}
	res, err := d.Assign(ctx, opt)
	if err != nil {
		return fail(env, fmt.Errorf("%w; nothing was assigned", err))
	}
	if res.Articles == 0 {
		fmt.Fprintf(env.Stdout, "nothing to assign: every article already has %d of these annotators\n", per)
		return ExitOK
	}
	fmt.Fprintf(env.Stdout, "assigned %d article%s:\n", res.Articles, plural(res.Articles))
	for _, n := range team {
		fmt.Fprintf(env.Stdout, "  %-12s +%d\n", n, res.Added[n])
	}
	return ExitOK
}
