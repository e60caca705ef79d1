package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/spanmark/spanmark/annotate"
)

// Labels returns the label set in palette order.
func (db *DB) Labels(ctx context.Context) ([]annotate.Label, error) {
	return loadLabels(ctx, db.db)
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func loadLabels(ctx context.Context, q queryer) ([]annotate.Label, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, kind, color, key, description FROM labels ORDER BY position, name`)
	if err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	defer rows.Close()
	var ls []annotate.Label
	for rows.Next() {
		var l annotate.Label
		if err := rows.Scan(&l.Name, &l.Kind, &l.Color, &l.Key, &l.Description); err != nil {
			return nil, fmt.Errorf("read labels: %w", err)
		}
		ls = append(ls, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	return ls, nil
}

// SaveLabels replaces the label set with labels, in that order. Every label
// must be valid (annotate.ValidateLabel); names and non-empty keys must be
// unique. Spans keep their labels even when a label leaves the set.
func (db *DB) SaveLabels(ctx context.Context, labels []annotate.Label) error {
	names := make(map[string]bool, len(labels))
	keys := make(map[string]string, len(labels))
	for _, l := range labels {
		if err := annotate.ValidateLabel(l); err != nil {
			return fmt.Errorf("save labels: %w", err)
		}
		if names[l.Name] {
			return fmt.Errorf("save labels: label %s is in the set twice", l.Name)
		}
		names[l.Name] = true
		if l.Key != "" {
			if other, dup := keys[l.Key]; dup {
				return fmt.Errorf("save labels: key %q is used by both %s and %s", l.Key, other, l.Name)
			}
			keys[l.Key] = l.Name
		}
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM labels`); err != nil {
			return fmt.Errorf("save labels: %w", err)
		}
		if err := insertLabels(ctx, tx, labels); err != nil {
			return fmt.Errorf("save labels: %w", err)
		}
		return nil
	})
}

// seedLabels gives a new database the default label set, in the columns
// of the first schema (later migrations add columns with defaults).
func seedLabels(ctx context.Context, tx *sql.Tx) error {
	for i, l := range annotate.DefaultLabels() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO labels(name, kind, color, key, position) VALUES (?, ?, ?, ?, ?)`,
			l.Name, string(l.Kind), l.Color, l.Key, i+1); err != nil {
			return err
		}
	}
	return nil
}

// insertLabels appends labels after the last position of the set.
func insertLabels(ctx context.Context, tx *sql.Tx, labels []annotate.Label) error {
	var pos int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position), 0) FROM labels`).Scan(&pos); err != nil {
		return err
	}
	for _, l := range labels {
		pos++
		if _, err := tx.ExecContext(ctx, `INSERT INTO labels(name, kind, color, key, description, position) VALUES (?, ?, ?, ?, ?, ?)`,
			l.Name, string(l.Kind), l.Color, l.Key, l.Description, pos); err != nil {
			return err
		}
	}
	return nil
}

// Setting returns the value of key, "" when it is unset.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	q := `SELECT value FROM settings WHERE key = ?`
	if db.pg { // each database user's own (postgres/0011)
		q += ` AND owner = current_user`
	}
	err := db.db.QueryRowContext(ctx, q, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores value under key. On PostgreSQL a setting is the
// database user's own: Setting reads the connected user's.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		conflict := `key`
		if db.pg { // owner is current_user by default
			conflict = `owner, key`
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
			ON CONFLICT(`+conflict+`) DO UPDATE SET value = excluded.value`, key, value)
		if err != nil {
			return fmt.Errorf("save setting %s: %w", key, err)
		}
		return nil
	})
}
