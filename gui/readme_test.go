package gui

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEListsTheShortcutsOfTheHelp keeps README's keyboard table the
// Help ▸ Keyboard shortcuts table, row for row.
func TestREADMEListsTheShortcutsOfTheHelp(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "\n### Keyboard shortcuts\n")
	if !ok {
		t.Fatal("README.md has no ### Keyboard shortcuts section")
	}
	var rows [][2]string
	for _, line := range strings.Split(table, "\n") {
		if strings.HasPrefix(line, "#") {
			break
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if !strings.HasPrefix(line, "|") || len(cells) != 2 || strings.HasPrefix(strings.TrimSpace(cells[0]), "---") {
			continue
		}
		rows = append(rows, [2]string{strings.TrimSpace(cells[0]), strings.TrimSpace(cells[1])})
	}
	if len(rows) == 0 || rows[0] != [2]string{"key", "what it does"} {
		t.Fatalf("README's shortcut table should start with the header | key | what it does |, got %q", rows[:min(1, len(rows))])
	}
	rows = rows[1:]
	for i := range max(len(rows), len(shortcutHelp)) {
		var got, want [2]string
		if i < len(rows) {
			got = rows[i]
		}
		if i < len(shortcutHelp) {
			want = shortcutHelp[i]
		}
		if got != want {
			t.Errorf("README shortcut row %d is %q, Help has %q", i+1, got, want)
		}
	}
}
