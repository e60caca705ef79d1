package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/internal/pgtest"
)

// wordsText is n words "wNNNNN " of 7 code points each.
func wordsText(n int) string {
	var b strings.Builder
	for k := 0; k < n; k++ {
		fmt.Fprintf(&b, "w%05d ", k)
	}
	return b.String()
}

// tagWord is the window's tag (AddSpan) of word k of article a.
func tagWord(db *DB, a string, k int) error {
	_, err := db.AddSpan(context.Background(), a, annotate.Span{Start: 7 * k, End: 7*k + 6, Label: "PERSON", Annotator: "ana"})
	return err
}

// taggedWords are the words of article a that have a span.
func taggedWords(t *testing.T, db *DB, a string) map[int]bool {
	t.Helper()
	art, err := db.Article(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]bool{}
	for _, s := range art.Spans {
		got[s.Start/7] = true
	}
	return got
}

// openOnOwnServer opens a new database on a cluster of its own (durable:
// a commit answered stays), holding article "a" of words words.
func openOnOwnServer(t *testing.T, words int) (*pgtest.Server, *DB) {
	t.Helper()
	s := pgtest.OwnWith(t, pgtest.Config{Durable: true})
	url, err := s.CreateDB()
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Import(context.Background(), feed(annotate.Record{Article: annotate.Article{ID: "a", Text: wordsText(words)}}), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return s, db
}

// checkOffline checks that err says the server is away, in words, and
// is ErrOffline.
func checkOffline(t *testing.T, s *pgtest.Server, what string, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s with the server stopped: no error", what)
	}
	if !errors.Is(err, ErrOffline) || !strings.Contains(err.Error(), s.Addr()) || strings.Contains(err.Error(), "SQLSTATE") || strings.Contains(err.Error(), "\n") {
		t.Errorf("%s with the server stopped: %q; want ErrOffline, one line naming %s without SQLSTATE", what, err, s.Addr())
	}
}

// TestTheSameHandleWorksAfterARestart stops the server under an open
// *DB, the way an admin restarts it (fast) and the way a crash does
// (immediate): writes and reads meanwhile fail saying the server is away
// and nothing is saved, and once it is back the same handle writes and
// reads at its first try, with everything saved before still there.
func TestTheSameHandleWorksAfterARestart(t *testing.T) {
	s, db := openOnOwnServer(t, 100)
	ctx := context.Background()
	k := 0
	want := map[int]bool{}
	for i, mode := range []string{"fast", "immediate", "fast", "immediate"} {
		// several connections in the pool, as the window's reads make
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() { defer wg.Done(); db.Article(ctx, "a") }()
		}
		wg.Wait()
		if err := tagWord(db, "a", k); err != nil {
			t.Fatalf("before stop %s: %v", mode, err)
		}
		want[k] = true
		k++
		if i >= 2 { // a restart the handle does not see: its pooled connections are dead
			t0 := time.Now()
			if err := s.Halt(mode); err != nil {
				t.Fatal(err)
			}
			if err := s.Resume(); err != nil {
				t.Fatal(err)
			}
			t.Logf("restarted (%s) in %.2f s", mode, time.Since(t0).Seconds())
			steps := []struct {
				what string
				do   func() error
			}{
				{"tag", func() error { return tagWord(db, "a", k) }},
				{"read", func() error { _, err := db.Article(ctx, "a"); return err }},
			}
			if i == 3 {
				steps[0], steps[1] = steps[1], steps[0]
			}
			for _, c := range steps {
				if err := c.do(); err != nil {
					t.Fatalf("first %s after a restart (%s) the handle did not see: %v", c.what, mode, err)
				}
			}
			want[k] = true
			k++
		}
		if err := s.Halt(mode); err != nil {
			t.Fatal(err)
		}
		err := tagWord(db, "a", k)
		checkOffline(t, s, "a tag", err)
		if !strings.Contains(err.Error(), "nothing of this change was saved: ") {
			t.Errorf("tag with the server stopped: %q does not say nothing was saved", err)
		}
		t.Logf("stopped (%s): %v", mode, err)
		k++
		_, err = db.Article(ctx, "a")
		checkOffline(t, s, "a read", err)
		if err := s.Resume(); err != nil {
			t.Fatal(err)
		}
		if err := tagWord(db, "a", k); err != nil {
			t.Fatalf("first tag after the restart (%s): %v", mode, err)
		}
		want[k] = true
		k++
		if got := taggedWords(t, db, "a"); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("after restart %s: words tagged %v, want %v", mode, got, want)
		}
	}
}

