package codec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/goccy/go-json"
	"github.com/spanmark/spanmark/annotate"
)

// jsonlReader reads spanmark's JSONL export and Prodigy JSONL: one article
// per line.
type jsonlReader struct {
	lineFormat
	ignored ignoredCount
	unread  unreadFields
}

// lineFormat is what the readers of a JSON record per line share: the
// lines, and the options.
type lineFormat struct {
	l   *lineReader
	opt *Options
}

func (r *lineFormat) offset() int64 { return r.l.next }
func (r *lineFormat) close() error  { return r.l.close() }

// flexID is a JSON string, or a number kept as its literal text.
type flexID struct {
	s      string
	number bool
}

func (f *flexID) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) > 0 && b[0] == '"':
		return json.Unmarshal(b, &f.s)
	case bytes.Equal(b, []byte("null")):
		return nil
	case len(b) > 0 && (b[0] == '-' || (b[0] >= '0' && b[0] <= '9')):
		f.s, f.number = string(b), true
		return nil
	}
	return &shapeError{name: "a span or relation id", got: jsonKind(b), want: "a string or a number"}
}

type rawSpan struct {
	ID        flexID            `json:"id"`
	Start     *int              `json:"start"`
	End       *int              `json:"end"`
	Text      string            `json:"text"`
	Label     string            `json:"label"`
	Kind      string            `json:"kind"`
	Annotator string            `json:"annotator"`
	Review    string            `json:"review"`
	Reviewer  string            `json:"reviewer"`
	Answer    string            `json:"answer"` // Prodigy, on some recipes' spans
	Attrs     map[string]rawAny `json:"attrs"`
}

// rawAny keeps a JSON value: attrs are strings in spanmark, other tools
// write numbers and booleans too.
type rawAny struct{ s string }

func (a *rawAny) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &a.s)
	}
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return err
	}
	a.s = buf.String()
	return nil
}

type rawRelSpan struct {
	Start *int   `json:"start"`
	End   *int   `json:"end"`
	Label string `json:"label"`
}

type rawRel struct {
	Head      flexID      `json:"head"`
	Child     flexID      `json:"child"`
	HeadSpan  *rawRelSpan `json:"head_span"`
	ChildSpan *rawRelSpan `json:"child_span"`
	Label     string      `json:"label"`
}

type rawRecord struct {
	ID        flexID          `json:"id"`
	Text      *string         `json:"text"`
	Meta      json.RawMessage `json:"meta"`
	Status    string          `json:"status"`
	Answer    string          `json:"answer"`
	Spans     []rawSpan       `json:"spans"`
	Relations []rawRel        `json:"relations"`
	// Prodigy: who gave the answer, and when (Unix seconds)
	AnnotatorID flexID `json:"_annotator_id"`
	SessionID   flexID `json:"_session_id"`
	Timestamp   *int64 `json:"_timestamp"`
}

func (r *jsonlReader) next() (*annotate.Record, error) {
	line, err := r.l.nextRecordLine()
	if err == io.EOF {
		r.ignored.warn(r.opt, r.l.path)
		r.unread.warn(r.opt, r.l.path, FormatJSONL, `"spans"`)
	}
	if err != nil {
		return nil, err
	}
	n := r.l.line
	if bytes.IndexByte(line, 0) >= 0 {
		return nil, inputErr(r.l.path, n, "%v", nulProblem(line))
	}
	var raw rawRecord
	if err := json.UnmarshalOf(line, &raw); err != nil {
		return nil, &annotate.InputError{File: r.l.path, Line: n, Err: lineErr(line, err)}
	}
	topLevel(line, func(key string, value []byte) {
		if !jsonlReads[key] && looksLikeSpans(value) {
			r.unread.add(key, n)
		}
	})
	d, err := raw.draft()
	if err == nil {
		err = raw.applyAnswers(d, &r.ignored)
	}
	if err != nil {
		return nil, &annotate.InputError{File: r.l.path, Line: n, Err: err}
	}
	return d.finish(r.l.path, n)
}

// jsonlReads are the list fields of a record the reader reads, or knows
// not to be spans (Prodigy's tokens).
var jsonlReads = map[string]bool{"spans": true, "relations": true, "tokens": true}

