package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/spanmark/spanmark/annotate"
)

// SuggestOptions say where to look for what.
type SuggestOptions struct {
	Matcher    *annotate.Matcher
	ArticleIDs []string // nil: every article
	Annotator  string   // of the suggested spans ("" is "patterns")
	// Progress (may be nil) gets articles done of all, now and then.
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
func (db *DB) Suggest(ctx context.Context, opt SuggestOptions) (SuggestResult, error) {
	var res SuggestResult
	if db.pg {
		return res, notOnPostgres("suggesting spans from patterns")
	}
	who := opt.Annotator
	if who == "" {
		who = "patterns"
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		labels, err := loadLabels(ctx, tx)
		if err != nil {
			return err
		}
		kinds := make(map[string]annotate.Kind, len(labels))
		for _, l := range labels {
			kinds[l.Name] = l.Kind
		}
		ids := opt.ArticleIDs
		if ids == nil {
			if ids, err = allArticleIDs(ctx, tx); err != nil {
				return err
			}
		}
		var newLabels []annotate.Label
		now := fromMillis(now())
		// Statements prepared once: a query per article is most of the cost.
		getArt, err := tx.PrepareContext(ctx, `SELECT pk, text FROM articles WHERE id = ?`)
		if err != nil {
			return err
		}
		defer getArt.Close()
		getKeys, err := tx.PrepareContext(ctx, `SELECT span_id, start, "end", label FROM spans WHERE article = ?`)
		if err != nil {
			return err
		}
		defer getKeys.Close()
		insert, err := tx.PrepareContext(ctx, insertSpanSQL)
		if err != nil {
			return err
		}
		defer insert.Close()
		for i, id := range ids {
			if err := ctx.Err(); err != nil {
				return err
			}
			if opt.Progress != nil && i > 0 && i%200 == 0 {
				opt.Progress(i, len(ids))
			}
			var art articleRow
			if err := getArt.QueryRowContext(ctx, id).Scan(&art.pk, &art.text); errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("article %s: %w", id, ErrNotFound)
			} else if err != nil {
				return err
			}
			matches := opt.Matcher.Find(art.text)
			if len(matches) == 0 {
				res.Articles++
				continue
			}
			have, next, err := suggestKeys(ctx, getKeys, art.pk)
			if err != nil {
				return err
			}
			for _, m := range matches {
				k := suggestKey{m.Start, m.End, m.Label}
				if have[k] {
					continue
				}
				have[k] = true
				kind, ok := kinds[m.Label]
				if !ok {
					kind = annotate.KindEntity
					kinds[m.Label] = kind
					newLabels = append(newLabels, annotate.Label{Name: m.Label, Kind: kind, Color: annotate.ColorFor(m.Label)})
				}
				s := annotate.Span{ID: fmt.Sprintf("s%d", next), Start: m.Start, End: m.End, Label: m.Label, Kind: kind,
					Annotator: who, Review: annotate.ReviewSuggested, Created: now, Updated: now}
				next++
				args, err := insertSpanArgs(art.pk, &s)
				if err == nil {
					_, err = insert.ExecContext(ctx, args...)
				}
				if err != nil {
					return fmt.Errorf("article %s: %w", id, spanConflict(err, &s))
				}
				res.Spans++
				if opt.Record {
					res.Added = append(res.Added, annotate.Change{Kind: annotate.ChangeAddSpan, ArticleID: id, Span: s})
				}
			}
			res.Articles++
		}
		if opt.Progress != nil {
			opt.Progress(len(ids), len(ids))
		}
		for _, l := range newLabels {
			res.NewLabels = append(res.NewLabels, l.Name)
		}
		annotate.FillKeysAndColors(labels, newLabels)
		return insertLabels(ctx, tx, newLabels)
	})
	if err != nil {
		return SuggestResult{}, fmt.Errorf("suggest: %w", err)
	}
	return res, nil
}

type suggestKey struct {
	start, end int
	label      string
}

// suggestKeys reads the (start, end, label) of the spans of article pk and
// the number of the next free span id "sN" (as nextSpanID gives).
func suggestKeys(ctx context.Context, stmt *sql.Stmt, pk int64) (map[suggestKey]bool, int, error) {
	rows, err := stmt.QueryContext(ctx, pk)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	have := map[suggestKey]bool{}
	top := 0
	for rows.Next() {
		var id string
		var k suggestKey
		if err := rows.Scan(&id, &k.start, &k.end, &k.label); err != nil {
			return nil, 0, err
		}
		have[k] = true
		if len(id) > 1 && id[0] == 's' {
			if n, err := strconv.Atoi(id[1:]); err == nil && n > top {
				top = n
			}
		}
	}
	return have, top + 1, rows.Err()
}

func allArticleIDs(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM articles ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
