package annotate

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

func TestAdjudicationKeepsAgreementsApartFromDifferences(t *testing.T) {
	// "the Daughters of the American Revolution": both mark the outer place
	// and the inner event alike; ana says the middle is an organization,
	// ben a time.
	sp := func(who string, start, end int, label string) Span {
		return Span{ID: who + label + strconv.Itoa(start), Start: start, End: end, Label: label, Annotator: who}
	}
	spans := []Span{
		sp("ana", 0, 40, "place"), sp("ben", 0, 40, "place"),
		sp("ana", 4, 40, "organization"), sp("ben", 4, 40, "time"),
		sp("ana", 20, 40, "event"), sp("ben", 20, 40, "event"),
		sp("ana", 50, 55, "person"),
		sp(GoldAnnotator, 20, 40, "event"),
	}
	var got []string
	for _, r := range AdjudicationRegions(spans) {
		var vs []string
		for _, v := range r.Versions {
			vs = append(vs, v.Who+"="+describeLabels(v.Spans))
		}
		got = append(got, fmt.Sprintf("%d-%d %v %s gold=%s", r.Start, r.End, r.Agree(), strings.Join(vs, ","), describeLabels(r.Gold)))
	}
	want := []string{
		"0-40 true ana=place,ben=place gold=",
		"4-40 false ana=organization,ben=time gold=",
		"20-40 true ana=event,ben=event gold=event",
		"50-55 false ana=person,ben= gold=",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("regions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func describeLabels(spans []Span) string {
	var ls []string
	for _, s := range spans {
		ls = append(ls, s.Label)
	}
	return strings.Join(ls, "+")
}

func TestGroupAlikeShowsAlikeSpansOnce(t *testing.T) {
	spans := []Span{
		{ID: "a1", Start: 0, End: 5, Label: "PERSON", Annotator: "ben"},
		{ID: "b1", Start: 0, End: 5, Label: "PERSON", Annotator: "ana"},
		{ID: "b2", Start: 0, End: 5, Label: "ORG", Annotator: "ana"},
		{ID: "c1", Start: 6, End: 9, Label: "GPE", Annotator: "cy"},
	}
	var got []string
	for _, s := range GroupAlike(spans) {
		got = append(got, s.ID+":"+s.Label+":"+s.Annotator)
	}
	if want := "a1:PERSON:ana+ben b2:ORG:ana c1:GPE:cy"; strings.Join(got, " ") != want {
		t.Errorf("GroupAlike: %v", got)
	}
}
