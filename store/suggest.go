package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"

	"github.com/spanmark/spanmark/annotate"
)

// SuggestOptions say where to look for what.
type SuggestOptions struct {
	Matcher    *annotate.Matcher
	ArticleIDs []string // nil: every article
	Annotator  string   // of the suggested spans ("" is "patterns")
	// Progress (may be nil) gets articles done of all, now and then, on
	// the goroutine that called Suggest.
	Progress func(done, total int)
	// Record keeps each added span as a change in the result (for undo).
	Record bool
}

// SuggestResult counts what Suggest did.
type SuggestResult struct {
	Articles  int               // articles looked at
	Spans     int               // suggested spans added
	NewLabels []string          // labels the patterns named that the set did not have
	Added     []annotate.Change // with Record: one ChangeAddSpan per span added
}

// Suggest adds the matches of opt.Matcher in the articles as suggested
// spans (review "suggested"), in one transaction: all or, on error or
// cancel, nothing. No span is suggested where one with the same start, end
// and label is (any annotator, any review: a rejected suggestion is not
// made again), so running the same patterns twice adds nothing. A label the
// set lacks is added, as import does.
//
// The matcher runs on one goroutine per CPU, ahead of the one that reads
// and writes the database (on the driver's connection, as import does).
//
// On PostgreSQL the transaction first locks the spans against other
// writers (SHARE ROW EXCLUSIVE: readers go on), as SQLite's BEGIN
// IMMEDIATE does, so that the span ids it hands out stay free; it reads
// the spans of a batch of articles in one query and writes the suggestions
// with COPY. The result, span ids included, is SQLite's.
func (db *DB) Suggest(ctx context.Context, opt SuggestOptions) (SuggestResult, error) {
	var res SuggestResult
	if db.readOnly {
		return res, fmt.Errorf("suggest: %w", db.errReadOnly())
	}
	sg := &suggester{opt: opt, who: opt.Annotator, res: &res, pg: db.pg, rls: db.team && db.role != RoleAdmin}
	if sg.who == "" {
		sg.who = "patterns"
	}
	err := db.writeRaw(ctx, func(c rawConn) error {
		sg.c = c
		defer sg.close()
		return sg.run(ctx)
	})
	if err != nil {
		return SuggestResult{}, fmt.Errorf("suggest: %w", err)
	}
	return res, nil
}

// suggester is one Suggest transaction.
type suggester struct {
	opt  SuggestOptions
	who  string
	res  *SuggestResult
	c    rawConn
	pg   bool
	rls  bool // PostgreSQL: row-level security holds the user (team.sql), who may not COPY
	now  int64
	stmt struct{ art, keys *rawStmt }
	ins  spanWriter
	// PostgreSQL: the spans of the batch's articles with matches, by pk
	// (suggestKeysPG)
	batchKeys map[int64][]heldKey

	labels    []annotate.Label // the set before this run
	kinds     map[string]annotate.Kind
	newLabels []annotate.Label
	have      map[suggestKey]bool // span keys of the article at hand
	row       []driver.Value
	id        []byte
}

type suggestKey struct {
	start, end int
	label      string
}

// heldKey is a span's id and suggestKey.
type heldKey struct {
	id string
	k  suggestKey
}

// spanWriter takes the suggested spans (article pk, span id, start, end,
// label, kind): rowInserter on SQLite, suggestCopy on PostgreSQL.
type spanWriter interface {
	add(vals ...driver.Value) error
	flush() error
	close()
}

// suggestArticle is an article handed to the matchers and back.
type suggestArticle struct {
	pk       int64
	id       string
	text     string
	lastSpan int // articles.last_span: no new id at or below it
	matches  []annotate.Match
}

// suggestBatch is up to suggestBatchSize articles; done says the matchers
// are through with it.
type suggestBatch struct {
	arts []suggestArticle
	done chan struct{}
}

const suggestBatchSize = 32

func (sg *suggester) close() {
	for _, s := range []*rawStmt{sg.stmt.art, sg.stmt.keys} {
		if s != nil {
			s.st.Close()
		}
	}
	if sg.ins != nil {
		sg.ins.close()
	}
}

func (sg *suggester) prepare(st **rawStmt, query string) error {
	s, err := sg.c.Prepare(query)
	if err != nil {
		return err
	}
	*st = &rawStmt{st: s}
	return nil
}

