// Command gencorpus writes a synthetic news corpus in spanmark's JSONL format
// for the import/export benchmark: N articles of about W words with S spans
// each, deterministic for a seed, non-ASCII text included (accents, curly
// quotes, dashes, CJK and emoji — emoji are outside the BMP, so byte, UTF-16
// and code point offsets all differ).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"unicode/utf8"
)

var vocab = strings.Fields(`the a of to and in that for on with as was said by at from his her it an were
which are but has had have been their not who its they this would will more after about than over government
minister police officials people year report city country president security forces killed attack court
market company election party health water school children week month national international military
economy prices budget council agency spokesman statement according percent million billion Tuesday
Friday “dangerous” “officials” café naïve résumé Zürich São Paulo Москва 東京 北京 العربية — – 😀 👍🏽`)

var names = []struct{ text, label string }{
	{"Mohammed Dahlan", "PERSON"}, {"Abdel Fattah Al Sissi", "PERSON"}, {"Angela Merkel", "PERSON"},
	{"José Ramos-Horta", "PERSON"}, {"Gulf News", "ORG"}, {"Middle East News Agency", "ORG"},
	{"United Nations", "ORG"}, {"Cairo", "GPE"}, {"Gaza Strip", "LOC"}, {"Zürich", "GPE"},
	{"東京", "GPE"}, {"Thursday, October 26, 2017", "DATE"}, {"16", "NUMBER"}, {"the Hajj", "EVENT"},
}

type span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Label string `json:"label"`
}

type record struct {
	ID    string            `json:"id"`
	Text  string            `json:"text"`
	Meta  map[string]string `json:"meta"`
	Spans []span            `json:"spans"`
}

func main() {
	n := flag.Int("n", 100000, "articles")
	words := flag.Int("words", 600, "words per article")
	spans := flag.Int("spans", 5, "spans per article")
	seed := flag.Uint64("seed", 1, "random seed")
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
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	rng := rand.New(rand.NewPCG(*seed, 0))
	var b strings.Builder
	for i := 0; i < *n; i++ {
		b.Reset()
		rec := record{ID: fmt.Sprintf("bench-%06d", i), Meta: map[string]string{"source": "synthetic"}}
		every := *words / max(*spans, 1)
		runes := 0
		for j := 0; j < *words; j++ {
			if j > 0 {
				if j%90 == 0 {
					b.WriteString(".\n\n")
					runes += 3
				} else {
					b.WriteByte(' ')
					runes++
				}
			}
			if len(rec.Spans) < *spans && j%every == every/2 {
				nm := names[rng.IntN(len(names))]
				l := utf8.RuneCountInString(nm.text)
				rec.Spans = append(rec.Spans, span{Start: runes, End: runes + l, Text: nm.text, Label: nm.label})
				b.WriteString(nm.text)
				runes += l
				continue
			}
			wd := vocab[rng.IntN(len(vocab))]
			b.WriteString(wd)
			runes += utf8.RuneCountInString(wd)
		}
		b.WriteByte('.')
		rec.Text = b.String()
		if err := enc.Encode(&rec); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if f != os.Stdout {
		if err := f.Close(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
