package store

import (
	"database/sql/driver"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/spanmark/spanmark/annotate"
)

// The PostgreSQL side of Suggest: the spans of a batch of articles are read
// in one query and the suggestions go to the server with COPY (pgx
// CopyFrom), in Suggest's one transaction.

// suggestCopyRows is how many suggested spans wait before a COPY.
const suggestCopyRows = 4096

// startPG locks the spans against other writers for the transaction and
// returns the writer of the suggestions.
func (sg *suggester) startPG() (spanWriter, error) {
	pc, ok := sg.c.(*pgConn)
	if !ok {
		return nil, fmt.Errorf("unexpected driver connection %T", sg.c)
	}
	if _, err := sg.c.ExecContext(bg, `LOCK TABLE spans IN SHARE ROW EXCLUSIVE MODE`, nil); err != nil {
		return nil, err
	}
	return &suggestCopy{conn: pc.Conn.Conn(), who: sg.who, now: sg.now, insert: sg.rls}, nil
}

// batchKeysPG reads the spans of the articles of b that have matches into
// sg.batchKeys.
func (sg *suggester) batchKeysPG(b *suggestBatch) error {
	if sg.batchKeys == nil {
		sg.batchKeys = map[int64][]heldKey{}
	}
	for pk, ks := range sg.batchKeys {
		sg.batchKeys[pk] = ks[:0]
	}
	var pks []int64
	for i := range b.arts {
		if len(b.arts[i].matches) > 0 {
			pks = append(pks, b.arts[i].pk)
		}
	}
	if len(pks) == 0 {
		return nil
	}
	conn := sg.ins.(*suggestCopy).conn
	rows, err := conn.Query(bg, `SELECT article, span_id, start, "end", label FROM spans WHERE article = ANY($1)`, pks)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var pk, start, end int64
		var id, label string
		if err := rows.Scan(&pk, &id, &start, &end, &label); err != nil {
			return err
		}
		sg.batchKeys[pk] = append(sg.batchKeys[pk], heldKey{id, suggestKey{int(start), int(end), label}})
	}
	return rows.Err()
}

// suggestCopy is Suggest's spanWriter on PostgreSQL.
type suggestCopy struct {
	conn *pgx.Conn
	who  string
	now  int64
	rows [][]any
	// insert: the rows go in one INSERT of arrays instead of a COPY, which
	// PostgreSQL refuses to a user row-level security holds (a team's
	// annotator labelling all occurrences)
	insert bool
}

var copySuggested = []string{"article", "span_id", "start", "end", "label", "kind", "annotator", "review", "created", "updated"}

func (sc *suggestCopy) add(vals ...driver.Value) error {
	sc.rows = append(sc.rows, []any{vals[0], vals[1], vals[2], vals[3], vals[4], vals[5], sc.who, string(annotate.ReviewSuggested), sc.now, sc.now})
	if len(sc.rows) < suggestCopyRows {
		return nil
	}
	return sc.flush()
}

func (sc *suggestCopy) flush() error {
	if len(sc.rows) == 0 {
		return nil
	}
	var err error
	if sc.insert {
		err = sc.insertRows()
	} else {
		_, err = sc.conn.CopyFrom(bg, pgx.Identifier{"spans"}, copySuggested, pgx.CopyFromRows(sc.rows))
	}
	sc.rows = sc.rows[:0]
	return err
}

// insertRows writes the waiting rows with one INSERT … SELECT FROM unnest.
func (sc *suggestCopy) insertRows() error {
	var pks, starts, ends []int64
	var ids, labels, kinds []string
	for _, r := range sc.rows {
		pks, ids = append(pks, r[0].(int64)), append(ids, r[1].(string))
		starts, ends = append(starts, r[2].(int64)), append(ends, r[3].(int64))
		labels, kinds = append(labels, r[4].(string)), append(kinds, r[5].(string))
	}
	_, err := sc.conn.Exec(bg, `INSERT INTO spans(article, span_id, start, "end", label, kind, annotator, review, created, updated)
		SELECT a, i, s, e, l, k, $7, $8, $9, $9
		FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[]) AS u(a, i, s, e, l, k)`,
		pks, ids, starts, ends, labels, kinds, sc.who, string(annotate.ReviewSuggested), sc.now)
	return err
}

func (sc *suggestCopy) close() { sc.rows = nil }
