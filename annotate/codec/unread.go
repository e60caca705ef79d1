package codec

import (
	"bytes"
	"sort"
	"strings"

	"github.com/goccy/go-json"
)

// No reader drops spans without a word: a record field that looks like
// spans (see looksLikeSpans) but is not one the format reads is counted,
// and each such field gets one warning per file, at its end.

// unreadFields counts the fields of one file that looked like spans and
// were not read.
type unreadFields struct {
	records map[string]int // field -> records holding it
	first   map[string]int // field -> line of the first
}

func (u *unreadFields) add(field string, line int) {
	if u.records == nil {
		u.records, u.first = map[string]int{}, map[string]int{}
	}
	if u.records[field] == 0 {
		u.first[field] = line
	}
	u.records[field]++
}

// warn sends one warning per field and forgets them.
func (u *unreadFields) warn(opt *Options, path string, format Format, what string) {
	fields := make([]string, 0, len(u.records))
	for f := range u.records {
		fields = append(fields, f)
	}
	sort.Slice(fields, func(i, j int) bool { return u.first[fields[i]] < u.first[fields[j]] })
	for _, f := range fields {
		opt.warnf(path, 0, "field %q of %s (first at line %d) looks like spans, but format %s reads its spans from %s: %s",
			f, plural(u.records[f], "record"), u.first[f], format, what, "not imported as spans")
	}
	*u = unreadFields{}
}

// spanKeys are the keys of an object that make it look like a span: its
// offsets, as tools name them.
var spanOffsetKeys = map[string]bool{
	"start": true, "end": true, "start_offset": true, "end_offset": true, "startOffset": true, "endOffset": true,
	"start_char": true, "end_char": true, "begin": true, "token_start": true, "token_end": true,
}

// looksLikeSpans tells a JSON list whose first item is an object with
// offsets ({"start": 0, "end": 3, …}) or a list starting with two numbers
// ([0, 3, "PER"]).
func looksLikeSpans(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) < 2 || raw[0] != '[' {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return false
	}
	tok, err := dec.Token()
	if err != nil {
		return false
	}
	switch tok {
	case json.Delim('['):
		for range 2 {
			tok, err := dec.Token()
			if _, ok := tok.(float64); err != nil || !ok {
				return false
			}
		}
		return true
	case json.Delim('{'):
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return false
			}
			if k, ok := tok.(string); ok && spanOffsetKeys[k] {
				return true
			}
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return false
			}
		}
	}
	return false
}

// topLevel calls fn with each member of the JSON object line whose value
// is a list, by scanning bytes (the line is valid JSON already): cheap
// enough to run on every record.
func topLevel(line []byte, fn func(key string, value []byte)) {
	depth, i := 0, 0
	keyStart, keyEnd := -1, -1
	valueStart := -1
	expectKey := false
	for i < len(line) {
		c := line[i]
		switch c {
		case '"':
			end := stringEnd(line, i+1)
			if depth == 1 && expectKey {
				keyStart, keyEnd = i+1, end
				expectKey = false
			}
			i = end + 1
			continue
		case '{', '[':
			if depth == 1 && c == '[' && keyStart >= 0 {
				valueStart = i
			}
			depth++
			if depth == 1 {
				expectKey = true
			}
		case '}', ']':
			depth--
			if depth == 1 && valueStart >= 0 {
				fn(string(line[keyStart:keyEnd]), line[valueStart:i+1])
				valueStart, keyStart = -1, -1
			}
		case ',':
			if depth == 1 {
				expectKey = true
				keyStart = -1
			}
		}
		i++
	}
}

// stringEnd is the index of the quote closing the JSON string whose
// content starts at i.
func stringEnd(b []byte, i int) int {
	for {
		k := bytes.IndexByte(b[i:], '"')
		if k < 0 {
			return len(b)
		}
		j := i + k
		n := 0
		for j-1-n >= i && b[j-1-n] == '\\' {
			n++
		}
		if n%2 == 0 {
			return j
		}
		i = j + 1
	}
}

// labelIDs collects the numeric labels of one file (old doccano exports
// name labels by their id in the project).
type labelIDs map[string]bool

func (l *labelIDs) add(id string) {
	if *l == nil {
		*l = labelIDs{}
	}
	(*l)[id] = true
}

func (l *labelIDs) warn(opt *Options, path string) {
	if len(*l) == 0 {
		return
	}
	ids := make([]string, 0, len(*l))
	for id := range *l {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if len(ids[i]) != len(ids[j]) {
			return len(ids[i]) < len(ids[j])
		}
		return ids[i] < ids[j]
	})
	if len(ids) > 12 {
		ids = append(ids[:12], "…")
	}
	opt.warnf(path, 0, "labels %s are doccano label ids; rename them in the file before importing (the doccano project's label list names each id): spanmark imports them as labels named by the number",
		strings.Join(ids, ", "))
	*l = nil
}
