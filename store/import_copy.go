package store

import (
	"bytes"
	"context"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// pgCopy is the PostgreSQL fast path of an import: the new articles of a
// batch, with their spans and relations, go to the server with COPY in the
// import's transaction, three statements per batch instead of one or more
// per row. An article whose id the database or an earlier record holds
// takes the row path (merge, --replace) after what is buffered has been
// copied, so the order of the records is kept.
//
// In a bulk load (startPGBulk) the connection is needed for nothing but
// the copies: the pks are counted here from the sequence's next value
// (nothing else can insert articles: the load holds the table) and no id
// is looked up (the database held none), so the copies run on a goroutine
// of their own (copier) while the next batch is encoded, one batch in
// flight. drain waits for it before anything else uses the connection.
type pgCopy struct {
	conn     *pgx.Conn
	existing map[string]bool // ids of the batch the database holds
	seen     map[string]bool // ids of this import so far
	pks      []int64         // pks drawn from the articles' sequence for the batch
	relSeen  map[[3]string]bool
	cur      *copyBatch // being filled

	// Bulk load only.
	nextPK  int64           // the next pk to hand out; 0: draw from the sequence
	todo    chan *copyBatch // to the copier; nil when it does not run
	free    chan *copyBatch // back from it, copied
	stopped chan struct{}   // closed when the copier has stopped
	copyErr error           // the first error of the copier's that came back
}

// copyBatch is the rows of a batch's copies.
type copyBatch struct {
	arts, spans, rels copyRows
	first, last       recordAt // the first and last buffered record, for messages
	err               error    // the copier's, of this batch or an earlier one
}

// recordAt is where a record was read (a copy of it: the decoder reuses
// its items once the batch is handed back).
type recordAt struct {
	file string
	line int
}

func newPGCopy(c rawConn) (*pgCopy, error) {
	pc, ok := c.(*pgConn)
	if !ok {
		return nil, fmt.Errorf("unexpected driver connection %T", c)
	}
	return &pgCopy{conn: pc.Conn.Conn(), existing: map[string]bool{}, seen: map[string]bool{}, relSeen: map[[3]string]bool{},
		cur: &copyBatch{}}, nil
}

// articlesSeq is the SQL of the articles' pk sequence, evaluated once per
// query (pg_get_serial_sequence reads the catalog: called per row it was
// 4 % of the server's time in an import).
const articlesSeq = `(SELECT pg_get_serial_sequence('articles', 'pk')::regclass s OFFSET 0) q`

// startAsync starts the copier and counts the pks here (a bulk load).
func (p *pgCopy) startAsync(ctx context.Context) error {
	if err := p.conn.QueryRow(ctx, `SELECT nextval(s) FROM `+articlesSeq).Scan(&p.nextPK); err != nil {
		return err
	}
	p.todo, p.free, p.stopped = make(chan *copyBatch), make(chan *copyBatch, 2), make(chan struct{})
	p.free <- &copyBatch{}
	go func() {
		defer close(p.stopped)
		var failed error // after an error the rest is not copied
		for b := range p.todo {
			if failed == nil {
				failed = p.copy(ctx, b)
			}
			b.reset()
			b.err = failed
			p.free <- b
		}
	}()
	return nil
}

// back takes a batch the copier gave back (its error, if any, is kept).
func (p *pgCopy) back(b *copyBatch) *copyBatch {
	if b.err != nil && p.copyErr == nil {
		p.copyErr = b.err
	}
	b.err = nil
	return b
}

// drain waits for the copier to copy what it was given and stops it; the
// sequence then goes on after the last pk counted here. It returns the
// first error of the copies. Without a copier it does nothing.
func (p *pgCopy) drain(ctx context.Context) error {
	if p.todo == nil {
		return nil
	}
	close(p.todo)
	<-p.stopped
	p.todo = nil
	for len(p.free) > 0 {
		p.back(<-p.free)
	}
	if p.copyErr != nil {
		return p.copyErr
	}
	// is_called: the next nextval is p.nextPK.
	_, err := p.conn.Exec(ctx, `SELECT setval(s, $1) FROM `+articlesSeq, p.nextPK-1)
	p.nextPK = 0
	return err
}

// startBatch learns which ids of items the database holds (none when it
// held no article before the import: fromEmpty) and draws a pk for each
// item.
func (p *pgCopy) startBatch(items []importItem, fromEmpty bool) error {
	clear(p.existing)
	p.pks = p.pks[:0]
	if p.nextPK > 0 {
		for range items {
			p.pks = append(p.pks, p.nextPK)
			p.nextPK++
		}
		return nil
	}
	if !fromEmpty {
		ids := make([]string, len(items))
		for i := range items {
			ids[i] = items[i].a.ID
		}
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
	}
	rows, err := p.conn.Query(bg, `SELECT nextval(s) FROM `+articlesSeq+`, generate_series(1, $1)`, len(items))
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
	b := p.cur
	if b.arts.n == 0 {
		b.first = recordAt{it.file, it.line}
	}
	b.last = recordAt{it.file, it.line}
	b.arts.tuple(8).int8(pk).text(a.ID).text(a.Text).textOrNull(nullJSON(a.Meta)).text(string(a.Status)).text(a.Answer).int8(stamp).int8(stamp)
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
		b.spans.tuple(13).int8(pk).text(s.ID).int8(int64(s.Start)).int8(int64(s.End)).text(s.Label).text(string(s.Kind)).text(s.Annotator).
			text(string(s.Review)).text(s.Reviewer).textOrNull(attrs).int8(created).int8(updated).int8(toMillis(s.Reviewed))
		res.Spans++
	}
	clear(p.relSeen)
	for _, r := range a.Rels {
		k := [3]string{r.Head, r.Child, r.Label}
		if p.relSeen[k] {
			continue // the row path's ON CONFLICT DO NOTHING
		}
		p.relSeen[k] = true
		b.rels.tuple(4).int8(pk).text(r.Head).text(r.Child).text(r.Label)
		res.Relations++
	}
	res.NewArticles++
	return true, nil
}

