package cli

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress prints a self-overwriting status line to a terminal, at most a
// few times a second; on anything else it prints nothing.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	on    bool
	last  time.Time
	shown bool
}

func newProgress(env Env) *progress {
	return &progress{w: env.Stderr, on: env.StderrIsTTY}
}

func (p *progress) update(format string, args ...any) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := time.Now(); now.Sub(p.last) >= 200*time.Millisecond {
		p.last = now
		p.shown = true
		fmt.Fprintf(p.w, "\r\033[K"+format, args...)
	}
}

// done clears the status line so the next message starts on a clean line.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}
