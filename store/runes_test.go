package store

import (
	"reflect"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

func TestFillSpanTextCutsCodePoints(t *testing.T) {
	text := "Zürich 😀 and 東京 met “Ann” — 0123456789abcdef ok ünïcödé at the end"
	idx := annotate.NewRuneIndex(text)
	var spans []annotate.Span
	for start := 0; start < idx.Len(); start += 3 {
		for _, l := range []int{1, 2, 9, 17} {
			if start+l <= idx.Len() {
				spans = append(spans, annotate.Span{ID: "s", Start: start, End: start + l})
			}
		}
	}
	if err := fillSpanText("a", text, spans); err != nil {
		t.Fatal(err)
	}
	for _, s := range spans {
		if want := idx.Slice(s.Start, s.End); s.Text != want {
			t.Errorf("%d-%d: %q, want %q", s.Start, s.End, s.Text, want)
		}
	}
	for _, bad := range []annotate.Span{{Start: 0, End: idx.Len() + 1}, {Start: idx.Len(), End: idx.Len() + 2}} {
		if err := fillSpanText("a", text, []annotate.Span{bad}); err == nil {
			t.Errorf("span %d-%d past the text: no error", bad.Start, bad.End)
		}
	}
}

func TestValidateAgreesWithAnnotate(t *testing.T) {
	text := "Zürich 😀 and 東京 met “Ann” — ok"
	sp := func(id string, start, end int, label, txt string) annotate.Span {
		return annotate.Span{ID: id, Start: start, End: end, Label: label, Text: txt}
	}
	tests := []struct {
		name string
		a    annotate.Article
	}{
		{"valid, unsorted, non-ASCII", annotate.Article{ID: "a", Text: text, Spans: []annotate.Span{sp("s2", 14, 16, "GPE", "東京"), sp("s1", 0, 6, "GPE", "Zürich"), sp("s3", 8, 9, "X", "")},
			Rels: []annotate.Relation{{Head: "s1", Child: "s2", Label: "NEAR"}}}},
		{"no id", annotate.Article{Text: text}},
		{"past the end", annotate.Article{ID: "a", Text: text, Spans: []annotate.Span{sp("s1", 20, 40, "X", "")}}},
		{"zero length", annotate.Article{ID: "a", Text: text, Spans: []annotate.Span{sp("s1", 3, 3, "X", "")}}},
		{"negative", annotate.Article{ID: "a", Text: text, Spans: []annotate.Span{sp("s1", -1, 3, "X", "")}}},
		{"no label", annotate.Article{ID: "a", Text: text, Spans: []annotate.Span{sp("s1", 0, 3, "", "")}}},
		{"text as UTF-16 offsets", annotate.Article{ID: "a", Text: text, Spans: []annotate.Span{sp("s1", 15, 17, "GPE", "東京")}}},
		{"duplicate id", annotate.Article{ID: "a", Text: text, Spans: []annotate.Span{sp("s1", 0, 3, "X", ""), sp("s1", 4, 6, "X", "")}}},
		{"relation to nothing", annotate.Article{ID: "a", Text: text, Spans: []annotate.Span{sp("s1", 0, 3, "X", "")}, Rels: []annotate.Relation{{Head: "s1", Child: "s7", Label: "R"}}}},
		{"relation without label", annotate.Article{ID: "a", Text: text, Spans: []annotate.Span{sp("s1", 0, 3, "X", "")}, Rels: []annotate.Relation{{Head: "s1", Child: "s1"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.a
			want.Spans = append([]annotate.Span(nil), tt.a.Spans...)
			wantErr := want.Validate()
			_, err := validate(&tt.a, nil, false)
			if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
				t.Errorf("validate: %v; annotate.Validate: %v", err, wantErr)
			}
			if err == nil && !reflect.DeepEqual(tt.a.Spans, want.Spans) {
				t.Errorf("span texts: %+v, want %+v", tt.a.Spans, want.Spans)
			}
		})
	}
}
