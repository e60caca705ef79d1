package codec

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
)

func TestAsyncWriterWritesEverythingInOrder(t *testing.T) {
	var got bytes.Buffer
	a := newAsyncWriter(&got)
	var want []byte
	rng := rand.New(rand.NewPCG(5, 6))
	for len(want) < 5*asyncChunk {
		p := make([]byte, rng.IntN(300_000))
		for i := range p {
			p[i] = byte(rng.IntN(256))
		}
		want = append(want, p...)
		if n, err := a.Write(p); n != len(p) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("wrote %d bytes, not the %d given in order", got.Len(), len(want))
	}
}

type failAfter struct{ n int }

var errDiskFull = errors.New("disk full")

func (f *failAfter) Write(p []byte) (int, error) {
	if f.n--; f.n < 0 {
		return 0, errDiskFull
	}
	return len(p), nil
}

func TestAsyncWriterReportsAWriteError(t *testing.T) {
	a := newAsyncWriter(&failAfter{n: 1})
	p := make([]byte, asyncChunk/2)
	var werr error
	for range 20 {
		if _, werr = a.Write(p); werr != nil {
			break
		}
	}
	if err := a.Close(); !errors.Is(err, errDiskFull) {
		t.Errorf("Close = %v, want %v", err, errDiskFull)
	}
	if werr != nil && !errors.Is(werr, errDiskFull) {
		t.Errorf("Write = %v, want nil or %v", werr, errDiskFull)
	}
	if err := a.Close(); !errors.Is(err, errDiskFull) {
		t.Errorf("second Close = %v, want %v", err, errDiskFull)
	}
}
