package store

import (
	"fmt"

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
