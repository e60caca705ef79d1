package cli

import (
	"context"
	"fmt"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// runSuggest adds the matches of a pattern file as suggested spans, in
// one transaction; a bad pattern file changes nothing.
func runSuggest(ctx context.Context, env Env, args []string) int {
	var db, patterns, annotator string
	var articles listFlag
	fs := newFlagSet("suggest", env, &db)
	fs.StringVar(&patterns, "patterns", "", "pattern file: Prodigy patterns (.jsonl, .json) or a gazetteer (LABEL<TAB>phrase per line)")
	fs.Var(&articles, "article", "only this article; repeatable (default: every article)")
	fs.StringVar(&annotator, "annotator", "patterns", "annotator of the suggested spans")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(rest) > 0 {
		fmt.Fprintf(env.Stderr, "spanmark suggest: unexpected argument %q (use --patterns FILE)\n", rest[0])
		return ExitUsage
	}
	if patterns == "" {
		fmt.Fprintln(env.Stderr, "spanmark suggest: --patterns FILE is needed")
		return ExitUsage
	}
	ps, err := annotate.ReadPatternFile(patterns)
	if err != nil {
		return fail(env, err)
	}
	d, err := openExisting(env, db, Env.storeOptions)
	if err != nil {
		return fail(env, err)
	}
	defer d.Close()
	p := newProgress(env)
	opt := store.SuggestOptions{Matcher: annotate.NewMatcher(ps), Annotator: annotator, Progress: func(done, total int) {
		p.update("suggesting: %d of %d articles", done, total)
	}}
	if len(articles) > 0 {
		opt.ArticleIDs = articles
	}
	res, err := d.Suggest(ctx, opt)
	p.done()
	if err != nil {
		return fail(env, fmt.Errorf("%w; nothing was suggested", err))
	}
	fmt.Fprintf(env.Stdout, "%d patterns over %d articles: %d spans suggested\n", len(ps), res.Articles, res.Spans)
	if len(res.NewLabels) > 0 {
		fmt.Fprintf(env.Stdout, "new labels added to the label set: %v\n", res.NewLabels)
	}
	return ExitOK
}
