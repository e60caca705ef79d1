package gui

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/spanmark/spanmark/annotate"
)

// labelForRune is the label whose key is r (letters match either case).
func (u *ui) labelForRune(r rune) (annotate.Label, bool) {
	for _, l := range u.labels {
		k := []rune(l.Key)
		if len(k) == 1 && (k[0] == r || unicode.ToLower(k[0]) == unicode.ToLower(r)) {
			return l, true
		}
	}
	return annotate.Label{}, false
}

// typedRune handles a key typed while no text field has the keyboard.
func (u *ui) typedRune(r rune) {
	if u.win.Canvas().Overlays().Top() != nil {
		return // a dialog is open: its keys are not label keys
	}
	if u.claims.typedRune(r) { // y/n/u, s, a while a claim is selected
		return
	}
	if l, ok := u.labelForRune(r); ok {
		u.applyLabel(l, false)
	}
}

// applyLabel tags the selected text with l, or relabels the selected span.
// keepSelection (the palette) leaves the text selected for another label;
// a key selects the new span, so a second key press corrects its label.
func (u *ui) applyLabel(l annotate.Label, keepSelection bool) {
	if u.cur == nil {
		return
	}
	if id, ok := u.view.SelectedSpan(); ok {
		u.relabel(id, l)
		return
	}
	start, end, ok := u.view.Selection()
	if !ok || start >= end {
		u.bar.hint("select some text first, then press a label key or click a label")
		return
	}
	for _, old := range u.cur.Spans {
		if old.Start == start && old.End == end && old.Label == l.Name {
			u.view.SelectSpan(old.ID) // the same span twice helps nobody
			u.bar.hint(fmt.Sprintf("%q is already tagged %s", clipText(old.Text), l.Name))
			return
		}
	}
	s, err := u.db.AddSpan(u.ctx, u.cur.ID, annotate.Span{
		Start: start, End: end, Label: l.Name, Kind: l.Kind, Annotator: u.annotator,
		Attrs: u.claims.defaults(l.Kind), // a new claim is unverified
	})
	if err != nil {
		u.bar.fail(fmt.Errorf("add %s span: %w", l.Name, err))
		return
	}
	u.hist.Do(annotate.Change{Kind: annotate.ChangeAddSpan, ArticleID: u.cur.ID, Span: s})
	if err := u.reloadSpans(); err != nil {
		u.bar.fail(err)
		return
	}
	if keepSelection {
		u.view.SetSelection(start, end)
	} else {
		u.view.SelectSpan(s.ID)
	}
	u.refreshHint()
	u.saved(fmt.Sprintf("%s %q", s.Label, clipText(s.Text)))
}

// relabel gives span id label l (and l's kind).
func (u *ui) relabel(id string, l annotate.Label) {
	before, ok := u.spanByID(id)
	if !ok {
		return
	}
	if before.Label == l.Name {
		return
	}
	after := before
	after.Label, after.Kind = l.Name, l.Kind
	u.updateSpan(before, after, fmt.Sprintf("%s → %s", before.Label, l.Name))
}

// deleteSelected removes the selected span and its relations.
func (u *ui) deleteSelected() {
	if u.cur == nil {
		return
	}
	id, ok := u.view.SelectedSpan()
	if !ok {
		return
	}
	s, rels, err := u.db.DeleteSpan(u.ctx, u.cur.ID, id)
	if err != nil {
		u.bar.fail(fmt.Errorf("delete %s: %w", id, err))
		return
	}
	u.hist.Do(annotate.Change{Kind: annotate.ChangeDeleteSpan, ArticleID: u.cur.ID, Span: s, Rels: rels})
	if err := u.reloadSpans(); err != nil {
		u.bar.fail(err)
		return
	}
	u.view.SelectSpan("")
	u.refreshHint()
	u.saved(fmt.Sprintf("deleted %s %q", s.Label, clipText(s.Text)))
}

// setStatus sets the open article's status, undoably.
func (u *ui) setStatus(st annotate.Status) bool {
	if u.cur == nil || u.cur.Status == st {
		return u.cur != nil
	}
	c := annotate.Change{Kind: annotate.ChangeSetStatus, ArticleID: u.cur.ID, Status: st, BeforeStatus: u.cur.Status}
	if err := u.db.SetStatus(u.ctx, u.cur.ID, st); err != nil {
		u.bar.fail(fmt.Errorf("set status of %s: %w", u.cur.ID, err))
		return false
	}
	u.hist.Do(c)
	if err := u.reloadSpans(); err != nil {
		u.bar.fail(err)
		return false
	}
	u.saved(u.cur.ID + " " + statusText(st))
	return true
}

// doneAndNext marks the open article done and opens the next unfinished one.
func (u *ui) doneAndNext() {
	if u.setStatus(annotate.StatusDone) {
		u.nextUnfinished(false)
	}
}

