package spanview

import (
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// fixedMeasurer gives every grapheme cluster the same advance, like a
// monospaced font, so expected positions are easy to write down.
type fixedMeasurer struct{ w float32 }

func (f fixedMeasurer) Advance(rune) float32 { return f.w }
func (f fixedMeasurer) ClusterAdvance(c []rune) float32 {
	n := 0
	for i := 0; i < len(c); i = clusterEnd(c, i) {
		n++
	}
	return float32(n) * f.w
}
func (f fixedMeasurer) TagWidth(l string) float32 { return float32(len(l)) * f.w / 2 }

func newTestModel(text string, width float32) *Model {
	m := NewModel(fixedMeasurer{10})
	m.SetText(text)
	m.Layout(width)
	return m
}

// lineTexts returns each visual line's text with trailing spaces shown.
func lineTexts(m *Model) []string {
	var out []string
	for _, l := range m.Lines() {
		out = append(out, m.Slice(l.Start, l.End))
	}
	return out
}

func TestLayoutBreaksLinesAtWordBoundaries(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float32 // in clusters of 10
		want  []string
	}{
		{"fits on one line", "Mohammed Dahlan", 200, []string{"Mohammed Dahlan"}},
		{"wraps after the space", "Mohammed Dahlan", 100, []string{"Mohammed ", "Dahlan"}},
		{"trailing spaces hang", "ab    cd", 30, []string{"ab    ", "cd"}},
		{"greedy", "aa bb cc dd", 50, []string{"aa bb ", "cc dd"}},
		{"paragraphs at newline", "one\n\ntwo", 200, []string{"one", "", "two"}},
		{"long word broken by characters", "abcdefghij xy", 40, []string{"abcd", "efgh", "ij ", "xy"}},
		{"long word after a short one", "xy abcdefghij", 40, []string{"xy ", "abcd", "efgh", "ij"}},
		{"no-break space does not wrap", "10\u00A0km away", 50, []string{"10\u00A0km ", "away"}},
		{"CJK breaks between characters", "北京市政府发布", 30, []string{"北京市", "政府发", "布"}},
		{"CJK keeps closing punctuation", "北京市。政府", 30, []string{"北京", "市。政", "府"}},
		{"emoji cluster is not split", "👩‍👩‍👧‍👦👍🏽ab", 20, []string{"👩‍👩‍👧‍👦👍🏽", "ab"}},
		{"combining mark stays with its letter", "cafe\u0301s", 40, []string{"cafe\u0301", "s"}},
		{"Arabic wraps at spaces", "محمد دحلان في غزة", 90, []string{"محمد ", "دحلان في ", "غزة"}},
		{"empty text is one empty line", "", 100, []string{""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel(tc.text, tc.width)
			got := lineTexts(m)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("lines = %q, want %q", got, tc.want)
			}
			// lines cover the text in order, skipping only the '\n' between paragraphs
			r := []rune(tc.text)
			next := 0
			for i, l := range m.Lines() {
				if l.Start != next {
					t.Fatalf("line %d starts at %d, want %d", i, l.Start, next)
				}
				next = l.End
				if next < len(r) && r[next] == '\n' {
					next++
				}
			}
			if next != len(r) {
				t.Fatalf("lines end at %d, text has %d code points", next, len(r))
			}
		})
	}
}

func TestLayoutKeepsLinesWithinWidth(t *testing.T) {
	text := strings.Repeat("Egypt's security forces killed 12 “dangerous terrorists” near Cairo. ", 40)
	for _, width := range []float32{35, 100, 333, 800} {
		m := newTestModel(text, width)
		for i, l := range m.Lines() {
			vis := strings.TrimRight(m.Slice(l.Start, l.End), " ")
			if w := float32(len([]rune(vis))) * 10; w > width && len([]rune(vis)) > 1 {
				t.Fatalf("width %v: line %d %q is %v wide", width, i, vis, w)
			}
		}
	}
}

