package annotate

import (
	"math"
	"strings"
	"testing"
)

func sp(start, end int, label string) Span { return Span{Start: start, End: end, Label: label} }

// handExample is the worked example of the agreement rules; the figures in
// TestAgreeFigures are computed by hand below. cli's merge/agree test uses
// the same articles.
//
// art1 "Ana Lopez met Bob in Paris."  tokens Ana[0,3) Lopez[4,9) met[10,13)
//
//	Bob[14,17) in[18,20) Paris[21,26) .[26,27)             (7 tokens)
//	A: PERSON 0-9, PERSON 14-17, LOC 21-26
//	B: PERSON 0-3, PERSON 4-9, PERSON 14-17, LOC 21-26
//
// art2 "Bob said taxes rose 5%."  tokens Bob[0,3) said[4,8) taxes[9,14)
//
//	rose[15,19) 5[20,21) %[21,22) .[22,23)                  (7 tokens)
//	A: CLAIM 0-23, PERSON 0-3 (nested in the claim), NUMBER 20-22
//	B: CLAIM 9-22, PERSON 0-3, NUMBER 20-22
//
// art3 "Carla stayed home."  A: PERSON 0-5, B: none  -> only A, left out
// art4 "Dora left."          A: none, B: PERSON 0-4  -> only B, left out
//
// Spans (exact (start, end, label), A the reference):
//
//	|A| = 3 + 3 = 6, |B| = 4 + 3 = 7
//	matched: art1 PERSON 14-17, LOC 21-26; art2 PERSON 0-3, NUMBER 20-22 = 4
//	P = 4/7 = 0.5714, R = 4/6 = 0.6667, F1 = 2·4/(6+7) = 8/13 = 0.6154
//	PERSON: A 3, B 4, matched 2: P = 2/4 = 0.5, R = 2/3 = 0.6667, F1 = 4/7 = 0.5714
//	LOC 1/1/1 and NUMBER 1/1/1: P = R = F1 = 1
//	CLAIM: A 1, B 1, matched 0 (0-23 vs 9-22): P = R = F1 = 0
//
// Token tags (shortest containing span):
//
//	art1 A: Ana PERSON, Lopez PERSON, met O, Bob PERSON, in O, Paris LOC, . O
//	art1 B: Ana PERSON, Lopez PERSON, met O, Bob PERSON, in O, Paris LOC, . O   -> 7 of 7 alike
//	art2 A: Bob PERSON, said CLAIM, taxes CLAIM, rose CLAIM, 5 NUMBER, % NUMBER, . CLAIM
//	art2 B: Bob PERSON, said O,     taxes CLAIM, rose CLAIM, 5 NUMBER, % NUMBER, . O
//	        -> 5 of 7 alike (said, . differ)
//	N = 14, alike = 12, po = 12/14
//	counts A: PERSON 4, LOC 1, O 3, CLAIM 4, NUMBER 2 (= 14)
//	counts B: PERSON 4, LOC 1, O 5, CLAIM 2, NUMBER 2 (= 14)
//	Σ nA·nB = 16 + 1 + 15 + 8 + 4 = 44, pe = 44/196
//	kappa = (N·alike − Σ)/(N² − Σ) = (168 − 44)/(196 − 44) = 124/152 = 0.8158
//
// Per label, binary (token inside any span of the label):
//
//	agree = both + (N − nA − nB + both), Σ = nA·nB + (N − nA)(N − nB)
//	PERSON: nA 4 (Ana Lopez Bob | Bob), nB 4, both 4: agree 14, Σ 16 + 100 = 116,
//	        kappa = (196 − 116)/(196 − 116) = 1
//	LOC:    nA 1, nB 1, both 1: agree 14, Σ 1 + 169 = 170 -> 26/26 = 1
//	NUMBER: nA 2, nB 2, both 2: agree 14, Σ 4 + 144 = 148 -> 48/48 = 1
//	CLAIM:  nA 7 (all of art2), nB 4 (taxes rose 5 %), both 4:
//	        agree = 4 + (14 − 7 − 4 + 4) = 11, Σ = 28 + 7·10 = 98,
//	        kappa = (14·11 − 98)/(196 − 98) = 56/98 = 0.5714
var handExample = []AgreeDoc{
	{Text: "Ana Lopez met Bob in Paris.",
		A: []Span{sp(0, 9, "PERSON"), sp(14, 17, "PERSON"), sp(21, 26, "LOC")},
		B: []Span{sp(0, 3, "PERSON"), sp(4, 9, "PERSON"), sp(14, 17, "PERSON"), sp(21, 26, "LOC")}},
	{Text: "Bob said taxes rose 5%.",
		A: []Span{sp(0, 23, "CLAIM"), sp(0, 3, "PERSON"), sp(20, 22, "NUMBER")},
		B: []Span{sp(9, 22, "CLAIM"), sp(0, 3, "PERSON"), sp(20, 22, "NUMBER")}},
	{Text: "Carla stayed home.", A: []Span{sp(0, 5, "PERSON")}},
	{Text: "Dora left.", B: []Span{sp(0, 4, "PERSON")}},
}

