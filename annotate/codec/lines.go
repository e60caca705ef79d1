package codec

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/goccy/go-json"
	"github.com/spanmark/spanmark/annotate"
)

// maxLineBytes bounds one JSON line, and with it the memory of a record: an
// article of the 8 MiB limit written with every non-ASCII character
// escaped (Python's ensure_ascii: up to 3× for Cyrillic or emoji), its
// 1 MiB meta and its spans fit.
const maxLineBytes = 32 << 20

// lineReader reads a file line by line with flat memory: a line is a slice
// of the bufio buffer when it fits, else of one reused buffer.
type lineReader struct {
	f       io.Closer
	path    string
	r       *bufio.Reader
	buf     []byte
	pending []byte // a line given back by unread, returned again next
	line    int    // 1-based number of the line last returned
	off     int64  // byte offset of the start of the line last returned
	next    int64  // byte offset after it
}

func openLines(path string, in io.ReadCloser) *lineReader {
	return &lineReader{f: in, path: path, r: bufio.NewReaderSize(in, 256<<10)}
}

// readLine returns the next line without its line end, io.EOF after the
// last. The slice is valid until the next call. Lines are checked to be
// UTF-8 here, before any decoder sees them, since decoders quietly replace
// bad bytes.
func (l *lineReader) readLine() ([]byte, error) {
	if l.pending != nil {
		line := l.pending
		l.pending = nil
		return line, nil
	}
	l.buf = l.buf[:0]
	var line []byte
	for {
		chunk, err := l.r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			if len(l.buf)+len(chunk) > maxLineBytes {
				return nil, inputErr(l.path, l.line+1, "line is longer than %d MiB", maxLineBytes>>20)
			}
			l.buf = append(l.buf, chunk...)
			continue
		}
		if err != nil && err != io.EOF {
			return nil, &annotate.InputError{File: l.path, Line: l.line + 1, Err: err}
		}
		if len(l.buf) > 0 {
			l.buf = append(l.buf, chunk...)
			line = l.buf
		} else {
			line = chunk
		}
		if len(line) == 0 && err == io.EOF {
			return nil, io.EOF
		}
		break
	}
	l.line++
	l.off = l.next
	l.next += int64(len(line))
	if len(l.buf) > 16<<20 { // don't keep a giant buffer for the rest of the file
		l.buf = nil
	}
	if !utf8.Valid(line) {
		return nil, l.utf8Error(line)
	}
	line = bytes.TrimSuffix(line, []byte{'\n'})
	line = bytes.TrimSuffix(line, []byte{'\r'})
	if l.line == 1 {
		line = bytes.TrimPrefix(line, []byte("\uFEFF"))
	}
	return line, nil
}

func (l *lineReader) utf8Error(line []byte) error {
	if l.line == 1 {
		if err := annotate.CheckUTF8(line); err != nil {
			if _, ok := err.(*annotate.InvalidUTF8Error); !ok {
				return &annotate.InputError{File: l.path, Line: 1, Err: err} // UTF-16
			}
		}
	}
	var bad *annotate.InvalidUTF8Error
	if err := annotate.CheckUTF8(line); errors.As(err, &bad) {
		return &annotate.InputError{File: l.path, Line: l.line, Err: &annotate.InvalidUTF8Error{Byte: int(l.off) + bad.Byte}}
	}
	return inputErr(l.path, l.line, "invalid UTF-8")
}

// unread gives back line, the last line returned, so that the next call
// returns it again (after sniffing, for the format's reader).
func (l *lineReader) unread(line []byte) { l.pending = line }

// nextRecordLine returns the next line that is not blank.
func (l *lineReader) nextRecordLine() ([]byte, error) {
	for {
		line, err := l.readLine()
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(line)) > 0 {
			return line, nil
		}
	}
}

func (l *lineReader) close() error { return l.f.Close() }

// lineErr says what is wrong with a line of JSON lines that did not decode
// (err is the decoder's error), in the same words whichever reader read it:
// the shape of valid JSON unlike a record, a JSON value written over
// several lines, else the syntax error.
func lineErr(line []byte, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return shapeErr(err, "")
	}
	if json.Valid(line) {
		if k := jsonKind(line); k != "an object" {
			return &shapeError{got: k, want: "an object"}
		}
		return shapeErr(err, "")
	}
	if what := openedOverLines(line); what != "" {
		return fmt.Errorf("this line opens %s written over several lines; want one record per line (JSON lines: a pretty-printed file must be written compact first)", what)
	}
	var v any
	if e := json.Unmarshal(line, &v); e != nil {
		err = e
	}
	return jsonErr(err)
}

// openedOverLines tells a line that opens a JSON object or list, well
// formed as far as it goes, and stops where a pretty-printer breaks a line
// (after '{', '[' or ','): "a JSON object", "a JSON list" or "".
func openedOverLines(line []byte) string {
	line = bytes.TrimSpace(line)
	if len(line) == 0 || (line[0] != '{' && line[0] != '[') || bytes.IndexByte([]byte("{[,"), line[len(line)-1]) < 0 {
		return ""
	}
	var open []byte
	for i := 0; i < len(line); i++ {
		switch c := line[i]; c {
		case '"':
			if i = stringEnd(line, i+1); i >= len(line) {
				return "" // ends inside a string
			}
		case '{', '[':
			open = append(open, c)
		case '}', ']':
			if len(open) == 0 || open[len(open)-1] != c-2 { // '{'+2 == '}', '['+2 == ']'
				return ""
			}
			open = open[:len(open)-1]
		}
	}
	if len(open) == 0 {
		return ""
	}
	if line[0] == '{' {
		return "a JSON object"
	}
	return "a JSON list"
}

