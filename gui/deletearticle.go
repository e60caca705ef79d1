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
	if u.s.Cur == nil {
		u.bar.hint("no article is open")
		return
	}
	a := u.s.Cur
	what := fmt.Sprintf("%d span%s", len(a.Spans), plural(len(a.Spans)))
	if names := slices.DeleteFunc(annotate.Annotators(a.Spans), func(n string) bool { return n == "" }); len(names) > 0 {
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
	u.show(d)
}

// deleteOpenArticle deletes the open article, undoably, and opens its
// neighbour in the list.
func (u *ui) deleteOpenArticle() {
	u.commitPending()
	id := u.s.Cur.ID
	c, err := u.s.DeleteArticle()
	if err != nil {
		u.bar.fail(err)
		return
	}
	u.articleGone(id, true)
	u.saved(fmt.Sprintf("deleted article %s (%d spans)", id, len(c.Article.Spans)))
}

// articleGone shows that article id no longer exists: the list without it
// and, when it was open, the article after it (or before it) in the list.
func (u *ui) articleGone(id string, wasOpen bool) {
	next, err := u.s.List.Neighbour(id)
	if err != nil {
		u.bar.fail(err)
	}
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
	u.s.Close()
	u.view.SetDocument("", nil, u.s.Labels)
	u.win.SetTitle("spanmark")
	u.claims.refresh()
	u.bar.refresh()
	u.bar.hint("no article open: File ▸ Open file… adds some")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
