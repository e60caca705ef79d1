package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Full-text search on PostgreSQL (migration postgres/0010): articles.tsv is
// the tsvector of the text in the configuration spanmark ('simple' after
// unaccent: no stemming, diacritics folded, as FTS5's unicode61
// remove_diacritics 2), with a GIN index. It is filled lazily, as SQLite's
// FTS5 table is: NULL until IndexSearch computes it (a batch of articles a
// transaction; Search does it first when it may write), so that an import
// does not pay for the parser. A search matches the indexed articles by
// their tsv and the others by the tsvector of their text, computed for the
// search (pgMatching): what one sees does not depend on what was indexed,
// only how fast it is found (the parser takes ≈ 0.3 ms an article of 600
// words). A database opened read-only, or by a role the server does not
// let write articles, searches that way without indexing.
//
// A query is read as on SQLite (queryTerms) and becomes a tsquery
// expression built of phraseto_tsquery of each phrase's text, passed as a
// parameter (the parser of the text makes its tokens, as it made the
// text's), joined by && || !!. What differs from FTS5: NEAR(…) of more
// than two phrases is their AND (maxNear); ranking is ts_rank,
// not bm25; the snippet is ts_headline's; a word is cut into tokens by
// PostgreSQL's parser, which keeps host names, e-mail addresses, URLs,
// paths and numbers with dots whole (D.C. is the one token d.c, which C
// does not find; FTS5 splits at every punctuation mark), and gives a
// hyphenated word whole and its parts (south-west, south, west).

// maxNear is the largest NEAR distance searched as such on PostgreSQL
// (NEAR of two phrases is the OR of each distance, either first); a
// larger one, or NEAR of more than two phrases, is their AND.
const maxNear = 50

// pgTSQuery is the SQL expression of the tsquery of query (what was typed)
// and its arguments; "" when the query holds no term. A query FTS5 would
// refuse for its NEAR distance wraps ErrBadQuery.
func pgTSQuery(query string) (string, []any, error) {
	var args []any
	phrase := func(t queryTerm) string {
		args = append(args, t.text)
		if !t.prefix {
			return "phraseto_tsquery('spanmark', ?)"
		}
		// The tsquery's text quotes its lexemes; :* after the last makes it
		// a prefix. An empty tsquery (no token) stays empty.
		return "(SELECT CASE WHEN numnode(p) = 0 THEN p ELSE (p::text || ':*')::tsquery END FROM phraseto_tsquery('spanmark', ?) p)"
	}
	// FTS5's precedence: NOT binds tighter than AND (or none), AND than OR.
	var ors, ands []string
	cur, not := "", false
	endAnd := func() {
		if cur != "" {
			ands = append(ands, cur)
		}
		cur = ""
	}
	endOr := func() {
		endAnd()
		if len(ands) > 0 {
			ors = append(ors, "("+strings.Join(ands, " && ")+")")
		}
		ands = nil
	}
	for _, t := range queryTerms(query) {
		var operand string
		switch {
		case t.op == "OR":
			endOr()
			continue
		case t.op == "AND":
			endAnd()
			continue
		case t.op == "NOT":
			not = true
			continue
		case t.near:
			inner := t.fts[len("NEAR(") : len(t.fts)-1]
			dist := 10 // FTS5's default
			if i := strings.LastIndexByte(inner, ','); i >= 0 {
				d := strings.TrimSpace(inner[i+1:])
				n, err := strconv.Atoi(d)
				if err != nil || strings.Trim(d, "0123456789") != "" {
					return "", nil, fmt.Errorf("%w %q: the distance of NEAR is not a number: %q", ErrBadQuery, query, d)
				}
				dist, inner = n, inner[:i]
			}
			var parts []string
			for _, p := range splitQuery(inner) {
				parts = append(parts, phrase(phraseTerm(p)))
			}
			if len(parts) == 0 {
				return "", nil, fmt.Errorf("%w %q: NEAR of nothing", ErrBadQuery, query)
			}
			operand = "(" + strings.Join(parts, " && ") + ")"
			if len(parts) == 2 && dist <= maxNear {
				// at most dist tokens between them, either first
				var alt []string
				for k := 1; k <= dist+1; k++ {
					alt = append(alt, fmt.Sprintf("tsquery_phrase(n.a, n.b, %d) || tsquery_phrase(n.b, n.a, %d)", k, k))
				}
				operand = "(SELECT " + strings.Join(alt, " || ") + " FROM (SELECT " + parts[0] + " AS a, " + parts[1] + " AS b) n)"
			}
		default:
			operand = phrase(t)
		}
		switch {
		case not:
			cur = "(" + cur + " && !!" + operand + ")"
			not = false
		case cur != "":
			endAnd()
			cur = operand
		default:
			cur = operand
		}
	}
	endOr()
	if len(ors) == 0 {
		return "", nil, nil
	}
	return strings.Join(ors, " || "), args, nil
}

