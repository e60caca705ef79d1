package gui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/gui/spanview"
	"github.com/spanmark/spanmark/session"
	"github.com/spanmark/spanmark/store"
)

// Options are what the command line passes to the window.
type Options struct {
	DBPath        string  // database file; created when missing
	OpenID        string  // article to open first; "" opens the first unfinished one
	Screenshot    string  // when set: draw once, write this PNG and exit
	Width, Height float32 // the window's size at start; zero: 1280×800
}

// AppID is the application id (also in FyneApp.toml).
const AppID = "io.github.spanmark"

// ui is the window and the state it shows. Every method runs on the Fyne
// goroutine; work on other goroutines comes back through fyne.Do.
type ui struct {
	app  fyne.App
	win  fyne.Window
	s    *session.Session // the open article, labels, annotator, history: every edit goes through it
	ctx  context.Context
	stop context.CancelFunc // cancels ctx: running imports and exports roll back

	view         *spanview.View
	list         *listPanel // the session's article list, as rows
	search       *widget.Entry
	status       *widget.Select
	labelSel     *widget.Select
	annotatorSel *widget.Select
	authorSel    *widget.Select // View: whose spans the article view shows
	mine         *widget.Check  // the list's "assigned to me" filter
	counts       *widget.Label
	palette      *labelPalette
	tip          *tooltip // the palette's descriptions
	find         *findBar // Ctrl+F in the article
	bar          statusBar
	claims       *claimInspector // side panel of the selected claim

	rev reviewMode // Review ▸ Review mode's widgets
	arm armState   // how the sticky label (session.Arm) is shown (hands.go)

	jobs jobs     // import, export, merge and suggestion runs, one at a time
	live liveList // the others' writes: when the list was read for them (live.go)

	dialogs map[fyne.CanvasObject]hider // open dialogs by their overlay: Esc closes the top one
}

// newUI builds the window on app a over db, loads the samples into an empty
// database and opens the first article. Run calls it on the real app, tests
// on a test app.
func newUI(a fyne.App, db *store.DB, opt Options) (*ui, error) {
	if err := guardDatabaseFiles(); err != nil {
		return nil, err
	}
	u := &ui{app: a}
	u.ctx, u.stop = context.WithCancel(context.Background())
	var err error
	if u.s, err = session.New(u.ctx, db, ""); err != nil {
		return nil, err
	}
	u.s.SetChecking(checkRunning(db)) // start-up settings wait for the check (dbcheck.go)
	u.win = a.NewWindow("spanmark")
	if err := u.loadSettings(); err != nil {
		return nil, err
	}
	welcome, err := u.firstRun()
	if err != nil {
		return nil, err
	}
	if err := u.s.ReloadLabels(); err != nil { // the samples may have brought some
		return nil, err
	}
	schema := u.s.Schema

	u.view = spanview.New()
	u.view.Bind(&u.s.Sel) // the selection lives in the session; the view draws and changes it
	u.view.SetLabels(u.s.Labels)
	if u.s.TextSize > 0 {
		u.view.SetTextSize(u.s.TextSize)
	}
	u.view.OnRune = u.keyRune
	u.view.OnDelete = u.deleteSelected
	u.view.OnKey = u.typedKey
	u.view.OnSelectionChanged = func(start, end int) {
		u.bar.hint(u.selectionHint(start, end))
		u.claims.refresh()
	}
	u.view.OnSpanSelected = func(id string) {
		if u.claims.spanClicked(id) { // the entity of a pending speaker link
			return
		}
		u.bar.hint(u.spanHint(id))
		u.claims.refresh()
	}
	u.wireHands()
	u.claims = newClaimInspector(u, schema)
	// Before anything that may report an error on it (the annotator
	// choices read the stats): a nil bar panicked on a failing query.
	u.bar = newStatusBar(u)

	left := u.buildArticlePanel()
	// The palette is one row however many labels an import brought, so
	// that the text stays the biggest pane (issue 16).
	u.tip = newTooltip()
	u.palette = u.newPalette(u.tip)
	u.refreshPalette()
	centre := container.NewBorder(container.NewVBox(u.buildReviewBar(),
		container.NewBorder(nil, nil, nil, container.NewVBox(u.newAuthorSelect()), u.palette.box)), nil, nil, u.claims.box, u.textPane())
	u.claims.parent = centre
	split := container.NewHSplit(left, centre)
	split.Offset = 0.24
	u.win.SetContent(container.NewStack(container.NewBorder(nil, u.bar.box, nil, nil, split), u.tip.layer))
	u.win.SetMainMenu(u.mainMenu())
	u.win.SetCloseIntercept(func() {
		u.commitPending()
		u.win.Close()
	})
	u.bindKeys()
	u.win.SetOnDropped(u.dropped)
	size := fyne.NewSize(opt.Width, opt.Height)
	if size.IsZero() {
		size = fyne.NewSize(1280, 800)
	}
	u.win.Resize(size)

	u.readFilters() // all the filter widgets exist now ("assigned to me" may start ticked)
	if err := u.reloadList(); err != nil {
		return nil, err
	}
	id := opt.OpenID
	if id == "" {
		id = u.firstArticle()
	}
	if id != "" {
		if err := u.open(id); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil, fmt.Errorf("open article %q: no such article in %s", id, db.Path())
			}
			return nil, err
		}
	}
	u.bar.refresh()
	u.bar.hint(welcome)
	u.indexForSearch()
	u.watchCheck()
	u.startLive()
	return u, nil
}

