package spanview

import "golang.org/x/text/unicode/bidi"

// The Unicode bidirectional algorithm (UAX #9, Unicode 15) for one
// paragraph: the paragraph level (P2–P3), explicit embeddings, overrides
// and isolates (X1–X10), weak types (W1–W7), bracket pairs (N0), neutrals
// (N1–N2) and implicit levels (I1–I2); per line, trailing whitespace (L1)
// and the visual order (L2). Mirroring (L4) is left to the shaper: a run at
// an odd level is drawn right to left, which mirrors its brackets.
// Characters removed by rule X9 (embedding controls, BN such as ZWJ) get
// the level of the character before them, as the reference code does.
//
// Character classes come from golang.org/x/text/unicode/bidi, whose
// Paragraph type gives only the direction of each run, not its level, and
// so cannot order numbers inside right-to-left text inside a left-to-right
// paragraph; hence the algorithm here.

const maxBidiDepth = 125

// bidiResolver holds the buffers of one paragraph, reused between
// paragraphs.
type bidiResolver struct {
	text   []rune
	cls    []bidi.Class // original classes
	typ    []bidi.Class // resolved types
	lvl    []uint8
	match  []int32 // matching PDI of an isolate initiator, -1 none
	stack  []bidiEntry
	seq    []int32 // indexes of one isolating run sequence
	runs   [][2]int32
	runOf  []int32 // level run index by code point (non-removed only)
	brk    []bracketOpen
	pairs  [][2]int32
	isoStk []int32
}

type bidiEntry struct {
	level    uint8
	override bidi.Class // ON: none, else L or R
	isolate  bool
}

type bracketOpen struct {
	close rune
	at    int32 // position in seq
}

var asciiBidi [128]bidi.Class

func init() {
	for r := range asciiBidi {
		p, _ := bidi.LookupRune(rune(r))
		asciiBidi[r] = p.Class()
	}
}

func bidiClass(r rune) bidi.Class {
	if r < 128 {
		return asciiBidi[r]
	}
	p, _ := bidi.LookupRune(r)
	return p.Class()
}

// mayBeRTL reports code points that can make a paragraph need the
// bidirectional algorithm: right-to-left letters and the controls that
// start right-to-left text. Everything else is laid out left to right
// without it.
func mayBeRTL(r rune) bool {
	switch {
	case r < 0x590:
		return false
	case r <= 0x8FF, r >= 0xFB1D && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFE,
		r >= 0x10800 && r <= 0x10FFF, r >= 0x1E800 && r <= 0x1EFFF:
	case r == 0x200F, r == 0x202B, r == 0x202E, r == 0x2067, r == 0x2068:
	default:
		return false
	}
	switch bidiClass(r) {
	case bidi.R, bidi.AL, bidi.RLE, bidi.RLO, bidi.RLI, bidi.FSI:
		return true
	}
	return false
}

func isIsolateInit(c bidi.Class) bool { return c == bidi.LRI || c == bidi.RLI || c == bidi.FSI }

