package session

import (
	"errors"
	"fmt"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// Live updates (a team on one PostgreSQL database): the window hands
// Follow what store.DB.Listen heard, and redraws what Follow says changed.
// A person's own writes are shown when made; Follow skips them, so that
// they neither redraw twice nor move the selection.

// Heard is what Follow changed, for the window to redraw.
type Heard struct {
	Article bool   // the open article was read again: redraw its spans and status
	List    bool   // another wrote somewhere: the list's rows and counts may have changed
	Gone    bool   // the open article was deleted by another: none is open now
	By      string // who wrote the open article last ("" unknown or many)
}

// Follow takes in changes other windows and commands made: the open
// article is read again when one of them wrote it (or an unnamed change
// may have: ArticleID ""), keeping the selection unless its span is gone.
// Own changes are skipped.
func (s *Session) Follow(changes []store.Change) (Heard, error) {
	var h Heard
	for _, c := range changes {
		if c.Own {
			continue
		}
		h.List = true
		if s.Cur != nil && (c.ArticleID == "" || c.ArticleID == s.Cur.ID) {
			if !h.Article {
				h.By = c.By
			} else if h.By != c.By {
				h.By = ""
			}
			h.Article = true
		}
	}
	if !h.Article {
		return h, nil
	}
	id := s.Cur.ID
	if _, err := s.Reload(); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			s.Close()
			h.Article, h.Gone = false, true
			return h, nil
		}
		return h, fmt.Errorf("read %s again: %w", id, err)
	}
	s.keepSelection()
	return h, nil
}

// keepSelection drops a selected span that is no longer in the open
// article, and takes the stored version of the span under review.
func (s *Session) keepSelection() {
	if s.Sel.HasSpan() {
		if _, ok := s.Span(s.Sel.Span); !ok {
			s.Sel.SelectSpan("")
		}
	}
	if s.Review.Has {
		if sp, ok := s.Span(s.Review.Cur.ID); ok {
			s.Review.Cur = sp
		}
	}
}

// changedByOther reads the open article again after a write refused
// because another changed its span meanwhile (store.ChangedByOtherError),
// so that the window shows their version, and answers err.
func (s *Session) changedByOther(err error) error {
	if !errors.Is(err, store.ErrChangedByOther) || s.Cur == nil {
		return err
	}
	if _, rerr := s.Reload(); rerr == nil {
		s.keepSelection()
	}
	return err
}

// Conflict describes a ChangedByOtherError for the status bar: "ben
// changed PERSON s3 at 10:02; showing his version"; "" for other errors.
func Conflict(err error) string {
	var cb *store.ChangedByOtherError
	if !errors.As(err, &cb) {
		return ""
	}
	by := cb.By
	if by == "" {
		by = "someone else"
	}
	if cb.Deleted {
		return fmt.Sprintf("%s was deleted by someone else meanwhile; nothing was saved", cb.SpanID)
	}
	return fmt.Sprintf("%s changed %s %s at %s; showing that version (yours was not saved)",
		by, cb.Now.Label, cb.SpanID, cb.When.Local().Format("15:04:05"))
}

// undoConflict is the answer of an undo or redo that would write over
// another's change: the step is dropped from the history (it can never
// be made as recorded), the article read again.
func (s *Session) undoConflict(c annotate.Change, err error, drop func()) (annotate.Change, error) {
	if !errors.Is(err, store.ErrChangedByOther) {
		return c, err
	}
	drop()
	return c, s.changedByOther(fmt.Errorf("%s: %w (the step is dropped from the history)", c.Describe(), err))
}
