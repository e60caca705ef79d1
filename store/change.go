package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/spanmark/spanmark/annotate"
)

// Apply makes change c in one write transaction: a batch (annotate.
// ChangeBatch) is all made or, on any error, none of it. The window's undo
// and redo and every multi-step action go through here.
func (db *DB) Apply(ctx context.Context, c annotate.Change) error {
	_, err := db.ApplyNew(ctx, c)
	return err
}

// ApplyNew is Apply for a change that adds spans without ids (adjudication
// writing new gold spans): each gets the next free id, and the change is
// returned as made, with the ids, to be recorded for undo.
func (db *DB) ApplyNew(ctx context.Context, c annotate.Change) (annotate.Change, error) {
	c = c.Clone()
	who := db.who(ctx)
	err := db.write(ctx, func(tx *sql.Tx) error { return applyTx(ctx, tx, &c, who) })
	if err != nil {
		return annotate.Change{}, fmt.Errorf("%s in %s: %w", c.Describe(), c.ArticleID, err)
	}
	return c, nil
}

// applyTx makes c; the spans it changes or deletes must be as c saw them
// (Before, or the Span deleted), else a ChangedByOtherError says who
// changed them. who is the writer (the span's updated_by).
func applyTx(ctx context.Context, tx *sql.Tx, c *annotate.Change, who string) error {
	switch c.Kind {
	case annotate.ChangeAddSpan:
		return restoreSpanTx(ctx, tx, c.ArticleID, &c.Span, c.Rels)
	case annotate.ChangeDeleteSpan:
		_, _, err := deleteSpanTx(ctx, tx, c.ArticleID, c.Span.ID, toMillis(c.Span.Updated))
		return err
	case annotate.ChangeUpdateSpan:
		var seen int64
		if c.Before.ID == c.Span.ID {
			seen = toMillis(c.Before.Updated)
		}
		return updateSpanTx(ctx, tx, c.ArticleID, &c.Span, seen, who)
	case annotate.ChangeSetStatus:
		if c.Annotator != "" {
			return setAnnotatorStatusTx(ctx, tx, c.ArticleID, c.Annotator, c.Status)
		}
		if err := checkStatus(c.ArticleID, c.Status); err != nil {
			return err
		}
		return setStatusTx(ctx, tx, c.ArticleID, c.Status)
	case annotate.ChangeAddRelation:
		return addRelationTx(ctx, tx, c.ArticleID, c.Rel)
	case annotate.ChangeDeleteRelation:
		return deleteRelationTx(ctx, tx, c.ArticleID, c.Rel)
	case annotate.ChangeDeleteArticle:
		_, err := deleteArticleTx(ctx, tx, c.ArticleID)
		return err
	case annotate.ChangeAddArticle:
		return restoreArticleTx(ctx, tx, c.Article, c.Statuses)
	case annotate.ChangeBatch:
		for i := range c.Batch {
			if err := applyTx(ctx, tx, &c.Batch[i], who); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unknown change %d", c.Kind)
}
