package spanview

import (
	"sort"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// runTexts returns the text of each piece of line that TextRuns draws,
// left to right.
func runTexts(m *Model, line int) []string {
	var out []string
	for _, r := range m.TextRuns(line, nil) {
		out = append(out, m.Slice(r.Start, r.End))
	}
	return out
}

// visualExtent returns the x interval a word (the first occurrence of sub)
// covers on its line.
func visualExtent(t *testing.T, m *Model, sub string) (line int, start int, r Range) {
	t.Helper()
	text := string(m.Runes())
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in text", sub)
	}
	start = len([]rune(text[:i]))
	line = m.LineOf(start)
	rs := m.RangesOnLine(line, start, start+len([]rune(sub)), nil)
	if len(rs) != 1 {
		t.Fatalf("%q is in %d pieces on line %d: %v", sub, len(rs), line, rs)
	}
	return line, start, rs[0]
}

func TestArabicLineIsLaidOutRightToLeft(t *testing.T) {
	// clusters of 10: قتلوا 50, مسلحاً 50 (alef with its tanween is one
	// cluster), في 20, القاهرة 70, three spaces: 220 wide, right-aligned
	// in 1000
	m := newTestModel("قتلوا مسلحاً في القاهرة", 1000)
	if l := m.Line(0); !l.RTL {
		t.Fatalf("line of Arabic text is not right to left: %+v", l)
	}
	want := map[string]Range{"قتلوا": {950, 1000}, "مسلحاً": {890, 940}, "في": {860, 880}, "القاهرة": {780, 850}}
	for word, r := range want {
		if _, _, got := visualExtent(t, m, word); got != r {
			t.Errorf("%s drawn at %v, want %v", word, got, r)
		}
	}
	if got := strings.Join(runTexts(m, 0), "|"); got != "القاهرة|في|مسلحاً|قتلوا" {
		t.Errorf("pieces left to right = %s", got)
	}
}

func TestDragOverAnArabicWordSelectsItsCodePoints(t *testing.T) {
	text := "القاهرة: قتلت قوات الأمن المصرية يوم الجمعة 12 مسلحاً في اشتباكات جنوب غرب القاهرة"
	for _, width := range []float32{2000, 300} {
		m := newTestModel(text, width)
		for _, word := range []string{"القاهرة", "قتلت", "المصرية", "مسلحاً", "اشتباكات", "12"} {
			line, start, r := visualExtent(t, m, word)
			end := start + len([]rune(word))
			for _, drag := range [][2]float32{{r.X0 + 2, r.X1 - 2}, {r.X1 - 2, r.X0 + 2}, {r.X0 + 1, r.X0 + 12}} {
				a, b := m.HitTest(line, drag[0]), m.HitTest(line, drag[1])
				s, e := m.Snap(a, b, false)
				if s != start || e != end {
					t.Errorf("width %v: drag over %s from x %v to %v selects [%d,%d) %q, want [%d,%d)",
						width, word, drag[0], drag[1], s, e, m.Slice(s, e), start, end)
				}
			}
			if c, ok := m.CharAt(line, (r.X0+r.X1)/2); !ok || c < start || c >= end {
				t.Errorf("CharAt the middle of %s = %d %v, want inside [%d,%d)", word, c, ok, start, end)
			}
		}
	}
}

