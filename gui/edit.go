package gui

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"fyne.io/fyne/v2/dialog"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/session"
)

// labelForRune is the label whose key is r (letters match either case).
func (u *ui) labelForRune(r rune) (annotate.Label, bool) {
	for _, l := range u.s.Labels {
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
	if u.suggestionRune(r) { // a, x, A while a suggestion is selected
		return
	}
	if u.claims.typedRune(r) { // y/n/u, s, a while a claim is selected
		return
	}
	if l, ok := u.labelForRune(r); ok {
		u.applyLabel(l, false)
	}
}

// applyLabel tags the selected text with l, or relabels the selected span;
// with nothing selected, a key tags the word under the mouse pointer.
// keepSelection (the palette) leaves the text selected for another label;
// a key selects the new span, so a second key press corrects its label.
func (u *ui) applyLabel(l annotate.Label, keepSelection bool) {
	if u.s.Cur == nil {
		return
	}
	if id, ok := u.view.SelectedSpan(); ok {
		u.relabel(id, l)
		return
	}
	s, err := u.s.TagSelection(l, keepSelection)
	if errors.Is(err, session.ErrNothingSelected) {
		if !keepSelection && u.tagHovered(l) {
			return
		}
		u.bar.hint("select some text or point at a word, then press a label key; click a label with nothing selected to keep tagging with it")
		return
	}
	u.tagDone(s, err, l, true, !keepSelection)
}

// tagDone shows what a tag with l did: the new span s saved (selected when
// selectNew), a span of l already there (selected when selectDup), or err.
func (u *ui) tagDone(s annotate.Span, err error, l annotate.Label, selectDup, selectNew bool) {
	var dup *session.AlreadyTaggedError
	switch {
	case errors.As(err, &dup):
		if selectDup {
			u.view.SelectSpan(dup.Span.ID) // drawn and scrolled to
		}
		u.bar.hint(fmt.Sprintf("%q is already tagged %s", clipText(dup.Span.Text), l.Name))
		return
	case err != nil:
		u.bar.fail(err)
		return
	}
	u.showSpans()
	if selectNew {
		u.view.SelectSpan(s.ID) // scrolls it into view
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
	u.changeSpan(before, after, fmt.Sprintf("%s → %s", before.Label, l.Name))
}

// changeSpan writes after in place of before, undoably. When the kind
// changes, what the new kind cannot keep goes with it in the same step —
// the SPEAKER/ABOUT links that need a claim at one end and an entity at the
// other, and a claim's attributes — once the person has confirmed; a new
// claim gets the schema's defaults. The store refuses a change that would
// leave a link between the wrong kinds, as import does.
func (u *ui) changeSpan(before, after annotate.Span, what string) {
	if before.Kind == after.Kind {
		u.updateSpan(before, after, what)
		return
	}
	c, lose := u.s.KindChange(before, after)
	if len(lose) == 0 {
		u.commit(c, after.ID, what)
		return
	}
	msg := fmt.Sprintf("%s %s %q becomes %s, %s.\nThat removes %s.\nCtrl+Z brings all of it back.",
		before.Label, before.ID, clipText(before.Text), after.Label, kindText(after.Kind), strings.Join(lose, " and "))
	d := dialog.NewConfirm("Change "+before.ID+" to "+kindText(after.Kind)+"?", msg, func(ok bool) {
		if ok {
			u.commit(c, after.ID, what)
		}
		u.focusView()
	}, u.win)
	d.SetConfirmText("Relabel")
	d.SetDismissText("Cancel")
	u.show(d)
}

func kindText(k annotate.Kind) string {
	if k == annotate.KindClaim {
		return "a claim"
	}
	return "an entity"
}

// commit writes c (a batch in one transaction), records it as one step of
// the history, and shows span id selected ("" keeps the selection).
func (u *ui) commit(c annotate.Change, id, what string) bool {
	if err := u.s.Commit(c); err != nil {
		u.bar.fail(fmt.Errorf("%s: %w", what, err))
		return false
	}
	u.showSpans()
	if id != "" {
		u.view.SelectSpan(id)
	}
	u.refreshHint()
	u.saved(what)
	return true
}

// deleteSelected removes the selected span and its relations.
func (u *ui) deleteSelected() {
	if u.s.Cur == nil {
		return
	}
	s, err := u.s.DeleteSelected()
	if errors.Is(err, session.ErrNothingSelected) {
		return
	}
	if err != nil {
		u.bar.fail(err)
		return
	}
	u.showSpans()
	u.refreshHint()
	u.saved(fmt.Sprintf("deleted %s %q", s.Label, clipText(s.Text)))
}

// setStatus sets the open article's status, undoably; for an annotator on
// a team database, whose article status is the reviewers', her own.
func (u *ui) setStatus(st annotate.Status) bool {
	if u.s.Cur != nil && u.s.StatusIsMine() {
		return u.setMyStatus(st)
	}
	if u.s.Cur == nil || u.s.Cur.Status == st {
		return u.s.Cur != nil
	}
	if err := u.s.SetStatus(st); err != nil {
		u.bar.fail(fmt.Errorf("set status of %s: %w", u.s.Cur.ID, err))
		return false
	}
	u.showSpans()
	u.saved(u.s.Cur.ID + " " + statusText(st))
	return true
}

// doneAndNext marks the open article done and opens the next unfinished one.
func (u *ui) doneAndNext() {
	if u.setStatus(annotate.StatusDone) {
		u.nextUnfinished(false)
	}
}

// undo reverts the last change, in whatever article it was made.
func (u *ui) undo() { u.step(u.s.Undo, "undid") }

// redo makes the last undone change again.
func (u *ui) redo() { u.step(u.s.Redo, "redid") }

func (u *ui) step(move func() (annotate.Change, error), verb string) {
	u.commitPending()
	c, err := move()
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
	switch c.Kind {
	case annotate.ChangeDeleteArticle:
		u.articleGone(c.ArticleID, u.s.Cur != nil && u.s.Cur.ID == c.ArticleID)
		u.saved(verb + " " + what)
		return
	case annotate.ChangeAddArticle:
		u.reloadListOrReport()
	}
	if u.s.Cur == nil || u.s.Cur.ID != c.ArticleID {
		// Show the article the change was made in, so nothing changes unseen.
		if err := u.open(c.ArticleID); err != nil {
			u.bar.fail(err)
			return
		}
	} else if err := u.reloadSpans(); err != nil {
		u.bar.fail(err)
		return
	}
	switch f := focusOf(c); f.Kind {
	case annotate.ChangeAddSpan, annotate.ChangeUpdateSpan:
		u.view.SelectSpan(f.Span.ID)
		u.view.ScrollToOffset(f.Span.Start)
	case annotate.ChangeDeleteSpan:
		u.view.SelectSpan("")
		u.view.ScrollToOffset(f.Span.Start)
	case annotate.ChangeAddRelation, annotate.ChangeDeleteRelation:
		u.view.SelectSpan(f.Rel.Head) // the claim, with its links in the inspector
	}
	u.refreshHint()
	u.saved(verb + " " + what)
}

// focusOf is the change of c that the view shows after an undo or redo: c,
// or in a batch its last change to a span (or else its first change).
func focusOf(c annotate.Change) annotate.Change {
	if c.Kind != annotate.ChangeBatch || len(c.Batch) == 0 {
		return c
	}
	for i := len(c.Batch) - 1; i >= 0; i-- {
		switch c.Batch[i].Kind {
		case annotate.ChangeAddSpan, annotate.ChangeUpdateSpan, annotate.ChangeDeleteSpan:
			return c.Batch[i]
		}
	}
	return c.Batch[0]
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
	for _, s := range u.s.Cur.Spans {
		if s.ID == id {
			return s, true
		}
	}
	return annotate.Span{}, false
}

// selectionHint describes a text selection for the status bar.
func (u *ui) selectionHint(start, end int) string {
	if u.s.Cur == nil || start >= end {
		return ""
	}
	return fmt.Sprintf("selected %d–%d %q: press a label key", start, end, clipText(u.s.Idx.Slice(start, end)))
}

// spanHint describes a selected span for the status bar.
func (u *ui) spanHint(id string) string {
	if u.s.Cur == nil {
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
	switch s.Review {
	case annotate.ReviewNone:
	case annotate.ReviewSuggested:
		return fmt.Sprintf("%s %s %d–%d %q suggested%s — a accepts, x rejects, Shift+A accepts every %s suggestion here", s.ID, s.Label, s.Start, s.End, clipText(s.Text), who, s.Label)
	default:
		who += fmt.Sprintf(", %s by %s", s.Review, s.Reviewer)
	}
	return fmt.Sprintf("%s %s %d–%d %q%s — a key relabels, Enter edits, Delete removes, drag an edge or Shift+Alt+←/→ resizes", s.ID, s.Label, s.Start, s.End, clipText(s.Text), who) +
		u.labelGuide(s.Label)
}

// labelGuide is " · LABEL: description" for a label with a description.
func (u *ui) labelGuide(name string) string {
	for _, l := range u.s.Labels {
		if l.Name == name && l.Description != "" {
			return " · " + l.Name + ": " + clipLong(l.Description, 120)
		}
	}
	return ""
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

// clipText shortens a span's text for a message: white space made single
// spaces, and characters that are not printed (a zero-width joiner, bidi
// marks) left out, so that %q shows no \u200d escapes.
func clipText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, s)
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}
