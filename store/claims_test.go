package store

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

const claimText = "Police said 16 were killed. Officials put it at 54."

// claimArticle has an entity nested in a claim (s1 in s2), a claim
// overlapping an entity (s4 over s3), and a SPEAKER link.
func claimArticle(id string) annotate.Article {
	return annotate.Article{ID: id, Text: claimText, Spans: []annotate.Span{
		{ID: "s1", Start: 0, End: 6, Label: "ORG"},
		{ID: "s2", Start: 0, End: 26, Label: "CLAIM", Attrs: map[string]string{"checkworthy": "yes", "type": "numerical"}},
		{ID: "s3", Start: 28, End: 37, Label: "ORG"},
		{ID: "s4", Start: 33, End: 50, Label: "CLAIM", Attrs: map[string]string{"checkworthy": "no", "verdict": "mixed",
			"note": "two figures", "evidence": "https://example.org/a https://example.org/b"}},
	}, Rels: []annotate.Relation{{Head: "s2", Child: "s1", Label: "SPEAKER"}, {Head: "s4", Child: "s3", Label: "ABOUT"}}}
}

func TestNewDatabaseHoldsTheDefaultClaimSchemaAndSavesAnother(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := openTemp(t)
		ctx := context.Background()
		cs, err := db.ClaimSchema(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cs, annotate.DefaultClaimSchema()) {
			t.Fatalf("schema of a new database:\n%+v\nwant\n%+v", cs, annotate.DefaultClaimSchema())
		}
		mine := annotate.ClaimSchema{
			{Name: "verdict", Type: annotate.AttrChoice, Values: []string{"true", "misleading", "false"}, Default: "misleading"},
			{Name: "note", Type: annotate.AttrText},
		}
		if err := db.SaveClaimSchema(ctx, mine); err != nil {
			t.Fatal(err)
		}
		got, err := db.ClaimSchema(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, mine) {
			t.Errorf("saved schema reads back as %+v", got)
		}
		bad := annotate.ClaimSchema{{Name: "verdict", Type: annotate.AttrChoice}}
		if err := db.SaveClaimSchema(ctx, bad); err == nil {
			t.Error("a choice without values was saved")
		}
		if got2, _ := db.ClaimSchema(ctx); !reflect.DeepEqual(got2, mine) {
			t.Errorf("a refused save changed the schema: %+v", got2)
		}
		// the changed schema is what an import is checked against
		a := annotate.Article{ID: "x", Text: "It is so.", Spans: []annotate.Span{{Start: 0, End: 9, Label: "CLAIM",
			Attrs: map[string]string{"verdict": "misleading"}}}}
		mustImport(t, db, ImportOptions{}, rec(1, a))
		a.ID, a.Spans[0].Attrs = "y", map[string]string{"verdict": "mostly-true"}
		if _, err := db.Import(ctx, feed(rec(7, a)), ImportOptions{}); err == nil || !strings.Contains(err.Error(), "not one of true, misleading, false") {
			t.Errorf("import of a value the team's schema lacks: %v", err)
		}
	})
}

func TestImportRefusesBadClaimsWithFileLineAndChangesNothing(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		good := claimArticle("a1")
		tests := []struct {
			name   string
			change func(a *annotate.Article)
			want   string
		}{
			{"unknown checkworthy", func(a *annotate.Article) { a.Spans[1].Attrs["checkworthy"] = "maybe" },
				`in.jsonl:2: article a2: span s2 CLAIM 0-26: attribute checkworthy: value "maybe" is not one of yes, no, unsure`},
			{"unknown verdict", func(a *annotate.Article) { a.Spans[3].Attrs["verdict"] = "mostly true" },
				`in.jsonl:2: article a2: span s4 CLAIM 33-50: attribute verdict: value "mostly true" is not one of`},
			{"evidence that is not a URL", func(a *annotate.Article) { a.Spans[3].Attrs["evidence"] = "the police report" },
				`attribute evidence: "the" is not an http(s) URL`},
			{"speaker from an entity", func(a *annotate.Article) { a.Rels[0] = annotate.Relation{Head: "s1", Child: "s2", Label: "SPEAKER"} },
				"in.jsonl:2: article a2: relation SPEAKER s1→s2: the head s1 (ORG) is not a claim"},
			{"about a claim", func(a *annotate.Article) { a.Rels[1] = annotate.Relation{Head: "s4", Child: "s2", Label: "ABOUT"} },
				"the child s2 (CLAIM) is not an entity"},
			{"dangling relation end", func(a *annotate.Article) { a.Rels[0].Child = "s9" },
				`in.jsonl:2: relation SPEAKER s2→s9: no span "s9" in article a2`},
			{"relation to a span of another article", func(a *annotate.Article) {
				a.Spans = slices.Delete(a.Spans, 0, 1) // s1 is only in a1 now
			}, `in.jsonl:2: relation SPEAKER s2→s1: no span "s1" in article a2`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				db := openTemp(t)
				mustImport(t, db, ImportOptions{}, rec(1, claimArticle("a0")))
				before := dump(t, db, ExportFilter{})
				bad := claimArticle("a2")
				tt.change(&bad)
				_, err := db.Import(context.Background(), feed(rec(1, good), rec(2, bad)), ImportOptions{})
				var ie *annotate.InputError
				if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("error %v, want an input error with %q", err, tt.want)
				}
				if after := dump(t, db, ExportFilter{}); !slices.Equal(before, after) {
					t.Errorf("a refused import changed the database:\n%v\n%v", before, after)
				}
			})
		}
	})
}

