package gui

import (
	"cmp"
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// bar is one row of a chart: a name and its count.
type bar struct {
	name  string
	n     int
	color string // "#rrggbb", or "" for the theme's primary colour
}

// chart is one bar chart of the progress dashboard.
type chart struct {
	title string
	bars  []bar
}

// progressCharts turns the figures of `spanmark stats` (store.Stats) into
// the dashboard's charts: articles per status (workflow order), spans per
// label (palette order, then other labels by name) and spans per
// annotator (most first). perAnnotator, when not empty, adds a chart of
// the statuses annotators set for themselves.
func progressCharts(st *store.Stats, labels []annotate.Label, perAnnotator map[string]map[annotate.Status]int) []chart {
	status := chart{title: fmt.Sprintf("Articles by status (%d)", st.Articles)}
	for _, s := range annotate.Statuses {
		status.bars = append(status.bars, bar{name: statusText(s), n: st.ByStatus[s]})
	}
	byLabel := chart{title: fmt.Sprintf("Spans by label (%d)", st.Spans)}
	seen := map[string]bool{}
	for _, l := range labels {
		if n := st.ByLabel[l.Name]; n > 0 {
			byLabel.bars = append(byLabel.bars, bar{name: l.Name, n: n, color: l.Color})
		}
		seen[l.Name] = true
	}
	var others []bar
	for name, n := range st.ByLabel {
		if !seen[name] {
			others = append(others, bar{name: name, n: n, color: annotate.ColorFor(name)})
		}
	}
	slices.SortFunc(others, func(a, b bar) int { return strings.Compare(a.name, b.name) })
	byLabel.bars = append(byLabel.bars, others...)
	byWho := chart{title: "Spans by annotator"}
	for name, n := range st.ByAnnotator {
		if name == "" {
			name = "(no name)"
		}
		byWho.bars = append(byWho.bars, bar{name: name, n: n})
	}
	slices.SortFunc(byWho.bars, func(a, b bar) int { return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.name, b.name)) })
	charts := []chart{status, byLabel, byWho}
	if len(perAnnotator) > 0 {
		mine := chart{title: "Articles each annotator marked"}
		names := make([]string, 0, len(perAnnotator))
		for n := range perAnnotator {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			for _, s := range annotate.Statuses {
				if c := perAnnotator[n][s]; c > 0 {
					mine.bars = append(mine.bars, bar{name: n + " · " + statusText(s), n: c})
				}
			}
		}
		charts = append(charts, mine)
	}
	return charts
}

// barLayout gives its one object frac of the width and the full height.
type barLayout struct{ frac float32 }

func (l barLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, size.Height*0.15))
		o.Resize(fyne.NewSize(max(1, size.Width*l.frac), size.Height*0.7))
	}
}

func (barLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(200, 18) }

// chartObject draws c: per bar its name, a rectangle scaled to the largest
// count of the chart, and the count.
func chartObject(c chart) fyne.CanvasObject {
	top := 0
	for _, b := range c.bars {
		top = max(top, b.n)
	}
	title := widget.NewLabelWithStyle(c.title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	if len(c.bars) == 0 {
		return container.NewVBox(title, widget.NewLabel("nothing yet"))
	}
	rows := make([]fyne.CanvasObject, 0, 3*len(c.bars))
	for _, b := range c.bars {
		var col color.Color = theme.Color(theme.ColorNamePrimary)
		if b.color != "" {
			col = parseColor(b.color)
		}
		r := canvas.NewRectangle(col)
		r.CornerRadius = 2
		frac := float32(0)
		if top > 0 {
			frac = float32(b.n) / float32(top)
		}
		rows = append(rows, widget.NewLabel(b.name), container.New(barLayout{frac}, r),
			widget.NewLabelWithStyle(fmt.Sprint(b.n), fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true}))
	}
	return container.NewVBox(title, container.New(&chartGrid{}, rows...))
}

// chartGrid lays out rows of (name, bar, count): names and counts as wide
// as they need, the bar the rest.
type chartGrid struct{}

func (chartGrid) widths(objs []fyne.CanvasObject) (name, num float32) {
	for i := 0; i+2 < len(objs); i += 3 {
		name = max(name, objs[i].MinSize().Width)
		num = max(num, objs[i+2].MinSize().Width)
	}
	return name, num
}

func (g chartGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	name, num := g.widths(objs)
	y := float32(0)
	for i := 0; i+2 < len(objs); i += 3 {
		h := objs[i].MinSize().Height
		objs[i].Move(fyne.NewPos(0, y))
		objs[i].Resize(fyne.NewSize(name, h))
		objs[i+1].Move(fyne.NewPos(name, y))
		objs[i+1].Resize(fyne.NewSize(max(0, size.Width-name-num), h))
		objs[i+2].Move(fyne.NewPos(size.Width-num, y))
		objs[i+2].Resize(fyne.NewSize(num, h))
		y += h
	}
}

func (g chartGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	name, num := g.widths(objs)
	h := float32(0)
	for i := 0; i+2 < len(objs); i += 3 {
		h += objs[i].MinSize().Height
	}
	return fyne.NewSize(name+num+200, h)
}

// showProgress opens the progress dashboard (View ▸ Progress…); it returns
// the charts shown, for tests.
func (u *ui) showProgress() []chart {
	st, err := u.s.DB().Stats(u.ctx)
	if err != nil {
		u.showError("Progress", err)
		return nil
	}
	per, err := u.s.DB().AnnotatorStatusCounts(u.ctx)
	if err != nil {
		u.showError("Progress", err)
		return nil
	}
	charts := progressCharts(st, u.s.Labels, per)
	objs := make([]fyne.CanvasObject, 0, len(charts))
	for _, c := range charts {
		objs = append(objs, chartObject(c))
	}
	note := widget.NewLabel(fmt.Sprintf("%s, %s, %s — the figures spanmark stats prints.",
		count(st.Articles, "article"), count(st.Spans, "span"), count(st.Relations, "relation")))
	content := container.NewBorder(note, nil, nil, nil,
		container.NewVScroll(container.New(layout.NewGridLayoutWithColumns(2), objs...)))
	d := dialog.NewCustom("Progress", "Close", content, u.win)
	d.Resize(fyne.NewSize(1100, 640))
	u.show(d)
	return charts
}
