package spanview

import "unicode"

// A grapheme cluster here is a simplified form of Unicode's extended
// grapheme cluster (UAX #29), enough for news text: a base code point
// followed by combining marks (Mn, Me, Mc), variation selectors, emoji
// skin-tone modifiers, tag characters, and ZWJ joined to the next code
// point; two regional indicators form one flag.

const zwj = '\u200D'

// isExtend reports code points that attach to the code point before them.
func isExtend(r rune) bool {
	switch {
	case r < 0x300:
		return false
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF: // variation selectors
		return true
	case r >= 0x1F3FB && r <= 0x1F3FF: // skin-tone modifiers
		return true
	case r >= 0xE0020 && r <= 0xE007F: // tags (subdivision flags)
		return true
	case r == '\u200C': // ZWNJ
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc)
}

func isRegional(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

// clusterEnd returns the end of the cluster that starts at i (i < len(t)).
func clusterEnd(t []rune, i int) int {
	n := len(t)
	j := i + 1
	if isRegional(t[i]) && j < n && isRegional(t[j]) {
		j++
	}
	for j < n {
		c := t[j]
		switch {
		case c == zwj:
			j++
			if j < n && t[j] != '\n' {
				j++
			}
		case isExtend(c):
			j++
		default:
			return j
		}
	}
	return j
}

// clusterFloor returns the start of the cluster holding position p, or p
// when p is a cluster boundary.
func clusterFloor(t []rune, p int) int {
	if p <= 0 || p >= len(t) {
		return clamp(p, 0, len(t))
	}
	// back up to a code point that surely starts a cluster
	q := p
	for q > 0 && (isExtend(t[q]) || t[q] == zwj || t[q-1] == zwj || isRegional(t[q])) {
		q--
	}
	for q < p {
		e := clusterEnd(t, q)
		if e > p {
			return q
		}
		q = e
	}
	return p
}

// clusterCeil returns the end of the cluster holding position p, or p when
// p is a cluster boundary.
func clusterCeil(t []rune, p int) int {
	p = clamp(p, 0, len(t))
	f := clusterFloor(t, p)
	if f == p {
		return p
	}
	return clusterEnd(t, f)
}

// IsClusterBoundary reports whether code point offset p falls between two
// grapheme clusters (or at either end of the text).
func (m *Model) IsClusterBoundary(p int) bool { return clusterFloor(m.text, p) == p }
