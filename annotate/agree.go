package annotate

import (
	"sort"
	"unicode"
)

// SpanScores are the exact-match span figures of one label or of all.
type SpanScores struct {
	A, B      int // spans of the reference A and of B (support)
	Matched   int // spans of B that match a span of A one to one
	Precision float64
	Recall    float64
	F1        float64
}

// LabelAgreement is the agreement on one label, or on all labels when Label
// is "" (Agreement.Overall).
type LabelAgreement struct {
	Label string
	Spans SpanScores
	// TokensA and TokensB are the tokens A and B tag with Label (per label:
	// tokens inside a span of Label); for the overall figures both are the
	// number of tokens.
	TokensA, TokensB int
	Kappa            float64
}

// Agreement is the inter-annotator agreement of a reference annotator A and
// a second annotator B over a set of articles (SPEC "Rules where formats and
// tools leave room": Agreement).
//
// Which articles count: an article counts as annotated by both when A and B
// each have at least one span in it. Only those articles enter any figure;
// an article only one of them annotated is counted in OnlyA or OnlyB and
// otherwise ignored (a missing annotation is not a disagreement).
//
// Span agreement is exact match on (start, end, label), counted as
// multisets: two identical spans of A match two of B, not one. A is the
// reference: precision = matched/|B|, recall = matched/|A|,
// F1 = 2·matched/(|A|+|B|). A ratio whose denominator is 0 is 0. The overall
// figures pool every span of the shared articles (micro average); the
// figures of a label pool the spans of that label on each side.
//
// Token agreement is Cohen's kappa over the tokens of the shared articles.
// Tokens (see Tokenize) are maximal runs of letters, digits and combining
// marks, and every other non-space character on its own. A token is tagged
// per annotator with the label of the shortest span of that annotator that
// contains the whole token (ties: the span that starts later, then the
// smaller label name), "O" when none contains it; a span that contains no
// whole token (a part of a word) tags nothing.
// kappa = (po − pe)/(1 − pe) with po the share of tokens both tag alike and
// pe = Σ_c pA(c)·pB(c). When pe == 1 (both put every token in one and the
// same class, so po == 1 too) kappa is 1; with no tokens at all it is 0.
//
// Per label the kappa is binary, label against not-label, where a token is
// "label L" for an annotator when any span of L of that annotator contains
// it — not only the shortest: a claim that both mark alike agrees even when
// only one of them also marked a person inside it. Without nesting the two
// readings are the same.
type Agreement struct {
	Articles     int // articles both annotated
	OnlyA, OnlyB int // articles only A, only B annotated (left out)
	Tokens       int // tokens of the shared articles
	Overall      LabelAgreement
	Labels       []LabelAgreement // every label either used in a shared article, by name
}

// Agreer accumulates agreement article by article, so that a caller can
// stream articles without holding their texts. The zero value is not
// ready: use NewAgreer.
type Agreer struct {
	articles, onlyA, onlyB int
	tokens                 int64
	agree                  int64            // tokens tagged alike
	tagA, tagB             map[string]int64 // tokens per tag (overall kappa)
	labels                 map[string]*labelCounts

	// scratch, reused between articles
	toks      []Token
	bestA     []int
	bestB     []int
	spanCount map[spanMatchKey]int
}

type labelCounts struct {
	a, b, matched int
	inA, inB      int64 // tokens inside a span of the label
	inBoth        int64
}

type spanMatchKey struct {
	start, end int
	label      string
}

// NewAgreer returns an empty accumulator.
func NewAgreer() *Agreer {
	return &Agreer{
		tagA:      map[string]int64{},
		tagB:      map[string]int64{},
		labels:    map[string]*labelCounts{},
		spanCount: map[spanMatchKey]int{},
	}
}

// AgreeDoc is one article as both annotators left it.
type AgreeDoc struct {
	Text string
	A, B []Span
}

// Agree computes the agreement of A (the reference) and B over docs.
func Agree(docs []AgreeDoc) Agreement {
	g := NewAgreer()
	for _, d := range docs {
		g.Add(d.Text, d.A, d.B)
	}
	return g.Result()
}

// Add adds one article: its text and the spans of A and of B in it (only
// Start, End and Label are read). An article where either has no span only
// counts in OnlyA or OnlyB.
func (g *Agreer) Add(text string, a, b []Span) {
	switch {
	case len(a) == 0 && len(b) == 0:
		return
	case len(b) == 0:
		g.onlyA++
		return
	case len(a) == 0:
		g.onlyB++
		return
	}
	g.articles++
	g.matchSpans(a, b)
	g.toks = Tokenize(text, g.toks[:0])
	n := len(g.toks)
	g.tokens += int64(n)
	g.bestA = tagTokens(g.toks, a, g.bestA)
	g.bestB = tagTokens(g.toks, b, g.bestB)
	for i := range n {
		ta, tb := tagOf(a, g.bestA[i]), tagOf(b, g.bestB[i])
		g.tagA[ta]++
		g.tagB[tb]++
		if ta == tb {
			g.agree++
		}
	}
	g.coverLabels(a, b)
}

// matchSpans counts spans and one-to-one exact matches, overall and per
// label.
func (g *Agreer) matchSpans(a, b []Span) {
	clear(g.spanCount)
	for _, s := range a {
		g.spanCount[spanMatchKey{s.Start, s.End, s.Label}]++
		g.label(s.Label).a++
	}
	for _, s := range b {
		lc := g.label(s.Label)
		lc.b++
		k := spanMatchKey{s.Start, s.End, s.Label}
		if g.spanCount[k] > 0 {
			g.spanCount[k]--
			lc.matched++
		}
	}
}

