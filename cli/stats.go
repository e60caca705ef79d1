package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

func runStats(ctx context.Context, env Env, args []string) int {
	var db string
	var asJSON bool
	fs := newFlagSet("stats", env, &db)
	fs.BoolVar(&asJSON, "json", false, "print JSON")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(rest) > 0 {
		fmt.Fprintf(env.Stderr, "spanmark stats: unexpected argument %q\n", rest[0])
		return ExitUsage
	}
	dbPath, err := resolveDB(db)
	if err != nil {
		return fail(env, err)
	}
	env.Wait = waitFlag(fs)
	s, err := readStats(ctx, env, dbPath)
	if err != nil {
		return fail(env, err)
	}
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(statsJSON(s)); err != nil {
			return fail(env, err)
		}
		return ExitOK
	}
	printStats(env.Stdout, s)
	return ExitOK
}

func readStats(ctx context.Context, env Env, dbPath string) (*store.Stats, error) {
	db, err := store.OpenReadOnly(dbPath, env.storeOptions(dbPath))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.Stats(ctx)
}

type statsDoc struct {
	Articles    int            `json:"articles"`
	ByStatus    map[string]int `json:"by_status"`
	Spans       int            `json:"spans"`
	ByKind      map[string]int `json:"by_kind"`
	ByLabel     map[string]int `json:"by_label"`
	ByAnnotator map[string]int `json:"by_annotator"`
	Relations   int            `json:"relations"`
	Claims      int            `json:"claims"`
	// ClaimsBy counts claims by the value of each choice attribute of the
	// claim schema (checkworthy, type, verdict); "" is a claim without the
	// attribute (and without a default).
	ClaimsBy map[string]map[string]int `json:"claims_by"`
	// Assigned is each assigned annotator's articles by their own status.
	Assigned map[string]assignedDoc `json:"assigned"`
}

type assignedDoc struct {
	Articles int            `json:"articles"`
	ByStatus map[string]int `json:"by_status"`
}

func statsJSON(s *store.Stats) statsDoc {
	d := statsDoc{
		Articles: s.Articles, Spans: s.Spans, Relations: s.Relations, Claims: s.Claims, ClaimsBy: s.ClaimAttrs,
		ByStatus: map[string]int{}, ByKind: nonNil(s.ByKind), ByLabel: nonNil(s.ByLabel), ByAnnotator: nonNil(s.ByAnnotator),
	}
	for _, st := range annotate.Statuses {
		d.ByStatus[string(st)] = s.ByStatus[st]
	}
	d.Assigned = map[string]assignedDoc{}
	for _, p := range s.Assigned {
		a := assignedDoc{Articles: p.Assigned, ByStatus: map[string]int{}}
		for _, st := range annotate.Statuses {
			a.ByStatus[string(st)] = p.ByStatus[st]
		}
		d.Assigned[p.Annotator] = a
	}
	if d.ClaimsBy == nil {
		d.ClaimsBy = map[string]map[string]int{}
	}
	return d
}

func nonNil(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}

func printStats(w io.Writer, s *store.Stats) {
	fmt.Fprintf(w, "articles   %d\n", s.Articles)
	for _, st := range annotate.Statuses {
		fmt.Fprintf(w, "  %-12s %d\n", st, s.ByStatus[st])
	}
	fmt.Fprintf(w, "spans      %d\n", s.Spans)
	fmt.Fprintf(w, "relations  %d\n", s.Relations)
	for _, sec := range []struct {
		title string
		m     map[string]int
	}{{"by kind", s.ByKind}, {"by label", s.ByLabel}, {"by annotator", s.ByAnnotator}} {
		fmt.Fprintln(w, sec.title)
		for _, k := range sortedByCount(sec.m) {
			name := k
			if name == "" {
				name = "(none)"
			}
			fmt.Fprintf(w, "  %-12s %d\n", name, sec.m[k])
		}
	}
	if len(s.Assigned) > 0 {
		fmt.Fprintln(w, "assigned (each annotator's own status)")
		for _, p := range s.Assigned {
			fmt.Fprintf(w, "  %-12s %d:", p.Annotator, p.Assigned)
			for _, st := range annotate.Statuses {
				if n := p.ByStatus[st]; n > 0 {
					fmt.Fprintf(w, " %s %d", st, n)
				}
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintf(w, "claims     %d\n", s.Claims)
	for _, attr := range claimAttrOrder(s.ClaimAttrs) {
		fmt.Fprintf(w, "claims by %s\n", attr)
		m := s.ClaimAttrs[attr]
		for _, v := range sortedByCount(m) {
			name := v
			if name == "" {
				name = "(none)"
			}
			fmt.Fprintf(w, "  %-12s %d\n", name, m[v])
		}
	}
}

// claimAttrOrder is checkworthy, type, verdict, then other attributes by name.
func claimAttrOrder(m map[string]map[string]int) []string {
	var out []string
	for _, k := range []string{annotate.AttrCheckworthy, annotate.AttrClaimType, annotate.AttrVerdict} {
		if _, ok := m[k]; ok {
			out = append(out, k)
		}
	}
	var rest []string
	for k := range m {
		if !slices.Contains(out, k) {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// sortedByCount orders keys by descending count, then name.
func sortedByCount(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}
