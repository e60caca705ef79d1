package codec

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

// TestPeerFormatsImportAndExportBack reads each real-looking sample in
// testdata, writes it in its own format (JSONL for the read-only ones) and
// in JSONL, reads both back and checks no span or relation was lost.
func TestPeerFormatsImportAndExportBack(t *testing.T) {
	tests := []struct {
		name      string
		path      string
		format    Format // what to read it as ("" = auto)
		writeAs   Format
		records   int
		spans     int
		relations int
		warnings  int
		check     func(t *testing.T, recs []*annotate.Record)
	}{
		{name: "prodigy", path: "testdata/prodigy.jsonl", format: FormatProdigy, writeAs: FormatJSONL, records: 2, spans: 7, relations: 1,
			check: func(t *testing.T, recs []*annotate.Record) {
				a := recs[1].Article
				if a.Answer != "accept" || a.Rels[0] != (annotate.Relation{Head: "s3", Child: "s1", Label: "SPEAKER"}) {
					t.Errorf("answer %q relations %v", a.Answer, a.Rels)
				}
				if !strings.Contains(string(recs[0].Article.Meta), `"source":"Gulf News"`) {
					t.Errorf("meta %s", recs[0].Article.Meta)
				}
			}},
		{name: "doccano label form", path: "testdata/doccano_label.jsonl", writeAs: FormatDoccano, records: 2, spans: 7,
			check: func(t *testing.T, recs []*annotate.Record) {
				a := recs[0].Article
				if a.ID != annotate.TextID(a.Text) || !strings.Contains(string(a.Meta), `"source_id":17`) {
					t.Errorf("id %s meta %s: the doccano id must go to meta.source_id", a.ID, a.Meta)
				}
			}},
		{name: "doccano entities form", path: "testdata/doccano_entities.jsonl", writeAs: FormatDoccano, records: 1, spans: 4, relations: 1,
			check: func(t *testing.T, recs []*annotate.Record) {
				if r := recs[0].Article.Rels[0]; r != (annotate.Relation{Head: "s103", Child: "s101", Label: "SPEAKER"}) {
					t.Errorf("relation %v", r)
				}
			}},
		{name: "brat", path: "testdata/brat", writeAs: FormatBrat, records: 1, spans: 7, relations: 1, warnings: 2,
			check: func(t *testing.T, recs []*annotate.Record) {
				a := recs[0].Article
				attrs := map[string]map[string]string{}
				for _, s := range a.Spans {
					attrs[s.ID] = s.Attrs
				}
				if attrs["T3"]["Negated"] != "true" || attrs["T6"]["checkworthy"] != "yes" || attrs["T6"]["verdict"] != "unverified" ||
					!strings.HasPrefix(attrs["T6"]["note"], "compare with") || attrs["T2"]["norm"] != "Wikipedia:20480" {
					t.Errorf("attrs %v", attrs)
				}
				if a.ID != "scientology" || a.Rels[0] != (annotate.Relation{Head: "T6", Child: "T4", Label: "SPEAKER"}) {
					t.Errorf("id %s relations %v", a.ID, a.Rels)
				}
			}},
		{name: "label studio", path: "testdata/labelstudio.json", writeAs: FormatJSONL, records: 2, spans: 8, relations: 1,
			check: func(t *testing.T, recs []*annotate.Record) {
				a := recs[0].Article
				who := map[string]int{}
				for _, s := range a.Spans {
					who[s.Annotator]++
				}
				if who["ana@example.org"] != 5 || who["model:ner-v2"] != 2 {
					t.Errorf("annotators %v", who)
				}
				if !strings.Contains(string(a.Meta), `"source_id":1041`) || recs[1].Article.Spans[0].Annotator != "ls:5" {
					t.Errorf("meta %s, second annotator %q", a.Meta, recs[1].Article.Spans[0].Annotator)
				}
				if recs[1].Article.Text != "Hong Kong's new lawmakers took their seats." {
					t.Errorf("text from the first string field of data: %q", recs[1].Article.Text)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var warnings []string
			opt := Options{Format: tc.format, Warn: func(m string) { warnings = append(warnings, m) }}
			recs := readAll(t, []string{tc.path}, opt)
			if len(recs) != tc.records {
				t.Fatalf("%d records, want %d", len(recs), tc.records)
			}
			spans, rels := 0, 0
			for _, r := range recs {
				checkRecord(t, r)
				spans += len(r.Article.Spans)
				rels += len(r.Article.Rels)
			}
			if spans != tc.spans || rels != tc.relations {
				t.Errorf("%d spans %d relations, want %d and %d", spans, rels, tc.spans, tc.relations)
			}
			if len(warnings) != tc.warnings {
				t.Errorf("warnings %q, want %d", warnings, tc.warnings)
			}
			for _, w := range warnings {
				if !strings.Contains(w, ".ann:") {
					t.Errorf("warning %q does not name FILE:LINE", w)
				}
			}
			if tc.check != nil {
				tc.check(t, recs)
			}
			for _, f := range []Format{tc.writeAs, FormatJSONL} {
				back := writeAndRead(t, f, recs)
				if len(back) != len(recs) {
					t.Fatalf("%s: read back %d records, want %d", f, len(back), len(recs))
				}
				for i := range back {
					checkRecord(t, back[i])
					want, got := &recs[i].Article, &back[i].Article
					if got.ID != want.ID || got.Text != want.Text {
						t.Errorf("%s: record %d: id/text %q changed to %q", f, i, want.ID, got.ID)
					}
					if !equalKeys(spanKeys(want), spanKeys(got)) {
						t.Errorf("%s: record %s: spans changed:\n%v\n%v", f, want.ID, spanKeys(want), spanKeys(got))
					}
					if len(got.Rels) != len(want.Rels) {
						t.Errorf("%s: record %s: %d relations, want %d", f, want.ID, len(got.Rels), len(want.Rels))
					}
					for k, r := range got.Rels {
						if r.Label != want.Rels[k].Label || spanOf(got, r.Head) != spanOf(want, want.Rels[k].Head) || spanOf(got, r.Child) != spanOf(want, want.Rels[k].Child) {
							t.Errorf("%s: relation %v became %v", f, want.Rels[k], r)
						}
					}
				}
			}
		})
	}
}

func spanOf(a *annotate.Article, id string) spanKey {
	for _, s := range a.Spans {
		if s.ID == id {
			return spanKey{s.Start, s.End, s.Text, s.Label}
		}
	}
	return spanKey{}
}

// writeAndRead writes recs in format f and reads the result.
func writeAndRead(t *testing.T, f Format, recs []*annotate.Record) []*annotate.Record {
	t.Helper()
	dir := t.TempDir()
	if f == FormatBrat {
		w, err := NewBratWriter(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if err := w.Write(&r.Article); err != nil {
				t.Fatal(err)
			}
		}
		w.Close()
		return readAll(t, []string{dir}, Options{Format: FormatBrat})
	}
	p := writeFile(t, dir, "out.jsonl", encode(t, f, recs))
	return readAll(t, []string{p}, Options{})
}

func TestAutoDetectsFormatsInAFolder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a/one.txt", []byte("one\nOne text.\n"))
	writeFile(t, dir, "a/pair.txt", []byte("Pair text here."))
	writeFile(t, dir, "a/pair.ann", []byte("T1\tX 0 4\tPair\n"))
	writeFile(t, dir, "b.jsonl", []byte(`{"id":"j","text":"JSON text.","spans":[]}`+"\n"))
	writeFile(t, dir, "c.jsonl", []byte(`{"text":"Doccano text.","label":[[0,7,"ORG"]]}`+"\n"))
	writeFile(t, dir, "d.json", []byte(`[{"id":4,"data":{"text":"Studio text."}}]`))
	writeFile(t, dir, "README.md", []byte("# skipped\n"))
	writeFile(t, dir, ".hidden/x.txt", []byte("skipped\n"))
	recs := readAll(t, []string{dir}, Options{})
	var got []string
	for _, r := range recs {
		got = append(got, filepath.Base(r.File)+"="+r.Article.Text)
	}
	want := []string{"one.txt=One text.", "pair.txt=Pair text here.", "b.jsonl=JSON text.", "c.jsonl=Doccano text.", "d.json=Studio text."}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if n := len(recs[1].Article.Spans); n != 1 {
		t.Errorf("brat pair: %d spans", n)
	}
	if n := len(recs[3].Article.Spans); n != 1 {
		t.Errorf("doccano: %d spans", n)
	}
	// a .ann without its .txt is an error, not skipped
	writeFile(t, dir, "a/lost.ann", []byte("T1\tX 0 4\tLost\n"))
	if _, err := Open([]string{dir}, Options{}); err == nil || !strings.Contains(err.Error(), "lost.ann") {
		t.Errorf("orphan .ann: error %v", err)
	}
	os.Remove(filepath.Join(dir, "a/lost.ann"))
	// the same pair named twice (as .txt and .ann) is read once
	recs = readAll(t, []string{filepath.Join(dir, "a/pair.txt"), filepath.Join(dir, "a/pair.ann")}, Options{})
	if len(recs) != 1 {
		t.Errorf("pair named twice: %d records", len(recs))
	}
	// progress reaches the total
	r, err := Open([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := r.Next(); err != nil {
			break
		}
	}
	if done, total := r.(Progresser).Progress(); done != total || total == 0 {
		t.Errorf("progress %d of %d at the end", done, total)
	}
}