// want is a label's expected figures: spans A, B, matched, P, R, F1,
// tokens A, B, kappa.
type want struct {
	label      string
	a, b, m    int
	p, r, f1   float64
	tokA, tokB int
	kappa      float64
}

func TestAgreeFigures(t *testing.T) {
	tests := []struct {
		name                   string
		docs                   []AgreeDoc
		articles, onlyA, onlyB int
		tokens                 int
		overall                want
		labels                 []want
	}{
		{name: "hand example", docs: handExample, articles: 2, onlyA: 1, onlyB: 1, tokens: 14,
			overall: want{"", 6, 7, 4, 0.5714, 0.6667, 0.6154, 14, 14, 0.8158},
			labels: []want{
				{"CLAIM", 1, 1, 0, 0, 0, 0, 7, 4, 0.5714},
				{"LOC", 1, 1, 1, 1, 1, 1, 1, 1, 1},
				{"NUMBER", 1, 1, 1, 1, 1, 1, 2, 2, 1},
				{"PERSON", 3, 4, 2, 0.5, 0.6667, 0.5714, 4, 4, 1},
			}},
		{name: "no shared article", docs: []AgreeDoc{
			{Text: "Ana met Bob.", A: []Span{sp(0, 3, "PERSON")}},
			{Text: "Bob met Ana.", B: []Span{sp(0, 3, "PERSON")}},
			{Text: "Nobody here."},
		}, articles: 0, onlyA: 1, onlyB: 1, tokens: 0,
			overall: want{"", 0, 0, 0, 0, 0, 0, 0, 0, 0}},
		// "Ana met Bob." tokens Ana met Bob . (N = 4)
		// spans: A 1, B 2, matched 1: P 1/2, R 1/1, F1 2/3
		// tags A: PERSON O O O; B: PERSON O ORG O: alike 3;
		// Σ = PERSON 1·1 + O 3·2 = 7: kappa (4·3 − 7)/(16 − 7) = 5/9 = 0.5556
		// ORG: A has none: P = R = F1 = 0 (0 denominators are 0);
		// nA 0, nB 1, both 0: agree 3, Σ 0 + 4·3 = 12: (12 − 12)/(16 − 12) = 0
		// PERSON: nA 1, nB 1, both 1: agree 4, Σ 1 + 9 = 10: 6/6 = 1
		{name: "label only one side used", docs: []AgreeDoc{
			{Text: "Ana met Bob.", A: []Span{sp(0, 3, "PERSON")}, B: []Span{sp(0, 3, "PERSON"), sp(8, 11, "ORG")}},
		}, articles: 1, tokens: 4,
			overall: want{"", 1, 2, 1, 0.5, 1, 0.6667, 4, 4, 0.5556},
			labels: []want{
				{"ORG", 0, 1, 0, 0, 0, 0, 0, 1, 0},
				{"PERSON", 1, 1, 1, 1, 1, 1, 1, 1, 1},
			}},
		// "New York City" tokens New York City (N = 3)
		// A: GPE 0-13 with LOC 4-8 nested; B: GPE 0-13
		// spans: A 2, B 1, matched 1: P 1, R 1/2, F1 2/3
		// tags A: GPE LOC GPE (York takes the shorter LOC); B: GPE GPE GPE:
		// alike 2, Σ = GPE 2·3 + LOC 1·0 = 6: kappa (3·2 − 6)/(9 − 6) = 0
		// GPE binary: nA 3, nB 3 = N: Σ = 9 + 0 = N², pe = 1 -> kappa 1
		// LOC binary: nA 1, nB 0: agree 2, Σ 0 + 2·3 = 6: (6 − 6)/(9 − 6) = 0
		{name: "nested spans", docs: []AgreeDoc{
			{Text: "New York City", A: []Span{sp(0, 13, "GPE"), sp(4, 8, "LOC")}, B: []Span{sp(0, 13, "GPE")}},
		}, articles: 1, tokens: 3,
			overall: want{"", 2, 1, 1, 1, 0.5, 0.6667, 3, 3, 0},
			labels: []want{
				{"GPE", 1, 1, 1, 1, 1, 1, 3, 3, 1},
				{"LOC", 1, 0, 0, 0, 0, 0, 1, 0, 0},
			}},
		// "a b c": A's X 0-3 and Y 2-5 both contain "b" and are as long:
		// the later one, Y, tags it. Tags A: X Y Y, B: O Y Y: alike 2,
		// Σ = Y 2·2 = 4: kappa (3·2 − 4)/(9 − 4) = 2/5 = 0.4
		// (X tagging "b" would give (3·1 − 2)/(9 − 2) = 0.1429).
		// spans A 2, B 1, matched 1: P 1, R 1/2, F1 2/3
		// X binary: nA 2, nB 0: agree 1, Σ 0 + 1·3 = 3: 0/6 = 0
		// Y binary: nA 2, nB 2, both 2: agree 3, Σ 4 + 1 = 5: 4/4 = 1
		{name: "equal spans: the later one tags", docs: []AgreeDoc{
			{Text: "a b c", A: []Span{sp(0, 3, "X"), sp(2, 5, "Y")}, B: []Span{sp(2, 5, "Y")}},
		}, articles: 1, tokens: 3,
			overall: want{"", 2, 1, 1, 1, 0.5, 0.6667, 3, 3, 0.4},
			labels: []want{
				{"X", 1, 0, 0, 0, 0, 0, 2, 0, 0},
				{"Y", 1, 1, 1, 1, 1, 1, 2, 2, 1},
			}},
		// one token both tag LOC: po = 1, pe = 1·1/1 = 1 -> kappa defined as 1
		{name: "chance agreement one", docs: []AgreeDoc{
			{Text: "Paris", A: []Span{sp(0, 5, "LOC")}, B: []Span{sp(0, 5, "LOC")}},
		}, articles: 1, tokens: 1,
			overall: want{"", 1, 1, 1, 1, 1, 1, 1, 1, 1},
			labels:  []want{{"LOC", 1, 1, 1, 1, 1, 1, 1, 1, 1}}},
		// multiset: A holds PERSON 0-3 twice, B once: one match.
		// P = 1/1, R = 1/2, F1 = 2/3. Tokens "Bob" "Bob": A PERSON O,
		// B PERSON O: alike 2, Σ = 1 + 1 = 2: (4 − 2)/(4 − 2) = 1
		{name: "identical spans match one to one", docs: []AgreeDoc{
			{Text: "Bob Bob", A: []Span{sp(0, 3, "PERSON"), sp(0, 3, "PERSON")}, B: []Span{sp(0, 3, "PERSON")}},
		}, articles: 1, tokens: 2,
			overall: want{"", 2, 1, 1, 1, 0.5, 0.6667, 2, 2, 1},
			labels:  []want{{"PERSON", 2, 1, 1, 1, 0.5, 0.6667, 1, 1, 1}}},
		{name: "identical spans twice on both sides match twice", docs: []AgreeDoc{
			{Text: "Bob Bob", A: []Span{sp(0, 3, "PERSON"), sp(0, 3, "PERSON")}, B: []Span{sp(0, 3, "PERSON"), sp(0, 3, "PERSON")}},
		}, articles: 1, tokens: 2,
			overall: want{"", 2, 2, 2, 1, 1, 1, 2, 2, 1},
			labels:  []want{{"PERSON", 2, 2, 2, 1, 1, 1, 1, 1, 1}}},
		// "Dahlan" is one token; A's span 0-4 contains no whole token and
		// tags nothing: A O, B PERSON: alike 0, Σ = 0: (0 − 0)/(1 − 0) = 0
		{name: "span inside a word tags no token", docs: []AgreeDoc{
			{Text: "Dahlan", A: []Span{sp(0, 4, "PERSON")}, B: []Span{sp(0, 6, "PERSON")}},
		}, articles: 1, tokens: 1,
			overall: want{"", 1, 1, 0, 0, 0, 0, 1, 1, 0},
			// PERSON binary: nA 0, nB 1: agree 0, Σ 0 + 1·0 = 0 -> 0/1 = 0
			labels: []want{{"PERSON", 1, 1, 0, 0, 0, 0, 0, 1, 0}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Agree(tc.docs)
			if got.Articles != tc.articles || got.OnlyA != tc.onlyA || got.OnlyB != tc.onlyB || got.Tokens != tc.tokens {
				t.Errorf("articles %d (only A %d, only B %d), tokens %d; want %d (%d, %d), %d",
					got.Articles, got.OnlyA, got.OnlyB, got.Tokens, tc.articles, tc.onlyA, tc.onlyB, tc.tokens)
			}
			checkLabel(t, got.Overall, tc.overall)
			if len(got.Labels) != len(tc.labels) {
				t.Fatalf("%d labels %v, want %d", len(got.Labels), got.Labels, len(tc.labels))
			}
			for i, w := range tc.labels {
				checkLabel(t, got.Labels[i], w)
			}
		})
	}
}

