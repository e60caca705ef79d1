package annotate

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// docs is a tiny in-memory annotation state that applies Changes the way
// the store does, so the tests can check what undo and redo leave behind.
type docs struct {
	spans  map[string]map[string]Span // article -> span id -> span
	rels   map[string][]Relation
	status map[string]Status
}

func newDocs() *docs {
	return &docs{spans: map[string]map[string]Span{}, rels: map[string][]Relation{}, status: map[string]Status{}}
}

func (d *docs) apply(c Change) error {
	m := d.spans[c.ArticleID]
	if m == nil {
		m = map[string]Span{}
		d.spans[c.ArticleID] = m
	}
	switch c.Kind {
	case ChangeAddSpan:
		if _, ok := m[c.Span.ID]; ok {
			return fmt.Errorf("span %s exists", c.Span.ID)
		}
		m[c.Span.ID] = c.Span
		d.rels[c.ArticleID] = append(d.rels[c.ArticleID], c.Rels...)
	case ChangeDeleteSpan:
		if _, ok := m[c.Span.ID]; !ok {
			return fmt.Errorf("no span %s", c.Span.ID)
		}
		delete(m, c.Span.ID)
		d.rels[c.ArticleID] = slices.DeleteFunc(d.rels[c.ArticleID], func(r Relation) bool {
			return r.Head == c.Span.ID || r.Child == c.Span.ID
		})
	case ChangeUpdateSpan:
		if _, ok := m[c.Span.ID]; !ok {
			return fmt.Errorf("no span %s", c.Span.ID)
		}
		m[c.Span.ID] = c.Span
	case ChangeSetStatus:
		d.status[c.ArticleID] = c.Status
	case ChangeAddRelation:
		if slices.Contains(d.rels[c.ArticleID], c.Rel) {
			return fmt.Errorf("relation %v exists", c.Rel)
		}
		d.rels[c.ArticleID] = append(d.rels[c.ArticleID], c.Rel)
	case ChangeDeleteRelation:
		i := slices.Index(d.rels[c.ArticleID], c.Rel)
		if i < 0 {
			return fmt.Errorf("no relation %v", c.Rel)
		}
		d.rels[c.ArticleID] = slices.Delete(d.rels[c.ArticleID], i, i+1)
	}
	return nil
}

