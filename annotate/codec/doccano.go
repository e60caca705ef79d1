package codec

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/goccy/go-json"
	"github.com/spanmark/spanmark/annotate"
)

// doccanoReader reads doccano JSONL, both the "label": [[start, end,
// "LABEL"], …] form and the "entities"/"relations" form. doccano's own
// numeric "id" is local to its project: it goes to meta.source_id, never
// the article id (that is "article_id" when our writer wrote the file, else
// the id of the text).
type doccanoReader struct {
	lineFormat
	unread unreadFields
	ids    labelIDs
}

func (r *doccanoReader) next() (*annotate.Record, error) {
	line, err := r.l.nextRecordLine()
	if err == io.EOF {
		r.ids.warn(r.opt, r.l.path)
		r.unread.warn(r.opt, r.l.path, FormatDoccano, `"label", "entities" or "annotations"`)
	}
	if err != nil {
		return nil, err
	}
	n := r.l.line
	if bytes.IndexByte(line, 0) >= 0 {
		return nil, inputErr(r.l.path, n, "%v", nulProblem(line))
	}
	d, err := r.draft(line, n)
	if err != nil {
		return nil, &annotate.InputError{File: r.l.path, Line: n, Err: err}
	}
	return d.finish(r.l.path, n)
}

type doccanoEntity struct {
	ID          json.RawMessage   `json:"id"`
	Label       string            `json:"label"`
	StartOffset *int              `json:"start_offset"`
	EndOffset   *int              `json:"end_offset"`
	Attrs       map[string]rawAny `json:"attrs"` // spanmark's own, on export
}

type doccanoRelation struct {
	ID     json.RawMessage `json:"id"`
	FromID json.RawMessage `json:"from_id"`
	ToID   json.RawMessage `json:"to_id"`
	Type   string          `json:"type"`
}

// doccanoAnnotation is an item of old doccano's (0.x) "annotations": a
// span with its label's id in the project, or a category without offsets.
type doccanoAnnotation struct {
	Label       json.RawMessage `json:"label"`
	StartOffset *int            `json:"start_offset"`
	EndOffset   *int            `json:"end_offset"`
	User        json.RawMessage `json:"user"`
}

