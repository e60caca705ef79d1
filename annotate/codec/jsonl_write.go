package codec

import (
	"bufio"
	"fmt"
	"unicode/utf8"

	"github.com/spanmark/spanmark/annotate"
)

// jsonlWriter writes SPEC's export format: one article per line, keys in
// the documented order, optional keys left out when empty.
type jsonlWriter struct {
	w    *bufio.Writer
	keys []string
	offs spanBytes
}

func (j *jsonlWriter) Write(a *annotate.Article) error {
	// The line is appended straight into the free part of the bufio buffer
	// (flushed first when a line like it would not fit), not built apart
	// and copied in.
	if j.w.Available() < len(a.Text)+len(a.Text)/8+4096 {
		if err := j.w.Flush(); err != nil {
			return err
		}
	}
	b, err := j.appendArticle(j.w.AvailableBuffer(), a)
	if err != nil {
		return err
	}
	_, err = j.w.Write(b)
	return err
}

func (j *jsonlWriter) Close() error { return j.w.Flush() }

func (j *jsonlWriter) appendArticle(b []byte, a *annotate.Article) ([]byte, error) {
	b = append(b, `{"id":`...)
	b = appendString(b, a.ID)
	b = append(b, `,"text":`...)
	b = appendString(b, a.Text)
	b, err := appendMeta(b, a)
	if err != nil {
		return nil, fmt.Errorf("export jsonl: %w", err)
	}
	b = append(b, `,"status":`...)
	st := a.Status
	if st == "" {
		st = annotate.StatusTodo
	}
	b = appendString(b, string(st))
	if a.Answer != "" {
		b = append(b, `,"answer":`...)
		b = appendString(b, a.Answer)
	}
	b = append(b, `,"spans":[`...)
	if !j.offs.build(a.Text, a.Spans) {
		return nil, fmt.Errorf("export jsonl: article %s: a span is outside the text (length %d code points)", a.ID, utf8.RuneCountInString(a.Text))
	}
	for i := range a.Spans {
		s := &a.Spans[i]
		if i > 0 {
			b = append(b, ',')
		}
		if s.Start >= s.End {
			return nil, fmt.Errorf("export jsonl: article %s: span %s %d-%d is empty or reversed", a.ID, s.ID, s.Start, s.End)
		}
		b = append(b, `{"id":`...)
		b = appendString(b, s.ID)
		b = append(b, `,"start":`...)
		b = appendInt(b, s.Start)
		b = append(b, `,"end":`...)
		b = appendInt(b, s.End)
		b = append(b, `,"text":`...)
		// always the article's text at the offsets: the export contract
		b = appendString(b, a.Text[j.offs.byteOf(s.Start):j.offs.byteOf(s.End)])
		b = append(b, `,"label":`...)
		b = appendString(b, s.Label)
		b = append(b, `,"kind":`...)
		kind := s.Kind
		if kind == "" {
			kind = annotate.KindOf(nil, s.Label)
		}
		b = appendString(b, string(kind))
		if s.Annotator != "" {
			b = append(b, `,"annotator":`...)
			b = appendString(b, s.Annotator)
		}
		if s.Review != "" {
			b = append(b, `,"review":`...)
			b = appendString(b, string(s.Review))
		}
		if s.Reviewer != "" {
			b = append(b, `,"reviewer":`...)
			b = appendString(b, s.Reviewer)
		}
		if len(s.Attrs) > 0 {
			b = append(b, `,"attrs":`...)
			b, j.keys = appendAttrs(b, s.Attrs, j.keys)
		}
		b = append(b, '}')
	}
	b = append(b, ']')
	if len(a.Rels) > 0 {
		b = append(b, `,"relations":[`...)
		for i, r := range a.Rels {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"head":`...)
			b = appendString(b, r.Head)
			b = append(b, `,"child":`...)
			b = appendString(b, r.Child)
			b = append(b, `,"label":`...)
			b = appendString(b, r.Label)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}', '\n'), nil
}
