package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/spanmark/spanmark/annotate"
)

// ErrChangedByOther is matched (errors.Is) by a ChangedByOtherError.
var ErrChangedByOther = errors.New("changed by someone else")

// ChangedByOtherError is the answer of a change to a span that someone
// else changed or deleted after the writer read it (optimistic
// concurrency: the span's updated time is checked in the write). Nothing
// was written; Now is the span as stored, to show in place of the
// writer's version.
type ChangedByOtherError struct {
	ArticleID string
	SpanID    string
	By        string        // who wrote it last ("" not known)
	When      time.Time     // when (zero when deleted)
	Now       annotate.Span // the span as it is now
	Deleted   bool          // it is gone (Now is empty); errors.Is(err, ErrNotFound) too
}

func (e *ChangedByOtherError) Error() string {
	by := e.By
	if by == "" {
		by = "someone else"
	}
	if e.Deleted {
		return fmt.Sprintf("span %s was deleted meanwhile (nothing was written)", e.SpanID)
	}
	return fmt.Sprintf("%s changed span %s %s at %s (nothing was written)", by, e.Now.Label, e.SpanID, e.When.Local().Format("15:04:05"))
}

func (e *ChangedByOtherError) Is(target error) bool {
	return target == ErrChangedByOther || (e.Deleted && target == ErrNotFound)
}

// ErrSpanExists is matched (errors.Is) by the error of a write that would
// make a second span of the same bounds, label, kind and annotator in an
// article: e.g. one person tagging one word in two windows at once.
var ErrSpanExists = errors.New("an identical span exists already")

// spanExistsError is ErrSpanExists about span s.
type spanExistsError struct{ s annotate.Span }

func (e *spanExistsError) Error() string {
	return fmt.Sprintf("an identical span %s %d-%d by %q exists already", e.s.Label, e.s.Start, e.s.End, e.s.Annotator)
}

func (e *spanExistsError) Is(target error) bool { return target == ErrSpanExists }

// changedSince is the error of a write to span id of art that changed no
// row, seen being the version the writer saw (Unix ms; 0: any): a
// ChangedByOtherError with the stored version when that is another, or
// the span was deleted since; else ErrNotFound.
func changedSince(ctx context.Context, tx *sql.Tx, articleID string, art articleRow, id string, seen int64) error {
	s, ok, err := readSpan(ctx, tx, art, id)
	if err != nil {
		return err
	}
	if !ok {
		if seen == 0 {
			return fmt.Errorf("span %s: %w", id, ErrNotFound)
		}
		return &ChangedByOtherError{ArticleID: articleID, SpanID: id, Deleted: true}
	}
	if seen == 0 || toMillis(s.Updated) == seen {
		// the version seen is there, yet the write did not take it: only
		// row-level security does that (a team database: not the writer's)
		return errNotYours("span %s is %q's", id, s.Annotator)
	}
	var by string
	if err := tx.QueryRowContext(ctx, `SELECT updated_by FROM spans WHERE article = ? AND span_id = ?`, art.pk, id).Scan(&by); err != nil {
		return err
	}
	if by == "" { // written before updated_by was kept, or imported
		by = s.Annotator
		if s.Reviewer != "" && s.Reviewed.Equal(s.Updated) {
			by = s.Reviewer
		}
	}
	return &ChangedByOtherError{ArticleID: articleID, SpanID: id, By: by, When: s.Updated, Now: s}
}

// readSpan is span id of art as stored, with its text.
func readSpan(ctx context.Context, tx *sql.Tx, art articleRow, id string) (annotate.Span, bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT article, span_id, start, "end", label, kind, annotator,
		review, reviewer, attrs, created, updated, reviewed FROM spans WHERE article = ? AND span_id = ?`, art.pk, id)
	if err != nil {
		return annotate.Span{}, false, err
	}
	var a annotate.Article
	sc := spanCursor{rows: rows}
	err = sc.read(art.pk, &a)
	rows.Close()
	if err != nil || len(a.Spans) == 0 {
		return annotate.Span{}, false, err
	}
	s := a.Spans[0]
	if idx := annotate.NewRuneIndex(art.text); s.End <= idx.Len() {
		s.Text = idx.Slice(s.Start, s.End)
	}
	return s, true, nil
}