func TestMixedArabicAndNumbersKeepTheirVisualOrder(t *testing.T) {
	tests := []struct {
		name, text string
		rtl        bool
		pieces     string // left to right
	}{
		{"Arabic sentence with a number", "قتلت القوات 12 مسلحاً عام 2017", true, "2017|عام|مسلحاً|12|القوات|قتلت"},
		{"Arabic phrase with a number inside English", "He said قتلت القوات 12 مسلحاً today.", false,
			"He said|مسلحاً|12|القوات|قتلت|today."},
		{"English name inside Arabic", "قال Abdel Fattah al-Sisi أمس", true, "أمس|Abdel Fattah al-Sisi|قال"},
		{"Hebrew with a number", "ראש הממשלה נפגש עם 40 שגרירים.", true, ".|שגרירים|40|עם|נפגש|הממשלה|ראש"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel(tc.text, 2000)
			if m.Line(0).RTL != tc.rtl {
				t.Fatalf("RTL = %v, want %v", m.Line(0).RTL, tc.rtl)
			}
			got := runTexts(m, 0)
			for i := range got {
				got[i] = strings.TrimSpace(got[i])
			}
			if strings.Join(got, "|") != tc.pieces {
				t.Fatalf("pieces left to right = %s, want %s", strings.Join(got, "|"), tc.pieces)
			}
			var prev float32 = -1
			for _, r := range m.TextRuns(0, nil) {
				if r.X0 < prev || r.X1 < r.X0 {
					t.Fatalf("pieces overlap or go backwards: %+v after x %v", r, prev)
				}
				prev = r.X1
			}
		})
	}
}

func TestTaggingAnArabicWordMovesNothingElse(t *testing.T) {
	text := "قتلت قوات الأمن المصرية يوم الجمعة 12 مسلحاً"
	m := newTestModel(text, 1000)
	before := m.TextRuns(0, nil)
	at := runeIndex(t, text, "المصرية")
	m.SetSpans([]annotate.Span{{ID: "s1", Label: "GPE", Start: at, End: at + len([]rune("المصرية"))}})
	after := m.TextRuns(0, nil)
	if len(after) != len(before) {
		t.Fatalf("%d pieces after tagging, %d before", len(after), len(before))
	}
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("piece %d moved: %+v -> %+v", i, before[i], after[i])
		}
	}
	d := m.LineDecor(0, nil)
	_, _, r := visualExtent(t, m, "المصرية")
	if len(d) != 1 || d[0].X0 != r.X0 || d[0].X1 != r.X1 || !d[0].EdgeL || !d[0].EdgeR {
		t.Fatalf("decor = %+v, want one part over %v with both edges", d, r)
	}
	// its tag is at its right end, where it begins
	if d[0].TagX+d[0].TagW != r.X1 {
		t.Errorf("tag at %v..%v, want it to end at the word's right edge %v", d[0].TagX, d[0].TagX+d[0].TagW, r.X1)
	}
}

func TestASpanOverMixedTextHasAPiecePerVisualRun(t *testing.T) {
	// an English span that ends inside Arabic text: logically one range,
	// on screen two pieces
	text := "The banner reads مصر ضد الإرهاب today"
	m := newTestModel(text, 2000)
	start := runeIndex(t, text, "reads")
	end := runeIndex(t, text, " ضد")
	rs := m.RangesOnLine(0, start, end, nil)
	if len(rs) != 2 {
		t.Fatalf("ranges = %v, want two pieces", rs)
	}
	_, _, reads := visualExtent(t, m, "reads")
	_, _, misr := visualExtent(t, m, "مصر")
	if rs[0].X0 != reads.X0 || rs[1].X1 != misr.X1 {
		t.Errorf("ranges = %v, want from %v (reads) and ending at %v (مصر)", rs, reads.X0, misr.X1)
	}
}

// shapedMeasurer measures a word of joining letters narrower than its
// letters alone, as a shaper does for Arabic.
type shapedMeasurer struct{ fixedMeasurer }

func (s shapedMeasurer) ClusterAdvance(c []rune) float32 {
	if needsShaping(c[0]) && len(c) > 1 {
		return float32(len(c)) * 7
	}
	return s.fixedMeasurer.ClusterAdvance(c)
}

