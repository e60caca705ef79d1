package gui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/session"
	"github.com/spanmark/spanmark/store"
)

// articleList is a widget.List that hands typed runes on: a list takes the
// keyboard focus when a row is clicked, and label keys must keep working
// then.
type articleList struct {
	widget.List
	onRune   func(rune)
	onDelete func()
}

func newArticleList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *articleList {
	l := &articleList{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// TypedRune passes r to the label keys.
func (l *articleList) TypedRune(r rune) {
	if l.onRune != nil {
		l.onRune(r)
	}
}

// TypedKey passes Delete and BackSpace to the window (remove the selected
// span) and the rest to the list (arrows move, Space opens).
func (l *articleList) TypedKey(ev *fyne.KeyEvent) {
	if (ev.Name == fyne.KeyDelete || ev.Name == fyne.KeyBackspace) && l.onDelete != nil {
		l.onDelete()
		return
	}
	l.List.TypedKey(ev)
}

// listPanel shows the session's article list (session.ArticleList) as
// rows: id, status and span count, and under a search hit its snippet,
// which makes the row two lines high. The row heights are its own: Fyne's
// List redraws itself whole for every height set once it is drawn (200
// redraws for 200 search hits, seconds), so the rows of a search answer
// get a new List, sized before it is drawn, and a list of one-line rows
// sets no height at all (Fyne then places 100,000 rows by arithmetic).
type listPanel struct {
	src  *session.ArticleList
	box  *fyne.Container // holds cur
	cur  *articleList
	tall int // rows of cur that are two lines high

	rowHeight, tallRowHeight float32

	// searchDelay is the time from the last key in the search box to the
	// query (0: at once).
	searchDelay time.Duration

	onRune   func(rune)
	onDelete func()
	onOpen   func(id string) // a row was selected
	onFail   func(error)     // a page could not be read
}

func newListPanel(src *session.ArticleList) *listPanel {
	p := &listPanel{src: src, searchDelay: 150 * time.Millisecond}
	p.cur = p.newList()
	p.box = container.NewStack(p.cur)
	row := p.cur.CreateItem().(*fyne.Container)
	p.rowHeight = row.MinSize().Height
	snippet := widget.NewLabel("x")
	snippet.SizeName = theme.SizeNameCaptionText
	p.tallRowHeight = p.rowHeight + snippet.MinSize().Height + theme.Padding()
	return p
}

func (p *listPanel) newList() *articleList {
	l := newArticleList(p.src.Len,
		func() fyne.CanvasObject {
			// Clipped, not ellipsised: Fyne shapes an ellipsised label's
			// whole text again at every refresh (0.24 ms a label).
			id := widget.NewLabel("article id")
			id.Truncation = fyne.TextTruncateClip
			info := widget.NewLabel("in progress · 000")
			info.SizeName = theme.SizeNameCaptionText
			snippet := widget.NewLabel("")
			snippet.SizeName = theme.SizeNameCaptionText
			snippet.Truncation = fyne.TextTruncateClip
			snippet.Importance = widget.LowImportance
			snippet.Hide()
			return container.NewVBox(container.NewBorder(nil, nil, nil, info, id), snippet)
		},
		p.updateRow)
	l.onRune = func(r rune) { p.onRune(r) }
	l.onDelete = func() { p.onDelete() }
	l.OnSelected = func(i widget.ListItemID) {
		if r, ok, _ := p.src.Row(i); ok {
			p.onOpen(r.ID)
		}
	}
	return l
}

// updateRow fills the row widgets of row i; a label whose text is the
// same is left alone (setting it lays it out again).
func (p *listPanel) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	r, ok, err := p.src.Row(i)
	if err != nil {
		p.onFail(err)
	}
	info := ""
	if ok {
		info = fmt.Sprintf("%s · %d", statusText(r.Status), r.Spans)
	}
	box := o.(*fyne.Container)
	c := box.Objects[0].(*fyne.Container)
	setText(c.Objects[0].(*widget.Label), r.ID)
	setText(c.Objects[1].(*widget.Label), info)
	snippet := box.Objects[1].(*widget.Label)
	setText(snippet, r.Snippet)
	if hide := r.Snippet == ""; snippet.Hidden != hide {
		snippet.Hidden = hide
		box.Refresh()
	}
}

func setText(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

// show shows the rows the list holds now, none selected: a search answer
// with snippets (or the first list after one) on a new List.
func (p *listPanel) show() {
	var tall []int
	if p.src.Filter().Query != "" {
		for i := range p.src.Len() {
			if r, ok, _ := p.src.Row(i); ok && r.Snippet != "" {
				tall = append(tall, i)
			}
		}
	}
	if len(tall) == 0 && p.tall == 0 {
		p.cur.UnselectAll()
		p.cur.Refresh()
		return
	}
	old := p.cur
	c := fyne.CurrentApp().Driver().CanvasForObject(old)
	p.cur = p.newList()
	for _, i := range tall {
		p.cur.SetItemHeight(i, p.tallRowHeight) // not drawn yet: no redraw
	}
	p.tall = len(tall)
	p.box.Objects = []fyne.CanvasObject{p.cur}
	p.box.Refresh()
	if c != nil && c.Focused() == old {
		c.Focus(p.cur)
	}
}

// selectRow highlights article id (reading where it stands when its row
// has not been read), or nothing when it is not listed.
func (p *listPanel) selectRow(id string) {
	i, ok, err := p.src.Index(id)
	if err != nil {
		p.onFail(err)
	}
	if !ok {
		p.cur.UnselectAll()
		return
	}
	p.cur.Select(i) // OnSelected sees id is open already
	p.cur.ScrollTo(i)
}

// allStatuses is the status filter's entry for "no filter".
const allStatuses = "all"

func statusText(s annotate.Status) string {
	return strings.ReplaceAll(string(s), "_", " ")
}

func (u *ui) buildArticlePanel() fyne.CanvasObject {
	u.search = widget.NewEntry()
	u.search.SetPlaceHolder("Search articles…")
	u.search.OnChanged = func(string) { u.searchChanged() }
	u.search.OnSubmitted = func(string) { // Enter opens the first match
		if r, ok, _ := u.s.List.Row(0); ok {
			u.openOrReport(r.ID)
		}
	}

	opts := []string{allStatuses}
	for _, s := range annotate.Statuses {
		opts = append(opts, statusText(s))
	}
	u.status = widget.NewSelect(opts, nil)
	u.status.SetSelectedIndex(0)
	u.status.OnChanged = func(string) {
		u.filtersChanged()
		u.focusView()
	}
	u.labelSel = widget.NewSelect(nil, nil)
	u.annotatorSel = widget.NewSelect(nil, nil)
	u.refreshFilterChoices()
	for _, sel := range []*widget.Select{u.labelSel, u.annotatorSel} {
		sel.OnChanged = func(string) {
			u.filtersChanged()
			u.reviewRestart() // in review mode: the new filter's first span
			u.focusView()
		}
	}
	u.counts = widget.NewLabel("")
	u.counts.Wrapping = fyne.TextWrapWord

	u.list = newListPanel(u.s.List)
	u.list.onRune = u.keyRune
	u.list.onDelete = u.deleteSelected
	u.list.onOpen = func(id string) {
		if u.s.Cur == nil || id != u.s.Cur.ID {
			u.openOrReport(id)
		}
	}
	u.list.onFail = u.bar.fail

	prev := widget.NewButtonWithIcon("Previous", theme.NavigateBackIcon(), func() { u.nextUnfinished(true) })
	next := widget.NewButtonWithIcon("Next", theme.NavigateNextIcon(), func() { u.nextUnfinished(false) })
	prev.Importance, next.Importance = widget.LowImportance, widget.LowImportance
	nav := container.NewGridWithColumns(2, prev, next)

	filters := container.NewGridWithColumns(2, u.status, u.labelSel)
	u.claims.worthy = widget.NewCheck("with check-worthy claims", func(bool) {
		u.filtersChanged()
		u.focusView()
	})
	u.mine = widget.NewCheck("assigned to me", func(bool) {
		u.filtersChanged()
		u.focusView()
	})
	u.showMine(true)
	top := container.NewVBox(u.search, filters, u.annotatorSel, u.claims.worthy, u.mine, u.counts)
	return container.NewBorder(top, nav, nil, nil, u.list.box)
}

// anyLabel and anyAnnotator are the filters' "no filter" entries.
const (
	anyLabel     = "any label"
	anyAnnotator = "any annotator"
)

// refreshFilterChoices fills the label and annotator filters from the label
// set and the annotators who have spans, keeping the current choices.
func (u *ui) refreshFilterChoices() {
	labels := []string{anyLabel}
	for _, l := range u.s.Labels {
		labels = append(labels, l.Name)
	}
	names := []string{anyAnnotator}
	seen := map[string]bool{u.s.Annotator: true}
	if u.s.Annotator != "" {
		names = append(names, u.s.Annotator)
	}
	if all, err := u.annotatorNames(); err == nil {
		for _, a := range all {
			if !seen[a] {
				names = append(names, a)
			}
		}
	}
	for _, x := range []struct {
		sel  *widget.Select
		opts []string
	}{{u.labelSel, labels}, {u.annotatorSel, names}} {
		cur := x.sel.Selected
		x.sel.Options = x.opts
		if !slices.Contains(x.opts, cur) {
			cur = x.opts[0]
		}
		cb := x.sel.OnChanged
		x.sel.OnChanged = nil // choosing the same value again is no change
		x.sel.SetSelected(cur)
		x.sel.OnChanged = cb
		x.sel.Refresh()
	}
	u.readFilters() // a choice that is gone fell back to "any"
	u.refreshAuthorChoices()
}

// filtersChanged takes the filter widgets' choices into the session's
// filter and lists the articles again.
func (u *ui) filtersChanged() {
	u.readFilters()
	u.reloadListOrReport()
}

// readFilters takes the filter widgets' choices into the session's list.
func (u *ui) readFilters() {
	f := store.ArticleFilter{Query: typedQuery(u.search.Text)}
	if u.status != nil && u.status.SelectedIndex() > 0 {
		f.Status = annotate.Statuses[u.status.SelectedIndex()-1]
	}
	if u.labelSel != nil && u.labelSel.SelectedIndex() > 0 {
		f.Label = u.labelSel.Selected
	}
	if u.annotatorSel != nil && u.annotatorSel.SelectedIndex() > 0 {
		f.Annotator = u.annotatorSel.Selected
	}
	f.CheckWorthy = u.claims.worthy != nil && u.claims.worthy.Checked
	if u.mine != nil && u.mine.Visible() && u.mine.Checked {
		f.AssignedTo = u.s.Annotator
	}
	u.s.List.SetFilter(f)
}

// showMine shows the "assigned to me" filter when articles are assigned to
// the annotator (spanmark assign); first (at start-up) it is also turned
// on, so that a team member sees their own articles first.
func (u *ui) showMine(first bool) {
	has, err := u.s.DB().HasAssignments(u.ctx, u.s.Annotator)
	if err != nil {
		u.bar.fail(err) // the filter stays hidden
	}
	if first {
		u.mine.Checked = has // without OnChanged: the list is read once the window is built
	}
	if has {
		u.mine.Show()
	} else {
		u.mine.Hide()
	}
	u.mine.Refresh()
}

// typedQuery is the search for what is typed in the search box: its last
// word is a prefix while it is being typed ("Interior Min" finds
// "Interior Ministry").
func typedQuery(text string) string {
	q := strings.TrimSpace(text)
	if q == "" || q != strings.TrimLeftFunc(text, unicode.IsSpace) {
		return q // ends with a space: the last word is whole
	}
	if r, _ := utf8.DecodeLastRuneInString(q); unicode.IsLetter(r) || unicode.IsDigit(r) {
		if i := strings.LastIndexFunc(q, unicode.IsSpace); !isQueryOperator(q[i+1:]) {
			return q + "*"
		}
	}
	return q
}

func isQueryOperator(w string) bool { return w == "AND" || w == "OR" || w == "NOT" }

// searchChanged lists the articles for what is typed in the search box, a
// moment after the typing stops and off the window's goroutine, so that
// typing never waits for a query on a big database.
func (u *ui) searchChanged() {
	u.readFilters()
	if u.list.searchDelay == 0 {
		u.reloadListOrReport()
		return
	}
	q := u.s.List.Ask(u.openID())
	time.AfterFunc(u.list.searchDelay, func() {
		fyne.Do(func() {
			if !u.s.List.Current(q) {
				return // more was typed since
			}
			go func() {
				a := q.Run()
				fyne.Do(func() {
					taken, err := u.s.List.Take(a)
					switch {
					case err != nil:
						u.bar.fail(err)
					case taken:
						u.showRows()
					}
				})
			}()
		})
	})
}

// reloadList lists the articles of the filter the widgets choose (the
// first page and their count), and refreshes the per-status counts.
func (u *ui) reloadList() error {
	if err := u.s.List.Reload(u.openID()); err != nil {
		return err
	}
	u.showRows()
	return nil
}

// openID is the open article's id, "" when none is open.
func (u *ui) openID() string {
	if u.s.Cur == nil {
		return ""
	}
	return u.s.Cur.ID
}

// showRows shows the list's rows, the open article's selected.
func (u *ui) showRows() {
	u.list.show()
	if u.s.Cur != nil {
		u.selectRow(u.s.Cur.ID)
	}
	u.refreshCounts()
}

func (u *ui) reloadListOrReport() {
	if err := u.reloadList(); err != nil {
		u.bar.fail(err)
	}
}

// refreshCounts shows how many articles each status has.
func (u *ui) refreshCounts() {
	counts, err := u.s.DB().StatusCounts(u.ctx)
	if err != nil {
		u.bar.fail(fmt.Errorf("count articles: %w", err))
		return
	}
	parts := make([]string, 0, len(annotate.Statuses))
	for _, s := range annotate.Statuses {
		parts = append(parts, fmt.Sprintf("%s %d", statusText(s), counts[s]))
	}
	text := strings.Join(parts, " · ")
	if shown := u.s.List.Summary(); shown != "" {
		text += "\n" + shown
	}
	u.counts.SetText(text)
	u.bar.setCounts(counts)
}

// selectRow highlights id in the list without reopening it.
func (u *ui) selectRow(id string) { u.list.selectRow(id) }

// updateRow changes the status and span count shown for id and reports
// whether the status changed (true too when its row is not read: the
// counts may have).
func (u *ui) updateRow(id string, st annotate.Status, spans int) bool {
	i, changed := u.s.List.Update(id, st, spans)
	if i >= 0 {
		u.list.cur.RefreshItem(i)
	}
	return changed
}

// nextUnfinished opens the next (or previous) article that is not done.
func (u *ui) nextUnfinished(backwards bool) {
	after := ""
	if u.s.Cur != nil {
		after = u.s.Cur.ID
	}
	id, err := u.s.DB().NextUnfinished(u.ctx, after, backwards)
	switch {
	case errors.Is(err, store.ErrNotFound):
		u.bar.hint("no unfinished article " + map[bool]string{false: "after", true: "before"}[backwards] + " this one")
		return
	case err != nil:
		u.bar.fail(fmt.Errorf("find the next unfinished article: %w", err))
		return
	}
	u.openOrReport(id)
}
