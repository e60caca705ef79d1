package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/annotate/codec"
	"github.com/spanmark/spanmark/store"
)

func runImport(ctx context.Context, env Env, args []string) int {
	var db, format, annotator string
	var replace bool
	fs := newFlagSet("import", env, &db)
	fs.StringVar(&format, "format", "auto", "input format: auto, text, jsonl, prodigy, doccano, brat, labelstudio")
	fs.StringVar(&annotator, "annotator", "", "annotator of spans that name none")
	fs.BoolVar(&replace, "replace", false, "replace articles whose id exists with a different text")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(paths) == 0 {
		fmt.Fprintln(env.Stderr, "spanmark import: no file or folder given")
		fs.Usage()
		return ExitUsage
	}
	dbPath, err := resolveDB(db)
	if err != nil {
		return fail(env, err)
	}
	env.Wait = waitFlag(fs)
	res, err := Import(ctx, env, dbPath, paths, codec.Format(format), store.ImportOptions{Annotator: annotator, Replace: replace})
	if err != nil {
		return fail(env, err)
	}
	fmt.Fprintf(env.Stdout, "read %d records: %d new articles, %d spans and %d relations added to %s\n",
		res.Articles, res.NewArticles, res.Spans, res.Relations, dbPath)
	if len(res.NewLabels) > 0 {
		fmt.Fprintf(env.Stdout, "new labels added to the label set: %v\n", res.NewLabels)
	}
	return ExitOK
}

// Import reads paths in format and loads them into the database at dbPath
// in one transaction. Warnings go to env.Stderr; so do, on a terminal, a
// progress bar and a summary line.
func Import(ctx context.Context, env Env, dbPath string, paths []string, format codec.Format, opt store.ImportOptions) (store.ImportResult, error) {
	b := newBar(env, "importing", 0, false)
	// b.println serialises the warnings of the decoding goroutine and ours
	warn := func(msg string) { b.println(msg) }
	r, err := codec.Open(paths, codec.Options{Format: format, Warn: warn})
	if err != nil {
		return store.ImportResult{}, err
	}
	defer r.Close()
	db, err := store.OpenWith(dbPath, env.storeOptions(dbPath))
	if err != nil {
		return store.ImportResult{}, err
	}
	defer db.Close()
	var inBytes int64
	pr, _ := r.(codec.Progresser)
	if pr != nil {
		_, inBytes = pr.Progress()
	}
	if inBytes > 0 {
		b.total, b.bytes = inBytes, true
	}
	opt.Progress = func(n int) {
		if b.bytes {
			done, _ := pr.Progress()
			b.set(done, n)
			return
		}
		b.set(int64(n), n)
	}
	if opt.Warn == nil {
		opt.Warn = warn
	}
	next := func() (*annotate.Record, error) { return r.Next() }
	res, err := db.Import(ctx, next, opt)
	if err == nil && res.Articles == 0 {
		// Readers refuse empty inputs themselves; this guards any that don't.
		err = fmt.Errorf("%s: nothing to import", strings.Join(paths, ", "))
	}
	if err != nil {
		b.abandon()
		return res, err
	}
	b.finish("imported", res.Articles, "", inBytes)
	return res, nil
}
