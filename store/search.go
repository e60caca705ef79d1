package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/mattn/go-sqlite3"
)

// SearchHit is one article a full-text search found.
type SearchHit struct {
	ID      string
	Hits    int    // matches of the query in the article
	Snippet string // text around the best match, each match between « and »
}

// Snippet marks (in SearchHit.Snippet and ArticleSummary.Snippet).
const (
	MarkOpen  = "«"
	MarkClose = "»"
)

// ErrBadQuery wraps a query that full-text search cannot read.
var ErrBadQuery = errors.New("cannot read the search query")

// indexBatch is how many articles IndexSearch indexes per transaction on
// SQLite.
const indexBatch = 500

// SearchPending is how many articles wait to be indexed for search.
func (db *DB) SearchPending(ctx context.Context) (int, error) {
	q := `SELECT count(*) FROM articles WHERE pk > (SELECT indexed_pk FROM search_state)`
	if db.pg {
		q = `SELECT count(*) FROM articles WHERE tsv IS NULL`
	}
	var n int
	err := db.db.QueryRowContext(ctx, q).Scan(&n)
	return n, err
}

// IndexSearch indexes the articles added since the last search (a few
// hundred per transaction, so that it can be stopped and resumed);
// progress (may be nil) gets how many are done of how many. Search calls
// it; the window calls it after opening a database, so that its first
// search is quick. On PostgreSQL it fills the articles' tsv
// (search_pg.go: indexBatchPG), pgIndexWorkers transactions at once
// (progress is called from their goroutines, one call at a time), and a
// role the server does not let update articles leaves them to one that
// may: nothing is indexed, and nil is returned (its searches read their
// text).
func (db *DB) IndexSearch(ctx context.Context, progress func(done, total int)) error {
	total, err := db.SearchPending(ctx)
	if err != nil || total == 0 {
		return err
	}
	batch, workers := indexBatchSQLite, 1
	if db.pg {
		batch, workers = indexBatchPG, pgIndexWorkers
	}
	var (
		mu    sync.Mutex // guards done, first and the calls of progress
		done  int
		first error
		wg    sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				var n int64
				err := db.write(ctx, func(tx *sql.Tx) (err error) {
					n, err = batch(ctx, tx)
					return err
				})
				if db.pg && mayNotIndex(err) {
					return
				}
				mu.Lock()
				if err != nil && first == nil {
					first = fmt.Errorf("index articles for search: %w", err)
				}
				if err != nil || n == 0 || first != nil {
					mu.Unlock()
					return
				}
				done += int(n)
				if progress != nil {
					progress(min(done, total), total)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return first
}

// indexBatchSQLite indexes the next indexBatch articles for FTS5 and
// says how many.
func indexBatchSQLite(ctx context.Context, tx *sql.Tx) (int64, error) {
	var n, from, to int64
	if err := tx.QueryRowContext(ctx, `SELECT indexed_pk FROM search_state`).Scan(&from); err != nil {
		return 0, err
	}
	err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce(max(pk), 0) FROM
		(SELECT pk FROM articles WHERE pk > ? ORDER BY pk LIMIT ?)`, from, indexBatch).Scan(&n, &to)
	if err != nil || n == 0 {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO articles_fts(rowid, text)
		SELECT pk, text FROM articles WHERE pk > ? AND pk <= ?`, from, to); err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE search_state SET indexed_pk = ?`, to)
	return n, err
}

// Search finds the articles whose text matches query, best match first (at
// most limit; 0 means 20). The query is FTS5's (words, "phrases",
// prefix*, AND, OR, NOT, NEAR), except that a word FTS5 cannot take bare
// (south-west, reporter's, C++) is searched as the phrase of its tokens and
// a lone quote or operator is taken as text. A query FTS5 still refuses
// wraps ErrBadQuery. On PostgreSQL the same query is a tsquery
// (search_pg.go says what differs).
func (db *DB) Search(ctx context.Context, query string, limit int) ([]SearchHit, error) {
	if limit <= 0 {
		limit = 20
	}
	if db.pg {
		return db.searchPG(ctx, query, limit)
	}
	q := FTSQuery(query)
	if q == "" {
		return nil, nil
	}
	if err := db.IndexSearch(ctx, nil); err != nil {
		return nil, err
	}
	last, err := db.lastRanked(ctx, query, q)
	if err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, `SELECT a.id,
		snippet(articles_fts, 0, '`+MarkOpen+`', '`+MarkClose+`', '…', 16),
		highlight(articles_fts, 0, char(2), char(3))
		FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid
		WHERE articles_fts MATCH ? AND articles_fts.rowid <= ? ORDER BY rank LIMIT ?`, q, last, limit)
	return scanHits(query, rows, err)
}

// scanHits reads the hits of a search for query (what was typed) from
// rows of id, snippet and the whole text with each match between \x02 and
// \x03; err is the query's.
func scanHits(query string, rows *sql.Rows, err error) ([]SearchHit, error) {
	if err != nil {
		return nil, searchError(query, err)
	}
	defer rows.Close()
	var hits []SearchHit
	for rows.Next() {
		var h SearchHit
		var marked string
		if err := rows.Scan(&h.ID, &h.Snippet, &marked); err != nil {
			return nil, searchError(query, err)
		}
		h.Hits = strings.Count(marked, "\x02")
		h.Snippet = oneLine(h.Snippet)
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, searchError(query, err)
	}
	return hits, nil
}

// rankAtMost is how many matches of a search are ranked: the best listed
// are those of the first rankAtMost matches in the order the articles
// arrived. Ranking costs per match (bm25): a word in 100,000 articles took
// 50–100 ms to rank, the first 10,000 of them 10–15 ms. (A variable for
// tests.)
var rankAtMost = 10000

// lastRanked is the key of the last article a search for ftsq ranks (the
// rankAtMost-th match), or the largest key when there are fewer matches.
// query is what was typed, for the error.
func (db *DB) lastRanked(ctx context.Context, query, ftsq string) (int64, error) {
	var pk int64
	err := db.db.QueryRowContext(ctx, `SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1 OFFSET ?`,
		ftsq, rankAtMost-1).Scan(&pk)
	if errors.Is(err, sql.ErrNoRows) {
		return math.MaxInt64, nil
	}
	if err != nil {
		return 0, searchError(query, err)
	}
	return pk, nil
}

// searchError names a query SQLite refused (SQLITE_ERROR from MATCH: FTS5
// could not read it) as such; other errors (busy, I/O) are the database's.
func searchError(query string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrError {
		return fmt.Errorf("%w %q: %s", ErrBadQuery, query, oneLine(strings.TrimPrefix(se.Error(), "SQL logic error: ")))
	}
	return fmt.Errorf("search: %w", err)
}

// oneLine puts a snippet on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// FTSQuery turns what a person typed into an FTS5 query: words, "phrases"
// (a lone quote is closed at the end), prefix*, and AND, OR, NOT between
// terms pass as they are; NEAR(…) too; any other word FTS5 cannot take bare
// becomes the phrase of its tokens; an operator with nothing on one side is
// searched as a word.
func FTSQuery(input string) string {
	var out []string
	for _, t := range queryTerms(input) {
		out = append(out, t.fts)
	}
	return strings.Join(out, " ")
}

// queryTerm is one term of a query as FTSQuery reads it: an operator
// (AND, OR, NOT), a NEAR(…) group, or a phrase (a word is the phrase of
// its tokens), with a * after it or not.
type queryTerm struct {
	fts    string // the term in FTS5's syntax
	op     string // AND, OR or NOT; else ""
	near   bool   // a NEAR(…) group
	text   string // a phrase: its text, without quotes and *
	prefix bool   // a phrase: its last token is a prefix
}

// queryTerms reads input as FTSQuery does.
func queryTerms(input string) []queryTerm {
	terms := splitQuery(input)
	var out []queryTerm
	for i, t := range terms {
		switch {
		case t == "AND" || t == "OR" || t == "NOT":
			if len(out) == 0 || i == len(terms)-1 || out[len(out)-1].op != "" {
				out = append(out, queryTerm{fts: quote(t), text: t})
			} else {
				out = append(out, queryTerm{fts: t, op: t})
			}
		case strings.HasPrefix(t, "NEAR(") && strings.HasSuffix(t, ")"):
			out = append(out, queryTerm{fts: t, near: true})
		default:
			out = append(out, phraseTerm(t))
		}
	}
	return out
}

// phraseTerm reads t, a term that is neither an operator nor NEAR(…).
func phraseTerm(t string) queryTerm {
	prefix := strings.HasSuffix(t, "*") && len(t) > 1
	switch {
	case isPhrase(t):
		inner := strings.TrimSuffix(t, "*")
		return queryTerm{fts: t, text: inner[1 : len(inner)-1], prefix: prefix}
	case bare(strings.TrimSuffix(t, "*")):
		return queryTerm{fts: t, text: strings.TrimSuffix(t, "*"), prefix: prefix}
	}
	star := ""
	if prefix {
		t, star = strings.TrimSuffix(t, "*"), "*"
	}
	return queryTerm{fts: quote(t) + star, text: strings.Trim(t, `"`), prefix: prefix}
}

// splitQuery splits input at white space outside quotes and parentheses; a
// quoted phrase (with a * right after it) is one term, closed at the end
// when its quote is not.
// isPhrase reports whether t is one "phrase", with a prefix * or not:
// anything after its closing quote (`"x":` is FTS5's column filter) makes
// it text.
func isPhrase(t string) bool {
	t = strings.TrimSuffix(t, "*")
	return len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' && strings.Count(t, `"`) == 2
}

func splitQuery(input string) []string {
	var terms []string
	var cur strings.Builder
	inQuote, depth := false, 0
	flush := func() {
		if cur.Len() > 0 {
			terms = append(terms, cur.String())
			cur.Reset()
		}
	}
	for _, r := range input {
		switch {
		case inQuote:
			cur.WriteRune(r)
			if r == '"' {
				inQuote = false
			}
		case r == '"':
			if cur.Len() > 0 && depth == 0 {
				flush()
			}
			cur.WriteRune(r)
			inQuote = true
		case r == '(' && strings.HasPrefix(cur.String(), "NEAR"):
			depth++
			cur.WriteRune(r)
		case r == ')' && depth > 0:
			depth--
			cur.WriteRune(r)
		case unicode.IsSpace(r) && depth == 0:
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	if inQuote {
		cur.WriteRune('"')
	}
	if depth > 0 { // an unclosed NEAR( is text
		t := cur.String()
		cur.Reset()
		cur.WriteString(quote(t))
	}
	flush()
	for i, t := range terms {
		if strings.Count(t, `"`)%2 == 1 { // a quote inside a word
			terms[i] = quote(t)
		}
	}
	return terms
}

// bare reports whether FTS5 takes s as a bareword: letters, digits and _ of
// ASCII, and any character beyond it.
func bare(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r < utf8.RuneSelf && !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
		i += n
	}
	return true
}

// quote makes s an FTS5 string (a phrase of its tokens).
func quote(s string) string {
	return `"` + strings.ReplaceAll(strings.Trim(s, `"`), `"`, `""`) + `"`
}
