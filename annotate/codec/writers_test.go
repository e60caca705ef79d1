package codec

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

func TestJSONLWriterKeepsSpecKeyOrder(t *testing.T) {
	a := &annotate.Article{
		ID: "gum_news_iodine", Text: "Mohammed Dahlan said aid is late.", Meta: json.RawMessage(`{ "source": "wire" }`),
		Status: annotate.StatusDone, Answer: "accept",
		Spans: []annotate.Span{
			{ID: "s1", Start: 0, End: 15, Label: "PERSON", Kind: annotate.KindEntity, Annotator: "ana", Review: annotate.ReviewAccepted, Reviewer: "bo"},
			{ID: "s2", Start: 21, End: 32, Label: "CLAIM", Attrs: map[string]string{"verdict": "unverified", "checkworthy": "yes"}},
		},
		Rels: []annotate.Relation{{Head: "s2", Child: "s1", Label: "SPEAKER"}},
	}
	got := encode(t, FormatJSONL, []*annotate.Record{{Article: *a}})
	want := `{"id":"gum_news_iodine","text":"Mohammed Dahlan said aid is late.","meta":{"source":"wire"},"status":"done","answer":"accept",` +
		`"spans":[{"id":"s1","start":0,"end":15,"text":"Mohammed Dahlan","label":"PERSON","kind":"entity","annotator":"ana","review":"accepted","reviewer":"bo"},` +
		`{"id":"s2","start":21,"end":32,"text":"aid is late","label":"CLAIM","kind":"claim","attrs":{"checkworthy":"yes","verdict":"unverified"}}],` +
		`"relations":[{"head":"s2","child":"s1","label":"SPEAKER"}]}` + "\n"
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	bare := encode(t, FormatJSONL, []*annotate.Record{{Article: annotate.Article{ID: "x", Text: "t"}}})
	if string(bare) != `{"id":"x","text":"t","status":"todo","spans":[]}`+"\n" {
		t.Errorf("optional keys not left out: %s", bare)
	}
}

func TestWritersProduceValidJSONForAnyText(t *testing.T) {
	texts := []string{
		"quotes \" and \\ backslash",
		"controls \x00\x01\x1f\x7f tab\t cr\r nl\n end",
		"line sep \u2028 para sep \u2029",
		"non-ASCII: é 漢字 😀 👩‍👩‍👧 \U0001D4B6",
		"html <script>&amp;</script>",
		"bad \xff byte",
	}
	for _, f := range []Format{FormatJSONL, FormatDoccano} {
		for _, text := range texts {
			a := annotate.Article{ID: "id\"\n" + text, Text: text, Spans: []annotate.Span{{ID: "s1", Start: 0, End: 3, Label: "L\u2028"}}}
			out := encode(t, f, []*annotate.Record{{Article: a}})
			if bytes.Count(out, []byte("\n")) != 1 {
				t.Errorf("%s %q: not one line: %q", f, text, out)
			}
			var v map[string]any
			if err := json.Unmarshal(out, &v); err != nil {
				t.Fatalf("%s %q: invalid JSON %v: %s", f, text, err, out)
			}
			want := strings.ToValidUTF8(text, "\uFFFD")
			if v["text"] != want {
				t.Errorf("%s: text %q came back as %q", f, want, v["text"])
			}
			if strings.ContainsAny(text, "é😀") && !bytes.Contains(out, []byte("é")) && !bytes.Contains(out, []byte("😀")) {
				t.Errorf("%s: non-ASCII not written as UTF-8: %s", f, out)
			}
		}
	}
}

func TestDoccanoWriterKeepsSpanIDsAndRelations(t *testing.T) {
	a := annotate.Article{ID: "a/1", Text: "Ann met Bob.", Spans: []annotate.Span{
		{ID: "s4", Start: 0, End: 3, Label: "PER"}, {ID: "s9", Start: 8, End: 11, Label: "PER"}},
		Rels: []annotate.Relation{{Head: "s4", Child: "s9", Label: "MET"}}}
	out := string(encode(t, FormatDoccano, []*annotate.Record{{Article: a}}))
	want := `{"article_id":"a/1","text":"Ann met Bob.","entities":[{"id":4,"label":"PER","start_offset":0,"end_offset":3},` +
		`{"id":9,"label":"PER","start_offset":8,"end_offset":11}],"relations":[{"id":1,"from_id":4,"to_id":9,"type":"MET"}]}` + "\n"
	if out != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
	back := readAll(t, []string{writeFile(t, t.TempDir(), "d.jsonl", []byte(out))}, Options{})
	b := back[0].Article
	if b.ID != "a/1" || b.Spans[0].ID != "s4" || b.Rels[0] != a.Rels[0] {
		t.Errorf("read back %+v", b)
	}
}