// show renders the state as one sorted line: "a:s1=PERSON a:s2=CLAIM a>s2-s1/SPEAKER a=done".
func (d *docs) show() string {
	var parts []string
	for art, m := range d.spans {
		for id, s := range m {
			p := art + ":" + id + "=" + s.Label
			for _, k := range slices.Sorted(maps.Keys(s.Attrs)) {
				p += "," + k + "=" + s.Attrs[k]
			}
			parts = append(parts, p)
		}
	}
	for art, rs := range d.rels {
		for _, r := range rs {
			parts = append(parts, art+">"+r.Head+"-"+r.Child+"/"+r.Label)
		}
	}
	for art, st := range d.status {
		if st == StatusTodo {
			continue // the status of an article never touched
		}
		parts = append(parts, art+"="+string(st))
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}

func span(id, label string) Span { return Span{ID: id, Start: 0, End: 3, Label: label} }

func TestUndoAndRedoRestoreEveryKindOfChange(t *testing.T) {
	person, claim := span("s1", "PERSON"), span("s2", "CLAIM")
	rel := Relation{Head: "s2", Child: "s1", Label: "SPEAKER"}
	tests := []struct {
		name   string
		setup  []Change // applied and recorded first
		change Change   // applied and recorded, then undone and redone
		before string
		after  string
	}{
		{
			name:   "add span",
			change: Change{Kind: ChangeAddSpan, ArticleID: "a", Span: person},
			before: "",
			after:  "a:s1=PERSON",
		},
		{
			name: "delete span brings back its relations on undo",
			setup: []Change{
				{Kind: ChangeAddSpan, ArticleID: "a", Span: person},
				{Kind: ChangeAddSpan, ArticleID: "a", Span: claim, Rels: []Relation{rel}},
			},
			change: Change{Kind: ChangeDeleteSpan, ArticleID: "a", Span: person, Rels: []Relation{rel}},
			before: "a:s1=PERSON a:s2=CLAIM a>s2-s1/SPEAKER",
			after:  "a:s2=CLAIM",
		},
		{
			name:   "relabel",
			setup:  []Change{{Kind: ChangeAddSpan, ArticleID: "a", Span: person}},
			change: Change{Kind: ChangeUpdateSpan, ArticleID: "a", Before: person, Span: span("s1", "ORG")},
			before: "a:s1=PERSON",
			after:  "a:s1=ORG",
		},
		{
			name: "link a speaker",
			setup: []Change{
				{Kind: ChangeAddSpan, ArticleID: "a", Span: person},
				{Kind: ChangeAddSpan, ArticleID: "a", Span: claim},
			},
			change: Change{Kind: ChangeAddRelation, ArticleID: "a", Rel: rel},
			before: "a:s1=PERSON a:s2=CLAIM",
			after:  "a:s1=PERSON a:s2=CLAIM a>s2-s1/SPEAKER",
		},
		{
			name: "unlink a speaker",
			setup: []Change{
				{Kind: ChangeAddSpan, ArticleID: "a", Span: person},
				{Kind: ChangeAddSpan, ArticleID: "a", Span: claim, Rels: []Relation{rel}},
			},
			change: Change{Kind: ChangeDeleteRelation, ArticleID: "a", Rel: rel},
			before: "a:s1=PERSON a:s2=CLAIM a>s2-s1/SPEAKER",
			after:  "a:s1=PERSON a:s2=CLAIM",
		},
		{
			name:  "set a claim attribute",
			setup: []Change{{Kind: ChangeAddSpan, ArticleID: "a", Span: claim}},
			change: Change{Kind: ChangeUpdateSpan, ArticleID: "a", Before: claim,
				Span: Span{ID: "s2", Start: 0, End: 3, Label: "CLAIM", Attrs: map[string]string{"checkworthy": "yes"}}},
			before: "a:s2=CLAIM",
			after:  "a:s2=CLAIM,checkworthy=yes",
		},
		{
			name:   "status",
			setup:  []Change{{Kind: ChangeSetStatus, ArticleID: "b", Status: StatusInProgress, BeforeStatus: StatusTodo}},
			change: Change{Kind: ChangeSetStatus, ArticleID: "b", Status: StatusDone, BeforeStatus: StatusInProgress},
			before: "b=in_progress",
			after:  "b=done",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, h := newDocs(), NewHistory(0)
			for _, c := range append(tt.setup, tt.change) {
				if err := d.apply(c); err != nil {
					t.Fatal(err)
				}
				h.Do(c)
			}
			if got := d.show(); got != tt.after {
				t.Fatalf("after doing: %q, want %q", got, tt.after)
			}
			inv, err := h.Undo(d.apply)
			if err != nil {
				t.Fatal(err)
			}
			if inv.ArticleID != tt.change.ArticleID {
				t.Errorf("undo applied to article %q, want %q", inv.ArticleID, tt.change.ArticleID)
			}
			if got := d.show(); got != tt.before {
				t.Fatalf("after undo: %q, want %q", got, tt.before)
			}
			redo, err := h.Redo(d.apply)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(redo, tt.change) {
				t.Errorf("redo applied %+v, want %+v", redo, tt.change)
			}
			if got := d.show(); got != tt.after {
				t.Fatalf("after redo: %q, want %q", got, tt.after)
			}
		})
	}
}

func TestUndoAllThenRedoAllWalksTheWholeHistory(t *testing.T) {
	changes := []Change{
		{Kind: ChangeAddSpan, ArticleID: "a", Span: span("s1", "PERSON")},
		{Kind: ChangeAddSpan, ArticleID: "b", Span: span("s1", "ORG")},
		{Kind: ChangeUpdateSpan, ArticleID: "a", Before: span("s1", "PERSON"), Span: span("s1", "LOC")},
		{Kind: ChangeDeleteSpan, ArticleID: "b", Span: span("s1", "ORG")},
		{Kind: ChangeSetStatus, ArticleID: "a", BeforeStatus: StatusTodo, Status: StatusDone},
	}
	d, h := newDocs(), NewHistory(0)
	states := []string{d.show()}
	for _, c := range changes {
		if err := d.apply(c); err != nil {
			t.Fatal(err)
		}
		h.Do(c)
		states = append(states, d.show())
	}
	for i := len(changes) - 1; i >= 0; i-- {
		if _, err := h.Undo(d.apply); err != nil {
			t.Fatalf("undo %d: %v", i, err)
		}
		if got := d.show(); got != states[i] {
			t.Fatalf("after undoing change %d: %q, want %q", i, got, states[i])
		}
	}
	if _, err := h.Undo(d.apply); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("undo past the start: %v, want ErrNothingToUndo", err)
	}
	for i := range changes {
		if _, err := h.Redo(d.apply); err != nil {
			t.Fatalf("redo %d: %v", i, err)
		}
		if got := d.show(); got != states[i+1] {
			t.Fatalf("after redoing change %d: %q, want %q", i, got, states[i+1])
		}
	}
	if _, err := h.Redo(d.apply); !errors.Is(err, ErrNothingToRedo) {
		t.Fatalf("redo past the end: %v, want ErrNothingToRedo", err)
	}
}

