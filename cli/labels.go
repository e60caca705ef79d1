package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// labelDefJSON is one label as `spanmark labels` prints and reads it.
type labelDefJSON struct {
	Name        string `json:"name"`
	Kind        string `json:"kind"`            // entity or claim
	Key         string `json:"key,omitempty"`   // one letter or digit
	Color       string `json:"color,omitempty"` // #rrggbb; a new label without one gets a free colour
	Description string `json:"description,omitempty"`
}

// runLabels prints the database's label set as JSON, or with --set FILE
// replaces it by the labels in FILE (the same form, in palette order).
// Spans keep their labels whatever the set holds.
func runLabels(ctx context.Context, env Env, args []string) int {
	var db, set string
	fs := newFlagSet("labels", env, &db)
	fs.StringVar(&set, "set", "", "replace the label set by the labels in this JSON file (the form the command prints)")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(rest) > 0 {
		fmt.Fprintf(env.Stderr, "spanmark labels: unexpected argument %q\n", rest[0])
		return ExitUsage
	}
	dbPath, err := resolveDB(db)
	if err != nil {
		return fail(env, err)
	}
	env.Wait = waitFlag(fs)
	if set != "" {
		// The file is read and checked before the database is opened:
		// a bad file changes nothing.
		labels, err := readLabelSet(set)
		if err != nil {
			return fail(env, err)
		}
		d, err := store.OpenWith(dbPath, env.storeOptions(dbPath))
		if err != nil {
			return fail(env, err)
		}
		defer d.Close()
		if err := fillColors(ctx, d, labels); err != nil {
			return fail(env, err)
		}
		if err := d.SaveLabels(ctx, labels); err != nil {
			return fail(env, fmt.Errorf("%s: %w", set, err))
		}
		fmt.Fprintf(env.Stdout, "label set of %s replaced by the %d labels in %s\n", dbPath, len(labels), set)
		return ExitOK
	}
	d, err := store.OpenReadOnly(dbPath, env.storeOptions(dbPath))
	if err != nil {
		return fail(env, err)
	}
	defer d.Close()
	labels, err := d.Labels(ctx)
	if err != nil {
		return fail(env, err)
	}
	out := make([]labelDefJSON, 0, len(labels))
	for _, l := range labels {
		out = append(out, labelDefJSON{Name: l.Name, Kind: string(l.Kind), Key: l.Key, Color: l.Color, Description: l.Description})
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return fail(env, err)
	}
	return ExitOK
}

// fillColors gives the labels of a --set file that have no colour the one
// they have in the database, else one distinct from every other label's.
func fillColors(ctx context.Context, d *store.DB, labels []annotate.Label) error {
	have, err := d.Labels(ctx)
	if err != nil {
		return err
	}
	old := map[string]string{}
	for _, l := range have {
		old[l.Name] = l.Color
	}
	var used []string
	for i, l := range labels {
		if l.Color == "" {
			labels[i].Color = old[l.Name]
		}
		if labels[i].Color != "" {
			used = append(used, labels[i].Color)
		}
	}
	for i := range labels {
		if labels[i].Color == "" {
			labels[i].Color = annotate.DistinctColor(used)
			used = append(used, labels[i].Color)
		}
	}
	return nil
}

// readLabelSet reads a JSON list of labels; a mistake is FILE:LINE: what.
func readLabelSet(path string) ([]annotate.Label, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	at := func(off int64, err error) error {
		return fmt.Errorf("%s:%d: %w", path, lineAt(b, off), err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('[') {
		return nil, at(dec.InputOffset(), errors.New(`want a JSON list of {"name", "kind", "key", "color", "description"}`))
	}
	var labels []annotate.Label
	for dec.More() {
		start := dec.InputOffset()
		var in labelDefJSON
		if err := dec.Decode(&in); err != nil {
			return nil, at(jsonErrorOffset(b, err, start), fmt.Errorf("label %d: %v", len(labels)+1, err))
		}
		l := annotate.Label{Name: strings.TrimSpace(in.Name), Kind: annotate.Kind(in.Kind), Key: in.Key,
			Color: strings.ToLower(in.Color), Description: in.Description}
		if l.Kind == "" {
			l.Kind = annotate.KindOf(nil, l.Name)
		}
		line := lineAt(b, nextToken(b, start))
		check := l
		if check.Color == "" {
			check.Color = "#000000" // filled in later: ValidateLabel needs one
		}
		if err := annotate.CheckLabelSet(append(withColors(labels), check)); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		labels = append(labels, l)
	}
	if _, err := dec.Token(); err != nil {
		return nil, at(dec.InputOffset(), err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, at(dec.InputOffset(), errors.New("more after the list of labels"))
	}
	if len(labels) == 0 {
		return nil, fmt.Errorf("%s:1: the list holds no label: a label set needs at least one", path)
	}
	return labels, nil
}

// withColors is labels with a placeholder colour where none is given yet.
func withColors(labels []annotate.Label) []annotate.Label {
	out := make([]annotate.Label, len(labels))
	for i, l := range labels {
		if l.Color == "" {
			l.Color = "#000000"
		}
		out[i] = l
	}
	return out
}

// jsonErrorOffset is where in the input a decoding error is.
func jsonErrorOffset(b []byte, err error, start int64) int64 {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return syn.Offset - 1 // the offset is past the byte at fault
	case errors.As(err, &typ):
		return typ.Offset - 1
	}
	return nextToken(b, start)
}

// nextToken is the offset of the first byte at or after off that is not
// white space or a comma: where the next list element starts.
func nextToken(b []byte, off int64) int64 {
	for off < int64(len(b)) && strings.IndexByte(" \t\r\n,", b[off]) >= 0 {
		off++
	}
	return off
}

// lineAt is the 1-based line of byte offset off in b.
func lineAt(b []byte, off int64) int {
	off = min(max(off, 0), int64(len(b)))
	return 1 + bytes.Count(b[:off], []byte("\n"))
}
