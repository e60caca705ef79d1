package store

import (
	"context"
	"fmt"

	"github.com/spanmark/spanmark/annotate"
)

// NoSpansError says that an annotator named for agreement has no span.
type NoSpansError struct{ Annotator string }

func (e *NoSpansError) Error() string { return fmt.Sprintf("annotator %q has no span", e.Annotator) }

// Agreement computes the agreement (annotate.Agreement) of the reference
// annotator a with each of others, in order, over the articles of the
// database. A's spans are read once and kept without their text; each
// other annotator's articles stream past them. tick (may be nil) is called
// per article read. An annotator without any span is a *NoSpansError.
func (db *DB) Agreement(ctx context.Context, a string, others []string, tick func()) ([]annotate.Agreement, error) {
	if tick == nil {
		tick = func() {}
	}
	ref := map[string][]annotate.Span{}
	err := db.Export(ctx, ExportFilter{Annotator: a}, func(art *annotate.Article) error {
		tick()
		spans := make([]annotate.Span, len(art.Spans))
		for k, s := range art.Spans {
			spans[k] = annotate.Span{Start: s.Start, End: s.End, Label: s.Label}
		}
		ref[art.ID] = spans
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("agreement: %w", err)
	}
	if len(ref) == 0 {
		return nil, &NoSpansError{Annotator: a}
	}
	res := make([]annotate.Agreement, 0, len(others))
	for _, b := range others {
		g := annotate.NewAgreer()
		seen := 0
		err := db.Export(ctx, ExportFilter{Annotator: b}, func(art *annotate.Article) error {
			tick()
			seen++
			g.Add(art.Text, ref[art.ID], art.Spans)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("agreement: %w", err)
		}
		if seen == 0 {
			return nil, &NoSpansError{Annotator: b}
		}
		r := g.Result()
		// Articles A annotated that B never touched were not streamed.
		r.OnlyA = len(ref) - r.Articles
		res = append(res, r)
	}
	return res, nil
}
