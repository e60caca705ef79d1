package spanview

import "unicode"

// Selection snapping. A word is a run of letters, digits, marks and
// symbols; an apostrophe, hyphen, period, comma or middle dot between two
// such code points joins them ("al-Sisi", "Egypt's", "1,500"). Each CJK
// character is a word of its own, since those scripts put no spaces
// between words.

func isWordRune(r rune) bool {
	if r < 128 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			r == '$' || r == '%' || r == '+' || r == '=' || r == '<' || r == '>' || r == '^' || r == '`' || r == '|' || r == '~'
	}
	if r == zwj || isExtend(r) {
		return true
	}
	return unicode.In(r, unicode.L, unicode.N, unicode.M, unicode.S)
}

func isJoiner(r rune) bool {
	switch r {
	case '\'', '’', '-', '‐', '‑', '.', ',', '·', '_', '&':
		return true
	}
	return false
}

// wordish reports whether code point i is part of a word.
func wordish(t []rune, i int) bool {
	if i < 0 || i >= len(t) {
		return false
	}
	if isWordRune(t[i]) {
		return true
	}
	return isJoiner(t[i]) && i > 0 && i+1 < len(t) && isWordRune(t[i-1]) && isWordRune(t[i+1]) &&
		!isCJK(t[i-1]) && !isCJK(t[i+1])
}

// joined reports whether positions i-1 and i lie in the same word, so that
// offset i is inside a word.
func joined(t []rune, i int) bool {
	if i <= 0 || i >= len(t) {
		return false
	}
	if isExtend(t[i]) || t[i] == zwj || t[i-1] == zwj {
		return wordish(t, i-1)
	}
	return wordish(t, i-1) && wordish(t, i) && !isCJK(t[i-1]) && !isCJK(t[i])
}

// WordStart returns the start of the word holding offset p (p itself when
// p is not inside a word).
func (m *Model) WordStart(p int) int {
	for p > 0 && joined(m.text, p) {
		p--
	}
	return p
}

// WordEnd returns the end of the word holding offset p.
func (m *Model) WordEnd(p int) int {
	for p < len(m.text) && joined(m.text, p) {
		p++
	}
	return p
}

// Snap turns a dragged range between offsets a and b (in either order) into
// a selection. Unless precise (Alt held), it leaves out spaces and
// punctuation at either end and then grows outward to whole words:
// dragging over "Dahlan," gives "Dahlan", dragging from inside "Mohammed"
// to inside "Dahlan" gives "Mohammed Dahlan". A range holding only spaces
// and punctuation is kept as dragged. Either way it never splits a
// grapheme cluster. start == end means nothing is selected.
func (m *Model) Snap(a, b int, precise bool) (start, end int) {
	t := m.text
	a, b = clamp(a, 0, len(t)), clamp(b, 0, len(t))
	if a > b {
		a, b = b, a
	}
	if a == b {
		return a, a
	}
	if !precise {
		s, e := a, b
		for s < e && !wordish(t, s) {
			s++
		}
		for e > s && !wordish(t, e-1) {
			e--
		}
		if s < e {
			a, b = m.WordStart(s), m.WordEnd(e)
		} else {
			for s = a; s < b && t[s] == ' '; s++ {
			}
			for e = b; e > s && t[e-1] == ' '; e-- {
			}
			a, b = s, e
		}
	}
	return clusterFloor(t, a), clusterCeil(t, b)
}

// isBreak reports whether r ends a paragraph (or a line of one).
func isBreak(r rune) bool { return r == '\n' || r == '\r' || r == '\u2029' || r == '\u2028' }

// SnapFrom is Snap for a selection made from anchor towards caret (a drag
// or Shift+arrows): unless precise, besides leaving spaces and
// punctuation out at either end, it stays inside one paragraph — the
// anchor's, or when the anchor lies in the white space between
// paragraphs, the first one towards the caret. A range that crossed a line
// break ends at the last word before it. start <= end.
func (m *Model) SnapFrom(anchor, caret int, precise bool) (start, end int) {
	if precise {
		return m.Snap(anchor, caret, true)
	}
	t := m.text
	a, c := clamp(anchor, 0, len(t)), clamp(caret, 0, len(t))
	s, e := min(a, c), max(a, c)
	for s < e && !wordish(t, s) {
		s++
	}
	for e > s && !wordish(t, e-1) {
		e--
	}
	if s == e {
		return m.Snap(anchor, caret, false) // only spaces and punctuation
	}
	if c >= a { // the anchor is at s: stop at the first break after it
		for i := s; i < e; i++ {
			if isBreak(t[i]) {
				e = i
				break
			}
		}
	} else { // the anchor is at e: stop at the last break before it
		for i := e - 1; i >= s; i-- {
			if isBreak(t[i]) {
				s = i + 1
				break
			}
		}
	}
	return m.Snap(s, e, false)
}

// NextWordEnd returns the end of the word at or after offset p: where
// Shift+Right moves the caret.
func (m *Model) NextWordEnd(p int) int {
	t := m.text
	for p < len(t) && !wordish(t, p) {
		p++
	}
	if p < len(t) {
		p = m.WordEnd(clusterEnd(t, clusterFloor(t, p)))
	}
	return clusterCeil(t, p)
}

// PrevWordStart returns the start of the word at or before offset p: where
// Shift+Left moves the caret.
func (m *Model) PrevWordStart(p int) int {
	t := m.text
	for p > 0 && !wordish(t, p-1) {
		p--
	}
	if p > 0 {
		p = m.WordStart(clusterFloor(t, p-1))
	}
	return clusterFloor(t, p)
}

// NextCluster returns the offset after the grapheme cluster at p.
func (m *Model) NextCluster(p int) int {
	if p >= len(m.text) {
		return len(m.text)
	}
	return clusterEnd(m.text, clusterFloor(m.text, max(p, 0)))
}

// PrevCluster returns the start of the grapheme cluster before p.
func (m *Model) PrevCluster(p int) int {
	if p <= 0 {
		return 0
	}
	return clusterFloor(m.text, min(p, len(m.text))-1)
}
