package crashtest

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"unicode/utf8"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// model is what the edit child believes an article holds.
type model struct {
	status annotate.Status
	spans  []annotate.Span
	rels   []annotate.Relation
	runes  int
}

func (m *model) digest() string { return digest(m.status, m.spans, m.rels) }

func (m *model) clone() *model {
	c := *m
	c.spans = slices.Clone(m.spans)
	for i := range c.spans {
		c.spans[i].Attrs = maps.Clone(c.spans[i].Attrs)
	}
	return &c
}

// apply makes c on the model, as the store will (ids of new spans aside).
func (m *model) apply(c annotate.Change) {
	switch c.Kind {
	case annotate.ChangeAddSpan:
		m.spans = append(m.spans, c.Span)
	case annotate.ChangeDeleteSpan:
		m.spans = slices.DeleteFunc(m.spans, func(s annotate.Span) bool { return s.ID == c.Span.ID })
	case annotate.ChangeUpdateSpan:
		for i := range m.spans {
			if m.spans[i].ID == c.Span.ID {
				m.spans[i] = c.Span
			}
		}
	case annotate.ChangeSetStatus:
		m.status = c.Status
	}
}

// storeApply makes c in the database as gui/edit.go's apply does (for
// undo): the window's session object does not exist yet, so the child
// drives the store and annotate.History the way the window does.
func storeApply(ctx context.Context, db *store.DB, c annotate.Change) error {
	switch c.Kind {
	case annotate.ChangeAddSpan:
		return db.RestoreSpan(ctx, c.ArticleID, c.Span, c.Rels)
	case annotate.ChangeDeleteSpan:
		_, _, err := db.DeleteSpan(ctx, c.ArticleID, c.Span.ID)
		return err
	case annotate.ChangeUpdateSpan:
		return db.UpdateSpan(ctx, c.ArticleID, c.Span)
	case annotate.ChangeSetStatus:
		return db.SetStatus(ctx, c.ArticleID, c.Status)
	}
	return fmt.Errorf("unexpected change %v", c.Kind)
}

var entityLabels = []string{"PERSON", "ORG", "LOC", "GPE", "DATE", "NUMBER", "EVENT"}

