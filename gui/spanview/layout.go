package spanview

import "unicode"

// Layout wraps the text at width: paragraphs end at '\n'; a line breaks
// greedily at the last break opportunity (after spaces, between CJK
// characters) that fits, and a word wider than the line is broken between
// grapheme clusters. Spaces at a wrap hang past the width. It also records
// the x position of every code point.
func (m *Model) Layout(width float32) {
	m.width = width
	t := m.text
	n := len(t)
	if cap(m.xs) < n+1 {
		m.xs = make([]float32, n+1)
	}
	m.xs = m.xs[:n+1]
	lines := m.lines[:0]
	meas := m.meas
	var cbuf []rune
	// advances of ASCII code points, looked up without an interface call
	var ascii [128]float32
	var asciiOK [128]bool

	i := 0
	for {
		// one paragraph: [i, paraEnd)
		lineStart := i
		var x float32
		brk := -1 // position where the current line may end and the next begin
		for i < n && t[i] != '\n' {
			r := t[i]
			e := i + 1
			var w float32
			if r < 128 && (e == n || t[e] < 0x300) {
				if !asciiOK[r] {
					ascii[r], asciiOK[r] = meas.Advance(r), true
				}
				w = ascii[r]
			} else {
				e = clusterEnd(t, i)
				if e == i+1 {
					w = meas.Advance(r)
				} else {
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
			for k := i; k < e; k++ {
				m.xs[k] = x
			}
			x += w
			i = e
		}
		m.xs[i] = x
		lines = append(lines, Line{Start: lineStart, End: i, Width: x})
		if i >= n {
			break
		}
		i++ // the '\n'
	}
	m.lines = lines
	m.indexSpans()
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
