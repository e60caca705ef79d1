package spanview

import (
	"github.com/spanmark/spanmark/internal/testcorpus"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/spanmark/spanmark/annotate"
)

// gulfNews returns the first ~1500 characters of the Gulf News article's
// text (the file without its id line), cut at a space.
func gulfNews(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(testcorpus.Path(t, "articles", "gulfnews-egypt-militants.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text, _ := annotate.NormalizeText(string(b))
	_, text, _ = strings.Cut(text, "\n")
	r := []rune(text)
	if len(r) > 1500 {
		r = r[:1500]
		for len(r) > 0 && r[len(r)-1] != ' ' {
			r = r[:len(r)-1]
		}
	}
	return strings.TrimSpace(string(r))
}

// runeIndex returns the code point offset of the first occurrence of sub.
func runeIndex(t testing.TB, text, sub string) int {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in text", sub)
	}
	return len([]rune(text[:i]))
}

func newTestView(t *testing.T, text string, spans []annotate.Span, size fyne.Size) (*View, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	v := New()
	v.SetDocument(text, spans, annotate.DefaultLabels())
	w := test.NewTempWindow(t, v)
	w.SetPadded(false)
	w.Resize(size)
	return v, w
}

// pointOf returns the canvas position of the caret before code point cp,
// halfway down its line of text.
func pointOf(v *View, cp int) fyne.Position { return v.CaretPosition(cp) }

// dragOver drags on the canvas from the caret before code point a to the
// one before b, nudged into the characters so snapping has work to do.
// test.Drag sends one event at its position with the whole delta, so it is
// given the end point.
func dragOver(v *View, w fyne.Window, from, to fyne.Position) {
	test.Drag(w.Canvas(), to, to.X-from.X, to.Y-from.Y)
}

func TestDragSelectsWholeWords(t *testing.T) {
	text := gulfNews(t)
	v, w := newTestView(t, text, nil, fyne.NewSize(600, 500))
	name := runeIndex(t, text, "Mohammed Dahlan")
	var got [][2]int
	v.OnSelectionChanged = func(s, e int) { got = append(got, [2]int{s, e}) }

	tests := []struct {
		name       string
		from, to   fyne.Position
		want, text string
	}{
		{"from inside Mohammed to inside Dahlan",
			pointOf(v, name+3), pointOf(v, name+12), "", "Mohammed Dahlan"},
		{"over Dahlan and its comma",
			pointOf(v, name+9).SubtractXY(1, 0), pointOf(v, name+16).AddXY(2, 0), "", "Dahlan"},
		{"backwards over the name",
			pointOf(v, name+14), pointOf(v, name+1), "", "Mohammed Dahlan"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dragOver(v, w, tc.from, tc.to)
			s, e, ok := v.Selection()
			if !ok {
				t.Fatalf("no selection after drag")
			}
			if sel := string([]rune(text)[s:e]); sel != tc.text {
				t.Fatalf("Selection() = [%d,%d) %q, want %q", s, e, sel, tc.text)
			}
			want := runeIndex(t, text, tc.text)
			if s != want || e != want+len([]rune(tc.text)) {
				t.Fatalf("Selection() = [%d,%d), want [%d,%d)", s, e, want, want+len([]rune(tc.text)))
			}
			if len(got) == 0 || got[len(got)-1] != [2]int{s, e} {
				t.Fatalf("OnSelectionChanged got %v, want last [%d %d]", got, s, e)
			}
		})
	}
}

