package codec

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/internal/testcorpus"

	"github.com/spanmark/spanmark/annotate"
)

// TestOffsetsSurviveReadWriteRead puts spans on texts where code points,
// bytes, UTF-16 units and graphemes all differ, some with CRLF line ends
// and a BOM, and checks that reading, writing and reading again keeps every
// span on the same characters.
func TestOffsetsSurviveReadWriteRead(t *testing.T) {
	type want struct{ sub, label string }
	tests := []struct {
		name  string
		text  string // raw, as in the file
		spans []want
	}{
		{"emoji with ZWJ and skin tones", "The family 👩‍👩‍👧‍👦 waved 👋🏽 at Dr. Ngozi 🇳🇬 Okonjo-Iweala.",
			[]want{{"👩‍👩‍👧‍👦", "OBJ"}, {"👋🏽", "OBJ"}, {"👋", "PART"}, {"Ngozi 🇳🇬 Okonjo-Iweala", "PERSON"}}},
		{"combining marks", "Cafe\u0301 owner Zoe\u0308 met Nguye\u0302\u0303n in Ha\u0300 No\u0323i.",
			[]want{{"Cafe\u0301", "ORG"}, {"Zoe\u0308", "PERSON"}, {"e", "PART"}, {"Ha\u0300 No\u0323i", "GPE"}}},
		{"CJK", "习近平在北京会见了东京都知事小池百合子。", []want{{"习近平", "PERSON"}, {"北京", "GPE"}, {"小池百合子", "PERSON"}}},
		{"Arabic", "قال محمد دحلان في غزة إن الوضع صعب.", []want{{"محمد دحلان", "PERSON"}, {"غزة", "GPE"}}},
		{"astral-plane letters", "𝒜lice wrote 𐐷𐐸 and 𝔅ob read 𠀋𠀌 in 𝕏.", []want{{"𝒜lice", "PERSON"}, {"𐐷𐐸", "WORD"}, {"𝔅ob", "PERSON"}, {"𝕏", "ORG"}}},
		{"CRLF line ends", "Line one, Cairo.\r\nLine two 😀, Gaza.\r\n\r\nThird 👍🏿 paragraph, Rafah.\r\n",
			[]want{{"Cairo", "GPE"}, {"Gaza", "GPE"}, {"Rafah", "GPE"}, {"Cairo.\r\nLine", "X"}}},
		{"BOM and lone CR", "\uFEFFFirst, Ali.\rSecond, Σοφία 😀.\r\n", []want{{"Ali", "PERSON"}, {"Σοφία", "PERSON"}, {"First", "X"}}},
	}
	norm := func(s string) string { // what the characters of a span become
		s = strings.ReplaceAll(s, "\r\n", "\n")
		return strings.ReplaceAll(strings.TrimPrefix(s, "\uFEFF"), "\r", "\n")
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			// a JSONL record with code point offsets into the raw text
			type rawSpan struct {
				Start int    `json:"start"`
				End   int    `json:"end"`
				Text  string `json:"text"`
				Label string `json:"label"`
			}
			var spans []rawSpan
			for _, w := range tc.spans {
				b := strings.Index(tc.text, w.sub)
				if b < 0 {
					t.Fatalf("%q not in text", w.sub)
				}
				start := len([]rune(tc.text[:b]))
				spans = append(spans, rawSpan{start, start + len([]rune(w.sub)), w.sub, w.label})
			}
			line, _ := json.Marshal(map[string]any{"id": "a", "text": tc.text, "spans": spans})
			p := writeFile(t, dir, "in.jsonl", append(line, '\n'))
			first := readAll(t, []string{p}, Options{})
			if len(first) != 1 {
				t.Fatalf("%d records", len(first))
			}
			checkRecord(t, first[0])
			a := &first[0].Article
			if a.Text != strings.TrimRight(norm(tc.text), "\n") {
				t.Errorf("text %q, want it normalised", a.Text)
			}
			for i, w := range tc.spans {
				if got := a.Spans[i].Text; got != norm(w.sub) {
					t.Errorf("span %d covers %q, want %q", i, got, norm(w.sub))
				}
			}
			out := encode(t, FormatJSONL, first)
			p2 := writeFile(t, dir, "out.jsonl", out)
			second := readAll(t, []string{p2}, Options{})
			checkRecord(t, second[0])
			if !equalKeys(spanKeys(a), spanKeys(&second[0].Article)) {
				t.Errorf("spans changed by write+read:\n%v\n%v", spanKeys(a), spanKeys(&second[0].Article))
			}
			if again := encode(t, FormatJSONL, second); !bytes.Equal(out, again) {
				t.Errorf("write→read→write differs:\n%s\n%s", out, again)
			}
		})
	}
}

