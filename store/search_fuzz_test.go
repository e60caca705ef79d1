package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spanmark/spanmark/annotate"
)

// FuzzSearchQuery: whatever a person types, search answers hits or
// ErrBadQuery (one line), never another error and never a panic; a query
// of plain words always reads.
func FuzzSearchQuery(f *testing.F) {
	for _, s := range []string{
		"police", `"Interior Ministry"`, "terror*", "police NOT government", "police OR army",
		"NEAR(security killed, 5)", "south-west", "reporter's", "C++", `"unbalanced`, "AND", "NOT",
		"zurich", "北京*", "القاهرة", "(", ")", "*", "^police", "col:police", `""`, "NEAR(", "a OR OR b",
	} {
		f.Add(s)
	}
	db, err := Open(filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	ctx := context.Background()
	mustImport(f, db, ImportOptions{},
		rec(1, annotate.Article{ID: "a", Text: "Egyptian police killed 12 terrorists south-west of Cairo, the Interior Ministry said."}),
		rec(2, annotate.Article{ID: "b", Text: "Zürich and 北京 and القاهرة: the reporter's C++ notes."}))
	f.Fuzz(func(t *testing.T, q string) {
		if !utf8.ValidString(q) || strings.ContainsRune(q, 0) {
			return // the window and the command line pass only text
		}
		_, err := db.Search(ctx, q, 5)
		if err != nil && !errors.Is(err, ErrBadQuery) {
			t.Fatalf("Search(%q) = %v, want hits or ErrBadQuery", q, err)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("Search(%q): a message of more than one line: %q", q, err)
		}
		words := strings.Fields(strings.Map(func(r rune) rune {
			if r < 128 && !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
				return ' '
			}
			return r
		}, q))
		if len(words) > 0 {
			plain := strings.Join(words, " ")
			if _, err := db.Search(ctx, plain, 5); err != nil && !isOperatorOnly(words) {
				t.Fatalf("Search(%q) of plain words = %v", plain, err)
			}
		}
	})
}

// isOperatorOnly: words that are all FTS5 operators may be refused.
func isOperatorOnly(words []string) bool {
	for _, w := range words {
		switch w {
		case "AND", "OR", "NOT", "NEAR":
		default:
			return false
		}
	}
	return true
}