// jsonErr turns a decoder error into the message of a FILE:LINE error.
func jsonErr(err error) error {
	return fmt.Errorf("bad JSON: %v", trimJSONPrefix(err.Error()))
}

func trimJSONPrefix(s string) string {
	for _, p := range []string{"json: ", "jsontext: "} {
		if len(s) > len(p) && s[:len(p)] == p {
			s = s[len(p):]
		}
	}
	return s
}

// sniffLines picks the reader of a JSON lines file (or, when unknownExt,
// of any file) from its first bytes and first record.
func sniffLines(l *lineReader, unknownExt bool) (Format, error) {
	peek, err := l.r.Peek(4096)
	if len(peek) == 0 && err != nil && err != io.EOF {
		return "", err
	}
	first := bytes.TrimLeft(bytes.TrimPrefix(peek, []byte("\uFEFF")), " \t\r\n")
	if len(first) > 0 && first[0] == '[' {
		return FormatLabelStudio, nil
	}
	if unknownExt && (len(first) == 0 || first[0] != '{') {
		return FormatText, nil
	}
	// The first record line, looked at without reading it when it fits the
	// buffer (the Label Studio and text readers read from the buffer, not
	// from the line reader); a longer one is read and given back to the
	// line reader (JSON lines or doccano).
	line, ok := peekRecordLine(l.r)
	if !ok {
		line, err = l.nextRecordLine()
		if err == io.EOF {
			return FormatJSONL, nil // the jsonl reader reports the empty file
		}
		if err != nil {
			return "", err
		}
		l.unread(line)
	}
	if len(line) == 0 {
		return FormatJSONL, nil // the jsonl reader reports the empty file
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(line, &keys) != nil {
		// not one record per line: one pretty-printed object, perhaps a
		// Label Studio task
		if isLabelStudioStart(first) {
			return FormatLabelStudio, nil
		}
		return FormatJSONL, nil
	}
	if isLabelStudio(keys) {
		return FormatLabelStudio, nil
	}
	if isDoccano(keys) {
		return FormatDoccano, nil
	}
	return FormatJSONL, nil
}

// isLabelStudio tells a Label Studio task by its keys: "data" holding an
// object (doccano 1.x's "data" is the text), or annotations with a
// "result" list and no "text" beside them.
func isLabelStudio(keys map[string]json.RawMessage) bool {
	if d, ok := keys["data"]; ok && jsonKind(d) == "an object" {
		return true
	}
	if _, ok := keys["text"]; ok {
		return false
	}
	a, ok := keys["annotations"]
	return ok && bytes.Contains(a, []byte(`"result"`))
}

// isLabelStudioStart tells a Label Studio task from the start of a JSON
// object over several lines (of which head may hold only a part): by its
// keys at the top level seen so far, as isLabelStudio.
func isLabelStudioStart(head []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(head))
	keys := map[string]json.RawMessage{}
	depth := 0
	key := true // the next string token at depth 1 is a key
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if d, ok := tok.(json.Delim); ok {
			if depth == 1 && !key && (d == '{' || d == '[') {
				key = true
			}
			switch d {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			continue
		}
		if depth != 1 {
			continue
		}
		if s, ok := tok.(string); ok && key {
			// the start of the value is enough to tell an object, or
			// a list with a "result" inside
			keys[s] = bytes.TrimLeft(head[dec.InputOffset():], " \t\r\n:")
			key = false
			continue
		}
		key = true
	}
	return isLabelStudio(keys)
}

// isDoccano tells a doccano record by its keys: "entities" with
// start_offset, "label" holding a list, or the "article_id" our doccano
// writer writes.
func isDoccano(keys map[string]json.RawMessage) bool {
	if _, ok := keys["article_id"]; ok {
		return true
	}
	if e, ok := keys["entities"]; ok && bytes.Contains(e, []byte(`"start_offset"`)) {
		return true
	}
	if l, ok := keys["label"]; ok && len(bytes.TrimSpace(l)) > 0 && bytes.TrimSpace(l)[0] == '[' {
		return true
	}
	// old doccano (0.x): "annotations" of {"label": 12, "start_offset": …, "user": 1}
	if a, ok := keys["annotations"]; ok && bytes.Contains(a, []byte(`"label"`)) && !bytes.Contains(a, []byte(`"result"`)) {
		return true
	}
	// doccano 1.x: the text as "data"
	if d, ok := keys["data"]; ok && jsonKind(d) == "a string" {
		return true
	}
	return false
}

// peekRecordLine returns the first line of r that is not blank (without its
// line end), without reading it; false when no whole line is in r's
// buffer. An empty line with true means r holds nothing but blank lines.
func peekRecordLine(r *bufio.Reader) ([]byte, bool) {
	buf, err := r.Peek(r.Size())
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, false
	}
	buf = bytes.TrimPrefix(buf, []byte("\uFEFF"))
	for len(buf) > 0 {
		i := bytes.IndexByte(buf, '\n')
		if i < 0 {
			if err == io.EOF { // the last line, without a line end
				return bytes.TrimSpace(buf), true
			}
			return nil, false
		}
		if line := bytes.TrimSpace(buf[:i]); len(line) > 0 {
			return line, true
		}
		buf = buf[i+1:]
	}
	return nil, err == io.EOF
}
