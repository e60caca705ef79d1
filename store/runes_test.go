package store

import (
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
