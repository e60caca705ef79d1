package codec

import (
	"maps"
	"path/filepath"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// TestClaimAttrsAndRelationsSurviveBratAndDoccano writes a claim with every
// attribute (two evidence URLs, a note) and its SPEAKER link in brat and
// doccano and reads them back.
func TestClaimAttrsAndRelationsSurviveBratAndDoccano(t *testing.T) {
	text := "Police said 16 were killed, the ministry added."
	attrs := map[string]string{"checkworthy": "yes", "type": "numerical", "verdict": "mostly-false",
		"note": "two sources disagree", "evidence": "https://example.org/a_b https://example.org/c?d=1"}
	a := annotate.Article{ID: "art", Text: text, Spans: []annotate.Span{
		{ID: "s1", Start: 0, End: 6, Label: "ORG"},
		{ID: "s2", Start: 0, End: 26, Label: "CLAIM", Kind: annotate.KindClaim, Attrs: attrs},
		{ID: "s3", Start: 12, End: 14, Label: "NUMBER", Attrs: map[string]string{"norm": "Q16"}},
	}, Rels: []annotate.Relation{{Head: "s2", Child: "s1", Label: "SPEAKER"}, {Head: "s2", Child: "s3", Label: "ABOUT"}}}

	check := func(t *testing.T, got *annotate.Article) {
		t.Helper()
		byText := map[string]annotate.Span{}
		for _, s := range got.Spans {
			byText[s.Text] = s
		}
		claim := byText["Police said 16 were killed"]
		if !maps.Equal(claim.Attrs, attrs) {
			t.Errorf("claim attrs %v, want %v", claim.Attrs, attrs)
		}
		if len(got.Rels) != 2 || got.Rels[0].Head != claim.ID || got.Rels[0].Child != byText["Police"].ID ||
			got.Rels[1].Child != byText["16"].ID || got.Rels[1].Label != "ABOUT" {
			t.Errorf("relations %v", got.Rels)
		}
	}
	t.Run("brat", func(t *testing.T) {
		dir := t.TempDir()
		w, err := NewBratWriter(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(&a); err != nil {
			t.Fatal(err)
		}
		recs := readAll(t, []string{filepath.Join(dir, "art.txt")}, Options{})
		check(t, &recs[0].Article)
	})
	t.Run("doccano", func(t *testing.T) {
		p := writeFile(t, t.TempDir(), "d.jsonl", encode(t, FormatDoccano, []*annotate.Record{{Article: a}}))
		recs := readAll(t, []string{p}, Options{Format: FormatDoccano})
		check(t, &recs[0].Article)
	})
}
