// Package gencorpus writes a synthetic news corpus in spanmark's JSONL
// format for the benchmarks: N articles of about W words with S spans each,
// deterministic for a seed, non-ASCII text included (accents, curly
// quotes, dashes, CJK and emoji — emoji are outside the BMP, so byte,
// UTF-16 and code point offsets all differ).
//
// With Mixed, the corpus looks like a project under way, for the window's
// scale benchmark: articles in every status, spans by three annotators (ana
// on most articles, ben on about a fifth, cleo on one in 200), the spans
// of reviewed articles accepted, and a claim (over the first 40 code
// points) in one article in 100.
package gencorpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
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

// Options say what to write.
type Options struct {
	Articles int    // how many
	Words    int    // per article
	Spans    int    // per article
	Seed     uint64 // the same seed writes the same corpus
	Mixed    bool   // statuses, annotators and reviews as in a project under way
}

type span struct {
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Text      string `json:"text"`
	Label     string `json:"label"`
	Kind      string `json:"kind,omitempty"`
	Annotator string `json:"annotator,omitempty"`
	Review    string `json:"review,omitempty"`
	Reviewer  string `json:"reviewer,omitempty"`
}

type record struct {
	ID     string            `json:"id"`
	Text   string            `json:"text"`
	Meta   map[string]string `json:"meta"`
	Status string            `json:"status,omitempty"`
	Spans  []span            `json:"spans"`
}

// ID is the id of article i.
func ID(i int) string { return fmt.Sprintf("bench-%06d", i) }

// Write writes the corpus to w, one article per line.
func Write(w io.Writer, o Options) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	rng := rand.New(rand.NewPCG(o.Seed, 0))
	var b strings.Builder
	for i := 0; i < o.Articles; i++ {
		b.Reset()
		rec := record{ID: ID(i), Meta: map[string]string{"source": "synthetic"}}
		annotator, review, claim := "", "", false
		if o.Mixed {
			rec.Status, annotator, review = mixed(rng)
			claim = rng.IntN(100) == 0
		}
		every := o.Words / max(o.Spans, 1)
		runes := 0
		for j := 0; j < o.Words; j++ {
			if j > 0 {
				if j%90 == 0 {
					b.WriteString(".\n\n")
					runes += 3
				} else {
					b.WriteByte(' ')
					runes++
				}
			}
			if len(rec.Spans) < o.Spans && j%every == every/2 {
				nm := names[rng.IntN(len(names))]
				l := utf8.RuneCountInString(nm.text)
				sp := span{Start: runes, End: runes + l, Text: nm.text, Label: nm.label, Annotator: annotator}
				if review != "" {
					sp.Review, sp.Reviewer = review, "rev"
				}
				rec.Spans = append(rec.Spans, sp)
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
		if claim {
			r := []rune(rec.Text)
			n := min(40, len(r))
			rec.Spans = append(rec.Spans, span{Start: 0, End: n, Text: string(r[:n]), Label: "CLAIM", Kind: "claim", Annotator: annotator})
		}
		if err := enc.Encode(&rec); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// mixed draws an article's status, the annotator of its spans and their
// review: 60 % todo, 15 % in progress, 20 % done, 5 % reviewed (spans
// accepted); spans by ana (79.5 %), ben (20 %) or cleo (0.5 %).
func mixed(rng *rand.Rand) (status, annotator, review string) {
	switch p := rng.IntN(1000); {
	case p < 600:
		status = "todo"
	case p < 750:
		status = "in_progress"
	case p < 950:
		status = "done"
	default:
		status, review = "reviewed", "accepted"
	}
	switch p := rng.IntN(1000); {
	case p < 5:
		annotator = "cleo"
	case p < 205:
		annotator = "ben"
	default:
		annotator = "ana"
	}
	return status, annotator, review
}
