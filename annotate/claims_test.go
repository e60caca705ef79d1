package annotate

import (
	"strings"
	"testing"
)

func TestValidateAttrsRefusesValuesOutsideTheSchema(t *testing.T) {
	schema := DefaultClaimSchema()
	tests := []struct {
		name  string
		kind  Kind
		attrs map[string]string
		want  string // "" = valid; else a substring of the error
	}{
		{"no attrs", KindClaim, nil, ""},
		{"all valid", KindClaim, map[string]string{"checkworthy": "yes", "type": "numerical", "verdict": "mostly-false",
			"note": "police figures only", "evidence": "https://example.org/a http://example.org/b?x=1"}, ""},
		{"unsure", KindClaim, map[string]string{"checkworthy": "unsure"}, ""},
		{"unknown checkworthy", KindClaim, map[string]string{"checkworthy": "maybe"},
			`attribute checkworthy: value "maybe" is not one of yes, no, unsure`},
		{"verdict with a space", KindClaim, map[string]string{"verdict": "mostly true"},
			`attribute verdict: value "mostly true" is not one of unverified, true, mostly-true, mixed, mostly-false, false, unverifiable`},
		{"type in capitals", KindClaim, map[string]string{"type": "Numerical"}, `attribute type: value "Numerical"`},
		{"empty choice", KindClaim, map[string]string{"checkworthy": ""}, `value "" is not one of`},
		{"blank note", KindClaim, map[string]string{"note": "  "}, "attribute note: empty value"},
		{"note on two lines", KindClaim, map[string]string{"note": "one\ntwo"}, ""},
		{"evidence not a URL", KindClaim, map[string]string{"evidence": "see the police report"}, `attribute evidence: "see" is not an http(s) URL`},
		{"evidence ftp", KindClaim, map[string]string{"evidence": "ftp://example.org/x"}, "is not an http(s) URL"},
		{"evidence two spaces", KindClaim, map[string]string{"evidence": "https://a.org  https://b.org"}, "separated by single spaces"},
		{"attribute outside the schema kept", KindClaim, map[string]string{"source": "anything at all"}, ""},
		{"entities are not checked", KindEntity, map[string]string{"checkworthy": "maybe"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateAttrs(schema, tt.kind, tt.attrs)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && err == nil:
				t.Errorf("accepted, want an error with %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestClaimSchemaValidate(t *testing.T) {
	tests := []struct {
		name   string
		schema ClaimSchema
		want   string
	}{
		{"default", DefaultClaimSchema(), ""},
		{"empty", ClaimSchema{}, ""},
		{"duplicate name", ClaimSchema{{Name: "a", Type: AttrText}, {Name: "a", Type: AttrText}}, "twice"},
		{"name with space", ClaimSchema{{Name: "check worthy", Type: AttrText}}, "one word"},
		{"choice without values", ClaimSchema{{Name: "a", Type: AttrChoice}}, "needs values"},
		{"value with space", ClaimSchema{{Name: "a", Type: AttrChoice, Values: []string{"mostly true"}}}, "one word"},
		{"default not a value", ClaimSchema{{Name: "a", Type: AttrChoice, Values: []string{"x"}, Default: "y"}}, "default"},
		{"unknown type", ClaimSchema{{Name: "a", Type: "number"}}, "unknown type"},
		{"text with values", ClaimSchema{{Name: "a", Type: AttrText, Values: []string{"x"}}}, "takes no values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.schema.Validate()
			if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestValidateClaimsChecksSpeakerAndAboutEnds(t *testing.T) {
	text := "Police said 16 were killed."
	spans := []Span{
		{ID: "s1", Start: 0, End: 6, Label: "ORG", Kind: KindEntity},
		{ID: "s2", Start: 0, End: 26, Label: "CLAIM", Kind: KindClaim, Attrs: map[string]string{"checkworthy": "yes"}},
		{ID: "s3", Start: 12, End: 14, Label: "CLAIM", Kind: KindClaim},
	}
	tests := []struct {
		name string
		rels []Relation
		want string
	}{
		{"speaker claim to entity", []Relation{{Head: "s2", Child: "s1", Label: RelSpeaker}}, ""},
		{"about claim to entity", []Relation{{Head: "s2", Child: "s1", Label: RelAbout}}, ""},
		{"speaker from an entity", []Relation{{Head: "s1", Child: "s2", Label: RelSpeaker}}, "the head s1 (ORG) is not a claim"},
		{"about to a claim", []Relation{{Head: "s2", Child: "s3", Label: RelAbout}}, "the child s3 (CLAIM) is not an entity"},
		{"other relations are free", []Relation{{Head: "s3", Child: "s2", Label: "SUPPORTS"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Article{ID: "a", Text: text, Spans: spans, Rels: tt.rels}
			err := a.ValidateClaims(DefaultClaimSchema())
			if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("ValidateClaims() = %v, want %q", err, tt.want)
			}
		})
	}
	bad := &Article{ID: "a", Text: text, Spans: []Span{{ID: "s9", Start: 0, End: 6, Label: "CLAIM", Kind: KindClaim,
		Attrs: map[string]string{"verdict": "probably"}}}}
	if err := bad.ValidateClaims(DefaultClaimSchema()); err == nil || !strings.Contains(err.Error(), "span s9 CLAIM 0-6: attribute verdict") {
		t.Errorf("bad verdict: %v, want the span named", err)
	}
}

func TestNormalizeURLs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"https://a.org", "https://a.org"},
		{" https://a.org,https://b.org\nhttps://a.org  ", "https://a.org https://b.org"},
	}
	for _, tt := range tests {
		if got := NormalizeURLs(tt.in); got != tt.want {
			t.Errorf("NormalizeURLs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
