// Package session owns one person's editing of a spanmark database: the
// open article, the label set and claim schema, who is annotating, the
// undo history, and the article list (its filter and rows, read a page at
// a time). Every user action is a method that writes one transaction,
// records one undo step and returns what changed; the window renders the
// session and calls it, and tests drive it without a window.
//
// It must not import Fyne (or anything of the window): it sits between
// package store and package gui.
package session

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// Session is the editing state over one database. Its methods are not safe
// for concurrent use: the window calls them from its one goroutine.
type Session struct {
	ctx  context.Context
	db   *store.DB
	hist *annotate.History

	Labels    []annotate.Label
	Schema    annotate.ClaimSchema
	Annotator string

	Cur *annotate.Article   // the open article, nil when none is open
	Idx *annotate.RuneIndex // of Cur.Text
	Sel annotate.Selection  // what is selected in Cur: text or a span

	List       *ArticleList // the articles the list shows
	Review     ReviewState  // where review mode stands
	OnlyAuthor string       // show only this annotator's spans ("" all)
	TextSize   float32      // the article text size chosen (View ▸ zoom), 0: the theme's

	Adjudication Adjudication // where adjudication was left, per article

	armed   annotate.Label // the sticky label (Arm), when isArmed
	isArmed bool

	checking bool              // the database's whole-file check runs (check.go)
	pending  map[string]string // settings saved once it has passed
	refused  error             // it failed
}

// ReviewState is review mode's: on or off, the span under review, and the
// kind and pending choices that with the list's label and annotator make
// the spans it steps through (SpanFilter).
type ReviewState struct {
	On      bool
	Editing bool          // e was pressed: a label key relabels, Enter takes the selection as new bounds
	Cur     annotate.Span // the span under review (in Cur)
	Has     bool          // Cur is set
	Kind    annotate.Kind // "" any
	Pending bool          // only spans without a decision
}

// SpanFilter is the spans review mode steps through now.
func (s *Session) SpanFilter() annotate.SpanFilter {
	f := s.List.Filter()
	return annotate.SpanFilter{Label: f.Label, Annotator: f.Annotator, Kind: s.Review.Kind, Pending: s.Review.Pending}
}

// New reads the label set and claim schema of db; annotator is who tags.
// On PostgreSQL it is the database user ("" gives it): a team database
// lets each member write only her own spans, so another name there is an
// error.
func New(ctx context.Context, db *store.DB, annotator string) (*Session, error) {
	if db.Postgres() {
		if annotator != "" && annotator != db.User() {
			return nil, fmt.Errorf("on a PostgreSQL database you annotate as your database user %s, not %s (connect as %s to annotate as %s)",
				db.User(), annotator, annotator, annotator)
		}
		annotator = db.User()
	}
	s := &Session{ctx: ctx, db: db, hist: annotate.NewHistory(annotate.DefaultHistoryLimit), Annotator: annotator,
		Idx: annotate.NewRuneIndex(""), Sel: annotate.NoSelection(), List: newArticleList(ctx, db)}
	if err := s.ReloadLabels(); err != nil {
		return nil, err
	}
	schema, err := db.ClaimSchema(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the claim attributes: %w", err)
	}
	s.Schema = schema
	return s, nil
}

// DB is the database the session edits.
func (s *Session) DB() *store.DB { return s.db }

// History is the undo list (read it; change it through the session).
func (s *Session) History() *annotate.History { return s.hist }

// ReloadLabels reads the label set again (after the label editor or an
// import added labels).
func (s *Session) ReloadLabels() error {
	labels, err := s.db.Labels(s.ctx)
	if err != nil {
		return fmt.Errorf("read the label set: %w", err)
	}
	s.Labels = labels
	return nil
}

// Open makes article id the open one.
func (s *Session) Open(id string) error {
	a, err := s.db.Article(s.ctx, id)
	if err != nil {
		return err
	}
	s.Cur, s.Idx, s.Sel = a, annotate.NewRuneIndex(a.Text), annotate.NoSelection()
	return nil
}

// Close leaves no article open.
func (s *Session) Close() {
	s.Cur, s.Idx, s.Sel = nil, annotate.NewRuneIndex(""), annotate.NoSelection()
}