// TestDragAcrossLinesMapsPositionsFromThePressedRow sends events the way
// the desktop driver does: MouseDown on the row under the press point,
// then every Dragged event to that same row, with positions relative to it
// that leave it for the lines below.
func TestDragAcrossLinesMapsPositionsFromThePressedRow(t *testing.T) {
	text := gulfNews(t)
	v, w := newTestView(t, text, nil, fyne.NewSize(400, 500))
	start := runeIndex(t, text, "exiled")
	end := runeIndex(t, text, "Egyptian President") + len("Egyptian")
	if v.Model().LineOf(start) == v.Model().LineOf(end) {
		t.Fatalf("test needs the range on two lines; width too big")
	}
	from, to := pointOf(v, start+2), pointOf(v, end-1)
	row := rowAt(t, v, w, from)
	origin := from.Subtract(rowPos(v, row))
	row.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: origin}, Button: desktop.MouseButtonPrimary})
	steps := 5
	for i := 1; i <= steps; i++ {
		f := float32(i) / float32(steps)
		p := fyne.NewPos(from.X+(to.X-from.X)*f, from.Y+(to.Y-from.Y)*f).Subtract(rowPos(v, row))
		row.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: p}, Dragged: fyne.NewDelta(1, 1)})
	}
	row.DragEnd()
	s, e, ok := v.Selection()
	if !ok || s != start || e != end {
		t.Fatalf("Selection() = [%d,%d) %v %q, want [%d,%d) %q", s, e, ok, v.Model().Slice(s, e), start, end, v.Model().Slice(start, end))
	}
}

func TestAltDragSelectsCharacters(t *testing.T) {
	text := gulfNews(t)
	v, w := newTestView(t, text, nil, fyne.NewSize(600, 500))
	name := runeIndex(t, text, "Dahlan")
	from := pointOf(v, name+1)
	row := rowAt(t, v, w, from)
	row.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from.Subtract(rowPos(v, row))},
		Button: desktop.MouseButtonPrimary, Modifier: fyne.KeyModifierAlt})
	row.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pointOf(v, name+4).Subtract(rowPos(v, row))}})
	row.DragEnd()
	if s, e, _ := v.Selection(); v.Model().Slice(s, e) != "ahl" {
		t.Fatalf("Alt drag selected %q, want %q", v.Model().Slice(s, e), "ahl")
	}
}

// rowAt finds the line row under canvas position p.
func rowAt(t *testing.T, v *View, w fyne.Window, p fyne.Position) *lineRow {
	t.Helper()
	want := int((p.Y + v.list.GetScrollOffset()) / v.geom.pitch)
	for _, o := range test.LaidOutObjects(w.Content()) {
		if r, ok := o.(*lineRow); ok && r.line == want && r.Visible() {
			return r
		}
	}
	t.Fatalf("no row for line %d", want)
	return nil
}

func rowPos(v *View, r *lineRow) fyne.Position {
	return fyne.NewPos(0, float32(r.line)*v.geom.pitch-v.list.GetScrollOffset())
}

func nestedSpans(t testing.TB, text string) []annotate.Span {
	sp := func(id, label, s string) annotate.Span {
		i := runeIndex(t, text, s)
		return annotate.Span{ID: id, Label: label, Start: i, End: i + len([]rune(s))}
	}
	return []annotate.Span{
		sp("s1", "PERSON", "Mohammed Dahlan"),
		sp("s2", "PERSON", "exiled former Gaza strongman Mohammed Dahlan"),
		sp("s3", "GPE", "Gaza"),
		sp("s4", "PERSON", "Abdel Fattah Al Sissi"),
		sp("s5", "CLAIM", "Egyptian security forces on Friday killed 12 “dangerous terrorists”"),
		sp("s6", "DATE", "Friday"),
		sp("s7", "ORG", "Egyptian security forces"),
		sp("s8", "NUMBER", "12 “dangerous"),
		sp("s9", "GPE", "Egypt"),
	}
}

func TestTapSelectsTheInnermostSpan(t *testing.T) {
	text := gulfNews(t)
	v, w := newTestView(t, text, nestedSpans(t, text), fyne.NewSize(600, 500))
	var ids []string
	v.OnSpanSelected = func(id string) { ids = append(ids, id) }

	tap := func(cp int) { test.TapCanvas(w.Canvas(), pointOf(v, cp).AddXY(2, 0)) }
	tap(runeIndex(t, text, "Dahlan"))
	tap(runeIndex(t, text, "strongman"))
	tap(runeIndex(t, text, "Gaza"))
	tap(runeIndex(t, text, "Friday"))
	tap(runeIndex(t, text, "terrorists”"))
	tap(runeIndex(t, text, "pictures")) // no span: clears
	want := []string{"s1", "s2", "s3", "s6", "s5", ""}
	if strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Fatalf("OnSpanSelected got %q, want %q", ids, want)
	}
	if id, ok := v.SelectedSpan(); ok {
		t.Fatalf("SelectedSpan() = %q after tapping plain text", id)
	}
}

