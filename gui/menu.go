package gui

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/assets"
	"github.com/spanmark/spanmark/internal/buildinfo"
	"github.com/spanmark/spanmark/store"
)

func item(label string, sc fyne.Shortcut, act func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, act)
	it.Shortcut = sc
	return it
}

func (u *ui) mainMenu() *fyne.MainMenu {
	quit := item("Quit", scQuit, u.quit)
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		item("Open file…", scImport, u.unlessModal(u.showOpenFile)),
		item("Open folder…", nil, u.showOpenFolder),
		item("Import…", nil, u.showImport),
		item("Export…", scExport, u.unlessModal(u.showExport)),
		item("Merge database…", nil, u.showMerge),
		fyne.NewMenuItemSeparator(),
		item("Settings…", nil, u.showSettings),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	edit := fyne.NewMenu("Edit",
		item("Undo", scUndo, u.guarded(scUndo, u.undo)),
		item("Redo", scRedo, u.guarded(scRedo, u.redo)),
		fyne.NewMenuItemSeparator(),
		item("Labels…", nil, u.showLabelEditor),
		item("Apply patterns…", nil, u.showApplyPatterns),
	)
	span := fyne.NewMenu("Span",
		item("Edit span…", nil, u.editSpan),
		item("Delete span", nil, u.deleteSelected),
		fyne.NewMenuItemSeparator(),
		item("Next span", scNextSpan, u.unlessModal(func() { u.stepSpan(+1) })),
		item("Previous span", scPrevSpan, u.unlessModal(func() { u.stepSpan(-1) })),
		item("Accept and next", scAccept, u.unlessModal(func() { u.review(annotate.ReviewAccepted) })),
		item("Reject and next", scReject, u.unlessModal(func() { u.review(annotate.ReviewRejected) })),
		item("Clear review", nil, func() { u.review(annotate.ReviewNone) }),
		fyne.NewMenuItemSeparator(),
		item("Label all occurrences", scOccurrences, u.guarded(scOccurrences, func() { u.labelOccurrences(false) })),
		item("Label all occurrences in every article…", scOccurrencesAll, u.guarded(scOccurrencesAll, func() { u.labelOccurrences(true) })),
		item("Accept suggestion (a)", nil, func() { u.suggestionRune(keyAcceptSuggestion) }),
		item("Reject suggestion (x)", nil, func() { u.suggestionRune(keyRejectSuggestion) }),
		item("Accept all suggestions of its label (Shift+A)", nil, func() { u.suggestionRune(keyAcceptAllSuggestion) }),
	)
	statusItems := make([]*fyne.MenuItem, 0, len(annotate.Statuses))
	for i, st := range annotate.Statuses {
		statusItems = append(statusItems, item(statusText(st), scStatus[i], u.guarded(scStatus[i], func() { u.setStatus(st) })))
	}
	setStatus := fyne.NewMenuItem("Set status", nil)
	setStatus.ChildMenu = fyne.NewMenu("", statusItems...)
	article := fyne.NewMenu("Article",
		item("Mark done and go to next", scDoneNext, u.guarded(scDoneNext, u.doneAndNext)),
		item("Next unfinished", scNext, u.guarded(scNext, func() { u.nextUnfinished(false) })),
		item("Previous unfinished", scPrev, u.guarded(scPrev, func() { u.nextUnfinished(true) })),
		setStatus,
		u.myStatusMenu(),
		fyne.NewMenuItemSeparator(),
		item("Find in article", scFind, u.unlessModal(func() { u.find.open() })),
		item("Search articles", scSearch, u.unlessModal(u.focusSearch)),
		fyne.NewMenuItemSeparator(),
		item("Delete article…", nil, u.deleteArticle),
	)
	arcs := item("Relation arcs", nil, nil)
	arcs.Checked = u.view.ShowArcs()
	view := fyne.NewMenu("View",
		item("Bigger text", scBigger, u.unlessModal(func() { u.zoom(+1) })),
		item("Smaller text", scSmaller, u.unlessModal(func() { u.zoom(-1) })),
		fyne.NewMenuItemSeparator(),
		arcs,
		fyne.NewMenuItemSeparator(),
		// (a label wider than "Smaller text Ctrl+-", which Fyne 2.7.1 measures
		// a few pixels short and so clipped its "-")
		item("Progress dashboard…", nil, func() { u.showProgress() }),
	)
	arcs.Action = func() {
		u.view.SetShowArcs(!u.view.ShowArcs())
		arcs.Checked = u.view.ShowArcs()
		view.Refresh()
	}
	review := fyne.NewMenu("Review",
		item("Review mode", scReview, u.guarded(scReview, u.toggleReview)),
		item("Agreement…", nil, func() { u.showAgreement() }),
		item("Adjudicate article…", scAdjudicate, u.guarded(scAdjudicate, func() { u.showAdjudication() })),
	)
	help := fyne.NewMenu("Help",
		item("Keyboard shortcuts", nil, u.showShortcuts),
		item("About spanmark", nil, u.showAbout),
	)
	return fyne.NewMainMenu(file, edit, span, article, review, view, help)
}