func (r *doccanoReader) draft(line []byte, n int) (*draft, error) {
	fs, err := objectFields(line)
	if err != nil {
		return nil, lineErr(line, err)
	}
	d := &draft{}
	var meta metaBuilder
	hasText := false
	var data json.RawMessage // doccano 1.x writes the text as "data"
	var entities []doccanoEntity
	var relations []doccanoRelation
	for _, f := range fs {
		switch f.key {
		case "text":
			if d.text, err = stringOf(f.value); err != nil {
				return nil, fmt.Errorf("text: %v", err)
			}
			hasText = true
		case "data":
			if jsonKind(f.value) != "a string" {
				meta.add(f.key, f.value)
				continue
			}
			data = f.value
		case "annotations":
			spans, err := r.annotations(f.value)
			if err != nil {
				return nil, err
			}
			if spans == nil {
				meta.add(f.key, f.value) // a text classification's categories
			}
			d.spans = append(d.spans, spans...)
		case "article_id":
			if d.id, err = stringOf(f.value); err != nil {
				return nil, fmt.Errorf("article_id: %v", err)
			}
		case "id":
			meta.add("source_id", f.value)
		case "label", "labels":
			spans, cats, err := doccanoLabels(f.value)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", f.key, err)
			}
			d.spans = append(d.spans, spans...)
			if cats {
				meta.add(f.key, f.value)
			}
		case "entities":
			if err := json.Unmarshal(f.value, &entities); err != nil {
				return nil, shapeErr(err, "entities")
			}
		case "relations":
			if err := json.Unmarshal(f.value, &relations); err != nil {
				return nil, shapeErr(err, "relations")
			}
		case "meta":
			if bytes.HasPrefix(bytes.TrimSpace(f.value), []byte("{")) {
				if err := meta.addObject(f.value); err != nil {
					return nil, fmt.Errorf("meta: %v", err)
				}
			} else {
				meta.add(f.key, f.value)
			}
		default:
			if looksLikeSpans(f.value) {
				r.unread.add(f.key, n)
			}
			meta.add(f.key, f.value)
		}
	}
	switch {
	case !hasText && data != nil:
		d.text, _ = stringOf(data)
	case !hasText:
		return nil, errors.New(`record has no "text" (nor doccano 1.x's "data")`)
	case data != nil:
		if s, _ := stringOf(data); s != d.text {
			meta.add("data", data)
		}
	}
	ids := map[string]string{} // doccano entity id -> span id
	for i, e := range entities {
		if e.StartOffset == nil || e.EndOffset == nil {
			return nil, fmt.Errorf("entity %d has no start_offset or end_offset", i+1)
		}
		s := annotate.Span{Start: *e.StartOffset, End: *e.EndOffset, Label: e.Label}
		if len(e.Attrs) > 0 {
			s.Attrs = make(map[string]string, len(e.Attrs))
			for k, v := range e.Attrs {
				s.Attrs[k] = v.s
			}
		}
		if len(e.ID) > 0 && string(e.ID) != "null" {
			id, err := idOf(e.ID)
			if err != nil {
				return nil, fmt.Errorf("entity %d: id: %v", i+1, err)
			}
			s.ID = "s" + id
			if _, dup := ids[id]; dup {
				return nil, fmt.Errorf("entity id %s is used twice", id)
			}
			ids[id] = s.ID
		}
		d.spans = append(d.spans, s)
	}
	for i, r := range relations {
		from, err1 := idOf(r.FromID)
		to, err2 := idOf(r.ToID)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("relation %d: from_id/to_id: %v", i+1, err)
		}
		head, ok1 := ids[from]
		child, ok2 := ids[to]
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("relation %d %s: from_id %s or to_id %s names no entity of this record", i+1, r.Type, from, to)
		}
		d.rels = append(d.rels, annotate.Relation{Head: head, Child: child, Label: r.Type})
	}
	d.meta = meta.bytes()
	return d, nil
}

// annotations reads old doccano's "annotations": spans whose label is the
// label's id in the project ("12") or its name. A list with no offsets is
// categories: nil, for meta.
func (r *doccanoReader) annotations(raw json.RawMessage) ([]annotate.Span, error) {
	var items []doccanoAnnotation
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("annotations: want a list of {\"label\", \"start_offset\", \"end_offset\"}, not %s", clipBytes(raw))
	}
	withOffsets := false
	for _, it := range items {
		withOffsets = withOffsets || it.StartOffset != nil || it.EndOffset != nil
	}
	if !withOffsets {
		return nil, nil
	}
	spans := make([]annotate.Span, 0, len(items))
	for i, it := range items {
		if it.StartOffset == nil || it.EndOffset == nil {
			return nil, fmt.Errorf("annotations[%d] has no start_offset or end_offset", i)
		}
		s := annotate.Span{Start: *it.StartOffset, End: *it.EndOffset}
		switch jsonKind(it.Label) {
		case "a number":
			s.Label, _ = idOf(it.Label)
			r.ids.add(s.Label)
		case "a string":
			s.Label, _ = stringOf(it.Label)
		default:
			return nil, &shapeError{path: fmt.Sprintf("annotations[%d].label", i), got: jsonKind(it.Label), want: "a label name or id"}
		}
		if u, err := idOf(it.User); err == nil && u != "" {
			s.Annotator = "doccano:" + u
		}
		spans = append(spans, s)
	}
	return spans, nil
}

