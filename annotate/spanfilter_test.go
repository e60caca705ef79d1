package annotate

import "testing"

func TestReviewFilterMatches(t *testing.T) {
	person := Span{Label: "PERSON", Kind: KindEntity, Annotator: "ana"}
	claim := Span{Label: "CLAIM", Kind: KindClaim, Annotator: "ben", Review: ReviewAccepted}
	tests := []struct {
		name   string
		f      SpanFilter
		person bool
		claim  bool
	}{
		{"no filter takes every span", SpanFilter{}, true, true},
		{"label", SpanFilter{Label: "PERSON"}, true, false},
		{"kind", SpanFilter{Kind: KindClaim}, false, true},
		{"annotator", SpanFilter{Annotator: "ben"}, false, true},
		{"not reviewed yet", SpanFilter{Pending: true}, true, false},
		{"all must hold", SpanFilter{Label: "CLAIM", Annotator: "ana"}, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.f.Match(&person); got != tc.person {
				t.Errorf("PERSON by ana: %v, want %v", got, tc.person)
			}
			if got := tc.f.Match(&claim); got != tc.claim {
				t.Errorf("accepted CLAIM by ben: %v, want %v", got, tc.claim)
			}
		})
	}
}
