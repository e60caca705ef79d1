package gui

import (
	"context"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// addSpansBy imports spans of annotator who on the open article (as a
// merge of their database would) and shows them.
func addSpansBy(t *testing.T, u *ui, who string, spans ...annotate.Span) {
	t.Helper()
	art := annotate.Article{ID: u.s.Cur.ID, Text: u.s.Cur.Text}
	idx := annotate.NewRuneIndex(u.s.Cur.Text)
	for _, s := range spans {
		s.Annotator = who
		s.Text = idx.Slice(s.Start, s.End)
		art.Spans = append(art.Spans, s)
	}
	done := false
	_, err := u.s.DB().Import(context.Background(), func() (*annotate.Record, error) {
		if done {
			return nil, io.EOF
		}
		done = true
		return &annotate.Record{Article: art, File: who, Line: 1}, nil
	}, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	u.refreshFilterChoices()
	if err := u.reloadSpans(); err != nil {
		t.Fatal(err)
	}
}

// at is the span of label covering the first occurrence of s in the open
// article.
func at(t *testing.T, u *ui, s, label string) annotate.Span {
	t.Helper()
	start, end := selectText(t, u, s)
	u.view.ClearSelection()
	return annotate.Span{Start: start, End: end, Label: label}
}

func TestAdjudicationWritesTheChosenVersionsAsGold(t *testing.T) {
	u := newTestUI(t, gulfNews)
	dahlan, sissi, rafah := at(t, u, "Mohammed Dahlan", "PERSON"), at(t, u, "Abdel Fattah Al Sissi", "PERSON"), at(t, u, "Rafah", "GPE")
	sissiOrg := sissi
	sissiOrg.Label = "ORG"
	fattah := at(t, u, "Fattah Al Sissi", "PERSON")
	addSpansBy(t, u, "ana", dahlan, sissi, rafah)
	addSpansBy(t, u, "ben", dahlan, sissiOrg, fattah)

	regions := annotate.AdjudicationRegions(u.s.Cur.Spans)
	if len(regions) != 3 {
		t.Fatalf("%d regions, want 3 (Dahlan, Sissi, Rafah): %+v", len(regions), regions)
	}
	wantAgree := []bool{true, false, false}
	for i, r := range regions {
		if r.Agree() != wantAgree[i] {
			t.Errorf("annotate.Region %d (%d–%d): agree %v, want %v", i, r.Start, r.End, r.Agree(), wantAgree[i])
		}
		if len(r.Versions) != 2 || r.Versions[0].Who != "ana" || r.Versions[1].Who != "ben" {
			t.Errorf("annotate.Region %d versions %+v, want ana then ben", i, r.Versions)
		}
	}
	if n := len(regions[1].Versions[1].Spans); n != 2 {
		t.Errorf("ben has %d spans at Sissi, want 2 (ORG and the shorter PERSON)", n)
	}
	if n := len(regions[2].Versions[1].Spans); n != 0 {
		t.Errorf("ben has %d spans at Rafah, want none (only ana marked it)", n)
	}

	v := u.showAdjudication()
	if v == nil {
		t.Fatal("no adjudication view for an article of two annotators")
	}
	v.takeAgreements() // Dahlan
	v.choose(1, 0)     // Sissi: ana's PERSON
	v.choose(2, 0)     // Rafah: ana's GPE
	v.choose(2, -1)    // … no: neither
	if n, _ := u.s.History().Len(); n != 4 {
		t.Errorf("%d undo steps, want 4: one per choice, the agreements as one", n)
	}
	if c := v.regions[1].Chosen(); c != 0 {
		t.Errorf("the Sissi annotate.Region shows version %d chosen, want 0 (ana)", c)
	}

	var gold []string
	err := u.s.DB().Export(context.Background(), store.ExportFilter{Annotator: annotate.GoldAnnotator}, func(a *annotate.Article) error {
		for _, s := range a.Spans {
			if s.Review != annotate.ReviewAccepted || s.Reviewer != "tester" || s.Reviewed.IsZero() {
				t.Errorf("gold span %s: review %q by %q at %v, want accepted by tester", s.ID, s.Review, s.Reviewer, s.Reviewed)
			}
			gold = append(gold, a.ID+":"+s.Label+"="+s.Text)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := gulfNews + ":PERSON=Mohammed Dahlan " + gulfNews + ":PERSON=Abdel Fattah Al Sissi"
	if got := strings.Join(gold, " "); got != want {
		t.Errorf("export --annotator gold: %s\nwant %s", got, want)
	}
	var accepted int
	if err := u.s.DB().Export(context.Background(), store.ExportFilter{Review: annotate.ReviewAccepted}, func(a *annotate.Article) error {
		accepted += len(a.Spans)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if accepted != 2 {
		t.Errorf("export --review accepted: %d spans, want the 2 gold ones", accepted)
	}
	u.dismissTop()              // no undo reaches the article behind a dialog
	typeShortcut(u.win, scUndo) // the gold GPE of Rafah comes back
	if r := annotate.AdjudicationRegions(u.s.Cur.Spans)[2]; len(r.Gold) != 1 || r.Gold[0].Label != "GPE" {
		t.Errorf("after undo the Rafah gold is %+v, want the GPE back", r.Gold)
	}
}

func TestAdjudicationNeedsTwoAnnotators(t *testing.T) {
	u := newTestUI(t, gulfNews)
	tag(t, u, "Rafah", '3')
	if v := u.showAdjudication(); v != nil {
		t.Error("an article of one annotator opened the adjudication view")
	}
}

func TestProgressDashboardShowsTheFiguresOfStats(t *testing.T) {
	u := newTestUI(t, gulfNews)
	tag(t, u, "Mohammed Dahlan", '1')
	tag(t, u, "Rafah", '3')
	addSpansBy(t, u, "ben", at(t, u, "Rafah", "GPE"), at(t, u, "Egyptian", "NORP"))
	typeShortcut(u.win, scStatus[3])
	u.setMyStatus(annotate.StatusDone)

	charts := u.showProgress()
	st, err := u.s.DB().Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(charts) != 4 {
		t.Fatalf("%d charts, want status, label, annotator and per-annotator status", len(charts))
	}
	sums := func(c chart) (map[string]int, int) {
		m, total := map[string]int{}, 0
		for _, b := range c.bars {
			m[b.name] = b.n
			total += b.n
		}
		return m, total
	}
	byStatus, n := sums(charts[0])
	if n != st.Articles {
		t.Errorf("status bars add up to %d, stats has %d articles", n, st.Articles)
	}
	for _, s := range annotate.Statuses {
		if byStatus[statusText(s)] != st.ByStatus[s] {
			t.Errorf("status %s: bar %d, stats %d", s, byStatus[statusText(s)], st.ByStatus[s])
		}
	}
	byLabel, n := sums(charts[1])
	if n != st.Spans || len(byLabel) != len(st.ByLabel) {
		t.Errorf("label bars %v (sum %d), stats %v (%d spans)", byLabel, n, st.ByLabel, st.Spans)
	}
	for l, k := range st.ByLabel {
		if byLabel[l] != k {
			t.Errorf("label %s: bar %d, stats %d", l, byLabel[l], k)
		}
	}
	byWho, _ := sums(charts[2])
	if byWho["tester"] != st.ByAnnotator["tester"] || byWho["ben"] != 2 || byWho["tester"] != 2 {
		t.Errorf("annotator bars %v, stats %v", byWho, st.ByAnnotator)
	}
	if mine, _ := sums(charts[3]); mine["tester · done"] != 1 {
		t.Errorf("per-annotator status bars %v, want tester · done 1", mine)
	}
	if u.win.Canvas().Overlays().Top() == nil {
		t.Error("no dashboard dialog is shown")
	}
}

func TestAgreementViewShowsThePairsFigures(t *testing.T) {
	u := newTestUI(t, gulfNews)
	dahlan, sissi, rafah := at(t, u, "Mohammed Dahlan", "PERSON"), at(t, u, "Abdel Fattah Al Sissi", "PERSON"), at(t, u, "Rafah", "GPE")
	addSpansBy(t, u, "ana", dahlan, sissi, rafah)
	sissi.Label = "ORG"
	addSpansBy(t, u, "ben", dahlan, sissi)

	v := u.showAgreement()
	if v == nil || v.result == nil {
		t.Fatal("no agreement figures shown")
	}
	// ana 3 spans, ben 2, 1 matched: P 1/2, R 1/3, F1 2/5.
	o := v.result.Overall.Spans
	if v.result.Articles != 1 || o.A != 3 || o.B != 2 || o.Matched != 1 || o.F1 != 0.4 {
		t.Errorf("overall %+v over %d articles, want 3/2/1 matched, F1 0.4, 1 article", o, v.result.Articles)
	}
	text := v.summary.Text
	if !strings.Contains(text, "ana (reference) and ben: 1 article both annotated") {
		t.Errorf("summary %q", text)
	}
	v.b.SetSelected("ana")
	if v.result != nil {
		t.Error("the same annotator twice still shows figures")
	}
}

func TestMergeFromTheWindowBringsTheOtherAnnotator(t *testing.T) {
	onEngines(t, func(t *testing.T, newUI func(string) *ui) { testMergeFromTheWindow(t, newUI(gulfNews)) })
}

func testMergeFromTheWindow(t *testing.T, u *ui) {
	u.showMerge() // the dialog opens on either engine
	if u.win.Canvas().Overlays().Top() == nil {
		t.Fatal("Merge database… showed no dialog")
	}
	u.win.Canvas().Overlays().Top().Hide()
	u.win.Canvas().Overlays().Remove(u.win.Canvas().Overlays().Top())
	other := filepath.Join(t.TempDir(), "ben.db")
	ben, err := store.Open(other)
	if err != nil {
		t.Fatal(err)
	}
	span := at(t, u, "Rafah", "GPE")
	span.Text = "Rafah"
	_, err = ben.Import(context.Background(), func() func() (*annotate.Record, error) {
		done := false
		return func() (*annotate.Record, error) {
			if done {
				return nil, io.EOF
			}
			done = true
			return &annotate.Record{Article: annotate.Article{ID: gulfNews, Text: u.s.Cur.Text, Spans: []annotate.Span{span}}}, nil
		}
	}(), store.ImportOptions{Annotator: "ben"})
	ben.Close()
	if err != nil {
		t.Fatal(err)
	}
	runJob(t, u, func() { u.runMerge([]string{other}) })
	if got := spansString(u.s.Cur.Spans); got != "GPE@"+strconv.Itoa(span.Start)+"-"+strconv.Itoa(span.End)+"=Rafah" {
		t.Errorf("after the merge the article shows %q", got)
	}
	if !strings.Contains(strings.Join(u.authorSel.Options, ","), "ben") {
		t.Errorf("annotator choices %v lack ben", u.authorSel.Options)
	}
	runJob(t, u, func() { u.runMerge([]string{other}) }) // twice changes nothing
	if n := len(storedSpans(t, u, gulfNews)); n != 1 {
		t.Errorf("after merging twice %d spans, want 1", n)
	}
	if u.win.Canvas().Overlays().Top() == nil {
		t.Error("the merge reported nothing")
	}
}

func TestAnnotatorViewShowsOneOrAllWithNames(t *testing.T) {
	u := newTestUI(t, gulfNews)
	addSpansBy(t, u, "ana", at(t, u, "Mohammed Dahlan", "PERSON"))
	addSpansBy(t, u, "ben", at(t, u, "Rafah", "GPE"))
	tags := func() string {
		var out []string
		m := u.view.Model()
		for _, s := range m.Spans() {
			out = append(out, m.Tag(&s))
		}
		return strings.Join(out, ",")
	}
	if got := tags(); got != "PERSON · ana,GPE · ben" {
		t.Errorf("all annotators: tags %q, want names on them", got)
	}
	u.authorSel.SetSelected("ben")
	if got := tags(); got != "GPE" {
		t.Errorf("only ben: tags %q, want GPE alone", got)
	}
	u.authorSel.SetSelected(allAuthors)
	if got := tags(); got != "PERSON · ana,GPE · ben" {
		t.Errorf("back to all: tags %q", got)
	}
	addSpansBy(t, u, "ana", at(t, u, "Rafah", "GPE"))
	if got := tags(); got != "PERSON · ana,GPE · ana+ben" {
		t.Errorf("a span both marked: tags %q, want it once naming both", got)
	}
	u.annotatorSel.SetSelected("ana") // review mode shows its annotator's spans, each apart
	typeShortcut(u.win, scReview)
	if got := tags(); got != "PERSON,GPE" {
		t.Errorf("reviewing ana: tags %q, want ana's two spans", got)
	}
	typeShortcut(u.win, scReview)
	if got := tags(); got != "PERSON · ana,GPE · ana+ben" {
		t.Errorf("review mode left: tags %q", got)
	}
}

// TestAdjudicationShowsVersionsSideBySideAndReopensWhereLeft: the places
// where the annotators differ are listed; the one shown has each version
// on the article's text side by side; a decided place leaves the list, and
// the dialog reopens on the place it was left at.
func TestAdjudicationShowsVersionsSideBySideAndReopensWhereLeft(t *testing.T) {
	u := newTestUI(t, gulfNews)
	dahlan, sissi, rafah := at(t, u, "Mohammed Dahlan", "PERSON"), at(t, u, "Abdel Fattah Al Sissi", "PERSON"), at(t, u, "Rafah", "GPE")
	sissiOrg := sissi
	sissiOrg.Label = "ORG"
	fatah := at(t, u, "Fatah flags", "ORG")
	addSpansBy(t, u, "ana", dahlan, sissi, rafah)
	addSpansBy(t, u, "ben", dahlan, sissiOrg, fatah)

	v := u.showAdjudication()
	places := func() []string {
		var out []string
		for _, i := range v.listed {
			out = append(out, u.s.Idx.Slice(v.regions[i].Start, v.regions[i].End))
		}
		return out
	}
	if got := strings.Join(places(), "|"); got != "Abdel Fattah Al Sissi|Fatah flags|Rafah" {
		t.Fatalf("listed places %q, want the three where they differ (not the agreed Dahlan)", got)
	}
	shown := func() string {
		if v.cur < 0 {
			return ""
		}
		return u.s.Idx.Slice(v.regions[v.cur].Start, v.regions[v.cur].End)
	}
	if shown() != "Abdel Fattah Al Sissi" || len(v.columns) != 2 {
		t.Fatalf("shown %q with %d columns, want Sissi with ana's and ben's versions", shown(), len(v.columns))
	}
	for k, want := range []string{"PERSON=Abdel Fattah Al Sissi", "ORG=Abdel Fattah Al Sissi"} {
		m := v.columns[k].Model()
		var got []string
		for _, s := range m.Spans() {
			got = append(got, s.Label+"="+m.Slice(s.Start, s.End))
		}
		if strings.Join(got, " ") != want {
			t.Errorf("column %d shows %v on its text, want %s", k, got, want)
		}
		if !strings.Contains(m.Slice(0, m.Len()), "Egyptian President Abdel Fattah Al Sissi while") {
			t.Errorf("column %d text %q, want the words around the place", k, m.Slice(0, m.Len()))
		}
	}

	test.Tap(v.takes[1]) // ben's ORG
	if got := strings.Join(places(), "|"); got != "Fatah flags|Rafah" {
		t.Errorf("after taking ben's version the list is %q, want Sissi gone", got)
	}
	if shown() != "Fatah flags" {
		t.Errorf("after taking a version %q is shown, want the next place, Fatah flags", shown())
	}
	v.d.Hide()

	v = u.showAdjudication()
	if shown() != "Fatah flags" {
		t.Errorf("reopened on %q, want Fatah flags where it was left", shown())
	}
	test.Tap(v.takes[0]) // ana marked nothing at Fatah flags: taking that is "none of them"
	test.Tap(v.takes[0]) // ana's GPE for Rafah
	if len(v.listed) != 0 || v.cur != -1 {
		t.Errorf("every place decided: %d listed, %d shown", len(v.listed), v.cur)
	}
	v.d.Hide()
	v = u.showAdjudication()
	if len(v.listed) != 0 {
		t.Errorf("reopened: %q listed, want none (the none of Fatah flags is remembered)", places())
	}
	v.all.SetChecked(true)
	if got := strings.Join(places(), "|"); got != "Mohammed Dahlan|Abdel Fattah Al Sissi|Fatah flags|Rafah" {
		t.Errorf("with agreed and decided places: %q", got)
	}
	if n, _ := u.s.History().Len(); n != 2 {
		t.Errorf("%d undo steps, want 2 (ben's ORG and ana's GPE; none of them wrote nothing)", n)
	}
}