var (
	copyArticles  = `articles (pk, id, text, meta, status, answer, created, updated)`
	copySpans     = `spans (article, span_id, start, "end", label, kind, annotator, review, reviewer, attrs, created, updated, reviewed)`
	copyRelations = `relations (article, head, child, label)`
)

// flush copies what is buffered: hands it to the copier when it runs (an
// error of an earlier batch is returned), else copies it at once.
func (p *pgCopy) flush(ctx context.Context) error {
	if p.cur.arts.n == 0 {
		return nil
	}
	if p.todo == nil {
		err := p.copy(ctx, p.cur)
		p.cur.reset()
		return err
	}
	p.todo <- p.cur
	p.cur = p.back(<-p.free)
	return p.copyErr
}

// copy runs the copies of b. An error names the records they came from.
func (p *pgCopy) copy(ctx context.Context, b *copyBatch) error {
	for _, c := range []struct {
		table string
		rows  *copyRows
	}{{copyArticles, &b.arts}, {copySpans, &b.spans}, {copyRelations, &b.rels}} {
		if c.rows.n == 0 {
			continue
		}
		if _, err := p.conn.PgConn().CopyFrom(ctx, bytes.NewReader(c.rows.end()), "COPY "+c.table+" FROM STDIN (FORMAT binary)"); err != nil {
			where := b.first.file + ":" + itoa(b.first.line)
			if b.last.file != b.first.file {
				where += "–" + b.last.file + ":" + itoa(b.last.line)
			} else if b.last.line != b.first.line {
				where += "–" + itoa(b.last.line)
			}
			table, _, _ := strings.Cut(c.table, " ")
			return fmt.Errorf("import: %s: copy %s: %w", where, table, err)
		}
	}
	return nil
}

