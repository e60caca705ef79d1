package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spanmark/spanmark/annotate"
)

// ArticleFilter selects articles for the window's list. Zero fields select
// everything; Limit 0 means no limit.
type ArticleFilter struct {
	Query     string // a full-text search of the text (Search's syntax), or a substring of the id
	Status    annotate.Status
	Label     string // articles with at least one span of this label
	Annotator string // articles with at least one span by this annotator
	// CheckWorthy selects articles with at least one claim whose
	// checkworthy attribute is "yes".
	CheckWorthy bool
	// AssignedTo selects the articles assigned to this annotator (Assign).
	AssignedTo string
	Limit      int
	// After and Offset page through the articles in id order (not with a
	// Query): After lists those after this id (the next page after one
	// read, from the index), Offset skips that many first (a page far
	// from any read: the skipped ones are still walked).
	After  string
	Offset int
}

// ArticleSummary is one row of the article list.
type ArticleSummary struct {
	ID      string
	Status  annotate.Status
	Spans   int
	Snippet string // with a Query: the text around the best match (marks as in Search)
}

// spanCount is an article's span count as a column of the article list.
const spanCount = `(SELECT count(*) FROM spans s WHERE s.article = a.pk)`

// conds is the WHERE conditions of f on articles a (not its Query), with
// their arguments. The label and annotator conditions are answered from
// the spans_label and spans_annotator indexes.
func (f ArticleFilter) conds(pg bool) ([]string, []any) {
	var conds []string
	var args []any
	if f.Status != "" {
		conds = append(conds, "a.status = ?")
		args = append(args, string(f.Status))
	}
	if f.Label != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM spans s WHERE s.article = a.pk AND s.label = ?)")
		args = append(args, f.Label)
	}
	if f.Annotator != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM spans s WHERE s.article = a.pk AND s.annotator = ?)")
		args = append(args, f.Annotator)
	}
	if f.AssignedTo != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM assignments s WHERE s.article = a.pk AND s.annotator = ?)")
		args = append(args, f.AssignedTo)
	}
	if f.CheckWorthy {
		attr := `json_extract(s.attrs, '$.checkworthy')`
		if pg {
			attr = `(s.attrs::jsonb ->> 'checkworthy')`
		}
		conds = append(conds, `EXISTS (SELECT 1 FROM spans s WHERE s.article = a.pk AND s.kind = 'claim'
			AND `+attr+` = 'yes')`)
	}
	return conds, args
}

// ListArticles returns the articles that match f, ordered by id (with a
// Query: best match first, then the ids that hold it).
func (db *DB) ListArticles(ctx context.Context, f ArticleFilter) ([]ArticleSummary, error) {
	conds, args := f.conds(db.pg)
	q := strings.TrimSpace(f.Query)
	if q == "" {
		if f.After != "" {
			conds = append(conds, "a.id > ?")
			args = append(args, f.After)
		}
		return db.listArticles(ctx, "", `SELECT a.id, a.status, `+spanCount+`, ''
			FROM articles a`+where(conds)+` ORDER BY a.id LIMIT ? OFFSET ?`, append(args, db.limitOf(f), max(f.Offset, 0))...)
	}
	// Full-text matches, best first, then articles whose id holds q. (Two
	// queries: joined into one, SQLite ran the match once per article.)
	pat := "%" + likeEscaper.Replace(q) + "%"
	var list []ArticleSummary
	var err error
	if db.pg {
		list, err = db.listSearchPG(ctx, q, conds, args, db.limitOf(f))
	} else {
		list, err = db.listSearch(ctx, q, conds, args, db.limitOf(f))
	}
	like := "LIKE" // SQLite's ignores the case of ASCII letters
	if db.pg {
		like = "ILIKE"
	}
	textCond := ""
	if errors.Is(err, ErrBadQuery) { // what FTS5 cannot read is looked for as a substring
		textCond, err = ` OR a.text `+like+` ? ESCAPE '\'`, nil
		args = append(args, pat)
	}
	if err != nil {
		return nil, err
	}
	byID, err := db.listArticles(ctx, "", `SELECT a.id, a.status, `+spanCount+`, '' FROM articles a`+
		where(append(conds, `(a.id `+like+` ? ESCAPE '\'`+textCond+`)`))+` ORDER BY a.id LIMIT ?`,
		append(append(args[:len(args):len(args)], pat), db.limitOf(f))...)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(list))
	for _, r := range list {
		seen[r.ID] = true
	}
	for _, r := range byID {
		if !seen[r.ID] && (f.Limit <= 0 || len(list) < f.Limit) {
			list = append(list, r)
		}
	}
	return list, nil
}