func removedByX9(c bidi.Class) bool {
	switch c {
	case bidi.RLE, bidi.LRE, bidi.RLO, bidi.LRO, bidi.PDF, bidi.BN:
		return true
	}
	return false
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// resolve computes the embedding level of every code point of paragraph t
// (which holds no '\n') into r.lvl and returns the paragraph level.
func (r *bidiResolver) resolve(t []rune) uint8 {
	n := len(t)
	r.text = t
	r.cls, r.typ, r.lvl, r.match = grow(r.cls, n), grow(r.typ, n), grow(r.lvl, n), grow(r.match, n)
	for i, c := range t {
		r.cls[i] = bidiClass(c)
		r.match[i] = -1
	}
	// BD9: matching PDIs
	r.isoStk = r.isoStk[:0]
	for i, c := range r.cls {
		switch {
		case isIsolateInit(c):
			r.isoStk = append(r.isoStk, int32(i))
		case c == bidi.PDI && len(r.isoStk) > 0:
			r.match[r.isoStk[len(r.isoStk)-1]] = int32(i)
			r.isoStk = r.isoStk[:len(r.isoStk)-1]
		}
	}
	para, _ := r.firstStrong(0, n)
	r.explicit(para)
	r.levelRuns()
	for k := range r.runs {
		first := r.runs[k][0]
		if r.cls[first] == bidi.PDI && r.isMatchedPDI(first) {
			continue // continues the sequence of its isolate initiator
		}
		r.seq = r.seq[:0]
		for run := k; ; {
			a, b := r.runs[run][0], r.runs[run][1]
			for i := a; i < b; i++ {
				if !removedByX9(r.cls[i]) {
					r.seq = append(r.seq, i)
				}
			}
			last := r.seq[len(r.seq)-1]
			m := int32(-1)
			if isIsolateInit(r.cls[last]) {
				m = r.match[last]
			}
			if m < 0 {
				break
			}
			run = int(r.runOf[m])
		}
		r.resolveSequence(para)
	}
	// X9: removed characters take the level before them
	for i := 0; i < n; i++ {
		if removedByX9(r.cls[i]) {
			if i == 0 {
				r.lvl[i] = para
			} else {
				r.lvl[i] = r.lvl[i-1]
			}
		}
	}
	return para
}

func (r *bidiResolver) isMatchedPDI(i int32) bool {
	for j := i - 1; j >= 0; j-- {
		if isIsolateInit(r.cls[j]) && r.match[j] == i {
			return true
		}
	}
	return false
}

// firstStrong applies P2–P3 to [from, to): 1 for R or AL first, 0 for L
// first or none (found false), skipping isolates.
func (r *bidiResolver) firstStrong(from, to int) (uint8, bool) {
	for i := from; i < to; i++ {
		switch r.cls[i] {
		case bidi.L:
			return 0, true
		case bidi.R, bidi.AL:
			return 1, true
		case bidi.LRI, bidi.RLI, bidi.FSI:
			if r.match[i] < 0 {
				return 0, false
			}
			i = int(r.match[i])
		}
	}
	return 0, false
}

// explicit applies X1–X8.
func (r *bidiResolver) explicit(para uint8) {
	r.stack = append(r.stack[:0], bidiEntry{level: para, override: bidi.ON})
	overIso, overEmb, validIso := 0, 0, 0
	for i, c := range r.cls {
		top := r.stack[len(r.stack)-1]
		r.typ[i] = c
		switch c {
		case bidi.RLE, bidi.LRE, bidi.RLO, bidi.LRO:
			nl := (top.level + 2) &^ 1
			if c == bidi.RLE || c == bidi.RLO {
				nl = (top.level + 1) | 1
			}
			if nl <= maxBidiDepth && overIso == 0 && overEmb == 0 {
				ov := bidi.ON
				switch c {
				case bidi.RLO:
					ov = bidi.R
				case bidi.LRO:
					ov = bidi.L
				}
				r.stack = append(r.stack, bidiEntry{level: nl, override: ov})
			} else if overIso == 0 {
				overEmb++
			}
			r.lvl[i] = top.level
		case bidi.RLI, bidi.LRI, bidi.FSI:
			r.lvl[i] = top.level
			if top.override != bidi.ON {
				r.typ[i] = top.override
			}
			rtl := c == bidi.RLI
			if c == bidi.FSI {
				end := int(r.match[i])
				if end < 0 {
					end = len(r.cls)
				}
				l, _ := r.firstStrong(i+1, end)
				rtl = l == 1
			}
			nl := (top.level + 2) &^ 1
			if rtl {
				nl = (top.level + 1) | 1
			}
			if nl <= maxBidiDepth && overIso == 0 && overEmb == 0 {
				validIso++
				r.stack = append(r.stack, bidiEntry{level: nl, override: bidi.ON, isolate: true})
			} else {
				overIso++
			}
		case bidi.PDI:
			switch {
			case overIso > 0:
				overIso--
			case validIso == 0:
			default:
				overEmb = 0
				for !r.stack[len(r.stack)-1].isolate {
					r.stack = r.stack[:len(r.stack)-1]
				}
				r.stack = r.stack[:len(r.stack)-1]
				validIso--
			}
			top = r.stack[len(r.stack)-1]
			r.lvl[i] = top.level
			if top.override != bidi.ON {
				r.typ[i] = top.override
			}
		case bidi.PDF:
			switch {
			case overIso > 0:
			case overEmb > 0:
				overEmb--
			case !top.isolate && len(r.stack) >= 2:
				r.stack = r.stack[:len(r.stack)-1]
			}
			r.lvl[i] = top.level
		case bidi.B:
			r.lvl[i] = para
		case bidi.BN:
			r.lvl[i] = top.level
		default:
			r.lvl[i] = top.level
			if top.override != bidi.ON {
				r.typ[i] = top.override
			}
		}
	}
}

// levelRuns splits the paragraph into level runs (X10, BD7), ignoring the
// characters X9 removes; a run is [first, end) over the text where first
// is its first kept character.
func (r *bidiResolver) levelRuns() {
	r.runs = r.runs[:0]
	r.runOf = grow(r.runOf, len(r.cls))
	start, cur := int32(-1), uint8(0)
	for i := range r.cls {
		if removedByX9(r.cls[i]) {
			continue
		}
		if start < 0 || r.lvl[i] != cur {
			if start >= 0 {
				r.runs[len(r.runs)-1][1] = int32(i)
			}
			start, cur = int32(i), r.lvl[i]
			r.runs = append(r.runs, [2]int32{start, int32(len(r.cls))})
		}
		r.runOf[i] = int32(len(r.runs) - 1)
	}
}

func strongDir(c bidi.Class) bidi.Class {
	switch c {
	case bidi.EN, bidi.AN, bidi.AL:
		return bidi.R
	}
	return c
}

func isNI(c bidi.Class) bool {
	switch c {
	case bidi.B, bidi.S, bidi.WS, bidi.ON, bidi.LRI, bidi.RLI, bidi.FSI, bidi.PDI:
		return true
	}
	return false
}

// resolveSequence applies W1–W7, N0–N2 and I1–I2 to the isolating run
// sequence r.seq.
func (r *bidiResolver) resolveSequence(para uint8) {
	seq := r.seq
	cls, typ, lvl := r.cls, r.typ, r.lvl
	level := lvl[seq[0]]
	// sos and eos
	prev := para
	for i := int(seq[0]) - 1; i >= 0; i-- {
		if !removedByX9(cls[i]) {
			prev = lvl[i]
			break
		}
	}
	next := para
	if last := seq[len(seq)-1]; !isIsolateInit(cls[last]) {
		for i := int(last) + 1; i < len(cls); i++ {
			if !removedByX9(cls[i]) {
				next = lvl[i]
				break
			}
		}
	}
	sos, eos := bidi.L, bidi.L
	if max(prev, level)&1 == 1 {
		sos = bidi.R
	}
	if max(next, level)&1 == 1 {
		eos = bidi.R
	}
	// W1: NSM takes the type before it
	for k, i := range seq {
		if typ[i] != bidi.NSM {
			continue
		}
		switch {
		case k == 0:
			typ[i] = sos
		case isIsolateInit(cls[seq[k-1]]) || cls[seq[k-1]] == bidi.PDI:
			typ[i] = bidi.ON
		default:
			typ[i] = typ[seq[k-1]]
		}
	}
	// W2, W3
	last := sos
	for _, i := range seq {
		switch typ[i] {
		case bidi.L, bidi.R:
			last = typ[i]
		case bidi.AL:
			last = bidi.AL
			typ[i] = bidi.R
		case bidi.EN:
			if last == bidi.AL {
				typ[i] = bidi.AN
			}
		}
	}
	// W4
	for k := 1; k+1 < len(seq); k++ {
		a, t, b := typ[seq[k-1]], typ[seq[k]], typ[seq[k+1]]
		switch {
		case t == bidi.ES && a == bidi.EN && b == bidi.EN:
			typ[seq[k]] = bidi.EN
		case t == bidi.CS && a == b && (a == bidi.EN || a == bidi.AN):
			typ[seq[k]] = a
		}
	}
	// W5: terminators next to European numbers
	for k := 0; k < len(seq); {
		if typ[seq[k]] != bidi.ET {
			k++
			continue
		}
		e := k
		for e < len(seq) && typ[seq[e]] == bidi.ET {
			e++
		}
		if (k > 0 && typ[seq[k-1]] == bidi.EN) || (e < len(seq) && typ[seq[e]] == bidi.EN) {
			for j := k; j < e; j++ {
				typ[seq[j]] = bidi.EN
			}
		}
		k = e
	}
	// W6, W7
	last = sos
	for _, i := range seq {
		switch typ[i] {
		case bidi.ES, bidi.ET, bidi.CS:
			typ[i] = bidi.ON
		case bidi.L, bidi.R:
			last = typ[i]
		case bidi.EN:
			if last == bidi.L {
				typ[i] = bidi.L
			}
		}
	}
	e := bidi.L
	if level&1 == 1 {
		e = bidi.R
	}
	r.bracketPairs(e, sos)
	// N1, N2
	for k := 0; k < len(seq); {
		if !isNI(typ[seq[k]]) {
			k++
			continue
		}
		end := k
		for end < len(seq) && isNI(typ[seq[end]]) {
			end++
		}
		before, after := sos, eos
		if k > 0 {
			before = strongDir(typ[seq[k-1]])
		}
		if end < len(seq) {
			after = strongDir(typ[seq[end]])
		}
		set := e
		if before == after {
			set = before
		}
		for j := k; j < end; j++ {
			typ[seq[j]] = set
		}
		k = end
	}
	// I1, I2
	for _, i := range seq {
		l := lvl[i]
		switch t := typ[i]; {
		case l&1 == 0 && t == bidi.R:
			lvl[i] = l + 1
		case l&1 == 0 && (t == bidi.AN || t == bidi.EN):
			lvl[i] = l + 2
		case l&1 == 1 && (t == bidi.L || t == bidi.EN || t == bidi.AN):
			lvl[i] = l + 1
		}
	}
}

// closingBracket returns the closing bracket paired with opening bracket
// o, with U+2329 and U+232A taken as their canonical equivalents.
func closingBracket(o rune) rune {
	switch o {
	case '(':
		return ')'
	case '[':
		return ']'
	case '{':
		return '}'
	case 0x2329, 0x3008:
		return 0x3009
	}
	return []rune(bidi.ReverseString(string(o)))[0]
}

func canonBracket(c rune) rune {
	switch c {
	case 0x2329:
		return 0x3008
	case 0x232A:
		return 0x3009
	}
	return c
}

// bracketPairs applies N0 to r.seq (BD16 finds the pairs).
func (r *bidiResolver) bracketPairs(e, sos bidi.Class) {
	seq, typ := r.seq, r.typ
	r.brk, r.pairs = r.brk[:0], r.pairs[:0]
	t := r.text
	for k, i := range seq {
		if typ[i] != bidi.ON {
			continue
		}
		p, _ := bidi.LookupRune(t[i])
		if !p.IsBracket() {
			continue
		}
		if p.IsOpeningBracket() {
			if len(r.brk) == 63 {
				break
			}
			r.brk = append(r.brk, bracketOpen{close: closingBracket(t[i]), at: int32(k)})
			continue
		}
		c := canonBracket(t[i])
		for j := len(r.brk) - 1; j >= 0; j-- {
			if r.brk[j].close == c {
				r.pairs = append(r.pairs, [2]int32{r.brk[j].at, int32(k)})
				r.brk = r.brk[:j]
				break
			}
		}
	}
	if len(r.pairs) == 0 {
		return
	}
	// in the order of the opening brackets
	for a := 1; a < len(r.pairs); a++ {
		for b := a; b > 0 && r.pairs[b][0] < r.pairs[b-1][0]; b-- {
			r.pairs[b], r.pairs[b-1] = r.pairs[b-1], r.pairs[b]
		}
	}
	o := bidi.R
	if e == bidi.R {
		o = bidi.L
	}
	for _, pr := range r.pairs {
		foundE, foundO := false, false
		for k := pr[0] + 1; k < pr[1]; k++ {
			switch strongDir(typ[seq[k]]) {
			case e:
				foundE = true
			case o:
				foundO = true
			}
		}
		var set bidi.Class
		switch {
		case foundE:
			set = e
		case foundO:
			ctx := sos
			for k := pr[0] - 1; k >= 0; k-- {
				if d := strongDir(typ[seq[k]]); d == bidi.L || d == bidi.R {
					ctx = d
					break
				}
			}
			set = e
			if ctx == o {
				set = o
			}
		default:
			continue
		}
		for _, k := range pr {
			typ[seq[k]] = set
			// NSMs after a bracket follow it
			for j := k + 1; j < int32(len(seq)) && r.cls[seq[j]] == bidi.NSM; j++ {
				typ[seq[j]] = set
			}
		}
	}
}

// lineLevels applies L1 to the levels of line [start, end) of the
// paragraph: segment separators and whitespace at the end of the line go
// back to the paragraph level.
func (r *bidiResolver) lineLevels(start, end int, para uint8) {
	trailing := true
	for i := end - 1; i >= start; i-- {
		c := r.cls[i]
		switch {
		case c == bidi.S || c == bidi.B:
			r.lvl[i] = para
			trailing = true
		case trailing && (c == bidi.WS || isIsolateInit(c) || c == bidi.PDI || removedByX9(c)):
			r.lvl[i] = para
		default:
			trailing = false
		}
	}
}

// visualOrder applies L2 to items with the given levels: it fills order
// with item indexes from left to right.
func visualOrder(levels []uint8, order []int32) []int32 {
	order = grow(order, len(levels))
	hi, lo := uint8(0), uint8(255)
	for i, l := range levels {
		order[i] = int32(i)
		hi = max(hi, l)
		if l&1 == 1 {
			lo = min(lo, l)
		}
	}
	for lev := hi; lev >= lo && lev > 0; lev-- {
		for i := 0; i < len(levels); {
			if levels[order[i]] < lev {
				i++
				continue
			}
			j := i
			for j < len(levels) && levels[order[j]] >= lev {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				order[a], order[b] = order[b], order[a]
			}
			i = j
		}
	}
	return order
}
