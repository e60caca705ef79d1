package codec

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-json"
	"github.com/spanmark/spanmark/annotate"
)

// lsReader reads a Label Studio JSON export (a JSON array of tasks) one
// task at a time: it cuts each element out of the array by scanning, so
// memory holds one task, and knows the line each task starts on. A file of
// task objects not in an array (one task, as Label Studio's API and
// examples write it, or one task per line) reads the same.
type lsReader struct {
	f     io.Closer
	path  string
	r     *bufio.Reader
	opt   *Options
	line  int   // line of the next byte
	off   int64 // offset of the next byte
	state int   // 0: before '[', 1: inside the array, 2: after ']', 3: task objects without an array
	buf   []byte
	// data fields that looked like spans
	unread unreadFields
}

func newLabelStudioReader(path string, f *input, opt *Options) (*lsReader, error) {
	r := &lsReader{f: f, path: path, r: bufio.NewReaderSize(f, 256<<10), opt: opt, line: 1}
	head, _ := r.r.Peek(4096)
	if err := nulProblem(head); err != nil {
		f.Close()
		return nil, &annotate.InputError{File: path, Err: err}
	}
	if bytes.HasPrefix(head, []byte("\uFEFF")) {
		r.r.Discard(3)
		r.off = 3
	}
	return r, nil
}

func (r *lsReader) offset() int64 { return r.off }
func (r *lsReader) close() error  { return r.f.Close() }

func (r *lsReader) readByte() (byte, error) {
	c, err := r.r.ReadByte()
	if err != nil {
		return 0, err
	}
	r.off++
	if c == '\n' {
		r.line++
	}
	return c, nil
}

// skipSpace returns the next byte that is not JSON white space.
func (r *lsReader) skipSpace() (byte, error) {
	for {
		c, err := r.readByte()
		if err != nil {
			return 0, err
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return c, nil
		}
	}
}

func (r *lsReader) errf(line int, format string, args ...any) error {
	return inputErr(r.path, line, format, args...)
}

func (r *lsReader) next() (*annotate.Record, error) {
	rec, err := r.nextTask()
	if err == io.EOF {
		r.unread.warn(r.opt, r.path, FormatLabelStudio, `results of type "labels" in "annotations" and "predictions"`)
	}
	return rec, err
}

func (r *lsReader) nextTask() (*annotate.Record, error) {
	for {
		switch r.state {
		case 2:
			c, err := r.skipSpace()
			if err == io.EOF {
				return nil, io.EOF
			}
			if err != nil {
				return nil, r.errf(r.line, "%v", err)
			}
			return nil, r.errf(r.line, "unexpected %q after the end of the task list", c)
		case 0:
			c, err := r.skipSpace()
			if err == io.EOF {
				return nil, io.EOF
			}
			if err == nil && c == '{' {
				r.r.UnreadByte()
				r.off--
				r.state = 3
				continue
			}
			if err != nil || c != '[' {
				return nil, r.errf(r.line, "a Label Studio export is a JSON array of tasks or one task object: want '[' or '{' at the start, not %q", c)
			}
			r.state = 1
			c, err = r.skipSpace()
			if err != nil {
				return nil, r.errf(r.line, "the task list is not closed with ']'")
			}
			if c == ']' {
				r.state = 2
				continue
			}
			r.r.UnreadByte()
			r.off--
		case 3:
			if _, err := r.skipSpace(); err == io.EOF {
				return nil, io.EOF
			}
			r.r.UnreadByte()
			r.off--
			line, err := r.element()
			if err != nil {
				return nil, err
			}
			return r.task(r.buf, line)
		case 1:
			line, err := r.element()
			if err != nil {
				return nil, err
			}
			c, err := r.skipSpace()
			switch {
			case err != nil:
				return nil, r.errf(r.line, "the task list is not closed with ']'")
			case c == ']':
				r.state = 2
			case c == ',':
				c, err := r.skipSpace()
				if err != nil || c == ']' {
					return nil, r.errf(r.line, "want a task after ','")
				}
				r.r.UnreadByte()
				r.off--
			default:
				return nil, r.errf(r.line, "want ',' or ']' after a task, not %q", c)
			}
			return r.task(r.buf, line)
		}
	}
}

