package annotate

import (
	"errors"
	"fmt"
	"slices"
)

// ValidateFast checks a as Validate does and fills empty span texts,
// without indexing the whole text: it walks it once (AdvanceRunes), in the
// order of the spans' starts, which it returns in order (reused). Only when
// something is wrong does it call Validate, for its message. spansChecked
// (Record.SpansChecked) skips the walk: the reader checked the offsets and
// texts on the same text already. The store's import uses it; Validate
// stays the one statement of the rules.
func (a *Article) ValidateFast(order []int, spansChecked bool) ([]int, error) {
	order, err := a.quickValidate(order, spansChecked)
	if err != nil {
		if verr := a.Validate(); verr != nil {
			return order, verr
		}
		return order, fmt.Errorf("article %s: %w", a.ID, err)
	}
	return order, nil
}

func (a *Article) quickValidate(order []int, spansChecked bool) ([]int, error) {
	if a.ID == "" || len(a.Text) > MaxTextBytes {
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
		return order, a.checkIDs()
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
		start := AdvanceRunes(a.Text, b, s.Start-r)
		if start < 0 {
			return order, errInvalid
		}
		end := AdvanceRunes(a.Text, start, s.End-s.Start)
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
	return order, a.checkIDs()
}

// checkIDs checks that span ids are unique and that relations join spans
// of a.
func (a *Article) checkIDs() error {
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