func TestHistoryCounts(t *testing.T) {
	add := func(id string) Change { return Change{Kind: ChangeAddSpan, ArticleID: "a", Span: span(id, "X")} }
	ok := func(Change) error { return nil }
	fail := func(Change) error { return errors.New("disk full") }
	tests := []struct {
		name             string
		limit            int
		steps            func(h *History)
		wantUndo, wantRD int
	}{
		{"empty", 0, func(h *History) {}, 0, 0},
		{"undo moves a change to redo", 0, func(h *History) {
			h.Do(add("s1"))
			h.Do(add("s2"))
			h.Undo(ok)
		}, 1, 1},
		{"a new change clears redo", 0, func(h *History) {
			h.Do(add("s1"))
			h.Do(add("s2"))
			h.Undo(ok)
			h.Undo(ok)
			h.Do(add("s3"))
		}, 1, 0},
		{"oldest changes are forgotten past the limit", 3, func(h *History) {
			for i := range 5 {
				h.Do(add(fmt.Sprint("s", i)))
			}
		}, 3, 0},
		{"failed undo leaves the history as it was", 0, func(h *History) {
			h.Do(add("s1"))
			h.Undo(fail)
		}, 1, 0},
		{"failed redo leaves the history as it was", 0, func(h *History) {
			h.Do(add("s1"))
			h.Undo(ok)
			h.Redo(fail)
		}, 0, 1},
		{"clear", 0, func(h *History) {
			h.Do(add("s1"))
			h.Do(add("s2"))
			h.Undo(ok)
			h.Clear()
		}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := NewHistory(tt.limit)
			tt.steps(h)
			u, r := h.Len()
			if u != tt.wantUndo || r != tt.wantRD {
				t.Errorf("Len() = %d undo, %d redo; want %d, %d", u, r, tt.wantUndo, tt.wantRD)
			}
			if h.CanUndo() != (u > 0) || h.CanRedo() != (r > 0) {
				t.Errorf("CanUndo/CanRedo disagree with Len")
			}
		})
	}
}

func TestHistoryPastTheLimitUndoesTheNewestChanges(t *testing.T) {
	h := NewHistory(2)
	for _, id := range []string{"s1", "s2", "s3"} {
		h.Do(Change{Kind: ChangeAddSpan, ArticleID: "a", Span: span(id, "X")})
	}
	var undone []string
	for {
		c, err := h.Undo(func(Change) error { return nil })
		if err != nil {
			break
		}
		undone = append(undone, c.Span.ID)
	}
	if want := []string{"s3", "s2"}; !slices.Equal(undone, want) {
		t.Errorf("undid %v, want %v", undone, want)
	}
}

func TestInverseOfInverseIsTheChange(t *testing.T) {
	for _, c := range []Change{
		{Kind: ChangeAddSpan, ArticleID: "a", Span: span("s1", "PERSON")},
		{Kind: ChangeDeleteSpan, ArticleID: "a", Span: span("s1", "PERSON"), Rels: []Relation{{Head: "s2", Child: "s1", Label: "SPEAKER"}}},
		{Kind: ChangeUpdateSpan, ArticleID: "a", Before: span("s1", "PERSON"), Span: span("s1", "ORG")},
		{Kind: ChangeSetStatus, ArticleID: "a", BeforeStatus: StatusTodo, Status: StatusDone},
		{Kind: ChangeAddRelation, ArticleID: "a", Rel: Relation{Head: "s2", Child: "s1", Label: "SPEAKER"}},
		{Kind: ChangeDeleteRelation, ArticleID: "a", Rel: Relation{Head: "s2", Child: "s1", Label: "ABOUT"}},
	} {
		if inv := c.Inverse(); reflect.DeepEqual(inv, c) {
			t.Errorf("%v: inverse equals the change", c.Kind)
		}
		if got := c.Inverse().Inverse(); !reflect.DeepEqual(got, c) {
			t.Errorf("%v: inverse of inverse = %+v", c.Kind, got)
		}
	}
}