func TestKeyboardExtendsSelection(t *testing.T) {
	text := gulfNews(t)
	v, w := newTestView(t, text, nil, fyne.NewSize(600, 500))
	name := runeIndex(t, text, "Mohammed")
	test.TapCanvas(w.Canvas(), pointOf(v, name))
	if w.Canvas().Focused() != v {
		t.Fatalf("tapping the text did not focus the view")
	}
	shiftKey := func(k fyne.KeyName) {
		v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		v.TypedKey(&fyne.KeyEvent{Name: k})
		v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	}
	sel := func() string { s, e, _ := v.Selection(); return v.Model().Slice(s, e) }

	shiftKey(fyne.KeyRight)
	shiftKey(fyne.KeyRight)
	if got := sel(); got != "Mohammed Dahlan" {
		t.Fatalf("Shift+Right twice selected %q, want %q", got, "Mohammed Dahlan")
	}
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierShift | fyne.KeyModifierAlt})
	if got := sel(); got != "Mohammed Dahla" {
		t.Fatalf("Shift+Alt+Left selected %q, want %q", got, "Mohammed Dahla")
	}
	shiftKey(fyne.KeyLeft)
	if got := sel(); got != "Mohammed " && got != "Mohammed" {
		t.Fatalf("Shift+Left selected %q", got)
	}
	shiftKey(fyne.KeyDown)
	line0, _ := v.Model().Caret(name)
	s, e, _ := v.Selection()
	if lineE, _ := v.Model().Caret(e); s != name || lineE != line0+1 || !v.Model().IsClusterBoundary(e) || v.Model().WordEnd(e) != e || !wordish(v.Model().Runes(), e-1) {
		t.Fatalf("Shift+Down gave [%d,%d) %q, want from %d to a word end on the next line", s, e, sel(), name)
	}

	var runes []rune
	var keys []fyne.KeyName
	deleted := 0
	v.OnRune = func(r rune) { runes = append(runes, r) }
	v.OnKey = func(ev *fyne.KeyEvent) { keys = append(keys, ev.Name) }
	v.OnDelete = func() { deleted++ }
	test.Type(v, "1c")
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if string(runes) != "1c" || deleted != 2 || len(keys) != 1 || keys[0] != fyne.KeyReturn {
		t.Fatalf("forwarded runes %q, deletes %d, keys %v; want \"1c\", 2, [Return]", string(runes), deleted, keys)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if _, _, ok := v.Selection(); ok {
		t.Fatalf("Escape left a selection")
	}
}

func TestSetSpansKeepsSelectionAndScroll(t *testing.T) {
	text := strings.Repeat(gulfNews(t)+"\n\n", 6)
	v, _ := newTestView(t, text, nil, fyne.NewSize(500, 300))
	v.ScrollToOffset(len([]rune(text)) / 2)
	off := v.list.GetScrollOffset()
	if off == 0 {
		t.Fatalf("ScrollToOffset did not scroll")
	}
	v.SetSelection(100, 110)
	v.SetSpans(nestedSpans(t, text))
	if s, e, ok := v.Selection(); !ok || s != 100 || e != 110 {
		t.Fatalf("Selection after SetSpans = [%d,%d) %v", s, e, ok)
	}
	first := v.firstVisible()
	lineBefore := v.Model().LineOf(first)
	_ = lineBefore
	// a resize rewraps but keeps the first visible code point at the top
	v.Resize(fyne.NewSize(350, 300))
	if got := v.firstVisible(); got > first || v.Model().LineOf(first) != v.Model().LineOf(got) {
		t.Fatalf("after resize the first visible code point is %d, want the line holding %d", got, first)
	}
	v.SelectSpan("s9")
	if id, ok := v.SelectedSpan(); !ok || id != "s9" {
		t.Fatalf("SelectedSpan() = %q %v", id, ok)
	}
	if _, _, ok := v.Selection(); ok {
		t.Fatalf("SelectSpan left a text selection")
	}
}

func TestRendersNestedAndOverlappingSpans(t *testing.T) {
	text := gulfNews(t)
	text = text[:strings.Index(text, " amid")]
	v, w := newTestView(t, text, nestedSpans(t, text), fyne.NewSize(520, 330))
	v.SelectSpan("s4")
	test.AssertRendersToMarkup(t, "nested_spans.xml", w.Canvas())
}