func TestShapedWordsAreMeasuredWhole(t *testing.T) {
	m := NewModel(shapedMeasurer{fixedMeasurer{10}})
	m.SetText("Hindi नमस्ते and قتلوا.")
	m.Layout(2000)
	for _, tc := range []struct {
		word string
		w    float32
	}{{"नमस्ते", 6 * 7}, {"قتلوا", 5 * 7}, {"Hindi", 50}} {
		_, _, r := visualExtent(t, m, tc.word)
		if r.X1-r.X0 != tc.w {
			t.Errorf("%s is %v wide, want %v (measured as one word)", tc.word, r.X1-r.X0, tc.w)
		}
	}
	// the word is one piece: its letters are drawn joined
	if got := strings.Join(runTexts(m, 0), "|"); !strings.Contains(got, "|नमस्ते|") {
		t.Errorf("pieces = %s, want नमस्ते alone", got)
	}
}

func TestClustersAreMeasuredAndDrawnWhole(t *testing.T) {
	text := "a family 👩‍👩‍👧‍👦 emoji, 👍🏽 and 🇪🇬 here"
	m := newTestModel(text, 2000)
	got := runTexts(m, 0)
	want := []string{"a family", "👩‍👩‍👧‍👦", "emoji,", "👍🏽", "and", "🇪🇬", "here"}
	for i := range got {
		got[i] = strings.TrimSpace(got[i])
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("pieces = %q, want %q (each emoji drawn alone, where it was measured)", got, want)
	}
	_, _, fam := visualExtent(t, m, "👩‍👩‍👧‍👦")
	_, _, next := visualExtent(t, m, "emoji")
	if fam.X1-fam.X0 != 10 || next.X0 != fam.X1+10 {
		t.Errorf("family emoji at %v, next word at %v: want one cluster's advance, then a space", fam, next)
	}
}

func TestTagsStayInsideTheColumnAndNearTheirSpans(t *testing.T) {
	text := "Ann met Bob and Cyd there in Oslo abstract"
	m := newTestModel(text, 420)
	m.SetShowAnnotators(true)
	at := func(s string) int { return runeIndex(t, text, s) }
	var spans []annotate.Span
	for i, who := range []string{"ana", "ben", "cyd", "dan", "eve"} {
		spans = append(spans, annotate.Span{ID: "b" + who, Label: "PERSON", Annotator: who, Start: at("Bob"), End: at("Bob") + 3})
		_ = i
	}
	spans = append(spans, annotate.Span{ID: "abs", Label: "abstract", Annotator: "ar", Start: at("abstract"), End: at("abstract") + 8})
	m.SetSpans(spans)
	d := m.LineDecor(0, nil)
	var tags []Decor
	for _, x := range d {
		if x.First {
			tags = append(tags, x)
		}
	}
	if len(tags) != 6 {
		t.Fatalf("%d tags, want 6", len(tags))
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i].TagX < tags[j].TagX })
	var prevEnd float32 = -1
	for _, x := range tags {
		if x.TagX < 0 || x.TagX+x.TagW > m.Width() {
			t.Errorf("tag %q at %v..%v outside the column 0..%v", x.Tag, x.TagX, x.TagX+x.TagW, m.Width())
		}
		if x.TagX < prevEnd {
			t.Errorf("tag %q at %v overlaps the one before, ending at %v", x.Tag, x.TagX, prevEnd)
		}
		prevEnd = x.TagX + x.TagW + tagGap
		switch {
		case x.ID == "abs" && x.Tag != "abstract · ar":
			t.Errorf("tag of abstract = %q, want it whole (there is room)", x.Tag)
		case x.ID != "abs" && !strings.HasSuffix(x.Tag, "…"):
			// five tags cannot all start over "Bob": each is shortened
			// rather than pushed far along the line
			t.Errorf("tag %q of a crowded span is not shortened", x.Tag)
		}
	}
	// the first of the crowded tags is over its span, the last no further
	// than five shortened tags from it
	if first, last := tags[0], tags[4]; first.TagX != first.X0 || last.TagX > first.X0+5*(first.TagW+tagGap) {
		t.Errorf("crowded tags at %v … %v, want them from %v and close", first.TagX, last.TagX, first.X0)
	}
}
