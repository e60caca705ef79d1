package annotate

import (
	"fmt"
	"strings"
)

// Bounds of the free fields of a record besides the text (MaxTextBytes),
// so that no input can take unbounded memory or push the window's panes
// off the screen (TESTING.md lists them).
const (
	MaxMetaBytes      = 1 << 20 // an article's meta, as compact JSON
	MaxIDBytes        = 1024    // article and span ids
	MaxNameBytes      = 256     // labels, relation labels, annotator and attribute names
	MaxAttrValueBytes = 64 << 10
)

// CheckFields refuses a record whose meta, ids, labels, annotator names or
// attributes are over their bounds or hold NUL (U+0000), which SQLite and
// C strings cut short and no tool writes on purpose.
func CheckFields(a *Article) error {
	if len(a.Meta) > MaxMetaBytes {
		return fmt.Errorf("article %s: meta is %d bytes, more than the limit of %d (1 MiB)", clipID(a.ID), len(a.Meta), MaxMetaBytes)
	}
	if err := checkField("article id", a.ID, MaxIDBytes); err != nil {
		return err
	}
	for i := range a.Spans {
		s := &a.Spans[i]
		for _, f := range []struct {
			what, v string
			max     int
		}{{"span id", s.ID, MaxIDBytes}, {"label", s.Label, MaxNameBytes}, {"annotator", s.Annotator, MaxNameBytes}, {"reviewer", s.Reviewer, MaxNameBytes}} {
			if err := checkField(f.what, f.v, f.max); err != nil {
				return fmt.Errorf("article %s: span %d: %w", clipID(a.ID), i+1, err)
			}
		}
		for k, v := range s.Attrs {
			if err := checkField("attribute name", k, MaxNameBytes); err != nil {
				return fmt.Errorf("article %s: span %d: %w", clipID(a.ID), i+1, err)
			}
			if err := checkField("attribute "+clipID(k), v, MaxAttrValueBytes); err != nil {
				return fmt.Errorf("article %s: span %d: %w", clipID(a.ID), i+1, err)
			}
		}
	}
	for _, r := range a.Rels {
		if err := checkField("relation label", r.Label, MaxNameBytes); err != nil {
			return fmt.Errorf("article %s: %w", clipID(a.ID), err)
		}
	}
	return nil
}

func checkField(what, v string, max int) error {
	if i := strings.IndexByte(v, 0); i >= 0 {
		return fmt.Errorf("%s %q holds a NUL character (U+0000) at byte %d", what, clipID(v), i)
	}
	if len(v) > max {
		return fmt.Errorf("%s %q is %d bytes, more than the limit of %d", what, clipID(v), len(v), max)
	}
	return nil
}

// clipID shortens a value for a one-line message.
func clipID(s string) string {
	s = strings.ReplaceAll(s, "\x00", `\0`)
	if len(s) <= 40 {
		return s
	}
	cut := 40
	for cut > 0 && s[cut]&0xC0 == 0x80 { // not inside a UTF-8 sequence
		cut--
	}
	return s[:cut] + "…"
}
