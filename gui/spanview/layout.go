package spanview

import "unicode"

// Layout wraps the text at width: paragraphs end at '\n'; a line breaks
// greedily at the last break opportunity (after spaces, between CJK
// characters) that fits, and a word wider than the line is broken between
// grapheme clusters. Spaces at a wrap hang past the width. It also records
// the x position of every code point.
//
// A word of a script whose letters join or reorder (Arabic, the Indic
// scripts, Thai, …) is measured whole, as it is drawn, and its code points
// get x positions in proportion to their advances alone. A paragraph with
// right-to-left text is then ordered line by line with the bidirectional
// algorithm (bidilayout.go); every other paragraph is laid out left to
// right without it.
func (m *Model) Layout(width float32) {
	m.width = width
	t := m.text
	n := len(t)
	if cap(m.xs) < n+1 {
		m.xs = make([]float32, n+1)
	}
	m.xs = m.xs[:n+1]
	lines := m.lines[:0]
	m.blines = m.blines[:0]
	meas := m.meas
	var cbuf []rune
	// advances of ASCII code points, looked up without an interface call
	var ascii [128]float32
	var asciiOK [128]bool

	i := 0
	for {
		// one paragraph: [i, paraEnd)
		paraStart, firstLine := i, len(lines)
		needBidi := false
		lineStart := i
		var x float32
		brk := -1 // position where the current line may end and the next begin
		for i < n && t[i] != '\n' {
			r := t[i]
			e := i + 1
			var w float32
			inner := false // e-i > 1 code points with their own offsets in m.inner
			if r < 128 && (e == n || t[e] < 0x300) {
				if !asciiOK[r] {
					ascii[r], asciiOK[r] = meas.Advance(r), true
				}
				w = ascii[r]
			} else {
				if !needBidi && mayBeRTL(r) {
					needBidi = true
				}
				e = clusterEnd(t, i)
				if needsShaping(r) {
					if se := shapingEnd(t, i); se > e {
						if sw, ok := m.measureWord(i, se, width, &cbuf); ok {
							e, w, inner = se, sw, true
						}
					}
				}
				switch {
				case inner:
				case e == i+1:
					w = meas.Advance(r)
				default:
					cbuf = append(cbuf[:0], t[i:e]...)
					w = meas.ClusterAdvance(cbuf)
				}
			}
			if r == '\t' {
				w = 4 * spaceAdvance(meas, &ascii, &asciiOK)
			}
			if isBreakSpace(r) {
				for k := i; k < e; k++ {
					m.xs[k] = x
				}
				x += w
				i = e
				if i < n && !isBreakSpace(t[i]) {
					brk = i
				}
				continue
			}
			if i > lineStart && cjkBreak(t[i-1], r) {
				brk = i
			}
			if x+w > width && i > lineStart {
				if brk > lineStart {
					// wrap at the last opportunity; shift what follows it
					end := brk
					lw := x
					if end < i {
						lw = m.xs[end]
					}
					lines = append(lines, Line{Start: lineStart, End: end, Width: lw})
					for k := end; k < i; k++ {
						m.xs[k] -= lw
					}
					x -= lw
					lineStart = end
				} else {
					lines = append(lines, Line{Start: lineStart, End: i, Width: x})
					lineStart, x = i, 0
				}
				brk = -1
				if i > lineStart && cjkBreak(t[i-1], r) {
					brk = i
				}
				if x+w > width && i > lineStart && brk < 0 {
					// the word after the wrap is still too wide: break it here
					lines = append(lines, Line{Start: lineStart, End: i, Width: x})
					lineStart, x = i, 0
				}
			}
			if inner {
				for k := i; k < e; k++ {
					m.xs[k] = x + m.inner[k-i]
				}
			} else {
				for k := i; k < e; k++ {
					m.xs[k] = x
				}
			}
			x += w
			i = e
		}
		m.xs[i] = x
		lines = append(lines, Line{Start: lineStart, End: i, Width: x})
		if needBidi {
			m.layoutBidi(paraStart, i, lines[firstLine:], width)
		}
		if i >= n {
			break
		}
		i++ // the '\n'
	}
	m.lines = lines
	m.indexSpans()
}

