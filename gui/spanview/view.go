package spanview

import (
	"image/color"
	"math"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
)

// View shows an article with its spans and lets the user select text and
// spans. Offsets are code points. Call its methods on the Fyne goroutine.
type View struct {
	widget.BaseWidget

	// OnSelectionChanged is called when the user changes the text
	// selection; start >= end (both -1) means it was cleared.
	OnSelectionChanged func(start, end int)
	// OnSpanSelected is called when the user selects a span by clicking
	// it, with "" when the user clears it.
	OnSpanSelected func(id string)
	// OnDelete is called for Delete or BackSpace while the view has focus.
	OnDelete func()
	// OnRune gets the characters typed while the view has focus (the view
	// uses none), so the window can handle label keys.
	OnRune func(r rune)
	// OnKey gets the keys the view does not use.
	OnKey func(ev *fyne.KeyEvent)
	// AltHeld and DismissMenu replace the desktop driver's modifier state
	// and the menu bar's dismissal in tests (nil: the driver's).
	AltHeld     func() (held, known bool)
	DismissMenu func() bool
	// OnEscape is called for Esc before the view clears its selection;
	// true (the window ended something else with it) keeps the selection.
	OnEscape func() bool
	// OnResize, when set, lets the user move an edge of the selected span
	// (drag its start or end; Shift+Alt+Left/Right moves its end by a word,
	// with Ctrl its start): it gets the span's id and the new bounds.
	OnResize func(id string, start, end int)
	// OnPick, when set, takes clicks and drags in place of the selection:
	// a click on a word gives the word (snapped as a double click), a drag
	// the range it ends on. The window sets it while a label is armed.
	OnPick func(start, end int)

	model    *Model
	meas     *fyneMeasurer
	textSize float32
	geom     geometry
	list     *widget.List
	content  *container.ThemeOverride // the list, without padding
	byLine   map[int]*lineRow         // rows bound since the last full refresh, by line
	pal      *palette

	laidOut float32 // width the model is laid out at; 0: not yet
	height  float32

	hideArcs bool // relation arcs are not drawn

	sel      *annotate.Selection // the session's selection (Bind), or the view's own
	keyCaret int                 // where keyboard selection starts without a selection, -1: top of view

	hits   [][2]int // find hits, in order (SetFindHits)
	curHit int      // index of the current hit, -1 none

	shift, alt  bool
	watchingAlt bool // an Alt+press waits for Alt's release (input.go)
	drag        dragState
	hover       hoverState
	lastTap     tapInfo
	focused     bool
}

// New returns an empty view.
func New() *View {
	sel := annotate.NoSelection()
	v := &View{sel: &sel, keyCaret: -1, byLine: map[int]*lineRow{}}
	v.ExtendBaseWidget(v)
	v.model = NewModel(nil)
	v.setTextSize(theme.TextSize())
	return v
}

// Bind makes the view show and change sel, the selection the session
// keeps, instead of its own: what the person selects with the pointer or
// the keyboard is written there, and a selection the session makes is
// drawn at the next refresh.
func (v *View) Bind(sel *annotate.Selection) {
	v.sel = sel
	v.refreshRows()
}

// Model returns the view's model, for tests and benchmarks.
func (v *View) Model() *Model { return v.model }

// SetDocument shows text with spans; it resets scroll and selection.
func (v *View) SetDocument(text string, spans []annotate.Span, labels []annotate.Label) {
	v.model.SetText(text)
	v.model.SetLabels(labels)
	v.model.SetSpans(spans)
	*v.sel, v.keyCaret = annotate.NoSelection(), -1
	v.drag = dragState{}
	v.laidOut = 0
	if v.list != nil {
		v.relayout(v.Size().Width, 0)
		v.list.ScrollToTop()
	}
}

// SetSpans replaces the spans, keeping scroll and selection (after tagging
// or undo). A selected span that is gone is unselected.
func (v *View) SetSpans(spans []annotate.Span) {
	v.model.SetSpans(spans)
	if v.sel.Span != "" {
		if _, ok := v.model.SpanByID(v.sel.Span); !ok {
			v.sel.Span = ""
		}
	}
	v.updateGeometry(true)
}

// SetRelations replaces the relations drawn as arcs between their spans
// (those naming a span not shown are left out), keeping scroll and
// selection. SetDocument drops them.
func (v *View) SetRelations(rels []annotate.Relation) {
	if slices.Equal(rels, v.model.relsIn) {
		return // after most edits: nothing to redraw
	}
	v.model.SetRelations(rels)
	v.updateGeometry(true)
}

// SetShowArcs shows or hides the relation arcs.
func (v *View) SetShowArcs(on bool) {
	v.hideArcs = !on
	v.updateGeometry(true)
}

