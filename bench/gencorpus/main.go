// Command gencorpus writes a synthetic news corpus in spanmark's JSONL format
// for the benchmarks (package internal/gencorpus says what is in it).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/spanmark/spanmark/internal/gencorpus"
)

func main() {
	var o gencorpus.Options
	flag.IntVar(&o.Articles, "n", 100000, "articles")
	flag.IntVar(&o.Words, "words", 600, "words per article")
	flag.IntVar(&o.Spans, "spans", 5, "spans per article")
	flag.Uint64Var(&o.Seed, "seed", 1, "random seed")
	flag.BoolVar(&o.Mixed, "mixed", false, "statuses, three annotators and reviews, as in a project under way")
	out := flag.String("out", "-", "output file")
	flag.Parse()

	f := os.Stdout
	if *out != "-" {
		var err error
		if f, err = os.Create(*out); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	err := gencorpus.Write(f, o)
	if err == nil && f != os.Stdout {
		err = f.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
