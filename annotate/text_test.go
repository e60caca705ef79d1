package annotate

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "a\nb", "a\nb"},
		{"trailing newlines removed", "a\n\n\n", "a"},
		{"crlf becomes lf", "a\r\nb\r\n", "a\nb"},
		{"lone cr becomes lf", "a\rb", "a\nb"},
		{"bom dropped", "\uFEFFabc", "abc"},
		{"bom only at start", "a\uFEFFb", "a\uFEFFb"},
		{"every leading bom", "\uFEFF\uFEFFab", "ab"},
		{"mixed", "\uFEFFx\r\ny\rz\r\n\r\n", "x\ny\nz"},
		{"trailing spaces kept", "a  \n", "a  "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := NormalizeText(tc.in)
			if got != tc.want {
				t.Errorf("NormalizeText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestNormalizeRemapKeepsSpansOnTheSameCharacters(t *testing.T) {
	in := "\uFEFFÉcole\r\nde 😀 Paris\rfin"
	spans := []string{"École", "de", "😀", "Paris", "fin"}
	inRunes := []rune(in)
	out, m := NormalizeText(in)
	idx := NewRuneIndex(out)
	for _, want := range spans {
		start := runeIndexOf(inRunes, want)
		end := start + len([]rune(want))
		got := idx.Slice(m.Apply(start), m.Apply(end))
		if got != want {
			t.Errorf("span %q at %d-%d remapped to %q", want, start, end, got)
		}
	}
	if m.Identity() {
		t.Error("Remap should not be identity after removing BOM and CR")
	}
}

// TestNormalizeTextIsIdempotent: what an import stores, a re-import of its
// export must store unchanged (found by FuzzReadText: "\uFEFF\uFEFF").
func TestNormalizeTextIsIdempotent(t *testing.T) {
	for _, in := range []string{"\uFEFF\uFEFF", "\uFEFF\uFEFFx\r\n", "\r\r\n\n", "a\r\n\uFEFF", "\uFEFF\r\uFEFF"} {
		once, _ := NormalizeText(in)
		twice, m := NormalizeText(once)
		if twice != once || !m.Identity() {
			t.Errorf("NormalizeText(%q) = %q, again %q", in, once, twice)
		}
	}
}

func runeIndexOf(hay []rune, needle string) int {
	n := []rune(needle)
	for i := 0; i+len(n) <= len(hay); i++ {
		if string(hay[i:i+len(n)]) == needle {
			return i
		}
	}
	return -1
}

func TestCheckUTF8NamesTheBadByte(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		wantErr string
	}{
		{"valid", []byte("héllo"), ""},
		{"bad byte", []byte("ab\xffcd"), "invalid UTF-8 at byte 2"},
		{"truncated sequence", []byte("héllo\xe2\x82"), "invalid UTF-8 at byte 6"},
		{"utf16le", []byte{0xFF, 0xFE, 'a', 0}, "UTF-16"},
		{"utf16be", []byte{0xFE, 0xFF, 0, 'a'}, "UTF-16"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckUTF8(tc.in)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("got %v, want error containing %q", err, tc.wantErr)
			}
		})
	}
	var ie *InvalidUTF8Error
	if err := CheckUTF8([]byte("ok\x80")); !errors.As(err, &ie) || ie.Byte != 2 {
		t.Fatalf("want InvalidUTF8Error at byte 2, got %v", err)
	}
}
