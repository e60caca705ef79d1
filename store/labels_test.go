package store

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

func TestSaveLabels(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	set := []annotate.Label{
		{Name: "CLAIM", Kind: annotate.KindClaim, Color: "#e05d5d", Key: "c"},
		{Name: "PERSON", Kind: annotate.KindEntity, Color: "#e8a33d", Key: "1"},
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
}