// editChild makes random window edits on the database at path until it is
// killed, printing "begin ARTICLE DIGEST" before each and "ack ARTICLE
// DIGEST" (read back after the commit) after it, or "refused ARTICLE
// DIGEST" when the store refused it as it would refuse the window.
func editChild(path string, seed uint64) error {
	ctx := context.Background()
	db, err := store.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.ListArticles(ctx, store.ArticleFilter{})
	if err != nil {
		return err
	}
	models := map[string]*model{}
	var ids []string
	for _, s := range list {
		a, err := db.Article(ctx, s.ID)
		if err != nil {
			return err
		}
		models[a.ID] = &model{status: a.Status, spans: a.Spans, rels: a.Rels, runes: utf8.RuneCountInString(a.Text)}
		ids = append(ids, a.ID)
	}
	hist := annotate.NewHistory(annotate.DefaultHistoryLimit)
	var done []annotate.Change // mirrors hist, to predict an undo
	rng := rand.New(rand.NewPCG(seed, 7))
	for {
		id := ids[rng.IntN(len(ids))]
		m := models[id]
		pick := func(want func(annotate.Span) bool) (annotate.Span, bool) {
			var c []annotate.Span
			for _, s := range m.spans {
				if want(s) {
					c = append(c, s)
				}
			}
			if len(c) == 0 {
				return annotate.Span{}, false
			}
			return c[rng.IntN(len(c))], true
		}
		var c annotate.Change
		var do func() (annotate.Change, error)
		switch op := rng.IntN(8); {
		case op <= 1 || len(m.spans) == 0: // tag (also a claim, with its default verdict)
			start := rng.IntN(m.runes - 1)
			s := annotate.Span{Start: start, End: start + 1 + rng.IntN(min(12, m.runes-start-1)), Label: entityLabels[rng.IntN(len(entityLabels))], Kind: annotate.KindEntity, Annotator: "crash"}
			if rng.IntN(3) == 0 {
				s.Label, s.Kind, s.Attrs = "CLAIM", annotate.KindClaim, map[string]string{annotate.AttrVerdict: "unverified"}
			}
			c = annotate.Change{Kind: annotate.ChangeAddSpan, ArticleID: id, Span: s}
			do = func() (annotate.Change, error) {
				added, err := db.AddSpan(ctx, id, s)
				return annotate.Change{Kind: annotate.ChangeAddSpan, ArticleID: id, Span: added}, err
			}
		case op == 2 || op == 3: // relabel, set claim attributes, accept
			before, _ := pick(func(annotate.Span) bool { return true })
			after := before
			after.Attrs = maps.Clone(before.Attrs)
			switch {
			case before.Kind == annotate.KindClaim && rng.IntN(2) == 0:
				after.Attrs[annotate.AttrVerdict] = []string{"true", "false", "mixed", "unverified"}[rng.IntN(4)]
				after.Attrs[annotate.AttrCheckworthy] = []string{"yes", "no", "unsure"}[rng.IntN(3)]
			case before.Kind == annotate.KindEntity && rng.IntN(2) == 0:
				after.Label = entityLabels[rng.IntN(len(entityLabels))]
			default:
				after.Review, after.Reviewer = annotate.ReviewAccepted, "crash"
			}
			c = annotate.Change{Kind: annotate.ChangeUpdateSpan, ArticleID: id, Before: before, Span: after}
			do = func() (annotate.Change, error) { return c, db.UpdateSpan(ctx, id, after) }
		case op == 4: // delete
			s, _ := pick(func(annotate.Span) bool { return true })
			c = annotate.Change{Kind: annotate.ChangeDeleteSpan, ArticleID: id, Span: s}
			do = func() (annotate.Change, error) {
				del, rels, err := db.DeleteSpan(ctx, id, s.ID)
				return annotate.Change{Kind: annotate.ChangeDeleteSpan, ArticleID: id, Span: del, Rels: rels}, err
			}
		case op == 5: // status
			st := annotate.Statuses[rng.IntN(len(annotate.Statuses))]
			c = annotate.Change{Kind: annotate.ChangeSetStatus, ArticleID: id, Status: st, BeforeStatus: m.status}
			do = func() (annotate.Change, error) { return c, db.SetStatus(ctx, id, st) }
		default: // undo, in whatever article the last change was made
			if len(done) == 0 {
				continue
			}
			last := done[len(done)-1]
			c = last.Inverse()
			do = func() (annotate.Change, error) {
				_, err := hist.Undo(func(ch annotate.Change) error { return storeApply(ctx, db, ch) })
				return annotate.Change{}, err
			}
		}
		id = c.ArticleID
		next := models[id].clone()
		next.apply(c)
		if do != nil && c.Kind == annotate.ChangeAddSpan && c.Span.ID == "" && next.status == annotate.StatusTodo {
			next.status = annotate.StatusInProgress // AddSpan starts a todo article
		}
		fmt.Printf("begin %s %s\n", id, next.digest())
		made, err := do()
		if err != nil && !store.IsDiskError(err) && c.Kind != 0 {
			// Refused as the window would refuse it (an identical span
			// exists): nothing changed.
			fmt.Printf("refused %s %s\n", id, models[id].digest())
			continue
		}
		if err != nil {
			return fmt.Errorf("%v on %s: %w", c.Kind, id, err)
		}
		if made.Kind != 0 {
			hist.Do(made)
			done = append(done, made)
		} else {
			done = done[:len(done)-1]
		}
		a, err := db.Article(ctx, id)
		if err != nil {
			return err
		}
		models[id] = &model{status: a.Status, spans: a.Spans, rels: a.Rels, runes: next.runes}
		if models[id].digest() != next.digest() {
			fmt.Fprintf(os.Stderr, "edit %+v\npredicted %s %+v\nread back %s %+v\n", c, next.status, next.spans, a.Status, a.Spans)
		}
		fmt.Printf("ack %s %s\n", id, models[id].digest())
	}
}
