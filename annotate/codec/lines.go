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
	line, err := l.nextRecordLine()
	if err == io.EOF {
		return FormatJSONL, nil // the jsonl reader reports the empty file
	}
	if err != nil {
		return "", err
	}
	l.unread(line)
	var keys map[string]json.RawMessage
	if json.Unmarshal(line, &keys) != nil {
		return FormatJSONL, nil // the jsonl reader reports the bad line
	}
	if isDoccano(keys) {
		return FormatDoccano, nil
	}
	return FormatJSONL, nil
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
	return false
}
