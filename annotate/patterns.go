package annotate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Pattern is one rule that suggests spans: a label and the tokens a match
// is made of (tokens as Tokenize makes them). A match runs from its first
// token's start to its last token's end.
type Pattern struct {
	Label  string
	Tokens []TokenSpec
	Line   int // where it was read, for messages
}

// TokenSpec says what one token of a pattern must be. Every field that is
// set must hold; Op says how many tokens it matches.
type TokenSpec struct {
	Text    *string // the token's text exactly (spaCy ORTH/TEXT)
	Lower   *string // the token's text in lower case
	IsDigit *bool
	IsTitle *bool
	IsAlpha *bool
	IsPunct *bool
	Shape   *string // spaCy's shape: X x d for upper, lower, digit; runs cut at 4 ("Xxxxx" for "Cairo", "dddd" for 2017)
	Op      string  // "" one token, "?" zero or one, "+" one or more, "*" zero or more, "!" one token that does not match
}

// ErrPatternFile wraps every error of ReadPatterns.
var ErrPatternFile = errors.New("bad pattern file")

// ReadPatterns reads a pattern file: Prodigy's match patterns (JSON lines:
// {"label": "ORG", "pattern": "Interior Ministry"} for a phrase,
// case-sensitive, or {"label": "GPE", "pattern": [{"lower": "egypt"}]} for
// token attributes) when jsonl is true, else a gazetteer (LABEL<TAB>phrase
// per line). Blank lines and, in a gazetteer, lines starting with # are
// skipped. The first fault (broken JSON, no label, an unknown attribute or
// op, an empty phrase) fails the whole file with its line.
func ReadPatterns(r io.Reader, jsonl bool) ([]Pattern, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	var ps []Pattern
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		}
		if len(b) == 0 || (!jsonl && b[0] == '#') {
			continue
		}
		if !utf8.Valid(b) {
			return nil, &InputError{Line: line, Err: fmt.Errorf("%w: not UTF-8 text", ErrPatternFile)}
		}
		var p Pattern
		var err error
		if jsonl {
			p, err = parsePatternJSON(b)
		} else {
			p, err = parseGazetteerLine(string(b))
		}
		if err != nil {
			return nil, &InputError{Line: line, Err: fmt.Errorf("%w: %v", ErrPatternFile, err)}
		}
		p.Line = line
		ps = append(ps, p)
	}
	if err := sc.Err(); err != nil {
		return nil, &InputError{Line: line + 1, Err: fmt.Errorf("%w: %v", ErrPatternFile, err)}
	}
	if len(ps) == 0 {
		return nil, &InputError{Err: fmt.Errorf("%w: no patterns in it", ErrPatternFile)}
	}
	return ps, nil
}

func parseGazetteerLine(s string) (Pattern, error) {
	label, phrase, ok := strings.Cut(s, "\t")
	label, phrase = strings.TrimSpace(label), strings.TrimSpace(phrase)
	if !ok || label == "" {
		return Pattern{}, errors.New("want LABEL<TAB>phrase")
	}
	return phrasePattern(label, phrase)
}

// phrasePattern matches the tokens of phrase, each by its exact text.
func phrasePattern(label, phrase string) (Pattern, error) {
	var specs []TokenSpec
	for _, t := range Tokenize(phrase, nil) {
		text := string([]rune(phrase)[t.Start:t.End])
		specs = append(specs, TokenSpec{Text: &text})
	}
	if len(specs) == 0 {
		return Pattern{}, fmt.Errorf("the phrase of %s is empty", label)
	}
	return Pattern{Label: label, Tokens: specs}, nil
}

