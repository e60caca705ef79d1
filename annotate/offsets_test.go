package annotate

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

var offsetTexts = []struct{ name, text string }{
	{"ascii", "Mohammed Dahlan said so."},
	{"emoji zwj and skin tone", "Hi 👩‍👩‍👧 and 👍🏽 ok"},
	{"combining marks", "Cafe\u0301 and nai\u0308ve"},
	{"cjk", "東京で会議が開かれた。"},
	{"arabic", "قال محمد دحلان إن"},
	{"astral letters", "𝐀𝐁𝐂 gothic 𐌰𐌱"},
	{"long mixed", strings.Repeat("é😀a", 300)},
}

func TestRuneIndexAgreesWithRuneSlices(t *testing.T) {
	for _, tc := range offsetTexts {
		t.Run(tc.name, func(t *testing.T) {
			x := NewRuneIndex(tc.text)
			runes := []rune(tc.text)
			if x.Len() != len(runes) {
				t.Fatalf("Len = %d, want %d", x.Len(), len(runes))
			}
			for r := 0; r <= len(runes); r++ {
				b := x.ByteOfRune(r)
				if want := len(string(runes[:r])); b != want {
					t.Fatalf("ByteOfRune(%d) = %d, want %d", r, b, want)
				}
				if got := x.RuneOfByte(b); got != r {
					t.Fatalf("RuneOfByte(%d) = %d, want %d", b, got, r)
				}
				u := x.RuneToUTF16(r)
				if want := len(utf16.Encode(runes[:r])); u != want {
					t.Fatalf("RuneToUTF16(%d) = %d, want %d", r, u, want)
				}
				if got := x.UTF16ToRune(u); got != r {
					t.Fatalf("UTF16ToRune(%d) = %d, want %d", u, got, r)
				}
			}
		})
	}
}

func TestCheckSpan(t *testing.T) {
	text := "Le 😀 président Macron a dit"
	x := NewRuneIndex(text)
	macronStart := utf8.RuneCountInString("Le 😀 président ")
	tests := []struct {
		name    string
		span    Span
		wantErr string
	}{
		{"ok", Span{Start: macronStart, End: macronStart + 6, Label: "PERSON", Text: "Macron"}, ""},
		{"fills empty text", Span{Start: 0, End: 2, Label: "X"}, ""},
		{"negative", Span{Start: -1, End: 2, Label: "X"}, "negative offset"},
		{"reversed", Span{Start: 5, End: 2, Label: "X"}, "start is after end"},
		{"zero length", Span{Start: 2, End: 2, Label: "X"}, "zero-length"},
		{"past end", Span{Start: 2, End: 99, Label: "X"}, "ends past the text (length 27 code points)"},
		{"empty label", Span{Start: 0, End: 2}, "empty label"},
		{"mismatch", Span{Start: 0, End: 2, Label: "X", Text: "Xy"}, "does not match"},
		{"utf16 hint", Span{Start: macronStart + 1, End: macronStart + 7, Label: "P", Text: "Macron"}, "UTF-16"},
		{"byte hint", Span{Start: len("Le 😀 président "), End: len("Le 😀 président Macron"), Label: "P", Text: "Macron"}, "UTF-8 byte"},
		{"utf16 hint past end", Span{Start: 24, End: 28, Label: "P", Text: " dit"}, "UTF-16"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.span
			err := x.CheckSpan(&s)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if s.Text != x.Slice(s.Start, s.End) {
					t.Fatalf("Text = %q", s.Text)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("got %v, want error containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestArticleValidateRelations(t *testing.T) {
	a := Article{ID: "a", Text: "Ann said it rains.", Spans: []Span{
		{ID: "s1", Start: 0, End: 3, Label: "PERSON"},
		{ID: "s2", Start: 9, End: 17, Label: "CLAIM"},
	}}
	a.Rels = []Relation{{Head: "s2", Child: "s1", Label: "SPEAKER"}}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	a.Rels = []Relation{{Head: "s2", Child: "s9", Label: "SPEAKER"}}
	if err := a.Validate(); err == nil || !strings.Contains(err.Error(), `no span "s9"`) {
		t.Fatalf("dangling relation: got %v", err)
	}
	a.Rels = nil
	a.Spans[1].ID = "s1"
	if err := a.Validate(); err == nil || !strings.Contains(err.Error(), "used twice") {
		t.Fatalf("duplicate ids: got %v", err)
	}
}

func TestAssignSpanIDsSkipsUsedIDs(t *testing.T) {
	a := Article{Spans: []Span{{ID: "s2"}, {}, {}, {ID: "x"}}}
	a.AssignSpanIDs()
	got := []string{a.Spans[0].ID, a.Spans[1].ID, a.Spans[2].ID, a.Spans[3].ID}
	want := []string{"s2", "s1", "s3", "x"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ids = %v, want %v", got, want)
		}
	}
}

func TestAdvanceRunesCountsCodePoints(t *testing.T) {
	const text = "Zoë met 東京 👍🏽 at 9:30, Zürich-bound." // ASCII, 2-, 3- and 4-byte code points, long ASCII runs
	runes := []rune(text)
	for from := 0; from <= len(runes); from++ {
		b := len(string(runes[:from]))
		for n := 0; from+n <= len(runes)+1; n++ {
			got := AdvanceRunes(text, b, n)
			want := -1
			if from+n <= len(runes) {
				want = len(string(runes[:from+n]))
			}
			if got != want {
				t.Fatalf("AdvanceRunes(text, %d, %d) = %d, want %d", b, n, got, want)
			}
		}
	}
}