func TestHitTestReturnsCodePointOffsets(t *testing.T) {
	tests := []struct {
		name string
		text string
		line int
		x    float32
		want int
	}{
		{"left half of a letter is before it", "Dahlan", 0, 14, 1},
		{"right half is after it", "Dahlan", 0, 16, 2},
		{"left of the line", "Dahlan", 0, -5, 0},
		{"past the end of the line", "Dahlan", 0, 500, 6},
		{"line above the text", "Dahlan", -1, 30, 0},
		{"line below the text", "Dahlan", 3, 30, 6},
		{"emoji sequence counts its code points", "👩‍👩‍👧‍👦 Dahlan", 0, 26, 9}, // 7 code points emoji, space
		{"never inside a skin-tone emoji", "a👍🏽b", 0, 19, 3},
		{"never between a letter and its accent", "cafe\u0301s", 0, 33, 3},
		{"after the accented letter", "cafe\u0301s", 0, 42, 5},
		{"CJK", "北京市政府", 0, 31, 3},
		// right to left, aligned right: د at 60–70, مَّ 70–80, حَ 80–90, مُ 90–100
		{"Arabic: left of the line is the end of the text", "مُحَمَّد", 0, 12, 8},
		{"Arabic: right half of the first letter is before it", "مُحَمَّد", 0, 97, 0},
		{"Arabic: left half of the first letter is after it, with its mark", "مُحَمَّد", 0, 92, 2},
		{"Arabic: left half of the third letter is after its two marks", "مُحَمَّد", 0, 72, 7},
		{"Arabic: right of the line is its start", "مُحَمَّد", 0, 100, 0},
		{"second line", "Mohammed Dahlan", 1, 24, 11},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel(tc.text, 100)
			if got := m.HitTest(tc.line, tc.x); got != tc.want {
				t.Fatalf("HitTest(%d, %v) = %d, want %d", tc.line, tc.x, got, tc.want)
			}
		})
	}
}

func TestCaretPositionsFollowClusters(t *testing.T) {
	m := newTestModel("a👍🏽b\u0301c", 1000)
	for _, tc := range []struct {
		cp   int
		want float32
	}{{0, 0}, {1, 10}, {2, 10}, {3, 20}, {4, 20}, {5, 30}, {6, 40}} {
		if _, x := m.Caret(tc.cp); x != tc.want {
			t.Errorf("Caret(%d) x = %v, want %v", tc.cp, x, tc.want)
		}
	}
}

func TestSnapSelectsWholeWordsWithoutPunctuation(t *testing.T) {
	const gulf = `strongman Mohammed Dahlan, hold pictures of "Egypt's" Al-Sissi (12,500 people).`
	tests := []struct {
		name    string
		text    string
		from    string // the dragged range is the first occurrence of from..to
		a, b    int    // offsets inside from: dragged from a to b
		precise bool
		want    string
	}{
		{"drag over a word and its comma", gulf, "Dahlan, ", 0, 7, false, "Dahlan"},
		{"from inside one word to inside the next", gulf, "Mohammed Dahlan", 3, 12, false, "Mohammed Dahlan"},
		{"backwards drag", gulf, "Mohammed Dahlan", 12, 3, false, "Mohammed Dahlan"},
		{"inside one word", gulf, "pictures", 2, 4, false, "pictures"},
		{"quotes left out, apostrophe kept", gulf, `"Egypt's"`, 0, 9, false, "Egypt's"},
		{"hyphenated name", gulf, "Al-Sissi", 5, 6, false, "Al-Sissi"},
		{"number with a thousands comma, parentheses out", gulf, "(12,500", 0, 5, false, "12,500"},
		{"leading space left out", gulf, " hold", 0, 3, false, "hold"},
		{"only punctuation is kept as dragged", gulf, ").", 0, 2, false, ")."},
		{"Alt gives characters", gulf, "Dahlan, ", 1, 4, true, "ahl"},
		{"Alt keeps punctuation", gulf, "Dahlan, ", 0, 7, true, "Dahlan,"},
		{"skin tone emoji whole", "ok 👍🏽 done", "👍🏽", 1, 2, true, "👍🏽"},
		{"ZWJ family whole", "the 👩‍👩‍👧‍👦 emoji", "👩‍👩‍👧‍👦", 0, 3, true, "👩‍👩‍👧‍👦"},
		{"ZWJ family as a word", "the 👩‍👩‍👧‍👦 emoji", "👩‍👩‍👧‍👦", 2, 4, false, "👩‍👩‍👧‍👦"},
		{"flag pair whole", "in 🇪🇬 today", "🇪🇬", 1, 2, true, "🇪🇬"},
		{"letter with combining accent", "un cafe\u0301 noir", "e\u0301", 0, 1, true, "e\u0301"},
		{"CJK character is its own word", "北京市政府发布", "京市政", 0, 2, false, "京市"},
		{"Arabic word with harakat", "قال مُحَمَّد دحلان،", "مُحَمَّد", 2, 3, false, "مُحَمَّد"},
		{"Arabic comma left out", "قال مُحَمَّد دحلان، أمس", "دحلان،", 0, 6, false, "دحلان"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel(tc.text, 10000)
			r := []rune(tc.text)
			at := strings.Index(tc.text, tc.from)
			if at < 0 {
				t.Fatalf("%q not in text", tc.from)
			}
			base := len([]rune(tc.text[:at])) // code point index of from
			s, e := m.Snap(base+tc.a, base+tc.b, tc.precise)
			if got := string(r[s:e]); got != tc.want {
				t.Fatalf("Snap = [%d,%d) %q, want %q", s, e, got, tc.want)
			}
			if !m.IsClusterBoundary(s) || !m.IsClusterBoundary(e) {
				t.Fatalf("Snap = [%d,%d) splits a cluster", s, e)
			}
		})
	}
}

