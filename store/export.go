package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spanmark/spanmark/annotate"
)

// ExportFilter selects what Export writes. Zero fields select everything.
// Statuses filters articles; the other fields filter spans.
type ExportFilter struct {
	Statuses  []annotate.Status
	Kind      annotate.Kind
	Labels    []string
	Annotator string
	Where     map[string]string // span attrs that must match
	Review    annotate.Review
	// IncludeSuggested keeps suggested spans (annotate.ReviewSuggested),
	// which are left out otherwise.
	IncludeSuggested bool
	// NoSpanText leaves Span.Text empty and the offsets unchecked, for a
	// caller that cuts the text at the offsets itself and checks them (the
	// codec writers do): it spares a walk over every article's text.
	NoSpanText bool
}

func (f *ExportFilter) filtersSpans() bool {
	return f.Kind != "" || len(f.Labels) > 0 || f.Annotator != "" || len(f.Where) > 0 || f.Review != ""
}

// Export streams articles ordered by id with their spans ordered by (start,
// end desc, id) and their relations, every span with its text (unless
// f.NoSpanText). Span filters
// drop spans (and the relations of dropped spans); an article left with no
// span is not written when a span filter is set. The *Article passed to
// emit is only valid during the call.
//
// All of it is read from one snapshot: edits committed meanwhile are not
// seen. Reading runs on a goroutine of its own, ahead of emit, and hands
// articles over in batches of exportBatch (see exportBatcher).
func (db *DB) Export(ctx context.Context, f ExportFilter, emit func(*annotate.Article) error) error {
	var claimDefaults map[string]string
	if len(f.Where) > 0 {
		// A claim without an attribute has the schema's default (verdict
		// "unverified"): --where verdict=unverified must find it.
		schema, err := db.ClaimSchema(ctx)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		for _, a := range schema {
			if a.Default != "" {
				if claimDefaults == nil {
					claimDefaults = map[string]string{}
				}
				claimDefaults[a.Name] = a.Default
			}
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	bt := newExportBatcher(ctx)
	errc := make(chan error, 1)
	go func() {
		defer close(bt.out)
		errc <- db.read(ctx, func(c *sql.Conn) error {
			return c.Raw(func(dc any) error {
				sc, err := asRawConn(dc)
				if err != nil {
					return err
				}
				if err := exportRead(ctx, cursors{c: sc, pg: db.pg}, &f, claimDefaults, bt); err != nil {
					return err
				}
				return bt.flush()
			})
		})
	}()
	for b := range bt.out {
		for i := range b.n {
			if err := emit(&b.arts[i]); err != nil {
				cancel()
				for range bt.out {
				}
				<-errc
				return err
			}
		}
		bt.free <- b
	}
	if err := <-errc; err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// exportRead merges three cursors on one connection, all in article id
// order: articles, their spans and their relations. It
// reads driver rows directly: database/sql's Scan costs more than SQLite.
func exportRead(ctx context.Context, c cursors, f *ExportFilter, claimDefaults map[string]string, bt *exportBatcher) error {
	var artWhere, spanWhere []string
	var artArgs, spanArgs []driver.NamedValue
	arg := func(args []driver.NamedValue, v driver.Value) []driver.NamedValue {
		return append(args, driver.NamedValue{Ordinal: len(args) + 1, Value: v})
	}
	if len(f.Statuses) > 0 {
		artWhere = append(artWhere, "a.status IN ("+placeholders(len(f.Statuses))+")")
		for _, s := range f.Statuses {
			artArgs = arg(artArgs, string(s))
		}
	}
	spanWhere = append(spanWhere, artWhere...)
	spanArgs = append(spanArgs, artArgs...)
	if f.Kind != "" {
		spanWhere = append(spanWhere, "s.kind = ?")
		spanArgs = arg(spanArgs, string(f.Kind))
	}
	if len(f.Labels) > 0 {
		spanWhere = append(spanWhere, "s.label IN ("+placeholders(len(f.Labels))+")")
		for _, l := range f.Labels {
			spanArgs = arg(spanArgs, l)
		}
	}
	if f.Annotator != "" {
		spanWhere = append(spanWhere, "s.annotator = ?")
		spanArgs = arg(spanArgs, f.Annotator)
	}
	if f.Review != "" {
		spanWhere = append(spanWhere, "s.review = ?")
		spanArgs = arg(spanArgs, string(f.Review))
	}
	if !f.IncludeSuggested && f.Review != annotate.ReviewSuggested {
		spanWhere = append(spanWhere, "s.review <> ?")
		spanArgs = arg(spanArgs, string(annotate.ReviewSuggested))
	}
	// The cursors run without ctx (bg): a context with Done makes the
	// driver take two more locks per row. ctx is checked per batch.
	arts, err := c.open("arts", `SELECT a.pk, a.id, a.text, a.meta, a.status, a.answer FROM articles a`+
		where(artWhere)+` ORDER BY a.id`, artArgs)
	if err != nil {
		return err
	}
	defer arts.Close()
	// spans in table order (article, span_id): no index lookup per span;
	// they are sorted per article below.
	spans, err := c.open("spans", `SELECT s.article, s.span_id, s.start, s."end", s.label, s.kind, s.annotator,
		s.review, s.reviewer, s.attrs, s.created, s.updated, s.reviewed
		FROM articles a JOIN spans s ON s.article = a.pk`+where(spanWhere)+` ORDER BY a.id, s.span_id`, spanArgs)
	if err != nil {
		return err
	}
	defer spans.Close()
	rels, err := c.open("rels", `SELECT r.article, r.head, r.child, r.label
		FROM articles a JOIN relations r ON r.article = a.pk`+where(artWhere)+` ORDER BY a.id, r.pk`, artArgs)
	if err != nil {
		return err
	}
	defer rels.Close()

	spanFilter := f.filtersSpans()
	sc := rawSpanCursor{rawRows: rawRows{rows: spans, row: make([]driver.Value, 13)}, where: f.Where, claimDefaults: claimDefaults}
	rc := rawRelCursor{rawRows{rows: rels, row: make([]driver.Value, 4)}}
	kept := map[string]bool{}
	row := make([]driver.Value, 6)
	for {
		if err := arts.Next(row); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		a, err := bt.slot()
		if err != nil {
			return err
		}
		pk, _ := row[0].(int64)
		a.ID, a.Text = asString(row[1]), asString(row[2])
		a.Meta = a.Meta[:0]
		if row[3] != nil {
			a.Meta = append(a.Meta, asString(row[3])...)
		} else {
			a.Meta = nil
		}
		a.Status, a.Answer = annotate.Status(asString(row[4])), asString(row[5])
		a.Spans = a.Spans[:0]
		a.Rels = a.Rels[:0]
		if err := sc.read(pk, a); err != nil {
			return err
		}
		if err := rc.read(pk, a); err != nil {
			return err
		}
		if spanFilter && len(a.Spans) == 0 {
			continue
		}
		if len(a.Spans) > 0 {
			slices.SortFunc(a.Spans, spanOrder)
			if !f.NoSpanText {
				if err := fillSpanText(a.ID, a.Text, a.Spans); err != nil {
					return err
				}
			}
		}
		if spanFilter && len(a.Rels) > 0 {
			clear(kept)
			for _, s := range a.Spans {
				kept[s.ID] = true
			}
			a.Rels = slices.DeleteFunc(a.Rels, func(r annotate.Relation) bool { return !kept[r.Head] || !kept[r.Child] })
		}
		if err := bt.put(); err != nil {
			return err
		}
	}
}

// rawSpanCursor reads the span rows of consecutive articles, one row ahead.
type rawSpanCursor struct {
	rawRows
	where         map[string]string
	claimDefaults map[string]string // attribute values of a claim that lacks them
}

// rawRows steps through driver rows whose first column is an article's
// key, in the articles' order, one row ahead: next gives the rows of one
// article and leaves a later article's row for its turn.
type rawRows struct {
	rows    driver.Rows
	row     []driver.Value
	pending bool // row holds an unread row
	done    bool
}

// next reads the next row of article pk into r.row; false when the rows of
// pk are over.
func (r *rawRows) next(pk int64) (bool, error) {
	if !r.pending {
		if r.done {
			return false, nil
		}
		if err := r.rows.Next(r.row); err == io.EOF {
			r.done = true
			return false, nil
		} else if err != nil {
			return false, err
		}
		r.pending = true
	}
	if article, _ := r.row[0].(int64); article != pk {
		return false, nil // a later article's row
	}
	r.pending = false
	return true, nil
}

func (sc *rawSpanCursor) read(pk int64, a *annotate.Article) error {
	for {
		if ok, err := sc.next(pk); !ok {
			return err
		}
		r := sc.row
		var attrs map[string]string
		if r[9] != nil {
			if err := json.Unmarshal([]byte(asString(r[9])), &attrs); err != nil {
				return fmt.Errorf("article %s span %s: attrs: %w", a.ID, asString(r[1]), err)
			}
		}
		var defaults map[string]string
		if annotate.Kind(asString(r[5])) == annotate.KindClaim {
			defaults = sc.claimDefaults
		}
		if !attrsMatch(attrs, sc.where, defaults) {
			continue
		}
		start, _ := r[2].(int64)
		end, _ := r[3].(int64)
		created, _ := r[10].(int64)
		updated, _ := r[11].(int64)
		reviewed, _ := r[12].(int64)
		a.Spans = append(a.Spans, annotate.Span{
			ID: asString(r[1]), Start: int(start), End: int(end), Label: asString(r[4]),
			Kind: annotate.Kind(asString(r[5])), Annotator: asString(r[6]), Review: annotate.Review(asString(r[7])),
			Reviewer: asString(r[8]), Reviewed: fromMillis(reviewed), Attrs: attrs, Created: fromMillis(created), Updated: fromMillis(updated),
		})
	}
}

// rawRelCursor reads the relation rows of consecutive articles, one row ahead.
type rawRelCursor struct{ rawRows }

func (rc *rawRelCursor) read(pk int64, a *annotate.Article) error {
	for {
		if ok, err := rc.next(pk); !ok {
			return err
		}
		a.Rels = append(a.Rels, annotate.Relation{Head: asString(rc.row[1]), Child: asString(rc.row[2]), Label: asString(rc.row[3])})
	}
}

// spanOrder is the export order: start, longer first, id.
func spanOrder(x, y annotate.Span) int {
	switch {
	case x.Start != y.Start:
		return x.Start - y.Start
	case x.End != y.End:
		return y.End - x.End
	}
	return strings.Compare(x.ID, y.ID)
}

// spanCursor reads the span rows of consecutive articles, one row ahead.
type spanCursor struct {
	rows    *sql.Rows
	where   map[string]string
	pending bool // row holds an unread span
	done    bool
	article int64
	row     annotate.Span
}

func (sc *spanCursor) read(pk int64, a *annotate.Article) error {
	for {
		if !sc.pending {
			if sc.done || !sc.rows.Next() {
				sc.done = true
				return nil
			}
			if err := sc.scan(); err != nil {
				return err
			}
			sc.pending = true
		}
		if sc.article != pk {
			return nil // a later article's span
		}
		sc.pending = false
		if !attrsMatch(sc.row.Attrs, sc.where, nil) {
			continue
		}
		a.Spans = append(a.Spans, sc.row)
	}
}

func (sc *spanCursor) scan() error {
	var kind, review string
	var attrs sql.NullString
	var created, updated, reviewed int64
	s := &sc.row
	if err := sc.rows.Scan(&sc.article, &s.ID, &s.Start, &s.End, &s.Label, &kind, &s.Annotator,
		&review, &s.Reviewer, &attrs, &created, &updated, &reviewed); err != nil {
		return err
	}
	s.Kind, s.Review = annotate.Kind(kind), annotate.Review(review)
	s.Created, s.Updated, s.Reviewed = fromMillis(created), fromMillis(updated), fromMillis(reviewed)
	s.Text = ""
	s.Attrs = nil
	if attrs.Valid {
		if err := json.Unmarshal([]byte(attrs.String), &s.Attrs); err != nil {
			return fmt.Errorf("span %s: attrs: %w", s.ID, err)
		}
	}
	return nil
}

// attrsMatch reports whether attrs hold every value of where; an attribute
// attrs lack has its value in defaults, if any.
func attrsMatch(attrs, where, defaults map[string]string) bool {
	for k, v := range where {
		got, ok := attrs[k]
		if !ok {
			got, ok = defaults[k]
		}
		if !ok || got != v {
			return false
		}
	}
	return true
}

// relCursor reads the relation rows of consecutive articles, one row ahead.
type relCursor struct {
	rows    *sql.Rows
	pending bool
	done    bool
	article int64
	row     annotate.Relation
}

func (rc *relCursor) read(pk int64, a *annotate.Article) error {
	for {
		if !rc.pending {
			if rc.done || !rc.rows.Next() {
				rc.done = true
				return nil
			}
			if err := rc.rows.Scan(&rc.article, &rc.row.Head, &rc.row.Child, &rc.row.Label); err != nil {
				return err
			}
			rc.pending = true
		}
		if rc.article != pk {
			return nil
		}
		rc.pending = false
		a.Rels = append(a.Rels, rc.row)
	}
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func where(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}
