package annotate

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// AttrType says what values a claim attribute takes.
type AttrType string

const (
	// AttrChoice takes one of the attribute's Values.
	AttrChoice AttrType = "choice"
	// AttrText takes any text that is not blank (e.g. a note). brat keeps
	// it on one line: its line breaks are written as spaces there.
	AttrText AttrType = "text"
	// AttrURLs takes zero or more absolute http(s) URLs, stored as one
	// string with the URLs separated by single spaces (a URL holds no
	// white space; a space inside one is written %20).
	AttrURLs AttrType = "urls"
)

// ClaimAttr is one attribute of the claim schema.
type ClaimAttr struct {
	Name    string
	Type    AttrType
	Values  []string // AttrChoice: the allowed values, in the order offered
	Default string   // the value a claim without this attribute has ("" = none)
}

// ClaimSchema is the attributes a claim span may carry, in the order the
// window shows them. Attribute names outside the schema are kept as they
// are (other tools write their own); a value of an attribute in the schema
// must fit it.
type ClaimSchema []ClaimAttr

// Claim attribute names of the default schema.
const (
	AttrCheckworthy = "checkworthy"
	AttrClaimType   = "type"
	AttrVerdict     = "verdict"
	AttrNote        = "note"
	AttrEvidence    = "evidence"
)

// Relation labels between a claim and an entity.
const (
	RelSpeaker = "SPEAKER" // claim → the entity (person, organisation) who made it
	RelAbout   = "ABOUT"   // claim → an entity it is about
)

// DefaultClaimSchema is the schema of a new database: the 3-way
// check-worthiness of ClaimBuster and CheckThat!, a claim type, a verdict
// (unverified until checked), a note and evidence URLs.
func DefaultClaimSchema() ClaimSchema {
	return ClaimSchema{
		{Name: AttrCheckworthy, Type: AttrChoice, Values: []string{"yes", "no", "unsure"}},
		{Name: AttrClaimType, Type: AttrChoice, Values: []string{"numerical", "quote", "causal", "comparison", "prediction", "other"}},
		{Name: AttrVerdict, Type: AttrChoice, Values: []string{"unverified", "true", "mostly-true", "mixed", "mostly-false", "false", "unverifiable"},
			Default: "unverified"},
		{Name: AttrNote, Type: AttrText},
		{Name: AttrEvidence, Type: AttrURLs},
	}
}

// Attr returns the attribute called name.
func (cs ClaimSchema) Attr(name string) (ClaimAttr, bool) {
	for _, a := range cs {
		if a.Name == name {
			return a, true
		}
	}
	return ClaimAttr{}, false
}

// Validate checks the schema itself: names unique and without white space,
// a known type, choices with at least one value, unique values without
// white space, a default among the values.
func (cs ClaimSchema) Validate() error {
	seen := map[string]bool{}
	for _, a := range cs {
		if a.Name == "" || strings.ContainsFunc(a.Name, isSpaceRune) {
			return fmt.Errorf("claim attribute %q: a name is one word", a.Name)
		}
		if seen[a.Name] {
			return fmt.Errorf("claim attribute %s is in the schema twice", a.Name)
		}
		seen[a.Name] = true
		switch a.Type {
		case AttrChoice:
			if len(a.Values) == 0 {
				return fmt.Errorf("claim attribute %s: a choice needs values", a.Name)
			}
			vals := map[string]bool{}
			for _, v := range a.Values {
				if v == "" || strings.ContainsFunc(v, isSpaceRune) {
					return fmt.Errorf("claim attribute %s: value %q: a value is one word", a.Name, v)
				}
				if vals[v] {
					return fmt.Errorf("claim attribute %s: value %s is listed twice", a.Name, v)
				}
				vals[v] = true
			}
			if a.Default != "" && !vals[a.Default] {
				return fmt.Errorf("claim attribute %s: default %q is not one of its values", a.Name, a.Default)
			}
		case AttrText, AttrURLs:
			if len(a.Values) > 0 {
				return fmt.Errorf("claim attribute %s: type %s takes no values", a.Name, a.Type)
			}
		default:
			return fmt.Errorf("claim attribute %s: unknown type %q (want choice, text or urls)", a.Name, a.Type)
		}
	}
	return nil
}