// ShowArcs reports whether relation arcs are shown.
func (v *View) ShowArcs() bool { return !v.hideArcs }

// arcsShown reports whether rows have an arc band: arcs are on and there
// are relations to draw.
func (v *View) arcsShown() bool { return !v.hideArcs && len(v.model.Relations()) > 0 }

// SetShowAnnotators makes the tags name each span's annotator too.
func (v *View) SetShowAnnotators(on bool) {
	v.model.SetShowAnnotators(on)
	v.updateGeometry(true)
}

// SetLabels replaces the label set (colours, kinds).
func (v *View) SetLabels(labels []annotate.Label) {
	v.model.SetLabels(labels)
	v.model.SetSpans(append([]annotate.Span(nil), v.model.Spans()...)) // kinds may have changed levels
	v.updateGeometry(true)
}

// Selection returns the selected text range in code points.
func (v *View) Selection() (start, end int, ok bool) {
	return v.sel.Range()
}

// SetSelection selects code points [start, end) exactly as given (no
// snapping) and unselects any span. It does not call OnSelectionChanged.
func (v *View) SetSelection(start, end int) {
	n := v.model.Len()
	start, end = clamp(start, 0, n), clamp(end, 0, n)
	if start > end {
		start, end = end, start
	}
	v.sel.SelectRange(start, end)
	v.refreshRows()
}

// ClearSelection clears the text selection (not the selected span).
func (v *View) ClearSelection() {
	v.sel.ClearRange()
	v.refreshRows()
}

// SelectedSpan returns the id of the selected span.
func (v *View) SelectedSpan() (id string, ok bool) { return v.sel.Span, v.sel.Span != "" }

// SelectSpan selects the span with id, clears the text selection and
// scrolls the span into view; "" unselects. It does not call OnSpanSelected.
func (v *View) SelectSpan(id string) {
	if id == "" {
		v.sel.Span = ""
		v.refreshRows()
		return
	}
	s, ok := v.model.SpanByID(id)
	if !ok {
		return
	}
	v.sel.SelectSpan(id)
	v.keyCaret = s.Start
	v.refreshRows()
	v.ScrollToOffset(s.Start)
}

// ScrollToOffset scrolls so that code point cp is visible; it does not
// move when it already is.
func (v *View) ScrollToOffset(cp int) {
	if v.list == nil || v.laidOut == 0 {
		return
	}
	line := v.model.LineOf(clamp(cp, 0, v.model.Len()))
	y := float32(line) * v.geom.pitch
	off := v.list.GetScrollOffset()
	h := v.list.Size().Height
	if y >= off && y+v.geom.rowH <= off+h {
		return
	}
	v.list.ScrollToOffset(max(0, y-h/3))
}

// CentreOffset scrolls so that the line of code point cp is in the middle
// of the view (as far as the text allows).
func (v *View) CentreOffset(cp int) {
	if v.list == nil || v.laidOut == 0 {
		return
	}
	line := v.model.LineOf(clamp(cp, 0, v.model.Len()))
	y := float32(line)*v.geom.pitch + v.geom.rowH/2
	v.list.ScrollToOffset(max(0, y-v.list.Size().Height/2))
}

// SetTextSize changes the text size, keeping the first visible code point.
func (v *View) SetTextSize(size float32) {
	if size <= 0 || size == v.textSize {
		return
	}
	first, shown := v.firstVisible(), v.list != nil && v.laidOut > 0
	v.setTextSize(size)
	if shown {
		v.relayout(v.Size().Width, first)
	}
}

func (v *View) setTextSize(size float32) {
	v.textSize = size
	v.meas = measurerFor(size, fyne.TextStyle{})
	v.model.SetMeasurer(v.meas)
	v.laidOut = 0
}

// TextSize is the size the text is drawn at.
func (v *View) TextSize() float32 { return v.textSize }

// CreateRenderer builds the list of visual lines.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	v.ExtendBaseWidget(v)
	v.computeGeometry()
	v.list = widget.NewList(
		func() int {
			if v.laidOut == 0 {
				return 0
			}
			return v.model.NumLines()
		},
		func() fyne.CanvasObject { return newLineRow(v) },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			r := o.(*lineRow)
			if old := r.line; old >= 0 && v.byLine[old] == r {
				delete(v.byLine, old)
			}
			r.line = id
			v.byLine[id] = r
			r.Refresh()
		})
	v.list.HideSeparators = true
	v.content = container.NewThemeOverride(v.list, tightTheme{})
	return &viewRenderer{v: v}
}