// measureWord measures code points [i, e) (more than one cluster of a
// script that is shaped: a word) as one piece, and puts each code point's
// offset from i into m.inner, in proportion to the advances of its
// clusters alone. It declines a word wider than the line, which is then
// broken between clusters instead.
func (m *Model) measureWord(i, e int, width float32, buf *[]rune) (float32, bool) {
	t := m.text
	*buf = append((*buf)[:0], t[i:e]...)
	w := m.meas.ClusterAdvance(*buf)
	if w > width {
		return 0, false
	}
	m.inner = grow(m.inner, e-i)
	var sum float32
	for c := i; c < e; {
		ce := min(clusterEnd(t, c), e)
		var a float32
		if ce == c+1 {
			a = m.meas.Advance(t[c])
		} else {
			a = m.meas.ClusterAdvance(t[c:ce])
		}
		for k := c; k < ce; k++ {
			m.inner[k-i] = sum
		}
		sum += a
		c = ce
	}
	if sum > 0 && sum != w {
		f := w / sum
		for k := range m.inner[:e-i] {
			m.inner[k] *= f
		}
	}
	return w, true
}

// needsShaping reports letters of scripts whose glyphs join or change
// with their neighbours (Arabic and its relatives, the Indic and
// South-East Asian scripts, Hangul jamo): their words are measured whole.
func needsShaping(r rune) bool {
	switch {
	case r < 0x600:
		return false
	case r <= 0x8FF: // Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic
		return true
	case r < 0x900:
		return false
	case r <= 0x109F: // Devanagari … Sinhala, Thai, Lao, Tibetan, Myanmar
		return true
	case r >= 0x1100 && r <= 0x11FF, r >= 0xA960 && r <= 0xA97F, r >= 0xD7B0 && r <= 0xD7FF: // Hangul jamo
		return true
	case r >= 0x1780 && r <= 0x18AF: // Khmer, Mongolian
		return true
	case r >= 0x1A00 && r <= 0x1CFF, r >= 0xA800 && r <= 0xA95F, r >= 0xA980 && r <= 0xABFF:
		return true
	case r >= 0xFB50 && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFE: // Arabic presentation forms
		return true
	}
	return false
}

// shapingEnd returns the end of the run of letters of shaped scripts (with
// their marks and joiners) that starts at i.
func shapingEnd(t []rune, i int) int {
	j := i
	for j < len(t) {
		c := t[j]
		if needsShaping(c) || isExtend(c) || c == zwj {
			j++
			continue
		}
		break
	}
	return j
}

func spaceAdvance(meas Measurer, ascii *[128]float32, ok *[128]bool) float32 {
	if !ok[' '] {
		ascii[' '], ok[' '] = meas.Advance(' '), true
	}
	return ascii[' ']
}

// isBreakSpace reports spaces after which a line may wrap (not no-break spaces).
func isBreakSpace(r rune) bool {
	switch r {
	case ' ', '\t':
		return true
	case '\u00A0', '\u2007', '\u202F', '\n':
		return false
	}
	return r > 127 && unicode.IsSpace(r)
}

// isCJK reports scripts written without spaces between words, where a line
// may break between any two characters.
func isCJK(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// cjkBreak reports a break opportunity between a and b when either is CJK,
// except before closing and after opening punctuation.
func cjkBreak(a, b rune) bool {
	if !isCJK(a) && !isCJK(b) {
		return false
	}
	switch b {
	case '、', '。', '，', '．', '！', '？', '：', '；', '）', '」', '』', '】', '〉', '》', 'ー', ',', '.', '!', '?', ':', ';', ')':
		return false
	}
	switch a {
	case '（', '「', '『', '【', '〈', '《', '(':
		return false
	}
	return !isExtend(b)
}

// Width is the width the model was laid out at.
func (m *Model) Width() float32 { return m.width }

// NumLines is the number of visual lines.
func (m *Model) NumLines() int { return len(m.lines) }

// Line returns visual line i.
func (m *Model) Line(i int) Line { return m.lines[i] }

// Lines returns all visual lines; callers must not change them.
func (m *Model) Lines() []Line { return m.lines }