func TestCoNLLWriterTagsOutermostEntities(t *testing.T) {
	text := "Mohammed Dahlan met U.S. officials in Gaza City. \"It's over,\" he said!\n\nNew paragraph (Rafah) here"
	at := func(sub string) (int, int) {
		b := strings.Index(text, sub)
		s := len([]rune(text[:b]))
		return s, s + len([]rune(sub))
	}
	var spans []annotate.Span
	add := func(sub, label string, kind annotate.Kind) {
		s, e := at(sub)
		spans = append(spans, annotate.Span{ID: "s" + itoa(len(spans)+1), Start: s, End: e, Label: label, Kind: kind})
	}
	add("Mohammed Dahlan", "PERSON", "")
	add("Dahlan", "PERSON", "") // nested: the outer span wins
	add("Gaza City", "GPE", annotate.KindEntity)
	add("Gaza", "GPE", annotate.KindEntity)
	add("It's over", "CLAIM", "") // claims are not written
	add("Rafah", "GPE", annotate.KindEntity)
	out := string(encode(t, FormatCoNLL, []*annotate.Record{{Article: annotate.Article{ID: "a1", Text: text, Spans: spans}}}))
	want := "# id = a1\n" +
		"Mohammed\tB-PERSON\nDahlan\tI-PERSON\nmet\tO\nU.S\tO\n.\tO\nofficials\tO\nin\tO\nGaza\tB-GPE\nCity\tI-GPE\n.\tO\n" +
		"\n" +
		"\"\tO\nIt's\tO\nover\tO\n,\tO\n\"\tO\nhe\tO\nsaid\tO\n!\tO\n" +
		"\n" +
		"New\tO\nparagraph\tO\n(\tO\nRafah\tB-GPE\n)\tO\nhere\tO\n\n"
	if out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

func TestBratWriterMakesSafeUniqueFileNames(t *testing.T) {
	dir := t.TempDir()
	w, err := NewBratWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	a := annotate.Article{ID: "news/2024:07\\a?", Text: "Ann met Bob.\nThen left.", Spans: []annotate.Span{
		{ID: "s1", Start: 0, End: 3, Label: "PER", Attrs: map[string]string{"note": "line\none", "checked": "true", "conf": "very high"}},
		{ID: "s2", Start: 8, End: 16, Label: "TWO WORDS"}},
		Rels: []annotate.Relation{{Head: "s1", Child: "s2", Label: "MET"}}}
	if err := w.Write(&a); err != nil {
		t.Fatal(err)
	}
	ann, err := os.ReadFile(filepath.Join(dir, "news_2024_07_a_.ann"))
	if err != nil {
		t.Fatal(err)
	}
	want := "T1\tPER 0 3\tAnn\nA1\tchecked T1\nA2\tconf T1 very\nA3\tconf T1 high\n#1\tAnnotatorNotes T1\tline one\nT2\tTWO_WORDS 8 16\tBob. The\nR1\tMET Arg1:T1 Arg2:T2\n"
	if string(ann) != want {
		t.Errorf("ann:\n%s\nwant:\n%s", ann, want)
	}
	b := a
	b.ID = "news/2024:07\\A?"
	if err := w.Write(&b); err == nil || !strings.Contains(err.Error(), "both become file") {
		t.Errorf("colliding file names: error %v", err)
	}
	for id, want := range map[string]string{"../etc/passwd": "_._etc_passwd", "CON": "_CON", "a b": "a b", "": "_", "x.": "x"} {
		if got := SafeFileName(id); got != want {
			t.Errorf("SafeFileName(%q) = %q, want %q", id, got, want)
		}
	}
}