func checkLabel(t *testing.T, got LabelAgreement, w want) {
	t.Helper()
	name := w.label
	if name == "" {
		name = "overall"
	}
	if got.Label != w.label {
		t.Errorf("label %q, want %q", got.Label, w.label)
	}
	s := got.Spans
	if s.A != w.a || s.B != w.b || s.Matched != w.m {
		t.Errorf("%s: spans A %d B %d matched %d, want %d %d %d", name, s.A, s.B, s.Matched, w.a, w.b, w.m)
	}
	if got.TokensA != w.tokA || got.TokensB != w.tokB {
		t.Errorf("%s: tokens A %d B %d, want %d %d", name, got.TokensA, got.TokensB, w.tokA, w.tokB)
	}
	for _, f := range []struct {
		what      string
		got, want float64
	}{{"precision", s.Precision, w.p}, {"recall", s.Recall, w.r}, {"F1", s.F1, w.f1}, {"kappa", got.Kappa, w.kappa}} {
		if math.Round(f.got*1e4) != math.Round(f.want*1e4) {
			t.Errorf("%s: %s %.4f, want %.4f", name, f.what, f.got, f.want)
		}
	}
}

// TestAgreeStreamsLikeAll checks that adding articles one by one to an
// Agreer gives what Agree gives for the whole set, whatever the order.
func TestAgreeStreamsLikeAll(t *testing.T) {
	g := NewAgreer()
	for i := len(handExample) - 1; i >= 0; i-- {
		d := handExample[i]
		g.Add(d.Text, d.A, d.B)
	}
	got, all := g.Result(), Agree(handExample)
	if got.Overall != all.Overall || len(got.Labels) != len(all.Labels) {
		t.Fatalf("streamed %+v, all %+v", got.Overall, all.Overall)
	}
	for i := range got.Labels {
		if got.Labels[i] != all.Labels[i] {
			t.Errorf("label %d: streamed %+v, all %+v", i, got.Labels[i], all.Labels[i])
		}
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"words and punctuation", "Ana Lopez, 45, met Bob.", []string{"Ana", "Lopez", ",", "45", ",", "met", "Bob", "."}},
		{"abbreviation and percent", "U.S. 5%", []string{"U", ".", "S", ".", "5", "%"}},
		{"combining mark stays in its word", "Zoe\u0308's", []string{"Zoe\u0308", "'", "s"}},
		{"lone combining mark is a token", "a \u0301b", []string{"a", "\u0301", "b"}},
		{"cjk run is one token", "東京都は、", []string{"東京都は", "、"}},
		{"emoji are single tokens", "hi 👋🏽!", []string{"hi", "👋", "🏽", "!"}},
		{"white space of every kind", "a\tb\n\nc\u00a0d", []string{"a", "b", "c", "d"}},
		{"empty", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			runes := []rune(tc.text)
			var got []string
			for _, tok := range Tokenize(tc.text, nil) {
				got = append(got, string(runes[tok.Start:tok.End]))
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Tokenize(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}
