package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spanmark/spanmark/annotate"
)

// articleRow is what a span edit needs of its article.
type articleRow struct {
	pk       int64
	text     string
	status   annotate.Status
	lastSpan int // the highest sN ever given, deleted spans included
}

func getArticle(ctx context.Context, tx *sql.Tx, id string) (articleRow, error) {
	var r articleRow
	if err := noteArticle(ctx, tx, id); err != nil { // PostgreSQL: lock and announce it
		return r, err
	}
	var st string
	err := tx.QueryRowContext(ctx, `SELECT pk, text, status, last_span FROM articles WHERE id = ?`, id).Scan(&r.pk, &r.text, &st, &r.lastSpan)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("article %s: %w", id, ErrNotFound)
	}
	r.status = annotate.Status(st)
	return r, err
}

// checkSpan fills the span's kind (from the label set) and text and
// validates it against the article text.
func checkSpan(ctx context.Context, tx *sql.Tx, text string, s *annotate.Span) error {
	if s.Kind == "" {
		labels, err := loadLabels(ctx, tx)
		if err != nil {
			return err
		}
		s.Kind = annotate.KindOf(labels, s.Label)
	}
	if _, err := annotate.ParseKind(string(s.Kind)); err != nil {
		return err
	}
	if _, err := annotate.ParseReview(string(s.Review)); err != nil {
		return err
	}
	if err := checkAttrs(ctx, tx, s); err != nil {
		return fmt.Errorf("span %s %s: %w", s.ID, s.Label, err)
	}
	return annotate.NewRuneIndex(text).CheckSpan(s)
}

// AddSpan adds s to article articleID: it is validated against the text, gets
// the next free id "sN" when it has none, its Kind from the label set when
// empty, its Text, Created and Updated. An article still todo moves to
// in_progress in the same transaction. It returns the span as stored.
func (db *DB) AddSpan(ctx context.Context, articleID string, s annotate.Span) (annotate.Span, error) {
	err := db.write(ctx, func(tx *sql.Tx) error {
		art, err := getArticle(ctx, tx, articleID)
		if err != nil {
			return err
		}
		if err := checkSpan(ctx, tx, art.text, &s); err != nil {
			return err
		}
		if s.ID == "" {
			if s.ID, err = nextSpanID(ctx, tx, art); err != nil {
				return err
			}
		}
		t := now()
		if s.Created.IsZero() {
			s.Created = fromMillis(t)
		}
		if s.Updated.IsZero() {
			s.Updated = fromMillis(t)
		}
		if err := insertSpan(ctx, tx, art.pk, &s); err != nil {
			return err
		}
		if art.status == annotate.StatusTodo {
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET status = ?, updated = ? WHERE pk = ?`,
				string(annotate.StatusInProgress), t, art.pk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return annotate.Span{}, fmt.Errorf("add span to %s: %w", articleID, err)
	}
	return s, nil
}

// nextSpanID is "s" and one more than the highest sN of the article or of
// any span deleted from it (articles.last_span), so that an id freed by a
// delete is not given to another span, not even the highest: undo restores
// it, also after another person tagged in the meantime.
func nextSpanID(ctx context.Context, tx *sql.Tx, art articleRow) (string, error) {
	top := art.lastSpan
	// sN ids only (LIKE, as PostgreSQL has no GLOB; checked below)
	rows, err := tx.QueryContext(ctx, `SELECT span_id FROM spans WHERE article = ? AND span_id LIKE 's%'`, art.pk)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return "", err
		}
		if n, ok := spanNumber(id); ok && n > top {
			top = n
		}
	}
	return "s" + strconv.Itoa(top+1), rows.Err()
}

// spanNumber is N of an id "sN" (s and digits only: LIKE ignores case, and
// Atoi takes a sign).
func spanNumber(id string) (int, bool) {
	if len(id) < 2 || id[0] != 's' || id[1] < '0' || id[1] > '9' {
		return 0, false
	}
	n, err := strconv.Atoi(id[1:])
	return n, err == nil
}

func insertSpan(ctx context.Context, tx *sql.Tx, pk int64, s *annotate.Span) error {
	args, err := insertSpanArgs(pk, s)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, insertSpanSQL, args...)
	return spanConflict(err, s)
}

// insertSpanSQL inserts a span with insertSpanArgs (a statement to prepare
// once where many spans go in).
const insertSpanSQL = `INSERT INTO spans(article, span_id, start, "end", label, kind, annotator, review, reviewer, reviewed, attrs, created, updated)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func insertSpanArgs(pk int64, s *annotate.Span) ([]any, error) {
	attrs, err := attrsJSON(s.Attrs)
	if err != nil {
		return nil, err
	}
	return []any{pk, s.ID, s.Start, s.End, s.Label, string(s.Kind), s.Annotator, string(s.Review), s.Reviewer, toMillis(s.Reviewed), attrs,
		toMillis(s.Created), toMillis(s.Updated)}, nil
}

// spanConflict turns a unique-constraint failure into a message a person
// understands.
func spanConflict(err error, s *annotate.Span) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "spans.article, spans.span_id"), strings.Contains(msg, `"spans_pkey"`):
		return fmt.Errorf("span id %s is already used", s.ID)
	case strings.Contains(msg, "UNIQUE constraint failed: spans."), strings.Contains(msg, `"spans_identity"`):
		return &spanExistsError{*s}
	}
	return err
}

// UpdateSpan overwrites every field of the span s.ID of article articleID
// (Created is kept; Updated is set now when s.Updated is zero), whatever
// was written to it since it was read (the window's edits check that:
// Apply). A change of kind that would leave a SPEAKER or ABOUT link
// between spans of the wrong kinds is refused: the links go first (one
// Apply of a batch).
func (db *DB) UpdateSpan(ctx context.Context, articleID string, s annotate.Span) error {
	err := db.write(ctx, func(tx *sql.Tx) error { return updateSpanTx(ctx, tx, articleID, &s, 0, db.who(ctx)) })
	if err != nil {
		return fmt.Errorf("update span of %s: %w", articleID, err)
	}
	return nil
}

// updateSpanTx writes s over its stored row. With seen not 0 (the Updated
// time, Unix ms, of the version the writer saw) the row must still be that
// version: else nothing is written and the answer is a
// ChangedByOtherError with the version stored. The writer stamps the new
// version with a later time than the one it saw (Session.Commit does), so
// that no other writer can have seen it; s is left as stored.
func updateSpanTx(ctx context.Context, tx *sql.Tx, articleID string, s *annotate.Span, seen int64, who string) error {
	art, err := getArticle(ctx, tx, articleID)
	if err != nil {
		return err
	}
	if err := checkSpan(ctx, tx, art.text, s); err != nil {
		return err
	}
	attrs, err := attrsJSON(s.Attrs)
	if err != nil {
		return err
	}
	upd := toMillis(s.Updated)
	if upd == 0 {
		upd = now()
	}
	s.Updated = fromMillis(upd)
	query := `UPDATE spans SET start = ?, "end" = ?, label = ?, kind = ?, annotator = ?,
		review = ?, reviewer = ?, reviewed = ?, attrs = ?, updated = ?, updated_by = ? WHERE article = ? AND span_id = ?`
	args := []any{s.Start, s.End, s.Label, string(s.Kind), s.Annotator, string(s.Review), s.Reviewer, toMillis(s.Reviewed), attrs, upd, who, art.pk, s.ID}
	if seen != 0 {
		query += ` AND updated = ?`
		args = append(args, seen)
	}
	r, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return spanConflict(err, s)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return changedSince(ctx, tx, articleID, art, s.ID, seen)
	}
	return checkLinksOf(ctx, tx, art.pk, s.ID)
}

