package codec

import (
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// TestProdigyAnswersBecomeReviews reads tasks of Prodigy's binary recipes
// (ner.teach: one suggested span per task and the annotator's verdict).
func TestProdigyAnswersBecomeReviews(t *testing.T) {
	const text = "Ann met Bob in Oslo."
	task := func(answer, spans string, extra string) string {
		return `{"text":"` + text + `","spans":[` + spans + `]` + extra + `,"answer":"` + answer + `"}` + "\n"
	}
	bob := `{"start":8,"end":11,"label":"PERSON"}`
	oslo := `{"start":15,"end":19,"label":"GPE"}`
	type sp struct {
		start            int
		label            string
		review           annotate.Review
		annotator, rever string
	}
	tests := []struct {
		name     string
		in       string
		want     [][]sp // spans per record
		answers  []string
		warnings []string
	}{
		{name: "reject and accept", in: task("reject", bob, "") + task("accept", oslo, ""),
			want:    [][]sp{{{8, "PERSON", annotate.ReviewRejected, "", ""}}, {{15, "GPE", annotate.ReviewAccepted, "", ""}}},
			answers: []string{"reject", "accept"}},
		{name: "ignore keeps the text, drops the spans, warns with the count",
			in:       task("ignore", bob+","+oslo, "") + task("accept", oslo, ""),
			want:     [][]sp{nil, {{15, "GPE", annotate.ReviewAccepted, "", ""}}},
			answers:  []string{"ignore", "accept"},
			warnings: []string{`2 spans of 1 task answered "ignore" left out`}},
		{name: "a span's own answer wins over the task's",
			in:   task("accept", `{"start":8,"end":11,"label":"PERSON","answer":"reject"}`+","+oslo, ""),
			want: [][]sp{{{8, "PERSON", annotate.ReviewRejected, "", ""}, {15, "GPE", annotate.ReviewAccepted, "", ""}}}},
		{name: "a span's own review wins over any answer (spanmark's export read back)",
			in:   task("reject", `{"start":8,"end":11,"label":"PERSON","review":"accepted","answer":"reject"}`, ""),
			want: [][]sp{{{8, "PERSON", annotate.ReviewAccepted, "", ""}}}},
		{name: "the task's annotator id names who decided",
			in: task("reject", bob, `,"_session_id":"news-ana","_annotator_id":"news-ana"`) +
				task("accept", bob, `,"_session_id":"news-bea"`),
			want: [][]sp{{{8, "PERSON", annotate.ReviewRejected, "news-ana", "news-ana"}},
				{{8, "PERSON", annotate.ReviewAccepted, "news-bea", "news-bea"}}}},
		{name: "a span's own annotator stays",
			in:   task("accept", `{"start":8,"end":11,"label":"PERSON","annotator":"model"}`, `,"_annotator_id":"news-ana"`),
			want: [][]sp{{{8, "PERSON", annotate.ReviewAccepted, "model", "news-ana"}}}},
		{name: "an ignored span drops its relations",
			in: `{"text":"` + text + `","spans":[{"start":0,"end":3,"label":"PERSON"},{"start":8,"end":11,"label":"PERSON","answer":"ignore"}],` +
				`"relations":[{"head":0,"child":2,"head_span":{"start":0,"end":3,"label":"PERSON"},"child_span":{"start":8,"end":11,"label":"PERSON"},"label":"MET"}],"answer":"accept"}` + "\n",
			want:     [][]sp{{{0, "PERSON", annotate.ReviewAccepted, "", ""}}},
			warnings: []string{`1 span of 1 task answered "ignore" left out`, "1 relation"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), "teach.jsonl", []byte(tc.in))
			var warnings []string
			recs := readAll(t, []string{p}, Options{Format: FormatProdigy, Warn: func(m string) { warnings = append(warnings, m) }})
			if len(recs) != len(tc.want) {
				t.Fatalf("%d records, want %d", len(recs), len(tc.want))
			}
			for i, r := range recs {
				checkRecord(t, r)
				if r.Article.Text != text {
					t.Errorf("record %d: text %q", i+1, r.Article.Text)
				}
				var got []sp
				for _, s := range r.Article.Spans {
					got = append(got, sp{s.Start, s.Label, s.Review, s.Annotator, s.Reviewer})
				}
				if len(got) != len(tc.want[i]) {
					t.Fatalf("record %d: spans %v, want %v", i+1, got, tc.want[i])
				}
				for k := range got {
					if got[k] != tc.want[i][k] {
						t.Errorf("record %d: span %v, want %v", i+1, got[k], tc.want[i][k])
					}
				}
				if i < len(tc.answers) && r.Article.Answer != tc.answers[i] {
					t.Errorf("record %d: answer %q, want %q (kept as read)", i+1, r.Article.Answer, tc.answers[i])
				}
				if len(r.Article.Rels) != 0 && tc.warnings != nil {
					t.Errorf("record %d: relations %v survive an ignored span", i+1, r.Article.Rels)
				}
			}
			if len(warnings) != min(len(tc.warnings), 1) {
				t.Fatalf("warnings %q, want one saying %q", warnings, tc.warnings)
			}
			for _, w := range tc.warnings {
				if !strings.Contains(warnings[0], w) || !strings.HasPrefix(warnings[0], p+": warning: ") {
					t.Errorf("warning %q does not say %q after the file name", warnings[0], w)
				}
			}
		})
	}
}

func TestProdigyRefusesAnUnknownAnswer(t *testing.T) {
	p := writeFile(t, t.TempDir(), "teach.jsonl", []byte(`{"text":"Ann met Bob.","spans":[{"start":0,"end":3,"label":"PERSON"}],"answer":"maybe"}`+"\n"))
	_, err := tryReadAll([]string{p}, Options{Format: FormatProdigy})
	if err == nil || !strings.HasPrefix(err.Error(), p+":1: ") || !strings.Contains(err.Error(), `answer "maybe"`) {
		t.Fatalf("error %v, want FILE:1 naming the answer", err)
	}
}
