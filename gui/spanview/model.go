package spanview

import (
	"sort"

	"github.com/spanmark/spanmark/annotate"
)

// Measurer gives the horizontal advance of text in the view's font.
// The model never draws; it adds advances up.
type Measurer interface {
	// Advance is the width of code point r standing alone.
	Advance(r rune) float32
	// ClusterAdvance is the width of two or more code points shaped and
	// drawn as one piece: a grapheme cluster (an emoji sequence, a letter
	// with combining marks) or a word of a script whose letters join.
	ClusterAdvance(cluster []rune) float32
	// TagWidth is the width of the small tag that names label.
	TagWidth(label string) float32
}

// Line is one visual line: code points [Start, End) of the text.
// End excludes the '\n' that ends a paragraph; trailing spaces at a wrap
// belong to the line they follow.
type Line struct {
	Start, End int     // code points
	Width      float32 // the advance of every code point in the line
	// RTL: the line is in a right-to-left paragraph, so it is aligned
	// to the right edge of the column.
	RTL  bool
	bidi int32 // 1 + index into Model.blines: the line is in bidirectional order; 0: left to right
}

// Model is the view's state without pixels: text, spans, labels, the
// wrapped lines at a width and the x position of every code point.
type Model struct {
	text  []rune
	meas  Measurer
	width float32
	lines []Line
	// xs[i]: x of code point i: on a left-to-right line the caret before it,
	// on a line in bidirectional order (Line.bidi) the left edge of its
	// cluster, from the column's left edge.
	xs     []float32
	inner  []float32 // offsets inside a word being measured (measureWord)
	blines []bidiLine
	bidi   bidiResolver
	cls    []int32 // clusters of a line being ordered
	cutBuf []int
	spans  []annotate.Span
	levels []int // levels[i] for spans[i]; entities and claims count separately
	labels map[string]annotate.Label
	order  []string // label names in palette order

	showAnnotators bool // tags name the annotator too

	relsIn []annotate.Relation // as given to SetRelations
	rels   []annotate.Relation // those whose spans the model has
	byID   map[string]int      // span index by id

	maxEntityLevel, maxClaimLevel int
	lineSpans                     [][]int32 // span indexes (into spans) touching each line
}

// NewModel returns an empty model that measures with m.
func NewModel(m Measurer) *Model {
	md := &Model{meas: m, labels: map[string]annotate.Label{}}
	md.SetText("")
	return md
}

// SetMeasurer replaces the measurer (a new text size); call Layout after it.
func (m *Model) SetMeasurer(meas Measurer) { m.meas = meas }

// SetText replaces the text; spans are dropped. Call Layout after it.
func (m *Model) SetText(text string) {
	m.text = []rune(text)
	m.xs = make([]float32, len(m.text)+1)
	m.spans, m.levels = nil, nil
	clear(m.byID)
	m.relsIn, m.rels = nil, nil
	m.lines = []Line{{}}
	m.lineSpans = nil
}

// Len is the text length in code points.
func (m *Model) Len() int { return len(m.text) }

// Slice returns the text of code points [start, end).
func (m *Model) Slice(start, end int) string {
	start = clamp(start, 0, len(m.text))
	end = clamp(end, start, len(m.text))
	return string(m.text[start:end])
}

// Runes returns the text; callers must not change it.
func (m *Model) Runes() []rune { return m.text }

// SetLabels replaces the label set used for colours and kinds.
func (m *Model) SetLabels(labels []annotate.Label) {
	m.labels = make(map[string]annotate.Label, len(labels))
	m.order = m.order[:0]
	for _, l := range labels {
		m.labels[l.Name] = l
		m.order = append(m.order, l.Name)
	}
}

// Label returns the label named name; one not in the set gets a stable
// palette colour and the kind annotate.KindOf gives it.
func (m *Model) Label(name string) annotate.Label {
	if l, ok := m.labels[name]; ok {
		return l
	}
	return annotate.Label{Name: name, Kind: annotate.KindOf(nil, name), Color: annotate.ColorFor(name)}
}

// SetSpans replaces the spans. Spans outside the text or empty are ignored
// for drawing. The model keeps its own sorted copy.
func (m *Model) SetSpans(spans []annotate.Span) {
	m.spans = m.spans[:0]
	for _, s := range spans {
		if s.Start < 0 || s.End > len(m.text) || s.Start >= s.End {
			continue
		}
		m.spans = append(m.spans, s)
	}
	sort.SliceStable(m.spans, func(i, j int) bool {
		a, b := &m.spans[i], &m.spans[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End > b.End
		}
		return a.ID < b.ID
	})
	clear(m.byID)
	if m.byID == nil {
		m.byID = make(map[string]int, len(m.spans))
	}
	for i := range m.spans {
		m.byID[m.spans[i].ID] = i
	}
	m.assignLevels()
	m.indexSpans()
	m.filterRelations()
}