func (sg *suggester) run(ctx context.Context) error {
	var err error
	if sg.labels, err = loadLabelsRaw(sg.c); err != nil {
		return err
	}
	sg.kinds = make(map[string]annotate.Kind, len(sg.labels))
	for _, l := range sg.labels {
		sg.kinds[l.Name] = l.Kind
	}
	sg.have = map[suggestKey]bool{}
	sg.row = make([]driver.Value, 4)
	sg.now = now()
	if sg.pg {
		if sg.ins, err = sg.startPG(); err != nil {
			return err
		}
	} else {
		if err := sg.prepare(&sg.stmt.keys, `SELECT span_id, start, "end", label FROM spans WHERE article = ?`); err != nil {
			return err
		}
		// a suggested span: article, span id, start, end, label, kind; the
		// annotator (?1) and the time (?2) are the same for all
		sg.ins = newRowInserter(sg.c, `INSERT INTO spans(article, span_id, start, "end", label, kind, annotator, review, created, updated) VALUES `,
			`(#, #, #, #, #, #, ?1, '`+string(annotate.ReviewSuggested)+`', ?2, ?2)`, sg.who, sg.now)
	}
	src, total, err := sg.articles()
	if err != nil {
		return err
	}
	defer src.close()
	var spans int // span rows before this run, when it looks at every article
	if sg.opt.ArticleIDs == nil {
		if spans, err = rawInt(sg.c, `SELECT count(*) FROM spans`); err != nil {
			return err
		}
	}
	var rebuild []string // the filter indexes to make again, once dropped
	dropped := false

	// The matchers: one goroutine per CPU, each with a Finder of its own,
	// working on the batches in flight; the batches come back in order.
	workers := runtime.GOMAXPROCS(0)
	work := make(chan *suggestBatch)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := sg.opt.Matcher.NewFinder()
			for b := range work {
				for i := range b.arts {
					a := &b.arts[i]
					a.matches = append(a.matches[:0], f.Find(a.text)...)
				}
				b.done <- struct{}{}
			}
		}()
	}
	inFlight := make([]*suggestBatch, 0, 2*workers)
	free := make([]*suggestBatch, 0, 2*workers)
	for range 2 * workers {
		free = append(free, &suggestBatch{done: make(chan struct{}, 1)})
	}
	defer func() {
		close(work)
		wg.Wait()
	}()

	done, more := 0, true
	for {
		for more && len(free) > 0 {
			b := free[len(free)-1]
			free = free[:len(free)-1]
			if more, err = src.fill(b); err != nil {
				return err
			}
			if len(b.arts) == 0 {
				free = append(free, b)
				break
			}
			work <- b
			inFlight = append(inFlight, b)
		}
		if len(inFlight) == 0 {
			break
		}
		b := inFlight[0]
		inFlight = inFlight[1:]
		<-b.done
		if sg.pg {
			if err := sg.batchKeysPG(b); err != nil {
				return err
			}
		}
		for i := range b.arts {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := sg.article(&b.arts[i]); err != nil {
				return err
			}
			done++
			if sg.opt.Progress != nil && done%200 == 0 {
				sg.opt.Progress(done, total)
			}
		}
		free = append(free, b)
		// Between batches no statement is open. The window's indexes of
		// the spans by label and by annotator cost more kept up row by
		// row than made again at the end once the run adds more than half
		// as many spans as there were (20k articles, 242,404 spans: 0.16 s
		// less CPU; made again for nothing: 0.2 s more), so they go when
		// the first twentieth of the articles says so.
		// (SQLite only: on PostgreSQL dropping an index locks out every
		// reader of the team.)
		if !sg.pg && !dropped && sg.opt.ArticleIDs == nil && done >= max(total/20, 256) && sg.res.Spans*total/done > spans/2 {
			dropped = true
			if rebuild, err = dropFilterIndexes(sg.c); err != nil {
				return err
			}
		}
	}
	if err := sg.ins.flush(); err != nil {
		return err
	}
	if sg.opt.Progress != nil {
		sg.opt.Progress(done, total)
	}
	for _, l := range sg.newLabels {
		sg.res.NewLabels = append(sg.res.NewLabels, l.Name)
	}
	annotate.FillKeysAndColors(sg.labels, sg.newLabels)
	if err := insertLabelsRaw(sg.c, sg.newLabels); err != nil {
		return err
	}
	for _, q := range rebuild {
		if _, err := sg.c.ExecContext(bg, q, nil); err != nil {
			return err
		}
	}
	return nil
}

// article inserts the matches of a that no span of a has.
func (sg *suggester) article(a *suggestArticle) error {
	sg.res.Articles++
	if len(a.matches) == 0 {
		return nil
	}
	next, err := sg.keys(a)
	if err != nil {
		return fmt.Errorf("article %s: %w", a.id, err)
	}
	for _, m := range a.matches {
		k := suggestKey{m.Start, m.End, m.Label}
		if sg.have[k] {
			continue
		}
		sg.have[k] = true
		kind, ok := sg.kinds[m.Label]
		if !ok {
			kind = annotate.KindEntity
			sg.kinds[m.Label] = kind
			sg.newLabels = append(sg.newLabels, annotate.Label{Name: m.Label, Kind: kind, Color: annotate.ColorFor(m.Label)})
		}
		sg.id = strconv.AppendInt(append(sg.id[:0], 's'), int64(next), 10)
		id := string(sg.id)
		next++
		if err := sg.ins.add(a.pk, id, int64(m.Start), int64(m.End), m.Label, string(kind)); err != nil {
			return err // a constraint cannot fail here: the disk, or SQLite
		}
		sg.res.Spans++
		if sg.opt.Record {
			t := fromMillis(sg.now)
			sg.res.Added = append(sg.res.Added, annotate.Change{Kind: annotate.ChangeAddSpan, ArticleID: a.id, Span: annotate.Span{
				ID: id, Start: m.Start, End: m.End, Label: m.Label, Kind: kind,
				Annotator: sg.who, Review: annotate.ReviewSuggested, Created: t, Updated: t}})
		}
	}
	return nil
}