// tightTheme is the app's theme without padding, given to the list so that
// rows sit without gaps: each row's tag band is its spacing. (Not the
// view's own theme: Fyne hands the override back to the view's Theme.)
type tightTheme struct{}

func base() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (tightTheme) Color(n fyne.ThemeColorName, va fyne.ThemeVariant) color.Color {
	return base().Color(n, va)
}
func (tightTheme) Font(s fyne.TextStyle) fyne.Resource     { return base().Font(s) }
func (tightTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return base().Icon(n) }
func (tightTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNamePadding {
		return 0
	}
	return base().Size(n)
}

type viewRenderer struct{ v *View }

func (r *viewRenderer) Destroy()                     {}
func (r *viewRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.v.content} }
func (r *viewRenderer) MinSize() fyne.Size           { return fyne.NewSize(120, 3*r.v.geom.pitch) }
func (r *viewRenderer) Refresh() {
	r.v.computeGeometry()
	r.v.refreshAll()
}

func (r *viewRenderer) Layout(size fyne.Size) {
	v := r.v
	v.content.Resize(size)
	if size.Width != v.laidOut {
		v.relayout(size.Width, v.firstVisible())
	}
}

// textWidth is the width lines wrap at: the view less margins and room
// for the scroll bar.
func (v *View) textWidth(w float32) float32 {
	return max(w-2*v.geom.inset-theme.ScrollBarSize(), 20)
}

// relayout rewraps at width w and scrolls so that code point first is at
// the top.
func (v *View) relayout(w float32, first int) {
	if w <= 0 {
		return
	}
	v.computeGeometry()
	v.model.Layout(v.textWidth(w))
	v.laidOut = w
	v.computeGeometry()
	v.list.Resize(v.Size())
	v.refreshAll()
	v.scrollLineToTop(v.model.LineOf(first))
}

func (v *View) scrollLineToTop(line int) {
	y := float32(line) * v.geom.pitch
	if y == 0 {
		v.list.ScrollToTop()
		return
	}
	v.list.ScrollToOffset(y)
}

// firstVisible is the first code point of the top visible line.
func (v *View) firstVisible() int {
	if v.list == nil || v.laidOut == 0 || v.geom.pitch == 0 {
		return 0
	}
	line := int(math.Floor(float64(v.list.GetScrollOffset()/v.geom.pitch + 0.5)))
	line = clamp(line, 0, v.model.NumLines()-1)
	return v.model.Line(line).Start
}

// computeGeometry sets the row layout from the text size and span depth.
func (v *View) computeGeometry() {
	th := v.Theme()
	g := geometry{inset: th.Size(theme.SizeNamePadding)}
	if g.inset == 0 { // the view inside its own list theme
		g.inset = base().Size(theme.SizeNamePadding)
	}
	g.textH = v.meas.lineHeight()
	g.tagH = v.meas.tagHeight() + 1
	if v.arcsShown() {
		// a slot per arc height, each as tall as a label, above the tags
		g.arcH = float32(math.Ceil(float64(maxArcSlots*(g.tagH-1) + 3)))
	}
	// Room for every underline and bracket slot, whatever the spans:
	// a span that crosses another must not change the spacing of every
	// line of the article.
	g.eSlots = maxULLevels
	g.ulH = float32(maxULLevels+maxClaimUL)*ulStep + 1
	g.rowH = float32(math.Ceil(float64(g.arcH + g.tagH + g.textH + g.ulH)))
	g.pitch = g.rowH // the list has no padding: see tightTheme
	v.geom = g
}

// updateGeometry redraws after spans or labels changed; when the row
// height changes it keeps the first visible code point at the top.
func (v *View) updateGeometry(keepScroll bool) {
	if v.list == nil || v.laidOut == 0 {
		return
	}
	old := v.geom
	first := v.firstVisible()
	v.computeGeometry()
	v.refreshAll()
	if keepScroll && old.rowH != v.geom.rowH {
		v.scrollLineToTop(v.model.LineOf(first))
	}
}

// refreshAll has the list set up every visible row again (it drops the
// rows it keeps in reserve, so forget them too).
func (v *View) refreshAll() {
	clear(v.byLine)
	v.list.Refresh()
}

// refreshRows redraws the rows on screen (after a selection change),
// forgetting rows whose lines scrolled away.
func (v *View) refreshRows() {
	if v.list == nil || v.geom.pitch == 0 {
		return
	}
	off := v.list.GetScrollOffset()
	lo := int(off/v.geom.pitch) - 1
	hi := int((off+v.list.Size().Height)/v.geom.pitch) + 1
	for line, r := range v.byLine {
		if line < lo || line > hi {
			delete(v.byLine, line)
			continue
		}
		if r.line == line {
			r.Refresh()
		}
	}
}