func TestTextFileWithBOMAndCRLF(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "x.txt", []byte("\uFEFFart-7\r\nOne 😀.\r\n\r\nTwo.\r\n\r\n"))
	recs := readAll(t, []string{p}, Options{})
	if a := recs[0].Article; a.ID != "art-7" || a.Text != "One 😀.\n\nTwo." {
		t.Fatalf("got id %q text %q", a.ID, a.Text)
	}
	p = writeFile(t, dir, "stem-id.txt", []byte("Breaking news: one line only.\nAnd a second line.\n"))
	recs = readAll(t, []string{p}, Options{})
	if a := recs[0].Article; a.ID != "stem-id" || !strings.HasPrefix(a.Text, "Breaking") {
		t.Fatalf("first line with spaces: got id %q text %q", a.ID, a.Text)
	}
	p = writeFile(t, dir, "single.txt", []byte("Oneword\n"))
	recs = readAll(t, []string{p}, Options{})
	if a := recs[0].Article; a.ID != "single" || a.Text != "Oneword" {
		t.Fatalf("one-line file: got id %q text %q", a.ID, a.Text)
	}
}

func equalKeys(a, b map[spanKey]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, n := range a {
		if b[k] != n {
			return false
		}
	}
	return true
}

// corpusDir is the shared corpus.
func corpusDir(t testing.TB) string { return testcorpus.Dir(t) }

