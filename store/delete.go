package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/spanmark/spanmark/annotate"
)

// DeleteArticle deletes article id with its spans, relations and the
// annotators' own statuses, and returns the change that did it (its
// Inverse puts everything back: the window's undo).
func (db *DB) DeleteArticle(ctx context.Context, id string) (annotate.Change, error) {
	var c annotate.Change
	err := db.write(ctx, func(tx *sql.Tx) (err error) {
		c, err = deleteArticleTx(ctx, tx, id)
		return err
	})
	if err != nil {
		return annotate.Change{}, fmt.Errorf("delete article %s: %w", id, err)
	}
	return c, nil
}

// DeleteFilter chooses articles to delete besides the ids named.
type DeleteFilter struct {
	IDs      []string          // each must exist
	Statuses []annotate.Status // every article with one of these statuses
	Empty    bool              // every article without a span
}

// DeleteResult counts what DeleteArticles removed.
type DeleteResult struct {
	Articles, Spans int
	IDs             []string
}

// DeleteArticles deletes what f chooses in one transaction: all of it, or
// nothing when an id is not found or anything fails.
func (db *DB) DeleteArticles(ctx context.Context, f DeleteFilter) (DeleteResult, error) {
	var res DeleteResult
	err := db.write(ctx, func(tx *sql.Tx) error {
		ids := append([]string(nil), f.IDs...)
		seen := map[string]bool{}
		for _, id := range ids {
			seen[id] = true
		}
		type query struct {
			where string
			args  []any
		}
		var queries []query
		for _, st := range f.Statuses {
			if err := checkStatus("articles", st); err != nil {
				return err
			}
			queries = append(queries, query{"status = ?", []any{string(st)}})
		}
		if f.Empty {
			queries = append(queries, query{"NOT EXISTS (SELECT 1 FROM spans WHERE spans.article = articles.pk)", nil})
		}
		for _, q := range queries {
			rows, err := tx.QueryContext(ctx, `SELECT id FROM articles WHERE `+q.where+` ORDER BY id`, q.args...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				if !seen[id] {
					seen[id] = true
					ids = append(ids, id)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		res = DeleteResult{}
		for _, id := range ids {
			c, err := deleteArticleTx(ctx, tx, id)
			if err != nil {
				return fmt.Errorf("article %s: %w", id, err)
			}
			res.Articles++
			res.Spans += len(c.Article.Spans)
			res.IDs = append(res.IDs, id)
		}
		return nil
	})
	if err != nil {
		return DeleteResult{}, fmt.Errorf("delete: %w", err)
	}
	return res, nil
}

func deleteArticleTx(ctx context.Context, tx *sql.Tx, id string) (annotate.Change, error) {
	art, err := getArticle(ctx, tx, id)
	if err != nil {
		return annotate.Change{}, err
	}
	a := &annotate.Article{ID: id, Text: art.text, Status: art.status}
	var meta sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT meta, answer FROM articles WHERE pk = ?`, art.pk).Scan(&meta, &a.Answer); err != nil {
		return annotate.Change{}, err
	}
	if meta.Valid {
		a.Meta = []byte(meta.String)
	}
	rows, err := tx.QueryContext(ctx, `SELECT article, span_id, start, "end", label, kind, annotator,
		review, reviewer, attrs, created, updated, reviewed FROM spans WHERE article = ? ORDER BY span_id`, art.pk)
	if err != nil {
		return annotate.Change{}, err
	}
	sc := spanCursor{rows: rows}
	err = sc.read(art.pk, a)
	rows.Close()
	if err != nil {
		return annotate.Change{}, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT article, head, child, label FROM relations WHERE article = ? ORDER BY pk`, art.pk)
	if err != nil {
		return annotate.Change{}, err
	}
	rc := relCursor{rows: rows}
	err = rc.read(art.pk, a)
	rows.Close()
	if err != nil {
		return annotate.Change{}, err
	}
	statuses := map[string]annotate.Status{}
	rows, err = tx.QueryContext(ctx, `SELECT annotator, status FROM article_status WHERE article = ?`, art.pk)
	if err != nil {
		return annotate.Change{}, err
	}
	for rows.Next() {
		var who, st string
		if err := rows.Scan(&who, &st); err != nil {
			rows.Close()
			return annotate.Change{}, err
		}
		statuses[who] = annotate.Status(st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return annotate.Change{}, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE pk = ?`, art.pk); err != nil {
		return annotate.Change{}, err
	}
	return annotate.Change{Kind: annotate.ChangeDeleteArticle, ArticleID: id, Article: a, Statuses: statuses}, nil
}

// restoreArticleTx puts back an article as deleteArticleTx returned it.
func restoreArticleTx(ctx context.Context, tx *sql.Tx, a *annotate.Article, statuses map[string]annotate.Status) error {
	if a == nil {
		return errors.New("no article to restore")
	}
	st := a.Status
	if st == "" {
		st = annotate.StatusTodo
	}
	var meta any
	if len(a.Meta) > 0 {
		meta = string(a.Meta)
	}
	t := now()
	// Looked up first: on PostgreSQL a failed INSERT ends the transaction.
	if _, e := getArticle(ctx, tx, a.ID); e == nil {
		return fmt.Errorf("article %s exists again (imported since?)", a.ID)
	}
	var pk int64
	err := tx.QueryRowContext(ctx, `INSERT INTO articles(id, text, meta, status, answer, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)
		RETURNING pk`, a.ID, a.Text, meta, string(st), a.Answer, t, t).Scan(&pk)
	if err != nil {
		return err
	}
	for i := range a.Spans {
		s := a.Spans[i]
		if err := insertSpan(ctx, tx, pk, &s); err != nil {
			return err
		}
	}
	if err := insertRelations(ctx, tx, pk, a.Rels); err != nil {
		return err
	}
	for who, st := range statuses {
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_status(article, annotator, status, updated) VALUES (?, ?, ?, ?)`,
			pk, who, string(st), t); err != nil {
			return err
		}
	}
	return nil
}
