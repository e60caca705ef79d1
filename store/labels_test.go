package store

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

func TestSaveLabels(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db := openTemp(t)
		set := []annotate.Label{
			{Name: "CLAIM", Kind: annotate.KindClaim, Color: "#e05d5d", Key: "c"},
			{Name: "PERSON", Kind: annotate.KindEntity, Color: "#e8a33d", Key: "1", Description: "a person named, not a pronoun — « ça »\nsecond line"},
			{Name: "DRUG", Kind: annotate.KindEntity, Color: "#7f9cf5"},
			{Name: "DOSE", Kind: annotate.KindEntity, Color: "#26a69a"},
		}
		if err := db.SaveLabels(ctx, set); err != nil {
			t.Fatal(err)
		}
		got, err := db.Labels(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, set) {
			t.Errorf("labels = %v, want %v (in order)", got, set)
		}
		bad := []struct {
			name   string
			labels []annotate.Label
			want   string
		}{
			{"duplicate key", []annotate.Label{set[0], {Name: "X", Kind: annotate.KindEntity, Color: "#000000", Key: "c"}}, `key "c" is used by both CLAIM and X`},
			{"duplicate name", []annotate.Label{set[0], set[0]}, "twice"},
			{"bad colour", []annotate.Label{{Name: "X", Kind: annotate.KindEntity, Color: "red"}}, "colour"},
			{"bad kind", []annotate.Label{{Name: "X", Kind: "thing", Color: "#000000"}}, "kind"},
			{"no name", []annotate.Label{{Kind: annotate.KindEntity, Color: "#000000"}}, "no name"},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				err := db.SaveLabels(ctx, tt.labels)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("error = %v, want %q", err, tt.want)
				}
				if got, _ := db.Labels(ctx); !reflect.DeepEqual(got, set) {
					t.Errorf("refused save changed the labels to %v", got)
				}
			})
		}
		if err := db.SaveLabels(ctx, set[:1]); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Labels(ctx); len(got) != 1 {
			t.Errorf("after removing labels: %v", got)
		}
	})
}

func TestADatabaseOfSchema6GainsDescriptions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	olderDatabase(t, path, 6).Close()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Labels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, annotate.DefaultLabels()) {
		t.Errorf("labels after the upgrade = %v", got)
	}
}

func TestImportAndSuggestGiveNewLabelsAKeyAndADistinctColour(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db := openTemp(t)
		text := "Ann saw an event in a place with an organization."
		mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: text, Spans: []annotate.Span{
			{Start: 11, End: 16, Label: "event"}, {Start: 22, End: 27, Label: "place"}, {Start: 36, End: 48, Label: "organization"},
		}}))
		ann := "Ann"
		m := annotate.NewMatcher([]annotate.Pattern{{Label: "animal", Tokens: []annotate.TokenSpec{{Text: &ann}}}})
		if _, err := db.Suggest(ctx, SuggestOptions{Matcher: m}); err != nil {
			t.Fatal(err)
		}
		got, err := db.Labels(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := annotate.CheckLabelSet(got); err != nil {
			t.Errorf("the label set after import and suggest: %v", err)
		}
		colours := map[string]string{}
		for _, l := range got {
			if l.Key == "" {
				t.Errorf("label %s has no key", l.Name)
			}
			if other, dup := colours[l.Color]; dup {
				t.Errorf("%s has %s's colour %s", l.Name, other, l.Color)
			}
			colours[l.Color] = l.Name
		}
		if len(got) != len(annotate.DefaultLabels())+4 {
			t.Errorf("labels: %v", got)
		}
	})
}
