package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spanmark/spanmark/annotate"
)

// openTwo opens one new database twice, as two people's windows do: two
// handles on one SQLite file, or two pools on one PostgreSQL database.
func openTwo(t *testing.T) (*DB, *DB) {
	t.Helper()
	name, _ := newDatabaseName(t, "team.db")
	var dbs [2]*DB
	for i := range dbs {
		db, err := Open(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	return dbs[0], dbs[1]
}

const osloText = "Ana met Bob in Oslo on Monday and they went on to Bergen."

func TestTwoWritersTaggingOneArticleAtOnceGetTheirOwnSpanIDs(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ana, ben := openTwo(t)
		mustImport(t, ana, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: osloText}))
		words := strings.Fields(strings.TrimSuffix(osloText, "."))
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 2*len(words))
		for i, db := range []*DB{ana, ben} {
			who := []string{"ana", "ben"}[i]
			wg.Add(1)
			go func() {
				defer wg.Done()
				at := 0
				for _, w := range words {
					start := strings.Index(osloText[at:], w) + at
					at = start + len(w)
					if _, err := db.AddSpan(WithWho(ctx, who), "a", annotate.Span{Start: start, End: at, Label: "PERSON", Annotator: who}); err != nil {
						errs <- fmt.Errorf("%s tags %q: %w", who, w, err)
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		a, err := ana.Article(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Spans) != 2*len(words) {
			t.Errorf("%d spans, want %d", len(a.Spans), 2*len(words))
		}
		seen := map[string]bool{}
		for _, s := range a.Spans {
			if seen[s.ID] {
				t.Errorf("span id %s given twice", s.ID)
			}
			seen[s.ID] = true
		}
		checkIntegrity(t, ana)
	})
}

func TestAChangeToASpanSomeoneChangedSinceIsRefusedWithWhoAndTheirVersion(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ana, ben := openTwo(t)
		ctx := context.Background()
		mustImport(t, ana, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: osloText,
			Spans: []annotate.Span{{ID: "s1", Start: 8, End: 11, Label: "PERSON", Annotator: "ana"}}}))
		read := func(db *DB) annotate.Span {
			t.Helper()
			a, err := db.Article(ctx, "a")
			if err != nil || len(a.Spans) != 1 {
				t.Fatalf("article a: %v, %v", a, err)
			}
			return a.Spans[0]
		}
		orig := read(ana)
		// ana and ben both have the span open; ben relabels it first
		benAfter := orig
		benAfter.Label, benAfter.Updated = "ORG", orig.Updated.Add(5*time.Millisecond)
		benWhen := benAfter.Updated.Truncate(time.Millisecond)
		if err := ben.Apply(WithWho(ctx, "ben"), annotate.Change{Kind: annotate.ChangeUpdateSpan, ArticleID: "a", Before: orig, Span: benAfter}); err != nil {
			t.Fatal(err)
		}
		anaAfter := orig
		anaAfter.Label, anaAfter.Updated = "GPE", orig.Updated.Add(9e6)
		tries := map[string]annotate.Change{
			"relabel":  {Kind: annotate.ChangeUpdateSpan, ArticleID: "a", Before: orig, Span: anaAfter},
			"resize":   {Kind: annotate.ChangeUpdateSpan, ArticleID: "a", Before: orig, Span: func() annotate.Span { s := orig; s.End, s.Text = 10, "Bo"; return s }()},
			"decision": {Kind: annotate.ChangeUpdateSpan, ArticleID: "a", Before: orig, Span: annotate.Decide(orig, annotate.ReviewRejected, "ana", orig.Updated.Add(7e6))},
			"delete":   {Kind: annotate.ChangeDeleteSpan, ArticleID: "a", Span: orig},
			"batch": {Kind: annotate.ChangeBatch, ArticleID: "a", Batch: []annotate.Change{
				{Kind: annotate.ChangeSetStatus, ArticleID: "a", Status: annotate.StatusDone, BeforeStatus: annotate.StatusTodo},
				{Kind: annotate.ChangeUpdateSpan, ArticleID: "a", Before: orig, Span: anaAfter}}},
		}
		for name, c := range tries {
			err := ana.Apply(WithWho(ctx, "ana"), c)
			var cb *ChangedByOtherError
			if !errors.As(err, &cb) || !errors.Is(err, ErrChangedByOther) {
				t.Errorf("%s: %v, want a ChangedByOtherError", name, err)
				continue
			}
			if cb.By != "ben" || cb.Now.Label != "ORG" || !cb.When.Equal(benWhen) || cb.Deleted {
				t.Errorf("%s: by %q at %v, now %+v; want ben at %v, ORG", name, cb.By, cb.When, cb.Now, benWhen)
			}
			if !strings.Contains(err.Error(), "ben changed span ORG s1 at ") {
				t.Errorf("%s: message %q", name, err)
			}
		}
		if _, _, err := ana.DeleteSeenSpan(ctx, "a", orig); !errors.Is(err, ErrChangedByOther) {
			t.Errorf("DeleteSeenSpan of the old version: %v", err)
		}
		if s := read(ana); s.Label != "ORG" || s.End != 11 || s.Review != "" {
			t.Errorf("span after the refused writes: %+v, want ben's ORG unchanged", s)
		}
		if a, _ := ana.Article(ctx, "a"); a.Status != annotate.StatusTodo {
			t.Errorf("status %s: the refused batch's status change was kept", a.Status)
		}
		// written over ben's version, ana's change goes through
		now := read(ana)
		anaAfter.Updated = now.Updated.Add(3e6)
		if err := ana.Apply(ctx, annotate.Change{Kind: annotate.ChangeUpdateSpan, ArticleID: "a", Before: now, Span: anaAfter}); err != nil {
			t.Fatalf("ana's change over ben's version: %v", err)
		}
		// ben deletes it; ana's next change hears it is gone
		if _, _, err := ben.DeleteSeenSpan(ctx, "a", read(ben)); err != nil {
			t.Fatal(err)
		}
		err := ana.Apply(ctx, annotate.Change{Kind: annotate.ChangeUpdateSpan, ArticleID: "a", Before: anaAfter, Span: orig})
		var cb *ChangedByOtherError
		if !errors.As(err, &cb) || !cb.Deleted || !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "deleted meanwhile") {
			t.Errorf("change of a deleted span: %v, want deleted and ErrNotFound", err)
		}
		// the unconditional writes stay as they were
		if err := ana.UpdateSpan(ctx, "a", orig); !errors.Is(err, ErrNotFound) || errors.Is(err, ErrChangedByOther) {
			t.Errorf("UpdateSpan of a missing span: %v, want plain ErrNotFound", err)
		}
	})
}

