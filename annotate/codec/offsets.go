package codec

import (
	"slices"

	"github.com/spanmark/spanmark/annotate"
)

// spanBytes maps the code point offsets of an article's spans to UTF-8 byte
// offsets with one walk of the text up to the last span end, without
// indexing all of it: the export writes every article once.
type spanBytes struct {
	runes []int // sorted, unique code point offsets
	bytes []int // byte offset of each
}

// build maps every span start and end; it reports false when one is not
// inside the text (a negative offset or past its end).
func (m *spanBytes) build(text string, spans []annotate.Span) bool {
	m.runes = m.runes[:0]
	for _, s := range spans {
		if s.Start < 0 || s.End < 0 {
			return false
		}
		m.runes = append(m.runes, s.Start, s.End)
	}
	slices.Sort(m.runes)
	m.runes = slices.Compact(m.runes)
	m.bytes = slices.Grow(m.bytes[:0], len(m.runes))[:len(m.runes)]
	b, r := 0, 0
	for i, want := range m.runes {
		if b = annotate.AdvanceRunes(text, b, want-r); b < 0 {
			return false
		}
		r, m.bytes[i] = want, b
	}
	return true
}

// byteOf returns the byte offset of code point offset r, which build mapped.
func (m *spanBytes) byteOf(r int) int {
	i, _ := slices.BinarySearch(m.runes, r)
	return m.bytes[i]
}