func (b *copyBatch) reset() {
	b.arts.reset()
	b.spans.reset()
	b.rels.reset()
	b.first, b.last = recordAt{}, recordAt{}
}

// copyRows is rows in PostgreSQL's binary COPY format, written as they
// come: no reflection and no value boxed per field, unlike pgx's CopyFrom
// (its encoding was 10 % of the import's CPU).
type copyRows struct {
	b []byte
	n int // rows
}

// copyHeader starts the binary COPY format: signature, flags, no extension.
const copyHeader = "PGCOPY\n\377\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00"

func (r *copyRows) tuple(fields int) *copyRows {
	if r.n == 0 {
		r.b = append(r.b[:0], copyHeader...)
	}
	r.n++
	r.b = binary.BigEndian.AppendUint16(r.b, uint16(fields))
	return r
}

func (r *copyRows) int8(v int64) *copyRows {
	r.b = binary.BigEndian.AppendUint32(r.b, 8)
	r.b = binary.BigEndian.AppendUint64(r.b, uint64(v))
	return r
}

func (r *copyRows) text(s string) *copyRows {
	r.b = binary.BigEndian.AppendUint32(r.b, uint32(len(s)))
	r.b = append(r.b, s...)
	return r
}

// textOrNull writes v, a string or nil (NULL).
func (r *copyRows) textOrNull(v driver.Value) *copyRows {
	if s, ok := v.(string); ok {
		return r.text(s)
	}
	r.b = binary.BigEndian.AppendUint32(r.b, 0xFFFFFFFF)
	return r
}

// end is the rows with the format's trailer.
func (r *copyRows) end() []byte {
	r.b = binary.BigEndian.AppendUint16(r.b, 0xFFFF)
	return r.b
}

func (r *copyRows) reset() { r.b, r.n = r.b[:0], 0 }

// A load into a PostgreSQL database without articles drops the indexes of
// spans and relations and the foreign keys of the loaded tables, and makes
// them again before the commit, in the same transaction: built once from
// sorted rows they cost far less than kept up row by row (100,000 spans),
// and a foreign key added to a full table is checked by one join instead
// of a query per row. The articles' indexes stay: kept up for 20,000 rows
// they cost less than three more reads of the articles' text to build
// them (server CPU 0.95 against 1.0 s). All or nothing as before
// (PostgreSQL's DDL is transactional); until the commit other sessions
// wait to read those tables, which only matters to a database being set
// up. A record the load cannot copy (an id met twice) makes the indexes
// again first (pgBulk.end), since the row path reads through them.
type pgBulk struct {
	conn    *pgx.Conn
	rebuild []string // statements that make again what was dropped, in order
}

// pgBulkTables are the tables an import writes into; pgBulkIndexed those
// whose indexes a bulk load makes at its end, but for pgBulkKeep.
var (
	pgBulkTables  = []string{"articles", "spans", "relations"}
	pgBulkIndexed = []string{"spans", "relations"}
	pgBulkKeep    = []string{"relations_pkey"}
)

// startPGBulk enters bulk mode when the database holds no article, the
// import's tables can be locked at once (within lockWait) and the role may
// change them (their owner); else it returns nil and the import keeps the
// indexes up row by row.
func startPGBulk(ctx context.Context, conn *pgx.Conn) (*pgBulk, error) {
	if _, err := conn.Exec(ctx, `SAVEPOINT spanmark_bulk`); err != nil {
		return nil, err
	}
	b, err := dropForBulk(ctx, conn)
	if err != nil || b == nil {
		// Back to where the import was: the locks taken are released.
		if _, rerr := conn.Exec(ctx, `ROLLBACK TO SAVEPOINT spanmark_bulk`); rerr != nil {
			return nil, rerr
		}
		// Tables held by another session, or a role that may write rows
		// but not change the tables (not their owner): load as it may.
		var pe *pgconn.PgError
		if err != nil && !(errors.As(err, &pe) && (pe.Code == "55P03" || pe.Code == "42501")) { // lock_not_available, insufficient_privilege
			return nil, err
		}
		return nil, nil
	}
	_, err = conn.Exec(ctx, `RELEASE SAVEPOINT spanmark_bulk`)
	return b, err
}

