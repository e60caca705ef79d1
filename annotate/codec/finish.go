package codec

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/spanmark/spanmark/annotate"
)

// draft is an article as a reader found it: text not yet normalised, span
// offsets (code points) into that raw text.
type draft struct {
	id     string
	text   string
	meta   []byte // compact JSON object or nil
	status annotate.Status
	answer string
	spans  []annotate.Span
	rels   []annotate.Relation
	// sameText, when set, accepts a span's text that differs from the
	// article text at its offsets in a way the format allows (Label Studio
	// escapes newlines, brat writes them as spaces).
	sameText func(got, want string) bool
}

// finish normalises the text, remaps the offsets, checks every span and
// relation the way annotate.Article.Validate does, and returns the record.
func (d *draft) finish(file string, line int) (*annotate.Record, error) {
	at := func(err error) error { return &annotate.InputError{File: file, Line: line, Err: err} }
	if len(d.text) > annotate.MaxTextBytes+4096 {
		return nil, at(fmt.Errorf("text is %d bytes, more than the limit of %d bytes (8 MiB)", len(d.text), annotate.MaxTextBytes))
	}
	text, remap := annotate.NormalizeText(d.text)
	if len(text) > annotate.MaxTextBytes {
		return nil, at(fmt.Errorf("text is %d bytes, more than the limit of %d bytes (8 MiB)", len(text), annotate.MaxTextBytes))
	}
	if text == "" {
		return nil, at(errors.New("empty text: nothing to annotate"))
	}
	if !remap.Identity() && len(d.spans) > 0 {
		// Check the spans against the text they were made on, then move
		// them onto the normalised text: they cover the same characters.
		raw := annotate.NewRuneIndex(d.text)
		for i := range d.spans {
			s := &d.spans[i]
			if err := raw.CheckSpanText(s, d.sameText); err != nil {
				return nil, at(err)
			}
			s.Start, s.End, s.Text = remap.Apply(s.Start), remap.Apply(s.End), ""
		}
	}
	// The quick check walks the text once up to the last span end; a span
	// it does not pass gets the full check, for the message.
	var offs spanBytes
	inside := offs.build(text, d.spans)
	var idx *annotate.RuneIndex
	for i := range d.spans {
		s := &d.spans[i]
		if inside && s.Start < s.End && s.Label != "" {
			got := text[offs.byteOf(s.Start):offs.byteOf(s.End)]
			if s.Text == got || s.Text == "" || (d.sameText != nil && d.sameText(got, s.Text)) {
				s.Text = got
				continue
			}
		}
		if idx == nil {
			idx = annotate.NewRuneIndex(text)
		}
		if err := idx.CheckSpanText(s, d.sameText); err != nil {
			return nil, at(err)
		}
	}
	a := annotate.Article{ID: d.id, Text: text, Status: d.status, Answer: d.answer, Spans: d.spans, Rels: d.rels}
	if a.ID == "" {
		a.ID = annotate.TextID(text)
	}
	if a.Status == "" {
		a.Status = annotate.StatusTodo
	}
	if len(d.meta) > 0 && !bytes.Equal(d.meta, []byte("{}")) {
		a.Meta = d.meta
	}
	a.AssignSpanIDs()
	ids := make(map[string]struct{}, len(a.Spans))
	for _, s := range a.Spans {
		if _, dup := ids[s.ID]; dup {
			return nil, at(fmt.Errorf("span id %q is used twice", s.ID))
		}
		ids[s.ID] = struct{}{}
	}
	for _, r := range a.Rels {
		if r.Label == "" {
			return nil, at(fmt.Errorf("relation %s→%s has no label", r.Head, r.Child))
		}
		for _, end := range []string{r.Head, r.Child} {
			if _, ok := ids[end]; !ok {
				return nil, at(fmt.Errorf("relation %s %s→%s: no span %q in this record", r.Label, r.Head, r.Child, end))
			}
		}
	}
	return &annotate.Record{Article: a, File: file, Line: line, SpansChecked: true}, nil
}
