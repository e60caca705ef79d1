package cli

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/spanmark/spanmark/internal/gencorpus"
	"github.com/spanmark/spanmark/internal/pgtest"
	"github.com/spanmark/spanmark/store"
)

// TestImportCutByAServerStopIsAllOrNothing stops the server while
// `spanmark import` copies 3,000 articles into a database (new, and one
// holding 10 articles), as an admin's restart (fast) and as a crash
// (immediate): the command exits 1 with one line saying the server went
// away and nothing was saved, and once the server is back
// the database holds what it held before, or, had the commit gone
// through, everything.
func TestImportCutByAServerStopIsAllOrNothing(t *testing.T) {
	srv := pgtest.OwnWith(t, pgtest.Config{Durable: true})
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	f, err := os.Create(corpus)
	if err != nil {
		t.Fatal(err)
	}
	if err := gencorpus.Write(f, gencorpus.Options{Articles: 3000, Words: 600, Spans: 5, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	before := writeFile(t, dir, "before.jsonl", []byte(`{"id":"x1","text":"one"}`+"\n"+`{"id":"x2","text":"two"}`+"\n"))
	for _, c := range []struct {
		mode string
		held bool // the database holds articles before
	}{{"fast", false}, {"immediate", false}, {"fast", true}, {"immediate", true}} {
		t.Run(c.mode+map[bool]string{true: " into a database with articles", false: " into a new database"}[c.held], func(t *testing.T) {
			url, err := srv.CreateDB()
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			if c.held {
				if code, _, e := runCLI(t, "import", "--db", url, before); code != ExitOK {
					t.Fatal(e)
				}
				want = 2
			}
			type result struct {
				code     int
				out, err string
			}
			done := make(chan result, 1)
			go func() {
				code, out, errOut := runCLI(t, "import", "--db", url, corpus)
				done <- result{code, out, errOut}
			}()
			waitForCopy(t, srv, url)
			if err := srv.Halt(c.mode); err != nil {
				t.Fatal(err)
			}
			var r result
			select {
			case r = <-done:
			case <-time.After(60 * time.Second):
				t.Fatal("the import did not end after the server stopped")
			}
			if err := srv.Resume(); err != nil {
				t.Fatal(err)
			}
			db, err := store.OpenReadOnly(url, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			st, err := db.Stats(context.Background())
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("exit %d, %d articles after the restart: %s", r.code, st.Articles, strings.TrimSpace(r.err))
			switch {
			case r.code == ExitOK && st.Articles == want+3000:
				t.Logf("the commit went through before the stop")
			case r.code == ExitOK:
				t.Fatalf("import said it was done, but %d articles are there, want %d", st.Articles, want+3000)
			case st.Articles != want && !strings.Contains(r.err, "may or may not"):
				t.Fatalf("after a failed import %d articles are there, want %d (all or nothing)", st.Articles, want)
			}
			if r.code != ExitOK {
				if r.code != ExitFail || r.out != "" || strings.Count(r.err, "\n") != 1 ||
					!strings.HasPrefix(r.err, "import into "+url+": ") || !strings.Contains(r.err, srv.Addr()) ||
					!strings.Contains(r.err, "nothing was saved: lost the connection to the PostgreSQL server at") || strings.Contains(r.err, "corpus.jsonl") {
					t.Errorf("exit %d, stdout %q, stderr %q: want exit 1 and one line saying the server at %s went away and nothing was saved, blaming no input line",
						r.code, r.out, r.err, srv.Addr())
				}
			}
		})
	}
}

// waitForCopy waits until a COPY into the database at url runs.
func waitForCopy(t *testing.T, srv *pgtest.Server, url string) {
	t.Helper()
	ctx := context.Background()
	name := url[strings.LastIndex(url, "/")+1:]
	name, _, _ = strings.Cut(name, "?")
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		if err := c.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND query ILIKE 'copy%' AND state = 'active'`, name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatal("no COPY started in 20 s")
}

// TestCommandsSayWhyTheServerRefused runs commands on URLs a user gets
// wrong: each exits 1 with one line naming the server and what to do.
func TestCommandsSayWhyTheServerRefused(t *testing.T) {
	url := pgtest.URL(t)
	base := url[:strings.LastIndex(url, "/")]
	hostPort := strings.TrimPrefix(base, "postgres://spanmark@")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	gold := writeFile(t, t.TempDir(), "a.jsonl", []byte(`{"id":"a","text":"one"}`+"\n"))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"stats", "--db", base + "/nosuchdb?sslmode=disable"},
			`open database ` + base + `/nosuchdb?sslmode=disable: no database "nosuchdb" on the server at ` + hostPort + `: create it first (createdb -h 127.0.0.1 -p `},
		{[]string{"import", "--db", "postgres://ana:Secret-pw@" + closed + "/x", gold},
			`open database postgres://ana:xxxxx@` + closed + `/x: no PostgreSQL server answers at ` + closed + ` (connection refused): is the server running, and on that port?`},
		{[]string{"export", "--db", strings.Replace(url, "spanmark@", "zed@", 1)},
			`no user "zed" on the server at ` + hostPort + `: an administrator adds it (spanmark team add zed --role annotator)`},
		{[]string{"labels", "--db", strings.Replace(url, "disable", "require", 1)},
			`the server at ` + hostPort + ` does not offer encrypted connections (TLS), and the URL asks for sslmode=require`},
	} {
		code, out, errOut := runCLI(t, c.args...)
		if code != ExitFail || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, c.want) || strings.Contains(errOut, "Secret-pw") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 and one line with %q", c.args[:1], code, out, errOut, c.want)
		}
		t.Logf("spanmark %s: %s", c.args[0], strings.TrimSpace(errOut))
	}
}
