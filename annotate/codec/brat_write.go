package codec

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spanmark/spanmark/annotate"
)

// bratWriter writes one ID.txt + ID.ann pair per article into a folder.
// The .txt holds the text exactly (offsets stay code points into it). The
// .ann has T lines in span order, with the span's id when it is "T<n>",
// else T1…Tn; A lines for attributes (a value "true" as a binary
// attribute), a # AnnotatorNotes line for attrs["note"], a # TYPE line for
// attrs["note:TYPE"], an N line for attrs["norm"] ("DB:ID") with the text
// attrs["norm_text"] (else the span's text), R lines for relations. brat cannot hold white
// space in labels and attribute names: it is written as "_". An attribute
// value with spaces (a claim's evidence URLs) is written as one A line per
// word, which the reader joins again with single spaces.
// Kind, annotator and review are not written.
type bratWriter struct {
	dir   string
	names map[string]string // lower-cased file name -> article id
}

// NewBratWriter writes brat pairs into dir, creating it if needed.
func NewBratWriter(dir string) (Writer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export brat: %v", err)
	}
	return &bratWriter{dir: dir, names: map[string]string{}}, nil
}

func (w *bratWriter) Close() error { return nil }

func (w *bratWriter) Write(a *annotate.Article) error {
	name := SafeFileName(a.ID)
	key := strings.ToLower(name) // case-insensitive file systems
	if other, ok := w.names[key]; ok {
		return fmt.Errorf("export brat: articles %q and %q both become file %s.txt: rename one", other, a.ID, name)
	}
	w.names[key] = a.ID
	ann, err := bratAnn(a)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(w.dir, name+".txt"), []byte(a.Text), 0o644); err != nil {
		return fmt.Errorf("export brat: %v", err)
	}
	if err := os.WriteFile(filepath.Join(w.dir, name+".ann"), ann, 0o644); err != nil {
		return fmt.Errorf("export brat: %v", err)
	}
	return nil
}

func bratAnn(a *annotate.Article) ([]byte, error) {
	idx := annotate.NewRuneIndex(a.Text)
	tid := make(map[string]string, len(a.Spans))
	useOwn := true
	for _, s := range a.Spans {
		if n, ok := spanNumber(s.ID, "T"); !ok || n <= 0 {
			useOwn = false
		}
	}
	for i, s := range a.Spans {
		if useOwn {
			tid[s.ID] = s.ID
		} else {
			tid[s.ID] = "T" + strconv.Itoa(i+1)
		}
	}
	var b []byte
	var nA, nN, nNote int
	for _, s := range a.Spans {
		if s.Start < 0 || s.Start >= s.End || s.End > idx.Len() {
			return nil, fmt.Errorf("export brat: article %s: span %s %d-%d is outside the text", a.ID, s.ID, s.Start, s.End)
		}
		t := tid[s.ID]
		b = fmt.Appendf(b, "%s\t%s %d %d\t%s\n", t, bratToken(s.Label), s.Start, s.End, bratLineText(idx.Slice(s.Start, s.End)))
		keys := make([]string, 0, len(s.Attrs))
		for k := range s.Attrs {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			v := s.Attrs[k]
			switch {
			case k == "note":
				nNote++
				b = fmt.Appendf(b, "#%d\tAnnotatorNotes %s\t%s\n", nNote, t, bratLineText(v))
			case strings.HasPrefix(k, "note:") && len(k) > len("note:"):
				nNote++
				b = fmt.Appendf(b, "#%d\t%s %s\t%s\n", nNote, bratToken(k[len("note:"):]), t, bratLineText(v))
			case k == "norm":
				nN++
				text, ok := s.Attrs["norm_text"]
				if !ok {
					text = idx.Slice(s.Start, s.End)
				}
				b = fmt.Appendf(b, "N%d\tReference %s %s\t%s\n", nN, t, bratToken(v), bratLineText(text))
			case k == "norm_text" && s.Attrs["norm"] != "":
				// the text of the N line above
			default:
				if v == "true" {
					nA++
					b = fmt.Appendf(b, "A%d\t%s %s\n", nA, bratToken(k), t)
					continue
				}
				words := strings.Fields(v)
				if len(words) == 0 {
					words = []string{v} // written as "_"
				}
				for _, w := range words {
					nA++
					b = fmt.Appendf(b, "A%d\t%s %s %s\n", nA, bratToken(k), t, bratToken(w))
				}
			}
		}
	}
	for i, r := range a.Rels {
		h, ok1 := tid[r.Head]
		c, ok2 := tid[r.Child]
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("export brat: article %s: relation %s %s→%s names a span it does not have", a.ID, r.Label, r.Head, r.Child)
		}
		b = fmt.Appendf(b, "R%d\t%s Arg1:%s Arg2:%s\n", i+1, bratToken(r.Label), h, c)
	}
	return b, nil
}

// bratToken makes s one brat field: white space becomes "_".
func bratToken(s string) string {
	if s == "" {
		return "_"
	}
	return strings.Map(func(r rune) rune {
		if isSpace(r) {
			return '_'
		}
		return r
	}, s)
}

// bratLineText puts text on one .ann line: line ends and tabs become
// spaces, as brat writes them.
func bratLineText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// SafeFileName turns an article id into a file name stem that every
// operating system accepts: path separators, reserved characters and
// control characters become "_", and so does a leading dot.
func SafeFileName(id string) string {
	var b strings.Builder
	for i, r := range id {
		switch {
		case r < 0x20 || r == 0x7f:
			b.WriteByte('_')
		case strings.ContainsRune(`/\:*?"<>|`, r):
			b.WriteByte('_')
		case i == 0 && r == '.':
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	name := strings.TrimRight(b.String(), " .")
	if name == "" {
		name = "_"
	}
	switch strings.ToUpper(strings.SplitN(name, ".", 2)[0]) {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		name = "_" + name
	}
	if len(name) > 200 {
		name = name[:200]
		for !utf8ValidEnd(name) {
			name = name[:len(name)-1]
		}
	}
	return name
}

func utf8ValidEnd(s string) bool {
	return strings.ToValidUTF8(s, "\x00") == s
}