func TestKeyboardWordAndClusterSteps(t *testing.T) {
	m := newTestModel(`Mohammed Dahlan, hold 👍🏽 "pictures"`, 10000)
	steps := []struct {
		name string
		move func(int) int
		from int
		want int
	}{
		{"next word end from start", m.NextWordEnd, 0, 8},
		{"next word end skips the comma", m.NextWordEnd, 15, 21},
		{"next word end from inside", m.NextWordEnd, 11, 15},
		{"previous word start", m.PrevWordStart, 15, 9},
		{"previous word start skips punctuation", m.PrevWordStart, 17, 9},
		{"next cluster over an emoji with skin tone", m.NextCluster, 22, 24},
		{"previous cluster over an emoji with skin tone", m.PrevCluster, 24, 22},
		{"next word end at the text end", m.NextWordEnd, 35, 35},
		{"next word end past quote", m.NextWordEnd, 25, 34},
	}
	for _, tc := range steps {
		if got := tc.move(tc.from); got != tc.want {
			t.Errorf("%s: %d -> %d, want %d", tc.name, tc.from, got, tc.want)
		}
	}
}

func TestSpanLevelsAndInnermostSpan(t *testing.T) {
	text := "Egyptian President Abdel Fattah Al Sissi said on Friday that Egypt would win."
	m := newTestModel(text, 300)
	m.SetLabels(annotate.DefaultLabels())
	idx := func(s string) int { return len([]rune(text[:strings.Index(text, s)])) }
	span := func(id, label, s string) annotate.Span {
		return annotate.Span{ID: id, Label: label, Start: idx(s), End: idx(s) + len([]rune(s))}
	}
	m.SetSpans([]annotate.Span{
		span("claim", "CLAIM", "Egyptian President Abdel Fattah Al Sissi said on Friday that Egypt would win"),
		span("person", "PERSON", "Egyptian President Abdel Fattah Al Sissi"),
		span("name", "PERSON", "Abdel Fattah Al Sissi"),
		span("gpe", "GPE", "Egypt would"),
		span("gpe2", "GPE", "Egypt"),
		span("bad", "ORG", "Egypt"),
	})
	levels := map[string]int{}
	for i, s := range m.Spans() {
		levels[s.ID] = m.levels[i]
	}
	want := map[string]int{"claim": 0, "person": 0, "name": 1, "gpe": 0, "bad": 1, "gpe2": 2}
	for id, l := range want {
		if levels[id] != l {
			t.Errorf("level of %s = %d, want %d", id, levels[id], l)
		}
	}
	for _, tc := range []struct {
		at, want string
	}{{"Fattah", "name"}, {"President", "person"}, {"Friday", "claim"}, {"would", "gpe"}} {
		s, ok := m.SpanAt(idx(tc.at))
		if !ok || s.ID != tc.want {
			t.Errorf("SpanAt(%q) = %q %v, want %q", tc.at, s.ID, ok, tc.want)
		}
	}
	if _, ok := m.SpanAt(len([]rune(text)) - 1); ok {
		t.Errorf("SpanAt the final period found a span")
	}
}

