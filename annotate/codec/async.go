package codec

import (
	"io"
	"sync"
)

// asyncWriter writes to w on a goroutine of its own, in chunks of
// asyncChunk bytes, so that the system calls (for a file, copying every
// byte into the page cache) overlap the encoding. Three chunks exist: one
// being filled, one being written, one spare; Write waits when the writer
// is behind. A write error is returned by a later Write or by Close.
type asyncWriter struct {
	w      io.Writer
	cur    []byte
	chunks chan []byte
	free   chan []byte
	done   chan struct{}
	mu     sync.Mutex
	err    error // the first write error
	closed bool
}

const (
	asyncChunk  = 1 << 20
	asyncChunks = 3
)

func newAsyncWriter(w io.Writer) *asyncWriter {
	a := &asyncWriter{w: w, chunks: make(chan []byte, asyncChunks), free: make(chan []byte, asyncChunks), done: make(chan struct{})}
	for range asyncChunks - 1 {
		a.free <- make([]byte, 0, asyncChunk)
	}
	a.cur = make([]byte, 0, asyncChunk)
	go a.run()
	return a
}

func (a *asyncWriter) run() {
	defer close(a.done)
	for c := range a.chunks {
		if a.failed() == nil {
			if _, err := a.w.Write(c); err != nil {
				a.mu.Lock()
				a.err = err
				a.mu.Unlock()
			}
		}
		a.free <- c[:0]
	}
}

func (a *asyncWriter) failed() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.err
}

func (a *asyncWriter) Write(p []byte) (int, error) {
	if err := a.failed(); err != nil {
		return 0, err
	}
	n := len(p)
	for len(p) > 0 {
		k := copy(a.cur[len(a.cur):cap(a.cur)], p)
		a.cur = a.cur[:len(a.cur)+k]
		p = p[k:]
		if len(a.cur) == cap(a.cur) {
			a.chunks <- a.cur
			a.cur = <-a.free
		}
	}
	return n, nil
}

// Close writes what is left, waits for the writing goroutine and returns
// the first write error. It does not close w. A second Close returns the
// same error.
func (a *asyncWriter) Close() error {
	if !a.closed {
		a.closed = true
		if len(a.cur) > 0 {
			a.chunks <- a.cur
			a.cur = nil
		}
		close(a.chunks)
		<-a.done
	}
	return a.failed()
}