// TestCorpusRoundTrip reads the real articles and the GUM gold spans, writes
// them as JSONL, reads that back and writes it again.
func TestCorpusRoundTrip(t *testing.T) {
	dir := corpusDir(t)
	arts := readAll(t, []string{filepath.Join(dir, "articles")}, Options{})
	if len(arts) != 25 {
		t.Fatalf("%d articles, want 25", len(arts))
	}
	texts := map[string]string{}
	for _, r := range arts {
		checkRecord(t, r)
		texts[r.Article.ID] = r.Article.Text
	}
	goldPath := filepath.Join(dir, "gold", "gum_news_entities.jsonl")
	gold := readAll(t, []string{goldPath}, Options{})
	if len(gold) != 24 {
		t.Fatalf("%d gold records, want 24", len(gold))
	}
	// the gold file itself, decoded by the standard library
	raw, err := os.ReadFile(goldPath)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for i, line := range bytes.Split(bytes.TrimSpace(raw), []byte("\n")) {
		var g struct {
			ID    string
			Text  string
			Spans []struct {
				Start, End  int
				Text, Label string
			}
		}
		if err := json.Unmarshal(line, &g); err != nil {
			t.Fatal(err)
		}
		a := &gold[i].Article
		checkRecord(t, gold[i])
		if a.ID != g.ID || a.Text != g.Text || texts[g.ID] != g.Text {
			t.Fatalf("gold %s: id or text differs from the file or from articles/%s.txt", g.ID, g.ID)
		}
		if len(a.Spans) != len(g.Spans) {
			t.Fatalf("gold %s: %d spans, want %d", g.ID, len(a.Spans), len(g.Spans))
		}
		for k, s := range g.Spans {
			got := a.Spans[k]
			if got.Start != s.Start || got.End != s.End || got.Label != s.Label || got.Text != s.Text {
				t.Fatalf("gold %s span %d: got %d-%d %s %q, want %d-%d %s %q", g.ID, k, got.Start, got.End, got.Label, got.Text, s.Start, s.End, s.Label, s.Text)
			}
		}
		total += len(g.Spans)
	}
	if total != 5018 {
		t.Errorf("%d gold spans, want 5018", total)
	}
	all := append(arts, gold...)
	out := encode(t, FormatJSONL, all)
	tmp := writeFile(t, t.TempDir(), "out.jsonl", out)
	back := readAll(t, []string{tmp}, Options{})
	if len(back) != len(all) {
		t.Fatalf("read back %d records, want %d", len(back), len(all))
	}
	for i := range back {
		checkRecord(t, back[i])
		if back[i].Article.ID != all[i].Article.ID || back[i].Article.Text != all[i].Article.Text ||
			!equalKeys(spanKeys(&back[i].Article), spanKeys(&all[i].Article)) {
			t.Fatalf("record %s changed by write+read", all[i].Article.ID)
		}
	}
	if again := encode(t, FormatJSONL, back); !bytes.Equal(out, again) {
		t.Error("write→read→write is not byte-identical")
	}
	// the gold also survives doccano and brat
	for _, f := range []Format{FormatDoccano, FormatBrat} {
		peer := writeAndRead(t, f, gold)
		if len(peer) != len(gold) {
			t.Fatalf("%s: %d records, want %d", f, len(peer), len(gold))
		}
		for i := range peer {
			if peer[i].Article.Text != gold[i].Article.Text || !equalKeys(spanKeys(&peer[i].Article), spanKeys(&gold[i].Article)) {
				t.Fatalf("%s: record %s changed", f, gold[i].Article.ID)
			}
		}
	}
	// every line is valid JSON and text[start:end] == span.text in code points
	for _, line := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
		var rec struct {
			Text  string
			Spans []struct {
				Start, End int
				Text       string
			}
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatalf("export line is not JSON: %v", err)
		}
		for _, s := range rec.Spans {
			if runeSlice(rec.Text, s.Start, s.End) != s.Text {
				t.Fatalf("exported span %d-%d %q is not text[start:end]", s.Start, s.End, s.Text)
			}
		}
	}
}

// A reader that says it checked the spans (so that an import does not walk
// the text again) must hand out spans that pass annotate's own check.
func TestReadersThatCheckSpansHandOutValidSpans(t *testing.T) {
	for _, name := range []string{"prodigy.jsonl", "doccano_label.jsonl", "doccano_entities.jsonl", "labelstudio.json"} {
		for _, rec := range readAll(t, []string{"testdata/" + name}, Options{}) {
			if !rec.SpansChecked {
				t.Errorf("%s: record %s not marked SpansChecked", name, rec.Where())
			}
			if err := rec.Article.Validate(); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
}

// Writers cut span text from the article text themselves: the export leaves
// Span.Text empty for them (store.ExportFilter.NoSpanText).
func TestWritersDoNotReadSpanText(t *testing.T) {
	recs := readAll(t, []string{"testdata/prodigy.jsonl"}, Options{})
	blank := make([]*annotate.Record, len(recs))
	for i, r := range recs {
		c := *r
		c.Article.Spans = append([]annotate.Span(nil), r.Article.Spans...)
		for k := range c.Article.Spans {
			c.Article.Spans[k].Text = ""
		}
		blank[i] = &c
	}
	for _, f := range []Format{FormatJSONL, FormatDoccano, FormatCoNLL} {
		if got, want := encode(t, f, blank), encode(t, f, recs); !bytes.Equal(got, want) {
			t.Errorf("%s: output differs when Span.Text is empty", f)
		}
	}
}
