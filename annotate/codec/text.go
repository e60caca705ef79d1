package codec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/spanmark/spanmark/annotate"
)

// idLineSlack is how much bigger than annotate.MaxTextBytes a .txt file may
// be: its id line, a BOM and line ends are not part of the text.
const idLineSlack = 4096

// textReader reads one article text file (SPEC "Article text format").
type textReader struct {
	path string
	in   *input
	done bool
	size int64
}

func newTextReader(path string, in *input) (*textReader, error) {
	return &textReader{path: path, in: in}, nil
}

func (t *textReader) next() (*annotate.Record, error) {
	if t.done {
		return nil, io.EOF
	}
	t.done = true
	raw, err := readTextFrom(t.path, t.in)
	if err != nil {
		return nil, err
	}
	t.size = int64(len(raw))
	text, _ := annotate.NormalizeText(string(raw))
	if strings.TrimSpace(text) == "" {
		return nil, inputErr(t.path, 0, "empty file: nothing to import")
	}
	id, body := splitIDLine(text)
	if id == "" {
		id = strings.TrimSuffix(filepath.Base(t.path), filepath.Ext(t.path))
	}
	if len(body) > annotate.MaxTextBytes {
		return nil, inputErr(t.path, 0, "text is %d bytes, more than the limit of %d bytes (8 MiB)", len(body), annotate.MaxTextBytes)
	}
	if strings.TrimSpace(body) == "" {
		return nil, inputErr(t.path, 2, "article %s has an id line but no text", id)
	}
	return &annotate.Record{Article: annotate.Article{ID: id, Text: body, Status: annotate.StatusTodo}, File: t.path, Line: 1}, nil
}

// splitIDLine applies the id-line rule to normalised text: a first line that
// is one token (no white space) with more lines after it is the id.
func splitIDLine(text string) (id, body string) {
	nl := strings.IndexByte(text, '\n')
	if nl <= 0 {
		return "", text
	}
	first := text[:nl]
	if strings.ContainsFunc(first, isSpace) {
		return "", text
	}
	return first, text[nl+1:]
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\v', '\f', '\r', '\n', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

func (t *textReader) offset() int64 { return t.size }
func (t *textReader) close() error  { return t.in.Close() }

// readTextFile reads a whole text file after checking its size without
// reading it, and refuses UTF-16, binary and invalid UTF-8 content.
func readTextFile(fsys files, path string) ([]byte, error) {
	in, err := fsys.open(path)
	if err != nil {
		return nil, &annotate.InputError{File: path, Err: err}
	}
	defer in.Close()
	return readTextFrom(path, in)
}

// readTextFrom reads a whole text file from in (opened on path), checking
// its size first when it is a regular file and reading no more than the
// limit from a pipe.
func readTextFrom(path string, in io.Reader) ([]byte, error) {
	if f, ok := in.(*input); ok {
		if osf, ok := f.c.(*input); ok {
			f = osf
		}
		if sf, ok := f.c.(interface{ Stat() (fs.FileInfo, error) }); ok { // *os.File, fs.File
			if st, err := sf.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > annotate.MaxTextBytes+idLineSlack {
				return nil, inputErr(path, 0, "file is %d bytes, more than the limit of %d bytes (8 MiB) for one article", st.Size(), annotate.MaxTextBytes)
			}
		}
	}
	raw, err := io.ReadAll(io.LimitReader(in, annotate.MaxTextBytes+idLineSlack+1))
	if err != nil {
		return nil, &annotate.InputError{File: path, Err: err}
	}
	if len(raw) > annotate.MaxTextBytes+idLineSlack { // grew since Stat
		return nil, inputErr(path, 0, "file is more than the limit of %d bytes (8 MiB) for one article", annotate.MaxTextBytes)
	}
	if len(raw) == 0 {
		return nil, inputErr(path, 0, "empty file: nothing to import")
	}
	if err := checkTextBytes(path, raw); err != nil {
		return nil, err
	}
	return raw, nil
}

// checkTextBytes refuses UTF-16 and binary data and names the line and
// byte of invalid UTF-8.
func checkTextBytes(path string, raw []byte) error {
	if err := nulProblem(raw); err != nil {
		return &annotate.InputError{File: path, Err: err}
	}
	err := annotate.CheckUTF8(raw)
	if err == nil {
		return nil
	}
	var bad *annotate.InvalidUTF8Error
	if errors.As(err, &bad) {
		line := 1 + bytes.Count(raw[:bad.Byte], []byte{'\n'})
		return &annotate.InputError{File: path, Line: line, Err: err}
	}
	return &annotate.InputError{File: path, Err: err}
}

// nulProblem tells UTF-16 (a byte-order mark, or NUL bytes mostly on one
// side of each byte pair, as ASCII in UTF-16 is) from other binary data
// (any NUL byte). Text never holds NUL bytes.
func nulProblem(b []byte) error {
	if len(b) >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)) {
		return annotate.CheckUTF8(b[:2])
	}
	if bytes.IndexByte(b, 0) < 0 {
		return nil
	}
	head := b[:min(len(b), 4096)]
	var even, odd int
	for i, c := range head {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	pairs := len(head) / 2
	if pairs > 0 && (even*10 >= pairs*3 || odd*10 >= pairs*3) && (even < odd/4 || odd < even/4) {
		order := "little-endian"
		if even > odd {
			order = "big-endian"
		}
		return fmt.Errorf("file looks like UTF-16 (%s, no byte-order mark), not UTF-8: convert it to UTF-8 first", order)
	}
	return fmt.Errorf("binary file, not text (NUL byte at byte %d)", bytes.IndexByte(b, 0))
}
