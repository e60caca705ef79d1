package gui

import (
	"fmt"
	"io/fs"

	"github.com/spanmark/spanmark/annotate/codec"
	"github.com/spanmark/spanmark/assets"
	"github.com/spanmark/spanmark/internal/ops"
	"github.com/spanmark/spanmark/store"
)

// firstRun loads the bundled sample articles into a database that has no
// article and never had the samples, so a new user has something to try.
// welcome is what to tell the new user in the status bar ("" nothing).
// Not on a team database (spanmark team init).
func (u *ui) firstRun() (welcome string, err error) {
	if u.s.DB().Team() {
		return "", nil // its admin imports what the team annotates
	}
	done, err := u.s.DB().Setting(u.ctx, settingSamples)
	if err != nil {
		return "", fmt.Errorf("read settings: %w", err)
	}
	if done != "" {
		return "", nil
	}
	some, err := u.s.DB().ListArticles(u.ctx, store.ArticleFilter{Limit: 1})
	if err != nil {
		return "", fmt.Errorf("list articles: %w", err)
	}
	if len(some) == 0 {
		res, err := importFS(u, assets.Samples())
		if err != nil {
			return "", fmt.Errorf("load the sample articles: %w", err)
		}
		welcome = fmt.Sprintf("Loaded %s to try spanmark on; File ▸ Import… or drop files here for your own", count(res.Articles, "sample article"))
	}
	return welcome, u.s.SetSetting(settingSamples, "1")
}

// importFS imports the .txt articles at the root of fsys, read from it
// directly (no copy on disk).
func importFS(u *ui, fsys fs.FS) (store.ImportResult, error) {
	return ops.ImportFS(u.ctx, u.s.DB(), fsys, []string{"."}, codec.FormatText, store.ImportOptions{Annotator: u.s.Annotator}, nil)
}
