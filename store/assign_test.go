package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/spanmark/spanmark/annotate"
)

func TestAssignSpreadsBalancedOnceAndIsAllOrNothing(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ctx := context.Background()
		db := openTemp(t)
		var recs []annotate.Record
		for i := range 9 {
			recs = append(recs, rec(i+1, annotate.Article{ID: fmt.Sprintf("a%d", i), Text: "Ana met Bob."}))
		}
		mustImport(t, db, ImportOptions{}, recs...)
		if err := db.SetStatus(ctx, "a8", annotate.StatusDone); err != nil {
			t.Fatal(err)
		}
		team := []string{"ana", "ben", "cleo"}
		res, err := db.Assign(ctx, AssignOptions{Annotators: team, PerArticle: 2, Statuses: []annotate.Status{annotate.StatusTodo}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Articles != 8 || res.Added["ana"] != 6 || res.Added["ben"] != 5 || res.Added["cleo"] != 5 {
			t.Fatalf("Assign = %+v, want 8 articles, ana 6, ben 5, cleo 5", res)
		}
		if got, _ := db.Assigned(ctx, "a8"); len(got) != 0 {
			t.Fatalf("the done article got %v", got)
		}
		// The list's "assigned to me" filter, and whether anybody has any.
		mine, err := db.ListArticles(ctx, ArticleFilter{AssignedTo: "cleo"})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, m := range mine {
			ids = append(ids, m.ID)
		}
		if strings.Join(ids, ",") != "a1,a2,a4,a5,a7" {
			t.Fatalf("assigned to cleo: %v, want a1,a2,a4,a5,a7", ids)
		}
		if n, _, _, err := db.CountArticles(ctx, ArticleFilter{AssignedTo: "cleo"}, ""); err != nil || n != 5 {
			t.Fatalf("count assigned to cleo = %d, %v; want 5", n, err)
		}
		for who, want := range map[string]bool{"cleo": true, "dora": false} {
			if has, err := db.HasAssignments(ctx, who); err != nil || has != want {
				t.Fatalf("HasAssignments(%s) = %v, %v; want %v", who, has, err, want)
			}
		}
		if got, _ := db.Assigned(ctx, "a1"); strings.Join(got, ",") != "ana,cleo" {
			t.Fatalf("a1 assigned to %v, want ana,cleo (a0 took ana and ben)", got)
		}
		again, err := db.Assign(ctx, AssignOptions{Annotators: team, PerArticle: 2, Statuses: []annotate.Status{annotate.StatusTodo}})
		if err != nil || again.Articles != 0 {
			t.Fatalf("second run: %+v, %v; want nothing added", again, err)
		}
		// Progress follows each annotator's own status of their articles.
		if err := db.SetAnnotatorStatus(ctx, "a0", "ana", annotate.StatusDone); err != nil {
			t.Fatal(err)
		}
		pr, err := db.AssignmentProgress(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(pr) != 3 || pr[0].Annotator != "ana" || pr[0].Assigned != 6 || pr[0].ByStatus[annotate.StatusDone] != 1 || pr[0].ByStatus[annotate.StatusTodo] != 5 {
			t.Fatalf("progress %+v", pr)
		}
		// A bad team changes nothing.
		for _, opt := range []AssignOptions{
			{Annotators: team, PerArticle: 4},
			{Annotators: []string{"ana", "ana"}, PerArticle: 1},
			{Annotators: nil, PerArticle: 1},
		} {
			if _, err := db.Assign(ctx, opt); err == nil {
				t.Errorf("Assign(%+v) did not fail", opt)
			}
		}
		if pr2, _ := db.AssignmentProgress(ctx); fmt.Sprint(pr2) != fmt.Sprint(pr) {
			t.Fatalf("a refused Assign changed the assignments: %v", pr2)
		}
		// Deleting an article takes its assignments; Unassign removes by name.
		if _, err := db.DeleteArticles(ctx, DeleteFilter{IDs: []string{"a0"}}); err != nil {
			t.Fatal(err)
		}
		if n, err := db.Unassign(ctx, []string{"cleo"}); err != nil || n != 5 {
			t.Fatalf("Unassign(cleo) = %d, %v; want 5", n, err)
		}
		pr, _ = db.AssignmentProgress(ctx)
		if len(pr) != 2 || pr[0].Assigned != 5 || pr[1].Assigned != 4 {
			t.Fatalf("after delete and unassign: %+v", pr)
		}
	})
}