func isSpaceRune(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// ValidateAttrs checks the attributes of a span of kind kind against the
// schema: on a claim, every attribute the schema names must have a value
// it allows (an empty value is refused: leave the attribute out instead).
// Attributes the schema does not name, and the attributes of entities, are
// not checked. The error reads like
// `attribute checkworthy: value "maybe" is not one of yes, no, unsure`.
func ValidateAttrs(schema ClaimSchema, kind Kind, attrs map[string]string) error {
	if kind != KindClaim || len(attrs) == 0 {
		return nil
	}
	// in schema order, so that the first problem reported is stable
	for _, a := range schema {
		v, ok := attrs[a.Name]
		if !ok {
			continue
		}
		if err := a.Check(v); err != nil {
			return err
		}
	}
	return nil
}

// Check checks one value of the attribute.
func (a ClaimAttr) Check(v string) error {
	switch a.Type {
	case AttrChoice:
		if !slices.Contains(a.Values, v) {
			return fmt.Errorf("attribute %s: value %q is not one of %s", a.Name, v, strings.Join(a.Values, ", "))
		}
	case AttrText:
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("attribute %s: empty value (leave the attribute out)", a.Name)
		}
	case AttrURLs:
		if v == "" {
			return fmt.Errorf("attribute %s: empty value (leave the attribute out)", a.Name)
		}
		if v != strings.Join(strings.Fields(v), " ") {
			return fmt.Errorf("attribute %s: URLs must be separated by single spaces: %q", a.Name, v)
		}
		for _, u := range strings.Fields(v) {
			if err := checkURL(u); err != nil {
				return fmt.Errorf("attribute %s: %v", a.Name, err)
			}
		}
	}
	return nil
}

func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", s)
	}
	return nil
}

// NormalizeURLs turns what a person typed (URLs separated by spaces,
// commas or line breaks) into the stored form: URLs separated by single
// spaces, duplicates dropped.
func NormalizeURLs(s string) string {
	fields := strings.FieldsFunc(s, func(r rune) bool { return isSpaceRune(r) || r == ',' })
	var out []string
	for _, f := range fields {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return strings.Join(out, " ")
}

// ClaimRelation reports whether label is a relation whose head must be a
// claim and whose child an entity (SPEAKER, ABOUT).
func ClaimRelation(label string) bool { return label == RelSpeaker || label == RelAbout }

// CheckRelationKinds checks that a SPEAKER or ABOUT relation goes from a
// claim (head) to an entity (child). Other relations are not checked.
func CheckRelationKinds(r Relation, head, child Span) error {
	if !ClaimRelation(r.Label) {
		return nil
	}
	if head.Kind != KindClaim {
		return fmt.Errorf("relation %s %s→%s: the head %s (%s) is not a claim", r.Label, r.Head, r.Child, r.Head, head.Label)
	}
	if child.Kind != KindEntity {
		return fmt.Errorf("relation %s %s→%s: the child %s (%s) is not an entity", r.Label, r.Head, r.Child, r.Child, child.Label)
	}
	return nil
}

// ValidateClaims checks the claim attributes of every span of a against
// schema and the kinds at the ends of its SPEAKER and ABOUT relations.
// Relation ends that are not spans of a are left to Validate.
func (a *Article) ValidateClaims(schema ClaimSchema) error {
	for i := range a.Spans {
		s := &a.Spans[i]
		if err := ValidateAttrs(schema, s.Kind, s.Attrs); err != nil {
			return fmt.Errorf("span %s %s %d-%d: %w", s.ID, s.Label, s.Start, s.End, err)
		}
	}
	if len(a.Rels) == 0 {
		return nil
	}
	at := make(map[string]int, len(a.Spans))
	for i, s := range a.Spans {
		at[s.ID] = i
	}
	for _, r := range a.Rels {
		h, ok1 := at[r.Head]
		c, ok2 := at[r.Child]
		if !ok1 || !ok2 {
			continue
		}
		if err := CheckRelationKinds(r, a.Spans[h], a.Spans[c]); err != nil {
			return err
		}
	}
	return nil
}
