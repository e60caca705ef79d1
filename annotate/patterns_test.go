package annotate

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func mustPatterns(t *testing.T, jsonl bool, src string) *Matcher {
	t.Helper()
	ps, err := ReadPatterns(strings.NewReader(src), jsonl)
	if err != nil {
		t.Fatal(err)
	}
	return NewMatcher(ps)
}

func found(text string, ms []Match) string {
	runes := []rune(text)
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s:%s", m.Label, string(runes[m.Start:m.End])))
	}
	return strings.Join(out, " | ")
}

func TestPatternsFindWhatTheySay(t *testing.T) {
	const text = "The Interior Ministry said 16 died in Cairo on 26 October 2017. INTERIOR MINISTRY\nofficials and the Interior\nMinistry agreed; egypt and Egypt's police, Zoë too."
	for _, c := range []struct {
		name, patterns string
		jsonl          bool
		want           string
	}{
		{"phrase, case-sensitive, across a line break", `{"label":"ORG","pattern":"Interior Ministry"}`, true,
			"ORG:Interior Ministry | ORG:Interior\nMinistry"},
		{"lower", `{"label":"ORG","pattern":[{"lower":"interior"},{"lower":"ministry"}]}`, true,
			"ORG:Interior Ministry | ORG:INTERIOR MINISTRY | ORG:Interior\nMinistry"},
		{"text and orth", `{"label":"GPE","pattern":[{"text":"Cairo"}]}` + "\n" + `{"label":"GPE","pattern":[{"ORTH":"egypt"}]}`, true,
			"GPE:Cairo | GPE:egypt"},
		{"is_digit and shape", `{"label":"DATE","pattern":[{"is_digit":true},{"is_title":true},{"shape":"dddd"}]}`, true,
			"DATE:26 October 2017"},
		{"is_alpha is_punct", `{"label":"X","pattern":[{"lower":"egypt"},{"is_punct":true},{"is_alpha":true}]}`, true,
			"X:Egypt's"},
		{"op ?", `{"label":"ORG","pattern":[{"lower":"the","op":"?"},{"lower":"interior"}]}`, true,
			"ORG:The Interior | ORG:Interior | ORG:INTERIOR | ORG:the Interior | ORG:Interior"},
		{"op + and *", `{"label":"N","pattern":[{"is_digit":true,"op":"+"},{"is_title":true,"op":"*"},{"shape":"dddd"}]}`, true,
			"N:26 October 2017"},
		{"op !", `{"label":"E","pattern":[{"lower":"egypt"},{"is_punct":true,"op":"!"}]}`, true,
			"E:egypt and"},
		{"combining marks stay in the word", `{"label":"PERSON","pattern":"Zoë"}`, true, "PERSON:Zoë"},
		{"gazetteer", "ORG\tInterior Ministry\n# comment\n\nGPE\tCairo\n", false, "ORG:Interior Ministry | GPE:Cairo | ORG:Interior\nMinistry"},
		{"nested and overlapping", "ORG\tInterior Ministry\nORG\tThe Interior\nX\tMinistry said", false,
			"ORG:The Interior | ORG:Interior Ministry | X:Ministry said | ORG:Interior\nMinistry"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := found(text, mustPatterns(t, c.jsonl, c.patterns).Find(text))
			if got != c.want {
				t.Errorf("found %q\nwant  %q", got, c.want)
			}
		})
	}
}

func TestABadPatternFileIsRefusedWithItsLine(t *testing.T) {
	for _, c := range []struct {
		src   string
		jsonl bool
		line  int
		say   string
	}{
		{`{"label":"ORG","pattern":"x"}` + "\n" + `{"label":"ORG",`, true, 2, "bad JSON"},
		{`{"pattern":"x"}`, true, 1, `no "label"`},
		{`{"label":" ","pattern":"x"}`, true, 1, `no "label"`},
		{`{"label":"X"}`, true, 1, `no "pattern"`},
		{`{"label":"X","pattern":"  "}`, true, 1, "empty"},
		{`{"label":"X","pattern":[]}`, true, 1, "empty list"},
		{`{"label":"X","pattern":[{"pos":"NOUN"}]}`, true, 1, `unknown token attribute "pos"`},
		{`{"label":"X","pattern":[{"lower":"a","op":"{2}"}]}`, true, 1, "op"},
		{`{"label":"X","pattern":[{"lower":1}]}`, true, 1, "want a string"},
		{`{"label":"X","pattern":[{"lower":"a","op":"*"}]}`, true, 1, "optional"},
		{"ORG Interior Ministry", false, 1, "LABEL<TAB>phrase"},
		{"ORG\t", false, 1, "LABEL<TAB>phrase"},
		{"", false, 0, "no patterns"},
	} {
		_, err := ReadPatterns(strings.NewReader(c.src), c.jsonl)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Line != c.line || !strings.Contains(err.Error(), c.say) || !errors.Is(err, ErrPatternFile) {
			t.Errorf("%q: %v (want line %d saying %q)", c.src, err, c.line, c.say)
		}
	}
}

