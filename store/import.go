package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/mattn/go-sqlite3"

	"github.com/spanmark/spanmark/annotate"
)

// ImportOptions control Import.
type ImportOptions struct {
	Annotator string             // annotator of spans that carry none
	Replace   bool               // replace an article whose id exists with different text
	Progress  func(articles int) // called now and then from the import goroutine (may be nil)
}

// ImportResult counts what an import read and added.
type ImportResult struct {
	Articles    int      // records read
	NewArticles int      // articles that were not in the database
	Spans       int      // spans added
	Relations   int      // relations added
	NewLabels   []string // labels added to the label set, in order of appearance
}

const (
	batchSize     = 256  // records per batch handed from the decoder to the inserter
	progressEvery = 1000 // articles between Progress calls
)

// errDifferentText is the refusal of an id that exists with another text.
var errDifferentText = errors.New("article ID exists with different text (use --replace)")

// Import reads records until next returns io.EOF and stores them, all in ONE
// transaction: on any error the transaction is rolled back, the database is
// unchanged, and the error is an *annotate.InputError naming the record's
// FILE:LINE when it is about a record.
//
// An article id that exists with the same text gets only the spans and
// relations it does not hold yet (identical = same start, end, label, kind,
// annotator); an incoming span id that is taken by a different span is
// renamed to the next free "sN" and its relations follow. An id with a
// different text is refused unless opt.Replace, which replaces the article
// with its spans and relations. Two records with the same id in one import
// are merged the same way.
//
// next runs on its own goroutine, ahead of the inserter.
func (db *DB) Import(ctx context.Context, next func() (*annotate.Record, error), opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	labels, err := db.Labels(ctx)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	defer conn.Close()

	bulk, err := db.enterBulkMode(ctx, conn)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	if bulk {
		db.bulkLoads.Add(1)
		defer db.leaveBulkMode(conn)
	}

	dec := newDecoder(next, labels, opt)
	go dec.run()
	defer dec.stop()

	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("import: unexpected driver connection %T", dc)
		}
		return importRaw(ctx, c, dec, opt, &res)
	})
	if err != nil {
		return res, err
	}
	if opt.Progress != nil && res.Articles%progressEvery != 0 {
		opt.Progress(res.Articles)
	}
	return res, nil
}

// importRaw runs the import's transaction on the driver connection: without
// database/sql between the loop and SQLite, a row costs ~25% less.
func importRaw(ctx context.Context, c *sqlite3.SQLiteConn, dec *decoder, opt ImportOptions, res *ImportResult) (err error) {
	// The import makes every reference itself (a span gets the key of the
	// article just stored, a relation those of its validated spans), so
	// SQLite need not look each one up again; the replace path deletes
	// relations and spans itself. The pragma only takes effect outside a
	// transaction.
	if _, err := c.Exec("PRAGMA foreign_keys = OFF", nil); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer c.Exec("PRAGMA foreign_keys = ON", nil)
	if _, err := c.Exec("BEGIN IMMEDIATE", nil); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			c.Exec("ROLLBACK", nil)
		}
	}()
	ins, err := prepareImport(c)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer ins.close()

	stamp := now()
	for {
		b, ok := <-dec.out
		if !ok {
			break
		}
		for i := range b.items {
			it := &b.items[i]
			if err := ins.article(it, opt.Replace, stamp, res); err != nil {
				return annotate.AtInput(it.file, it.line, err)
			}
			res.Articles++
			if opt.Progress != nil && res.Articles%progressEvery == 0 {
				opt.Progress(res.Articles)
			}
		}
		err := b.err
		dec.free <- b
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	for _, l := range dec.newLabels {
		res.NewLabels = append(res.NewLabels, l.Name)
	}
	if err := ins.addLabels(dec.newLabels); err != nil {
		return fmt.Errorf("import: add labels: %w", err)
	}
	ins.close()
	if _, err := c.Exec("COMMIT", nil); err != nil {
		return fmt.Errorf("import: commit: %w", err)
	}
	committed = true
	return nil
}

