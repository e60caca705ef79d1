// Command teamtag times a team tagging at once on one PostgreSQL server
// (package internal/teamload): for each number of processes, RUNS runs on
// a new database of a throwaway cluster, each process tagging TAGS spans
// through session.Tag on ARTICLES shared articles; it prints a table of
// the medians over the runs and fails when a span is missing or a process
// failed. bench/team.sh runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spanmark/spanmark/internal/pgtest"
	"github.com/spanmark/spanmark/internal/teamload"
)

func main() {
	teamload.WorkerFromEnv() // a worker of the run below
	procs := flag.String("procs", "1,8", "numbers of processes, comma-separated")
	tags := flag.Int("tags", 1000, "spans each process tags")
	articles := flag.Int("articles", 4, "articles the processes share")
	runs := flag.Int("runs", 3, "runs of each number of processes (alternating); the table shows medians")
	flag.Parse()
	if err := run(*procs, *tags, *articles, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "teamtag:", err)
		os.Exit(1)
	}
}

type row struct{ wall, rate, p50, p99, max []float64 }

func run(procList string, tags, articles, runs int) error {
	var ns []int
	for _, f := range strings.Split(procList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("-procs %q: want numbers such as 1,8", procList)
		}
		ns = append(ns, n)
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	srv, err := pgtest.Start()
	if err != nil {
		return err
	}
	defer srv.Stop()
	ctx := context.Background()
	rows := make([]row, len(ns))
	for r := 0; r < runs; r++ {
		for i, n := range ns {
			url, err := srv.CreateDB()
			if err != nil {
				return err
			}
			c := teamload.Config{URL: url, Procs: n, Tags: tags, Articles: articles}
			if err := teamload.Prepare(ctx, c); err != nil {
				return err
			}
			res, err := teamload.Run(ctx, c, func(p int) *exec.Cmd { return teamload.Command(exe, nil, c, p) })
			if err != nil {
				return err
			}
			if err := teamload.Check(ctx, c); err != nil {
				return err
			}
			rw := &rows[i]
			rw.wall = append(rw.wall, res.Wall.Seconds())
			rw.rate = append(rw.rate, float64(len(res.Times))/res.Wall.Seconds())
			rw.p50 = append(rw.p50, ms(res.Quantile(0.5)))
			rw.p99 = append(rw.p99, ms(res.Quantile(0.99)))
			rw.max = append(rw.max, ms(res.Quantile(1)))
			fmt.Fprintf(os.Stderr, "run %d, %d processes: %.1f s, p99 %.1f ms\n", r+1, n, res.Wall.Seconds(), ms(res.Quantile(0.99)))
		}
	}
	fmt.Printf("| processes × tags | articles | all saved | wall s | tags/s | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|---|\n")
	for i, n := range ns {
		rw := rows[i]
		fmt.Printf("| %d × %d | %d | %d of %d | %.1f | %.0f | %.1f | %.1f | %.0f |\n", n, tags, articles, n*tags, n*tags,
			median(rw.wall), median(rw.rate), median(rw.p50), median(rw.p99), median(rw.max))
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[(len(s)-1)/2]
}
