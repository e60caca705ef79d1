package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
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

// bar is the progress of an import or export on a terminal: a bar of the
// work done (bytes of input, or articles) of the total, the count of
// articles, the rate and the time left, redrawn at most five times a
// second, and a summary line at the end. On anything but a terminal it
// prints nothing.
type bar struct {
	mu    sync.Mutex // set and println come from different goroutines
	w     io.Writer
	on    bool
	verb  string // "importing", "exporting"
	bytes bool   // done and total count bytes (else articles)
	total int64
	now   func() time.Time // time.Now; tests set their own clock
	start time.Time
	last  time.Time
	shown bool
	calls int
}

const (
	barEvery = 200 * time.Millisecond
	barWidth = 24
)

func newBar(env Env, verb string, total int64, bytes bool) *bar {
	b := &bar{w: env.Stderr, on: env.StderrIsTTY, verb: verb, bytes: bytes, total: total, now: time.Now}
	if b.on {
		b.start = b.now()
		b.last = b.start
	}
	return b
}

// set records that done (bytes or articles) of the total and articles
// articles are done, and redraws the bar when it is time to. It is cheap
// enough to call per article.
func (b *bar) set(done int64, articles int) {
	if !b.on {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls++
	if !b.bytes && b.calls%32 != 0 { // called per article: look at the clock less often
		return
	}
	t := b.now()
	if t.Sub(b.last) < barEvery {
		return
	}
	b.last = t
	b.shown = true
	fmt.Fprint(b.w, "\r\033[K"+b.line(done, articles, t.Sub(b.start)))
}

func (b *bar) line(done int64, articles int, elapsed time.Duration) string {
	var s strings.Builder
	s.WriteString(b.verb)
	if b.total > 0 {
		frac := min(float64(done)/float64(b.total), 1)
		n := int(frac * barWidth)
		fmt.Fprintf(&s, " [%s%s] %3.0f%%", strings.Repeat("#", n), strings.Repeat("-", barWidth-n), 100*frac)
	}
	if b.bytes {
		fmt.Fprintf(&s, "  %s", megabytes(done))
		if b.total > 0 {
			fmt.Fprintf(&s, " of %s", megabytes(b.total))
		}
		fmt.Fprintf(&s, "  %s articles", thousands(int64(articles)))
	} else {
		fmt.Fprintf(&s, "  %s", thousands(done))
		if b.total > 0 {
			fmt.Fprintf(&s, " of %s", thousands(b.total))
		}
		s.WriteString(" articles")
	}
	if sec := elapsed.Seconds(); sec > 0 && done > 0 {
		rate := float64(done) / sec
		if b.bytes {
			fmt.Fprintf(&s, "  %s/s", megabytes(int64(rate)))
		} else {
			fmt.Fprintf(&s, "  %s articles/s", thousands(int64(rate)))
		}
		if b.total > done {
			left := time.Duration(float64(b.total-done) / rate * float64(time.Second))
			if left < time.Second {
				s.WriteString("  <1s left")
			} else {
				fmt.Fprintf(&s, "  %s left", left.Round(time.Second))
			}
		}
	}
	return s.String()
}

// finish clears the bar and prints the summary: what was done (and where,
// if not ""), in how long, at what rate. inBytes is the size of the input
// (0: not shown).
func (b *bar) finish(what string, articles int, where string, inBytes int64) {
	if !b.on {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	elapsed := b.now().Sub(b.start)
	if b.shown {
		fmt.Fprint(b.w, "\r\033[K")
	}
	fmt.Fprintf(b.w, "%s %s articles", what, thousands(int64(articles)))
	if inBytes > 0 {
		fmt.Fprintf(b.w, " (%s)", megabytes(inBytes))
	}
	if where != "" {
		fmt.Fprintf(b.w, " %s", where)
	}
	fmt.Fprintf(b.w, " in %.2f s", elapsed.Seconds())
	if sec := elapsed.Seconds(); sec > 0 {
		fmt.Fprintf(b.w, ", %s articles/s", thousands(int64(float64(articles)/sec)))
		if inBytes > 0 {
			fmt.Fprintf(b.w, ", %s/s", megabytes(int64(float64(inBytes)/sec)))
		}
	}
	fmt.Fprintln(b.w)
}

// abandon clears the bar without a summary (the command failed).
func (b *bar) abandon() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.on && b.shown {
		fmt.Fprint(b.w, "\r\033[K")
		b.shown = false
	}
}

// println prints a line of its own (a warning) above the bar, which the
// next set redraws.
func (b *bar) println(msg string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.on && b.shown {
		fmt.Fprint(b.w, "\r\033[K")
		b.shown = false
		b.last = time.Time{}
	}
	fmt.Fprintln(b.w, msg)
}

func megabytes(n int64) string {
	if n < 10e6 {
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.0f MB", float64(n)/1e6)
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 || len(s) <= 3 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