func TestBatchUndoesItsChangesInReverseOrder(t *testing.T) {
	s1 := Span{ID: "s1", Start: 0, End: 3, Label: "PERSON", Annotator: "gold"}
	s2 := Span{ID: "s2", Start: 4, End: 7, Label: "ORG", Annotator: "gold"}
	old := Span{ID: "s3", Start: 0, End: 3, Label: "ORG", Annotator: "gold"}
	batch := Change{Kind: ChangeBatch, ArticleID: "a", Batch: []Change{
		{Kind: ChangeDeleteSpan, ArticleID: "a", Span: old},
		{Kind: ChangeAddSpan, ArticleID: "a", Span: s1},
		{Kind: ChangeAddSpan, ArticleID: "a", Span: s2},
	}}
	inv := batch.Inverse()
	want := []struct {
		kind ChangeKind
		id   string
	}{{ChangeDeleteSpan, "s2"}, {ChangeDeleteSpan, "s1"}, {ChangeAddSpan, "s3"}}
	if inv.Kind != ChangeBatch || len(inv.Batch) != len(want) {
		t.Fatalf("inverse %+v, want a batch of %d", inv, len(want))
	}
	for i, w := range want {
		if inv.Batch[i].Kind != w.kind || inv.Batch[i].Span.ID != w.id {
			t.Errorf("inverse step %d: %s %s, want %s %s", i, inv.Batch[i].Kind, inv.Batch[i].Span.ID, w.kind, w.id)
		}
	}
	if batch.Batch[0].Kind != ChangeDeleteSpan {
		t.Error("Inverse changed the batch it inverted")
	}
	if got := batch.Describe(); got != "3 changes" {
		t.Errorf("Describe = %q", got)
	}
	h := NewHistory(0)
	h.Do(batch)
	var applied []Change
	if _, err := h.Undo(func(c Change) error { applied = append(applied, c); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(applied) != 1 || applied[0].Kind != ChangeBatch || len(applied[0].Batch) != 3 {
		t.Errorf("one undo applied %+v, want the whole inverse batch at once", applied)
	}
}

func TestDescribeNamesTheChangedClaimAttributes(t *testing.T) {
	before := Span{ID: "s2", Label: "CLAIM", Attrs: map[string]string{"verdict": "unverified", "note": "x"}}
	tests := []struct {
		after map[string]string
		want  string
	}{
		{map[string]string{"verdict": "false", "note": "x"}, "set CLAIM s2 verdict"},
		{map[string]string{"verdict": "unverified", "checkworthy": "yes"}, "set CLAIM s2 checkworthy, note"},
		{map[string]string{"verdict": "unverified", "note": "x"}, "change span CLAIM"},
	}
	for _, tt := range tests {
		after := before
		after.Attrs = tt.after
		c := Change{Kind: ChangeUpdateSpan, Before: before, Span: after}
		if got := c.Describe(); got != tt.want {
			t.Errorf("Describe() = %q, want %q", got, tt.want)
		}
	}
}

// TestResizeIsAnUpdateWhoseUndoPutsTheBoundsBack: a resize is a
// ChangeUpdateSpan of the whole span, so its inverse holds the old bounds
// (and text) and Describe names both ranges, either way round.
func TestResizeIsAnUpdateWhoseUndoPutsTheBoundsBack(t *testing.T) {
	before := Span{ID: "s3", Start: 10, End: 16, Text: "Dahlan", Label: "PERSON", Review: ReviewAccepted, Reviewer: "ana"}
	after := before
	after.Start, after.Text = 1, "Mohammed Dahlan"
	c := Change{Kind: ChangeUpdateSpan, ArticleID: "a", Before: before, Span: after}
	if got, want := c.Describe(), "resize PERSON s3 10–16 → 1–16"; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
	inv := c.Inverse()
	if !reflect.DeepEqual(inv.Span, before) || !reflect.DeepEqual(inv.Before, after) {
		t.Errorf("Inverse() = %+v → %+v, want the old bounds back", inv.Before, inv.Span)
	}
	if got, want := inv.Describe(), "resize PERSON s3 1–16 → 10–16"; got != want {
		t.Errorf("Inverse().Describe() = %q, want %q", got, want)
	}
	relabel := after
	relabel.Label = "ORG"
	c.Span = relabel
	if got, want := c.Describe(), "relabel PERSON → ORG"; got != want {
		t.Errorf("a relabel that also moves: Describe() = %q, want %q", got, want)
	}
}

func TestDropForgetsTheNextStepToUndoOrRedo(t *testing.T) {
	h := NewHistory(0)
	for i := range 3 {
		h.Do(Change{Kind: ChangeAddSpan, ArticleID: "a", Span: Span{ID: fmt.Sprint("s", i+1)}})
	}
	ok := func(Change) error { return nil }
	if _, err := h.Undo(ok); err != nil {
		t.Fatal(err)
	}
	h.DropUndo() // s2's step
	if u, r := h.Len(); u != 1 || r != 1 {
		t.Fatalf("after DropUndo: %d/%d, want 1/1", u, r)
	}
	h.DropRedo() // s3's step
	if u, r := h.Len(); u != 1 || r != 0 {
		t.Fatalf("after DropRedo: %d/%d, want 1/0", u, r)
	}
	c, err := h.Undo(ok)
	if err != nil || c.Span.ID != "s1" {
		t.Fatalf("undo after the drops: %v %v, want s1's step", c.Span.ID, err)
	}
	h.DropUndo()
	h.DropRedo()
	h.DropRedo() // nothing left: no panic
	if u, r := h.Len(); u != 0 || r != 0 {
		t.Fatalf("%d/%d, want an empty history", u, r)
	}
}