// coverLabels counts, per label, the tokens inside a span of that label for
// A, for B and for both (binary per-label kappa).
func (g *Agreer) coverLabels(a, b []Span) {
	names := map[string]bool{}
	for _, s := range a {
		names[s.Label] = true
	}
	for _, s := range b {
		names[s.Label] = true
	}
	inA := make([]bool, len(g.toks))
	inB := make([]bool, len(g.toks))
	for name := range names {
		clear(inA)
		clear(inB)
		markCovered(g.toks, a, name, inA)
		markCovered(g.toks, b, name, inB)
		lc := g.label(name)
		for i := range g.toks {
			if inA[i] {
				lc.inA++
			}
			if inB[i] {
				lc.inB++
			}
			if inA[i] && inB[i] {
				lc.inBoth++
			}
		}
	}
}

func (g *Agreer) label(name string) *labelCounts {
	lc := g.labels[name]
	if lc == nil {
		lc = &labelCounts{}
		g.labels[name] = lc
	}
	return lc
}

// Result returns the figures of everything added so far.
func (g *Agreer) Result() Agreement {
	r := Agreement{Articles: g.articles, OnlyA: g.onlyA, OnlyB: g.onlyB, Tokens: int(g.tokens)}
	var all labelCounts
	names := make([]string, 0, len(g.labels))
	for name, lc := range g.labels {
		names = append(names, name)
		all.a += lc.a
		all.b += lc.b
		all.matched += lc.matched
	}
	sort.Strings(names)
	var chance int64 // Σ_c nA(c)·nB(c)
	for tag, na := range g.tagA {
		chance += na * g.tagB[tag]
	}
	r.Overall = LabelAgreement{
		Spans:   scores(all.a, all.b, all.matched),
		TokensA: int(g.tokens), TokensB: int(g.tokens),
		Kappa: kappa(g.tokens, g.agree, chance),
	}
	for _, name := range names {
		lc := g.labels[name]
		n := g.tokens
		agree := lc.inBoth + (n - lc.inA - lc.inB + lc.inBoth)
		chance := lc.inA*lc.inB + (n-lc.inA)*(n-lc.inB)
		r.Labels = append(r.Labels, LabelAgreement{
			Label:   name,
			Spans:   scores(lc.a, lc.b, lc.matched),
			TokensA: int(lc.inA), TokensB: int(lc.inB),
			Kappa: kappa(n, agree, chance),
		})
	}
	return r
}

func scores(a, b, matched int) SpanScores {
	s := SpanScores{A: a, B: b, Matched: matched}
	s.Precision = ratio(matched, b)
	s.Recall = ratio(matched, a)
	s.F1 = ratio(2*matched, a+b)
	return s
}

func ratio(num, den int) float64 {
	if den == 0 {
		return 0
	}
	return float64(num) / float64(den)
}

// kappa is (po − pe)/(1 − pe) with po = agree/n and pe = chance/n², kept in
// integers until the last division so that pe == 1 is exact.
func kappa(n, agree, chance int64) float64 {
	if n == 0 {
		return 0
	}
	den := n*n - chance
	if den == 0 {
		return 1 // pe == 1 forces po == 1
	}
	return float64(n*agree-chance) / float64(den)
}

// Token is a token of an article's text, in code points, end-exclusive.
type Token struct{ Start, End int }

// Tokenize appends to toks the tokens of text: maximal runs of letters,
// digits and combining marks (so "Zoë" written with a combining diaeresis
// stays one word), and each other character that is not white space as a
// token of its own ("5%" is "5" and "%", "U.S." is "U" "." "S" ".").
func Tokenize(text string, toks []Token) []Token {
	word := -1 // start of the current word run
	i := 0
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || (unicode.IsMark(r) && word >= 0):
			if word < 0 {
				word = i
			}
		default:
			if word >= 0 {
				toks = append(toks, Token{word, i})
				word = -1
			}
			if !unicode.IsSpace(r) {
				toks = append(toks, Token{i, i + 1})
			}
		}
		i++
	}
	if word >= 0 {
		toks = append(toks, Token{word, i})
	}
	return toks
}

// tagTokens returns, per token, the index in spans of the shortest span
// that contains it (ties: later start, then smaller label), or -1.
func tagTokens(toks []Token, spans []Span, best []int) []int {
	best = best[:0]
	for range toks {
		best = append(best, -1)
	}
	for si, s := range spans {
		for ti := firstTokenFrom(toks, s.Start); ti < len(toks) && toks[ti].Start < s.End; ti++ {
			if toks[ti].End > s.End {
				break
			}
			if b := best[ti]; b < 0 || shorter(s, spans[b]) {
				best[ti] = si
			}
		}
	}
	return best
}

// shorter orders the spans that contain one token: the one that tags it
// comes first.
func shorter(x, y Span) bool {
	lx, ly := x.End-x.Start, y.End-y.Start
	switch {
	case lx != ly:
		return lx < ly
	case x.Start != y.Start:
		return x.Start > y.Start
	}
	return x.Label < y.Label
}

// tagOf is the tag of a token: its span's label, "" (for "O") when no
// span contains it; "" is never a label, so a label named "O" stays apart.
func tagOf(spans []Span, i int) string {
	if i < 0 {
		return ""
	}
	return spans[i].Label
}

// markCovered sets in[i] for every token inside a span of label.
func markCovered(toks []Token, spans []Span, label string, in []bool) {
	for _, s := range spans {
		if s.Label != label {
			continue
		}
		for ti := firstTokenFrom(toks, s.Start); ti < len(toks) && toks[ti].End <= s.End; ti++ {
			in[ti] = true
		}
	}
}

// firstTokenFrom is the index of the first token that starts at or after
// start.
func firstTokenFrom(toks []Token, start int) int {
	return sort.Search(len(toks), func(i int) bool { return toks[i].Start >= start })
}
