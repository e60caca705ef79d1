package gui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/internal/pgtest"
)

func init() { liveDo = onFyne }

// fyneMu stands in for the Fyne goroutine, which the test app has not:
// the listener's redraws (liveDo) and a test's steps take turns.
var fyneMu sync.Mutex

// onFyne runs f as on the Fyne goroutine: not beside a redraw of the
// listener's.
func onFyne(f func()) {
	fyneMu.Lock()
	defer fyneMu.Unlock()
	fyne.DoAndWait(f)
}

// eventually polls cond on the Fyne goroutine until it holds, failing
// after wait with what.
func eventually(t *testing.T, wait time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	t0 := time.Now()
	for {
		ok := false
		onFyne(func() { ok = cond() })
		if ok {
			return time.Since(t0)
		}
		if time.Since(t0) > wait {
			t.Fatalf("after %v: %s", wait, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// shows reports whether u's article view draws a span of label over s.
func shows(t *testing.T, u *ui, s, label string) bool {
	b := strings.Index(u.s.Cur.Text, s)
	start := len([]rune(u.s.Cur.Text[:b]))
	for _, sp := range u.view.Model().Spans() {
		if sp.Start == start && sp.End == start+len([]rune(s)) && sp.Label == label {
			return true
		}
	}
	return false
}

func labelNamed(t *testing.T, u *ui, name string) annotate.Label {
	t.Helper()
	for _, l := range u.s.Labels {
		if l.Name == name {
			return l
		}
	}
	t.Fatalf("no label %s", name)
	return annotate.Label{}
}

// twoWindows opens ana's and ben's windows on one new database of the
// test server, both on the Gulf News sample.
func twoWindows(t *testing.T) (ana, ben *ui) {
	url := pgtest.URL(t)
	onFyne(func() {
		ana = newTestUIAt(t, url, gulfNews)
		ben = newTestUIAt(t, url, gulfNews)
		ana.s.Annotator, ben.s.Annotator = "ana", "ben"
	})
	return ana, ben
}

func TestTwoWindowsOnOneServerSeeEachOthersTagsAndConflicts(t *testing.T) {
	ana, ben := twoWindows(t)
	onFyne(func() { selectText(t, ana, "Rafah") }) // ana is busy elsewhere in the text

	// ben tags a word: ana's window shows it, her selection stays
	onFyne(func() {
		selectText(t, ben, "Mohammed Dahlan")
		ben.applyLabel(labelNamed(t, ben, "PERSON"), false)
	})
	took := eventually(t, time.Second, "ana's window does not show ben's PERSON", func() bool { return shows(t, ana, "Mohammed Dahlan", "PERSON") })
	t.Logf("ben's tag drawn in ana's window after %v", took)
	onFyne(func() {
		if !strings.Contains(ana.bar.info.Text, "ben saved a change") {
			t.Errorf("ana's status line %q, want who saved", ana.bar.info.Text)
		}
		if start, end, ok := ana.view.Selection(); !ok || end-start != len("Rafah") {
			t.Errorf("ana's selection %d–%d (%v), want Rafah kept", start, end, ok)
		}
		if undo, _ := ana.s.History().Len(); undo != 0 {
			t.Errorf("ana's undo list has %d steps: ben's tag is not hers to undo", undo)
		}
	})
	eventually(t, time.Second, "ana's list does not count ben's span", func() bool {
		for i := range ana.s.List.Len() {
			if r, _, _ := ana.s.List.Row(i); r.ID == gulfNews {
				return r.Spans > 0
			}
		}
		return false
	})

	// both relabel ben's span; ana acts on the version she saw before ben's
	var stale annotate.Span
	onFyne(func() {
		for _, sp := range ana.s.Cur.Spans {
			if sp.Label == "PERSON" {
				stale = sp
			}
		}
		ben.relabel(stale.ID, labelNamed(t, ben, "ORG"))
	})
	eventually(t, time.Second, "ana does not hear ben's relabel", func() bool { return shows(t, ana, "Mohammed Dahlan", "ORG") })
	onFyne(func() {
		after := stale
		after.Label, after.Kind = "GPE", annotate.KindEntity
		ana.changeSpan(stale, after, "PERSON → GPE")
		msg := ana.bar.state.Text
		if !strings.HasPrefix(msg, "ben changed ORG "+stale.ID+" at ") || !strings.Contains(msg, "showing that version") {
			t.Errorf("ana's status %q, want who changed it", msg)
		}
		if !shows(t, ana, "Mohammed Dahlan", "ORG") || shows(t, ana, "Mohammed Dahlan", "GPE") {
			t.Error("ana's window does not show ben's ORG after her refused relabel")
		}
		if undo, _ := ana.s.History().Len(); undo != 0 {
			t.Errorf("ana's refused relabel left %d undo steps", undo)
		}
	})
}

func TestTheWindowSaysOfflineWhileTheServerIsDownAndComesBack(t *testing.T) {
	srv, url := pgtest.Own(t)
	var u *ui
	onFyne(func() {
		u = newTestUIAt(t, url, gulfNews)
		selectText(t, u, "Rafah")
		u.applyLabel(labelNamed(t, u, "GPE"), false)
	})
	if err := srv.Halt("fast"); err != nil {
		t.Fatal(err)
	}
	took := eventually(t, 5*time.Second, "the status bar does not say offline", func() bool {
		return u.bar.state.Text == "offline — changes not saved"
	})
	t.Logf("offline shown %v after the server stopped", took)
	var spans, undo int
	onFyne(func() {
		spans, undo = len(u.view.Model().Spans()), 0
		undo, _ = u.s.History().Len()
		selectText(t, u, "Mohammed Dahlan")
		u.applyLabel(labelNamed(t, u, "PERSON"), false)
		if u.bar.state.Text != "offline — changes not saved" {
			t.Errorf("after a tag while offline the status says %q", u.bar.state.Text)
		}
		if n := len(u.view.Model().Spans()); n != spans || shows(t, u, "Mohammed Dahlan", "PERSON") {
			t.Errorf("the view draws %d spans (the unsaved PERSON: %v), want %d", n, shows(t, u, "Mohammed Dahlan", "PERSON"), spans)
		}
		if n, _ := u.s.History().Len(); n != undo {
			t.Errorf("%d undo steps after the unsaved tag, want %d", n, undo)
		}
	})
	if err := srv.Resume(); err != nil {
		t.Fatal(err)
	}
	took = eventually(t, 10*time.Second, "the status bar does not say back online", func() bool {
		return strings.HasPrefix(u.bar.state.Text, "back online")
	})
	t.Logf("back online shown %v after the server started", took)
	onFyne(func() {
		if !shows(t, u, "Rafah", "GPE") {
			t.Error("the GPE saved before the stop is not shown")
		}
		selectText(t, u, "Mohammed Dahlan")
		u.applyLabel(labelNamed(t, u, "PERSON"), false)
		if !strings.Contains(u.bar.state.Text, "saved") || !shows(t, u, "Mohammed Dahlan", "PERSON") {
			t.Errorf("tag after the restart: status %q", u.bar.state.Text)
		}
	})
}

func TestTheOthersWritesReadTheListAtMostOnceASecond(t *testing.T) {
	ana, ben := twoWindows(t)
	var reads int
	var ids []string
	onFyne(func() {
		reads = ana.s.List.PagesRead()
		for _, r := range rowsOf(t, ana)[:6] {
			ids = append(ids, r.ID)
		}
	})
	t0 := time.Now()
	for _, id := range ids { // six of ben's saves in under half a second
		if err := ben.s.DB().SetStatus(context.Background(), id, annotate.StatusDone); err != nil {
			t.Fatal(err)
		}
		time.Sleep(60 * time.Millisecond) // each heard on its own (liveGather)
	}
	eventually(t, 3*time.Second, "ana's counts do not show ben's six done", func() bool {
		return strings.Contains(ana.counts.Text, "done 6")
	})
	t.Logf("ana's counts show ben's last save %v after his first", time.Since(t0))
	onFyne(func() {
		if n := ana.s.List.PagesRead() - reads; n < 1 || n > 2 {
			t.Errorf("ana's list was read %d times for ben's six saves in %v, want 1–2 (at most once a second)", n, time.Since(t0))
		}
	})
}