// keys reads the (start, end, label) of the spans of article a into
// sg.have and returns the number of the next free span id "sN" (as
// nextSpanID gives: above the article's spans and its last_span).
func (sg *suggester) keys(a *suggestArticle) (int, error) {
	clear(sg.have)
	pk := a.pk
	if sg.pg {
		top := a.lastSpan
		for _, sk := range sg.batchKeys[pk] {
			top = sg.learn(sk.id, sk.k, top)
		}
		return top + 1, nil
	}
	rows, err := sg.stmt.keys.query(pk)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	top := a.lastSpan
	row := sg.row[:4]
	for {
		err := rows.Next(row)
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
		start, _ := row[1].(int64)
		end, _ := row[2].(int64)
		top = sg.learn(asString(row[0]), suggestKey{int(start), int(end), asString(row[3])}, top)
	}
	return top + 1, nil
}

// learn notes a span of the article at hand: its key in sg.have, and the
// greater of top and its number when its id is "sN".
func (sg *suggester) learn(id string, k suggestKey, top int) int {
	sg.have[k] = true
	if n, ok := spanNumber(id); ok && n > top {
		return n
	}
	return top
}

// suggestSource hands out the articles to look at, in batches.
type suggestSource struct {
	sg   *suggester
	ids  []string    // the articles asked for (nil: rows)
	rows driver.Rows // every article, by id: the batch being read (PostgreSQL: a cursor over all)
	pg   bool        // rows is the one cursor of the run
	last string      // id of the last article read
	done bool        // every article read
	row  []driver.Value
}

// articles opens the source of the articles asked for and counts them.
func (sg *suggester) articles() (*suggestSource, int, error) {
	src := &suggestSource{sg: sg, row: make([]driver.Value, 4)}
	if sg.opt.ArticleIDs != nil {
		// each once: the keys of an article are read before its
		// suggestions are inserted (rowInserter keeps them a while)
		seen := make(map[string]bool, len(sg.opt.ArticleIDs))
		src.ids = []string{}
		for _, id := range sg.opt.ArticleIDs {
			if !seen[id] {
				seen[id] = true
				src.ids = append(src.ids, id)
			}
		}
		return src, len(src.ids), sg.prepare(&sg.stmt.art, `SELECT pk, text, last_span FROM articles WHERE id = ?`)
	}
	total, err := rawInt(sg.c, `SELECT count(*) FROM articles`)
	if err != nil {
		return nil, 0, err
	}
	if sg.pg {
		// a server-side cursor, fetched 2,000 rows at a time: between
		// fetches the connection is free for the spans' reads and COPY
		src.pg = true
		src.rows, err = cursors{c: sg.c, pg: true}.open("suggest_articles", `SELECT pk, id, text, last_span FROM articles ORDER BY id`, nil)
		return src, total, err
	}
	// a batch a query, after the last id: no statement stays open between
	// batches, so that the filter indexes can be dropped (dropFilterIndexes)
	return src, total, sg.prepare(&sg.stmt.art, `SELECT pk, id, text, last_span FROM articles WHERE id > ? ORDER BY id LIMIT `+strconv.Itoa(suggestBatchSize))
}

// fill refills b with the next articles; false when there are no more.
func (src *suggestSource) fill(b *suggestBatch) (bool, error) {
	b.arts = b.arts[:0]
	if src.ids == nil && src.done {
		return false, nil
	}
	if src.ids == nil && !src.pg {
		var err error
		if src.rows, err = src.sg.stmt.art.query(src.last); err != nil {
			return false, err
		}
		defer src.close()
	}
	for len(b.arts) < suggestBatchSize {
		var a suggestArticle
		if src.ids != nil {
			if len(src.ids) == 0 {
				return false, nil
			}
			a.id, src.ids = src.ids[0], src.ids[1:]
			row := src.row[:3]
			ok, err := src.sg.stmt.art.queryRow(row, a.id)
			if err != nil {
				return false, err
			}
			if !ok {
				return false, fmt.Errorf("article %s: %w", a.id, ErrNotFound)
			}
			a.pk, _ = row[0].(int64)
			a.text = asString(row[1])
			last, _ := row[2].(int64)
			a.lastSpan = int(last)
		} else {
			row := src.row[:4]
			err := src.rows.Next(row)
			if err == io.EOF {
				src.done = true
				src.close()
				return len(b.arts) > 0, nil
			}
			if err != nil {
				return false, err
			}
			a.pk, _ = row[0].(int64)
			a.id, a.text = asString(row[1]), asString(row[2])
			last, _ := row[3].(int64)
			a.lastSpan = int(last)
			src.last = a.id
		}
		if len(b.arts) < cap(b.arts) {
			a.matches = b.arts[:len(b.arts)+1][len(b.arts)].matches[:0] // reuse its buffer
		}
		b.arts = append(b.arts, a)
	}
	return true, nil
}

func (src *suggestSource) close() {
	if src.rows != nil {
		src.rows.Close()
		src.rows = nil
	}
}