func TestOneAnnotatorTaggingOneWordInTwoWindowsAtOnceGetsOneSpan(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		a1, a2 := openTwo(t)
		mustImport(t, a1, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: osloText}))
		ctx := context.Background()
		errs := make(chan error, 2)
		for _, db := range []*DB{a1, a2} {
			go func() {
				_, err := db.AddSpan(ctx, "a", annotate.Span{Start: 8, End: 11, Label: "PERSON", Annotator: "ana"})
				errs <- err
			}()
		}
		e1, e2 := <-errs, <-errs
		if (e1 == nil) == (e2 == nil) {
			t.Fatalf("the two tags answered %v and %v; want one saved, one ErrSpanExists", e1, e2)
		}
		if err := errors.Join(e1, e2); !errors.Is(err, ErrSpanExists) || !strings.Contains(err.Error(), `an identical span PERSON 8-11 by "ana" exists already`) {
			t.Errorf("the second tag: %v, want ErrSpanExists", err)
		}
		if a, _ := a1.Article(ctx, "a"); len(a.Spans) != 1 {
			t.Errorf("%d spans, want 1", len(a.Spans))
		}
	})
}

// TestAnUndoneDeleteGetsItsIDBackWhenAnotherTaggedMeanwhile: ana deletes the
// article's highest span sN, ben tags a word, ana undoes her delete. ben's
// span must not have been given sN (ids are not handed out again, even the
// highest), so the undo puts ana's span back; it failed with "span id s2 is
// already used" before.
func TestAnUndoneDeleteGetsItsIDBackWhenAnotherTaggedMeanwhile(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		ana, ben := openTwo(t)
		mustImport(t, ana, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: osloText}))
		ctx := context.Background()
		actx, bctx := WithWho(ctx, "ana"), WithWho(ctx, "ben")
		undo := tagTwoDeleteS2(t, ana, actx)
		bens, err := ben.AddSpan(bctx, "a", annotate.Span{Start: 15, End: 19, Label: "GPE", Annotator: "ben"})
		if err != nil {
			t.Fatal(err)
		}
		if bens.ID == "s2" {
			t.Errorf("ben's new span got the id s2 of ana's deleted span")
		}
		if err := ana.Apply(actx, undo); err != nil {
			t.Fatalf("ana's undo of her delete: %v", err)
		}
		// and the next tag after the undo is not given an id in use either
		next, err := ben.AddSpan(bctx, "a", annotate.Span{Start: 23, End: 29, Label: "DATE", Annotator: "ben"})
		if err != nil {
			t.Fatal(err)
		}
		a, err := ana.Article(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, s := range a.Spans {
			got[s.ID] = s.Annotator + " " + osloText[s.Start:s.End]
		}
		want := map[string]string{"s1": "ana Ana", "s2": "ana Bob", bens.ID: "ben Oslo", next.ID: "ben Monday"}
		if fmt.Sprint(got) != fmt.Sprint(want) || len(got) != 4 {
			t.Errorf("spans %v, want %v", got, want)
		}
	})
}

