package annotate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strings"
	"unicode"
)

// Label is one entry of the label set: how a span label is shown and typed.
type Label struct {
	Name  string
	Kind  Kind
	Color string // "#rrggbb", chosen to read on light and dark themes
	Key   string // one key that applies it: "1"–"9" or a letter; may be empty
	// Description is the guideline of the label: when to use it. The
	// window shows it as the palette's tooltip and when the key is pressed.
	Description string
}

// MaxDescriptionBytes bounds a label's description.
const MaxDescriptionBytes = 4096

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
	if len(l.Description) > MaxDescriptionBytes {
		return fmt.Errorf("label %s: description is %d bytes, more than the limit of %d", l.Name, len(l.Description), MaxDescriptionBytes)
	}
	if strings.ContainsRune(l.Description, 0) {
		return fmt.Errorf("label %s: description holds NUL (U+0000)", l.Name)
	}
	return nil
}

// CheckLabelSet checks a label set a person wrote (the Labels editor,
// `spanmark labels --set`): every label valid, names unique, keys unique
// whatever their case, each a letter or digit and none of ReservedKeys.
func CheckLabelSet(labels []Label) error {
	names := map[string]bool{}
	keys := map[rune]string{}
	for _, l := range labels {
		if err := ValidateLabel(l); err != nil {
			return err
		}
		if names[l.Name] {
			return fmt.Errorf("label %s is in the set twice", l.Name)
		}
		names[l.Name] = true
		if l.Key == "" {
			continue
		}
		r := []rune(l.Key)[0]
		if use, ok := ReservedKeys[unicode.ToLower(r)]; ok {
			return fmt.Errorf("label %s: key %s %s; choose another key", l.Name, keyName(r), use)
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return fmt.Errorf("label %s: key %q is not a letter or a digit", l.Name, l.Key)
		}
		k := unicode.ToLower(r)
		if other, dup := keys[k]; dup {
			return fmt.Errorf("labels %s and %s have the same key %q", other, l.Name, strings.ToLower(l.Key))
		}
		keys[k] = l.Name
	}
	return nil
}

// ReservedKeys are the keys that review mode, the claim inspector and
// suggestions use, with what they do there; no label may have one (either
// case: label keys match both), since the label would lose to them.
var ReservedKeys = map[rune]string{
	'a': "accepts in review mode and a selected suggestion, and links ABOUT in the claim inspector",
	'x': "rejects in review mode and a selected suggestion",
	'e': "edits the span in review mode",
	's': "links the SPEAKER in the claim inspector",
	'y': "sets check-worthy yes in the claim inspector",
	'n': "goes to the next article in review mode and sets check-worthy no in the claim inspector",
	'u': "sets check-worthy unsure in the claim inspector",
	'p': "goes to the previous article in review mode",
	' ': "skips a span in review mode",
}

func keyName(r rune) string {
	if r == ' ' {
		return "space"
	}
	return string(r)
}

// freeKeys is the order keys are given to labels that arrive without one:
// digits, then the letters of the label's name, then the alphabet.
const freeKeys = "1234567890"

// FillKeysAndColors gives each label of added that has no key a key no
// label of set or added uses (case-insensitively) and none of
// ReservedKeys: a free digit, else a letter of its name, else any letter;
// none when every one is taken. It gives every label of added a colour
// distinct from every other label's: the first palette colour no label
// has, else the generated colour farthest from all of them. It changes
// added in place.
func FillKeysAndColors(set, added []Label) {
	usedKeys := map[rune]bool{}
	var usedColors []string
	for _, l := range set {
		if k := []rune(l.Key); len(k) == 1 {
			usedKeys[unicode.ToLower(k[0])] = true
		}
		usedColors = append(usedColors, strings.ToLower(l.Color))
	}
	for i := range added {
		if k := []rune(added[i].Key); len(k) == 1 {
			usedKeys[unicode.ToLower(k[0])] = true
		}
	}
	for i := range added {
		l := &added[i]
		if l.Key == "" {
			if k, ok := freeKey(l.Name, usedKeys); ok {
				l.Key = string(k)
				usedKeys[k] = true
			}
		}
		l.Color = distinctColor(usedColors)
		usedColors = append(usedColors, l.Color)
	}
}

func freeKey(name string, used map[rune]bool) (rune, bool) {
	free := func(r rune) bool {
		_, reserved := ReservedKeys[r]
		return !used[r] && !reserved && r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r))
	}
	for _, r := range freeKeys + strings.ToLower(name) + "abcdefghijklmnopqrstuvwxyz" {
		if free(r) {
			return r, true
		}
	}
	return 0, false
}

// minColorDistance is how far apart (Euclidean, in 0–255 RGB) two label
// colours must be to count as distinct.
const minColorDistance = 50

// DistinctColor is a colour at least minColorDistance from every colour
// of used, as FillKeysAndColors picks them.
func DistinctColor(used []string) string { return distinctColor(used) }

// distinctColor is the first colour of palette, then of generated hues,
// at least minColorDistance from every colour of used; when none is, the
// one farthest from its nearest.
func distinctColor(used []string) string {
	best, bestD := "", -1.0
	for _, c := range colorCandidates() {
		d := math.MaxFloat64
		for _, u := range used {
			d = min(d, colorDistance(c, u))
		}
		if d >= minColorDistance {
			return c
		}
		if d > bestD {
			best, bestD = c, d
		}
	}
	return best
}

// colorCandidates are palette, then rings of 48 hues at the golden angle
// in a few lightnesses and saturations, each light enough for dark text
// and strong enough to read on a dark theme.
func colorCandidates() []string {
	out := append([]string(nil), palette...)
	for _, ring := range [][2]float64{{0.62, 0.58}, {0.55, 0.7}, {0.75, 0.5}, {0.35, 0.62}} {
		h := 20.0
		for range 48 {
			out = append(out, hsl(h, ring[0], ring[1]))
			h = math.Mod(h+137.508, 360)
		}
	}
	return out
}

func hsl(h, s, l float64) string {
	c := (1 - math.Abs(2*l-1)) * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := l - c/2
	var r, g, b float64
	switch {
	case h < 60:
		r, g = c, x
	case h < 120:
		r, g = x, c
	case h < 180:
		g, b = c, x
	case h < 240:
		g, b = x, c
	case h < 300:
		r, b = x, c
	default:
		r, b = c, x
	}
	return fmt.Sprintf("#%02x%02x%02x", int(math.Round((r+m)*255)), int(math.Round((g+m)*255)), int(math.Round((b+m)*255)))
}

func colorDistance(a, b string) float64 {
	x, okA := rgb(a)
	y, okB := rgb(b)
	if !okA || !okB {
		return math.MaxFloat64
	}
	var sum float64
	for i := range 3 {
		d := float64(x[i]) - float64(y[i])
		sum += d * d
	}
	return math.Sqrt(sum)
}

func rgb(c string) ([3]byte, bool) {
	var v [3]byte
	if !validColor(c) {
		return v, false
	}
	b, _ := hex.DecodeString(c[1:])
	copy(v[:], b)
	return v, true
}

// CaseTwins returns, for each label name, the other names of set that
// differ from it only in case ("event" and "EVENT").
func CaseTwins(set []Label) map[string][]string {
	byFold := map[string][]string{}
	for _, l := range set {
		k := strings.ToLower(l.Name)
		byFold[k] = append(byFold[k], l.Name)
	}
	out := map[string][]string{}
	for _, names := range byFold {
		if len(names) < 2 {
			continue
		}
		for _, n := range names {
			for _, o := range names {
				if o != n {
					out[n] = append(out[n], o)
				}
			}
		}
	}
	return out
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
