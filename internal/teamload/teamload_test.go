package teamload

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/spanmark/spanmark/internal/pgtest"
)

func TestMain(m *testing.M) {
	WorkerFromEnv() // a worker process of TestEightProcessesTagAtOnce
	os.Exit(pgtest.Run(m))
}

// TestEightProcessesTagAtOnce is issue 18's concurrency test: 8 processes,
// each with its own connection, each tag 1,000 spans (250 under -race) at
// once through session.Tag on 4 shared articles: every span is there, on
// its word, and no process met an error or a deadlock. The times are
// printed, not checked: the machine is shared.
func TestEightProcessesTagAtOnce(t *testing.T) {
	ctx := context.Background()
	c := Config{URL: pgtest.URL(t), Procs: 8, Tags: tagsEach, Articles: 4}
	if err := Prepare(ctx, c); err != nil {
		t.Fatal(err)
	}
	res, err := Run(ctx, c, func(p int) *exec.Cmd {
		return Command(os.Args[0], []string{"-test.run=^$"}, c, p)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(ctx, c); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d tags by %d processes in %.1f s: per tag p50 %.1f ms, p99 %.1f ms, max %.1f ms",
		len(res.Times), c.Procs, res.Wall.Seconds(), ms(res.Quantile(0.5)), ms(res.Quantile(0.99)), ms(res.Quantile(1)))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