// CountArticles returns how many articles f selects (its Query, Limit,
// After and Offset aside: the window counts the lists it pages) and, for
// article at (unless ""), where it stands among them in id order (0 first)
// and whether f selects it: one walk of the index.
func (db *DB) CountArticles(ctx context.Context, f ArticleFilter, at string) (n, pos int, listed bool, err error) {
	conds, args := f.conds(db.pg)
	query := `SELECT count(*), coalesce(sum(a.id < ?1), 0), coalesce(max(a.id = ?1), 0)`
	if db.pg {
		query = `SELECT count(*), count(*) FILTER (WHERE a.id < ?1), coalesce(bool_or(a.id = ?1), false)`
	}
	err = db.db.QueryRowContext(ctx, query+`
		FROM articles a`+where(conds), append([]any{at}, args...)...).Scan(&n, &pos, &listed)
	if err != nil {
		return 0, 0, false, fmt.Errorf("count articles: %w", err)
	}
	if !listed {
		pos = 0
	}
	return n, pos, listed, nil
}

// spanConds is the WHERE conditions on spans s of sf, with their
// arguments.
func spanConds(sf annotate.SpanFilter) ([]string, []any) {
	var conds []string
	var args []any
	for _, c := range []struct{ col, val string }{{"s.label", sf.Label}, {"s.kind", string(sf.Kind)}, {"s.annotator", sf.Annotator}} {
		if c.val != "" {
			conds = append(conds, c.col+" = ?")
			args = append(args, c.val)
		}
	}
	if sf.Pending {
		conds = append(conds, "s.review IN (?, ?)")
		args = append(args, string(annotate.ReviewNone), string(annotate.ReviewSuggested))
	}
	return conds, args
}

// NextArticleWithSpan returns the first article after id after in id
// order (before it when backwards; "" starts at the beginning, or the end)
// that f selects (its Query, Limit, After and Offset aside) and that has a
// span sf matches: where review mode goes next. The error wraps
// ErrNotFound when there is none; it does not wrap around.
func (db *DB) NextArticleWithSpan(ctx context.Context, f ArticleFilter, sf annotate.SpanFilter, after string, backwards bool) (string, error) {
	conds, args := f.conds(db.pg)
	sc, sargs := spanConds(sf)
	conds = append(conds, "EXISTS (SELECT 1 FROM spans s"+where(append([]string{"s.article = a.pk"}, sc...))+")")
	args = append(args, sargs...)
	order := "a.id"
	if after != "" {
		conds = append(conds, "a.id > ?")
		args = append(args, after)
	}
	if backwards {
		order = "a.id DESC"
		if after != "" {
			conds[len(conds)-1] = "a.id < ?"
		}
	}
	var id string
	err := db.db.QueryRowContext(ctx, `SELECT a.id FROM articles a`+where(conds)+` ORDER BY `+order+` LIMIT 1`, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("find the next article with %s: %w", sf, err)
	}
	return id, nil
}