// enterBulkMode switches a database that holds no article yet to the
// rollback journal for the load: with one big transaction into an empty
// file it writes each page once instead of twice (WAL, then checkpoint).
// The journal keeps the load atomic. It needs every other connection closed;
// when another process has the file open the switch fails and the load
// simply runs in WAL.
func (db *DB) enterBulkMode(ctx context.Context, conn *sql.Conn) (bool, error) {
	var empty bool
	if err := conn.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM articles)`).Scan(&empty); err != nil {
		return false, err
	}
	if !empty {
		return false, nil
	}
	// Idle connections of our own pool hold the WAL open: close them.
	db.db.SetMaxIdleConns(0)
	db.db.SetMaxIdleConns(defaultMaxIdle)
	var mode string
	if err := conn.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode); err != nil || mode != "delete" {
		return false, nil
	}
	// FULL costs a handful of fsyncs in one transaction and keeps the
	// rollback journal safe against power loss, not only crashes.
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = FULL`); err != nil {
		return true, err
	}
	return true, nil
}

// leaveBulkMode returns the file to WAL. Should it fail (a reader holds the
// file), the next connection's DSN sets WAL again.
func (db *DB) leaveBulkMode(conn *sql.Conn) {
	ctx := context.Background()
	conn.ExecContext(ctx, `PRAGMA synchronous = NORMAL`)
	var mode string
	if err := conn.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode); err != nil || mode != "wal" {
		// Do not hand a rollback-mode connection back to the pool.
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

// defaultMaxIdle is database/sql's default number of idle connections.
const defaultMaxIdle = 2

type importItem struct {
	a     annotate.Article
	file  string
	line  int
	spans []annotate.Span     // buffer behind a.Spans
	rels  []annotate.Relation // buffer behind a.Rels
	meta  []byte              // buffer behind a.Meta
}

type importBatch struct {
	items []importItem
	err   error // the decoder's error after items, if any
}

// importer holds the prepared statements of one import transaction.
type importer struct {
	insArticle, selArticle, insSpan, insSpanPlain, selSpans, insRel, updArticle, delRels, delSpans, maxLabel, insLabel *rawStmt
	// scratch for merges, reused
	ids      map[string]string  // incoming span id → stored span id
	exist    map[spanKey]string // stored spans of the article → their ids
	used     map[string]bool    // span ids of the article in the database
	reserved map[string]bool    // span ids of the incoming article
	row      []driver.Value
}

type spanKey struct {
	start, end             int
	label, kind, annotator string
}

func prepareImport(c *sqlite3.SQLiteConn) (*importer, error) {
	im := &importer{
		ids:      map[string]string{},
		exist:    map[spanKey]string{},
		used:     map[string]bool{},
		reserved: map[string]bool{},
		row:      make([]driver.Value, 8),
	}
	stmts := []struct {
		s   **rawStmt
		sql string
	}{
		{&im.insArticle, `INSERT INTO articles(id, text, meta, status, answer, created, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`},
		{&im.selArticle, `SELECT pk, text FROM articles WHERE id = ?`},
		{&im.insSpan, `INSERT INTO spans(article, span_id, start, "end", label, kind, annotator, review, reviewer, attrs, created, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&im.insSpanPlain, `INSERT INTO spans(article, span_id, start, "end", label, kind, annotator, created, updated)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)`},
		{&im.selSpans, `SELECT span_id, start, "end", label, kind, annotator FROM spans WHERE article = ?`},
		{&im.insRel, `INSERT INTO relations(article, head, child, label) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`},
		{&im.updArticle, `UPDATE articles SET text = ?, meta = ?, status = ?, answer = ?, updated = ? WHERE pk = ?`},
		{&im.delRels, `DELETE FROM relations WHERE article = ?`},
		{&im.delSpans, `DELETE FROM spans WHERE article = ?`},
		{&im.maxLabel, `SELECT coalesce(max(position), 0) FROM labels`},
		{&im.insLabel, `INSERT INTO labels(name, kind, color, key, position) VALUES (?, ?, ?, ?, ?)`},
	}
	for _, st := range stmts {
		s, err := c.Prepare(st.sql)
		if err != nil {
			im.close()
			return nil, err
		}
		*st.s = &rawStmt{st: s}
	}
	return im, nil
}

func (im *importer) close() {
	for _, s := range []*rawStmt{im.insArticle, im.selArticle, im.insSpan, im.insSpanPlain, im.selSpans, im.insRel, im.updArticle, im.delRels, im.delSpans, im.maxLabel, im.insLabel} {
		if s != nil && s.st != nil {
			s.st.Close()
			s.st = nil
		}
	}
}

// rawStmt is a prepared statement of the driver with its argument buffer.
type rawStmt struct {
	st   driver.Stmt
	args []driver.NamedValue
}

func (s *rawStmt) bind(vals []driver.Value) []driver.NamedValue {
	s.args = s.args[:0]
	for i, v := range vals {
		s.args = append(s.args, driver.NamedValue{Ordinal: i + 1, Value: v})
	}
	return s.args
}

func (s *rawStmt) exec(vals ...driver.Value) (driver.Result, error) {
	return s.st.(driver.StmtExecContext).ExecContext(bg, s.bind(vals))
}

func (s *rawStmt) query(vals ...driver.Value) (driver.Rows, error) {
	return s.st.(driver.StmtQueryContext).QueryContext(bg, s.bind(vals))
}

// queryRow reads the first row of the statement into dest; false when
// there is none.
func (s *rawStmt) queryRow(dest []driver.Value, vals ...driver.Value) (bool, error) {
	rows, err := s.query(vals...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	err = rows.Next(dest)
	if err == io.EOF {
		return false, nil
	}
	return err == nil, err
}

func (im *importer) addLabels(labels []annotate.Label) error {
	if len(labels) == 0 {
		return nil
	}
	row := im.row[:1]
	if _, err := im.maxLabel.queryRow(row); err != nil {
		return err
	}
	pos, _ := row[0].(int64)
	for _, l := range labels {
		pos++
		if _, err := im.insLabel.exec(l.Name, string(l.Kind), l.Color, l.Key, pos); err != nil {
			return err
		}
	}
	return nil
}

func asString(v driver.Value) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return ""
}

// bg is the context of the statements inside an import: a context without
// Done spares go-sqlite3 a goroutine per statement. Cancellation is checked
// between batches.
var bg = context.Background()

// article stores one validated record.
func (im *importer) article(it *importItem, replace bool, stamp int64, res *ImportResult) error {
	a := &it.a
	r, err := im.insArticle.exec(a.ID, a.Text, nullJSON(a.Meta), string(a.Status), a.Answer, stamp, stamp)
	if err != nil {
		return fmt.Errorf("article %s: %w", a.ID, err)
	}
	if n, _ := r.RowsAffected(); n == 1 {
		pk, _ := r.LastInsertId()
		res.NewArticles++
		return im.insertAll(pk, a, stamp, res)
	}
	row := im.row[:2]
	if ok, err := im.selArticle.queryRow(row, a.ID); !ok {
		return fmt.Errorf("article %s: lookup after conflict: %v", a.ID, err)
	}
	pk, _ := row[0].(int64)
	text := asString(row[1])
	if text != a.Text {
		if !replace {
			return fmt.Errorf("%w: %s", errDifferentText, a.ID)
		}
		if _, err := im.updArticle.exec(a.Text, nullJSON(a.Meta), string(a.Status), a.Answer, stamp, pk); err != nil {
			return fmt.Errorf("replace article %s: %w", a.ID, err)
		}
		if _, err := im.delRels.exec(pk); err != nil {
			return fmt.Errorf("replace article %s: %w", a.ID, err)
		}
		if _, err := im.delSpans.exec(pk); err != nil {
			return fmt.Errorf("replace article %s: %w", a.ID, err)
		}
		return im.insertAll(pk, a, stamp, res)
	}
	return im.merge(pk, a, stamp, res)
}

// insertAll inserts every span and relation of a into article pk, which
// holds none.
func (im *importer) insertAll(pk int64, a *annotate.Article, stamp int64, res *ImportResult) error {
	clear(im.ids)
	for i := range a.Spans {
		s := &a.Spans[i]
		if err := im.insertSpan(pk, s, stamp); err != nil {
			return err
		}
		res.Spans++
		if len(a.Rels) > 0 {
			im.ids[s.ID] = s.ID
		}
	}
	return im.insertRels(pk, a, res)
}

func (im *importer) insertSpan(pk int64, s *annotate.Span, stamp int64) error {
	attrs, err := attrsJSON(s.Attrs)
	if err != nil {
		return fmt.Errorf("span %s: %w", s.ID, err)
	}
	created, updated := toMillis(s.Created), toMillis(s.Updated)
	if created == 0 {
		created = stamp
	}
	if updated == 0 {
		updated = created
	}
	if s.Review == "" && s.Reviewer == "" && attrs == nil && created == updated {
		// the common case, with four parameters (cgo calls) less
		_, err = im.insSpanPlain.exec(pk, s.ID, int64(s.Start), int64(s.End), s.Label, string(s.Kind), s.Annotator, created)
	} else {
		_, err = im.insSpan.exec(pk, s.ID, int64(s.Start), int64(s.End), s.Label, string(s.Kind), s.Annotator,
			string(s.Review), s.Reviewer, attrs, created, updated)
	}
	if err != nil {
		return fmt.Errorf("span %s %d-%d: %w", s.ID, s.Start, s.End, err)
	}
	return nil
}

func (im *importer) insertRels(pk int64, a *annotate.Article, res *ImportResult) error {
	for _, rel := range a.Rels {
		h, c := im.ids[rel.Head], im.ids[rel.Child]
		if h == "" || c == "" { // cannot happen after validation; foreign keys are off
			return fmt.Errorf("relation %s %s→%s: span not stored", rel.Label, rel.Head, rel.Child)
		}
		r, err := im.insRel.exec(pk, h, c, rel.Label)
		if err != nil {
			return fmt.Errorf("relation %s %s→%s: %w", rel.Label, rel.Head, rel.Child, err)
		}
		if n, _ := r.RowsAffected(); n == 1 {
			res.Relations++
		}
	}
	return nil
}

// merge adds to article pk (same text as a) the spans and relations of a it
// does not hold yet, renaming span ids taken by different spans.
func (im *importer) merge(pk int64, a *annotate.Article, stamp int64, res *ImportResult) error {
	clear(im.ids)
	clear(im.exist)
	clear(im.used)
	rows, err := im.selSpans.query(pk)
	if err != nil {
		return fmt.Errorf("article %s: %w", a.ID, err)
	}
	row := im.row[:6]
	for {
		err := rows.Next(row)
		if err == io.EOF {
			break
		}
		if err != nil {
			rows.Close()
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
		id := asString(row[0])
		start, _ := row[1].(int64)
		end, _ := row[2].(int64)
		im.exist[spanKey{int(start), int(end), asString(row[3]), asString(row[4]), asString(row[5])}] = id
		im.used[id] = true
	}
	rows.Close()
	clear(im.reserved)
	for _, s := range a.Spans {
		im.reserved[s.ID] = true
	}
	n := 0
	for i := range a.Spans {
		s := &a.Spans[i]
		k := spanKey{s.Start, s.End, s.Label, string(s.Kind), s.Annotator}
		if id, ok := im.exist[k]; ok {
			im.ids[s.ID] = id
			continue
		}
		id := s.ID
		if im.used[id] {
			// taken by a different span: the next free sN
			for {
				n++
				id = "s" + itoa(n)
				if !im.used[id] && !im.reserved[id] {
					break
				}
			}
		}
		im.used[id] = true
		ns := *s
		ns.ID = id
		if err := im.insertSpan(pk, &ns, stamp); err != nil {
			return err
		}
		res.Spans++
		im.ids[s.ID] = id
		im.exist[k] = id
	}
	return im.insertRels(pk, a, res)
}

func nullJSON(m json.RawMessage) driver.Value {
	if len(m) == 0 {
		return nil
	}
	return string(m)
}

func attrsJSON(m map[string]string) (driver.Value, error) {
	if len(m) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// decoder runs next on its own goroutine and hands out validated records in
// batches; the inserter gives batches back through free for reuse.
type decoder struct {
	next      func() (*annotate.Record, error)
	opt       ImportOptions
	labels    []annotate.Label
	known     map[string]bool
	newLabels []annotate.Label // valid once out is closed
	out       chan *importBatch
	free      chan *importBatch
	quit      chan struct{}
	dedupe    map[spanKey]string
	order     []int // scratch for validate
}

func newDecoder(next func() (*annotate.Record, error), labels []annotate.Label, opt ImportOptions) *decoder {
	d := &decoder{
		next:   next,
		opt:    opt,
		labels: labels,
		known:  make(map[string]bool, len(labels)),
		out:    make(chan *importBatch, 2),
		free:   make(chan *importBatch, 4),
		quit:   make(chan struct{}),
		dedupe: map[spanKey]string{},
	}
	for _, l := range labels {
		d.known[l.Name] = true
	}
	for range 4 {
		d.free <- &importBatch{items: make([]importItem, 0, batchSize)}
	}
	return d
}

// stop ends the decoder goroutine early (after an error) and waits for it.
func (d *decoder) stop() {
	close(d.quit)
	for range d.out {
	}
}

func (d *decoder) run() {
	defer close(d.out)
	for {
		var b *importBatch
		select {
		case b = <-d.free:
		case <-d.quit:
			return
		}
		b.items = b.items[:0]
		b.err = nil
		for len(b.items) < batchSize {
			rec, err := d.next()
			if err == io.EOF {
				d.send(b)
				return
			}
			if err != nil {
				b.err = err
				d.send(b)
				return
			}
			b.items = b.items[:len(b.items)+1]
			it := &b.items[len(b.items)-1]
			if err := d.prepare(it, rec); err != nil {
				b.items = b.items[:len(b.items)-1]
				b.err = annotate.AtInput(rec.File, rec.Line, err)
				d.send(b)
				return
			}
		}
		if !d.send(b) {
			return
		}
	}
}

func (d *decoder) send(b *importBatch) bool {
	select {
	case d.out <- b:
		return true
	case <-d.quit:
		return false
	}
}

// prepare copies rec into it (reusing its buffers), fills the defaults and
// validates the article.
func (d *decoder) prepare(it *importItem, rec *annotate.Record) error {
	it.file, it.line = rec.File, rec.Line
	src := &rec.Article
	it.spans = append(it.spans[:0], src.Spans...)
	it.rels = append(it.rels[:0], src.Rels...)
	it.a = *src
	a := &it.a
	a.Spans, a.Rels = it.spans, it.rels
	if len(src.Meta) > 0 { // a reader may reuse its buffers
		it.meta = append(it.meta[:0], src.Meta...)
		a.Meta = it.meta
	}
	st, err := annotate.ParseStatus(string(a.Status))
	if err != nil {
		return fmt.Errorf("article %s: %w", a.ID, err)
	}
	a.Status = st
	if len(a.Meta) > 0 && !json.Valid(a.Meta) {
		return fmt.Errorf("article %s: meta is not valid JSON", a.ID)
	}
	for i := range a.Spans {
		s := &a.Spans[i]
		if s.Kind == "" {
			s.Kind = annotate.KindOf(d.labels, s.Label)
		} else if _, err := annotate.ParseKind(string(s.Kind)); err != nil {
			return fmt.Errorf("span %s %d-%d: %w", s.ID, s.Start, s.End, err)
		}
		if s.Annotator == "" {
			s.Annotator = d.opt.Annotator
		}
		if _, err := annotate.ParseReview(string(s.Review)); err != nil {
			return fmt.Errorf("span %s %d-%d: %w", s.ID, s.Start, s.End, err)
		}
	}
	a.AssignSpanIDs()
	if d.order, err = validate(a, d.order); err != nil {
		return err
	}
	d.dropDuplicates(a)
	for i := range a.Spans {
		s := &a.Spans[i]
		if !d.known[s.Label] {
			d.known[s.Label] = true
			l := annotate.Label{Name: s.Label, Kind: s.Kind, Color: annotate.ColorFor(s.Label)}
			d.labels = append(d.labels, l)
			d.newLabels = append(d.newLabels, l)
		}
	}
	return nil
}

// dropDuplicates removes spans identical to an earlier span of a (same
// offsets, label, kind, annotator); relations follow the kept span.
func (d *decoder) dropDuplicates(a *annotate.Article) {
	if len(a.Spans) < 2 {
		return
	}
	clear(d.dedupe)
	var renamed map[string]string
	kept := a.Spans[:0]
	for _, s := range a.Spans {
		k := spanKey{s.Start, s.End, s.Label, string(s.Kind), s.Annotator}
		if id, dup := d.dedupe[k]; dup {
			if renamed == nil {
				renamed = map[string]string{}
			}
			renamed[s.ID] = id
			continue
		}
		d.dedupe[k] = s.ID
		kept = append(kept, s)
	}
	a.Spans = kept
	if renamed == nil {
		return
	}
	for i := range a.Rels {
		r := &a.Rels[i]
		if id, ok := renamed[r.Head]; ok {
			r.Head = id
		}
		if id, ok := renamed[r.Child]; ok {
			r.Child = id
		}
	}
}
