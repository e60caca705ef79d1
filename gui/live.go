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

// liveGather is how long the events that follow a first one are gathered
// before the window redraws once for all of them.
const liveGather = 30 * time.Millisecond

// startLive listens for the others' writes until the window closes.
func (u *ui) startLive() {
	db := u.s.DB()
	if !db.Postgres() {
		return
	}
	ch, err := db.Listen(u.ctx)
	if err != nil {
		u.bar.offline(err)
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
			fyne.Do(func() { u.heard(batch) })
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
		u.reloadListOrReport()
	}
	if h.Article && os.Getenv("SPANMARK_LIVE_LOG") != "" {
		// for measuring the delay between two windows (scripts/team-demo.sh)
		fmt.Fprintf(os.Stderr, "live: %s redrawn at %d ms (by %s, %d spans)\n", open, time.Now().UnixMilli(), h.By, len(u.s.Cur.Spans))
	}
}

func someone(by string) string {
	if by == "" {
		return "someone else"
	}
	return by
}
