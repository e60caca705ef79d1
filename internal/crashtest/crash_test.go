package crashtest

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/cli"
	"github.com/spanmark/spanmark/store"
)

// kills is how many times each test kills its child: SPANMARK_CRASH_KILLS
// (make crashtest: 100), else 5 (make test), 2 with -short.
func kills(t *testing.T) int {
	if v := os.Getenv("SPANMARK_CRASH_KILLS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("SPANMARK_CRASH_KILLS=%q: want a positive number", v)
		}
		return n
	}
	if testing.Short() {
		return 2
	}
	return 5
}

// TestMain runs the children: a test binary started with SPANMARK_CRASH_CLI
// runs one spanmark command, with SPANMARK_CRASH_EDITS the edit loop.
func TestMain(m *testing.M) {
	if args := os.Getenv("SPANMARK_CRASH_CLI"); args != "" {
		os.Exit(cli.Run(strings.Split(args, "\x1f"), cli.OSEnv()))
	}
	if path := os.Getenv("SPANMARK_CRASH_EDITS"); path != "" {
		seed, _ := strconv.ParseUint(os.Getenv("SPANMARK_CRASH_SEED"), 10, 64)
		if err := editChild(path, seed); err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func child(env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env...)
	return cmd
}

// integrity runs PRAGMA integrity_check on the closed database at path.
func integrity(t *testing.T, path string) {
	t.Helper()
	sdb, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var res string
	if err := sdb.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check of %s after kill -9: %q, %v", path, res, err)
	}
}

// articleIDs opens the database as the window would (recovering what the
// killed process left) and returns its article ids.
func articleIDs(t *testing.T, path string) []string {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer db.Close()
	list, err := db.ListArticles(context.Background(), store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(list))
	for i, a := range list {
		ids[i] = a.ID
	}
	return ids
}

func corpus(prefix string, n int) string {
	var b strings.Builder
	body := strings.Repeat("Ana Lopez met Bob in Paris and said taxes rose by five percent. ", 40)
	for i := range n {
		fmt.Fprintf(&b, `{"id": "%s%05d", "text": %q, "spans": [{"start": 0, "end": 9, "label": "PERSON"}, {"start": 21, "end": 26, "label": "GPE"}]}`+"\n", prefix, i, body)
	}
	return b.String()
}

// runKilled starts cmd and kills it with SIGKILL after d (or lets it end
// first), and reports whether it was killed before it exited.
func runKilled(t *testing.T, cmd *exec.Cmd, d time.Duration) bool {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("child failed before it was killed: %v", err)
		}
		return false
	case <-time.After(d):
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
		return true
	}
}

func timeRun(t *testing.T, cmd *exec.Cmd) time.Duration {
	t.Helper()
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("unkilled run failed: %v: %s", err, out)
	}
	return time.Since(start)
}

// TestKilledImportIsAllOrNothing kills `spanmark import` at random moments,
// into a new database (bulk load with the rollback journal) and into one
// with articles (WAL): after each kill the database passes integrity_check
// and holds none or all of the import's articles.
func TestKilledImportIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	const n = 6000
	if err := os.WriteFile(in, []byte(corpus("imp", n)), 0o644); err != nil {
		t.Fatal(err)
	}
	seed := filepath.Join(dir, "seed.jsonl")
	os.WriteFile(seed, []byte(`{"id": "seed", "text": "Ann came."}`+"\n"), 0o644)
	importCmd := func(db string) *exec.Cmd {
		return child("SPANMARK_CRASH_CLI=" + strings.Join([]string{"import", "--db", db, in}, "\x1f"))
	}
	full := timeRun(t, importCmd(filepath.Join(dir, "timing.db")))
	rng := rand.New(rand.NewPCG(1, 2))
	killed, none, all, runs := 0, 0, 0, 0
	// Until kills(t) runs were killed before they exited (a kill timer can
	// fire after the process ended), at most 3× as many runs.
	for i := 0; killed < kills(t) && i < 3*kills(t); i++ {
		runs++
		db := filepath.Join(dir, fmt.Sprintf("k%03d.db", i))
		want0 := 0
		if i%2 == 1 { // a database with an article: the import runs in WAL
			if out, err := child("SPANMARK_CRASH_CLI=" + strings.Join([]string{"import", "--db", db, seed}, "\x1f")).CombinedOutput(); err != nil {
				t.Fatalf("seed: %v: %s", err, out)
			}
			want0 = 1
		}
		if runKilled(t, importCmd(db), time.Duration(rng.Int64N(int64(full)))) {
			killed++
		}
		// A reading command first: it must cope with what the kill left
		// (a hot rollback journal of a bulk load, a WAL) and agree.
		if _, err := os.Stat(db); err != nil && want0 == 0 {
			none++ // a new database is put in place complete, or not at all
			continue
		}
		if got := statsArticles(t, db); got != want0 && got != want0+n {
			t.Fatalf("kill %d: stats counts %d articles after a killed import, want %d or %d", i, got, want0, want0+n)
		}
		integrity(t, db)
		switch got := len(articleIDs(t, db)); got {
		case want0:
			none++
		case want0 + n:
			all++
		default:
			t.Fatalf("kill %d: %d articles after a killed import, want %d or %d", i, got, want0, want0+n)
		}
		os.Remove(db)
	}
	if killed < kills(t) {
		t.Errorf("only %d of %d runs were killed before they ended", killed, runs)
	}
	t.Logf("import: %d runs, %d killed before they ended (an unkilled run takes %v): %d left nothing, %d complete, 0 half-made", runs, killed, full.Round(time.Millisecond), none, all)
}