// Reload reads the open article again and reports whether its status
// changed.
func (s *Session) Reload() (statusChanged bool, err error) {
	if s.Cur == nil {
		return false, nil
	}
	a, err := s.db.Article(s.ctx, s.Cur.ID)
	if err != nil {
		return false, err
	}
	statusChanged = a.Status != s.Cur.Status
	s.Cur = a
	return statusChanged, nil
}

// Span is span id of the open article.
func (s *Session) Span(id string) (annotate.Span, bool) {
	if s.Cur == nil {
		return annotate.Span{}, false
	}
	for _, sp := range s.Cur.Spans {
		if sp.ID == id {
			return sp, true
		}
	}
	return annotate.Span{}, false
}

// ErrNoArticle is returned by actions on the open article when none is.
var ErrNoArticle = errors.New("no article is open")

// Commit applies c in one transaction, records it as one undo step (with
// the ids the store gave spans added without one), and reads the open
// article again.
func (s *Session) Commit(c annotate.Change) error {
	stamp := func(c *annotate.Change) {
		if c.Kind == annotate.ChangeUpdateSpan {
			// later than the version changed, even in its millisecond: the
			// store tells versions apart by this time (optimistic concurrency)
			now, next := time.Now(), c.Before.Updated.Truncate(time.Millisecond).Add(time.Millisecond)
			if now.Before(next) {
				now = next
			}
			c.Span.Updated = now
		}
	}
	stamp(&c)
	for i := range c.Batch {
		stamp(&c.Batch[i])
	}
	made, err := s.db.ApplyNew(s.wctx(), c)
	if err != nil {
		return s.changedByOther(err)
	}
	s.hist.Do(made)
	_, err = s.Reload()
	return err
}

// Tag adds a span of label l over start–end (code points) of the open
// article, by the session's annotator; a new claim gets the schema's
// defaults. An article still todo moves to in progress in the same step
// (undo moves it back).
func (s *Session) Tag(start, end int, l annotate.Label) (annotate.Span, error) {
	if s.Cur == nil {
		return annotate.Span{}, ErrNoArticle
	}
	was := s.Cur.Status
	sp, err := s.db.AddSpan(s.wctx(), s.Cur.ID, annotate.Span{
		Start: start, End: end, Label: l.Name, Kind: l.Kind, Annotator: s.Annotator,
		Attrs: s.Defaults(l.Kind),
	})
	if errors.Is(err, store.ErrSpanExists) { // made meanwhile in another window of the same annotator
		if _, rerr := s.Reload(); rerr == nil {
			if old, ok := s.tagged(start, end, l); ok {
				return old, &AlreadyTaggedError{Span: old}
			}
		}
	}
	if err != nil {
		return annotate.Span{}, fmt.Errorf("add %s span: %w", l.Name, err)
	}
	c := annotate.Change{Kind: annotate.ChangeAddSpan, ArticleID: s.Cur.ID, Span: sp}
	if was == annotate.StatusTodo { // the store moved it on in the same transaction
		c = annotate.Change{Kind: annotate.ChangeBatch, ArticleID: s.Cur.ID, What: c.Describe(), Batch: []annotate.Change{c,
			{Kind: annotate.ChangeSetStatus, ArticleID: s.Cur.ID, Status: annotate.StatusInProgress, BeforeStatus: was}}}
	}
	s.hist.Do(c)
	_, err = s.Reload()
	return sp, err
}

// ErrNothingSelected is TagSelection's and DeleteSelected's answer when
// the selection holds no text or no span.
var ErrNothingSelected = errors.New("nothing selected")

// AlreadyTaggedError is TagSelection's answer when the selected text
// already has a span of that label: the same span twice helps nobody.
type AlreadyTaggedError struct{ Span annotate.Span }

func (e *AlreadyTaggedError) Error() string {
	return fmt.Sprintf("%q is already tagged %s", e.Span.Text, e.Span.Label)
}