// lockWait is how long a bulk load waits for other sessions to let go of
// the import's tables before it loads without dropping anything.
const lockWait = "1s"

func dropForBulk(ctx context.Context, conn *pgx.Conn) (*pgBulk, error) {
	var lockTimeout string
	if err := conn.QueryRow(ctx, `SELECT current_setting('lock_timeout')`).Scan(&lockTimeout); err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, `SELECT set_config('lock_timeout', $1, true)`, lockWait); err != nil {
		return nil, err
	}
	// An ACCESS EXCLUSIVE lock first, then the look at the articles: a
	// second import that waited for a first one's commit sees its rows.
	if _, err := conn.Exec(ctx, `LOCK TABLE articles, spans, relations IN ACCESS EXCLUSIVE MODE`); err != nil {
		return nil, err
	}
	var empty bool
	if err := conn.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM articles)`).Scan(&empty); err != nil || !empty {
		return nil, err
	}
	b := &pgBulk{conn: conn}
	var drop []string
	// Foreign keys from the loaded tables first (relations' refer to the
	// spans' primary key), made again last, once the keys they refer to are.
	rows, err := conn.Query(ctx, `SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid)
		FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1::regclass[]) ORDER BY conrelid, conname`, pgBulkTables)
	if err != nil {
		return nil, err
	}
	var fkeys []string
	for rows.Next() {
		var table, name, def string
		if err := rows.Scan(&table, &name, &def); err != nil {
			rows.Close()
			return nil, err
		}
		drop = append(drop, "ALTER TABLE "+table+" DROP CONSTRAINT "+name)
		fkeys = append(fkeys, "ALTER TABLE "+table+" ADD CONSTRAINT "+name+" "+def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Then the indexes, those of a constraint (primary key, unique) through
	// the constraint.
	rows, err = conn.Query(ctx, `SELECT i.indrelid::regclass::text, quote_ident(ic.relname), pg_get_indexdef(i.indexrelid),
			coalesce(quote_ident(c.conname), ''), coalesce(pg_get_constraintdef(c.oid), '')
		FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
		LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')
		WHERE i.indrelid = ANY($1::regclass[]) AND NOT ic.relname = ANY($2) ORDER BY i.indrelid, ic.relname`, pgBulkIndexed, pgBulkKeep)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var table, name, def, con, condef string
		if err := rows.Scan(&table, &name, &def, &con, &condef); err != nil {
			rows.Close()
			return nil, err
		}
		if con != "" {
			drop = append(drop, "ALTER TABLE "+table+" DROP CONSTRAINT "+con)
			b.rebuild = append(b.rebuild, "ALTER TABLE "+table+" ADD CONSTRAINT "+con+" "+condef)
		} else {
			drop = append(drop, "DROP INDEX "+name)
			b.rebuild = append(b.rebuild, def)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	b.rebuild = append(b.rebuild, fkeys...)
	for _, q := range drop {
		if _, err := conn.Exec(ctx, q); err != nil {
			return nil, err
		}
	}
	// The rest of the load waits for locks as the session would.
	_, err = conn.Exec(ctx, `SELECT set_config('lock_timeout', $1, true)`, lockTimeout)
	return b, err
}

// end makes again what startPGBulk dropped (once; nil b does nothing).
func (b *pgBulk) end(ctx context.Context) error {
	if b == nil {
		return nil
	}
	for _, q := range b.rebuild {
		if _, err := b.conn.Exec(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	b.rebuild = nil
	return nil
}