func parsePatternJSON(b []byte) (Pattern, error) {
	var raw struct {
		Label   *string         `json:"label"`
		Pattern json.RawMessage `json:"pattern"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return Pattern{}, fmt.Errorf("bad JSON: %v", err)
	}
	if raw.Label == nil || strings.TrimSpace(*raw.Label) == "" {
		return Pattern{}, errors.New(`no "label"`)
	}
	label := strings.TrimSpace(*raw.Label)
	if len(raw.Pattern) == 0 || string(raw.Pattern) == "null" {
		return Pattern{}, errors.New(`no "pattern"`)
	}
	var phrase string
	if json.Unmarshal(raw.Pattern, &phrase) == nil {
		return phrasePattern(label, phrase)
	}
	var toks []map[string]json.RawMessage
	if err := json.Unmarshal(raw.Pattern, &toks); err != nil {
		return Pattern{}, errors.New(`"pattern" is neither a phrase nor a list of token objects`)
	}
	if len(toks) == 0 {
		return Pattern{}, errors.New(`"pattern" is an empty list`)
	}
	p := Pattern{Label: label}
	required := 0
	for i, tok := range toks {
		spec, err := parseTokenSpec(tok)
		if err != nil {
			return Pattern{}, fmt.Errorf("pattern token %d: %v", i+1, err)
		}
		if spec.Op == "" || spec.Op == "+" || spec.Op == "!" {
			required++
		}
		p.Tokens = append(p.Tokens, spec)
	}
	if required == 0 {
		return Pattern{}, errors.New("every token is optional: the pattern would match nothing")
	}
	return p, nil
}

func parseTokenSpec(tok map[string]json.RawMessage) (TokenSpec, error) {
	var s TokenSpec
	for key, v := range tok {
		var err error
		switch strings.ToUpper(key) {
		case "TEXT", "ORTH":
			s.Text, err = jsonString(v)
		case "LOWER":
			s.Lower, err = jsonString(v)
			if err == nil {
				l := strings.ToLower(*s.Lower)
				s.Lower = &l
			}
		case "SHAPE":
			s.Shape, err = jsonString(v)
		case "IS_DIGIT":
			s.IsDigit, err = jsonBool(v)
		case "IS_TITLE":
			s.IsTitle, err = jsonBool(v)
		case "IS_ALPHA":
			s.IsAlpha, err = jsonBool(v)
		case "IS_PUNCT":
			s.IsPunct, err = jsonBool(v)
		case "OP":
			var op *string
			if op, err = jsonString(v); err == nil {
				switch *op {
				case "?", "+", "*", "!", "1":
					s.Op = strings.TrimPrefix(*op, "1")
				default:
					err = fmt.Errorf("op %q (want ?, +, * or !)", *op)
				}
			}
		default:
			return s, fmt.Errorf("unknown token attribute %q (spanmark reads text/orth, lower, shape, is_digit, is_title, is_alpha, is_punct and op)", key)
		}
		if err != nil {
			return s, fmt.Errorf("%s: %v", key, err)
		}
	}
	return s, nil
}

func jsonString(v json.RawMessage) (*string, error) {
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return nil, errors.New("want a string")
	}
	return &s, nil
}

func jsonBool(v json.RawMessage) (*bool, error) {
	var b bool
	if err := json.Unmarshal(v, &b); err != nil {
		return nil, errors.New("want true or false")
	}
	return &b, nil
}

// Shape is spaCy's token shape: upper-case letters become X, lower-case x,
// digits d, other characters stay; a run of one kind is cut at 4.
func Shape(text string) string {
	var b strings.Builder
	var last rune
	run := 0
	for _, r := range text {
		c := r
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		}
		if c == last {
			run++
		} else {
			last, run = c, 1
		}
		if run <= 4 {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// Match is a span a pattern found, in code points.
type Match struct {
	Start, End int
	Label      string
}

// Matcher finds the spans of many patterns in one pass over a text's
// tokens: patterns are indexed by what their first token must be, so each
// token is tried only against the patterns that can start there. A Matcher
// is not changed by finding: many Finders (one per goroutine) can share it.
type Matcher struct {
	byFirst map[string][]int // lower-case text of the first token → patterns
	any     []int            // patterns whose first token is not a fixed text
	ps      []Pattern
	own     *Finder // behind Matcher.Find
	// maybe has the bit keyHash(k) set for each key k of byFirst: most
	// tokens start no pattern, and the bit says so faster than the map.
	maybe [1 << maybeBits / 64]uint64
}

// maybeBits is log2 of the bits of Matcher.maybe: 32 KiB, a few per cent
// of false positives for 10,000 keys.
const maybeBits = 18

// keyHash is FNV-1a of a lower-case key, folded to maybeBits.
func keyHash(k []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range k {
		h = (h ^ uint32(c)) * 16777619
	}
	return (h ^ h>>maybeBits) & (1<<maybeBits - 1)
}

// asciiKeyHash is keyHash of s in lower case, without writing it, when s
// is ASCII; false when it is not.
func asciiKeyHash(s string) (uint32, bool) {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return 0, false
		}
		h = (h ^ uint32(lower[c])) * 16777619
	}
	return (h ^ h>>maybeBits) & (1<<maybeBits - 1), true
}

// NewMatcher indexes patterns.
func NewMatcher(ps []Pattern) *Matcher {
	m := &Matcher{byFirst: map[string][]int{}, ps: ps}
	for i, p := range ps {
		first := p.Tokens[0]
		switch {
		case first.Op != "" && first.Op != "+":
			m.any = append(m.any, i)
		case first.Text != nil:
			m.addFirst(string(appendLower(nil, *first.Text)), i)
		case first.Lower != nil:
			m.addFirst(*first.Lower, i)
		default:
			m.any = append(m.any, i)
		}
	}
	return m
}

func (m *Matcher) addFirst(k string, pattern int) {
	m.byFirst[k] = append(m.byFirst[k], pattern)
	h := keyHash([]byte(k))
	m.maybe[h/64] |= 1 << (h % 64)
}

// tok is a token in code points and where its text is in bytes. Without a
// pointer in it, a buffer of them costs the garbage collector nothing.
type tok struct {
	Token
	b, e int // bytes of the text
}

// Find returns every match in text, in text order: for each pattern and
// start token the longest match (one per start, end and label). It is not
// safe for concurrent use (it reuses the buffers of one Finder); use a
// Finder per goroutine for that.
func (m *Matcher) Find(text string) []Match {
	if m.own == nil {
		m.own = m.NewFinder()
	}
	return slices.Clone(m.own.Find(text))
}

// Finder finds the matches of a Matcher in one text after another, with
// buffers of its own that it reuses: one Finder per goroutine.
type Finder struct {
	m    *Matcher
	text string // of the Find in progress
	toks []tok
	key  []byte
	seen map[Match]struct{}
	out  []Match
}

// NewFinder makes a Finder for m's patterns.
func (m *Matcher) NewFinder() *Finder {
	return &Finder{m: m, seen: map[Match]struct{}{}}
}

// Find is Matcher.Find; the matches it returns are valid until the next
// call.
func (f *Finder) Find(text string) []Match {
	m := f.m
	f.text = text
	f.toks = tokens(text, f.toks)
	ts := f.toks
	clear(f.seen)
	f.out = f.out[:0]
	key := f.key
	for i := range ts {
		if h, ascii := asciiKeyHash(text[ts[i].b:ts[i].e]); !ascii {
			key = appendLower(key[:0], text[ts[i].b:ts[i].e])
			h = keyHash(key)
			if m.maybe[h/64]&(1<<(h%64)) != 0 {
				f.first(key, i)
			}
		} else if m.maybe[h/64]&(1<<(h%64)) != 0 {
			key = appendLower(key[:0], text[ts[i].b:ts[i].e])
			f.first(key, i)
		}
		for _, pi := range m.any {
			f.try(pi, i)
		}
	}
	f.key = key
	f.text = ""
	return f.out
}

// first tries the patterns whose first token is key from token i.
func (f *Finder) first(key []byte, i int) {
	for _, pi := range f.m.byFirst[string(key)] { // no allocation for the lookup
		f.try(pi, i)
	}
}

// try adds the longest match of pattern pi from token i, if any and not
// found already.
func (f *Finder) try(pi, i int) {
	p := &f.m.ps[pi]
	ts := f.toks
	if end := matchFrom(p.Tokens, ts, f.text, i); end > i {
		mt := Match{Start: ts[i].Start, End: ts[end-1].End, Label: p.Label}
		if _, dup := f.seen[mt]; !dup {
			f.seen[mt] = struct{}{}
			f.out = append(f.out, mt)
		}
	}
}

// Classes of a byte for the tokenizer: ASCII letters and digits, ASCII
// white space, other ASCII (a token of its own), and the first byte of
// something else, which needs the unicode tables.
const (
	classOther = iota
	classWord
	classSpace
	classNonASCII
)

// byteClass is the class of each byte, without the unicode tables; lower
// is each ASCII byte in lower case.
var byteClass, lower = func() (c, l [256]byte) {
	for b := range 256 {
		l[b] = byte(b)
		switch {
		case b >= utf8.RuneSelf:
			c[b] = classNonASCII
		case b >= 'a' && b <= 'z' || b >= '0' && b <= '9':
			c[b] = classWord
		case b >= 'A' && b <= 'Z':
			c[b] = classWord
			l[b] = byte(b) + 'a' - 'A'
		case unicode.IsSpace(rune(b)):
			c[b] = classSpace
		}
	}
	return c, l
}()

// runeInfo says, for each code point below runeInfoSize (Latin, Greek,
// Cyrillic, Hebrew, Arabic, Indic scripts, punctuation and symbols), what
// the unicode tables would: the tokenizer's class (infoWord, infoSpace,
// infoMark or 0) and whether lower case changes it (infoLowers). Made
// once, on first use (≈ 12,000 look-ups); most non-ASCII characters of
// news text are in it, and a look-up in it is one load instead of a search
// of the tables.
var runeInfo = sync.OnceValue(func() *[runeInfoSize]byte {
	var t [runeInfoSize]byte
	for r := rune(0); r < runeInfoSize; r++ {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			t[r] = infoWord
		case unicode.IsMark(r):
			t[r] = infoMark
		case unicode.IsSpace(r):
			t[r] = infoSpace
		}
		if unicode.ToLower(r) != r {
			t[r] |= infoLowers
		}
	}
	return &t
})

const (
	runeInfoSize = 0x3000
	infoWord     = 1 // a letter or digit
	infoSpace    = 2
	infoMark     = 3 // a mark: part of a word it follows, else a token of its own
	infoClass    = 3
	infoLowers   = 4 // unicode.ToLower changes it
)

// tokens is Tokenize with where each token's text is, in one pass over
// text, appended to ts[:0]. ASCII takes a byte at a time; the rest is
// decoded and classified from runeInfo, or the unicode tables above it.
func tokens(text string, ts []tok) []tok {
	ts = ts[:0]
	info := runeInfo()
	word, wordByte := -1, 0 // the word being read: its first code point and byte
	i := 0                  // code points before b
	for b := 0; b < len(text); {
		class, size := byteClass[text[b]], 1
		if class == classNonASCII {
			var r rune
			r, size = utf8.DecodeRuneInString(text[b:]) // size 1 for a byte that is not UTF-8
			var in byte
			switch {
			case r < runeInfoSize:
				in = info[r] & infoClass
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				in = infoWord
			case unicode.IsMark(r):
				in = infoMark
			case unicode.IsSpace(r):
				in = infoSpace
			}
			switch {
			case in == infoWord || in == infoMark && word >= 0:
				class = classWord
			case in == infoSpace:
				class = classSpace
			default:
				class = classOther
			}
		}
		if class == classWord {
			if word < 0 {
				word, wordByte = i, b
			}
			b, i = b+size, i+1
			for b < len(text) && byteClass[text[b]] == classWord { // the rest of an ASCII run
				b, i = b+1, i+1
			}
			continue
		}
		if word >= 0 {
			ts = append(ts, tok{Token{word, i}, wordByte, b})
			word = -1
		}
		if class == classOther {
			ts = append(ts, tok{Token{i, i + 1}, b, b + size})
		}
		b, i = b+size, i+1
	}
	if word >= 0 {
		ts = append(ts, tok{Token{word, i}, wordByte, len(text)})
	}
	return ts
}

// appendLower appends s in lower case, as strings.ToLower would write it.
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			info := runeInfo()
			for j, r := range s[i:] {
				if r < runeInfoSize && info[r]&infoLowers == 0 {
					dst = append(dst, s[i+j:i+j+utf8.RuneLen(r)]...) // as it is
				} else {
					dst = utf8.AppendRune(dst, unicode.ToLower(r))
				}
			}
			return dst
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// matchFrom matches specs against ts from token i and returns the end
// (exclusive token index) of the longest match, or -1.
func matchFrom(specs []TokenSpec, ts []tok, text string, i int) int {
	if len(specs) == 0 {
		return i
	}
	s := &specs[0]
	best := -1
	switch s.Op {
	case "":
		if i < len(ts) && s.matches(text[ts[i].b:ts[i].e]) {
			return matchFrom(specs[1:], ts, text, i+1)
		}
		return -1
	case "!":
		if i < len(ts) && !s.matches(text[ts[i].b:ts[i].e]) {
			return matchFrom(specs[1:], ts, text, i+1)
		}
		return -1
	case "?":
		if i < len(ts) && s.matches(text[ts[i].b:ts[i].e]) {
			best = matchFrom(specs[1:], ts, text, i+1)
		}
		return max(best, matchFrom(specs[1:], ts, text, i))
	}
	// + and *: as many as match, the longest overall match wins
	n := i
	for n < len(ts) && s.matches(text[ts[n].b:ts[n].e]) {
		n++
	}
	min := i
	if s.Op == "+" {
		min = i + 1
	}
	for j := n; j >= min; j-- {
		if e := matchFrom(specs[1:], ts, text, j); e > best {
			best = e
		}
	}
	return best
}

// matches tells whether a token with this text is what s says.
func (s *TokenSpec) matches(text string) bool {
	if s.Text != nil && text != *s.Text {
		return false
	}
	if s.Lower != nil && strings.ToLower(text) != *s.Lower {
		return false
	}
	if s.Shape != nil && Shape(text) != *s.Shape {
		return false
	}
	first, _ := utf8.DecodeRuneInString(text)
	word := unicode.IsLetter(first) || unicode.IsDigit(first)
	if s.IsDigit != nil && *s.IsDigit != (word && strings.IndexFunc(text, func(r rune) bool { return !unicode.IsDigit(r) }) < 0) {
		return false
	}
	if s.IsAlpha != nil && *s.IsAlpha != (word && strings.IndexFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) }) < 0) {
		return false
	}
	if s.IsTitle != nil && *s.IsTitle != (unicode.IsUpper(first) && strings.ToLower(text[utf8.RuneLen(first):]) == text[utf8.RuneLen(first):]) {
		return false
	}
	if s.IsPunct != nil && *s.IsPunct != unicode.IsPunct(first) {
		return false
	}
	return true
}

// ReadPatternFile reads the pattern file at path: Prodigy's JSONL patterns
// for .jsonl and .json, a gazetteer otherwise. Errors name the file.
func ReadPatternFile(path string) ([]Pattern, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &InputError{File: path, Err: err}
	}
	defer f.Close()
	ext := strings.ToLower(filepath.Ext(path))
	ps, err := ReadPatterns(f, ext == ".jsonl" || ext == ".json")
	if err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			ie.File = path
		}
		return nil, err
	}
	return ps, nil
}