// TagSelection tags the selected text with l (Tag) and selects the new
// span; with keepText the text stays selected instead, for another label.
// Selected text that already carries l selects that span and answers
// AlreadyTaggedError; no selected text answers ErrNothingSelected.
func (s *Session) TagSelection(l annotate.Label, keepText bool) (annotate.Span, error) {
	if s.Cur == nil {
		return annotate.Span{}, ErrNoArticle
	}
	start, end, ok := s.Sel.Range()
	if !ok {
		return annotate.Span{}, ErrNothingSelected
	}
	if old, ok := s.tagged(start, end, l); ok {
		s.Sel.SelectSpan(old.ID)
		return old, &AlreadyTaggedError{Span: old}
	}
	sp, err := s.Tag(start, end, l)
	if err != nil {
		return annotate.Span{}, err
	}
	if keepText {
		s.Sel.SelectRange(start, end)
	} else {
		s.Sel.SelectSpan(sp.ID)
	}
	return sp, nil
}

// TagAt tags code points start–end with l (Tag) and leaves nothing
// selected, so that the next word can be tagged at once: the word under
// the mouse pointer, or what is picked while a label is armed. A span of
// l already there answers AlreadyTaggedError.
func (s *Session) TagAt(start, end int, l annotate.Label) (annotate.Span, error) {
	if s.Cur == nil {
		return annotate.Span{}, ErrNoArticle
	}
	if old, ok := s.tagged(start, end, l); ok {
		return old, &AlreadyTaggedError{Span: old}
	}
	sp, err := s.Tag(start, end, l)
	if err != nil {
		return annotate.Span{}, err
	}
	s.Sel = annotate.NoSelection()
	return sp, nil
}

// tagged is the span of label l over exactly start–end, if there is one.
func (s *Session) tagged(start, end int, l annotate.Label) (annotate.Span, bool) {
	for _, old := range s.Cur.Spans {
		if old.Start == start && old.End == end && old.Label == l.Name {
			return old, true
		}
	}
	return annotate.Span{}, false
}

// DeleteSelected deletes the selected span (Delete) and unselects it.
func (s *Session) DeleteSelected() (annotate.Span, error) {
	if !s.Sel.HasSpan() {
		return annotate.Span{}, ErrNothingSelected
	}
	sp, err := s.Delete(s.Sel.Span)
	if err != nil {
		return annotate.Span{}, err
	}
	s.Sel.SelectSpan("")
	return sp, nil
}

// Defaults is the attributes a new span of kind gets: for a claim, the
// schema's defaults (verdict unverified); nil otherwise.
func (s *Session) Defaults(kind annotate.Kind) map[string]string {
	if kind != annotate.KindClaim {
		return nil
	}
	var m map[string]string
	for _, a := range s.Schema {
		if a.Default != "" {
			if m == nil {
				m = map[string]string{}
			}
			m[a.Name] = a.Default
		}
	}
	return m
}

// Update writes after over before (same id) as one step.
func (s *Session) Update(before, after annotate.Span) error {
	if s.Cur == nil {
		return ErrNoArticle
	}
	return s.Commit(annotate.Change{Kind: annotate.ChangeUpdateSpan, ArticleID: s.Cur.ID, Before: before, Span: after})
}

// Resize moves span id of the open article to code points start–end as
// one step, keeping its id, label, attributes, links and review decision.
// It refuses bounds outside the text or empty, a first or last character
// that is white space, and bounds where an identical span (same label, kind
// and annotator) is already; then nothing is written. The same bounds
// again are no change and no step.
func (s *Session) Resize(id string, start, end int) (annotate.Span, error) {
	if s.Cur == nil {
		return annotate.Span{}, ErrNoArticle
	}
	before, ok := s.Span(id)
	if !ok {
		return annotate.Span{}, fmt.Errorf("resize %s: %w", id, store.ErrNotFound)
	}
	if start == before.Start && end == before.End {
		return before, nil
	}
	if err := s.checkBounds(before, start, end); err != nil {
		return annotate.Span{}, fmt.Errorf("resize %s %s to %d–%d: %w", before.Label, id, start, end, err)
	}
	after := before
	after.Start, after.End, after.Text = start, end, s.Idx.Slice(start, end)
	if err := s.Update(before, after); err != nil {
		return annotate.Span{}, err
	}
	after, _ = s.Span(id)
	return after, nil
}

