package codec

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spanmark/spanmark/annotate"
)

// maxAnnBytes bounds a brat .ann file, read whole: as a JSON line
// (maxLineBytes), it keeps the memory of one article well under 200 MB.
const maxAnnBytes = 32 << 20

// bratReader reads one brat pair: X.txt as it is (normalised, no id line)
// with id X, and the T, A/M, R, #, N lines of X.ann. Offsets in the .ann
// are code points into X.txt before normalisation; they are remapped.
//
// Where a span's attrs keep what brat wrote (brat_write.go writes it back):
//
//	A1	Negated T3 / M1	Negated T3 → attrs["Negated"] = "true"
//	A2	verdict T6 unverified      → attrs["verdict"] = "unverified"
//	#1	AnnotatorNotes T6	TEXT    → attrs["note"] = TEXT
//	#2	Lemma T1	TEXT             → attrs["note:Lemma"] = TEXT (a note of any other type)
//	N1	Reference T2 DB:ID	TEXT   → attrs["norm"] = "DB:ID", and attrs["norm_text"] = TEXT
//	                                 when TEXT is not the span's own text
//
// Events (E), the M, R, # and N lines about them, and equivalences (*)
// are not imported: one warning per file counts them.
type bratReader struct {
	src  source
	opt  *Options
	done bool
	read int64
}

func newBratReader(s source, opt *Options) (*bratReader, error) {
	return &bratReader{src: s, opt: opt}, nil
}

func (b *bratReader) offset() int64 { return b.read }
func (b *bratReader) close() error  { return nil }

func (b *bratReader) next() (*annotate.Record, error) {
	if b.done {
		return nil, io.EOF
	}
	b.done = true
	raw, err := readTextFile(b.src.fsys, b.src.path)
	if err != nil {
		return nil, err
	}
	d := &draft{
		id:       strings.TrimSuffix(filepath.Base(b.src.path), filepath.Ext(b.src.path)),
		text:     string(raw),
		sameText: bratSameText,
	}
	if b.src.ann != "" {
		if err := b.readAnn(d); err != nil {
			return nil, err
		}
	}
	b.read = b.src.size
	// each span was checked at its .ann line already; what finish can
	// still refuse is about the text (empty, too big)
	return d.finish(b.src.path, 0)
}

// bratSameText accepts span text that brat wrote with its newlines and
// tabs as spaces (its .ann lines can't hold them).
func bratSameText(got, want string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := 0; i < len(got); i++ {
		g, w := got[i], want[i]
		if g != w && !(w == ' ' && (g == '\n' || g == '\t' || g == '\r')) {
			return false
		}
	}
	return true
}

type bratLine struct {
	n      int
	id     string
	fields string // between the first and second tab
	text   string // after the second tab
}

