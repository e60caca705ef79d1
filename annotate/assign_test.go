package annotate

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestCheckAssignment(t *testing.T) {
	for _, tc := range []struct {
		names []string
		per   int
		want  string // "" no error
	}{
		{[]string{"ana", "ben", "cleo"}, 2, ""},
		{[]string{"ana"}, 1, ""},
		{nil, 1, "no annotators"},
		{[]string{"ana", " "}, 1, "empty"},
		{[]string{"ana", "ana"}, 1, `"ana" is named twice`},
		{[]string{"ana", "b\x00n"}, 1, "NUL"},
		{[]string{"ana", strings.Repeat("x", 300)}, 1, "more than the limit"},
		{[]string{"ana", "ben"}, 0, "at least 1"},
		{[]string{"ana", "ben"}, 3, "cannot give each article 3 annotators from 2 names"},
	} {
		err := CheckAssignment(tc.names, tc.per)
		if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("CheckAssignment(%q, %d) = %v, want %q", tc.names, tc.per, err, tc.want)
		}
	}
}

func TestSpreadIsBalancedAndDeterministic(t *testing.T) {
	names := []string{"ana", "ben", "cleo"}
	have := make([][]string, 10)
	load := map[string]int{}
	got := Spread(names, 2, have, load)
	want := [][]string{{"ana", "ben"}, {"cleo", "ana"}, {"ben", "cleo"}, {"ana", "ben"}, {"cleo", "ana"},
		{"ben", "cleo"}, {"ana", "ben"}, {"cleo", "ana"}, {"ben", "cleo"}, {"ana", "ben"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Spread = %v\nwant %v", got, want)
	}
	if load["ana"] != 7 || load["ben"] != 7 || load["cleo"] != 6 {
		t.Fatalf("loads %v, want 7/7/6", load)
	}
	if again := Spread(names, 2, make([][]string, 10), map[string]int{}); !reflect.DeepEqual(again, got) {
		t.Fatal("the same input gave another answer")
	}
}

// Articles that have annotators already keep them; they count when they
// are on the team, an outsider does not; nobody gets an article twice;
// and a second run adds nothing.
func TestSpreadCountsWhatArticlesHave(t *testing.T) {
	names := []string{"ana", "ben", "cleo"}
	have := [][]string{{"ana", "ben"}, {"ben"}, {"dora"}, nil}
	load := map[string]int{"ana": 1, "ben": 2}
	got := Spread(names, 2, have, load)
	want := [][]string{nil, {"cleo"}, {"ana", "cleo"}, {"ana", "ben"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Spread = %v, want %v", got, want)
	}
	for i := range have {
		have[i] = append(have[i], got[i]...)
		seen := map[string]bool{}
		for _, n := range have[i] {
			if seen[n] {
				t.Fatalf("article %d has %s twice: %v", i, n, have[i])
			}
			seen[n] = true
		}
	}
	if again := Spread(names, 2, have, load); fmt.Sprint(again) != "[[] [] [] []]" {
		t.Fatalf("second run added %v", again)
	}
}
