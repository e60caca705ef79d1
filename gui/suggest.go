package gui

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/session"
	"github.com/spanmark/spanmark/store"
)

// Suggestions in the window. A suggested span (a pattern's match, or an
// occurrence of a tagged text) is drawn hollow with a "?" tag; while one is
// selected, a accepts it (an ordinary span of yours, accepted), x rejects
// it (kept as rejected, so it is not suggested again) and A accepts every
// suggestion of its label in the article — each one undoable step.
const (
	keyAcceptSuggestion    = 'a'
	keyRejectSuggestion    = 'x'
	keyAcceptAllSuggestion = 'A'
)

// selectedSuggestion is the selected span when it is a suggestion.
func (u *ui) selectedSuggestion() (annotate.Span, bool) {
	if u.s.Cur == nil {
		return annotate.Span{}, false
	}
	id, ok := u.view.SelectedSpan()
	if !ok {
		return annotate.Span{}, false
	}
	sp, ok := u.s.Span(id)
	return sp, ok && sp.Review == annotate.ReviewSuggested
}

// suggestionRune handles a, x and A on a selected suggestion; false when r
// is none of them or no suggestion is selected.
func (u *ui) suggestionRune(r rune) bool {
	sp, ok := u.selectedSuggestion()
	if !ok {
		return false
	}
	switch r {
	case keyAcceptSuggestion:
		u.decideSuggestion(sp, annotate.ReviewAccepted)
	case keyRejectSuggestion:
		u.decideSuggestion(sp, annotate.ReviewRejected)
	case keyAcceptAllSuggestion:
		u.acceptAllSuggested(sp.Label)
	default:
		return false
	}
	return true
}

// decideSuggestion accepts or rejects sp and selects the next suggestion.
func (u *ui) decideSuggestion(sp annotate.Span, r annotate.Review) {
	after, _, err := u.s.Decide(sp.ID, r, nil)
	if err != nil {
		u.bar.fail(fmt.Errorf("%s %s: %w", r, sp.ID, err))
		return
	}
	u.showSpans()
	u.saved(fmt.Sprintf("%s suggested %s %q", r, after.Label, clipText(sp.Text)))
	u.selectNextSuggestion(sp)
}

// selectNextSuggestion selects the first suggestion after from in reading
// order (or before it, when none is after).
func (u *ui) selectNextSuggestion(from annotate.Span) {
	var first *annotate.Span
	for _, s := range u.sortedSpans() {
		if s.Review != annotate.ReviewSuggested {
			continue
		}
		if first == nil {
			first = &s
		}
		if annotate.ReadingOrder(&s, &from) > 0 {
			u.view.SelectSpan(s.ID)
			u.view.ScrollToOffset(s.Start)
			u.refreshHint()
			return
		}
	}
	if first != nil {
		u.view.SelectSpan(first.ID)
		u.view.ScrollToOffset(first.Start)
	} else {
		u.view.SelectSpan(from.ID)
	}
	u.refreshHint()
}

// acceptAllSuggested accepts every suggestion of label in the article.
func (u *ui) acceptAllSuggested(label string) {
	n, err := u.s.AcceptSuggested(label)
	if err != nil {
		u.bar.fail(err)
		return
	}
	if n == 0 {
		u.bar.hint("no suggestion of " + label + " here")
		return
	}
	u.showSpans()
	u.refreshHint()
	u.saved(fmt.Sprintf("accepted %d suggested %s", n, label))
}

// labelOccurrences suggests the selected span's label on every other
// occurrence of its exact text (whole tokens): in this article, or with
// everywhere in every article (with progress and Cancel).
func (u *ui) labelOccurrences(everywhere bool) {
	id, ok := u.view.SelectedSpan()
	if !ok {
		u.bar.hint("select a span first: its label goes on every other occurrence of its text")
		return
	}
	sp, ok := u.s.Span(id)
	if !ok {
		return
	}
	m, err := session.Occurrences(sp)
	if err != nil {
		u.bar.fail(err)
		return
	}
	u.suggest(m, everywhere, fmt.Sprintf("%s %q", sp.Label, clipText(sp.Text)))
}

// showApplyPatterns asks for a pattern file and suggests its matches in
// every article (Edit ▸ Apply patterns…).
func (u *ui) showApplyPatterns() {
	u.show(u.pickFile("Apply patterns", func(path string) {
		ps, err := annotate.ReadPatternFile(path)
		if err != nil {
			u.showError("Apply patterns — nothing was suggested", err)
			return
		}
		u.suggest(annotate.NewMatcher(ps), true, fmt.Sprintf("%d patterns of %s", len(ps), filepath.Base(path)))
	}))
}

// suggest adds m's matches as suggestions, one undoable step; over every
// article on a goroutine behind a progress dialog.
func (u *ui) suggest(m *annotate.Matcher, everywhere bool, what string) {
	if !everywhere {
		res, err := u.s.Suggest(u.ctx, m, false, nil)
		if err != nil {
			u.bar.fail(err)
			return
		}
		u.suggested(res, what)
		return
	}
	db := u.s.DB()
	u.runJob("Suggest", "Suggesting "+what+" in every article", func(ctx context.Context, progress func(float64, string)) func(bool) {
		res, err := db.Suggest(ctx, store.SuggestOptions{Matcher: m, Annotator: "patterns", Record: true,
			Progress: func(done, total int) {
				progress(float64(done)/float64(total), fmt.Sprintf("%d of %d articles", done, total))
			}})
		return func(cancelled bool) {
			switch {
			case cancelled:
				u.bar.hint("suggesting cancelled: nothing was suggested")
			case err != nil:
				u.showError("Suggesting failed — nothing was suggested", err)
			default:
				if err := u.s.Recorded(res); err != nil {
					u.bar.fail(err)
				}
				u.suggested(res, what)
			}
		}
	})
}

// suggested shows what a suggest run added.
func (u *ui) suggested(res store.SuggestResult, what string) {
	if len(res.NewLabels) > 0 {
		u.view.SetLabels(u.s.Labels)
		u.refreshPalette()
		u.refreshFilterChoices()
	}
	u.showSpans()
	u.reloadListOrReport()
	if res.Spans == 0 {
		u.bar.hint(fmt.Sprintf("%s: nothing new to suggest in %d article%s", what, res.Articles, plural(res.Articles)))
		return
	}
	u.bar.hint(fmt.Sprintf("%s: select a suggestion (hollow, ?): a accepts, x rejects, Shift+A accepts all of its label", what))
	u.saved(fmt.Sprintf("suggested %d span%s in %d article%s", res.Spans, plural(res.Spans), res.Articles, plural(res.Articles)))
}