// ArticlesWithSpan returns which of the articles ids have a span sf
// matches (review mode over a list of search hits).
func (db *DB) ArticlesWithSpan(ctx context.Context, ids []string, sf annotate.SpanFilter) (map[string]bool, error) {
	has := make(map[string]bool)
	if len(ids) == 0 {
		return has, nil
	}
	sc, sargs := spanConds(sf)
	args := make([]any, 0, len(ids)+len(sargs))
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT a.id FROM articles a WHERE a.id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)
		AND EXISTS (SELECT 1 FROM spans s`+where(append([]string{"s.article = a.pk"}, sc...))+`)`, append(args, sargs...)...)
	if err != nil {
		return nil, fmt.Errorf("find articles with %s: %w", sf, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("find articles with %s: %w", sf, err)
		}
		has[id] = true
	}
	return has, rows.Err()
}

// listSearch is the full-text part of ListArticles on SQLite: the
// articles that match q and conds, best first.
func (db *DB) listSearch(ctx context.Context, q string, conds []string, args []any, limit any) ([]ArticleSummary, error) {
	if err := db.IndexSearch(ctx, nil); err != nil {
		return nil, err
	}
	ftsq := FTSQuery(q)
	last, err := db.lastRanked(ctx, q, ftsq)
	if err != nil {
		return nil, err
	}
	return db.listArticles(ctx, q, `SELECT a.id, a.status, `+spanCount+`,
		snippet(articles_fts, 0, '`+MarkOpen+`', '`+MarkClose+`', '…', 10)
		FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid`+
		where(append([]string{"articles_fts MATCH ?", "articles_fts.rowid <= ?"}, conds...))+` ORDER BY rank LIMIT ?`,
		append(append([]any{ftsq, last}, args...), limit)...)
}

// limitOf is the LIMIT of f: no limit is -1 on SQLite, NULL on PostgreSQL.
func (db *DB) limitOf(f ArticleFilter) any {
	switch {
	case f.Limit > 0:
		return f.Limit
	case db.pg:
		return nil
	}
	return -1
}

// listArticles runs query, a list of articles for search (what was typed:
// an error of its FTS5 query wraps ErrBadQuery; "" for a list without one).
func (db *DB) listArticles(ctx context.Context, search, query string, args ...any) ([]ArticleSummary, error) {
	explain := func(err error) error {
		if search != "" {
			err = searchError(search, err)
		}
		return fmt.Errorf("list articles: %w", err)
	}
	rows, err := db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, explain(err)
	}
	defer rows.Close()
	var list []ArticleSummary
	for rows.Next() {
		var s ArticleSummary
		var st string
		if err := rows.Scan(&s.ID, &st, &s.Spans, &s.Snippet); err != nil {
			return nil, fmt.Errorf("list articles: %w", err)
		}
		s.Status = annotate.Status(st)
		s.Snippet = oneLine(s.Snippet)
		list = append(list, s)
	}
	if err := rows.Err(); err != nil {
		return nil, explain(err)
	}
	return list, nil
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// StatusCounts returns the number of articles in each status (every status
// is present, zero when none).
func (db *DB) StatusCounts(ctx context.Context) (map[annotate.Status]int, error) {
	m, err := statusCounts(ctx, db.db)
	if err != nil {
		return nil, fmt.Errorf("count articles: %w", err)
	}
	return m, nil
}

func statusCounts(ctx context.Context, q queryer) (map[annotate.Status]int, error) {
	m := make(map[annotate.Status]int, len(annotate.Statuses))
	for _, s := range annotate.Statuses {
		m[s] = 0
	}
	rows, err := q.QueryContext(ctx, `SELECT status, count(*) FROM articles GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		m[annotate.Status(s)] = n
	}
	return m, rows.Err()
}

