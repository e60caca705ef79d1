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
	return &suggestCopy{conn: pc.Conn.Conn(), who: sg.who, now: sg.now}, nil
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
	_, err := sc.conn.CopyFrom(bg, pgx.Identifier{"spans"}, copySuggested, pgx.CopyFromRows(sc.rows))
	sc.rows = sc.rows[:0]
	return err
}

func (sc *suggestCopy) close() { sc.rows = nil }
