package store

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/spanmark/spanmark/annotate"
)

// importer holds the prepared statements of one import transaction.
type importer struct {
	insArticle, selArticle, insSpan, selSpans, insRel, updArticle, delRels, delSpans, updReview *rawStmt
	// the common span (no review, attributes or times of its own), 64 a
	// statement; flushed before anything reads or changes the spans
	plainSpans *rowInserter
	warn       func(msg string) // about the record being stored; may be nil
	// scratch for merges, reused
	ids      map[string]string    // incoming span id → stored span id
	exist    map[spanKey]heldSpan // stored spans of the article
	used     map[string]bool      // span ids of the article in the database
	reserved map[string]bool      // span ids of the incoming article
	row      []driver.Value
	pg       bool // PostgreSQL: insArticle returns the new pk (no LastInsertId)
}

// heldSpan is a span of the article in the database.
type heldSpan struct {
	id     string
	review annotate.Review
}

type spanKey struct {
	start, end             int
	label, kind, annotator string
}

func prepareImport(c rawConn, pg bool) (*importer, error) {
	returning := ""
	if pg {
		returning = " RETURNING pk"
	}
	im := &importer{
		pg:       pg,
		ids:      map[string]string{},
		exist:    map[spanKey]heldSpan{},
		used:     map[string]bool{},
		reserved: map[string]bool{},
		row:      make([]driver.Value, 8),
	}
	stmts := []struct {
		s   **rawStmt
		sql string
	}{
		{&im.insArticle, `INSERT INTO articles(id, text, meta, status, answer, created, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING` + returning},
		{&im.selArticle, `SELECT pk, text, last_span FROM articles WHERE id = ?`},
		{&im.insSpan, `INSERT INTO spans(article, span_id, start, "end", label, kind, annotator, review, reviewer, attrs, created, updated, reviewed)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&im.selSpans, `SELECT span_id, start, "end", label, kind, annotator, review FROM spans WHERE article = ?`},
		{&im.updReview, `UPDATE spans SET review = ?, reviewer = ?, reviewed = ?, updated = ? WHERE article = ? AND span_id = ?`},
		{&im.insRel, `INSERT INTO relations(article, head, child, label) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`},
		{&im.updArticle, `UPDATE articles SET text = ?, meta = ?, status = ?, answer = ?, updated = ? WHERE pk = ?`},
		{&im.delRels, `DELETE FROM relations WHERE article = ?`},
		{&im.delSpans, `DELETE FROM spans WHERE article = ?`},
	}
	im.plainSpans = newRowInserter(c, `INSERT INTO spans(article, span_id, start, "end", label, kind, annotator, created, updated) VALUES `,
		`(#, #, #, #, #, #, #, #, #)`)
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
	im.plainSpans.close()
	for _, s := range []*rawStmt{im.insArticle, im.selArticle, im.insSpan, im.selSpans, im.insRel, im.updArticle, im.delRels, im.delSpans, im.updReview} {
		if s != nil && s.st != nil {
			s.st.Close()
			s.st = nil
		}
	}
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

// article stores one validated record.
func (im *importer) article(it *importItem, replace bool, stamp int64, res *ImportResult) error {
	a := &it.a
	pk, inserted, err := im.insertArticle(a, stamp)
	if err != nil {
		return fmt.Errorf("article %s: %w", a.ID, err)
	}
	if inserted {
		res.NewArticles++
		return im.insertAll(pk, a, stamp, res)
	}
	if err := im.plainSpans.flush(); err != nil { // the article may be of this import
		return fmt.Errorf("article %s: %w", a.ID, err)
	}
	row := im.row[:3]
	if ok, err := im.selArticle.queryRow(row, a.ID); !ok {
		return fmt.Errorf("article %s: lookup after conflict: %v", a.ID, err)
	}
	pk, _ = row[0].(int64)
	text := asString(row[1])
	last, _ := row[2].(int64)
	if text != a.Text {
		if !replace {
			return fmt.Errorf("article %s exists with different text (use --replace)", a.ID)
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
	return im.merge(pk, int(last), a, stamp, res)
}

// insertArticle inserts a unless its id is taken; it returns the new
// article's pk.
func (im *importer) insertArticle(a *annotate.Article, stamp int64) (int64, bool, error) {
	vals := []driver.Value{a.ID, a.Text, nullJSON(a.Meta), string(a.Status), a.Answer, stamp, stamp}
	if im.pg {
		row := im.row[:1]
		ok, err := im.insArticle.queryRow(row, vals...)
		pk, _ := row[0].(int64)
		return pk, ok, err
	}
	r, err := im.insArticle.exec(vals...)
	if err != nil {
		return 0, false, err
	}
	if n, _ := r.RowsAffected(); n != 1 {
		return 0, false, nil
	}
	pk, err := r.LastInsertId()
	return pk, err == nil, err
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
	if s.Review == "" && s.Reviewer == "" && s.Reviewed.IsZero() && attrs == nil && created == updated {
		// the common case, with four parameters (cgo calls) less
		err = im.plainSpans.add(pk, s.ID, int64(s.Start), int64(s.End), s.Label, string(s.Kind), s.Annotator, created, created)
	} else {
		_, err = im.insSpan.exec(pk, s.ID, int64(s.Start), int64(s.End), s.Label, string(s.Kind), s.Annotator,
			string(s.Review), s.Reviewer, attrs, created, updated, toMillis(s.Reviewed))
	}
	if err != nil {
		return fmt.Errorf("span %s %d-%d: %w", s.ID, s.Start, s.End, err)
	}
	return nil
}

func (im *importer) insertRels(pk int64, a *annotate.Article, res *ImportResult) error {
	if len(a.Rels) > 0 {
		// the spans first: PostgreSQL checks a relation's spans at once
		if err := im.plainSpans.flush(); err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
	}
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
// does not hold yet, renaming span ids taken by different spans to ids
// above last (articles.last_span: no id of a deleted span is given again).
func (im *importer) merge(pk int64, last int, a *annotate.Article, stamp int64, res *ImportResult) error {
	clear(im.ids)
	clear(im.exist)
	clear(im.used)
	rows, err := im.selSpans.query(pk)
	if err != nil {
		return fmt.Errorf("article %s: %w", a.ID, err)
	}
	row := im.row[:7]
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
		im.exist[spanKey{int(start), int(end), asString(row[3]), asString(row[4]), asString(row[5])}] = heldSpan{id, annotate.Review(asString(row[6]))}
		im.used[id] = true
	}
	rows.Close()
	clear(im.reserved)
	for _, s := range a.Spans {
		im.reserved[s.ID] = true
	}
	n := last
	for i := range a.Spans {
		s := &a.Spans[i]
		k := spanKey{s.Start, s.End, s.Label, string(s.Kind), s.Annotator}
		if held, ok := im.exist[k]; ok {
			im.ids[s.ID] = held.id
			if s.Review != annotate.ReviewNone && s.Review != held.review {
				if err := im.takeReview(pk, held, s, stamp); err != nil {
					return err
				}
				im.exist[k] = heldSpan{held.id, s.Review}
			}
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
		im.exist[k] = heldSpan{id, s.Review}
	}
	return im.insertRels(pk, a, res)
}

// takeReview gives the stored span held the review decision of the
// identical incoming span s: the later decision wins. Replacing another
// decision is worth a warning; deciding an undecided span is not.
func (im *importer) takeReview(pk int64, held heldSpan, s *annotate.Span, stamp int64) error {
	if _, err := im.updReview.exec(string(s.Review), s.Reviewer, toMillis(s.Reviewed), stamp, pk, held.id); err != nil {
		return fmt.Errorf("span %s %d-%d: review: %w", held.id, s.Start, s.End, err)
	}
	if held.review != annotate.ReviewNone && im.warn != nil {
		who := ""
		if s.Reviewer != "" {
			who = " by " + s.Reviewer
		}
		im.warn(fmt.Sprintf("span %d-%d %s: %s%s replaces %s of an earlier record (the later wins; name annotators, e.g. Prodigy's _annotator_id, to keep both)",
			s.Start, s.End, s.Label, s.Review, who, held.review))
	}
	return nil
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