// Article returns the article id with its spans (in export order, with their
// text) and relations; the error wraps ErrNotFound when there is none.
func (db *DB) Article(ctx context.Context, id string) (*annotate.Article, error) {
	var a *annotate.Article
	err := db.read(ctx, func(c *sql.Conn) error {
		var err error
		a, err = loadArticle(ctx, c, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read article %s: %w", id, err)
	}
	return a, nil
}

func loadArticle(ctx context.Context, q *sql.Conn, id string) (*annotate.Article, error) {
	a := &annotate.Article{ID: id}
	var pk int64
	var meta sql.NullString
	var status string
	err := q.QueryRowContext(ctx, `SELECT pk, text, meta, status, answer FROM articles WHERE id = ?`, id).
		Scan(&pk, &a.Text, &meta, &status, &a.Answer)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	a.Status = annotate.Status(status)
	if meta.Valid {
		a.Meta = []byte(meta.String)
	}
	// The window reads the open article again after every edit: driver rows
	// (as Export reads them) cost half of database/sql's Scan on an article
	// with thousands of spans.
	err = q.Raw(func(dc any) error {
		conn, err := asRawConn(dc)
		if err != nil {
			return err
		}
		rows, err := conn.QueryContext(ctx, `SELECT article, span_id, start, "end", label, kind, annotator,
			review, reviewer, attrs, created, updated, reviewed FROM spans WHERE article = ?`,
			[]driver.NamedValue{{Ordinal: 1, Value: pk}})
		if err != nil {
			return err
		}
		defer rows.Close()
		sc := rawSpanCursor{rawRows: rawRows{rows: rows, row: make([]driver.Value, 13)}}
		return sc.read(pk, a)
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(a.Spans, spanOrder)
	idx := annotate.NewRuneIndex(a.Text)
	for i := range a.Spans {
		s := &a.Spans[i]
		if s.End <= idx.Len() {
			s.Text = idx.Slice(s.Start, s.End)
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT article, head, child, label FROM relations WHERE article = ? ORDER BY pk`, pk)
	if err != nil {
		return nil, err
	}
	rc := relCursor{rows: rows}
	err = rc.read(pk, a)
	rows.Close()
	if err != nil {
		return nil, err
	}
	return a, rows.Err()
}

// NextUnfinished returns the id of the first article after after (by id;
// before it when backwards) whose status is todo or in_progress. after ""
// starts at the beginning (or the end when backwards). The error is
// ErrNotFound when there is none; it does not wrap around.
func (db *DB) NextUnfinished(ctx context.Context, after string, backwards bool) (string, error) {
	q := `SELECT min(id) FROM articles WHERE status IN ('todo', 'in_progress') AND id > ?`
	args := []any{after}
	if backwards {
		q = `SELECT max(id) FROM articles WHERE status IN ('todo', 'in_progress') AND id < ?`
		if after == "" {
			q = `SELECT max(id) FROM articles WHERE status IN ('todo', 'in_progress')`
			args = nil
		}
	}
	var id sql.NullString
	if err := db.db.QueryRowContext(ctx, q, args...).Scan(&id); err != nil {
		return "", fmt.Errorf("next unfinished article: %w", err)
	}
	if !id.Valid {
		return "", ErrNotFound
	}
	return id.String, nil
}

// SetStatus sets the status of article id.
func (db *DB) SetStatus(ctx context.Context, id string, st annotate.Status) error {
	if err := checkStatus(id, st); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error { return setStatusTx(ctx, tx, id, st) })
}

func checkStatus(id string, st annotate.Status) error {
	if _, err := annotate.ParseStatus(string(st)); err != nil || st == "" {
		return fmt.Errorf("set status of %s: unknown status %q", id, st)
	}
	return nil
}

func setStatusTx(ctx context.Context, tx *sql.Tx, id string, st annotate.Status) error {
	if err := noteArticle(ctx, tx, id); err != nil { // PostgreSQL: lock and announce it
		return err
	}
	r, err := tx.ExecContext(ctx, `UPDATE articles SET status = ?, updated = ? WHERE id = ?`, string(st), now(), id)
	if isRefused(err) { // articles_guard (team.sql)
		return errNotYours("an article's status is the reviewers' (an annotator starts one by tagging it)")
	}
	if err != nil {
		return fmt.Errorf("set status of %s: %w", id, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return fmt.Errorf("set status of %s: article %w", id, ErrNotFound)
	}
	return nil
}

// Stats counts articles, spans and relations.
type Stats struct {
	Articles    int
	ByStatus    map[annotate.Status]int
	Spans       int
	ByLabel     map[string]int
	ByKind      map[string]int
	ByAnnotator map[string]int
	Relations   int
	Claims      int                       // spans of kind claim
	ClaimAttrs  map[string]map[string]int // choice attribute → value → claims (missing: the default, else "")
	Assigned    []Progress                // each assigned annotator's progress (spanmark assign), by name
}

// Stats counts what the database holds.
func (db *DB) Stats(ctx context.Context) (*Stats, error) {
	st := &Stats{ByLabel: map[string]int{}, ByKind: map[string]int{}, ByAnnotator: map[string]int{}}
	err := db.read(ctx, func(c *sql.Conn) error {
		var err error
		if st.ByStatus, err = statusCounts(ctx, c); err != nil {
			return err
		}
		for _, n := range st.ByStatus {
			st.Articles += n
		}
		rows, err := c.QueryContext(ctx, `SELECT label, kind, annotator, count(*) FROM spans GROUP BY label, kind, annotator`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var label, kind, annotator string
			var n int
			if err := rows.Scan(&label, &kind, &annotator, &n); err != nil {
				return err
			}
			st.Spans += n
			st.ByLabel[label] += n
			st.ByKind[kind] += n
			st.ByAnnotator[annotator] += n
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if err := claimStats(ctx, c, db.pg, st); err != nil {
			return err
		}
		if st.Assigned, err = assignmentProgress(ctx, c); err != nil {
			return err
		}
		return c.QueryRowContext(ctx, `SELECT count(*) FROM relations`).Scan(&st.Relations)
	})
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}

// Annotators returns the names of everybody who has a span, sorted: one
// step of the spans_annotator index per name, not a read of every span.
func (db *DB) Annotators(ctx context.Context) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, `WITH RECURSIVE names(n) AS (
			SELECT min(annotator) FROM spans WHERE annotator > ''
			UNION ALL
			SELECT (SELECT min(annotator) FROM spans WHERE annotator > n) FROM names WHERE n IS NOT NULL)
		SELECT n FROM names WHERE n IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("list annotators: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("list annotators: %w", err)
		}
		names = append(names, n)
	}
	return names, rows.Err()
}