// DeleteSpan deletes span spanID of article articleID with its relations
// and returns them, for undo (RestoreSpan).
func (db *DB) DeleteSpan(ctx context.Context, articleID, spanID string) (annotate.Span, []annotate.Relation, error) {
	var s annotate.Span
	var rels []annotate.Relation
	err := db.write(ctx, func(tx *sql.Tx) (err error) {
		s, rels, err = deleteSpanTx(ctx, tx, articleID, spanID, 0)
		return err
	})
	if err != nil {
		return annotate.Span{}, nil, fmt.Errorf("delete span of %s: %w", articleID, err)
	}
	return s, rels, nil
}

// DeleteSeenSpan is DeleteSpan of the version of the span the caller saw
// (its Updated): when someone changed or deleted it since, nothing is
// deleted and the answer is a ChangedByOtherError.
func (db *DB) DeleteSeenSpan(ctx context.Context, articleID string, seen annotate.Span) (annotate.Span, []annotate.Relation, error) {
	var s annotate.Span
	var rels []annotate.Relation
	err := db.write(ctx, func(tx *sql.Tx) (err error) {
		s, rels, err = deleteSpanTx(ctx, tx, articleID, seen.ID, toMillis(seen.Updated))
		return err
	})
	if err != nil {
		return annotate.Span{}, nil, fmt.Errorf("delete span of %s: %w", articleID, err)
	}
	return s, rels, nil
}