// element reads the next JSON object of the array into r.buf and returns
// the line it starts on.
func (r *lsReader) element() (int, error) {
	c, err := r.skipSpace()
	if err != nil {
		return 0, r.errf(r.line, "the task list is not closed with ']'")
	}
	start, startOff := r.line, r.off-1
	if c != '{' {
		return 0, r.errf(start, "a task is a JSON object, not something starting with %q", c)
	}
	r.buf = append(r.buf[:0], c)
	depth, inStr, esc := 1, false, false
	for depth > 0 {
		if inStr && !esc {
			// inside a string: take the buffered bytes up to the next quote
			// or backslash at once
			buf, _ := r.r.Peek(r.r.Buffered())
			if k := stringRun(buf); k > 0 {
				if len(r.buf)+k >= maxLineBytes {
					return 0, r.errf(start, "task is longer than %d MiB", maxLineBytes>>20)
				}
				r.buf = append(r.buf, buf[:k]...)
				r.line += bytes.Count(buf[:k], []byte{'\n'})
				r.off += int64(k)
				r.r.Discard(k)
			}
		}
		c, err := r.readByte()
		if err != nil {
			return 0, r.errf(start, "task is not closed (file ends inside it)")
		}
		if len(r.buf) >= maxLineBytes {
			return 0, r.errf(start, "task is longer than %d MiB", maxLineBytes>>20)
		}
		r.buf = append(r.buf, c)
		switch {
		case inStr && esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case inStr && c == '"':
			inStr = false
		case inStr:
		case c == '"':
			inStr = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		}
	}
	if !utf8.Valid(r.buf) {
		var bad *annotate.InvalidUTF8Error
		if errors.As(annotate.CheckUTF8(r.buf), &bad) {
			line := start + bytes.Count(r.buf[:bad.Byte], []byte{'\n'})
			return 0, &annotate.InputError{File: r.path, Line: line, Err: &annotate.InvalidUTF8Error{Byte: int(startOff) + bad.Byte}}
		}
	}
	if cap(r.buf) > 16<<20 && len(r.buf) < 1<<20 {
		r.buf = nil
	}
	return start, nil
}

type lsTask struct {
	ID          json.RawMessage `json:"id"`
	Data        json.RawMessage `json:"data"`
	Meta        json.RawMessage `json:"meta"`
	Annotations []lsAnnotation  `json:"annotations"`
	// objects (the API) or ids of the predictions inside the annotations
	// (the JSON export)
	Predictions []json.RawMessage `json:"predictions"`
}

type lsAnnotation struct {
	ID           json.RawMessage `json:"id"`
	CompletedBy  json.RawMessage `json:"completed_by"`
	ModelVersion json.RawMessage `json:"model_version"`
	WasCancelled bool            `json:"was_cancelled"`
	Result       []lsResult      `json:"result"`
	// Prediction is the prediction the annotation started from: Label
	// Studio's JSON export writes it here and only its id in the task's
	// "predictions".
	Prediction *lsAnnotation `json:"prediction"`
}

type lsResult struct {
	ID        string          `json:"id"`
	Type      string          `json:"type"`
	Value     json.RawMessage `json:"value"`
	FromID    string          `json:"from_id"`
	ToID      string          `json:"to_id"`
	Direction string          `json:"direction"`
	Labels    []string        `json:"labels"`
}

type lsLabels struct {
	Start  *int     `json:"start"`
	End    *int     `json:"end"`
	Text   string   `json:"text"`
	Labels []string `json:"labels"`
}

func (r *lsReader) task(raw []byte, line int) (*annotate.Record, error) {
	var t lsTask
	if err := json.Unmarshal(raw, &t); err != nil {
		return nil, &annotate.InputError{File: r.path, Line: line, Err: shapeErr(err, "")}
	}
	d, err := r.draft(&t, line)
	if err != nil {
		return nil, &annotate.InputError{File: r.path, Line: line, Err: err}
	}
	return d.finish(r.path, line)
}

