package annotate

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ChangeKind says what a Change does to the annotations.
type ChangeKind int

const (
	// ChangeAddSpan adds Span (with its id) and Rels.
	ChangeAddSpan ChangeKind = iota + 1
	// ChangeDeleteSpan deletes Span and the relations Rels that touch it.
	ChangeDeleteSpan
	// ChangeUpdateSpan replaces Before by Span (same id): relabel, attrs,
	// review, new bounds (a resize: undo puts Before's bounds back).
	ChangeUpdateSpan
	// ChangeSetStatus sets the article's status from BeforeStatus to Status.
	ChangeSetStatus
	// ChangeAddRelation adds Rel (e.g. a claim's SPEAKER link).
	ChangeAddRelation
	// ChangeDeleteRelation removes Rel.
	ChangeDeleteRelation
	// ChangeBatch makes the changes of Batch in order, as one step: one
	// undo reverts them all (e.g. adjudication writing many gold spans).
	ChangeBatch
	// ChangeDeleteArticle deletes Article (whole: its spans, relations and
	// the annotators' own Statuses go with it).
	ChangeDeleteArticle
	// ChangeAddArticle puts Article back as it was, with its span ids and
	// Statuses (the undo of ChangeDeleteArticle).
	ChangeAddArticle
)

func (k ChangeKind) String() string {
	switch k {
	case ChangeAddSpan:
		return "add span"
	case ChangeDeleteSpan:
		return "delete span"
	case ChangeUpdateSpan:
		return "change span"
	case ChangeSetStatus:
		return "set status"
	case ChangeAddRelation:
		return "link"
	case ChangeDeleteRelation:
		return "unlink"
	case ChangeBatch:
		return "changes"
	case ChangeDeleteArticle:
		return "delete article"
	case ChangeAddArticle:
		return "add article"
	}
	return "unknown change"
}

// Change is one undoable edit of one article. It holds whole spans, not
// diffs, so that applying it needs nothing but the change itself.
type Change struct {
	Kind         ChangeKind
	ArticleID    string
	Span         Span              // the span added, deleted, or as it is after an update
	Before       Span              // ChangeUpdateSpan: the span before the update
	Rels         []Relation        // relations deleted with Span, or restored with it
	Status       Status            // ChangeSetStatus: the new status
	BeforeStatus Status            // ChangeSetStatus: the status before
	Annotator    string            // ChangeSetStatus: set this annotator's own status ("" the article's; status "" removes it)
	Rel          Relation          // ChangeAddRelation, ChangeDeleteRelation: the relation
	Batch        []Change          // ChangeBatch: the changes, in the order made
	Article      *Article          // ChangeDeleteArticle, ChangeAddArticle: the whole article
	Statuses     map[string]Status // ChangeDeleteArticle, ChangeAddArticle: the annotators' own statuses
	What         string            // how the person would name it ("CLAIM → EVENT"); Describe prefers it
}

// Clone returns a copy of c whose batch can be changed without changing c's.
func (c Change) Clone() Change {
	if c.Batch != nil {
		c.Batch = slices.Clone(c.Batch)
		for i := range c.Batch {
			c.Batch[i] = c.Batch[i].Clone()
		}
	}
	return c
}

// Inverse returns the change that undoes c.
func (c Change) Inverse() Change {
	inv := c
	switch c.Kind {
	case ChangeAddSpan:
		inv.Kind = ChangeDeleteSpan
	case ChangeDeleteSpan:
		inv.Kind = ChangeAddSpan
	case ChangeUpdateSpan:
		inv.Span, inv.Before = c.Before, c.Span
	case ChangeSetStatus:
		inv.Status, inv.BeforeStatus = c.BeforeStatus, c.Status
	case ChangeAddRelation:
		inv.Kind = ChangeDeleteRelation
	case ChangeDeleteRelation:
		inv.Kind = ChangeAddRelation
	case ChangeDeleteArticle:
		inv.Kind = ChangeAddArticle
	case ChangeAddArticle:
		inv.Kind = ChangeDeleteArticle
	case ChangeBatch:
		inv.Batch = make([]Change, len(c.Batch))
		for i, b := range c.Batch {
			inv.Batch[len(c.Batch)-1-i] = b.Inverse()
		}
	}
	return inv
}

