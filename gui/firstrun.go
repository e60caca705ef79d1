package gui

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spanmark/spanmark/annotate/codec"
	"github.com/spanmark/spanmark/assets"
	"github.com/spanmark/spanmark/internal/ops"
	"github.com/spanmark/spanmark/store"
)

// firstRun loads the bundled sample articles into a database that has no
// article and never had the samples, so a new user has something to try.
func (u *ui) firstRun() error {
	done, err := u.s.DB().Setting(u.ctx, settingSamples)
	if err != nil {
		return fmt.Errorf("read settings: %w", err)
	}
	if done != "" {
		return nil
	}
	some, err := u.s.DB().ListArticles(u.ctx, store.ArticleFilter{Limit: 1})
	if err != nil {
		return fmt.Errorf("list articles: %w", err)
	}
	if len(some) == 0 {
		res, err := importFS(u, assets.Samples())
		if err != nil {
			return fmt.Errorf("load the sample articles: %w", err)
		}
		u.welcome = fmt.Sprintf("Loaded %s to try spanmark on; File ▸ Import… or drop files here for your own", count(res.Articles, "sample article"))
	}
	return u.setSetting(settingSamples, "1")
}

// importFS imports the .txt articles at the root of fsys. The codec reads
// paths, so they are copied to a temporary folder first (25 small files).
func importFS(u *ui, fsys fs.FS) (store.ImportResult, error) {
	dir, err := os.MkdirTemp("", "spanmark-samples-")
	if err != nil {
		return store.ImportResult{}, err
	}
	defer os.RemoveAll(dir)
	names, err := fs.Glob(fsys, "*.txt")
	if err != nil {
		return store.ImportResult{}, err
	}
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return store.ImportResult{}, err
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o600); err != nil {
			return store.ImportResult{}, err
		}
	}
	return ops.Import(u.ctx, u.s.DB(), []string{dir}, codec.FormatText, store.ImportOptions{Annotator: u.s.Annotator}, nil)
}
