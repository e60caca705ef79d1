package annotate

import "strings"

// SpanFilter says which spans review mode steps through: each field that is
// set must hold. (The article list's label and annotator filters choose
// the spans as well as the articles.)
type SpanFilter struct {
	Label     string // "" any
	Kind      Kind   // "" any
	Annotator string // "" any
	Pending   bool   // only spans without a decision
}

func (f SpanFilter) Match(s *Span) bool {
	return (f.Label == "" || s.Label == f.Label) && (f.Kind == "" || s.Kind == f.Kind) &&
		(f.Annotator == "" || s.Annotator == f.Annotator) && (!f.Pending || s.Review == ReviewNone || s.Review == ReviewSuggested)
}

func (f SpanFilter) String() string {
	var parts []string
	if f.Label != "" {
		parts = append(parts, "label "+f.Label)
	}
	if f.Kind != "" {
		parts = append(parts, string(f.Kind)+" spans")
	}
	if f.Annotator != "" {
		parts = append(parts, "by "+f.Annotator)
	}
	if f.Pending {
		parts = append(parts, "not reviewed yet")
	}
	if len(parts) == 0 {
		return "every span"
	}
	return strings.Join(parts, ", ")
}
