// Package teamload checks and measures a team tagging at once on one
// PostgreSQL database: several processes, each with its own connection
// and its own annotator, tag spans through session.Tag — the window's
// tag, with its undo step and the reload of the article — on a few
// articles they share, all starting on the same one so that they contend.
// Prepare makes the articles, Run starts the processes (Work is each
// one's part) and gathers the time of every tag, Check counts what was
// saved.
package teamload

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/session"
	"github.com/spanmark/spanmark/store"
)

// Config is one load: Procs processes tagging Tags spans each over
// Articles articles.
type Config struct {
	URL      string
	Procs    int
	Tags     int
	Articles int
}

// perArticle is how many spans one process puts in one article.
func (c Config) perArticle() int { return (c.Tags + c.Articles - 1) / c.Articles }

// words is how many words an article needs: each process tags words of its own.
func (c Config) words() int { return c.Procs * c.perArticle() }

func articleID(i int) string { return fmt.Sprintf("team-%02d", i) }

// Annotator is the name process p tags as: its database user.
func Annotator(p int) string { return fmt.Sprintf("tagger%02d", p) }

// word k of an article is "wNNNNN " at code points 7k to 7k+6.
const wordLen = 7

// Prepare imports c.Articles articles of c.words() words into c.URL and
// makes each process's annotator a login role of the server that may write
// the database's tables: on PostgreSQL one annotates as one's database
// user. c.URL's user must be allowed to make roles (a superuser).
func Prepare(ctx context.Context, c Config) error {
	db, err := store.Open(c.URL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := addTaggers(ctx, c); err != nil {
		return err
	}
	var b strings.Builder
	for k := 0; k < c.words(); k++ {
		fmt.Fprintf(&b, "w%05d ", k)
	}
	text := b.String()
	i := 0
	_, err = db.Import(ctx, func() (*annotate.Record, error) {
		if i == c.Articles {
			return nil, io.EOF
		}
		i++
		return &annotate.Record{Article: annotate.Article{ID: articleID(i - 1), Text: text}, File: "teamload", Line: i}, nil
	}, store.ImportOptions{})
	return err
}

// addTaggers makes the login roles of the processes (kept when there
// already: roles belong to the whole server) and lets them write the
// tables of c.URL's database.
func addTaggers(ctx context.Context, c Config) error {
	conn, err := pgx.Connect(ctx, c.URL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	for p := 0; p < c.Procs; p++ {
		name := Annotator(p)
		for _, q := range []string{
			`DO $$ BEGIN CREATE ROLE ` + name + ` LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
			`GRANT USAGE ON SCHEMA public TO ` + name,
			`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ` + name,
			`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ` + name,
		} {
			if _, err := conn.Exec(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
	}
	return nil
}

// urlOf is c.URL with the user of process p.
func urlOf(c Config, p int) (string, error) {
	u, err := url.Parse(c.URL)
	if err != nil {
		return "", err
	}
	u.User = url.User(Annotator(p))
	return u.String(), nil
}

// Work is process p's part: it opens the database and a session, says
// "ready" on out, waits for a line on in, then tags c.Tags words (article
// by article, the same order in every process) and writes the
// nanoseconds of each Tag on out, one a line. Any error ends it.
func Work(ctx context.Context, c Config, p int, in io.Reader, out io.Writer) error {
	u, err := urlOf(c, p)
	if err != nil {
		return err
	}
	db, err := store.Open(u)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := session.New(ctx, db, Annotator(p))
	if err != nil {
		return err
	}
	var label annotate.Label
	for _, l := range s.Labels {
		if l.Kind == annotate.KindEntity {
			label = l
			break
		}
	}
	if label.Name == "" {
		return errors.New("no entity label in the label set")
	}
	w := bufio.NewWriter(out)
	fmt.Fprintln(w, "ready")
	if err := w.Flush(); err != nil {
		return err
	}
	if _, err := bufio.NewReader(in).ReadString('\n'); err != nil {
		return fmt.Errorf("waiting for the start: %w", err)
	}
	per := c.perArticle()
	for i := 0; i < c.Tags; i++ {
		a, j := i/per, i%per
		if j == 0 {
			if err := s.Open(articleID(a)); err != nil {
				return err
			}
		}
		k := p*per + j
		t0 := time.Now()
		if _, err := s.Tag(k*wordLen, k*wordLen+wordLen-1, label); err != nil {
			return fmt.Errorf("tag %d: %w", i+1, err)
		}
		fmt.Fprintln(w, time.Since(t0).Nanoseconds())
	}
	return w.Flush()
}

// Result is what the processes of Run measured.
type Result struct {
	Times []time.Duration // of every tag, shortest first
	Wall  time.Duration   // from the start signal to the last process's end
}

// Quantile is the q-quantile (0.5, 0.99, 1) of the tags' times.
func (r Result) Quantile(q float64) time.Duration {
	if len(r.Times) == 0 {
		return 0
	}
	i := int(q*float64(len(r.Times))+0.5) - 1
	return r.Times[max(0, min(i, len(r.Times)-1))]
}

// Run starts c.Procs processes, the command cmd(p) each (which runs Work
// for p), waits until every one is ready, starts them at once and gathers
// their times. A process that fails makes Run fail with its stderr.
func Run(ctx context.Context, c Config, cmd func(p int) *exec.Cmd) (Result, error) {
	type proc struct {
		cmd    *exec.Cmd
		in     io.WriteCloser
		out    *bufio.Scanner
		stderr strings.Builder
	}
	ps := make([]*proc, c.Procs)
	stopAll := func() {
		for _, p := range ps {
			if p != nil && p.cmd.Process != nil {
				p.cmd.Process.Kill()
				p.cmd.Wait()
			}
		}
	}
	for i := range ps {
		p := &proc{cmd: cmd(i)}
		p.cmd.Stderr = &p.stderr
		var err error
		if p.in, err = p.cmd.StdinPipe(); err != nil {
			stopAll()
			return Result{}, err
		}
		out, err := p.cmd.StdoutPipe()
		if err != nil {
			stopAll()
			return Result{}, err
		}
		p.out = bufio.NewScanner(out)
		if err := p.cmd.Start(); err != nil {
			stopAll()
			return Result{}, err
		}
		ps[i] = p
	}
	for i, p := range ps {
		if !p.out.Scan() || p.out.Text() != "ready" {
			stopAll()
			return Result{}, fmt.Errorf("process %d did not get ready: %s", i, strings.TrimSpace(p.stderr.String()))
		}
	}
	start := time.Now()
	for _, p := range ps {
		fmt.Fprintln(p.in, "go")
	}
	var (
		mu   sync.Mutex
		res  Result
		errs []error
		wg   sync.WaitGroup
	)
	for i, p := range ps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var times []time.Duration
			for p.out.Scan() {
				ns, err := strconv.ParseInt(p.out.Text(), 10, 64)
				if err != nil {
					continue
				}
				times = append(times, time.Duration(ns))
			}
			err := p.cmd.Wait()
			mu.Lock()
			defer mu.Unlock()
			res.Times = append(res.Times, times...)
			if err != nil {
				errs = append(errs, fmt.Errorf("process %d (%s): %v: %s", i, Annotator(i), err, strings.TrimSpace(p.stderr.String())))
			} else if len(times) != c.Tags {
				errs = append(errs, fmt.Errorf("process %d (%s) timed %d tags, want %d", i, Annotator(i), len(times), c.Tags))
			}
		}()
	}
	wg.Wait()
	res.Wall = time.Since(start)
	sort.Slice(res.Times, func(i, j int) bool { return res.Times[i] < res.Times[j] })
	return res, errors.Join(errs...)
}

// Check counts the spans of every process in the database: each must have
// c.Tags, each on the word it tagged.
func Check(ctx context.Context, c Config) error {
	db, err := store.OpenReadOnly(c.URL, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.Stats(ctx)
	if err != nil {
		return err
	}
	var errs []error
	if st.Spans != c.Procs*c.Tags {
		errs = append(errs, fmt.Errorf("%d spans in the database, want %d", st.Spans, c.Procs*c.Tags))
	}
	for p := 0; p < c.Procs; p++ {
		if n := st.ByAnnotator[Annotator(p)]; n != c.Tags {
			errs = append(errs, fmt.Errorf("%s has %d spans, want %d", Annotator(p), n, c.Tags))
		}
	}
	per := c.perArticle()
	for a := 0; a < c.Articles; a++ {
		art, err := db.Article(ctx, articleID(a))
		if err != nil {
			return err
		}
		for _, s := range art.Spans {
			k := s.Start / wordLen
			if p := k / per; Annotator(p) != s.Annotator || s.Start != k*wordLen {
				errs = append(errs, fmt.Errorf("%s: span %s of %s at %d–%d, on a word of %s", art.ID, s.ID, s.Annotator, s.Start, s.End, Annotator(p)))
			}
		}
	}
	return errors.Join(errs...)
}

// WorkerEnv is the variable that makes a test binary (or bench/teamtag)
// a worker: "URL PROCS TAGS ARTICLES P".
const WorkerEnv = "SPANMARK_TEAMLOAD_WORKER"

// WorkerFromEnv runs Work as the environment says, on stdin and stdout,
// and reports whether it was asked to; it exits the process.
func WorkerFromEnv() bool {
	v := os.Getenv(WorkerEnv)
	if v == "" {
		return false
	}
	f := strings.Fields(v)
	n := make([]int, 4)
	for i := range n {
		if len(f) == 5 {
			n[i], _ = strconv.Atoi(f[i+1])
		}
	}
	if len(f) != 5 || n[0] <= n[3] || n[1] <= 0 || n[2] <= 0 {
		fmt.Fprintf(os.Stderr, "%s=%q: want URL PROCS TAGS ARTICLES P\n", WorkerEnv, v)
		os.Exit(2)
	}
	c := Config{URL: f[0], Procs: n[0], Tags: n[1], Articles: n[2]}
	if err := Work(context.Background(), c, n[3], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
	return true
}

// Command is the worker command of process p: exe (a binary that calls
// WorkerFromEnv first) with args and the environment of p.
func Command(exe string, args []string, c Config, p int) *exec.Cmd {
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s %d %d %d %d", WorkerEnv, c.URL, c.Procs, c.Tags, c.Articles, p))
	return cmd
}