// TestServerStoppedMidEditLosesNothingReportedSaved tags word after word
// while the server is stopped and started again under the writer, a
// fast stop and a crash by turns: every tag that returned nil is there
// afterwards, every tag refused before its commit is not, and the writer
// carries on with the same handle once the server is back.
func TestServerStoppedMidEditLosesNothingReportedSaved(t *testing.T) {
	const words = 20000
	s, db := openOnOwnServer(t, words)
	type attempt struct {
		err  error
		when time.Time
	}
	var (
		mu       sync.Mutex
		attempts []attempt
		stop     = make(chan struct{})
		done     = make(chan struct{})
	)
	go func() {
		defer close(done)
		for k := 0; k < words; k++ {
			select {
			case <-stop:
				return
			default:
			}
			err := tagWord(db, "a", k)
			mu.Lock()
			attempts = append(attempts, attempt{err, time.Now()})
			mu.Unlock()
			if err != nil {
				time.Sleep(20 * time.Millisecond) // as a user tries again
			}
		}
	}()
	var resumed []time.Time
	for i, mode := range []string{"immediate", "fast", "immediate", "fast", "immediate", "immediate"} {
		time.Sleep(time.Duration(100+37*i) * time.Millisecond)
		if err := s.Halt(mode); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
		if err := s.Resume(); err != nil {
			t.Fatal(err)
		}
		resumed = append(resumed, time.Now())
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	<-done
	got := taggedWords(t, db, "a")
	var saved, refused, doubt, lost int
	msgs := map[string]int{}
	for k, a := range attempts {
		switch {
		case a.err == nil:
			saved++
			if !got[k] {
				lost++
				t.Errorf("word %d: the tag returned nil but is not in the database", k)
			}
		case strings.Contains(a.err.Error(), "may or may not"):
			doubt++
		default:
			refused++
			if got[k] {
				t.Errorf("word %d: the tag said %q but is in the database", k, a.err)
			}
		}
		if a.err != nil {
			checkOffline(t, s, fmt.Sprintf("tag of word %d", k), a.err)
			msg := a.err.Error()
			for _, d := range "0123456789" {
				msg = strings.ReplaceAll(msg, string(d), "#")
			}
			msgs[msg]++
		}
	}
	if refused == 0 {
		t.Errorf("no tag met the stopped server: the test stopped nothing")
	}
	last := resumed[len(resumed)-1]
	after := 0
	for _, a := range attempts {
		if a.when.After(last) && a.err == nil {
			after++
		}
	}
	if after == 0 {
		t.Errorf("no tag saved after the last restart: the handle did not recover")
	}
	t.Logf("%d tags: %d saved (%d after the last restart), %d refused, %d in doubt (the commit's answer lost), %d saved and lost", len(attempts), saved, after, refused, doubt, lost)
	for m, n := range msgs {
		t.Logf("%d× %s", n, m)
	}
}

// TestACommitCutByAStopSaysItMayNotBeSaved stops the server while a tag's
// COMMIT runs (a deferred trigger made slow holds it there): the client
// cannot know whether the commit was made, and says so instead of
// "nothing was saved".
func TestACommitCutByAStopSaysItMayNotBeSaved(t *testing.T) {
	s, db := openOnOwnServer(t, 100)
	if _, err := db.db.Exec(`CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN PERFORM pg_sleep(2); RETURN NULL; END $$;
		CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON spans DEFERRABLE INITIALLY DEFERRED
		FOR EACH ROW EXECUTE FUNCTION slow_commit()`); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- tagWord(db, "a", 1) }()
	time.Sleep(500 * time.Millisecond) // inside the commit's trigger
	if err := s.Halt("fast"); err != nil {
		t.Fatal(err)
	}
	err := <-done
	checkOffline(t, s, "a tag whose commit was cut", err)
	if err == nil || !strings.Contains(err.Error(), "may or may not have been saved") {
		t.Errorf("tag whose commit was cut: %v; want it to say it may or may not have been saved", err)
	}
	t.Log(err)
	if err := s.Resume(); err != nil {
		t.Fatal(err)
	}
	if got := taggedWords(t, db, "a"); len(got) != 0 {
		t.Errorf("words tagged after the restart: %v, want none (the commit never ended)", got)
	}
}