// TestKilledMergeIsAllOrNothing kills `spanmark merge` at random moments:
// the target passes integrity_check and has none or all of the sources'
// articles; the sources are not changed at all.
func TestKilledMergeIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	const n = 1500
	var srcs []string
	for _, who := range []string{"ana", "ben"} {
		in := filepath.Join(dir, who+".jsonl")
		os.WriteFile(in, []byte(corpus(who, n)), 0o644)
		db := filepath.Join(dir, who+".db")
		if out, err := child("SPANMARK_CRASH_CLI=" + strings.Join([]string{"import", "--db", db, "--annotator", who, in}, "\x1f")).CombinedOutput(); err != nil {
			t.Fatalf("source %s: %v: %s", who, err, out)
		}
		srcs = append(srcs, db)
	}
	sums := map[string]string{}
	for _, s := range srcs {
		sums[s] = fileSum(t, s)
	}
	seed := filepath.Join(dir, "seed.jsonl")
	os.WriteFile(seed, []byte(`{"id": "seed", "text": "Ann came."}`+"\n"), 0o644)
	mergeCmd := func(db string) *exec.Cmd {
		return child("SPANMARK_CRASH_CLI=" + strings.Join(append([]string{"merge", "--db", db}, srcs...), "\x1f"))
	}
	full := timeRun(t, mergeCmd(filepath.Join(dir, "timing.db")))
	rng := rand.New(rand.NewPCG(3, 4))
	killed, none, all, runs := 0, 0, 0, 0
	for i := 0; killed < kills(t) && i < 3*kills(t); i++ {
		runs++
		db := filepath.Join(dir, fmt.Sprintf("k%03d.db", i))
		if out, err := child("SPANMARK_CRASH_CLI=" + strings.Join([]string{"import", "--db", db, seed}, "\x1f")).CombinedOutput(); err != nil {
			t.Fatalf("seed: %v: %s", err, out)
		}
		if runKilled(t, mergeCmd(db), time.Duration(rng.Int64N(int64(full)))) {
			killed++
		}
		integrity(t, db)
		switch got := len(articleIDs(t, db)); got {
		case 1:
			none++
		case 1 + 2*n:
			all++
		default:
			t.Fatalf("kill %d: %d articles after a killed merge, want 1 or %d", i, got, 1+2*n)
		}
		for _, s := range srcs {
			if fileSum(t, s) != sums[s] {
				t.Fatalf("kill %d: merge changed its source %s", i, s)
			}
		}
		os.Remove(db)
	}
	if killed < kills(t) {
		t.Errorf("only %d of %d runs were killed before they ended", killed, runs)
	}
	t.Logf("merge: %d runs, %d killed before they ended (an unkilled run takes %v): %d left nothing, %d complete, 0 half-made; sources unchanged", runs, killed, full.Round(time.Millisecond), none, all)
}

