package annotate

import (
	"errors"
	"fmt"
	"strings"
)

// CheckAssignment refuses a team to spread articles over that cannot
// work: no names, an empty, duplicate or over-long name, or more
// annotators wanted per article than there are names.
func CheckAssignment(names []string, perArticle int) error {
	if len(names) == 0 {
		return errors.New("no annotators given")
	}
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if strings.TrimSpace(n) == "" {
			return errors.New("an annotator name is empty")
		}
		if err := checkField("annotator", n, MaxNameBytes); err != nil {
			return err
		}
		if seen[n] {
			return fmt.Errorf("annotator %q is named twice", n)
		}
		seen[n] = true
	}
	if perArticle < 1 {
		return fmt.Errorf("annotators per article must be at least 1, not %d", perArticle)
	}
	if perArticle > len(names) {
		return fmt.Errorf("cannot give each article %d annotators from %d names", perArticle, len(names))
	}
	return nil
}

// Spread assigns annotators from names to articles, in the articles'
// order, until each has perArticle of them: each place goes to the name
// with the fewest articles so far (load, which Spread updates), ties to
// the one named first, never twice to one article. have[i] are the
// annotators article i has already (any names); they count towards
// perArticle when they are among names. It returns the new annotators per
// article. The same input gives the same answer, and the loads of names
// never differ by more than one more than they did before.
func Spread(names []string, perArticle int, have [][]string, load map[string]int) [][]string {
	out := make([][]string, len(have))
	in := make(map[string]bool, len(names))
	for _, n := range names {
		in[n] = true
	}
	taken := make(map[string]bool, perArticle)
	for i, h := range have {
		clear(taken)
		need := perArticle
		for _, n := range h {
			taken[n] = true
			if in[n] {
				need--
			}
		}
		for ; need > 0; need-- {
			best := ""
			for _, n := range names {
				if !taken[n] && (best == "" || load[n] < load[best]) {
					best = n
				}
			}
			if best == "" {
				break // every name has this article already
			}
			taken[best] = true
			load[best]++
			out[i] = append(out[i], best)
		}
	}
	return out
}