// Describe is a short text for menus and status lines, e.g. "add span PERSON".
func (c Change) Describe() string {
	if c.What != "" {
		return c.What
	}
	switch c.Kind {
	case ChangeSetStatus:
		return c.Kind.String() + " " + string(c.Status)
	case ChangeAddRelation, ChangeDeleteRelation:
		return c.Kind.String() + " " + c.Rel.Label + " " + c.Rel.Head + "→" + c.Rel.Child
	case ChangeBatch:
		return fmt.Sprintf("%d changes", len(c.Batch))
	case ChangeDeleteArticle, ChangeAddArticle:
		return c.Kind.String() + " " + c.ArticleID
	case ChangeUpdateSpan:
		if c.Before.Label != c.Span.Label {
			return "relabel " + c.Before.Label + " → " + c.Span.Label
		}
		if c.Before.Start != c.Span.Start || c.Before.End != c.Span.End {
			return fmt.Sprintf("resize %s %s %d–%d → %d–%d", c.Span.Label, c.Span.ID, c.Before.Start, c.Before.End, c.Span.Start, c.Span.End)
		}
		if attrs := changedAttrs(c.Before.Attrs, c.Span.Attrs); attrs != "" {
			return "set " + c.Span.Label + " " + c.Span.ID + " " + attrs
		}
	}
	return c.Kind.String() + " " + c.Span.Label
}

// DefaultHistoryLimit is how many changes a History keeps by default.
const DefaultHistoryLimit = 1000

var (
	// ErrNothingToUndo is returned by Undo on an empty undo list.
	ErrNothingToUndo = errors.New("nothing to undo")
	// ErrNothingToRedo is returned by Redo on an empty redo list.
	ErrNothingToRedo = errors.New("nothing to redo")
)

// History is the undo/redo list of one session, across articles: each
// Change names its article. It holds no storage; the caller applies the
// changes it returns. The zero History is not usable: call NewHistory.
type History struct {
	limit  int
	done   []Change // oldest first
	undone []Change // most recently undone last
}

// NewHistory returns an empty history keeping at most limit changes
// (DefaultHistoryLimit when limit ≤ 0); the oldest are forgotten first.
func NewHistory(limit int) *History {
	if limit <= 0 {
		limit = DefaultHistoryLimit
	}
	return &History{limit: limit}
}

// Do records c, which the caller has applied, and forgets what could be
// redone. It returns c.
func (h *History) Do(c Change) Change {
	h.undone = h.undone[:0]
	if len(h.done) == h.limit {
		copy(h.done, h.done[1:])
		h.done = h.done[:len(h.done)-1]
	}
	h.done = append(h.done, c)
	return c
}

// Undo hands apply the inverse of the last change done. Only when apply
// succeeds does the change move to the redo list; on failure the history
// is unchanged, so a failed write can be retried. It returns the change
// applied, or ErrNothingToUndo.
func (h *History) Undo(apply func(Change) error) (Change, error) {
	if len(h.done) == 0 {
		return Change{}, ErrNothingToUndo
	}
	c := h.done[len(h.done)-1]
	inv := c.Inverse()
	if err := apply(inv); err != nil {
		return inv, err
	}
	h.done = h.done[:len(h.done)-1]
	h.undone = append(h.undone, c)
	return inv, nil
}

// Redo hands apply the last change undone; on success it is done again.
// It returns the change applied, or ErrNothingToRedo.
func (h *History) Redo(apply func(Change) error) (Change, error) {
	if len(h.undone) == 0 {
		return Change{}, ErrNothingToRedo
	}
	c := h.undone[len(h.undone)-1]
	if err := apply(c); err != nil {
		return c, err
	}
	h.undone = h.undone[:len(h.undone)-1]
	h.done = append(h.done, c)
	return c, nil
}

// DropUndo forgets the change Undo would undo next (one that can no
// longer be undone as recorded: another person changed its span since).
func (h *History) DropUndo() {
	if len(h.done) > 0 {
		h.done = h.done[:len(h.done)-1]
	}
}

// DropRedo forgets the change Redo would make next.
func (h *History) DropRedo() {
	if len(h.undone) > 0 {
		h.undone = h.undone[:len(h.undone)-1]
	}
}

// CanUndo reports whether Undo has something to undo.
func (h *History) CanUndo() bool { return len(h.done) > 0 }

// CanRedo reports whether Redo has something to redo.
func (h *History) CanRedo() bool { return len(h.undone) > 0 }

// Len returns how many changes can be undone and redone.
func (h *History) Len() (undo, redo int) { return len(h.done), len(h.undone) }

// Clear forgets every change, e.g. after an import replaced articles.
func (h *History) Clear() {
	h.done, h.undone = h.done[:0], h.undone[:0]
}

// changedAttrs names the attributes that differ between a and b, sorted
// and comma-separated ("checkworthy, verdict"); "" when none.
func changedAttrs(a, b map[string]string) string {
	var keys []string
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			keys = append(keys, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return strings.Join(keys, ", ")
}