// firstArticle is the article open when the window was last closed, else
// the first unfinished article, else the first one.
func (u *ui) firstArticle() string {
	if id, err := u.s.DB().Setting(u.ctx, settingLast); err == nil && id != "" {
		if _, err := u.s.DB().Article(u.ctx, id); err == nil {
			return id
		}
	}
	if id, err := u.s.DB().NextUnfinished(u.ctx, "", false); err == nil {
		return id
	}
	if r, ok, _ := u.s.List.Row(0); ok {
		return r.ID
	}
	return ""
}

// open shows article id: text, spans, title, list selection.
func (u *ui) open(id string) error {
	if u.claims != nil {
		u.claims.commitFree() // of the article left
	}
	if err := u.s.Open(id); err != nil {
		return err
	}
	a := u.s.Cur
	u.view.SetDocument(a.Text, u.shownSpans(), u.s.Labels)
	u.view.SetRelations(a.Rels)
	u.palette.counts()
	u.find.articleChanged()
	u.win.SetTitle("spanmark — " + a.ID)
	u.selectRow(a.ID)
	if err := u.s.SetSetting(settingLast, a.ID); err != nil {
		u.bar.fail(err)
	}
	u.bar.hint("")
	u.bar.refresh()
	u.claims.refresh()
	u.focusView()
	return nil
}

// openOrReport opens id and shows a failure in the status bar.
func (u *ui) openOrReport(id string) {
	if err := u.open(id); err != nil {
		u.bar.fail(fmt.Errorf("open %s: %w", id, err))
	}
}

// reloadSpans re-reads the open article's spans and status from the store,
// so the view shows what is committed, and updates its list row.
func (u *ui) reloadSpans() error {
	if u.s.Cur == nil {
		return nil
	}
	if _, err := u.s.Reload(); err != nil {
		return err
	}
	u.showSpans()
	return nil
}

// showSpans shows the open article's spans as the session holds them, and
// its row and the status counts when its status changed.
func (u *ui) showSpans() {
	a := u.s.Cur
	u.view.SetSpans(u.shownSpans())
	u.view.SetRelations(a.Rels)
	u.palette.counts()
	if u.updateRow(a.ID, a.Status, len(a.Spans)) {
		u.refreshCounts() // the status moved: the counts per status did too
	}
}

// backgroundIndex is how many articles waiting for the search index make
// the window index them on a goroutine at start (fewer: the first search
// does it, in well under a second). PostgreSQL's parser takes ≈ 0.6 ms an
// article of 600 words, about ten times FTS5's, hence its lower figure.
const (
	backgroundIndex   = 5000
	backgroundIndexPG = 500
)

// indexForSearch indexes a big backlog of articles for search on a
// goroutine, with progress in the status bar; the window stays usable (an
// edit waits for at most one batch).
func (u *ui) indexForSearch() {
	least := backgroundIndex
	if u.s.DB().Postgres() {
		least = backgroundIndexPG
	}
	n, err := u.s.DB().SearchPending(u.ctx)
	if err != nil || n < least {
		return
	}
	db, ctx := u.s.DB(), u.ctx
	go func() {
		err := db.IndexSearch(ctx, func(done, total int) {
			fyne.Do(func() { u.bar.hint(fmt.Sprintf("indexing for search: %d of %d articles", done, total)) })
		})
		fyne.Do(func() {
			if err != nil && ctx.Err() == nil {
				u.bar.fail(err)
				return
			}
			u.bar.hint("")
		})
	}()
}

// commitPending saves what was typed and not yet saved (a claim's note or
// evidence), and the settings kept while the database's check runs (it is
// waited for), before the window closes.
func (u *ui) commitPending() {
	u.claims.commitFree()
	if u.s.Checking() {
		if err := u.s.DB().WaitChecked(u.ctx); err == nil {
			u.checkDone(nil)
		}
	}
}

// quit saves what is pending and quits (File ▸ Quit, Ctrl+Q).
func (u *ui) quit() {
	u.commitPending()
	u.app.Quit()
}

// saved notes a commit in the status bar.
func (u *ui) saved(what string) {
	u.bar.saved(what, time.Now())
}

// focusView gives the article view the keyboard when it can take it, so
// that label keys and Delete reach it rather than the last widget clicked.
func (u *ui) focusView() {
	c := u.win.Canvas()
	if f, ok := any(u.view).(fyne.Focusable); ok {
		c.Focus(f)
		return
	}
	c.Unfocus()
}
