package annotate

// Selection is what the person has selected in the open article: a text
// range between Anchor and Caret, in code points (the caret is the end that
// moves with Shift+arrows or the pointer), or one span by id. A text range
// and a span are never selected at once. Anchor < 0 or Anchor == Caret
// means no text is selected.
type Selection struct {
	Anchor, Caret int
	Span          string
}

// NoSelection selects nothing.
func NoSelection() Selection { return Selection{Anchor: -1, Caret: -1} }

// Range is the selected text as [start, end) code points; ok is false when
// no text is selected.
func (s Selection) Range() (start, end int, ok bool) {
	if s.Anchor < 0 || s.Anchor == s.Caret {
		return -1, -1, false
	}
	return min(s.Anchor, s.Caret), max(s.Anchor, s.Caret), true
}

// HasSpan reports whether a span is selected.
func (s Selection) HasSpan() bool { return s.Span != "" }

// SelectRange selects code points [start, end) and no span.
func (s *Selection) SelectRange(start, end int) {
	*s = Selection{Anchor: start, Caret: end}
}

// SelectSpan selects span id and no text; "" selects no span and leaves
// the text selection as it is.
func (s *Selection) SelectSpan(id string) {
	if id == "" {
		s.Span = ""
		return
	}
	*s = Selection{Anchor: -1, Caret: -1, Span: id}
}

// ClearRange unselects the text (not the span).
func (s *Selection) ClearRange() { s.Anchor, s.Caret = -1, -1 }
