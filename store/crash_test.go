package store

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// TestKilledProcessLosesNoCommittedEdit runs edits in a child process,
// kills it (SIGKILL) right after an edit returned, and checks that every
// edit that returned nil is in the database.
func TestKilledProcessLosesNoCommittedEdit(t *testing.T) {
	if os.Getenv("SPANMARK_CRASH_CHILD") != "" {
		crashChild()
		return
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: oslo}))
	db.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledProcessLosesNoCommittedEdit$")
	cmd.Env = append(os.Environ(), "SPANMARK_CRASH_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The child prints the number of each edit that returned nil.
	sc := bufio.NewScanner(out)
	done := 0
	for sc.Scan() {
		if n, err := strconv.Atoi(sc.Text()); err == nil {
			done = n
		}
		if done == 5 {
			cmd.Process.Kill()
			break
		}
	}
	cmd.Wait()
	if done != 5 {
		t.Fatalf("child reported %d edits", done)
	}
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := db.Article(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Spans) < done {
		t.Errorf("after kill -9: %d spans, but %d adds had returned", len(a.Spans), done)
	}
	checkIntegrity(t, db)
}

// crashChild adds spans one by one, printing each number after AddSpan
// returned, until it is killed.
func crashChild() {
	db, err := Open(os.Getenv("SPANMARK_CRASH_CHILD"))
	if err != nil {
		os.Exit(3)
	}
	for i := 1; ; i++ {
		start := i % 50
		if _, err := db.AddSpan(context.Background(), "a", annotate.Span{Start: start, End: start + 1, Label: "X", Annotator: strconv.Itoa(i)}); err != nil {
			os.Exit(4)
		}
		os.Stdout.WriteString(strconv.Itoa(i) + "\n")
	}
}
