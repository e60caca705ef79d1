package store

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/internal/pgtest"
)

// next is the next event of ch, failing the test after wait.
func next(t *testing.T, ch <-chan LiveEvent, wait time.Duration) LiveEvent {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatal("the listener stopped")
		}
		return ev
	case <-time.After(wait):
		t.Fatalf("nothing heard in %v", wait)
	}
	return LiveEvent{}
}

// quiet fails when ch sends anything within wait.
func quiet(t *testing.T, ch <-chan LiveEvent, wait time.Duration) {
	t.Helper()
	select {
	case ev := <-ch:
		t.Fatalf("heard %+v, want nothing", ev)
	case <-time.After(wait):
	}
}

func TestListenHearsTheOthersWritesWithinASecond(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ana, ben := openTwo(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		mustImport(t, ben, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: osloText}), rec(2, annotate.Article{ID: "b", Text: osloText}))
		ch, err := ana.Listen(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if engineOf(t) == "sqlite" {
			if ch != nil {
				t.Fatal("Listen on an SQLite file gave a channel; want none (one person, one window)")
			}
			return
		}
		type step struct {
			name  string
			write func() error
			want  Change
		}
		var s1 annotate.Span
		steps := []step{
			{"ben tags", func() (err error) {
				s1, err = ben.AddSpan(WithWho(ctx, "ben"), "a", annotate.Span{Start: 8, End: 11, Label: "PERSON", Annotator: "ben"})
				return err
			}, Change{ArticleID: "a", By: "ben"}},
			{"ben relabels", func() error {
				after := s1
				after.Label = "ORG"
				return ben.Apply(WithWho(ctx, "ben"), annotate.Change{Kind: annotate.ChangeUpdateSpan, ArticleID: "a", Before: s1, Span: after})
			}, Change{ArticleID: "a", By: "ben"}},
			{"ben sets b's status", func() error { return ben.SetStatus(WithWho(ctx, "ben"), "b", annotate.StatusDone) }, Change{ArticleID: "b", By: "ben"}},
			{"ana's own tag", func() error {
				_, err := ana.AddSpan(WithWho(ctx, "ana"), "b", annotate.Span{Start: 0, End: 3, Label: "PERSON", Annotator: "ana"})
				return err
			}, Change{ArticleID: "b", By: "ana", Own: true}},
			{"no name: the URL's user", func() error { return ben.SetStatus(ctx, "a", annotate.StatusDone) }, Change{ArticleID: "a", By: "spanmark"}},
			{"ben imports: read everything again", func() error {
				_, err := ben.Import(WithWho(ctx, "ben"), feed(rec(3, annotate.Article{ID: "c", Text: osloText})), ImportOptions{})
				return err
			}, Change{By: "ben"}},
			{"ben applies patterns: read everything again", func() error {
				ps, err := annotate.ReadPatterns(strings.NewReader("GPE\tOslo\n"), false)
				if err != nil {
					return err
				}
				_, err = ben.Suggest(WithWho(ctx, "ben"), SuggestOptions{Matcher: annotate.NewMatcher(ps)})
				return err
			}, Change{By: "ben"}},
		}
		for _, st := range steps {
			t0 := time.Now()
			if err := st.write(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			ev := next(t, ch, time.Second)
			if ev.Change != st.want || ev.Offline != nil || ev.Online {
				t.Errorf("%s: heard %+v, want %+v", st.name, ev, st.want)
			}
			t.Logf("%s: heard after %v", st.name, time.Since(t0))
		}
		// a failed write tells nothing; a read neither
		if _, err := ben.AddSpan(ctx, "nope", annotate.Span{Start: 0, End: 3, Label: "PERSON"}); err == nil {
			t.Fatal("tagging a missing article worked")
		}
		if _, err := ben.Article(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		quiet(t, ch, 300*time.Millisecond)
		cancel()
		for range ch { // closed once ctx ends
		}
	})
}

func TestListenSaysOfflineAndComesBackWhenTheServerRestarts(t *testing.T) {
	srv, url := pgtest.Own(t)
	ana, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer ana.Close()
	ben, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer ben.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	mustImport(t, ben, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: osloText}))
	ch, err := ana.Listen(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"fast", "immediate"} {
		if err := srv.Halt(mode); err != nil {
			t.Fatal(err)
		}
		if ev := next(t, ch, 5*time.Second); ev.Offline == nil {
			t.Fatalf("%s stop: heard %+v, want offline", mode, ev)
		}
		if _, err := ana.AddSpan(ctx, "a", annotate.Span{Start: 0, End: 3, Label: "PERSON"}); err == nil || !IsOffline(err) {
			t.Errorf("%s stop: a write while the server is down: %v, want an offline error", mode, err)
		}
		if err := srv.Resume(); err != nil {
			t.Fatal(err)
		}
		t0 := time.Now()
		if ev := next(t, ch, 10*time.Second); !ev.Online {
			t.Fatalf("%s stop: heard %+v after the restart, want online", mode, ev)
		}
		t.Logf("%s stop: online %v after the server started", mode, time.Since(t0))
		// both pools write again at once, and the listener hears ben
		if err := ana.SetStatus(ctx, "a", annotate.StatusInProgress); err != nil {
			t.Errorf("%s stop: ana's first write after the restart: %v", mode, err)
		}
		if ev := next(t, ch, time.Second); !ev.Own {
			t.Errorf("%s stop: heard %+v, want ana's own write", mode, ev)
		}
		if err := ben.SetStatus(WithWho(ctx, "ben"), "a", annotate.StatusTodo); err != nil {
			t.Errorf("%s stop: ben's first write after the restart: %v", mode, err)
		}
		if ev := next(t, ch, time.Second); ev.Change != (Change{ArticleID: "a", By: "ben"}) {
			t.Errorf("%s stop: heard %+v, want ben's write", mode, ev)
		}
	}
}

func TestOnlyALostConnectionIsOffline(t *testing.T) {
	offlineErr := func(err error) error { return asOffline("postgres://u@db.example.org:5432/team", err, "") }
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"a truncated input file", fmt.Errorf("in.jsonl.gz: %w", io.ErrUnexpectedEOF), false},
		{"a refused change", ErrChangedByOther, false},
		{"the connection lost mid-write", offlineErr(io.ErrUnexpectedEOF), true},
		{"the connection lost, wrapped", fmt.Errorf("add span: %w", offlineErr(pgconn.ErrConnClosed)), true},
		{"the server shutting down", offlineErr(&pgconn.PgError{Code: "57P01"}), true},
		{"a constraint", offlineErr(&pgconn.PgError{Code: "23505"}), false},
		{"no error", offlineErr(nil), false},
	} {
		if got := IsOffline(c.err); got != c.want {
			t.Errorf("%s: IsOffline(%v) = %v, want %v", c.name, c.err, got, c.want)
		}
	}
}