// doccanoLabels reads the "label" form: a list of [start, end, "LABEL"].
// A list of strings is a text classification's categories, not spans
// (cats is true then).
func doccanoLabels(raw json.RawMessage) (spans []annotate.Span, cats bool, err error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, false, fmt.Errorf("want a list of [start, end, label], not %s", clipBytes(raw))
	}
	for i, it := range items {
		it = bytes.TrimSpace(it)
		if len(it) > 0 && it[0] == '"' {
			cats = true
			continue
		}
		var parts []json.RawMessage
		if err := json.Unmarshal(it, &parts); err != nil || len(parts) != 3 {
			return nil, false, fmt.Errorf("item %d: want [start, end, label], not %s", i+1, clipBytes(it))
		}
		start, err1 := intOf(parts[0])
		end, err2 := intOf(parts[1])
		label, err3 := stringOf(parts[2])
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, false, fmt.Errorf("item %d: %v", i+1, err)
		}
		spans = append(spans, annotate.Span{Start: start, End: end, Label: label})
	}
	return spans, cats, nil
}

// doccanoWriter writes the entities form, always with "relations" (an
// empty list when there are none) and our "article_id", so that reading it
// back gives the same article id and spans. Entity ids are the numbers of
// span ids "sN" when every span has one, else 1..n in span order. A span's
// attrs (a claim's checkworthy, verdict, …) go in an "attrs" object of its
// entity, which doccano ignores and this reader reads back. Status, kind,
// annotator and review are not written: doccano has no place for them.
type doccanoWriter struct {
	w    *bufio.Writer
	buf  []byte
	keys []string
}

func (d *doccanoWriter) Write(a *annotate.Article) error {
	b := d.buf[:0]
	b = append(b, `{"article_id":`...)
	b = appendString(b, a.ID)
	b = append(b, `,"text":`...)
	b = appendString(b, a.Text)
	b, err := appendMeta(b, a)
	if err != nil {
		return fmt.Errorf("export doccano: %w", err)
	}
	num := entityNumbers(a.Spans)
	b = append(b, `,"entities":[`...)
	for i, s := range a.Spans {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = appendInt(b, num[s.ID])
		b = append(b, `,"label":`...)
		b = appendString(b, s.Label)
		b = append(b, `,"start_offset":`...)
		b = appendInt(b, s.Start)
		b = append(b, `,"end_offset":`...)
		b = appendInt(b, s.End)
		if len(s.Attrs) > 0 {
			b = append(b, `,"attrs":`...)
			b, d.keys = appendAttrs(b, s.Attrs, d.keys)
		}
		b = append(b, '}')
	}
	b = append(b, `],"relations":[`...)
	for i, r := range a.Rels {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = appendInt(b, i+1)
		b = append(b, `,"from_id":`...)
		b = appendInt(b, num[r.Head])
		b = append(b, `,"to_id":`...)
		b = appendInt(b, num[r.Child])
		b = append(b, `,"type":`...)
		b = appendString(b, r.Label)
		b = append(b, '}')
	}
	b = append(b, "]}\n"...)
	d.buf = b
	_, err = d.w.Write(b)
	return err
}

func (d *doccanoWriter) Close() error { return d.w.Flush() }

// entityNumbers maps span ids to doccano entity ids.
func entityNumbers(spans []annotate.Span) map[string]int {
	num := make(map[string]int, len(spans))
	for _, s := range spans {
		n, ok := spanNumber(s.ID, "s")
		if !ok || n <= 0 {
			num = make(map[string]int, len(spans))
			for i, s := range spans {
				num[s.ID] = i + 1
			}
			return num
		}
		num[s.ID] = n
	}
	return num
}

// spanNumber parses ids like "s12" (prefix "s") or "T3" (prefix "T").
func spanNumber(id, prefix string) (int, bool) {
	if len(id) <= len(prefix) || id[:len(prefix)] != prefix {
		return 0, false
	}
	digits := id[len(prefix):]
	if digits[0] == '0' || digits[0] == '+' || digits[0] == '-' {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	return n, err == nil
}