func TestDoubleClickSelectsTheWordEvenInsideASpan(t *testing.T) {
	text := gulfNews(t)
	v, w := newTestView(t, text, nestedSpans(t, text), fyne.NewSize(600, 500))
	at := pointOf(v, runeIndex(t, text, "Dahlan")+2)
	test.TapCanvas(w.Canvas(), at)
	if id, _ := v.SelectedSpan(); id != "s1" {
		t.Fatalf("first click selected span %q, want s1", id)
	}
	test.TapCanvas(w.Canvas(), at)
	s, e, ok := v.Selection()
	if !ok || v.Model().Slice(s, e) != "Dahlan" {
		t.Fatalf("double click selected %q, want %q", v.Model().Slice(s, e), "Dahlan")
	}
	if id, ok := v.SelectedSpan(); ok {
		t.Fatalf("double click left span %q selected", id)
	}
}

// selectionRects counts the selection rectangles drawn by the row showing line.
func selectionRects(t *testing.T, v *View, w fyne.Window, line int) int {
	t.Helper()
	n := 0
	for _, o := range walk(w.Content(), nil) {
		r, ok := o.(*lineRow)
		if !ok || r.line != line {
			continue
		}
		for _, c := range test.WidgetRenderer(r).Objects() {
			if rect, ok := c.(*canvas.Rectangle); ok && rect.Visible() && rect.StrokeColor == v.pal.selectionEdge {
				n++
			}
		}
	}
	return n
}

func TestSelectionIsRedrawnOnScreen(t *testing.T) {
	text := strings.Repeat(gulfNews(t)+"\n\n", 4)
	v, w := newTestView(t, text, nestedSpans(t, text), fyne.NewSize(600, 300))
	at := runeIndex(t, text, "Dahlan")
	line := v.Model().LineOf(at)
	v.SetSelection(at, at+6)
	if got := selectionRects(t, v, w, line); got != 1 {
		t.Fatalf("after SetSelection line %d draws %d selection rectangles, want 1", line, got)
	}
	v.ScrollToOffset(v.Model().Len())
	v.ScrollToOffset(0)
	v.SetSpans(nil)
	v.ClearSelection()
	if got := selectionRects(t, v, w, line); got != 0 {
		t.Fatalf("after ClearSelection line %d draws %d selection rectangles, want 0", line, got)
	}
	v.SetSelection(at, at+6)
	if got := selectionRects(t, v, w, line); got != 1 {
		t.Fatalf("after scrolling back, line %d draws %d selection rectangles, want 1", line, got)
	}
}

// walk collects the objects under o as they are, without laying them out
// (test.LaidOutObjects lays out, which would redraw stale rows).
func walk(o fyne.CanvasObject, dst []fyne.CanvasObject) []fyne.CanvasObject {
	dst = append(dst, o)
	switch x := o.(type) {
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			dst = walk(c, dst)
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			dst = walk(c, dst)
		}
	}
	return dst
}

func TestTapOnALabelTagSelectsItsSpan(t *testing.T) {
	text := gulfNews(t)
	v, w := newTestView(t, text, nestedSpans(t, text), fyne.NewSize(600, 500))
	var ids []string
	v.OnSpanSelected = func(id string) { ids = append(ids, id) }
	// "Mohammed Dahlan" (s1) starts where nothing else does: its tag is at its start
	line, x := v.Model().Caret(runeIndex(t, text, "Mohammed Dahlan"))
	y := float32(line)*v.geom.pitch - v.list.GetScrollOffset() + v.geom.tagH/2
	test.TapCanvas(w.Canvas(), fyne.NewPos(v.geom.inset+x+3, y))
	if len(ids) != 1 || ids[0] != "s1" {
		t.Fatalf("tapping the tag selected %q, want [s1]", ids)
	}
}

