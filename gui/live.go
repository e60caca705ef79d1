package gui

import (
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"

	"github.com/spanmark/spanmark/store"
)

// Live updates on a team's PostgreSQL database: what the others save is
// heard (store.DB.Listen), taken in by the session (Follow) and redrawn
// here, on the Fyne goroutine. An SQLite file has no listener.

// liveDo runs the listener's redraws on the Fyne goroutine (a test
// serialises them with its own steps: the test app runs them at once).
var liveDo = fyne.Do

// liveGather is how long the events that follow a first one are gathered
// before the window redraws once for all of them.
const liveGather = 30 * time.Millisecond

// listEvery is how often at most the others' writes read the article list
// and its counts again: on a busy team every window would otherwise count
// the articles at each of everyone's tags. The open article is read at once.
const listEvery = time.Second

// liveList is when the list was last read for the others' writes, and
// whether a read is waiting for listEvery to pass.
type liveList struct {
	last    time.Time
	pending bool
}

// startLive listens for the others' writes until the window closes.
func (u *ui) startLive() {
	db := u.s.DB()
	if !db.Postgres() {
		return
	}
	ch, err := db.Listen(u.ctx)
	if err != nil {
		u.bar.fail(err) // offline when the server went away meanwhile
		return
	}
	go func() {
		for ev := range ch {
			batch := []store.LiveEvent{ev}
			wait := time.After(liveGather)
		gather:
			for {
				select {
				case ev, ok := <-ch:
					if !ok {
						break gather
					}
					batch = append(batch, ev)
				case <-wait:
					break gather
				}
			}
			liveDo(func() { u.heard(batch) })
		}
	}()
}

// heard shows what the listener heard: the connection's state in the
// status bar, the others' changes in the open article and the list.
func (u *ui) heard(evs []store.LiveEvent) {
	var changes []store.Change
	for _, ev := range evs {
		switch {
		case ev.Offline != nil:
			u.bar.offline(ev.Offline)
		case ev.Online:
			u.bar.online()
			changes = append(changes, store.Change{}) // what was saved meanwhile is not known: read it all
		default:
			changes = append(changes, ev.Change)
		}
	}
	if len(changes) == 0 {
		return
	}
	open := u.openID()
	h, err := u.s.Follow(changes)
	if err != nil {
		u.bar.fail(err)
		return
	}
	switch {
	case h.Gone:
		u.articleGone(open, true)
		u.bar.hint(fmt.Sprintf("%s was deleted by %s", open, someone(h.By)))
	case h.Article:
		u.showSpans()
		u.claims.refresh()
		if h.By != "" {
			u.bar.hint(fmt.Sprintf("%s saved a change to this article at %s", h.By, time.Now().Format("15:04:05")))
		}
	}
	if h.List && !h.Gone {
		u.followList()
	}
	if h.Article && os.Getenv("SPANMARK_LIVE_LOG") != "" {
		// for measuring the delay between two windows (scripts/team-demo.sh)
		fmt.Fprintf(os.Stderr, "live: %s redrawn at %d ms (by %s, %d spans)\n", open, time.Now().UnixMilli(), h.By, len(u.s.Cur.Spans))
	}
}

// followList reads the list and its counts again for the others' writes,
// at most once per listEvery (the last waits for its turn). A search's
// rows are not searched again: its counts are.
func (u *ui) followList() {
	if u.live.pending {
		return
	}
	if wait := listEvery - time.Since(u.live.last); wait > 0 {
		u.live.pending = true
		time.AfterFunc(wait, func() {
			if u.ctx.Err() != nil {
				return // the window is closed
			}
			liveDo(func() {
				u.live.pending = false
				u.followList()
			})
		})
		return
	}
	u.live.last = time.Now()
	if u.s.List.Filter().Query != "" {
		u.refreshCounts()
		return
	}
	u.reloadListOrReport()
}

func someone(by string) string {
	if by == "" {
		return "someone else"
	}
	return by
}
