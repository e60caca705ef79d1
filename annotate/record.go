package annotate

import (
	"errors"
	"fmt"
)

// Record is one article as read from an input file, with where it starts
// there, so that any later error can name FILE:LINE.
type Record struct {
	Article Article
	File    string
	Line    int // 1-based line of the record in File; 0 when lines mean nothing
	// SpansChecked says that the reader checked every span against
	// Article.Text (offsets inside it, Text equal to the text at them) after
	// the text took its final form, so that an import need not walk the
	// text a second time. Set only by a reader that did exactly that.
	SpansChecked bool
}

// Where returns "FILE:LINE" or "FILE".
func (r *Record) Where() string {
	if r.Line > 0 {
		return fmt.Sprintf("%s:%d", r.File, r.Line)
	}
	return r.File
}

// Errorf returns an *InputError at the record's position.
func (r *Record) Errorf(format string, args ...any) error {
	return &InputError{File: r.File, Line: r.Line, Err: fmt.Errorf(format, args...)}
}

// InputError is bad input at a place in a file. Its message is the one line
// every command and dialog shows: "FILE:LINE: what is wrong".
type InputError struct {
	File string
	Line int // 0: no line
	Err  error
}

func (e *InputError) Error() string {
	switch {
	case e.File == "":
		return e.Err.Error()
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *InputError) Unwrap() error { return e.Err }

// AtInput wraps err as an *InputError at file:line unless it already is one.
func AtInput(file string, line int, err error) error {
	if err == nil {
		return nil
	}
	var ie *InputError
	if errors.As(err, &ie) {
		return err
	}
	return &InputError{File: file, Line: line, Err: err}
}
