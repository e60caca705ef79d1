package store

import (
	"errors"
	"fmt"
	"slices"

	"github.com/spanmark/spanmark/annotate"
)

// fillSpanText sets the Text of spans (sorted by Start) from the article
// text, walking the text once from the start to the last span instead of
// indexing all of it: for export, where most of the time is per byte.
func fillSpanText(id, text string, spans []annotate.Span) error {
	r, b := 0, 0 // the walk's position: code point r is at byte b
	for i := range spans {
		s := &spans[i]
		if s.Start < r {
			r, b = 0, 0
		}
		start := annotate.AdvanceRunes(text, b, s.Start-r)
		end := -1
		if start >= 0 && s.End > s.Start {
			end = annotate.AdvanceRunes(text, start, s.End-s.Start)
		}
		if end < 0 {
			return fmt.Errorf("article %s: span %s %d-%d is not inside the text", id, s.ID, s.Start, s.End)
		}
		r, b = s.Start, start
		s.Text = text[start:end]
	}
	return nil
}

// validate checks a like annotate.Article.Validate and fills empty span
// texts, without indexing the whole text: it walks it once, in the order of
// the spans' starts. Only when something is wrong does it call Validate, for
// its message. spansChecked (annotate.Record.SpansChecked) skips the walk:
// the reader checked the offsets and texts on the same text already.
func validate(a *annotate.Article, order []int, spansChecked bool) ([]int, error) {
	order, err := quickValidate(a, order, spansChecked)
	if err != nil {
		if verr := a.Validate(); verr != nil {
			return order, verr
		}
		return order, fmt.Errorf("article %s: %w", a.ID, err)
	}
	return order, nil
}

func quickValidate(a *annotate.Article, order []int, spansChecked bool) ([]int, error) {
	if a.ID == "" || len(a.Text) > annotate.MaxTextBytes {
		return order, errInvalid
	}
	spans := a.Spans
	order = order[:0]
	if spansChecked {
		for i := range spans {
			s := &spans[i]
			if s.Start < 0 || s.Start >= s.End || s.Label == "" || s.Text == "" {
				return order, errInvalid
			}
		}
		return order, checkIDs(a)
	}
	sorted := true
	for i := range spans {
		order = append(order, i)
		if i > 0 && spans[i].Start < spans[i-1].Start {
			sorted = false
		}
	}
	if !sorted {
		slices.SortFunc(order, func(x, y int) int { return spans[x].Start - spans[y].Start })
	}
	r, b := 0, 0
	for _, i := range order {
		s := &spans[i]
		if s.Start < 0 || s.Start >= s.End || s.Label == "" {
			return order, errInvalid
		}
		start := annotate.AdvanceRunes(a.Text, b, s.Start-r)
		if start < 0 {
			return order, errInvalid
		}
		end := annotate.AdvanceRunes(a.Text, start, s.End-s.Start)
		if end < 0 {
			return order, errInvalid
		}
		r, b = s.Start, start
		if s.Text == "" {
			s.Text = a.Text[start:end]
		} else if s.Text != a.Text[start:end] {
			return order, errInvalid
		}
	}
	return order, checkIDs(a)
}

// checkIDs checks that span ids are unique and that relations join spans
// of a.
func checkIDs(a *annotate.Article) error {
	spans := a.Spans
	for i := range spans {
		if spans[i].ID == "" {
			continue
		}
		for j := i + 1; j < len(spans) && len(spans) <= 32; j++ {
			if spans[i].ID == spans[j].ID {
				return errInvalid
			}
		}
	}
	if len(spans) > 32 || len(a.Rels) > 0 {
		ids := make(map[string]struct{}, len(spans))
		for _, s := range spans {
			if s.ID == "" {
				continue
			}
			if _, dup := ids[s.ID]; dup {
				return errInvalid
			}
			ids[s.ID] = struct{}{}
		}
		for _, rel := range a.Rels {
			_, h := ids[rel.Head]
			_, c := ids[rel.Child]
			if !h || !c || rel.Label == "" {
				return errInvalid
			}
		}
	}
	return nil
}

var errInvalid = errors.New("invalid article")
