package codec

import (
	"fmt"
	"time"

	"github.com/spanmark/spanmark/annotate"
)

// Prodigy's binary recipes (ner.teach and the like) write one task per
// suggested span with the annotator's verdict in "answer"; manual recipes
// write "accept" on tasks whose spans the annotator made or kept. The
// verdict is a review of the task's spans:
//
//	accept → accepted, reject → rejected, ignore → the span is left out
//	(the text is kept) and counted in one warning per file.
//
// What decides a span's review, first match wins: its own "review"
// (spanmark's export read back), its own "answer", the task's "answer".
// The task's "_annotator_id" (else "_session_id") names who answered: it
// becomes the Reviewer of the spans it decided and the Annotator of those
// that name none, so that two annotators' verdicts on one span stay two
// spans in the store. Article.Answer keeps the task's answer as read, and
// the JSONL writer writes it back only then.

// reviewOfAnswer maps a Prodigy answer; ignore reports an "ignore".
func reviewOfAnswer(answer string) (r annotate.Review, ignore bool, err error) {
	switch answer {
	case "accept":
		return annotate.ReviewAccepted, false, nil
	case "reject":
		return annotate.ReviewRejected, false, nil
	case "ignore":
		return annotate.ReviewNone, true, nil
	case "":
		return annotate.ReviewNone, false, nil
	}
	return "", false, fmt.Errorf(`answer %q: want "accept", "reject" or "ignore"`, clipStr(answer))
}

// ignoredCount adds up what "ignore" answers left out of one file.
type ignoredCount struct{ tasks, spans, rels int }

func (c *ignoredCount) warn(opt *Options, path string) {
	if c.spans == 0 && c.rels == 0 {
		return
	}
	msg := fmt.Sprintf(`%s of %s answered "ignore" left out (their texts were imported)`, plural(c.spans, "span"), plural(c.tasks, "task"))
	if c.rels > 0 {
		msg += fmt.Sprintf(", with %s between them", plural(c.rels, "relation"))
	}
	opt.warnf(path, 0, "%s", msg)
	*c = ignoredCount{}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// applyAnswers sets the review of d's spans from the answers of raw (the
// record d was drafted from) and leaves out the ignored ones.
func (raw *rawRecord) applyAnswers(d *draft, ign *ignoredCount) error {
	taskReview, taskIgnore, err := reviewOfAnswer(raw.Answer)
	if err != nil {
		return err
	}
	who := raw.AnnotatorID.s
	if who == "" {
		who = raw.SessionID.s
	}
	var when time.Time
	if raw.Timestamp != nil && *raw.Timestamp > 0 {
		when = time.Unix(*raw.Timestamp, 0).UTC()
	}
	var dropped map[string]bool // ids of the spans left out ("" when none had one)
	nDropped := 0
	kept := d.spans[:0]
	for i := range d.spans {
		s := d.spans[i]
		if s.Review == annotate.ReviewNone {
			r, ignore := taskReview, taskIgnore
			if a := raw.Spans[i].Answer; a != "" {
				if r, ignore, err = reviewOfAnswer(a); err != nil {
					return fmt.Errorf("span %d-%d: %v", s.Start, s.End, err)
				}
			}
			if ignore {
				if dropped == nil {
					dropped = map[string]bool{}
				}
				dropped[s.ID] = true
				nDropped++
				continue
			}
			if r != annotate.ReviewNone {
				s.Review, s.Reviewed = r, when
				if s.Reviewer == "" {
					s.Reviewer = who
				}
			}
		}
		if s.Annotator == "" {
			s.Annotator = who
		}
		kept = append(kept, s)
	}
	d.spans = kept
	if dropped == nil {
		return nil
	}
	ign.tasks++
	ign.spans += nDropped
	rels := d.rels[:0]
	for _, r := range d.rels {
		if (r.Head != "" && dropped[r.Head]) || (r.Child != "" && dropped[r.Child]) {
			ign.rels++
			continue
		}
		rels = append(rels, r)
	}
	d.rels = rels
	return nil
}
