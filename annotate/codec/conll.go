package codec

import (
	"bufio"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spanmark/spanmark/annotate"
)

// conllWriter writes one token per line, "TOKEN\tTAG" with BIO tags of the
// entity spans (claims are left out; of overlapping spans the outermost
// wins), a blank line after each sentence and a "# id = ARTICLE" line
// before each article. Tokens are the runs of non-space text with
// punctuation split off (a '.', ',', ':', '\”, '-' or '’' between two
// letters or digits stays inside: "3.5", "all-girl", "don't"), also split
// at span boundaries. Sentences end after . ! ? (and closing quotes or
// brackets) followed by white space and a word that is not lower-case, and
// at blank lines.
type conllWriter struct {
	w *bufio.Writer
}

func (c *conllWriter) Close() error { return c.w.Flush() }

type conllTok struct {
	start, end int // byte offsets in the text
	newSent    bool
}

func (c *conllWriter) Write(a *annotate.Article) error {
	idx := annotate.NewRuneIndex(a.Text)
	// outermost entity spans, as byte ranges
	spans := make([]annotate.Span, 0, len(a.Spans))
	for _, s := range a.Spans {
		kind := s.Kind
		if kind == "" {
			kind = annotate.KindOf(nil, s.Label)
		}
		if kind == annotate.KindEntity && s.Start >= 0 && s.Start < s.End && s.End <= idx.Len() {
			spans = append(spans, s)
		}
	}
	slices.SortStableFunc(spans, func(x, y annotate.Span) int {
		if x.Start != y.Start {
			return x.Start - y.Start
		}
		return y.End - x.End
	})
	type brange struct {
		start, end int
		label      string
	}
	var outer []brange
	lastEnd := -1
	for _, s := range spans {
		if s.Start < lastEnd {
			continue // inside or overlapping an earlier (outer) span
		}
		outer = append(outer, brange{idx.ByteOfRune(s.Start), idx.ByteOfRune(s.End), bratToken(s.Label)})
		lastEnd = s.End
	}
	cuts := make(map[int]bool, 2*len(outer))
	for _, r := range outer {
		cuts[r.start], cuts[r.end] = true, true
	}

	w := c.w
	w.WriteString("# id = ")
	w.WriteString(bratLineText(a.ID))
	w.WriteByte('\n')
	toks := conllTokens(a.Text, cuts)
	k := 0 // current outer span
	var prevLabelSpan = -1
	for i, t := range toks {
		if t.newSent && i > 0 {
			w.WriteByte('\n')
		}
		for k < len(outer) && outer[k].end <= t.start {
			k++
		}
		tag := "O"
		if k < len(outer) && outer[k].start < t.end && t.start < outer[k].end {
			if prevLabelSpan == k {
				tag = "I-" + outer[k].label
			} else {
				tag = "B-" + outer[k].label
			}
			prevLabelSpan = k
		} else {
			prevLabelSpan = -1
		}
		w.WriteString(a.Text[t.start:t.end])
		w.WriteByte('\t')
		w.WriteString(tag)
		w.WriteByte('\n')
	}
	_, err := w.WriteString("\n")
	return err
}

// conllTokens splits text into tokens (byte ranges) and marks the first
// token of each sentence.
func conllTokens(text string, cuts map[int]bool) []conllTok {
	var toks []conllTok
	sentEnd := false // the last token ended a sentence
	newlines := 0    // newlines since the last token
	space := false   // white space since the last token
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isSpace(r) || unicode.IsSpace(r) {
			if r == '\n' {
				newlines++
			}
			space = true
			i += size
			continue
		}
		start := i
		if isPunct(r) {
			i += size
		} else {
			for i < len(text) {
				r, size := utf8.DecodeRuneInString(text[i:])
				if i > start && cuts[i] {
					break
				}
				if isSpace(r) || unicode.IsSpace(r) {
					break
				}
				if isPunct(r) && !(wordInner(r) && i > start && wordy(text[:i], true) && wordy(text[i+size:], false)) {
					break
				}
				i += size
			}
		}
		tok := text[start:i]
		first, _ := utf8.DecodeRuneInString(tok)
		// "U.S. officials": a lower-case word after the dot goes on
		newSent := len(toks) == 0 || newlines >= 2 || (sentEnd && space && !unicode.IsLower(first))
		closing := !space && len(toks) > 0 && isClosing(tok)
		if closing {
			newSent = false
		}
		toks = append(toks, conllTok{start: start, end: i, newSent: newSent})
		switch {
		case tok == "." || tok == "!" || tok == "?" || tok == "…":
			sentEnd = true
		case closing && sentEnd:
		default:
			sentEnd = false
		}
		newlines, space = 0, false
	}
	return toks
}

func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

func wordInner(r rune) bool {
	switch r {
	case '.', ',', ':', '\'', '-', '’':
		return true
	}
	return false
}

// wordy tells whether the rune before (s's last, when before) or after
// (s's first) is a letter or digit.
func wordy(s string, before bool) bool {
	var r rune
	if before {
		r, _ = utf8.DecodeLastRuneInString(s)
	} else {
		r, _ = utf8.DecodeRuneInString(s)
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isClosing(tok string) bool {
	return strings.Contains(`"')]}”’»`, tok) && utf8.RuneCountInString(tok) == 1
}