func TestShapeIsSpaCys(t *testing.T) {
	for in, want := range map[string]string{"Cairo": "Xxxxx", "2017": "dddd", "C3PO": "XdXX", "Apple-Pie": "Xxxxx-Xxx", "ÉTÉ": "XXX"} {
		if got := Shape(in); got != want {
			t.Errorf("Shape(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzReadPatterns(f *testing.F) {
	f.Add([]byte(`{"label":"ORG","pattern":"Interior Ministry"}`+"\n"+`{"label":"GPE","pattern":[{"lower":"egypt","op":"+"},{"is_punct":true,"op":"!"}]}`), true)
	f.Add([]byte("ORG\tInterior Ministry\n#x\n"), false)
	f.Fuzz(func(t *testing.T, b []byte, jsonl bool) {
		ps, err := ReadPatterns(strings.NewReader(string(b)), jsonl)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
			return
		}
		for _, m := range NewMatcher(ps).Find("The Interior Ministry said egypt, Egypt! 12 Zoë") {
			if m.Start >= m.End || m.Label == "" {
				t.Fatalf("bad match %+v", m)
			}
		}
	})
}

func TestFindTokensAreTokenizes(t *testing.T) {
	for _, text := range []string{
		"The Interior Ministry said 16 died in Cairo on 26 October 2017.",
		"Zoë met 東京\u00a0and ٱلْعَرَبِيَّة 👍🏽 at 9:30\t—\r\n“U.S.”, C++ x_y",
		"",
		"e\u0301t\u0301\u0301 \u0301x a\xffb \xe2\x80 Zoë9",
	} {
		checkTokens(t, text)
	}
}

// checkTokens: the matcher's tokenizer (byte at a time for ASCII) cuts
// text as Tokenize (code point at a time) does, and each token's bytes are
// its code points.
func checkTokens(t *testing.T, text string) {
	t.Helper()
	var got []Token
	for _, tk := range tokens(text, nil) {
		got = append(got, tk.Token)
		if text[tk.b:tk.e] != string([]rune(text)[tk.Start:tk.End]) && utf8.ValidString(text) {
			t.Errorf("token %v text %q", tk.Token, text[tk.b:tk.e])
		}
	}
	if want := Tokenize(text, nil); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("tokens(%q) = %v, Tokenize %v", text, got, want)
	}
}

func FuzzTokensAreTokenize(f *testing.F) {
	f.Add("Zoë met 東京\u00a0and ٱلْعَرَبِيَّة 👍🏽 at 9:30\t—\r\n“U.S.”, C++ x_y")
	f.Add("e\u0301t\u0301\u0301 \u0301x a\xffb")
	f.Fuzz(checkTokens)
}

// Finders of one Matcher on several goroutines find what Matcher.Find
// does, text after text (run under -race too).
func TestFindersShareAMatcher(t *testing.T) {
	m := mustPatterns(t, true, `{"label":"ORG","pattern":"Interior Ministry"}
{"label":"GPE","pattern":[{"lower":"egypt"}]}
{"label":"NUM","pattern":[{"is_digit":true,"op":"+"}]}
{"label":"CITY","pattern":[{"lower":"cairo"}]}`)
	texts := []string{
		"The Interior Ministry said 16 died in Cairo on 26 October 2017.",
		"egypt and Egypt's police, Zoë too: 12 34",
		"",
		"nothing to find here",
	}
	want := make([]string, len(texts))
	for i, text := range texts {
		want[i] = fmt.Sprint(m.Find(text))
	}
	errs := make(chan string, 4)
	for range 4 {
		go func() {
			f := m.NewFinder()
			for r := range 200 {
				i := r % len(texts)
				if got := fmt.Sprint(f.Find(texts[i])); got != want[i] {
					errs <- fmt.Sprintf("Finder on %q: %s, Find %s", texts[i], got, want[i])
					return
				}
			}
			errs <- ""
		}()
	}
	for range 4 {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
	if want[0] == "[]" || want[1] == "[]" || want[3] != "[]" {
		t.Fatalf("the patterns find %v", want)
	}
}

// The matcher's lower-casing (runeInfo below U+3000, the unicode tables
// above) writes what strings.ToLower does, for every code point below
// U+3000, some above, and bytes that are not UTF-8.
func TestAppendLowerIsToLower(t *testing.T) {
	var texts []string
	for r := rune(0x80); r < 0x3100; r++ {
		texts = append(texts, "A"+string(r)+"Z")
	}
	texts = append(texts, "ΣΟΦΊΑ", "İstanbul", "ǅemal", "Ⓐ𝐀😀東京", "ab\xffCD\xe2\x80", "Москва")
	for _, s := range texts {
		if got, want := string(appendLower(nil, s)), strings.ToLower(s); got != want {
			t.Fatalf("appendLower(%q) = %q, strings.ToLower %q", s, got, want)
		}
	}
}
