package cli

import (
	"context"
	"fmt"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// runDelete deletes articles, with their spans, by id, status or for having
// no span, in one transaction: all of them or, on any error (an id that is
// not there), none.
func runDelete(ctx context.Context, env Env, args []string) int {
	var db string
	var statuses listFlag
	var empty bool
	fs := newFlagSet("delete", env, &db)
	fs.Var(&statuses, "status", "also every article with this status (todo, in_progress, done, reviewed); repeatable")
	fs.BoolVar(&empty, "all-empty", false, "also every article without a span")
	ids, err := parseInterspersed(fs, args)
	if err != nil {
		return ExitUsage
	}
	f := store.DeleteFilter{IDs: ids, Empty: empty}
	for _, s := range statuses {
		st, err := annotate.ParseStatus(s)
		if err != nil {
			fmt.Fprintf(env.Stderr, "spanmark delete: --status: %v\n", err)
			return ExitUsage
		}
		f.Statuses = append(f.Statuses, st)
	}
	if len(ids) == 0 && len(f.Statuses) == 0 && !empty {
		fmt.Fprintln(env.Stderr, "spanmark delete: say what to delete: article ids, --status S or --all-empty")
		return ExitUsage
	}
	d, err := openExisting(env, db, Env.storeOptions)
	if err != nil {
		return fail(env, err)
	}
	defer d.Close()
	res, err := d.DeleteArticles(ctx, f)
	if err != nil {
		return fail(env, fmt.Errorf("%w; nothing was deleted", err))
	}
	if res.Articles == 0 {
		fmt.Fprintln(env.Stdout, "nothing to delete")
		return ExitOK
	}
	fmt.Fprintf(env.Stdout, "deleted %d article%s with %d span%s\n", res.Articles, plural(res.Articles), res.Spans, plural(res.Spans))
	for _, id := range res.IDs {
		fmt.Fprintln(env.Stdout, id)
	}
	return ExitOK
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