// deleteSpanTx deletes span spanID; with seen not 0, only the version
// updated then (Unix ms), as updateSpanTx.
func deleteSpanTx(ctx context.Context, tx *sql.Tx, articleID, spanID string, seen int64) (annotate.Span, []annotate.Relation, error) {
	art, err := getArticle(ctx, tx, articleID)
	if err != nil {
		return annotate.Span{}, nil, err
	}
	s, ok, err := readSpan(ctx, tx, art, spanID)
	if err != nil {
		return annotate.Span{}, nil, err
	}
	if !ok || (seen != 0 && toMillis(s.Updated) != seen) {
		return annotate.Span{}, nil, changedSince(ctx, tx, articleID, art, spanID, seen)
	}
	rows, err := tx.QueryContext(ctx, `SELECT article, head, child, label FROM relations
		WHERE article = ? AND (head = ? OR child = ?) ORDER BY pk`, art.pk, spanID, spanID)
	if err != nil {
		return annotate.Span{}, nil, err
	}
	var a annotate.Article
	rc := relCursor{rows: rows}
	err = rc.read(art.pk, &a)
	rows.Close()
	if err != nil {
		return annotate.Span{}, nil, err
	}
	r, err := tx.ExecContext(ctx, `DELETE FROM spans WHERE article = ? AND span_id = ?`, art.pk, spanID)
	if err != nil {
		return annotate.Span{}, nil, err
	}
	if n, _ := r.RowsAffected(); n == 0 { // row-level security hid it (team.sql)
		return annotate.Span{}, nil, spanGone(ctx, tx, art.pk, spanID)
	}
	if n, ok := spanNumber(spanID); ok { // its id is not given again (nextSpanID)
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET last_span = ? WHERE pk = ? AND last_span < ?`, n, art.pk, n); err != nil {
			return annotate.Span{}, nil, err
		}
	}
	return s, a.Rels, nil
}

// RestoreSpan puts back a span with its id and times, and relations whose
// spans exist (typically what DeleteSpan returned). A SPEAKER or ABOUT
// link whose ends are no longer a claim and an entity is refused.
func (db *DB) RestoreSpan(ctx context.Context, articleID string, s annotate.Span, rels []annotate.Relation) error {
	err := db.write(ctx, func(tx *sql.Tx) error { return restoreSpanTx(ctx, tx, articleID, &s, rels) })
	if err != nil {
		return fmt.Errorf("restore span %s of %s: %w", s.ID, articleID, err)
	}
	return nil
}

// restoreSpanTx inserts *s; a span without an id gets the next free one,
// and *s is left as stored.
func restoreSpanTx(ctx context.Context, tx *sql.Tx, articleID string, s *annotate.Span, rels []annotate.Relation) error {
	art, err := getArticle(ctx, tx, articleID)
	if err != nil {
		return err
	}
	if err := checkSpan(ctx, tx, art.text, s); err != nil {
		return err
	}
	if s.ID == "" {
		if s.ID, err = nextSpanID(ctx, tx, art); err != nil {
			return err
		}
	}
	if s.Created.IsZero() {
		s.Created = fromMillis(now())
	}
	if s.Updated.IsZero() {
		s.Updated = s.Created
	}
	if err := insertSpan(ctx, tx, art.pk, s); err != nil {
		return err
	}
	if err := insertRelations(ctx, tx, art.pk, rels); err != nil {
		return err
	}
	return checkLinksOf(ctx, tx, art.pk, s.ID)
}

func insertRelations(ctx context.Context, tx *sql.Tx, pk int64, rels []annotate.Relation) error {
	for _, r := range rels {
		if r.Label == "" {
			return fmt.Errorf("relation %s→%s has no label", r.Head, r.Child)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO relations(article, head, child, label) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, pk, r.Head, r.Child, r.Label)
		if err != nil && strings.Contains(err.Error(), "FOREIGN KEY") {
			return fmt.Errorf("relation %s %s→%s: span %w", r.Label, r.Head, r.Child, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("relation %s %s→%s: %w", r.Label, r.Head, r.Child, err)
		}
	}
	return nil
}

// checkLinksOf checks the kinds at both ends of every SPEAKER and ABOUT
// link of span id (a claim to an entity), as import does.
func checkLinksOf(ctx context.Context, tx *sql.Tx, pk int64, id string) error {
	rows, err := tx.QueryContext(ctx, `SELECT head, child, label FROM relations
		WHERE article = ? AND (head = ? OR child = ?) AND label IN (?, ?)`, pk, id, id, annotate.RelSpeaker, annotate.RelAbout)
	if err != nil {
		return err
	}
	var rels []annotate.Relation
	for rows.Next() {
		var r annotate.Relation
		if err := rows.Scan(&r.Head, &r.Child, &r.Label); err != nil {
			rows.Close()
			return err
		}
		rels = append(rels, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range rels {
		if err := checkRelationKinds(ctx, tx, pk, r); err != nil {
			return fmt.Errorf("%w (remove the link first)", err)
		}
	}
	return nil
}
