package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/spanmark/spanmark/annotate"
)

// ClaimSchema returns the claim attributes of the database in the order the
// window shows them (annotate.DefaultClaimSchema in a new database).
func (db *DB) ClaimSchema(ctx context.Context) (annotate.ClaimSchema, error) {
	cs, err := loadClaimSchema(ctx, db.db)
	if err != nil {
		return nil, fmt.Errorf("read claim attributes: %w", err)
	}
	return cs, nil
}

func loadClaimSchema(ctx context.Context, q queryer) (annotate.ClaimSchema, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, type, "values", "default" FROM claim_attrs ORDER BY position, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cs annotate.ClaimSchema
	for rows.Next() {
		var a annotate.ClaimAttr
		var typ, vals string
		if err := rows.Scan(&a.Name, &typ, &vals, &a.Default); err != nil {
			return nil, err
		}
		a.Type = annotate.AttrType(typ)
		if err := json.Unmarshal([]byte(vals), &a.Values); err != nil {
			return nil, fmt.Errorf("attribute %s: values: %w", a.Name, err)
		}
		if len(a.Values) == 0 {
			a.Values = nil
		}
		cs = append(cs, a)
	}
	return cs, rows.Err()
}

// SaveClaimSchema replaces the claim attributes with cs, in that order.
// Claims already stored keep their attributes, also values the new schema
// no longer allows; new edits and imports are checked against cs.
func (db *DB) SaveClaimSchema(ctx context.Context, cs annotate.ClaimSchema) error {
	if err := cs.Validate(); err != nil {
		return fmt.Errorf("save claim attributes: %w", err)
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM claim_attrs`); err != nil {
			return fmt.Errorf("save claim attributes: %w", err)
		}
		if err := insertClaimSchema(ctx, tx, cs); err != nil {
			return fmt.Errorf("save claim attributes: %w", err)
		}
		return nil
	})
}

func insertClaimSchema(ctx context.Context, tx *sql.Tx, cs annotate.ClaimSchema) error {
	for i, a := range cs {
		vals := a.Values
		if vals == nil {
			vals = []string{}
		}
		b, err := json.Marshal(vals)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO claim_attrs(name, type, "values", "default", position) VALUES (?, ?, ?, ?, ?)`,
			a.Name, string(a.Type), string(b), a.Default, i+1); err != nil {
			return err
		}
	}
	return nil
}

// checkAttrs checks the attributes of a claim against the database's schema.
func checkAttrs(ctx context.Context, q queryer, s *annotate.Span) error {
	if s.Kind != annotate.KindClaim || len(s.Attrs) == 0 {
		return nil
	}
	cs, err := loadClaimSchema(ctx, q)
	if err != nil {
		return err
	}
	return annotate.ValidateAttrs(cs, s.Kind, s.Attrs)
}

// checkRelationKinds checks that a SPEAKER or ABOUT relation goes from a
// claim to an entity of article pk. A missing span is left to the
// foreign keys.
func checkRelationKinds(ctx context.Context, tx *sql.Tx, pk int64, r annotate.Relation) error {
	if !annotate.ClaimRelation(r.Label) {
		return nil
	}
	var head, child annotate.Span
	for _, end := range []struct {
		id string
		s  *annotate.Span
	}{{r.Head, &head}, {r.Child, &child}} {
		var kind string
		err := tx.QueryRowContext(ctx, `SELECT label, kind FROM spans WHERE article = ? AND span_id = ?`, pk, end.id).
			Scan(&end.s.Label, &kind)
		if err == sql.ErrNoRows {
			return fmt.Errorf("relation %s %s→%s: span %s: %w", r.Label, r.Head, r.Child, end.id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		end.s.Kind = annotate.Kind(kind)
	}
	return annotate.CheckRelationKinds(r, head, child)
}

// claimStats counts the claims and, for each choice attribute of the
// schema, the claims by value; a claim without the attribute counts under
// the attribute's default, else under "".
func claimStats(ctx context.Context, q queryer, pg bool, st *Stats) error {
	cs, err := loadClaimSchema(ctx, q)
	if err != nil {
		return err
	}
	st.ClaimAttrs = map[string]map[string]int{}
	rows, err := q.QueryContext(ctx, `SELECT count(*) FROM spans WHERE kind = 'claim'`)
	if err != nil {
		return err
	}
	for rows.Next() {
		if err := rows.Scan(&st.Claims); err != nil {
			rows.Close()
			return err
		}
	}
	rows.Close()
	for _, a := range cs {
		if a.Type != annotate.AttrChoice {
			continue
		}
		m := map[string]int{}
		for _, v := range a.Values {
			m[v] = 0
		}
		query, path := `SELECT coalesce(json_extract(attrs, ?), ?), count(*) FROM spans
			WHERE kind = 'claim' GROUP BY 1`, "$."+strconv.Quote(a.Name)
		if pg {
			query, path = `SELECT coalesce(attrs::jsonb ->> ?, ?), count(*) FROM spans
			WHERE kind = 'claim' GROUP BY 1`, a.Name
		}
		rows, err := q.QueryContext(ctx, query, path, a.Default)
		if err != nil {
			return err
		}
		for rows.Next() {
			var v string
			var n int
			if err := rows.Scan(&v, &n); err != nil {
				rows.Close()
				return err
			}
			m[v] += n
		}
		if err := rows.Close(); err != nil {
			return err
		}
		st.ClaimAttrs[a.Name] = m
	}
	return nil
}