func (r *lsReader) draft(t *lsTask, line int) (*draft, error) {
	d := &draft{sameText: lsSameText}
	var meta metaBuilder
	if len(t.ID) > 0 && string(t.ID) != "null" {
		meta.add("source_id", t.ID)
	}
	if len(bytes.TrimSpace(t.Data)) == 0 {
		return nil, errors.New(`task has no "data"`)
	}
	data, err := objectFields(t.Data)
	if err != nil {
		return nil, fmt.Errorf("data: %v", err)
	}
	textKey := ""
	for _, f := range data {
		if f.key == "text" && len(f.value) > 0 && f.value[0] == '"' {
			textKey = f.key
		}
	}
	for _, f := range data {
		if textKey == "" && len(f.value) > 0 && f.value[0] == '"' {
			textKey = f.key
		}
	}
	if textKey == "" {
		return nil, errors.New(`task data has no text (want "data": {"text": "…"})`)
	}
	for _, f := range data {
		switch {
		case f.key == textKey:
			if d.text, err = stringOf(f.value); err != nil {
				return nil, fmt.Errorf("data.%s: %v", f.key, err)
			}
		case f.key == "article_id" && len(f.value) > 0 && f.value[0] == '"':
			d.id, _ = stringOf(f.value)
		case f.key == "meta" && len(f.value) > 0 && f.value[0] == '{':
			if err := meta.addObject(f.value); err != nil {
				return nil, fmt.Errorf("data.meta: %v", err)
			}
		default:
			if looksLikeSpans(f.value) {
				r.unread.add("data."+f.key, line)
			}
			meta.add(f.key, f.value)
		}
	}
	if m := bytes.TrimSpace(t.Meta); len(m) > 0 && m[0] == '{' {
		if err := meta.addObject(m); err != nil {
			return nil, fmt.Errorf("meta: %v", err)
		}
	}
	d.meta = meta.bytes()

	n := 0
	// add reads the results of a, found at path ("annotations[0]")
	add := func(a *lsAnnotation, path, annotator string) error {
		ids := map[string]string{} // result id -> span id
		for k, res := range a.Result {
			switch res.Type {
			case "labels":
				var v lsLabels
				if err := json.Unmarshal(res.Value, &v); err != nil {
					return shapeErr(err, fmt.Sprintf("%s.result[%d].value", path, k))
				}
				if v.Start == nil || v.End == nil {
					return fmt.Errorf("result %s: value has no start or end", res.ID)
				}
				if len(v.Labels) == 0 {
					return fmt.Errorf("result %s: span %d-%d has no label", res.ID, *v.Start, *v.End)
				}
				for _, label := range v.Labels {
					n++
					id := fmt.Sprintf("s%d", n)
					if _, ok := ids[res.ID]; !ok && res.ID != "" {
						ids[res.ID] = id
					}
					d.spans = append(d.spans, annotate.Span{ID: id, Start: *v.Start, End: *v.End, Text: v.Text, Label: label, Annotator: annotator})
				}
			case "relation":
			default:
				r.opt.warnf(r.path, line, "result type %q is not imported", res.Type)
			}
		}
		for _, res := range a.Result {
			if res.Type != "relation" {
				continue
			}
			head, ok1 := ids[res.FromID]
			child, ok2 := ids[res.ToID]
			if !ok1 || !ok2 {
				return fmt.Errorf("relation %s→%s: no labelled span with that id in this annotation", res.FromID, res.ToID)
			}
			if res.Direction == "left" {
				head, child = child, head
			}
			labels := res.Labels
			if len(labels) == 0 {
				labels = []string{"related"}
			}
			for _, l := range labels {
				d.rels = append(d.rels, annotate.Relation{Head: head, Child: child, Label: l})
			}
		}
		return nil
	}
	for i := range t.Annotations {
		a := &t.Annotations[i]
		if a.WasCancelled {
			continue
		}
		if err := add(a, fmt.Sprintf("annotations[%d]", i), lsAnnotator(a.CompletedBy)); err != nil {
			return nil, lsWrap(err, "annotation", i)
		}
	}
	// predictions given by id are the ones inside the annotations; an id
	// that names none is skipped, and so is one read already
	byID := map[string]*lsAnnotation{}
	where := map[*lsAnnotation]string{}
	for i := range t.Annotations {
		if p := t.Annotations[i].Prediction; p != nil {
			if id, err := idOf(p.ID); err == nil {
				byID[id] = p
				where[p] = fmt.Sprintf("annotations[%d].prediction", i)
			}
		}
	}
	seen := map[string]bool{}
	for i, raw := range t.Predictions {
		var p *lsAnnotation
		var id string
		switch raw = bytes.TrimSpace(raw); {
		case len(raw) > 0 && raw[0] == '{':
			p = new(lsAnnotation)
			if err := json.Unmarshal(raw, p); err != nil {
				return nil, shapeErr(err, fmt.Sprintf("predictions[%d]", i))
			}
			id, _ = idOf(p.ID)
		case jsonKind(raw) == "a number" || jsonKind(raw) == "a string":
			id, _ = idOf(raw)
			p = byID[id]
		case jsonKind(raw) == "null":
			continue
		default:
			return nil, &shapeError{path: fmt.Sprintf("predictions[%d]", i), got: jsonKind(raw), want: "an object or an id"}
		}
		if p == nil || (id != "" && seen[id]) {
			continue
		}
		seen[id] = true
		who := "model"
		if v, err := idOf(p.ModelVersion); err == nil && v != "" {
			who = "model:" + v
		}
		path := where[p]
		if path == "" {
			path = fmt.Sprintf("predictions[%d]", i)
		}
		if err := add(p, path, who); err != nil {
			return nil, lsWrap(err, "prediction", i)
		}
	}
	return d, nil
}

// lsWrap says which annotation or prediction err is about, unless err
// names its field already.
func lsWrap(err error, what string, i int) error {
	var se *shapeError
	if errors.As(err, &se) {
		return err
	}
	return fmt.Errorf("%s %d: %v", what, i+1, err)
}

// lsSameText accepts the span text Label Studio writes: newlines escaped as
// the two characters \n.
func lsSameText(got, want string) bool {
	return strings.IndexByte(got, '\n') >= 0 && strings.ReplaceAll(got, "\n", `\n`) == want
}

// lsAnnotator names the annotator of an annotation: the email of a
// completed_by object, else "ls:<user id>".
func lsAnnotator(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] == '{' {
		var u struct {
			Email string          `json:"email"`
			ID    json.RawMessage `json:"id"`
		}
		if json.Unmarshal(raw, &u) == nil {
			if u.Email != "" {
				return u.Email
			}
			if id, err := idOf(u.ID); err == nil {
				return "ls:" + id
			}
		}
		return ""
	}
	if id, err := idOf(raw); err == nil {
		return "ls:" + id
	}
	return ""
}

// stringRun is how many bytes of b come before the first quote or
// backslash (all of b when there is none).
func stringRun(b []byte) int {
	k := bytes.IndexByte(b, '"')
	if k < 0 {
		k = len(b)
	}
	if e := bytes.IndexByte(b[:k], '\\'); e >= 0 {
		k = e
	}
	return k
}