// TestSuggestGivesNoIDOfADeletedSpan: suggest numbers its spans after the
// highest id the article ever gave (articles.last_span), as a tag does, so
// an undo of the delete still finds its id free; both for every article
// and for the articles named.
func TestSuggestGivesNoIDOfADeletedSpan(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		for _, ids := range [][]string{nil, {"a"}} {
			db := openTemp(t)
			mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: osloText}))
			ctx := WithWho(context.Background(), "ana")
			undo := tagTwoDeleteS2(t, db, ctx)
			res, err := db.Suggest(ctx, SuggestOptions{Matcher: matcher(t, "GPE\tOslo\n"), ArticleIDs: ids, Record: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Added) != 1 || res.Added[0].Span.ID != "s3" {
				t.Fatalf("articles %v: suggested %+v, want one span s3", ids, res.Added)
			}
			if err := db.Apply(ctx, undo); err != nil {
				t.Errorf("articles %v: undo of the delete: %v", ids, err)
			}
		}
	})
}

// TestImportRenamesNoSpanToTheIDOfADeletedOne: an import into an article
// that renames a span whose id is taken gives it an id above the deleted
// ones too, so the delete's undo still finds its id free.
func TestImportRenamesNoSpanToTheIDOfADeletedOne(t *testing.T) {
	onEngines(t, func(t *testing.T) {
		db := openTemp(t)
		mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: osloText}))
		ctx := WithWho(context.Background(), "ana")
		undo := tagTwoDeleteS2(t, db, ctx)
		// ben's file calls his Oslo span s1, which ana's Ana holds
		mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: osloText, Spans: []annotate.Span{
			{ID: "s1", Start: 15, End: 19, Label: "GPE", Annotator: "ben"}}}))
		a, err := db.Article(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range a.Spans {
			if s.Annotator == "ben" && s.ID != "s3" {
				t.Errorf("ben's imported span was renamed %s, want s3", s.ID)
			}
		}
		if err := db.Apply(ctx, undo); err != nil {
			t.Errorf("undo of the delete: %v", err)
		}
	})
}

// tagTwoDeleteS2 tags Ana (s1) and Bob (s2) of article "a" as ana on db,
// deletes s2 and returns the change that undoes the delete.
func tagTwoDeleteS2(t *testing.T, db *DB, ctx context.Context) annotate.Change {
	t.Helper()
	for _, sp := range []annotate.Span{{Start: 0, End: 3, Label: "PERSON", Annotator: "ana"}, {Start: 8, End: 11, Label: "PERSON", Annotator: "ana"}} {
		if _, err := db.AddSpan(ctx, "a", sp); err != nil {
			t.Fatal(err)
		}
	}
	gone, rels, err := db.DeleteSpan(ctx, "a", "s2")
	if err != nil {
		t.Fatal(err)
	}
	return annotate.Change{Kind: annotate.ChangeAddSpan, ArticleID: "a", Span: gone, Rels: rels}
}
