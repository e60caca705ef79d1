package annotate

import (
	"reflect"
	"testing"
)

func TestValidateFastAgreesWithValidate(t *testing.T) {
	text := "Zürich 😀 and 東京 met “Ann” — ok"
	sp := func(id string, start, end int, label, txt string) Span {
		return Span{ID: id, Start: start, End: end, Label: label, Text: txt}
	}
	tests := []struct {
		name string
		a    Article
	}{
		{"valid, unsorted, non-ASCII", Article{ID: "a", Text: text, Spans: []Span{sp("s2", 14, 16, "GPE", "東京"), sp("s1", 0, 6, "GPE", "Zürich"), sp("s3", 8, 9, "X", "")},
			Rels: []Relation{{Head: "s1", Child: "s2", Label: "NEAR"}}}},
		{"no id", Article{Text: text}},
		{"past the end", Article{ID: "a", Text: text, Spans: []Span{sp("s1", 20, 40, "X", "")}}},
		{"zero length", Article{ID: "a", Text: text, Spans: []Span{sp("s1", 3, 3, "X", "")}}},
		{"negative", Article{ID: "a", Text: text, Spans: []Span{sp("s1", -1, 3, "X", "")}}},
		{"no label", Article{ID: "a", Text: text, Spans: []Span{sp("s1", 0, 3, "", "")}}},
		{"text as UTF-16 offsets", Article{ID: "a", Text: text, Spans: []Span{sp("s1", 15, 17, "GPE", "東京")}}},
		{"duplicate id", Article{ID: "a", Text: text, Spans: []Span{sp("s1", 0, 3, "X", ""), sp("s1", 4, 6, "X", "")}}},
		{"relation to nothing", Article{ID: "a", Text: text, Spans: []Span{sp("s1", 0, 3, "X", "")}, Rels: []Relation{{Head: "s1", Child: "s7", Label: "R"}}}},
		{"relation without label", Article{ID: "a", Text: text, Spans: []Span{sp("s1", 0, 3, "X", "")}, Rels: []Relation{{Head: "s1", Child: "s1"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.a
			want.Spans = append([]Span(nil), tt.a.Spans...)
			wantErr := want.Validate()
			_, err := tt.a.ValidateFast(nil, false)
			if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
				t.Errorf("ValidateFast: %v; Validate: %v", err, wantErr)
			}
			if err == nil && !reflect.DeepEqual(tt.a.Spans, want.Spans) {
				t.Errorf("span texts: %+v, want %+v", tt.a.Spans, want.Spans)
			}
		})
	}
}