// pgHeadline is ts_headline's options for a snippet of about words words
// with the marks of SQLite's.
func pgHeadline(words int) string {
	return fmt.Sprintf(`'StartSel=%s, StopSel=%s, MaxWords=%d, MinWords=%d, ShortWord=0, MaxFragments=1, FragmentDelimiter=" … "'`,
		MarkOpen, MarkClose, words, words/2)
}

// pgMatching is the articles that match the tsquery q of the query's
// common table tsq, as rows (pk, q, rank): those indexed by their tsv (the
// GIN index), those not indexed yet by the tsvector of their text. One
// statement, one snapshot: an article indexed meanwhile is in exactly one
// of the two.
const pgMatching = `(SELECT a.pk, tsq.q, ts_rank(a.tsv, tsq.q) AS rank FROM articles a, tsq WHERE a.tsv @@ tsq.q
	UNION ALL
	SELECT a.pk, tsq.q, ts_rank(v.v, tsq.q) FROM articles a, tsq, spanmark_tsvector(a.text) v(v)
	WHERE a.tsv IS NULL AND v.v @@ tsq.q)`

// pgIndexBatch is how many articles a transaction of IndexSearch indexes on
// PostgreSQL: ≈ 0.1 s of the server's parser, so that an edit of one of
// them (the batch holds their rows locked) waits little. pgIndexWorkers
// transactions run at once, each on its own connection (the parser uses a
// core of the server each; FOR UPDATE SKIP LOCKED keeps their batches
// apart).
const (
	pgIndexBatch   = 250
	pgIndexWorkers = 2
)

// indexBatchPG fills the tsv of the next pgIndexBatch articles that have
// none and says how many, skipping rows another transaction holds (another
// window indexing, an edit): those are searched by their text until a
// later call.
func indexBatchPG(ctx context.Context, tx *sql.Tx) (int64, error) {
	r, err := tx.ExecContext(ctx, `UPDATE articles SET tsv = spanmark_tsvector(text) WHERE pk IN
		(SELECT pk FROM articles WHERE tsv IS NULL ORDER BY pk LIMIT ? FOR UPDATE SKIP LOCKED)`, pgIndexBatch)
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}

// mayNotIndex reports whether err is the server's refusal to let this
// role update the articles.
func mayNotIndex(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "42501" // insufficient_privilege
}

// searchPG is Search on PostgreSQL. Hits counts the words ts_headline
// marks in the whole text: each occurrence of a word of the query (not of
// a negated one), in or out of a matching phrase.
func (db *DB) searchPG(ctx context.Context, query string, limit int) ([]SearchHit, error) {
	expr, args, err := pgTSQuery(query)
	if err != nil || expr == "" {
		return nil, err
	}
	if err := db.indexFirst(ctx); err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, `WITH tsq AS (SELECT `+expr+` AS q)
		SELECT a.id,
		ts_headline('spanmark', a.text, m.q, `+pgHeadline(16)+`),
		ts_headline('spanmark', a.text, m.q, 'HighlightAll=true, StartSel='||chr(2)||', StopSel='||chr(3))
		FROM (SELECT pk, q, rank FROM `+pgMatching+` m ORDER BY rank DESC, pk LIMIT ?) m
		JOIN articles a ON a.pk = m.pk ORDER BY m.rank DESC, m.pk`, append(args, limit)...)
	return scanHits(query, rows, err)
}

// listSearchPG is the full-text part of ListArticles on PostgreSQL: the
// articles that match q and conds, best first.
func (db *DB) listSearchPG(ctx context.Context, q string, conds []string, args []any, limit any) ([]ArticleSummary, error) {
	expr, qargs, err := pgTSQuery(q)
	if err != nil || expr == "" {
		return nil, err
	}
	if err := db.indexFirst(ctx); err != nil {
		return nil, err
	}
	return db.listArticles(ctx, q, `WITH tsq AS (SELECT `+expr+` AS q)
		SELECT a.id, a.status, `+spanCount+`, ts_headline('spanmark', a.text, m.q, `+pgHeadline(10)+`)
		FROM (SELECT a.pk, m.q, m.rank FROM `+pgMatching+` m JOIN articles a ON a.pk = m.pk`+
		where(conds)+` ORDER BY m.rank DESC, a.id LIMIT ?) m
		JOIN articles a ON a.pk = m.pk ORDER BY m.rank DESC, a.id`,
		append(append(qargs, args...), limit)...)
}

// indexFirst indexes what waits before a search, as on SQLite, unless the
// database is open read-only (the search then reads those articles' text).
func (db *DB) indexFirst(ctx context.Context) error {
	if db.readOnly {
		return nil
	}
	return db.IndexSearch(ctx, nil)
}
