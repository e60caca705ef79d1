package annotate

import (
	"encoding/json"
	"fmt"
	"time"
)

// MaxTextBytes is the largest article text accepted, in UTF-8 bytes.
const MaxTextBytes = 8 << 20

// Kind says whether a span marks an entity or a claim.
type Kind string

const (
	KindEntity Kind = "entity"
	KindClaim  Kind = "claim"
)

// ParseKind accepts "entity" or "claim".
func ParseKind(s string) (Kind, error) {
	switch Kind(s) {
	case KindEntity, KindClaim:
		return Kind(s), nil
	}
	return "", fmt.Errorf("unknown span kind %q (want entity or claim)", s)
}

// Status is the progress of an article.
type Status string

const (
	StatusTodo       Status = "todo"
	StatusInProgress Status = "in_progress"
	StatusDone       Status = "done"
	StatusReviewed   Status = "reviewed"
)

// Statuses lists every status in workflow order.
var Statuses = []Status{StatusTodo, StatusInProgress, StatusDone, StatusReviewed}

// ParseStatus accepts the status names, also "in progress" and "in-progress".
// The empty string is todo.
func ParseStatus(s string) (Status, error) {
	switch s {
	case "", "todo":
		return StatusTodo, nil
	case "in_progress", "in progress", "in-progress":
		return StatusInProgress, nil
	case "done":
		return StatusDone, nil
	case "reviewed":
		return StatusReviewed, nil
	}
	return "", fmt.Errorf("unknown status %q (want todo, in_progress, done or reviewed)", s)
}

// Review is a reviewer's decision on a span; empty means not reviewed.
type Review string

const (
	ReviewNone     Review = ""
	ReviewAccepted Review = "accepted"
	ReviewRejected Review = "rejected"
	// ReviewSuggested marks a span a pattern or "label all occurrences"
	// proposed and nobody has decided on yet: drawn apart, left out of
	// exports unless asked for. Accepting it makes it an ordinary span of
	// the person; rejecting keeps it, rejected, so it is not proposed again.
	ReviewSuggested Review = "suggested"
)

// ParseReview accepts "", "accepted", "rejected" or "suggested".
func ParseReview(s string) (Review, error) {
	switch Review(s) {
	case ReviewNone, ReviewAccepted, ReviewRejected, ReviewSuggested:
		return Review(s), nil
	}
	return "", fmt.Errorf("unknown review %q (want accepted, rejected or suggested)", s)
}

// Span is a labelled range of an article's text.
// Start and End are code point offsets, end-exclusive.
type Span struct {
	ID        string // unique within its article, e.g. "s1"
	Start     int    // code points
	End       int    // code points, exclusive
	Text      string // text[Start:End] in code points
	Label     string
	Kind      Kind
	Annotator string
	Review    Review
	Reviewer  string
	Reviewed  time.Time // when Review was last set; zero when unknown
	Attrs     map[string]string
	Created   time.Time
	Updated   time.Time
}

// Relation links two spans of one article by their ids.
type Relation struct {
	Head  string // span id
	Child string // span id
	Label string
}

// Article is one document with its annotations.
type Article struct {
	ID     string
	Text   string
	Meta   json.RawMessage // a JSON object, or nil
	Status Status
	Answer string // Prodigy's accept/reject/ignore, kept as given
	Spans  []Span
	Rels   []Relation
}

// Validate checks the article's id, text and every span and relation:
// offsets inside the text, start < end, a label, span text equal to the
// article text at its offsets, unique span ids, relations between spans of
// this article. It does not change the article.
func (a *Article) Validate() error {
	if a.ID == "" {
		return fmt.Errorf("article has no id")
	}
	if err := CheckFields(a); err != nil {
		return err
	}
	if len(a.Text) > MaxTextBytes {
		return fmt.Errorf("article %s: text is %d bytes, more than the limit of %d (8 MiB)", a.ID, len(a.Text), MaxTextBytes)
	}
	idx := NewRuneIndex(a.Text)
	ids := make(map[string]struct{}, len(a.Spans))
	for i := range a.Spans {
		s := &a.Spans[i]
		if err := idx.CheckSpan(s); err != nil {
			return err
		}
		if s.ID != "" {
			if _, dup := ids[s.ID]; dup {
				return fmt.Errorf("span id %q is used twice", s.ID)
			}
			ids[s.ID] = struct{}{}
		}
	}
	for _, r := range a.Rels {
		if r.Label == "" {
			return fmt.Errorf("relation %s→%s has no label", r.Head, r.Child)
		}
		for _, end := range []string{r.Head, r.Child} {
			if _, ok := ids[end]; !ok {
				return fmt.Errorf("relation %s %s→%s: no span %q in article %s", r.Label, r.Head, r.Child, end, a.ID)
			}
		}
	}
	return nil
}

// AssignSpanIDs gives every span without an id the next free id "sN".
func (a *Article) AssignSpanIDs() {
	used := make(map[string]struct{}, len(a.Spans))
	for _, s := range a.Spans {
		if s.ID != "" {
			used[s.ID] = struct{}{}
		}
	}
	n := 0
	for i := range a.Spans {
		if a.Spans[i].ID != "" {
			continue
		}
		for {
			n++
			id := "s" + itoa(n)
			if _, ok := used[id]; !ok {
				a.Spans[i].ID = id
				used[id] = struct{}{}
				break
			}
		}
	}
}

// FillSpanText sets each span's Text from the article text where it is empty.
// Offsets must already be inside the text.
func (a *Article) FillSpanText() {
	idx := NewRuneIndex(a.Text)
	for i := range a.Spans {
		s := &a.Spans[i]
		if s.Text == "" && s.Start >= 0 && s.Start < s.End && s.End <= idx.Len() {
			s.Text = idx.Slice(s.Start, s.End)
		}
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(b[i:])
}

// Decide returns s with reviewer's decision r made at time at: Review,
// Reviewer and Reviewed are set together; ReviewNone clears all three. It
// is the one place a review decision is made, whatever key or mode made it.
func Decide(s Span, r Review, reviewer string, at time.Time) Span {
	if r == ReviewNone {
		s.Review, s.Reviewer, s.Reviewed = ReviewNone, "", time.Time{}
		return s
	}
	s.Review, s.Reviewer, s.Reviewed = r, reviewer, at
	return s
}