// SetShowAnnotators makes tags name each span's annotator beside its label
// (for a view of several annotators' spans). Call Layout after it.
func (m *Model) SetShowAnnotators(on bool) { m.showAnnotators = on }

// Tag is the text of the tag drawn for s: its label, with annotators
// shown its annotator (at most 16 characters), and a mark for a review
// decision (✓ accepted, ✗ rejected) or a suggestion (?).
func (m *Model) Tag(s *annotate.Span) string {
	tag := s.Label
	if m.showAnnotators && s.Annotator != "" {
		who := []rune(s.Annotator)
		if len(who) > 16 {
			who = append(who[:15], '…')
		}
		tag += " · " + string(who)
	}
	switch s.Review {
	case annotate.ReviewAccepted:
		tag += " ✓"
	case annotate.ReviewRejected:
		tag += " ✗"
	case annotate.ReviewSuggested:
		tag += " ?"
	}
	return tag
}

// Spans returns the model's spans sorted by (start, end desc, id).
func (m *Model) Spans() []annotate.Span { return m.spans }

// spanKind is the kind a span is drawn as: its own, else its label's.
func (m *Model) spanKind(s *annotate.Span) annotate.Kind {
	if s.Kind != "" {
		return s.Kind
	}
	return m.Label(s.Label).Kind
}

// assignLevels gives each span the lowest level not used by an earlier
// span that overlaps it: the outermost (first) span of a nest gets level 0.
// Entities and claims are levelled separately, since they are drawn apart.
func (m *Model) assignLevels() {
	m.levels = make([]int, len(m.spans))
	m.maxEntityLevel, m.maxClaimLevel = -1, -1
	var activeE, activeC []int // end offset of the span holding each level, -1 = free
	for i := range m.spans {
		s := &m.spans[i]
		active := &activeE
		if m.spanKind(s) == annotate.KindClaim {
			active = &activeC
		}
		lvl := -1
		for l, end := range *active {
			if end <= s.Start {
				(*active)[l] = -1
			}
			if (*active)[l] == -1 && lvl < 0 {
				lvl = l
			}
		}
		if lvl < 0 {
			lvl = len(*active)
			*active = append(*active, -1)
		}
		(*active)[lvl] = s.End
		m.levels[i] = lvl
		if active == &activeC {
			m.maxClaimLevel = max(m.maxClaimLevel, lvl)
		} else {
			m.maxEntityLevel = max(m.maxEntityLevel, lvl)
		}
	}
}

// Levels reports the deepest entity and claim levels in use (-1: none).
func (m *Model) Levels() (entity, claim int) { return m.maxEntityLevel, m.maxClaimLevel }

// indexSpans records, for every line, the spans that touch it.
func (m *Model) indexSpans() {
	if cap(m.lineSpans) >= len(m.lines) {
		m.lineSpans = m.lineSpans[:len(m.lines)]
		for i := range m.lineSpans {
			m.lineSpans[i] = m.lineSpans[i][:0]
		}
	} else {
		m.lineSpans = make([][]int32, len(m.lines))
	}
	for i := range m.spans {
		s := &m.spans[i]
		first, last := m.LineOf(s.Start), m.LineOf(s.End-1)
		for l := first; l <= last; l++ {
			m.lineSpans[l] = append(m.lineSpans[l], int32(i))
		}
	}
}

// SpanAt returns the innermost span covering code point cp: the shortest,
// and of equal lengths the one drawn on top (deeper level).
func (m *Model) SpanAt(cp int) (annotate.Span, bool) {
	if cp < 0 || cp >= len(m.text) || len(m.lineSpans) == 0 {
		return annotate.Span{}, false
	}
	best := -1
	for _, k := range m.lineSpans[m.LineOf(cp)] {
		s := &m.spans[k]
		if s.Start > cp || cp >= s.End {
			continue
		}
		if best < 0 {
			best = int(k)
			continue
		}
		b := &m.spans[best]
		if s.End-s.Start < b.End-b.Start || (s.End-s.Start == b.End-b.Start && m.levels[k] > m.levels[best]) {
			best = int(k)
		}
	}
	if best < 0 {
		return annotate.Span{}, false
	}
	return m.spans[best], true
}

// SpanByID finds a span by id.
func (m *Model) SpanByID(id string) (annotate.Span, bool) {
	if i, ok := m.byID[id]; ok {
		return m.spans[i], true
	}
	return annotate.Span{}, false
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
