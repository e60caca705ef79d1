package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Live updates on a PostgreSQL database. Every write transaction that
// touches an article (its spans, relations, status, the annotators' own
// statuses; everything that goes through getArticle) does two things there:
//
//   - it takes a transaction-level advisory lock on the article before it
//     reads it, so that two writers of one article take turns: without it
//     two windows adding a span at once both minted the same next id "sN"
//     and one failed on spans_pkey;
//   - it NOTIFYs channel notifyChannel with the article's id and who wrote
//     it. The server delivers the notification at commit, and only then.
//
// Listen hands a window those notifications (and whether the server can be
// reached) over a dedicated pgx connection that reconnects by itself.
// An SQLite file has none of this: one person, one window.
//
// The notification is sent by the store, not by a trigger: a trigger would
// also see raw SQL, but a row trigger costs every row of a COPY import and
// a statement trigger with transition tables keeps a copy of every row.
// What bypasses the store (psql) is seen by the others on their next read.

// notifyChannel is the channel the store NOTIFYs and Listen LISTENs on.
const notifyChannel = "spanmark_changes"

// articleLockKey is the first key of the advisory lock on an article (the
// second is hashtext of its id): "SpAr".
const articleLockKey = 0x53704172

// notifyMaxArticles is how many articles one transaction names; one that
// writes more tells "read everything again" (ArticleID "").
const notifyMaxArticles = 50

// WithWho is ctx saying who writes (the annotator name of the window or
// command): the store keeps it as the span's last writer (updated_by) and
// sends it with the live-update notification.
func WithWho(ctx context.Context, who string) context.Context {
	return context.WithValue(ctx, whoKey{}, who)
}

type whoKey struct{}

// who is who writes with ctx: WithWho's name, else the database user of a
// PostgreSQL URL, else "".
func (db *DB) who(ctx context.Context) string {
	if w, _ := ctx.Value(whoKey{}).(string); w != "" {
		return w
	}
	if db.live != nil {
		return db.live.user
	}
	return ""
}

// liveState is what a PostgreSQL DB keeps for live updates.
type liveState struct {
	cfg  *pgx.ConnConfig // for Listen's own connection
	name string          // the redacted URL, for messages
	user string          // the URL's user name
	pids *pidSet         // the pool's connections by backend pid: a notification from one is our own

	// off is why the listener finds the server out of reach, while it
	// does (nil otherwise): writes then fail at once instead of waiting on
	// a network that does not answer.
	off atomic.Pointer[error]
}

// pidSet is a pool's open connections by their backend process ids.
type pidSet struct{ m sync.Map }

func (p *pidSet) add(pid uint32, c *pgConn) {
	if p != nil {
		p.m.Store(pid, c)
	}
}

// sever closes the network connections under the pool's connections, so
// that a query waiting for a server that no longer answers (a lost
// network) returns at once, with an error, instead of after minutes of
// TCP retries. The pool replaces them.
func (p *pidSet) sever() {
	p.m.Range(func(_, v any) bool {
		if nc := v.(*pgConn).Conn.Conn().PgConn().Conn(); nc != nil {
			nc.Close()
		}
		return true
	})
}

func (p *pidSet) remove(pid uint32) {
	if p != nil {
		p.m.Delete(pid)
	}
}

func (p *pidSet) has(pid uint32) bool {
	if p == nil {
		return false
	}
	_, ok := p.m.Load(pid)
	return ok
}

// txNote is what a PostgreSQL write transaction wrote, for its NOTIFY.
type txNote struct {
	ids  []string
	seen map[string]bool
}

// txNotes maps a running write transaction (*sql.Tx) of a PostgreSQL
// database to its txNote; getArticle finds it there, as it is handed the
// transaction only.
var txNotes sync.Map

// noteArticle locks article id for the rest of transaction tx and notes it
// for the notification, when tx is a PostgreSQL write (db.write); on
// SQLite, whose writers take turns for the whole file, it does nothing.
func noteArticle(ctx context.Context, tx *sql.Tx, id string) error {
	v, ok := txNotes.Load(tx)
	if !ok {
		return nil
	}
	n := v.(*txNote)
	if n.seen[id] {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?, hashtext(?))`, articleLockKey, id); err != nil {
		return err
	}
	if n.seen == nil {
		n.seen = map[string]bool{}
	}
	n.seen[id] = true
	n.ids = append(n.ids, id)
	return nil
}

// notice is the payload of a notification.
type notice struct {
	Article string `json:"a"`  // "": many articles
	By      string `json:"by"` // who wrote
}

// announce NOTIFYs the articles n names (sent at commit).
func (db *DB) announce(ctx context.Context, tx *sql.Tx, n *txNote) error {
	if len(n.ids) == 0 {
		return nil
	}
	who := db.who(ctx)
	ids := n.ids
	if len(ids) > notifyMaxArticles {
		ids = []string{""}
	}
	payloads := make([]string, len(ids))
	for i, id := range ids {
		b, err := json.Marshal(notice{Article: id, By: who})
		if err != nil {
			return err
		}
		payloads[i] = string(b)
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_notify(?, p) FROM unnest(?::text[]) AS p`, notifyChannel, payloads)
	return err
}

