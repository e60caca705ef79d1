package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/annotate/codec"
	"github.com/spanmark/spanmark/internal/ops"
	"github.com/spanmark/spanmark/store"
)

func runExport(ctx context.Context, env Env, args []string) int {
	var db, format, out, kind, annotator, review string
	var statuses, labels, where listFlag
	fs := newFlagSet("export", env, &db)
	fs.StringVar(&format, "format", "jsonl", "output format: jsonl, doccano, brat, conll")
	fs.StringVar(&out, "out", "-", "output file, folder (brat), or - for stdout")
	fs.Var(&statuses, "status", "only articles with this status (todo, in_progress, done, reviewed); repeatable")
	fs.StringVar(&kind, "kind", "", "only spans of this kind: entity or claim")
	fs.Var(&labels, "label", "only spans with this label; repeatable")
	fs.StringVar(&annotator, "annotator", "", "only spans of this annotator")
	fs.Var(&where, "where", "only spans whose attribute ATTR is VALUE (ATTR=VALUE); repeatable")
	fs.StringVar(&review, "review", "", "only spans with this review decision: accepted, rejected or suggested")
	includeSuggested := fs.Bool("include-suggested", false, `also the suggested spans (written with "review": "suggested"), left out otherwise`)
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(rest) > 0 {
		fmt.Fprintf(env.Stderr, "spanmark export: unexpected argument %q (use --out)\n", rest[0])
		return ExitUsage
	}
	f, err := exportFilter(statuses, kind, labels, annotator, where, review)
	if err != nil {
		fmt.Fprintf(env.Stderr, "spanmark export: %v\n", err)
		return ExitUsage
	}
	f.IncludeSuggested = *includeSuggested
	dbPath, err := resolveDB(db)
	if err != nil {
		return fail(env, err)
	}
	env.Wait = waitFlag(fs)
	n, err := Export(ctx, env, dbPath, codec.Format(format), out, f)
	if err != nil {
		return fail(env, err)
	}
	if out != "-" && !env.StderrIsTTY { // a terminal got the bar's summary
		fmt.Fprintf(env.Stderr, "exported %d articles to %s\n", n, out)
	}
	return ExitOK
}

func exportFilter(statuses []string, kind string, labels []string, annotator string, where []string, review string) (store.ExportFilter, error) {
	f := store.ExportFilter{Labels: labels, Annotator: annotator}
	for _, s := range statuses {
		st, err := annotate.ParseStatus(s)
		if err != nil {
			return f, fmt.Errorf("--status: %v", err)
		}
		f.Statuses = append(f.Statuses, st)
	}
	if kind != "" {
		k, err := annotate.ParseKind(kind)
		if err != nil {
			return f, fmt.Errorf("--kind: %v", err)
		}
		f.Kind = k
	}
	if review != "" {
		r, err := annotate.ParseReview(review)
		if err != nil {
			return f, fmt.Errorf("--review: %v", err)
		}
		f.Review = r
	}
	for _, w := range where {
		k, v, ok := strings.Cut(w, "=")
		if !ok || k == "" {
			return f, fmt.Errorf("--where %q: want ATTR=VALUE", w)
		}
		if f.Where == nil {
			f.Where = map[string]string{}
		}
		f.Where[k] = v
	}
	return f, nil
}

// Export writes the articles of the database at dbPath that pass f to out
// (a file, a folder for brat, or "-" for stdout) and returns how many it
// wrote. A file is written beside its final name and renamed when complete,
// so a failed export never leaves half a file. On a terminal, env.Stderr
// gets a progress bar and a summary line.
func Export(ctx context.Context, env Env, dbPath string, format codec.Format, out string, f store.ExportFilter) (int, error) {
	db, err := store.OpenReadOnly(dbPath, env.storeOptions(dbPath))
	if err != nil {
		return 0, err
	}
	defer db.Close()

	target := out
	if out == "-" {
		target = ""
	}
	b := newBar(env, "exporting", exportTotal(ctx, env, db, f), false)
	n, err := ops.Export(ctx, db, format, target, env.Stdout, f, func(n int) { b.set(int64(n), n) })
	if err != nil {
		b.abandon()
		return n, err
	}
	where := ""
	if out != "-" {
		where = "to " + out
	}
	b.finish("exported", n, where, 0)
	return n, nil
}

// exportTotal is the number of articles of the statuses f selects, for the
// progress bar (0 when it is not shown). With span filters fewer may be
// written.
func exportTotal(ctx context.Context, env Env, db *store.DB, f store.ExportFilter) int64 {
	if !env.StderrIsTTY {
		return 0
	}
	counts, err := db.StatusCounts(ctx)
	if err != nil {
		return 0
	}
	var total int64
	for st, n := range counts {
		if len(f.Statuses) == 0 || slices.Contains(f.Statuses, st) {
			total += int64(n)
		}
	}
	return total
}