func (u *ui) showShortcuts() {
	rows := make([]fyne.CanvasObject, 0, 2*len(shortcutHelp))
	for _, h := range shortcutHelp {
		k := widget.NewLabel(h[0])
		k.TextStyle.Bold = true
		rows = append(rows, k, widget.NewLabel(h[1]))
	}
	var keys strings.Builder
	for _, l := range u.s.Labels {
		if l.Key != "" {
			fmt.Fprintf(&keys, "%s %s   ", l.Key, l.Name)
		}
	}
	for _, l := range u.s.Labels { // a set from before the rule: say which wins
		if k := []rune(l.Key); len(k) == 1 {
			if use, ok := annotate.ReservedKeys[unicode.ToLower(k[0])]; ok {
				fmt.Fprintf(&keys, "\n%s on %s: that key %s, which wins there; elsewhere it tags %s (give %s another key in Edit ▸ Labels…)",
					l.Name, l.Key, use, l.Name, l.Name)
			}
		}
	}
	lk := widget.NewLabel("Label keys now: " + keys.String())
	lk.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(container.New(layout.NewFormLayout(), rows...), widget.NewSeparator(), lk)
	d := dialog.NewCustom("Keyboard shortcuts", "Close", container.NewVScroll(content), u.win)
	d.Resize(fyne.NewSize(900, 600))
	u.show(d)
}

// showAbout shows what `spanmark version` prints, the database's path and
// the samples' credit.
func (u *ui) showAbout() {
	info := buildinfo.Get(store.SQLiteVersion())
	title := widget.NewLabelWithStyle("spanmark "+info.Version, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	var rows []fyne.CanvasObject
	for _, f := range info.Fields() {
		rows = append(rows, widget.NewLabel(f[0]), widget.NewLabel(f[1]))
	}
	what := widget.NewLabel("Annotate news articles with entities and claims; everything is saved in one SQLite file:\n" + u.s.DB().Path())
	what.Wrapping = fyne.TextWrapWord
	credit := widget.NewLabel(assets.Attribution)
	credit.Wrapping = fyne.TextWrapWord
	site, _ := url.Parse("https://github.com/spanmark/spanmark")
	content := container.NewVBox(title, container.New(layout.NewFormLayout(), rows...), what, credit,
		widget.NewHyperlink("github.com/spanmark/spanmark", site))
	d := dialog.NewCustom("About spanmark", "Close", container.NewVScroll(content), u.win)
	d.Resize(fyne.NewSize(560, 560))
	u.show(d)
}

// zoom changes the article text size by steps of 2 points and keeps it.
func (u *ui) zoom(steps int) {
	size := u.s.TextSize
	if size == 0 {
		size = theme.TextSize()
	}
	size = min(max(size+2*float32(steps), 8), 40)
	u.setTextSize(size)
	if err := u.s.DB().SetSetting(u.ctx, settingTextSize, fmt.Sprint(size)); err != nil {
		u.bar.fail(err)
	}
}

// setTextSize rewraps the open article at size, keeping the line at the
// top of the view and the selection (spanview does both).
func (u *ui) setTextSize(size float32) {
	u.s.TextSize = size
	u.view.SetTextSize(size)
}
