package spanview

import (
	"github.com/spanmark/spanmark/internal/testcorpus"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
)

const (
	benchWords = 50000
	benchSpans = 2000
	benchWidth = 760
)

// benchArticle builds a 50,000-word article from the corpus' words, in
// paragraphs of 40–120 words, and 2,000 spans over it: entities of one to
// three words (some nested in others) and sentence-long claims.
func benchArticle(b *testing.B) (string, []annotate.Span) {
	b.Helper()
	files, _ := filepath.Glob(testcorpus.Path(b, "articles", "*.txt"))
	var vocab []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		vocab = append(vocab, strings.Fields(string(data))...)
	}
	if len(vocab) < 1000 {
		vocab = strings.Fields(strings.Repeat("Egyptian security forces on Friday killed 12 “dangerous terrorists” in clashes south-west of Cairo ", 100))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	type word struct{ start, end int }
	words := make([]word, 0, benchWords)
	cp := 0
	para := 40 + rng.IntN(80)
	for i := 0; i < benchWords; i++ {
		w := vocab[rng.IntN(len(vocab))]
		n := len([]rune(w))
		words = append(words, word{cp, cp + n})
		sb.WriteString(w)
		cp += n
		if i == benchWords-1 {
			break
		}
		if para--; para == 0 {
			sb.WriteString("\n\n")
			cp += 2
			para = 40 + rng.IntN(80)
		} else {
			sb.WriteByte(' ')
			cp++
		}
	}
	labels := []string{"PERSON", "ORG", "LOC", "GPE", "DATE", "NUMBER", "EVENT"}
	spans := make([]annotate.Span, 0, benchSpans)
	for i := 0; i < benchSpans; i++ {
		w := rng.IntN(len(words) - 30)
		s := annotate.Span{ID: "s" + itoa(i+1), Start: words[w].start}
		switch {
		case i%10 == 0:
			s.Label, s.Kind = "CLAIM", annotate.KindClaim
			s.End = words[w+10+rng.IntN(15)].end
		default:
			s.Label, s.Kind = labels[rng.IntN(len(labels))], annotate.KindEntity
			s.End = words[w+rng.IntN(3)].end
		}
		spans = append(spans, s)
	}
	return sb.String(), spans
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		if n /= 10; n == 0 {
			return string(b[i:])
		}
	}
}

func benchModel(b *testing.B) (*Model, string, []annotate.Span) {
	test.NewTempApp(b)
	text, spans := benchArticle(b)
	m := NewModel(measurerFor(14, fyne.TextStyle{}))
	m.SetText(text)
	m.SetLabels(annotate.DefaultLabels())
	m.SetSpans(spans)
	m.Layout(benchWidth) // warms the advance cache
	return m, text, spans
}

// BenchmarkLayout wraps the whole article at one width.
func BenchmarkLayout(b *testing.B) {
	m, _, _ := benchModel(b)
	b.ResetTimer()
	for b.Loop() {
		m.Layout(benchWidth)
	}
	b.ReportMetric(float64(m.NumLines()), "lines")
}

// BenchmarkRelayoutResize resizes a View showing the article in a window:
// rewrap, keep the first visible code point, redraw the visible rows.
func BenchmarkRelayoutResize(b *testing.B) {
	test.NewTempApp(b)
	text, spans := benchArticle(b)
	v := New()
	v.SetDocument(text, spans, annotate.DefaultLabels())
	w := test.NewTempWindow(b, v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(benchWidth, 700))
	v.ScrollToOffset(len([]rune(text)) / 2)
	i := 0
	b.ResetTimer()
	for b.Loop() {
		i++
		w.Resize(fyne.NewSize(benchWidth-float32(i%2)*120, 700))
	}
}

// BenchmarkSetSpans applies one more span to a View showing the article,
// as after tagging a selection: model updated, visible rows redrawn.
func BenchmarkSetSpans(b *testing.B) {
	test.NewTempApp(b)
	text, spans := benchArticle(b)
	v := New()
	v.SetDocument(text, spans, annotate.DefaultLabels())
	w := test.NewTempWindow(b, v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(benchWidth, 700))
	v.ScrollToOffset(len([]rune(text)) / 2)
	first := v.firstVisible()
	more := append(spans, annotate.Span{ID: "new", Label: "ORG", Start: first, End: first + 5})
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			v.SetSpans(more)
		} else {
			v.SetSpans(spans)
		}
	}
}

// BenchmarkScrollOneScreen scrolls a View showing the article down by one
// screen (700 px) per iteration, from the top to the end and again: the
// rows that come into view are rebuilt (the work of one frame, before GL).
func BenchmarkScrollOneScreen(b *testing.B) {
	test.NewTempApp(b)
	text, spans := benchArticle(b)
	v := New()
	v.SetDocument(text, spans, annotate.DefaultLabels())
	w := test.NewTempWindow(b, v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(benchWidth, 700))
	end := len([]rune(text))
	b.ResetTimer()
	for b.Loop() {
		if v.firstVisible() >= end-2000 {
			v.ScrollToOffset(0)
		}
		v.scrollBy(true, 700)
	}
}

// BenchmarkHitTest maps a pointer position to a code point offset.
func BenchmarkHitTest(b *testing.B) {
	m, _, _ := benchModel(b)
	rng := rand.New(rand.NewPCG(3, 4))
	n := m.NumLines()
	b.ResetTimer()
	for b.Loop() {
		m.HitTest(rng.IntN(n), rng.Float32()*benchWidth)
	}
}

// BenchmarkRichTextLayout wraps the same text with Fyne's RichText at the
// same width, for comparison. Run it with -benchtime=1x: it is slow.
func BenchmarkRichTextLayout(b *testing.B) {
	test.NewTempApp(b)
	text, _ := benchArticle(b)
	b.ResetTimer()
	for b.Loop() {
		rt := widget.NewRichTextWithText(text)
		rt.Wrapping = fyne.TextWrapWord
		rt.Resize(fyne.NewSize(benchWidth, 1000))
		_ = rt.MinSize()
	}
}

// BenchmarkLayoutArabic wraps a 50,000-word Arabic article (the words of
// testdata/cairo_ar.txt in random order, paragraphs of 40–120 words): every
// paragraph goes through the bidirectional algorithm and every word is
// measured whole.
func BenchmarkLayoutArabic(b *testing.B) {
	test.NewTempApp(b)
	vocab := strings.Fields(cairoArabic(b))
	rng := rand.New(rand.NewPCG(5, 6))
	var sb strings.Builder
	para := 40 + rng.IntN(80)
	for i := 0; i < benchWords; i++ {
		sb.WriteString(vocab[rng.IntN(len(vocab))])
		if para--; para == 0 {
			sb.WriteString("\n\n")
			para = 40 + rng.IntN(80)
		} else {
			sb.WriteByte(' ')
		}
	}
	m := NewModel(measurerFor(14, fyne.TextStyle{}))
	m.SetText(sb.String())
	m.Layout(benchWidth) // warms the advance cache
	b.ResetTimer()
	for b.Loop() {
		m.Layout(benchWidth)
	}
	b.ReportMetric(float64(m.NumLines()), "lines")
}