// readAnn parses the .ann file into d's spans and relations. Each span is
// checked here, so that an error names the .ann line.
func (b *bratReader) readAnn(d *draft) error {
	path := b.src.ann
	st, err := b.src.fsys.stat(path)
	if err != nil {
		return &annotate.InputError{File: path, Err: err}
	}
	if st.Size() > maxAnnBytes {
		return inputErr(path, 0, "file is %d bytes, more than the limit of %d MiB", st.Size(), maxAnnBytes>>20)
	}
	in, err := b.src.fsys.open(path)
	if err != nil {
		return &annotate.InputError{File: path, Err: err}
	}
	defer in.Close()
	raw, err := io.ReadAll(io.LimitReader(in, maxAnnBytes+1))
	if err != nil {
		return &annotate.InputError{File: path, Err: err}
	}
	if len(raw) > maxAnnBytes {
		return inputErr(path, 0, "file is more than the limit of %d MiB", maxAnnBytes>>20)
	}
	if err := checkTextBytes(path, raw); err != nil {
		return err
	}
	content, _ := annotate.NormalizeText(string(raw))
	var lines []bratLine
	for n, l := range strings.Split(content, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		bl := bratLine{n: n + 1}
		parts := strings.SplitN(l, "\t", 3)
		bl.id = parts[0]
		if bl.id == "" {
			return inputErr(path, bl.n, "line has no annotation id (want ID\\tFIELDS)")
		}
		if len(parts) > 1 {
			bl.fields = parts[1]
		}
		if len(parts) > 2 {
			bl.text = parts[2]
		}
		lines = append(lines, bl)
	}

	var skip bratSkipped
	textIdx := annotate.NewRuneIndex(d.text)
	frags := map[string][]string{} // T id -> span ids of its fragments
	spanAt := map[string]int{}     // span id -> index in d.spans
	skipped := map[string]bool{}   // ids of E lines etc.
	for _, l := range lines {
		if !strings.HasPrefix(l.id, "T") {
			continue
		}
		if _, dup := frags[l.id]; dup {
			return inputErr(path, l.n, "annotation id %s is used twice", l.id)
		}
		label, offs, ok := strings.Cut(l.fields, " ")
		if !ok || label == "" {
			return inputErr(path, l.n, "text-bound annotation %s: want \"%s\\tLABEL START END\\tTEXT\"", l.id, l.id)
		}
		var texts []string
		var ids []string
		pieces := strings.Split(offs, ";")
		for k, p := range pieces {
			a, z, ok := strings.Cut(strings.TrimSpace(p), " ")
			start, err1 := strconv.Atoi(a)
			end, err2 := strconv.Atoi(strings.TrimSpace(z))
			if !ok || err1 != nil || err2 != nil {
				return inputErr(path, l.n, "%s: offsets %q are not START END", l.id, p)
			}
			s := annotate.Span{ID: l.id, Start: start, End: end, Label: label}
			if k > 0 {
				s.ID = fmt.Sprintf("%s-%d", l.id, k+1)
			}
			if err := textIdx.CheckSpan(&annotate.Span{ID: s.ID, Start: start, End: end, Label: label}); err != nil {
				return &annotate.InputError{File: path, Line: l.n, Err: fmt.Errorf("%v (text %s has %d code points)", err, filepath.Base(b.src.path), textIdx.Len())}
			}
			texts = append(texts, textIdx.Slice(start, end))
			ids = append(ids, s.ID)
			spanAt[s.ID] = len(d.spans)
			d.spans = append(d.spans, s)
		}
		joined := strings.Join(texts, " ")
		if l.text != "" && l.text != joined && !bratSameText(joined, l.text) {
			return inputErr(path, l.n, "%s %s: text %q does not match the text %q at those code point offsets", l.id, offs, clipStr(l.text), clipStr(joined))
		}
		if len(pieces) > 1 {
			b.opt.warnf(path, l.n, "discontinuous span %s (%d fragments) imported as %d spans %s", l.id, len(pieces), len(pieces), strings.Join(ids, ", "))
		}
		frags[l.id] = ids
	}

	joined := map[[2]string]bool{} // (T id, attribute) set by an A line already
	setAttr := func(l bratLine, target, key, value string) error {
		ids, ok := frags[target]
		if !ok {
			if skipped[target] || !strings.HasPrefix(target, "T") {
				skip.count(l.id[:1] + " line on an event")
				return nil
			}
			return inputErr(path, l.n, "%s refers to %s, which is not in this file", l.id, target)
		}
		for _, id := range ids {
			s := &d.spans[spanAt[id]]
			if s.Attrs == nil {
				s.Attrs = map[string]string{}
			}
			s.Attrs[key] = value
		}
		return nil
	}
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l.id, "T"):
		case strings.HasPrefix(l.id, "E"):
			skipped[l.id] = true
			skip.count("event (E) line")
		}
	}
	for _, l := range lines {
		f := strings.Fields(l.fields)
		switch l.id[0] {
		case 'T', 'E':
		case 'A', 'M':
			if len(f) < 2 || len(f) > 3 {
				return inputErr(path, l.n, "attribute %s: want \"%s\\tNAME TARGET [VALUE]\"", l.id, l.id)
			}
			value := "true"
			if len(f) == 3 {
				value = f[2]
			}
			// a value the writer split into words comes back whole
			k := [2]string{f[1], f[0]}
			if joined[k] && len(f) == 3 {
				if ids, ok := frags[f[1]]; ok {
					value = d.spans[spanAt[ids[0]]].Attrs[f[0]] + " " + value
				}
			}
			joined[k] = true
			if err := setAttr(l, f[1], f[0], value); err != nil {
				return err
			}
		case 'R':
			if len(f) != 3 || !strings.HasPrefix(f[1], "Arg1:") || !strings.HasPrefix(f[2], "Arg2:") {
				return inputErr(path, l.n, "relation %s: want \"%s\\tLABEL Arg1:T1 Arg2:T2\"", l.id, l.id)
			}
			h, c := strings.TrimPrefix(f[1], "Arg1:"), strings.TrimPrefix(f[2], "Arg2:")
			hs, ok1 := frags[h]
			cs, ok2 := frags[c]
			if !ok1 || !ok2 {
				if skipped[h] || skipped[c] {
					skip.count("R line on an event")
					continue
				}
				return inputErr(path, l.n, "relation %s refers to %s or %s, which is not in this file", l.id, h, c)
			}
			d.rels = append(d.rels, annotate.Relation{Head: hs[0], Child: cs[0], Label: f[0]})
		case '#':
			if len(f) != 2 {
				return inputErr(path, l.n, "note %s: want \"%s\\tAnnotatorNotes TARGET\\tNOTE\"", l.id, l.id)
			}
			key := "note"
			if f[0] != "AnnotatorNotes" {
				key = "note:" + f[0]
			}
			if err := setAttr(l, f[1], key, l.text); err != nil {
				return err
			}
		case 'N':
			if len(f) != 3 {
				return inputErr(path, l.n, "normalisation %s: want \"%s\\tReference TARGET DB:ID\\tTEXT\"", l.id, l.id)
			}
			if err := setAttr(l, f[1], "norm", f[2]); err != nil {
				return err
			}
			if ids, ok := frags[f[1]]; ok && l.text != "" {
				s := &d.spans[spanAt[ids[0]]]
				if own := textIdx.Slice(s.Start, s.End); l.text != own && !bratSameText(own, l.text) {
					s.Attrs["norm_text"] = l.text
				}
			}
		case '*':
			skip.count("equivalence (*) line")
		default:
			b.opt.warnf(path, l.n, "unknown annotation %q: skipped", l.id)
		}
	}
	skip.warn(b.opt, path)
	return nil
}

// bratSkipped counts the lines of one .ann file that are not imported.
type bratSkipped struct {
	kinds []string
	n     map[string]int
}

func (k *bratSkipped) count(kind string) {
	if k.n == nil {
		k.n = map[string]int{}
	}
	if k.n[kind] == 0 {
		k.kinds = append(k.kinds, kind)
	}
	k.n[kind]++
}

func (k *bratSkipped) warn(opt *Options, path string) {
	if len(k.kinds) == 0 {
		return
	}
	order := []string{"event (E) line", "M line on an event", "A line on an event", "# line on an event", "N line on an event", "equivalence (*) line", "R line on an event"}
	var parts []string
	for _, kind := range order {
		if n := k.n[kind]; n > 0 {
			parts = append(parts, plural(n, kind))
		}
	}
	opt.warnf(path, 0, "not imported (spanmark has no events or equivalences): %s", strings.Join(parts, ", "))
}

func clipStr(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
