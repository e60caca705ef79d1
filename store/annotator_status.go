package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/spanmark/spanmark/annotate"
)

// SetAnnotatorStatus sets the status of article articleID for one
// annotator, for articles that several people annotate (the article's own
// status, SetStatus, is apart). The status "" removes the annotator's
// status.
func (db *DB) SetAnnotatorStatus(ctx context.Context, articleID, annotator string, st annotate.Status) error {
	return db.write(ctx, func(tx *sql.Tx) error { return setAnnotatorStatusTx(ctx, tx, articleID, annotator, st) })
}

func setAnnotatorStatusTx(ctx context.Context, tx *sql.Tx, articleID, annotator string, st annotate.Status) error {
	if annotator == "" {
		return fmt.Errorf("set status of %s: no annotator name", articleID)
	}
	if st != "" {
		if _, err := annotate.ParseStatus(string(st)); err != nil {
			return fmt.Errorf("set status of %s for %s: %w", articleID, annotator, err)
		}
	}
	art, err := getArticle(ctx, tx, articleID)
	if err != nil {
		return fmt.Errorf("set status for %s: %w", annotator, err)
	}
	if st == "" {
		_, err = tx.ExecContext(ctx, `DELETE FROM article_status WHERE article = ? AND annotator = ?`, art.pk, annotator)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO article_status(article, annotator, status, updated) VALUES (?, ?, ?, ?)
			ON CONFLICT(article, annotator) DO UPDATE SET status = excluded.status, updated = excluded.updated`,
			art.pk, annotator, string(st), now())
	}
	if err != nil {
		return fmt.Errorf("set status of %s for %s: %w", articleID, annotator, err)
	}
	return nil
}

// AnnotatorStatuses returns the status of article articleID per annotator
// who has one.
func (db *DB) AnnotatorStatuses(ctx context.Context, articleID string) (map[string]annotate.Status, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT s.annotator, s.status FROM article_status s
		JOIN articles a ON a.pk = s.article WHERE a.id = ?`, articleID)
	if err != nil {
		return nil, fmt.Errorf("statuses of %s: %w", articleID, err)
	}
	defer rows.Close()
	m := map[string]annotate.Status{}
	for rows.Next() {
		var who, st string
		if err := rows.Scan(&who, &st); err != nil {
			return nil, fmt.Errorf("statuses of %s: %w", articleID, err)
		}
		m[who] = annotate.Status(st)
	}
	return m, rows.Err()
}

// AnnotatorStatusCounts counts the articles of each status per annotator.
func (db *DB) AnnotatorStatusCounts(ctx context.Context) (map[string]map[annotate.Status]int, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT annotator, status, count(*) FROM article_status GROUP BY annotator, status`)
	if err != nil {
		return nil, fmt.Errorf("count statuses per annotator: %w", err)
	}
	defer rows.Close()
	m := map[string]map[annotate.Status]int{}
	for rows.Next() {
		var who, st string
		var n int
		if err := rows.Scan(&who, &st, &n); err != nil {
			return nil, fmt.Errorf("count statuses per annotator: %w", err)
		}
		if m[who] == nil {
			m[who] = map[annotate.Status]int{}
		}
		m[who][annotate.Status(st)] = n
	}
	return m, rows.Err()
}
