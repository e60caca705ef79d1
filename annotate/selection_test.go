package annotate

import "testing"

func TestSelection(t *testing.T) {
	s := NoSelection()
	if _, _, ok := s.Range(); ok || s.HasSpan() {
		t.Fatalf("NoSelection selects something: %+v", s)
	}
	s.SelectRange(9, 4) // dragged right to left
	if a, b, ok := s.Range(); !ok || a != 4 || b != 9 {
		t.Fatalf("Range = %d, %d, %v; want 4, 9, true", a, b, ok)
	}
	s.SelectSpan("s3")
	if _, _, ok := s.Range(); ok || s.Span != "s3" {
		t.Fatalf("a span and a range at once: %+v", s)
	}
	s.SelectSpan("")
	if s.HasSpan() {
		t.Fatalf("SelectSpan(\"\") kept %q", s.Span)
	}
	s.SelectRange(5, 5)
	if _, _, ok := s.Range(); ok {
		t.Fatal("an empty range counts as selected text")
	}
	s.SelectRange(1, 3)
	s.ClearRange()
	if _, _, ok := s.Range(); ok {
		t.Fatal("ClearRange left text selected")
	}
}