// announceAll tells the listeners to read everything again, after a write
// too big to name its articles (an import, a merge). It is said after the
// commit, so a failure to say it is no failure of the write: the others
// see the change on their next read.
func (db *DB) announceAll(ctx context.Context) {
	if !db.pg {
		return
	}
	b, _ := json.Marshal(notice{By: db.who(ctx)})
	db.db.ExecContext(ctx, `SELECT pg_notify(?, ?)`, notifyChannel, string(b))
}

// Change is a write to the database that Listen reports.
type Change struct {
	ArticleID string // the article written; "" for many or unknown: read everything again
	By        string // who wrote it: the writer's annotator name, else its database user
	Own       bool   // written through this DB (the caller shows it already)
}

// LiveEvent is what Listen sends: a change, or news of the connection.
type LiveEvent struct {
	Change
	// Offline is why the server cannot be reached; Listen keeps trying
	// (with a growing pause, at most ListenRetryMax).
	Offline error
	// Online is true when the server is reached again after Offline: what
	// was written meanwhile was not told, so read everything again.
	Online bool
}

// Listen timing: how often a quiet connection is checked (a lost network
// does not close it), how long the check may take, and the longest pause
// between two attempts to reconnect. A connection attempt gives up after
// connectTimeout unless the URL says otherwise (connect_timeout).
const (
	ListenPing     = 2 * time.Second
	listenPingWait = 3 * time.Second
	ListenRetryMax = 2 * time.Second
	connectTimeout = 5 * time.Second
)

// goneOffline notes that the server is out of reach (err): writes fail at
// once from now on, and those waiting on the network are cut short.
func (l *liveState) goneOffline(err error) {
	if !connLost(err) {
		return // e.g. too many connections: the pool may still work
	}
	l.off.Store(&err)
	l.pids.sever()
}

// offline is the error of a write while the listener finds the server out
// of reach, else nil.
func (db *DB) offline() error {
	return db.live.offline()
}

// offline is why the server is out of reach while the listener finds it
// so, else nil (also for no liveState: an SQLite file).
func (l *liveState) offline() error {
	if l == nil {
		return nil
	}
	if p := l.off.Load(); p != nil {
		return asOffline(l.name, *p, "")
	}
	return nil
}

// Listen reports the writes other windows and commands make to this
// PostgreSQL database, and whether its server can be reached, until ctx
// ends; then the channel is closed. It returns once it listens, so that
// every write committed after it is reported. On an SQLite file it
// returns a nil channel: there is nobody else to hear from.
func (db *DB) Listen(ctx context.Context) (<-chan LiveEvent, error) {
	if !db.pg || db.live == nil {
		return nil, nil
	}
	conn, err := db.listenConn(ctx)
	if err != nil {
		return nil, fmt.Errorf("listen for changes on %s: %w", db.path, asOffline(db.path, err, ""))
	}
	out := make(chan LiveEvent, 64)
	go db.listen(ctx, conn, out)
	return out, nil
}

// listenConn is a new connection that LISTENs.
func (db *DB) listenConn(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, db.live.cfg.Copy())
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+notifyChannel); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	return conn, nil
}

func (db *DB) listen(ctx context.Context, conn *pgx.Conn, out chan<- LiveEvent) {
	defer close(out)
	send := func(ev LiveEvent) bool {
		select {
		case out <- ev:
			return true
		case <-ctx.Done():
			return false
		}
	}
	pause := 50 * time.Millisecond
	for {
		err := db.hear(ctx, conn, send)
		conn.Close(context.Background())
		if ctx.Err() != nil {
			return
		}
		db.live.goneOffline(err)
		if !send(LiveEvent{Offline: asOffline(db.path, err, "")}) {
			return
		}
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(pause):
			}
			pause = min(2*pause, ListenRetryMax)
			if conn, err = db.listenConn(ctx); err == nil {
				break
			}
		}
		pause = 50 * time.Millisecond
		// The pool's idle connections died with the server's: close them,
		// so that the next write does not meet one.
		db.db.SetMaxIdleConns(0)
		db.db.SetMaxIdleConns(2)
		db.live.off.Store(nil)
		if !send(LiveEvent{Online: true}) {
			conn.Close(context.Background())
			return
		}
	}
}

// hear passes on conn's notifications until it fails (or ctx ends).
func (db *DB) hear(ctx context.Context, conn *pgx.Conn, send func(LiveEvent) bool) error {
	for {
		wctx, cancel := context.WithTimeout(ctx, ListenPing)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, context.DeadlineExceeded) && !conn.IsClosed() {
			pctx, cancel := context.WithTimeout(ctx, listenPingWait)
			err = conn.Ping(pctx)
			cancel()
			if err == nil {
				continue
			}
		}
		if err != nil {
			return err
		}
		var p notice
		if json.Unmarshal([]byte(n.Payload), &p) != nil {
			p = notice{} // not ours: read everything again
		}
		if !send(LiveEvent{Change: Change{ArticleID: p.Article, By: p.By, Own: db.live.pids.has(n.PID)}}) {
			return ctx.Err()
		}
	}
}

// newLiveState is the live-update state of a pool opened on cfg (which
// gets a connect timeout when its URL has none); name is the redacted URL.
func newLiveState(cfg *pgx.ConnConfig, name string) *liveState {
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	return &liveState{cfg: cfg.Copy(), name: name, user: cfg.User, pids: &pidSet{}}
}

// backendPID is the server process of a pgx database/sql connection.
func backendPID(c *stdlib.Conn) uint32 { return c.Conn().PgConn().PID() }
