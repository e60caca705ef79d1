package codec

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// input is the byte stream of one source file, opened once: a pipe, a FIFO
// or /dev/stdin cannot be read twice, so the format is sniffed from the
// same buffered reader the format's reader then goes on with.
type input struct {
	r io.Reader
	c io.Closer
}

func (in *input) Read(p []byte) (int, error) { return in.r.Read(p) }
func (in *input) Close() error               { return in.c.Close() }

// fifoWriterWait is how long the import waits for a writer to open a FIFO
// that has none.
var fifoWriterWait = 2 * time.Second

// openInput opens path for reading. A FIFO is opened without blocking (an
// open of a FIFO without writer never returns, and Ctrl-C cannot end it),
// and refused when no writer appears within fifoWriterWait.
func openInput(path string) (*input, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeNamedPipe == 0 {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		return &input{r: f, c: f}, nil
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	return &input{r: &fifoReader{f: f, path: path}, c: f}, nil
}

// fifoReader reads a FIFO opened without blocking: until the first byte,
// end of file means no writer yet.
type fifoReader struct {
	f       *os.File
	path    string
	started bool
}

func (r *fifoReader) Read(p []byte) (int, error) {
	if r.started {
		return r.f.Read(p)
	}
	deadline := time.Now().Add(fifoWriterWait)
	for {
		n, err := r.f.Read(p)
		if n > 0 {
			r.started = true
			return n, nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, err
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("a FIFO with no writer (waited %s): start the program writing it first", fifoWriterWait)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
