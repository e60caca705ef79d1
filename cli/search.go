package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// runSearch prints the articles whose text matches the query (its words
// joined by spaces), best match first: "ID<TAB>HITS<TAB>SNIPPET", or one
// JSON object per line with --json. No hit prints nothing and exits 0.
func runSearch(ctx context.Context, env Env, args []string) int {
	var db string
	var asJSON bool
	var limit int
	fs := newFlagSet("search", env, &db)
	fs.BoolVar(&asJSON, "json", false, `print one JSON object per article: {"id": …, "hits": N, "snippet": "…"}`)
	fs.IntVar(&limit, "limit", 20, "at most this many articles")
	words, err := parseInterspersed(fs, args)
	if err != nil {
		return ExitUsage
	}
	query := strings.TrimSpace(strings.Join(words, " "))
	if query == "" {
		fmt.Fprintln(env.Stderr, `spanmark search: say what to look for, e.g. spanmark search "Interior Ministry"`)
		return ExitUsage
	}
	if limit <= 0 {
		fmt.Fprintln(env.Stderr, "spanmark search: --limit must be at least 1")
		return ExitUsage
	}
	d, err := openExisting(env, db, Env.readOptions)
	if err != nil {
		return fail(env, err)
	}
	defer d.Close()
	p := newProgress(env)
	err = d.IndexSearch(ctx, func(done, total int) {
		p.update("indexing for search: %d of %d articles", done, total)
	})
	p.done()
	if err != nil {
		return fail(env, err)
	}
	hits, err := d.Search(ctx, query, limit)
	if err != nil {
		return fail(env, err)
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetEscapeHTML(false)
	for _, h := range hits {
		if asJSON {
			err = enc.Encode(struct {
				ID      string `json:"id"`
				Hits    int    `json:"hits"`
				Snippet string `json:"snippet"`
			}{h.ID, h.Hits, h.Snippet})
		} else {
			_, err = fmt.Fprintf(env.Stdout, "%s\t%d\t%s\n", h.ID, h.Hits, h.Snippet)
		}
		if err != nil {
			return fail(env, err)
		}
	}
	return ExitOK
}
