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
		if len(u.rows) > 0 {
			u.openOrReport(u.rows[0].ID)
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

	u.list = newArticleList(
		func() int { return len(u.rows) },
		func() fyne.CanvasObject {
			id := widget.NewLabel("article id")
			id.Truncation = fyne.TextTruncateEllipsis
			info := widget.NewLabel("in progress · 000")
			info.SizeName = theme.SizeNameCaptionText
			snippet := widget.NewLabel("")
			snippet.SizeName = theme.SizeNameCaptionText
			snippet.Truncation = fyne.TextTruncateEllipsis
			snippet.Importance = widget.LowImportance
			snippet.Hide()
			return container.NewVBox(container.NewBorder(nil, nil, nil, info, id), snippet)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(u.rows) {
				return
			}
			r := u.rows[i]
			box := o.(*fyne.Container)
			c := box.Objects[0].(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(r.ID)
			c.Objects[1].(*widget.Label).SetText(fmt.Sprintf("%s · %d", statusText(r.Status), r.Spans))
			snippet := box.Objects[1].(*widget.Label)
			snippet.SetText(r.Snippet)
			snippet.Hidden = r.Snippet == ""
			box.Refresh()
		},
	)
	u.list.onRune = u.keyRune
	u.list.onDelete = u.deleteSelected
	u.list.OnSelected = func(i widget.ListItemID) {
		if i >= len(u.rows) {
			return
		}
		if u.s.Cur == nil || u.rows[i].ID != u.s.Cur.ID {
			u.openOrReport(u.rows[i].ID)
		}
	}

	prev := widget.NewButtonWithIcon("Previous", theme.NavigateBackIcon(), func() { u.nextUnfinished(true) })
	next := widget.NewButtonWithIcon("Next", theme.NavigateNextIcon(), func() { u.nextUnfinished(false) })
	prev.Importance, next.Importance = widget.LowImportance, widget.LowImportance
	nav := container.NewGridWithColumns(2, prev, next)

	filters := container.NewGridWithColumns(2, u.status, u.labelSel)
	u.claims.worthy = widget.NewCheck("with check-worthy claims", func(bool) {
		u.filtersChanged()
		u.focusView()
	})
	top := container.NewVBox(u.search, filters, u.annotatorSel, u.claims.worthy, u.counts)
	return container.NewBorder(top, nav, nil, nil, u.list)
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

// readFilters takes the filter widgets' choices into the session's filter.
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
	if f.Query != "" {
		f.Limit = searchRows // the best matches, each with its snippet
	}
	u.s.Filter = f
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
	u.searchGen++
	if u.searchDelay == 0 {
		u.reloadListOrReport()
		return
	}
	gen, f, db, ctx := u.searchGen, u.s.Filter, u.s.DB(), u.ctx
	time.AfterFunc(u.searchDelay, func() {
		fyne.Do(func() {
			if gen != u.searchGen {
				return // more was typed since
			}
			go func() {
				rows, err := db.ListArticles(ctx, f)
				fyne.Do(func() {
					if gen != u.searchGen {
						return
					}
					if err != nil {
						u.bar.fail(fmt.Errorf("list articles: %w", err))
						return
					}
					u.showRows(rows)
				})
			}()
		})
	})
}

// searchRows is how many articles the list shows for a search.
const searchRows = 200

// sizeRows makes the rows with a search snippet two lines high and the
// others one.
func (u *ui) sizeRows() {
	if u.rowHeight == 0 {
		row := u.list.CreateItem().(*fyne.Container)
		u.rowHeight = row.MinSize().Height
		snippet := widget.NewLabel("x")
		snippet.SizeName = theme.SizeNameCaptionText
		u.tallRowHeight = u.rowHeight + snippet.MinSize().Height + theme.Padding()
	}
	tall := 0
	for i, r := range u.rows {
		if r.Snippet != "" {
			u.list.SetItemHeight(i, u.tallRowHeight)
			tall = i + 1
		} else if i < u.tallRows {
			u.list.SetItemHeight(i, u.rowHeight)
		}
	}
	for i := len(u.rows); i < u.tallRows; i++ {
		u.list.SetItemHeight(i, u.rowHeight)
	}
	u.tallRows = tall
}

// reloadList lists the articles the session's filter chooses, and
// refreshes the per-status counts.
func (u *ui) reloadList() error {
	rows, err := u.s.DB().ListArticles(u.ctx, u.s.Filter)
	if err != nil {
		return fmt.Errorf("list articles: %w", err)
	}
	u.showRows(rows)
	return nil
}

// showRows shows rows as the article list.
func (u *ui) showRows(rows []store.ArticleSummary) {
	u.rows = rows
	u.sizeRows()
	u.list.UnselectAll()
	u.list.Refresh()
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
	if f := u.s.Filter; f.Status != "" || f.Query != "" || f.Label != "" || f.Annotator != "" || f.CheckWorthy {
		text += fmt.Sprintf("\n%d shown", len(u.rows))
	}
	u.counts.SetText(text)
	u.bar.setCounts(counts)
}

// selectRow highlights id in the list without reopening it.
func (u *ui) selectRow(id string) {
	for i, r := range u.rows {
		if r.ID == id {
			u.list.Select(i) // OnSelected sees id is open already
			u.list.ScrollTo(i)
			return
		}
	}
	u.list.UnselectAll()
}

// updateRow changes the status and span count shown for id and reports
// whether the status changed (true too when id is not listed: the counts
// may have).
func (u *ui) updateRow(id string, st annotate.Status, spans int) bool {
	for i := range u.rows {
		if u.rows[i].ID == id {
			changed := u.rows[i].Status != st
			u.rows[i].Status, u.rows[i].Spans = st, spans
			u.list.RefreshItem(i)
			return changed
		}
	}
	return true
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
