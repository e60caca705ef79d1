package gui

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/spanmark/spanmark/store"
)

// A team member whose articles were assigned (spanmark assign) sees them
// first: the window starts with "assigned to me" on; unticking it lists
// every article; without assignments the filter is not shown.
func TestTheWindowStartsOnTheArticlesAssignedToMe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "team.db")
	u0 := newTestUIAt(t, path, gulfNews)
	if u0.mine.Visible() {
		t.Fatal(`"assigned to me" shown with nothing assigned`)
	}
	all := len(rowsOf(t, u0))
	res, err := u0.s.DB().Assign(context.Background(), store.AssignOptions{Annotators: []string{"tester", "ben", "cleo"}, PerArticle: 1})
	if err != nil || res.Added["tester"] == 0 {
		t.Fatalf("assign: %+v, %v", res, err)
	}
	u0.s.DB().Close()

	u := newTestUIAt(t, path, gulfNews)
	if !u.mine.Visible() || !u.mine.Checked {
		t.Fatalf(`"assigned to me": shown %v, ticked %v; want both`, u.mine.Visible(), u.mine.Checked)
	}
	rows := rowsOf(t, u)
	if len(rows) != res.Added["tester"] {
		t.Fatalf("listed %d articles, want the %d assigned to tester", len(rows), res.Added["tester"])
	}
	for _, r := range rows {
		who, _ := u.s.DB().Assigned(context.Background(), r.ID)
		if len(who) != 1 || who[0] != "tester" {
			t.Fatalf("listed %s, assigned to %v", r.ID, who)
		}
	}
	test.Tap(u.mine)
	if n := len(rowsOf(t, u)); n != all {
		t.Fatalf("unticked: listed %d articles, want all %d", n, all)
	}
}