func fileSum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestKilledEditsLoseNothingAcknowledged kills a child making window-path
// edits (tag, relabel, delete, set claim attributes, accept, set status,
// undo through annotate.History, as gui/edit.go does on the store) at
// random moments. Before each edit the child prints the article and the
// digest its spans will have, after the commit the digest it read back.
// After each kill every article must have the digest of its last
// acknowledged edit, or of the one edit begun and not acknowledged (it
// committed before the kill): never anything else.
func TestKilledEditsLoseNothingAcknowledged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "edits.db")
	var in strings.Builder
	for i := range 6 {
		fmt.Fprintf(&in, `{"id": "e%d", "text": "Ana Lopez met Bob in Paris and said taxes rose by five percent last year, then left for Berlin."}`+"\n", i)
	}
	src := filepath.Join(dir, "in.jsonl")
	os.WriteFile(src, []byte(in.String()), 0o644)
	if out, err := child("SPANMARK_CRASH_CLI=" + strings.Join([]string{"import", "--db", path, src}, "\x1f")).CombinedOutput(); err != nil {
		t.Fatalf("seed: %v: %s", err, out)
	}
	acked := digests(t, path)
	rng := rand.New(rand.NewPCG(5, 6))
	edits, refused, inflightCommitted, inflightLost := 0, 0, 0, 0
	for i := range kills(t) {
		cmd := child("SPANMARK_CRASH_EDITS="+path, "SPANMARK_CRASH_SEED="+strconv.Itoa(i+1))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		stopAfter := 1 + rng.IntN(40)
		var pending [2]string // article, digest of an edit begun
		sc := bufio.NewScanner(out)
		n := 0
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			switch {
			case len(f) == 3 && f[0] == "begin":
				pending = [2]string{f[1], f[2]}
			case len(f) == 3 && f[0] == "refused":
				if f[2] != acked[f[1]] {
					t.Fatalf("child: refused edit of %s left %s, want %s", f[1], f[2], acked[f[1]])
				}
				pending = [2]string{}
				refused++
			case len(f) == 3 && f[0] == "ack":
				if f[2] != pending[1] || f[1] != pending[0] {
					t.Fatalf("child: edit of %s read back %s, predicted %s", f[1], f[2], pending[1])
				}
				acked[f[1]] = f[2]
				pending = [2]string{}
				edits++
				n++
			default:
				t.Fatalf("child said %q", sc.Text())
			}
			if n == stopAfter {
				// Kill anywhere in the next edit: before, inside or after
				// its transaction. Lines the child printed before it died
				// are still read: what it acknowledged must be there.
				time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
				cmd.Process.Signal(syscall.SIGKILL)
			}
		}
		cmd.Wait()
		integrity(t, path)
		got := digests(t, path)
		for id, want := range acked {
			switch {
			case got[id] == want:
				if pending[0] == id {
					inflightLost++
				}
			case pending[0] == id && got[id] == pending[1]:
				inflightCommitted++
				acked[id] = got[id]
			default:
				t.Fatalf("kill %d: article %s is %s, want its last acknowledged state %s (or the in-flight %v)", i, id, got[id], want, pending)
			}
		}
	}
	t.Logf("edits: %d kills, %d acknowledged edits all found (%d more refused as duplicates); in-flight edits: %d committed, %d not (both allowed); 0 lost, 0 half-made", kills(t), edits, refused, inflightCommitted, inflightLost)
}

// digests returns the digest of every article of the closed database.
func digests(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer db.Close()
	ctx := context.Background()
	list, err := db.ListArticles(ctx, store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, s := range list {
		a, err := db.Article(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[s.ID] = digest(a.Status, a.Spans, a.Rels)
	}
	return out
}

// digest is a hash of what an edit changes: the status and the spans
// (without ids and times, which the store assigns), and the relations.
func digest(st annotate.Status, spans []annotate.Span, rels []annotate.Relation) string {
	lines := []string{"status " + string(st)}
	for _, s := range spans {
		attrs, _ := json.Marshal(s.Attrs) // sorted keys
		if len(s.Attrs) == 0 {
			attrs = nil
		}
		lines = append(lines, fmt.Sprintf("span %d %d %s %s %s %s %s %s", s.Start, s.End, s.Label, s.Kind, s.Annotator, s.Review, s.Reviewer, attrs))
	}
	lines = append(lines, fmt.Sprintf("rels %d", len(rels)))
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:8])
}

// statsArticles runs `spanmark stats --json` (a read-only open) in a child
// and returns its article count.
func statsArticles(t *testing.T, db string) int {
	t.Helper()
	cmd := child("SPANMARK_CRASH_CLI=" + strings.Join([]string{"stats", "--json", "--db", db}, "\x1f"))
	var errOut strings.Builder
	cmd.Stderr = &errOut
	out, err := cmd.Output()
	if err != nil {
		if keep := os.Getenv("SPANMARK_CRASH_KEEP"); keep != "" { // for a post-mortem
			for _, side := range []string{"", "-wal", "-shm", "-journal"} {
				if b, err := os.ReadFile(db + side); err == nil {
					os.WriteFile(filepath.Join(keep, filepath.Base(db)+side), b, 0o644)
				}
			}
		}
		t.Fatalf("stats after kill -9: %v: %s", err, errOut.String())
	}
	var st struct{ Articles int }
	if err := json.Unmarshal(out, &st); err != nil {
		t.Fatalf("stats --json: %v: %s", err, out)
	}
	return st.Articles
}