func TestSpanEditsAndLinksAreCheckedAgainstTheClaimSchema(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := openTemp(t)
		ctx := context.Background()
		mustImport(t, db, ImportOptions{}, rec(1, claimArticle("a")))
		if _, err := db.AddSpan(ctx, "a", annotate.Span{Start: 7, End: 11, Label: "CLAIM", Attrs: map[string]string{"type": "guess"}}); err == nil ||
			!strings.Contains(err.Error(), `attribute type: value "guess"`) {
			t.Errorf("AddSpan with a bad type: %v", err)
		}
		art, _ := db.Article(ctx, "a")
		claim := art.Spans[slices.IndexFunc(art.Spans, func(s annotate.Span) bool { return s.ID == "s2" })]
		claim.Attrs = map[string]string{"checkworthy": "unsure", "verdict": "unverifiable"}
		if err := db.UpdateSpan(ctx, "a", claim); err != nil {
			t.Errorf("UpdateSpan with valid attrs: %v", err)
		}
		claim.Attrs["verdict"] = "wrong"
		if err := db.UpdateSpan(ctx, "a", claim); err == nil {
			t.Error("UpdateSpan stored verdict wrong")
		}
		// entities carry whatever attributes they like (e.g. a brat norm)
		ent := art.Spans[slices.IndexFunc(art.Spans, func(s annotate.Span) bool { return s.ID == "s1" })]
		ent.Attrs = map[string]string{"verdict": "wrong"}
		if err := db.UpdateSpan(ctx, "a", ent); err != nil {
			t.Errorf("UpdateSpan of an entity with a free attribute: %v", err)
		}

		tests := []struct {
			rel  annotate.Relation
			want string
		}{
			{annotate.Relation{Head: "s4", Child: "s1", Label: "SPEAKER"}, ""},
			{annotate.Relation{Head: "s1", Child: "s4", Label: "SPEAKER"}, "is not a claim"},
			{annotate.Relation{Head: "s4", Child: "s2", Label: "ABOUT"}, "is not an entity"},
			{annotate.Relation{Head: "s4", Child: "s9", Label: "ABOUT"}, "not found"},
			{annotate.Relation{Head: "s2", Child: "s4", Label: "CONTRADICTS"}, ""},
		}
		for _, tt := range tests {
			err := db.AddRelation(ctx, "a", tt.rel)
			if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("AddRelation %v: %v, want %q", tt.rel, err, tt.want)
			}
		}
		art, _ = db.Article(ctx, "a")
		if len(art.Rels) != 4 {
			t.Errorf("relations %v, want the 2 imported and 2 added", art.Rels)
		}
	})
}

func TestListArticlesFiltersToCheckWorthyClaims(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := openTemp(t)
		ctx := context.Background()
		notWorthy := claimArticle("b")
		notWorthy.Spans[1].Attrs["checkworthy"] = "unsure"
		notWorthy.Spans[3].Attrs["checkworthy"] = "no"
		entityOnly := annotate.Article{ID: "c", Text: "checkworthy yes", Spans: []annotate.Span{{Start: 0, End: 11, Label: "ORG",
			Attrs: map[string]string{"checkworthy": "yes"}}}}
		mustImport(t, db, ImportOptions{}, rec(1, claimArticle("a")), rec(2, notWorthy), rec(3, entityOnly))
		list, err := db.ListArticles(ctx, ArticleFilter{CheckWorthy: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].ID != "a" {
			t.Errorf("check-worthy filter: %+v, want article a only", list)
		}
		all, _ := db.ListArticles(ctx, ArticleFilter{})
		if len(all) != 3 {
			t.Errorf("no filter: %d articles", len(all))
		}
	})
}

func TestStatsCountClaimsByAttribute(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := openTemp(t)
		b := claimArticle("b")
		b.Spans[1].Attrs = nil // no attributes: verdict counts as its default
		mustImport(t, db, ImportOptions{}, rec(1, claimArticle("a")), rec(2, b))
		st, err := db.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if st.Claims != 4 {
			t.Errorf("claims %d, want 4", st.Claims)
		}
		want := map[string]map[string]int{
			"checkworthy": {"yes": 1, "no": 2, "unsure": 0, "": 1},
			"type":        {"numerical": 1, "quote": 0, "causal": 0, "comparison": 0, "prediction": 0, "other": 0, "": 3},
			"verdict":     {"unverified": 2, "true": 0, "mostly-true": 0, "mixed": 2, "mostly-false": 0, "false": 0, "unverifiable": 0},
		}
		if !reflect.DeepEqual(st.ClaimAttrs, want) {
			t.Errorf("claim attrs\n%v\nwant\n%v", st.ClaimAttrs, want)
		}
	})
}