// apply writes a change from the history to the store.
func (u *ui) apply(c annotate.Change) error {
	switch c.Kind {
	case annotate.ChangeAddSpan:
		return u.db.RestoreSpan(u.ctx, c.ArticleID, c.Span, c.Rels)
	case annotate.ChangeDeleteSpan:
		_, _, err := u.db.DeleteSpan(u.ctx, c.ArticleID, c.Span.ID)
		return err
	case annotate.ChangeUpdateSpan:
		return u.db.UpdateSpan(u.ctx, c.ArticleID, c.Span)
	case annotate.ChangeSetStatus:
		if c.Annotator != "" {
			return u.db.SetAnnotatorStatus(u.ctx, c.ArticleID, c.Annotator, c.Status)
		}
		return u.db.SetStatus(u.ctx, c.ArticleID, c.Status)
	case annotate.ChangeAddRelation:
		return u.db.AddRelation(u.ctx, c.ArticleID, c.Rel)
	case annotate.ChangeDeleteRelation:
		return u.db.DeleteRelation(u.ctx, c.ArticleID, c.Rel)
	case annotate.ChangeBatch:
		for _, b := range c.Batch {
			if err := u.apply(b); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unknown change %d", c.Kind)
}

// undo reverts the last change, in whatever article it was made.
func (u *ui) undo() { u.step(u.hist.Undo, "undid") }

// redo makes the last undone change again.
func (u *ui) redo() { u.step(u.hist.Redo, "redid") }

func (u *ui) step(move func(func(annotate.Change) error) (annotate.Change, error), verb string) {
	c, err := move(u.apply)
	what := c.Describe() // of the change as the user made it
	if verb == "undid" {
		what = c.Inverse().Describe()
	}
	switch {
	case errors.Is(err, annotate.ErrNothingToUndo), errors.Is(err, annotate.ErrNothingToRedo):
		u.bar.hint(err.Error())
		return
	case err != nil:
		u.bar.fail(fmt.Errorf("%s %s failed: %w", verb, what, err))
		return
	}
	if u.cur == nil || u.cur.ID != c.ArticleID {
		// Show the article the change was made in, so nothing changes unseen.
		if err := u.open(c.ArticleID); err != nil {
			u.bar.fail(err)
			return
		}
	} else if err := u.reloadSpans(); err != nil {
		u.bar.fail(err)
		return
	}
	switch c.Kind {
	case annotate.ChangeAddSpan, annotate.ChangeUpdateSpan:
		u.view.SelectSpan(c.Span.ID)
		u.view.ScrollToOffset(c.Span.Start)
	case annotate.ChangeDeleteSpan:
		u.view.SelectSpan("")
		u.view.ScrollToOffset(c.Span.Start)
	case annotate.ChangeAddRelation, annotate.ChangeDeleteRelation:
		u.view.SelectSpan(c.Rel.Head) // the claim, with its links in the inspector
	}
	u.refreshHint()
	u.saved(verb + " " + what)
}

// refreshHint describes what the view has selected now.
func (u *ui) refreshHint() {
	u.claims.refresh()
	if id, ok := u.view.SelectedSpan(); ok {
		u.bar.hint(u.spanHint(id))
		return
	}
	if s, e, ok := u.view.Selection(); ok {
		u.bar.hint(u.selectionHint(s, e))
		return
	}
	u.bar.hint("")
}

func (u *ui) spanByID(id string) (annotate.Span, bool) {
	for _, s := range u.cur.Spans {
		if s.ID == id {
			return s, true
		}
	}
	return annotate.Span{}, false
}

// selectionHint describes a text selection for the status bar.
func (u *ui) selectionHint(start, end int) string {
	if u.cur == nil || start >= end {
		return ""
	}
	return fmt.Sprintf("selected %d–%d %q: press a label key", start, end, clipText(u.idx.Slice(start, end)))
}

// spanHint describes a selected span for the status bar.
func (u *ui) spanHint(id string) string {
	if u.cur == nil {
		return ""
	}
	s, ok := u.spanByID(id)
	if !ok {
		return ""
	}
	who := ""
	if s.Annotator != "" {
		who = " by " + s.Annotator
	}
	if s.Review != annotate.ReviewNone {
		who += fmt.Sprintf(", %s by %s", s.Review, s.Reviewer)
	}
	return fmt.Sprintf("%s %s %d–%d %q%s — a key relabels, Enter edits, Delete removes", s.ID, s.Label, s.Start, s.End, clipText(s.Text), who)
}

// clipLabel shortens a label (or id) for a place where its full length
// could push a pane off the window: labels may be 256 bytes long.
func clipLabel(s string) string {
	r := []rune(s)
	if len(r) > 24 {
		return string(r[:23]) + "…"
	}
	return s
}

func clipText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}
