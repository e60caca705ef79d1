package cli

import (
	"context"
	"fmt"

	"github.com/spanmark/spanmark/store"
)

func runMerge(ctx context.Context, env Env, args []string) int {
	var db string
	fs := newFlagSet("merge", env, &db)
	others, dbPath, env, code := parseLoad(fs, env, args, &db, "no database to merge given")
	if code != ExitOK {
		return code
	}
	res, err := Merge(ctx, env, dbPath, others)
	if err != nil {
		return fail(env, err)
	}
	what := fmt.Sprintf("%d databases", len(others))
	if len(others) == 1 {
		what = store.Redact(others[0])
	}
	fmt.Fprintf(env.Stdout, "merged %s into %s: %d articles read (%d new), %d new spans, %d new relations\n",
		what, store.Redact(dbPath), res.Articles, res.NewArticles, res.Spans, res.Relations)
	if len(res.NewLabels) > 0 {
		fmt.Fprintf(env.Stdout, "new labels added to the label set: %v\n", res.NewLabels)
	}
	return ExitOK
}

// Merge brings the databases others into the database at dbPath
// (store.DB.Merge); each, and the target, is a file or a postgres:// URL.
// Sources are checked and opened first: a source that fails leaves no new
// target.
func Merge(ctx context.Context, env Env, dbPath string, others []string) (store.ImportResult, error) {
	srcs, err := store.OpenMergeSources(dbPath, others)
	if err != nil {
		return store.ImportResult{}, err
	}
	defer func() {
		for _, s := range srcs {
			s.Close()
		}
	}()
	db, err := store.OpenWith(dbPath, env.storeOptions(dbPath))
	if err != nil {
		return store.ImportResult{}, err
	}
	defer db.Close()
	p := newProgress(env)
	defer p.done()
	return db.Merge(ctx, srcs, func(src string, n int) { p.update("merging %s: %d articles", src, n) })
}
