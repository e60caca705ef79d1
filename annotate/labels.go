package annotate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Label is one entry of the label set: how a span label is shown and typed.
type Label struct {
	Name  string
	Kind  Kind
	Color string // "#rrggbb", chosen to read on light and dark themes
	Key   string // one key that applies it: "1"–"9" or a letter; may be empty
}

// DefaultLabels is the label set of a new database.
func DefaultLabels() []Label {
	return []Label{
		{Name: "PERSON", Kind: KindEntity, Color: "#e8a33d", Key: "1"},
		{Name: "ORG", Kind: KindEntity, Color: "#4aa3df", Key: "2"},
		{Name: "LOC", Kind: KindEntity, Color: "#5cb85c", Key: "3"},
		{Name: "GPE", Kind: KindEntity, Color: "#3cbca8", Key: "4"},
		{Name: "DATE", Kind: KindEntity, Color: "#b58bd6", Key: "5"},
		{Name: "NUMBER", Kind: KindEntity, Color: "#d98ca0", Key: "6"},
		{Name: "EVENT", Kind: KindEntity, Color: "#c7b43a", Key: "7"},
		{Name: "CLAIM", Kind: KindClaim, Color: "#e05d5d", Key: "c"},
	}
}

// palette holds colours given to labels that arrive without one (e.g. from
// an import); each reads with dark text on light themes and light text on
// dark themes.
var palette = []string{
	"#e8a33d", "#4aa3df", "#5cb85c", "#3cbca8", "#b58bd6", "#d98ca0",
	"#c7b43a", "#e05d5d", "#7f9cf5", "#f08a5d", "#8bc34a", "#26a69a",
}

// ColorFor picks a stable palette colour for a label name.
func ColorFor(name string) string {
	h := sha256.Sum256([]byte(name))
	return palette[int(h[0])%len(palette)]
}

// KindOf returns the kind of label name in set: its own kind when it is in
// the set, claim for CLAIM, else entity.
func KindOf(set []Label, name string) Kind {
	for _, l := range set {
		if l.Name == name {
			return l.Kind
		}
	}
	if strings.EqualFold(name, "CLAIM") {
		return KindClaim
	}
	return KindEntity
}

// ValidateLabel checks a label's fields.
func ValidateLabel(l Label) error {
	if strings.TrimSpace(l.Name) == "" {
		return fmt.Errorf("label has no name")
	}
	if _, err := ParseKind(string(l.Kind)); err != nil {
		return fmt.Errorf("label %s: %v", l.Name, err)
	}
	if !validColor(l.Color) {
		return fmt.Errorf("label %s: colour %q is not #rrggbb", l.Name, l.Color)
	}
	if len([]rune(l.Key)) > 1 {
		return fmt.Errorf("label %s: key %q is more than one character", l.Name, l.Key)
	}
	return nil
}

func validColor(c string) bool {
	if len(c) != 7 || c[0] != '#' {
		return false
	}
	_, err := hex.DecodeString(c[1:])
	return err == nil
}

// TextID is the stable article id given to records that arrive without one:
// the same text always gets the same id, so re-importing them is a no-op.
func TextID(text string) string {
	h := sha256.Sum256([]byte(text))
	return "t" + hex.EncodeToString(h[:8])
}
