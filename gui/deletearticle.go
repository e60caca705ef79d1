package gui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2/dialog"

	"github.com/spanmark/spanmark/annotate"
)

// deleteArticle asks, naming what goes with it, then deletes the open
// article with its spans (Article ▸ Delete article…). It is one step of
// the history: Ctrl+Z brings the article back whole.
func (u *ui) deleteArticle() {
	if u.cur == nil {
		u.bar.hint("no article is open")
		return
	}
	a := u.cur
	what := fmt.Sprintf("%d span%s", len(a.Spans), plural(len(a.Spans)))
	if names := slices.DeleteFunc(articleAnnotators(a.Spans), func(n string) bool { return n == "" }); len(names) > 0 {
		what += " by " + strings.Join(names, ", ")
	}
	if len(a.Rels) > 0 {
		what += fmt.Sprintf(" and %d link%s", len(a.Rels), plural(len(a.Rels)))
	}
	msg := fmt.Sprintf("Delete article %s, its text and its %s?\nCtrl+Z brings it back while the window is open.", a.ID, what)
	d := dialog.NewConfirm("Delete article "+a.ID+"?", msg, func(ok bool) {
		if ok {
			u.deleteOpenArticle()
		}
		u.focusView()
	}, u.win)
	d.SetConfirmText("Delete")
	d.SetDismissText("Cancel")
	d.Show()
}

// deleteOpenArticle deletes the open article, undoably, and opens its
// neighbour in the list.
func (u *ui) deleteOpenArticle() {
	u.commitPending()
	id := u.cur.ID
	c, err := u.db.DeleteArticle(u.ctx, id)
	if err != nil {
		u.bar.fail(err)
		return
	}
	u.hist.Do(c)
	u.articleGone(id)
	u.saved(fmt.Sprintf("deleted article %s (%d spans)", id, len(c.Article.Spans)))
}

// articleGone shows that article id no longer exists: the list without it
// and, when it was open, the article after it (or before it) in the list.
func (u *ui) articleGone(id string) {
	next := ""
	for i, r := range u.rows {
		if r.ID != id {
			continue
		}
		if i+1 < len(u.rows) {
			next = u.rows[i+1].ID
		} else if i > 0 {
			next = u.rows[i-1].ID
		}
	}
	wasOpen := u.cur != nil && u.cur.ID == id
	if wasOpen {
		u.closeArticle()
	}
	u.reloadListOrReport()
	if !wasOpen {
		return
	}
	if next == "" {
		next = u.firstArticle()
	}
	if next != "" {
		u.openOrReport(next)
	}
}

// closeArticle shows no article.
func (u *ui) closeArticle() {
	u.cur, u.idx = nil, annotate.NewRuneIndex("")
	u.view.SetDocument("", nil, u.labels)
	u.win.SetTitle("spanmark")
	u.claims.refresh()
	u.bar.refresh()
	u.bar.hint("no article open: File ▸ Open file… adds some")
}
