package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

func runAgree(ctx context.Context, env Env, args []string) int {
	var db string
	var names listFlag
	var asJSON bool
	fs := newFlagSet("agree", env, &db)
	fs.Var(&names, "annotators", "annotators to compare, comma-separated: the first is the reference (A,B; more names compare each pair)")
	fs.BoolVar(&asJSON, "json", false, "print JSON: one object, or an array of them (one per pair) with more than two names")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(rest) > 0 {
		fmt.Fprintf(env.Stderr, "spanmark agree: unexpected argument %q\n", rest[0])
		return ExitUsage
	}
	if len(names) < 2 {
		fmt.Fprintln(env.Stderr, "spanmark agree: --annotators needs two names, e.g. --annotators ana,ben")
		fs.Usage()
		return ExitUsage
	}
	for i, n := range names {
		if slices.Contains(names[:i], n) {
			fmt.Fprintf(env.Stderr, "spanmark agree: annotator %q is named twice\n", n)
			return ExitUsage
		}
	}
	dbPath, err := resolveDB(db)
	if err != nil {
		return fail(env, err)
	}
	env.Wait = waitFlag(fs)
	pairs, err := Agree(ctx, env, dbPath, names)
	if err != nil {
		return fail(env, err)
	}
	if asJSON {
		docs := make([]agreeDoc, len(pairs))
		for i, p := range pairs {
			docs[i] = agreeJSON(p)
		}
		var v any = docs
		if len(docs) == 1 {
			v = docs[0]
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			return fail(env, err)
		}
		return ExitOK
	}
	for i, p := range pairs {
		if i > 0 {
			fmt.Fprintln(env.Stdout)
		}
		printAgreement(env.Stdout, p)
	}
	return ExitOK
}

// PairAgreement is the agreement of annotator A (the reference) with B.
type PairAgreement struct {
	A, B string
	annotate.Agreement
}

// Agree computes the agreement of every pair of names in the database at
// dbPath, in the order named: (n0, n1), (n0, n2), …, (n1, n2), …. An
// annotator with no span in the database, or a pair without an article
// both annotated, is an error.
func Agree(ctx context.Context, env Env, dbPath string, names []string) ([]PairAgreement, error) {
	db, err := store.OpenReadOnly(dbPath, env.storeOptions(dbPath))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	p := newProgress(env)
	defer p.done()
	read := 0
	tick := func() { read++; p.update("agree: %d articles read", read) }

	var pairs []PairAgreement
	for i, a := range names[:len(names)-1] {
		rs, err := db.Agreement(ctx, a, names[i+1:], tick)
		var ns *store.NoSpansError
		if errors.As(err, &ns) {
			return nil, unknownAnnotator(ctx, db, ns.Annotator)
		}
		if err != nil {
			return nil, fmt.Errorf("agree: %w", err)
		}
		for k, r := range rs {
			b := names[i+1+k]
			if r.Articles == 0 && len(names) == 2 {
				return nil, noCommonArticle(a, b, r)
			}
			pairs = append(pairs, PairAgreement{A: a, B: b, Agreement: r})
		}
	}
	// With more names, a pair without a common article is shown as such;
	// only when no pair has one there is nothing to report.
	for _, p := range pairs {
		if p.Articles > 0 {
			return pairs, nil
		}
	}
	return nil, fmt.Errorf("agree: no two of %v have an article in common: nothing to compare", names)
}

func noCommonArticle(a, b string, r annotate.Agreement) error {
	return fmt.Errorf("agree: %s and %s have no article in common (%s annotated %d, %s %d): nothing to compare",
		a, b, a, r.OnlyA, b, r.OnlyB)
}

// unknownAnnotator is the error for a name with no span, listing the
// annotators the database knows.
func unknownAnnotator(ctx context.Context, db *store.DB, name string) error {
	st, err := db.Stats(ctx)
	if err != nil {
		return fmt.Errorf("agree: annotator %q has no span in %s", name, db.Path())
	}
	var known []string
	for n := range st.ByAnnotator {
		if n != "" {
			known = append(known, n)
		}
	}
	slices.Sort(known)
	if len(known) == 0 {
		return fmt.Errorf("agree: annotator %q has no span in %s (no span there names an annotator)", name, db.Path())
	}
	return fmt.Errorf("agree: annotator %q has no span in %s (annotators: %v)", name, db.Path(), known)
}

func printAgreement(w io.Writer, p PairAgreement) {
	fmt.Fprintf(w, "agreement of %s (reference) and %s: %d articles both annotated, %d tokens\n",
		p.A, p.B, p.Articles, p.Tokens)
	if p.OnlyA > 0 || p.OnlyB > 0 {
		fmt.Fprintf(w, "left out: articles only %s annotated %d, only %s %d\n", p.A, p.OnlyA, p.B, p.OnlyB)
	}
	if p.Articles == 0 {
		fmt.Fprintln(w, strings.TrimPrefix(noCommonArticle(p.A, p.B, p.Agreement).Error(), "agree: "))
		return
	}
	// Numbers align right; labels, padded to one width, read left-aligned.
	width := len("overall")
	for _, l := range p.Labels {
		width = max(width, utf8.RuneCountInString(l.Label))
	}
	pad := func(s string) string { return s + strings.Repeat(" ", width-utf8.RuneCountInString(s)) }
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tspans %s\tspans %s\tmatched\tprecision\trecall\tF1\ttokens %s\ttokens %s\tkappa\t\n", pad("label"), p.A, p.B, p.A, p.B)
	row := func(name string, l annotate.LabelAgreement) {
		s := l.Spans
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.4f\t%.4f\t%.4f\t%d\t%d\t%.4f\t\n",
			pad(name), s.A, s.B, s.Matched, s.Precision, s.Recall, s.F1, l.TokensA, l.TokensB, l.Kappa)
	}
	for _, l := range p.Labels {
		row(l.Label, l)
	}
	row("overall", p.Overall)
	tw.Flush()
}

type agreeDoc struct {
	Reference string     `json:"reference"`
	Other     string     `json:"other"`
	Articles  int        `json:"articles"`
	OnlyRef   int        `json:"articles_only_reference"`
	OnlyOther int        `json:"articles_only_other"`
	Tokens    int        `json:"tokens"`
	Overall   labelDoc   `json:"overall"`
	Labels    []labelDoc `json:"labels"`
}

type labelDoc struct {
	Label     string  `json:"label,omitempty"`
	SpansRef  int     `json:"spans_reference"`
	SpansOth  int     `json:"spans_other"`
	Matched   int     `json:"matched"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	TokensRef int     `json:"tokens_reference"`
	TokensOth int     `json:"tokens_other"`
	Kappa     float64 `json:"kappa"`
}

func agreeJSON(p PairAgreement) agreeDoc {
	d := agreeDoc{
		Reference: p.A, Other: p.B, Articles: p.Articles, OnlyRef: p.OnlyA, OnlyOther: p.OnlyB,
		Tokens: p.Tokens, Overall: labelJSON(p.Overall), Labels: []labelDoc{},
	}
	for _, l := range p.Labels {
		d.Labels = append(d.Labels, labelJSON(l))
	}
	return d
}

func labelJSON(l annotate.LabelAgreement) labelDoc {
	s := l.Spans
	return labelDoc{
		Label: l.Label, SpansRef: s.A, SpansOth: s.B, Matched: s.Matched,
		Precision: s.Precision, Recall: s.Recall, F1: s.F1,
		TokensRef: l.TokensA, TokensOth: l.TokensB, Kappa: l.Kappa,
	}
}