func TestSetDocumentResetsScrollAndSelection(t *testing.T) {
	text := strings.Repeat(gulfNews(t)+"\n\n", 6)
	v, _ := newTestView(t, text, nil, fyne.NewSize(500, 300))
	v.ScrollToOffset(len([]rune(text)) - 1)
	v.SetSelection(len([]rune(text))-20, len([]rune(text))-10)
	if v.list.GetScrollOffset() == 0 {
		t.Fatalf("ScrollToOffset did not scroll")
	}
	v.SetDocument("A short one.", nil, annotate.DefaultLabels())
	if off := v.list.GetScrollOffset(); off != 0 {
		t.Fatalf("scroll offset after SetDocument = %v, want 0", off)
	}
	if _, _, ok := v.Selection(); ok {
		t.Fatalf("selection survived SetDocument")
	}
	if n := v.Model().NumLines(); n != 1 {
		t.Fatalf("new document has %d lines, want 1", n)
	}
}

func TestSetTextSizeRewrapsAndKeepsTheTopLine(t *testing.T) {
	text := strings.Repeat(gulfNews(t)+"\n\n", 6)
	v, _ := newTestView(t, text, nestedSpans(t, text), fyne.NewSize(500, 300))
	v.ScrollToOffset(len([]rune(text)) / 2)
	first := v.firstVisible()
	lines, pitch := v.Model().NumLines(), v.geom.pitch
	v.SetTextSize(v.TextSize() * 1.5)
	if v.Model().NumLines() <= lines || v.geom.pitch <= pitch {
		t.Fatalf("bigger text: %d lines, pitch %v; was %d, %v", v.Model().NumLines(), v.geom.pitch, lines, pitch)
	}
	if got := v.firstVisible(); v.Model().LineOf(got) != v.Model().LineOf(first) {
		t.Fatalf("first visible code point %d, want the line holding %d", got, first)
	}
}

func TestCentreOffsetPutsTheLineInTheMiddle(t *testing.T) {
	text := strings.Repeat(gulfNews(t)+"\n\n", 6)
	v, _ := newTestView(t, text, nil, fyne.NewSize(500, 300))
	n := len([]rune(text))
	for _, cp := range []int{n / 3, n / 2, 2 * n / 3} {
		v.CentreOffset(cp)
		line := v.Model().LineOf(cp)
		mid := float32(line)*v.geom.pitch + v.geom.rowH/2 - v.list.GetScrollOffset()
		if h := v.list.Size().Height; mid < h/2-v.geom.pitch || mid > h/2+v.geom.pitch {
			t.Errorf("CentreOffset(%d): its line is at %.0f of %.0f, want the middle", cp, mid, h)
		}
	}
	v.CentreOffset(0)
	if off := v.list.GetScrollOffset(); off != 0 {
		t.Errorf("CentreOffset(0) scrolled to %.0f, want the top", off)
	}
}

// A bound selection (the session's) is the one the view changes and draws:
// a drag writes it, a tap on a span writes it, and a selection set from
// outside is what Selection reports and what is outlined on screen.
func TestBoundSelectionIsTheSessions(t *testing.T) {
	text := gulfNews(t)
	v, w := newTestView(t, text, nestedSpans(t, text), fyne.NewSize(600, 500))
	sel := annotate.NoSelection()
	v.Bind(&sel)
	name := runeIndex(t, text, "Mohammed Dahlan")
	dragOver(v, w, pointOf(v, name+3), pointOf(v, name+12))
	if s, e, ok := sel.Range(); !ok || string([]rune(text)[s:e]) != "Mohammed Dahlan" {
		t.Fatalf("drag left the bound selection at %+v", sel)
	}
	test.TapCanvas(w.Canvas(), pointOf(v, runeIndex(t, text, "Gaza")).AddXY(2, 0))
	if sel.Span != "s3" {
		t.Fatalf("tap on Gaza: bound selection %+v, want span s3", sel)
	}
	sel.SelectRange(name, name+8) // the session selects "Mohammed"
	if s, e, ok := v.Selection(); !ok || s != name || e != name+8 {
		t.Fatalf("Selection() = %d, %d, %v after the session selected %d–%d", s, e, ok, name, name+8)
	}
	if id, ok := v.SelectedSpan(); ok {
		t.Fatalf("SelectedSpan() = %q; the session selected text", id)
	}
	v.SetDocument("Other text.", nil, annotate.DefaultLabels())
	if _, _, ok := sel.Range(); ok || sel.HasSpan() {
		t.Fatalf("SetDocument left the bound selection at %+v", sel)
	}
}
