package cli

import (
	"context"
	"fmt"

	"github.com/spanmark/spanmark/annotate/codec"
	"github.com/spanmark/spanmark/internal/ops"
	"github.com/spanmark/spanmark/store"
)

func runImport(ctx context.Context, env Env, args []string) int {
	var db, format, annotator string
	var replace bool
	fs := newFlagSet("import", env, &db)
	fs.StringVar(&format, "format", "auto", "input format: auto, text, jsonl, prodigy, doccano, brat, labelstudio")
	fs.StringVar(&annotator, "annotator", "", "annotator of spans that name none")
	fs.BoolVar(&replace, "replace", false, "replace articles whose id exists with a different text")
	paths, dbPath, env, code := parseLoad(fs, env, args, &db, "no file or folder given")
	if code != ExitOK {
		return code
	}
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
	if opt.Warn == nil {
		opt.Warn = func(msg string) { b.println(msg) } // serialises the decoder's warnings and ours
	}
	var db *store.DB
	var inBytes int64
	res, err := func() (store.ImportResult, error) {
		// the input is checked (Open) before the database is opened or made
		r, err := codec.Open(paths, codec.Options{Format: format})
		if err != nil {
			return store.ImportResult{}, err
		}
		r.Close()
		if db, err = store.OpenWith(dbPath, env.storeOptions(dbPath)); err != nil {
			return store.ImportResult{}, err
		}
		return ops.Import(ctx, db, paths, format, opt, func(done, total int64, n int) {
			if total > 0 {
				b.total, b.bytes, inBytes = total, true, total
				b.set(done, n)
				return
			}
			b.set(int64(n), n)
		})
	}()
	if db != nil {
		defer db.Close()
	}
	if err != nil {
		b.abandon()
		return res, err
	}
	b.finish("imported", res.Articles, "", inBytes)
	return res, nil
}
