package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/spanmark/spanmark/annotate"
)

// AddRelation links two spans of article articleID (e.g. a claim's SPEAKER).
// Both spans must exist; SPEAKER and ABOUT go from a claim to an entity;
// adding a relation that exists changes nothing.
func (db *DB) AddRelation(ctx context.Context, articleID string, r annotate.Relation) error {
	err := db.write(ctx, func(tx *sql.Tx) error { return addRelationTx(ctx, tx, articleID, r) })
	if err != nil {
		return fmt.Errorf("add relation to %s: %w", articleID, err)
	}
	return nil
}

func addRelationTx(ctx context.Context, tx *sql.Tx, articleID string, r annotate.Relation) error {
	art, err := getArticle(ctx, tx, articleID)
	if err != nil {
		return err
	}
	if err := checkRelationKinds(ctx, tx, art.pk, r); err != nil {
		return err
	}
	return insertRelations(ctx, tx, art.pk, []annotate.Relation{r})
}

// DeleteRelation removes relation r of article articleID; the error wraps
// ErrNotFound when there is no such relation.
func (db *DB) DeleteRelation(ctx context.Context, articleID string, r annotate.Relation) error {
	err := db.write(ctx, func(tx *sql.Tx) error { return deleteRelationTx(ctx, tx, articleID, r) })
	if err != nil {
		return fmt.Errorf("delete relation of %s: %w", articleID, err)
	}
	return nil
}

func deleteRelationTx(ctx context.Context, tx *sql.Tx, articleID string, r annotate.Relation) error {
	art, err := getArticle(ctx, tx, articleID)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM relations WHERE article = ? AND head = ? AND child = ? AND label = ?`,
		art.pk, r.Head, r.Child, r.Label)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var one int
		if tx.QueryRowContext(ctx, `SELECT 1 FROM relations WHERE article = ? AND head = ? AND child = ? AND label = ?`,
			art.pk, r.Head, r.Child, r.Label).Scan(&one) == nil { // row-level security (team.sql)
			return errNotYours("relation %s %s→%s links none of your spans", r.Label, r.Head, r.Child)
		}
		return fmt.Errorf("relation %s %s→%s: %w", r.Label, r.Head, r.Child, ErrNotFound)
	}
	return nil
}