func TestLineDecorSplitsSpansAcrossLinesAndSpacesTags(t *testing.T) {
	text := "Mohammed Dahlan met Al Sissi"
	m := newTestModel(text, 80) // "Mohammed ", "Dahlan ", "met Al ", "Sissi"
	m.SetLabels(annotate.DefaultLabels())
	m.SetSpans([]annotate.Span{
		{ID: "p", Label: "PERSON", Start: 0, End: 15},
		{ID: "first", Label: "PERSON", Start: 0, End: 8},
		{ID: "c", Label: "CLAIM", Start: 0, End: 28},
	})
	d := m.LineDecor(0, nil)
	if len(d) != 3 {
		t.Fatalf("line 0 has %d decors, want 3: %+v", len(d), d)
	}
	if d[0].ID != "p" || d[1].ID != "first" || d[2].ID != "c" || d[2].Kind != annotate.KindClaim {
		t.Fatalf("decor order = %s,%s,%s, want p,first,c (entities by level, claims last)", d[0].ID, d[1].ID, d[2].ID)
	}
	for i := 1; i < len(d); i++ {
		if d[i].TagX < d[i-1].TagX+d[i-1].TagW {
			t.Errorf("tag %s at %v overlaps tag %s ending at %v", d[i].ID, d[i].TagX, d[i-1].ID, d[i-1].TagX+d[i-1].TagW)
		}
	}
	if d[0].X0 != 0 || d[0].X1 != 90 || !d[0].First || d[0].Last {
		t.Errorf("p on line 0 = %+v, want x 0..90, first, not last", d[0])
	}
	d = m.LineDecor(1, d)
	if len(d) != 2 || d[0].ID != "p" || d[0].First || !d[0].Last || d[0].X1 != 60 {
		t.Errorf("line 1 decors = %+v, want p ending at x 60 and the claim", d)
	}
	if got := lineTexts(m); strings.Join(got, "|") != "Mohammed |Dahlan |met Al |Sissi" {
		t.Fatalf("lines = %q", got)
	}
	if cuts := m.Cuts(1, nil); len(cuts) != 1 || cuts[0] != 15 {
		t.Errorf("Cuts(1) = %v, want [15] (p ends before the trailing space)", cuts)
	}
	if cuts := m.Cuts(0, nil); len(cuts) != 1 || cuts[0] != 8 {
		t.Errorf("Cuts(0) = %v, want [8]", cuts)
	}
}

func TestTagsNameTheAnnotatorWhenShown(t *testing.T) {
	const text = "Ann met Bob who then went on to live in Oslo."
	m := newTestModel(text, 1000)
	m.SetSpans([]annotate.Span{
		{ID: "s1", Start: 0, End: 3, Label: "PERSON", Annotator: "ana"},
		{ID: "s2", Start: 8, End: 11, Label: "PERSON", Annotator: "a-very-long-name-indeed"},
		{ID: "s3", Start: 40, End: 44, Label: "GPE", Review: annotate.ReviewRejected},
	})
	tags := func() map[string]Decor {
		out := map[string]Decor{}
		for _, d := range m.LineDecor(0, nil) {
			out[d.ID] = d
		}
		return out
	}
	hidden := map[string]string{"s1": "PERSON", "s2": "PERSON", "s3": "GPE ✗"}
	for id, d := range tags() {
		if d.Tag != hidden[id] {
			t.Errorf("annotators hidden: %s tag %q, want %q", id, d.Tag, hidden[id])
		}
	}
	m.SetShowAnnotators(true)
	want := map[string]string{"s1": "PERSON · ana", "s2": "PERSON · a-very-long-nam…", "s3": "GPE ✗"}
	for id, d := range tags() {
		if d.Tag != want[id] {
			t.Errorf("annotators shown: %s tag %q, want %q", id, d.Tag, want[id])
		}
		if w := (fixedMeasurer{10}).TagWidth(want[id]); d.TagW != w {
			t.Errorf("%s tag width %v, want %v (the width of the shown text)", id, d.TagW, w)
		}
	}
}
