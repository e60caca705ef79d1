package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/spanmark/spanmark/annotate"
)

// AssignOptions says how to spread articles over a team.
type AssignOptions struct {
	Annotators []string
	PerArticle int               // annotators each article gets
	Statuses   []annotate.Status // only articles of these statuses; none: all
}

// AssignResult is what an Assign added.
type AssignResult struct {
	Articles int            // articles that got at least one new annotator
	Added    map[string]int // new articles per annotator (every name given, 0 too)
}

// Assign gives each article (in id order, of opt.Statuses) annotators from
// opt.Annotators until it has opt.PerArticle of them, the least loaded
// first (annotate.Spread): balanced, and the same database and options
// give the same answer. Assignments already made stay and count, so a
// second run adds only what new articles need. One transaction.
func (db *DB) Assign(ctx context.Context, opt AssignOptions) (AssignResult, error) {
	res := AssignResult{Added: map[string]int{}}
	if err := annotate.CheckAssignment(opt.Annotators, opt.PerArticle); err != nil {
		return res, err
	}
	for _, n := range opt.Annotators {
		res.Added[n] = 0
	}
	q := `SELECT pk FROM articles`
	var args []any
	if len(opt.Statuses) > 0 {
		q += ` WHERE status IN (?` + strings.Repeat(`, ?`, len(opt.Statuses)-1) + `)`
		for _, st := range opt.Statuses {
			args = append(args, string(st))
		}
	}
	q += ` ORDER BY id`
	err := db.write(ctx, func(tx *sql.Tx) error {
		load := map[string]int{}
		rows, err := tx.QueryContext(ctx, `SELECT annotator, count(*) FROM assignments GROUP BY annotator`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var who string
			var n int
			if err := rows.Scan(&who, &n); err != nil {
				rows.Close()
				return err
			}
			load[who] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var pks []int64
		rows, err = tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var pk int64
			if err := rows.Scan(&pk); err != nil {
				rows.Close()
				return err
			}
			pks = append(pks, pk)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		have := make([][]string, len(pks))
		at := make(map[int64]int, len(pks))
		for i, pk := range pks {
			at[pk] = i
		}
		rows, err = tx.QueryContext(ctx, `SELECT article, annotator FROM assignments ORDER BY article, annotator`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var pk int64
			var who string
			if err := rows.Scan(&pk, &who); err != nil {
				rows.Close()
				return err
			}
			if i, ok := at[pk]; ok {
				have[i] = append(have[i], who)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		add := annotate.Spread(opt.Annotators, opt.PerArticle, have, load)
		ins, err := tx.PrepareContext(ctx, `INSERT INTO assignments(article, annotator, created) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		t := now()
		for i, names := range add {
			if len(names) > 0 {
				res.Articles++
			}
			for _, n := range names {
				if _, err := ins.ExecContext(ctx, pks[i], n, t); err != nil {
					return err
				}
				res.Added[n]++
			}
		}
		return nil
	})
	if err != nil {
		return AssignResult{Added: map[string]int{}}, fmt.Errorf("assign articles: %w", err)
	}
	return res, nil
}

// Unassign removes every assignment of the annotators given, or of all
// when none is given; it returns how many it removed.
func (db *DB) Unassign(ctx context.Context, annotators []string) (int, error) {
	var n int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		q, args := `DELETE FROM assignments`, []any{}
		if len(annotators) > 0 {
			q += ` WHERE annotator IN (?` + strings.Repeat(`, ?`, len(annotators)-1) + `)`
			for _, a := range annotators {
				args = append(args, a)
			}
		}
		r, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		n, err = r.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("remove assignments: %w", err)
	}
	return int(n), nil
}

// HasAssignments reports whether any article is assigned to annotator.
func (db *DB) HasAssignments(ctx context.Context, annotator string) (bool, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM assignments WHERE annotator = ? LIMIT 1) x`, annotator).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("assignments of %s: %w", annotator, err)
	}
	return n > 0, nil
}

// Assigned returns the annotators article id is assigned to, by name.
func (db *DB) Assigned(ctx context.Context, id string) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT s.annotator FROM assignments s JOIN articles a ON a.pk = s.article
		WHERE a.id = ? ORDER BY s.annotator`, id)
	if err != nil {
		return nil, fmt.Errorf("assignments of %s: %w", id, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var who string
		if err := rows.Scan(&who); err != nil {
			return nil, err
		}
		out = append(out, who)
	}
	return out, rows.Err()
}

// Progress is one annotator's work on the articles assigned to them, by
// their own status of each (SetAnnotatorStatus; none counts as todo).
type Progress struct {
	Annotator string
	Assigned  int
	ByStatus  map[annotate.Status]int
}

// AssignmentProgress returns each assigned annotator's progress, by name.
func (db *DB) AssignmentProgress(ctx context.Context) ([]Progress, error) {
	return assignmentProgress(ctx, db.db)
}

func assignmentProgress(ctx context.Context, q queryer) ([]Progress, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.annotator, coalesce(st.status, 'todo'), count(*)
		FROM assignments s LEFT JOIN article_status st ON st.article = s.article AND st.annotator = s.annotator
		GROUP BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("progress per annotator: %w", err)
	}
	defer rows.Close()
	by := map[string]*Progress{}
	for rows.Next() {
		var who, st string
		var n int
		if err := rows.Scan(&who, &st, &n); err != nil {
			return nil, err
		}
		p := by[who]
		if p == nil {
			p = &Progress{Annotator: who, ByStatus: map[annotate.Status]int{}}
			by[who] = p
		}
		p.Assigned += n
		p.ByStatus[annotate.Status(st)] += n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Progress, 0, len(by))
	for _, p := range by {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Annotator < out[j].Annotator })
	return out, nil
}
