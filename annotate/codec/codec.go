package codec

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/spanmark/spanmark/annotate"
)

// Format names a file format.
type Format string

const (
	FormatAuto        Format = "auto"
	FormatText        Format = "text"
	FormatJSONL       Format = "jsonl"
	FormatProdigy     Format = "prodigy"
	FormatDoccano     Format = "doccano"
	FormatBrat        Format = "brat"
	FormatLabelStudio Format = "labelstudio"
	FormatCoNLL       Format = "conll"
)

// ReadFormats lists the formats Open reads, in the order the command line
// shows them.
var ReadFormats = []Format{FormatAuto, FormatText, FormatJSONL, FormatProdigy, FormatDoccano, FormatBrat, FormatLabelStudio}

// WriteFormats lists the formats NewWriter and NewBratWriter write.
var WriteFormats = []Format{FormatJSONL, FormatDoccano, FormatBrat, FormatCoNLL}

// Options tune Open.
type Options struct {
	Format Format           // "" means auto
	Warn   func(msg string) // gets "FILE:LINE: warning" lines; may be nil
}

// Reader streams records.
type Reader interface {
	// Next returns the next record, io.EOF at the end. Errors are
	// *annotate.InputError. Each record is new: the caller may keep it.
	Next() (*annotate.Record, error)
	Close() error
}

// Progresser reports how far a reader got, in bytes of input (done, total);
// total may be 0 when unknown.
type Progresser interface{ Progress() (done, total int64) }

// Writer writes articles in one format.
type Writer interface {
	// Write writes a, cutting each span's text from a.Text at its offsets
	// (which it checks): it never reads Span.Text, so a caller need not
	// fill it (store.ExportFilter.NoSpanText).
	Write(a *annotate.Article) error
	// Close flushes what is buffered. It does not close the io.Writer
	// given to NewWriter.
	Close() error
}

// NewWriter returns a writer of format jsonl, doccano or conll into out.
// brat needs a folder: use NewBratWriter.
func NewWriter(format Format, out io.Writer) (Writer, error) {
	bw := bufio.NewWriterSize(out, 256<<10)
	switch format {
	case FormatJSONL, FormatProdigy, "":
		return &jsonlWriter{w: bw}, nil
	case FormatDoccano:
		return &doccanoWriter{w: bw}, nil
	case FormatCoNLL:
		return &conllWriter{w: bw}, nil
	case FormatBrat:
		return nil, fmt.Errorf("format brat writes a folder: give a folder, not a file")
	}
	return nil, fmt.Errorf("unknown export format %q (want %s)", format, formatList(WriteFormats))
}

func formatList(fs []Format) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// warnf sends a warning at file:line to opt.Warn.
func (o *Options) warnf(file string, line int, format string, args ...any) {
	if o.Warn == nil {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if line > 0 {
		o.Warn(fmt.Sprintf("%s:%d: warning: %s", file, line, msg))
	} else {
		o.Warn(fmt.Sprintf("%s: warning: %s", file, msg))
	}
}

// inputErr returns an *annotate.InputError at file:line.
func inputErr(file string, line int, format string, args ...any) error {
	return &annotate.InputError{File: file, Line: line, Err: fmt.Errorf(format, args...)}
}
