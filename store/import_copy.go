package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// pgCopy is the PostgreSQL fast path of an import: the new articles of a
// batch, with their spans and relations, go to the server with COPY (pgx
// CopyFrom) in the import's transaction, three statements per batch
// instead of one or more per row. An article whose id the database or an
// earlier record holds takes the row path (merge, --replace) after what is
// buffered has been copied, so the order of the records is kept.
type pgCopy struct {
	conn     *pgx.Conn
	existing map[string]bool // ids of the batch the database holds
	seen     map[string]bool // ids of this import so far
	pks      []int64         // pks drawn from the articles' sequence for the batch
	arts     [][]any
	spans    [][]any
	rels     [][]any
	relSeen  map[[3]string]bool
	first    *importItem // the first buffered record, for messages
	last     *importItem
}

func newPGCopy(c rawConn) (*pgCopy, error) {
	pc, ok := c.(*pgConn)
	if !ok {
		return nil, fmt.Errorf("unexpected driver connection %T", c)
	}
	return &pgCopy{conn: pc.Conn.Conn(), existing: map[string]bool{}, seen: map[string]bool{}, relSeen: map[[3]string]bool{}}, nil
}

// startBatch learns which ids of items the database holds and draws a pk
// for each item.
func (p *pgCopy) startBatch(items []importItem) error {
	ids := make([]string, len(items))
	for i := range items {
		ids[i] = items[i].a.ID
	}
	clear(p.existing)
	rows, err := p.conn.Query(bg, `SELECT id FROM articles WHERE id = ANY($1)`, ids)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		p.existing[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	p.pks = p.pks[:0]
	rows, err = p.conn.Query(bg, `SELECT nextval(pg_get_serial_sequence('articles', 'pk')) FROM generate_series(1, $1)`, len(items))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var pk int64
		if err := rows.Scan(&pk); err != nil {
			return err
		}
		p.pks = append(p.pks, pk)
	}
	return rows.Err()
}

// add buffers item i of the batch when it is a new article; false when it
// must take the row path.
func (p *pgCopy) add(i int, it *importItem, stamp int64, res *ImportResult) (bool, error) {
	a := &it.a
	if p.existing[a.ID] || p.seen[a.ID] {
		return false, nil
	}
	p.seen[a.ID] = true
	pk := p.pks[i]
	if p.first == nil {
		p.first = it
	}
	p.last = it
	p.arts = append(p.arts, []any{pk, a.ID, a.Text, nullJSON(a.Meta), string(a.Status), a.Answer, stamp, stamp})
	for k := range a.Spans {
		s := &a.Spans[k]
		attrs, err := attrsJSON(s.Attrs)
		if err != nil {
			return false, fmt.Errorf("span %s: %w", s.ID, err)
		}
		created, updated := toMillis(s.Created), toMillis(s.Updated)
		if created == 0 {
			created = stamp
		}
		if updated == 0 {
			updated = created
		}
		p.spans = append(p.spans, []any{pk, s.ID, int64(s.Start), int64(s.End), s.Label, string(s.Kind), s.Annotator,
			string(s.Review), s.Reviewer, attrs, created, updated, toMillis(s.Reviewed)})
		res.Spans++
	}
	clear(p.relSeen)
	for _, r := range a.Rels {
		k := [3]string{r.Head, r.Child, r.Label}
		if p.relSeen[k] {
			continue // the row path's ON CONFLICT DO NOTHING
		}
		p.relSeen[k] = true
		p.rels = append(p.rels, []any{pk, r.Head, r.Child, r.Label})
		res.Relations++
	}
	res.NewArticles++
	return true, nil
}

var (
	copyArticles  = []string{"pk", "id", "text", "meta", "status", "answer", "created", "updated"}
	copySpans     = []string{"article", "span_id", "start", "end", "label", "kind", "annotator", "review", "reviewer", "attrs", "created", "updated", "reviewed"}
	copyRelations = []string{"article", "head", "child", "label"}
)

// flush copies what is buffered. An error names the records it came from.
func (p *pgCopy) flush(ctx context.Context) error {
	if len(p.arts) == 0 {
		return nil
	}
	for _, c := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{{"articles", copyArticles, p.arts}, {"spans", copySpans, p.spans}, {"relations", copyRelations, p.rels}} {
		if len(c.rows) == 0 {
			continue
		}
		if _, err := p.conn.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(c.rows)); err != nil {
			where := p.first.file + ":" + itoa(p.first.line)
			if p.last != p.first {
				where += "–" + itoa(p.last.line)
			}
			return fmt.Errorf("import: %s: copy %s: %w", where, c.table, err)
		}
	}
	p.arts, p.spans, p.rels = p.arts[:0], p.spans[:0], p.rels[:0]
	p.first, p.last = nil, nil
	return nil
}
