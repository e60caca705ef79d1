package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// claimAttrJSON is one claim attribute as `spanmark claims` prints and
// reads it.
type claimAttrJSON struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`             // choice, text or urls
	Values  []string `json:"values,omitempty"` // choice: the allowed values
	Default string   `json:"default,omitempty"`
}

// runClaims prints the database's claim attribute schema as JSON, or with
// --set FILE replaces it by the schema in FILE (same form). Claims already
// stored keep their values; imports and edits from then on are checked
// against the new schema.
func runClaims(ctx context.Context, env Env, args []string) int {
	var db, set string
	fs := newFlagSet("claims", env, &db)
	fs.StringVar(&set, "set", "", "replace the claim attributes by those in this JSON file (the form the command prints)")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(rest) > 0 {
		fmt.Fprintf(env.Stderr, "spanmark claims: unexpected argument %q\n", rest[0])
		return ExitUsage
	}
	dbPath, err := resolveDB(db)
	if err != nil {
		return fail(env, err)
	}
	env.Wait = waitFlag(fs)
	open := store.OpenReadOnly
	if set != "" {
		open = func(p string, o store.Options) (*store.DB, error) { return store.OpenWith(p, o) }
	}
	d, err := open(dbPath, env.storeOptions(dbPath))
	if err != nil {
		return fail(env, err)
	}
	defer d.Close()
	if set != "" {
		cs, err := readClaimSchema(set)
		if err != nil {
			return fail(env, err)
		}
		if err := d.SaveClaimSchema(ctx, cs); err != nil {
			return fail(env, fmt.Errorf("%s: %w", set, err))
		}
		fmt.Fprintf(env.Stdout, "claim attributes of %s replaced by the %d in %s\n", dbPath, len(cs), set)
		return ExitOK
	}
	cs, err := d.ClaimSchema(ctx)
	if err != nil {
		return fail(env, err)
	}
	out := make([]claimAttrJSON, 0, len(cs))
	for _, a := range cs {
		out = append(out, claimAttrJSON{Name: a.Name, Type: string(a.Type), Values: a.Values, Default: a.Default})
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fail(env, err)
	}
	return ExitOK
}

func readClaimSchema(path string) (annotate.ClaimSchema, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var in []claimAttrJSON
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("%s: want a JSON list of {\"name\", \"type\", \"values\", \"default\"}: %v", path, err)
	}
	cs := make(annotate.ClaimSchema, 0, len(in))
	for _, a := range in {
		cs = append(cs, annotate.ClaimAttr{Name: a.Name, Type: annotate.AttrType(a.Type), Values: a.Values, Default: a.Default})
	}
	if err := cs.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cs, nil
}