// checkBounds says why sp may not move to code points start–end.
func (s *Session) checkBounds(sp annotate.Span, start, end int) error {
	n := s.Idx.Len()
	switch {
	case start >= end:
		return errors.New("the span would be empty")
	case start < 0 || end > n:
		return fmt.Errorf("the bounds are outside the text (%d code points)", n)
	case isSpace(s.Idx.Slice(start, start+1)):
		return errors.New("it would start on white space")
	case isSpace(s.Idx.Slice(end-1, end)):
		return errors.New("it would end on white space")
	}
	for _, o := range s.Cur.Spans {
		if o.ID != sp.ID && o.Start == start && o.End == end && o.Label == sp.Label && o.Kind == sp.Kind && o.Annotator == sp.Annotator {
			return fmt.Errorf("an identical span %s %s %d–%d by %s is there already", o.ID, o.Label, start, end, o.Annotator)
		}
	}
	return nil
}

func isSpace(ch string) bool {
	r, _ := utf8.DecodeRuneInString(ch)
	return unicode.IsSpace(r)
}

// KindChange plans after in place of before when their kinds differ: the
// SPEAKER/ABOUT links the new kind cannot keep are removed and a claim's
// attributes dropped (a new claim gets the schema's defaults), all as one
// change. lose says what would go, for the person to confirm; it is empty
// when nothing does.
func (s *Session) KindChange(before, after annotate.Span) (c annotate.Change, lose []string) {
	var unlink []annotate.Change
	var links []string
	for _, r := range s.Cur.Rels {
		if !annotate.ClaimRelation(r.Label) {
			continue
		}
		if (r.Head == before.ID && after.Kind != annotate.KindClaim) || (r.Child == before.ID && after.Kind != annotate.KindEntity) {
			unlink = append(unlink, annotate.Change{Kind: annotate.ChangeDeleteRelation, ArticleID: s.Cur.ID, Rel: r})
			links = append(links, fmt.Sprintf("%s %s→%s", r.Label, r.Head, r.Child))
		}
	}
	attrs := maps.Clone(after.Attrs)
	var dropped []string
	if before.Kind == annotate.KindClaim && after.Kind != annotate.KindClaim {
		for _, a := range s.Schema {
			if _, ok := attrs[a.Name]; ok {
				dropped = append(dropped, a.Name)
				delete(attrs, a.Name)
			}
		}
	}
	if after.Kind == annotate.KindClaim {
		for k, v := range s.Defaults(annotate.KindClaim) {
			if _, ok := attrs[k]; !ok {
				if attrs == nil {
					attrs = map[string]string{}
				}
				attrs[k] = v
			}
		}
	}
	if len(attrs) == 0 {
		attrs = nil
	}
	after.Attrs = attrs
	update := annotate.Change{Kind: annotate.ChangeUpdateSpan, ArticleID: s.Cur.ID, Before: before, Span: after}
	if len(links) > 0 {
		lose = append(lose, fmt.Sprintf("its link%s %s", plural(len(links)), strings.Join(links, ", ")))
	}
	if len(dropped) > 0 {
		slices.Sort(dropped)
		lose = append(lose, "its claim attribute"+plural(len(dropped))+" "+strings.Join(dropped, ", "))
	}
	if len(unlink) == 0 {
		return update, lose
	}
	return annotate.Change{Kind: annotate.ChangeBatch, ArticleID: s.Cur.ID, What: "relabel " + before.Label + " → " + after.Label,
		Batch: append(unlink, update)}, lose
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Delete removes span id of the open article with its relations.
func (s *Session) Delete(id string) (annotate.Span, error) {
	if s.Cur == nil {
		return annotate.Span{}, ErrNoArticle
	}
	seen, ok := s.Span(id)
	if !ok {
		seen.ID = id // not shown: delete whatever is stored
	}
	sp, rels, err := s.db.DeleteSeenSpan(s.wctx(), s.Cur.ID, seen)
	if err != nil {
		return annotate.Span{}, s.changedByOther(fmt.Errorf("delete %s: %w", id, err))
	}
	s.hist.Do(annotate.Change{Kind: annotate.ChangeDeleteSpan, ArticleID: s.Cur.ID, Span: sp, Rels: rels})
	_, err = s.Reload()
	return sp, err
}

// Decide records the session annotator's review decision r on span id,
// with the time; ReviewNone clears the decision. It is the one way a
// decision is made (the Alt keys and review mode alike); edit, when not
// nil, changes the span in the same step (review mode's edit and accept).
// changed is false when the span already had that decision by this
// reviewer and edit changed nothing.
func (s *Session) Decide(id string, r annotate.Review, edit func(*annotate.Span)) (after annotate.Span, changed bool, err error) {
	before, ok := s.Span(id)
	if !ok {
		return annotate.Span{}, false, fmt.Errorf("span %s: %w", id, store.ErrNotFound)
	}
	after = annotate.Decide(before, r, s.Annotator, time.Now())
	if before.Review == annotate.ReviewSuggested && r == annotate.ReviewAccepted {
		after.Annotator = s.Annotator // an accepted suggestion is an ordinary span of the person
	}
	if before.Review == annotate.ReviewSuggested && r == annotate.ReviewNone {
		after.Review, after.Reviewer, after.Reviewed = annotate.ReviewSuggested, "", before.Reviewed // clearing leaves it a suggestion
	}
	if edit != nil {
		edit(&after)
	}
	if edit == nil && after.Review == before.Review && after.Reviewer == before.Reviewer {
		return before, false, nil
	}
	if err := s.Update(before, after); err != nil {
		return annotate.Span{}, false, err
	}
	after, _ = s.Span(id)
	return after, true, nil
}

// SetStatus sets the open article's status.
func (s *Session) SetStatus(st annotate.Status) error {
	if s.Cur == nil {
		return ErrNoArticle
	}
	if s.Cur.Status == st {
		return nil
	}
	return s.Commit(annotate.Change{Kind: annotate.ChangeSetStatus, ArticleID: s.Cur.ID, Status: st, BeforeStatus: s.Cur.Status})
}

// StatusIsMine reports whether the window's status keys set the
// annotator's own status of an article (SetMyStatus) rather than the
// article's: for an annotator on a team database, where the article's
// status is the reviewers' to set (she only starts an article by tagging).
func (s *Session) StatusIsMine() bool {
	return s.db.Team() && s.db.TeamRole() == store.RoleAnnotator
}

// MyStatus is the open article's status for the session's annotator.
func (s *Session) MyStatus() (annotate.Status, error) {
	if s.Cur == nil {
		return "", ErrNoArticle
	}
	have, err := s.db.AnnotatorStatuses(s.ctx, s.Cur.ID)
	return have[s.Annotator], err
}

// SetMyStatus sets the open article's status for the session's annotator
// ("" removes it); changed is false when it was that already.
func (s *Session) SetMyStatus(st annotate.Status) (changed bool, err error) {
	have, err := s.MyStatus()
	if err != nil || have == st {
		return false, err
	}
	return true, s.Commit(annotate.Change{Kind: annotate.ChangeSetStatus, ArticleID: s.Cur.ID, Annotator: s.Annotator, Status: st, BeforeStatus: have})
}

// Link adds relation r to the open article.
func (s *Session) Link(r annotate.Relation) error {
	if s.Cur == nil {
		return ErrNoArticle
	}
	return s.Commit(annotate.Change{Kind: annotate.ChangeAddRelation, ArticleID: s.Cur.ID, Rel: r})
}

// Unlink removes relation r of the open article.
func (s *Session) Unlink(r annotate.Relation) error {
	if s.Cur == nil {
		return ErrNoArticle
	}
	return s.Commit(annotate.Change{Kind: annotate.ChangeDeleteRelation, ArticleID: s.Cur.ID, Rel: r})
}

// DeleteArticle deletes the open article with everything on it and leaves
// none open; undo brings it back whole.
func (s *Session) DeleteArticle() (annotate.Change, error) {
	if s.Cur == nil {
		return annotate.Change{}, ErrNoArticle
	}
	c, err := s.db.DeleteArticle(s.wctx(), s.Cur.ID)
	if err != nil {
		return annotate.Change{}, err
	}
	s.hist.Do(c)
	s.Close()
	return c, nil
}

// Undo reverts the last change, in whatever article it was made, and
// returns the change applied (the inverse of the one undone). The caller
// shows the article it names (Open, or Reload when it is open).
// A change another person made since to a span the step touches is not
// written over: the step is dropped from the history, and the error (a
// store.ChangedByOtherError) says who.
func (s *Session) Undo() (annotate.Change, error) {
	c, err := s.hist.Undo(s.apply)
	return s.undoConflict(c, err, s.hist.DropUndo)
}

// Redo makes the last undone change again and returns it (a step another
// person's change stands in the way of is dropped, as in Undo).
func (s *Session) Redo() (annotate.Change, error) {
	c, err := s.hist.Redo(s.apply)
	return s.undoConflict(c, err, s.hist.DropRedo)
}

func (s *Session) apply(c annotate.Change) error { return s.db.Apply(s.wctx(), c) }

// wctx is the context of a write: it names the session's annotator as the
// writer (the span's last writer, and who the others' windows hear).
func (s *Session) wctx() context.Context { return store.WithWho(s.ctx, s.Annotator) }

// AcceptSuggested accepts every suggestion of label in the open article
// (any label when label is ""), as one step; it returns how many.
func (s *Session) AcceptSuggested(label string) (int, error) {
	if s.Cur == nil {
		return 0, ErrNoArticle
	}
	var batch []annotate.Change
	now := time.Now()
	for _, sp := range s.Cur.Spans {
		if sp.Review != annotate.ReviewSuggested || (label != "" && sp.Label != label) {
			continue
		}
		after := annotate.Decide(sp, annotate.ReviewAccepted, s.Annotator, now)
		after.Annotator = s.Annotator
		batch = append(batch, annotate.Change{Kind: annotate.ChangeUpdateSpan, ArticleID: s.Cur.ID, Before: sp, Span: after})
	}
	if len(batch) == 0 {
		return 0, nil
	}
	what := fmt.Sprintf("accept %d suggested %s", len(batch), label)
	return len(batch), s.Commit(annotate.Change{Kind: annotate.ChangeBatch, ArticleID: s.Cur.ID, What: strings.TrimSpace(what), Batch: batch})
}

// Suggest adds the matches of m as suggested spans, in the open article
// or (everywhere) in every article, as one step: undo removes them all.
// progress may be nil.
func (s *Session) Suggest(ctx context.Context, m *annotate.Matcher, everywhere bool, progress func(done, total int)) (store.SuggestResult, error) {
	if s.Cur == nil && !everywhere {
		return store.SuggestResult{}, ErrNoArticle
	}
	opt := store.SuggestOptions{Matcher: m, Annotator: "patterns", Record: true, Progress: progress}
	if !everywhere {
		opt.ArticleIDs = []string{s.Cur.ID}
	}
	res, err := s.db.Suggest(ctx, opt)
	if err != nil {
		return res, err
	}
	return res, s.Recorded(res)
}

// Recorded takes what store.Suggest (with Record) added as one undo step,
// and reads the labels and the open article again. (The window runs
// Suggest over every article on a goroutine, then this on its own.)
func (s *Session) Recorded(res store.SuggestResult) error {
	if len(res.Added) > 0 {
		at := res.Added[0].ArticleID
		if s.Cur != nil {
			at = s.Cur.ID
		}
		s.hist.Do(annotate.Change{Kind: annotate.ChangeBatch, ArticleID: at, What: fmt.Sprintf("suggest %d spans", len(res.Added)), Batch: res.Added})
	}
	if len(res.NewLabels) > 0 {
		if err := s.ReloadLabels(); err != nil {
			return err
		}
	}
	_, err := s.Reload()
	return err
}

// Occurrences is the matcher that suggests sp's label on every
// whole-token occurrence of sp's exact text ("label all occurrences").
func Occurrences(sp annotate.Span) (*annotate.Matcher, error) {
	ps, err := annotate.ReadPatterns(strings.NewReader(sp.Label+"\t"+strings.Join(strings.Fields(sp.Text), " ")+"\n"), false)
	if err != nil {
		return nil, err
	}
	return annotate.NewMatcher(ps), nil
}
