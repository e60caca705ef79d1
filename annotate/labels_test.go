package annotate

import (
	"strings"
	"testing"
	"unicode"
)

// gumLabels are the lowercase labels the GUM sample brings with an import.
var gumLabels = []string{"event", "abstract", "organization", "time", "object", "place", "person", "substance", "animal", "plant"}

func TestImportedLabelsGetAFreeKeyAndADistinctColour(t *testing.T) {
	set := DefaultLabels()
	var added []Label
	for _, n := range gumLabels {
		added = append(added, Label{Name: n, Kind: KindEntity, Color: ColorFor(n)})
	}
	added = append(added, Label{Name: "KEEPS", Kind: KindEntity, Key: "k", Color: "#000000"})
	FillKeysAndColors(set, added)
	all := append(append([]Label(nil), set...), added...)
	keys := map[rune]string{}
	for _, l := range all {
		k := []rune(l.Key)
		if len(k) != 1 {
			t.Errorf("label %s has key %q, want one key", l.Name, l.Key)
			continue
		}
		r := unicode.ToLower(k[0])
		if other, dup := keys[r]; dup {
			t.Errorf("key %c is given to %s and %s", r, other, l.Name)
		}
		keys[r] = l.Name
		if _, reserved := ReservedKeys[r]; reserved {
			t.Errorf("label %s got the reserved key %c", l.Name, r)
		}
	}
	if added[len(added)-1].Key != "k" {
		t.Errorf("a label that came with a key lost it: %q", added[len(added)-1].Key)
	}
	for i, a := range added {
		for j, b := range all {
			if j == len(set)+i {
				continue
			}
			if d := colorDistance(a.Color, b.Color); d < minColorDistance {
				t.Errorf("%s %s is %.0f from %s %s, want at least %d", a.Name, a.Color, d, b.Name, b.Color, minColorDistance)
			}
		}
		if err := ValidateLabel(a); err != nil {
			t.Error(err)
		}
	}
	if err := CheckLabelSet(all); err != nil {
		t.Errorf("the filled set is refused: %v", err)
	}
}

func TestKeysRunOutRatherThanRepeat(t *testing.T) {
	var added []Label
	for i := range 60 {
		added = append(added, Label{Name: strings.Repeat("q", i+1), Kind: KindEntity})
	}
	FillKeysAndColors(DefaultLabels(), added)
	seen := map[string]bool{}
	withKey := 0
	for _, l := range added {
		if l.Key == "" {
			continue
		}
		withKey++
		if seen[l.Key] {
			t.Fatalf("key %s given twice", l.Key)
		}
		seen[l.Key] = true
	}
	// 10 digits and 26 letters, less 8 reserved letters and the 8 keys
	// of the defaults
	if want := 10 + 26 - 8 - 8; withKey != want {
		t.Errorf("%d labels got a key, want %d", withKey, want)
	}
}

func TestCheckLabelSetRefusesKeysOfOtherModes(t *testing.T) {
	ok := DefaultLabels()
	for _, c := range []struct {
		key, want string
	}{
		{"a", "key a accepts in review mode"},
		{"A", "key A accepts in review mode"},
		{"x", "rejects"}, {"e", "edits"}, {"s", "SPEAKER"}, {"y", "yes"}, {"n", "next article"},
		{"u", "unsure"}, {"p", "previous article"}, {" ", "key space skips"},
		{"-", "not a letter or a digit"},
		{"C", `labels DATE and CLAIM have the same key "c"`},
	} {
		set := append([]Label(nil), ok...)
		set[4].Key = c.key // DATE
		err := CheckLabelSet(set)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("DATE on %q: error %v, want %q", c.key, err, c.want)
		}
	}
	if err := CheckLabelSet(ok); err != nil {
		t.Errorf("the default set is refused: %v", err)
	}
	long := append([]Label(nil), ok...)
	long[0].Description = strings.Repeat("x", MaxDescriptionBytes+1)
	if err := CheckLabelSet(long); err == nil || !strings.Contains(err.Error(), "description") {
		t.Errorf("an oversized description: %v", err)
	}
}

func TestCaseTwins(t *testing.T) {
	got := CaseTwins([]Label{{Name: "EVENT"}, {Name: "event"}, {Name: "PERSON"}, {Name: "Event"}})
	if len(got) != 3 || len(got["event"]) != 2 || got["PERSON"] != nil {
		t.Errorf("CaseTwins = %v", got)
	}
}
