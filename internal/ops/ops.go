// Package ops holds the operations the command line and the window share:
// importing files into a database (one transaction) and exporting a
// database to a file or a stream (a file appears complete or not at all),
// each with a context and a progress callback. It knows no terminal and no
// window; it must not import Fyne, gui or cli.
package ops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/annotate/codec"
	"github.com/spanmark/spanmark/store"
)

// ImportProgress gets, now and then, how many bytes of all the input were
// read (total 0 when unknown) and how many articles were stored.
type ImportProgress func(done, total int64, articles int)

// Import reads paths in format (auto when "") and stores them in db in one
// transaction: all of them or, on any error or cancel, nothing. Warnings go
// to opt.Warn. An input that holds no article is an error.
func Import(ctx context.Context, db *store.DB, paths []string, format codec.Format, opt store.ImportOptions, progress ImportProgress) (store.ImportResult, error) {
	r, err := codec.Open(paths, codec.Options{Format: format, Warn: opt.Warn})
	if err != nil {
		return store.ImportResult{}, err
	}
	return importFrom(ctx, db, r, paths, opt, progress)
}

// ImportFS is Import of paths in fsys (slash-separated, "." its root), such
// as the sample articles embedded in the binary.
func ImportFS(ctx context.Context, db *store.DB, fsys fs.FS, paths []string, format codec.Format, opt store.ImportOptions, progress ImportProgress) (store.ImportResult, error) {
	r, err := codec.OpenFS(fsys, paths, codec.Options{Format: format, Warn: opt.Warn})
	if err != nil {
		return store.ImportResult{}, err
	}
	return importFrom(ctx, db, r, paths, opt, progress)
}

func importFrom(ctx context.Context, db *store.DB, r codec.Reader, paths []string, opt store.ImportOptions, progress ImportProgress) (store.ImportResult, error) {
	defer r.Close()
	pr, _ := r.(codec.Progresser)
	if progress != nil {
		opt.Progress = func(n int) {
			var done, total int64
			if pr != nil {
				done, total = pr.Progress()
			}
			progress(done, total, n)
		}
	}
	res, err := db.Import(ctx, func() (*annotate.Record, error) { return r.Next() }, opt)
	if err == nil && res.Articles == 0 {
		// Readers refuse empty inputs themselves; this guards any that don't.
		err = fmt.Errorf("%s: nothing to import", strings.Join(paths, ", "))
	}
	return res, err
}

// Export writes the articles of db that pass f in format: into the file or
// (brat) folder out, which appears complete or not at all, or, with out "",
// to w. progress (may be nil) gets the number of articles written so far.
// It returns how many it wrote.
func Export(ctx context.Context, db *store.DB, format codec.Format, out string, w io.Writer, f store.ExportFilter, progress func(articles int)) (int, error) {
	var cw codec.Writer
	var err error
	commit := func() error { return cw.Close() }
	switch {
	case out == "" && format == codec.FormatBrat:
		return 0, errors.New("export: brat writes a .txt and .ann pair per article: give a folder")
	case out == "":
		cw, err = codec.NewWriter(format, w)
	default:
		var o *codec.Output
		if o, err = codec.Create(format, out); err == nil {
			defer o.Discard()
			cw, commit = o, o.Commit
		}
	}
	if err != nil {
		return 0, err
	}
	f.NoSpanText = true // every writer cuts the span text itself, checking the offsets
	n := 0
	err = db.Export(ctx, f, func(a *annotate.Article) error {
		n++
		if progress != nil {
			progress(n)
		}
		return cw.Write(a)
	})
	if err == nil {
		err = commit()
	}
	if err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}
