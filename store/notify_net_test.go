package store

import (
	"context"
	"io"
	"net"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/internal/pgtest"
)

// blackhole is a TCP proxy to a server that can lose the network: cut
// makes every connection through it go silent (bytes sent are swallowed,
// none come back, nothing is closed: what a pulled cable or a dropped
// VPN looks like to TCP), and new connections hang; heal lets new
// connections through again, while the cut ones stay dead.
type blackhole struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	cut    bool
	dead   []*atomic.Bool // one per connection made
	conns  []net.Conn
}

func newBlackhole(t *testing.T, target string) *blackhole {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b := &blackhole{ln: ln, target: target}
	t.Cleanup(func() {
		ln.Close()
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, c := range b.conns {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go b.serve(c)
		}
	}()
	return b
}

func (b *blackhole) serve(c net.Conn) {
	dead := &atomic.Bool{}
	b.mu.Lock()
	b.conns = append(b.conns, c)
	b.dead = append(b.dead, dead)
	if b.cut {
		dead.Store(true)
	}
	b.mu.Unlock()
	if dead.Load() {
		io.Copy(io.Discard, c) // never answered
		return
	}
	s, err := net.Dial("tcp", b.target)
	if err != nil {
		c.Close()
		return
	}
	b.mu.Lock()
	b.conns = append(b.conns, s)
	b.mu.Unlock()
	pipe := func(dst, src net.Conn) {
		buf := make([]byte, 32<<10)
		for {
			n, err := src.Read(buf)
			if err != nil {
				if !dead.Load() {
					dst.Close()
				}
				return
			}
			if !dead.Load() {
				dst.Write(buf[:n])
			}
		}
	}
	go pipe(s, c)
	pipe(c, s)
}

func (b *blackhole) setCut(cut bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.cut = cut
	if cut {
		for _, d := range b.dead {
			d.Store(true)
		}
	}
}

// via is url with its host and port those of the proxy.
func (b *blackhole) via(t *testing.T, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = b.ln.Addr().String()
	return u.String()
}

func TestLosingTheNetworkSaysOfflineCutsWaitingWritesShortAndComesBack(t *testing.T) {
	direct := pgtest.URL(t)
	u, _ := url.Parse(direct)
	hole := newBlackhole(t, u.Host)
	ana, err := Open(hole.via(t, direct))
	if err != nil {
		t.Fatal(err)
	}
	defer ana.Close()
	ben, err := Open(direct)
	if err != nil {
		t.Fatal(err)
	}
	defer ben.Close()
	mustImport(t, ben, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: osloText}), rec(2, annotate.Article{ID: "b", Text: osloText}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := ana.Listen(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := ana.SetStatus(ctx, "a", annotate.StatusInProgress); err != nil { // a pooled connection through the proxy
		t.Fatal(err)
	}
	next(t, ch, time.Second) // ana's own

	hole.setCut(true)
	t0 := time.Now()
	done := make(chan error, 1)
	go func() { done <- ana.SetStatus(ctx, "a", annotate.StatusDone) }() // waits on the silent network
	if ev := next(t, ch, ListenPing+listenPingWait+2*time.Second); ev.Offline == nil {
		t.Fatalf("heard %+v after the cut, want offline", ev)
	}
	t.Logf("offline heard %v after the cut", time.Since(t0))
	select {
	case err := <-done:
		if !IsOffline(err) {
			t.Errorf("the write waiting when the network went: %v, want an offline error", err)
		}
		t.Logf("the waiting write returned %v after the cut", time.Since(t0))
	case <-time.After(2 * time.Second):
		t.Fatal("the write waiting on the lost network did not return once offline was heard")
	}
	t1 := time.Now()
	if err := ana.SetStatus(ctx, "a", annotate.StatusDone); !IsOffline(err) || time.Since(t1) > time.Second {
		t.Errorf("a write while offline: %v after %v, want an offline error at once", err, time.Since(t1))
	}
	if err := ben.SetStatus(WithWho(ctx, "ben"), "b", annotate.StatusDone); err != nil { // ben's network is fine
		t.Fatal(err)
	}

	hole.setCut(false)
	t2 := time.Now()
	if ev := next(t, ch, ListenRetryMax+connectTimeout+2*time.Second); !ev.Online {
		t.Fatalf("heard %+v after the network came back, want online", ev)
	}
	t.Logf("online heard %v after the network came back", time.Since(t2))
	if err := ana.SetStatus(ctx, "a", annotate.StatusDone); err != nil {
		t.Errorf("ana's write once back: %v", err)
	}
	b, err := ana.Article(ctx, "b")
	if err != nil || b.Status != annotate.StatusDone {
		t.Errorf("ana reads b as %v (%v), want ben's done", b, err)
	}
	a, _ := ben.Article(ctx, "a")
	if a.Status != annotate.StatusDone {
		t.Errorf("a is %s, want ana's done", a.Status)
	}
}