// draft checks the fields of one record and resolves Prodigy relations.
func (raw *rawRecord) draft() (*draft, error) {
	if raw.Text == nil {
		return nil, errors.New(`record has no "text"`)
	}
	d := &draft{text: *raw.Text, answer: raw.Answer}
	var err error
	if d.status, err = annotate.ParseStatus(raw.Status); err != nil {
		return nil, err
	}
	if len(raw.Meta) > annotate.MaxMetaBytes { // before copying it about
		return nil, fmt.Errorf("meta is %d bytes, more than the limit of %d (1 MiB)", len(raw.Meta), annotate.MaxMetaBytes)
	}
	if d.meta, err = compactObject(raw.Meta); err != nil {
		return nil, fmt.Errorf("meta: %v", err)
	}
	if raw.ID.number {
		// a number is an id local to the tool that wrote it (SPEC): keep it
		// in meta, let the text give the article id
		d.meta = addMeta(d.meta, "source_id", []byte(raw.ID.s))
	} else {
		d.id = raw.ID.s
	}
	d.spans = make([]annotate.Span, len(raw.Spans))
	for i := range raw.Spans {
		rs := &raw.Spans[i]
		if rs.Start == nil || rs.End == nil {
			return nil, fmt.Errorf("span %d has no \"start\" or \"end\"", i+1)
		}
		s := annotate.Span{ID: rs.ID.s, Start: *rs.Start, End: *rs.End, Text: rs.Text, Label: rs.Label,
			Annotator: rs.Annotator, Reviewer: rs.Reviewer}
		if rs.ID.number {
			s.ID = "s" + rs.ID.s
		}
		if rs.Kind != "" {
			if s.Kind, err = annotate.ParseKind(rs.Kind); err != nil {
				return nil, fmt.Errorf("span %d-%d: %v", s.Start, s.End, err)
			}
		}
		if s.Review, err = annotate.ParseReview(rs.Review); err != nil {
			return nil, fmt.Errorf("span %d-%d: %v", s.Start, s.End, err)
		}
		if len(rs.Attrs) > 0 {
			s.Attrs = make(map[string]string, len(rs.Attrs))
			for k, v := range rs.Attrs {
				s.Attrs[k] = v.s
			}
		}
		d.spans[i] = s
	}
	if len(raw.Relations) > 0 {
		// Prodigy relations name their spans by offsets and label: they
		// need span ids to point at
		(&annotate.Article{Spans: d.spans}).AssignSpanIDs()
		for _, rr := range raw.Relations {
			rel := annotate.Relation{Head: rr.Head.s, Child: rr.Child.s, Label: rr.Label}
			if rr.HeadSpan != nil || rr.ChildSpan != nil || rr.Head.number || rr.Child.number {
				if rel.Head, err = spanAt(d.spans, rr.HeadSpan, "head"); err != nil {
					return nil, fmt.Errorf("relation %s: %v", rr.Label, err)
				}
				if rel.Child, err = spanAt(d.spans, rr.ChildSpan, "child"); err != nil {
					return nil, fmt.Errorf("relation %s: %v", rr.Label, err)
				}
			}
			d.rels = append(d.rels, rel)
		}
	}
	return d, nil
}

// spanAt finds the id of the span a Prodigy relation end names by its
// offsets and label (by offsets alone when it has no label).
func spanAt(spans []annotate.Span, rs *rawRelSpan, end string) (string, error) {
	if rs == nil || rs.Start == nil || rs.End == nil {
		return "", fmt.Errorf("%s is a token number without %s_span offsets", end, end)
	}
	for _, s := range spans {
		if s.Start == *rs.Start && s.End == *rs.End && (rs.Label == "" || s.Label == rs.Label) {
			return s.ID, nil
		}
	}
	return "", fmt.Errorf("%s_span %d-%d %s matches no span of the record", end, *rs.Start, *rs.End, rs.Label)
}

// compactObject checks that raw is a JSON object (or null) and compacts it.
func compactObject(raw json.RawMessage) ([]byte, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	if raw[0] != '{' {
		return nil, fmt.Errorf("want a JSON object, not %s", clipBytes(raw))
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// addMeta adds "key":value (value is JSON) to a compact JSON object,
// replacing nothing: a key already there wins.
func addMeta(meta []byte, key string, value []byte) []byte {
	q := strconv.Quote(key)
	if bytes.Contains(meta, []byte(q+":")) {
		return meta
	}
	if len(meta) == 0 || bytes.Equal(meta, []byte("{}")) {
		return []byte("{" + q + ":" + string(value) + "}")
	}
	out := make([]byte, 0, len(meta)+len(q)+len(value)+2)
	out = append(out, meta[:len(meta)-1]...)
	out = append(out, ',')
	out = append(out, q...)
	out = append(out, ':')
	out = append(out, value...)
	return append(out, '}')
}

func clipBytes(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}
