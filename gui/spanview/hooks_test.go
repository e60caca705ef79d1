package spanview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/spanmark/spanmark/annotate"
)

type resized struct {
	id         string
	start, end int
}

// resizeView is the Gulf News text with the nested spans, s1 ("Mohammed
// Dahlan") selected, and OnResize recording what it gets.
func resizeView(t *testing.T) (*View, fyne.Window, string, *[]resized) {
	t.Helper()
	text := gulfNews(t)
	v, w := newTestView(t, text, nestedSpans(t, text), fyne.NewSize(600, 500))
	got := &[]resized{}
	v.OnResize = func(id string, s, e int) { *got = append(*got, resized{id, s, e}) }
	v.SelectSpan("s1")
	return v, w, text, got
}

func TestDraggingAnEdgeOfTheSelectedSpanResizesIt(t *testing.T) {
	for _, c := range []struct {
		name     string
		from, to func(text string) int // code points: the edge pressed, where the drag ends (nudged into the character after)
		want     string
	}{
		{"its end into the next word", func(x string) int { return runeIndex(t, x, "Dahlan") + 6 },
			func(x string) int { return runeIndex(t, x, "hold") + 2 }, "Mohammed Dahlan, hold"},
		{"its end back into the space", func(x string) int { return runeIndex(t, x, "Dahlan") + 6 },
			func(x string) int { return runeIndex(t, x, " Dahlan") }, "Mohammed"},
		{"its start into the word before", func(x string) int { return runeIndex(t, x, "Mohammed") },
			func(x string) int { return runeIndex(t, x, "strongman") + 3 }, "strongman Mohammed Dahlan"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, w, text, got := resizeView(t)
			from, to := pointOf(v, c.from(text)), pointOf(v, c.to(text)).AddXY(1, 0)
			dragOver(v, w, from, to)
			if len(*got) != 1 || (*got)[0].id != "s1" {
				t.Fatalf("OnResize got %v, want one resize of s1", *got)
			}
			r := (*got)[0]
			if s := v.Model().Slice(r.start, r.end); s != c.want {
				t.Errorf("resized to %d–%d %q, want %q", r.start, r.end, s, c.want)
			}
			if _, _, ok := v.Selection(); ok {
				t.Error("the preview of the new bounds is left as a selection")
			}
			if id, _ := v.SelectedSpan(); id != "s1" {
				t.Errorf("after the resize %q is selected, want s1 still", id)
			}
		})
	}
}

func TestDragFromAnEdgeOfAnUnselectedSpanSelectsText(t *testing.T) {
	v, w, text, got := resizeView(t)
	v.SelectSpan("")
	start := runeIndex(t, text, "Mohammed")
	dragOver(v, w, pointOf(v, start), pointOf(v, start+12))
	if len(*got) != 0 {
		t.Fatalf("a drag with no span selected resized %v", *got)
	}
	if s, e, ok := v.Selection(); !ok || v.Model().Slice(s, e) != "Mohammed Dahlan" {
		t.Fatalf("the drag selected %q, want Mohammed Dahlan", v.Model().Slice(s, e))
	}
	v.OnResize = nil // the window may not allow resizing: then an edge is text too
	v.SelectSpan("s1")
	dragOver(v, w, pointOf(v, start), pointOf(v, start+12))
	if _, _, ok := v.Selection(); !ok {
		t.Fatal("without OnResize a drag from the selected span's edge selected nothing")
	}
}

func TestShiftAltArrowsMoveAnEdgeOfTheSelectedSpanByAWord(t *testing.T) {
	endKey := func(k fyne.KeyName) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShift | fyne.KeyModifierAlt}
	}
	startKey := func(k fyne.KeyName) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift | fyne.KeyModifierAlt}
	}
	for _, c := range []struct {
		name string
		key  fyne.Shortcut
		want string
	}{
		{"Shift+Alt+Right: the end takes the next word", endKey(fyne.KeyRight), "Mohammed Dahlan, hold"},
		{"Shift+Alt+Left: the end gives up the last word", endKey(fyne.KeyLeft), "Mohammed"},
		{"Ctrl+Shift+Alt+Left: the start takes the word before", startKey(fyne.KeyLeft), "strongman Mohammed Dahlan"},
		{"Ctrl+Shift+Alt+Right: the start gives up the first word", startKey(fyne.KeyRight), "Dahlan"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, _, _, got := resizeView(t)
			v.TypedShortcut(c.key)
			if len(*got) != 1 {
				t.Fatalf("OnResize got %v, want one call", *got)
			}
			if r := (*got)[0]; r.id != "s1" || v.Model().Slice(r.start, r.end) != c.want {
				t.Errorf("resized %s to %q, want s1 to %q", r.id, v.Model().Slice(r.start, r.end), c.want)
			}
		})
	}
	t.Run("a one-word span keeps its word", func(t *testing.T) {
		v, _, _, got := resizeView(t)
		v.SelectSpan("s6") // Friday
		v.TypedShortcut(endKey(fyne.KeyLeft))
		v.TypedShortcut(startKey(fyne.KeyRight))
		if len(*got) != 0 {
			t.Errorf("shrinking a one-word span resized it: %v", *got)
		}
	})
	t.Run("with no span selected Shift+Alt+Right selects a character", func(t *testing.T) {
		v, _, _, got := resizeView(t)
		v.SelectSpan("")
		v.TypedShortcut(endKey(fyne.KeyRight))
		if s, e, ok := v.Selection(); len(*got) != 0 || !ok || e-s != 1 {
			t.Errorf("resized %v, selection %d–%d %v; want no resize and one character selected", *got, s, e, ok)
		}
	})
}

func TestHoverWordIsTheWordUnderThePointer(t *testing.T) {
	text := strings.Repeat(gulfNews(t)+"\n\n", 3)
	v, w := newTestView(t, text, nestedSpans(t, text), fyne.NewSize(600, 500))
	if _, _, ok := v.HoverWord(); ok {
		t.Fatal("a word under the pointer before the pointer came in")
	}
	dahlan := runeIndex(t, text, "Dahlan")
	for _, c := range []struct {
		name string
		at   fyne.Position
		want string // "" no word
	}{
		{"inside a word inside spans", pointOf(v, dahlan+2), "Dahlan"},
		{"on a joined word", pointOf(v, runeIndex(t, text, "south-west")+7), "south-west"},
		{"on the comma after a word", pointOf(v, dahlan+6).AddXY(1, 0), ""},
		{"on a space", pointOf(v, dahlan-1).AddXY(1, 0), ""},
	} {
		test.MoveMouse(w.Canvas(), c.at)
		s, e, ok := v.HoverWord()
		if got := v.Model().Slice(s, e); ok != (c.want != "") || (ok && got != c.want) {
			t.Errorf("%s: HoverWord = %q %v, want %q", c.name, got, ok, c.want)
		}
	}
	// The view scrolls under a still pointer: the word is the one now there.
	at := pointOf(v, dahlan+2)
	test.MoveMouse(w.Canvas(), at)
	line, x := v.Model().Caret(dahlan + 2)
	v.list.ScrollToOffset(v.list.GetScrollOffset() + v.geom.pitch)
	ws, we, _ := v.wordAt(line+1, x)
	if s, e, ok := v.HoverWord(); !ok || s != ws || e != we {
		t.Errorf("after scrolling a line: HoverWord %q, want %q (the word now under the pointer)", v.Model().Slice(s, e), v.Model().Slice(ws, we))
	}
	test.MoveMouse(w.Canvas(), fyne.NewPos(-50, -50))
	if _, _, ok := v.HoverWord(); ok {
		t.Error("a word under the pointer after it left the view")
	}
}

func TestPickTakesTheClickedWordAndTheDraggedRange(t *testing.T) {
	text := gulfNews(t)
	v, w := newTestView(t, text, nestedSpans(t, text), fyne.NewSize(600, 500))
	var picks []string
	v.OnPick = func(s, e int) { picks = append(picks, v.Model().Slice(s, e)) }
	dahlan := runeIndex(t, text, "Dahlan")
	test.TapCanvas(w.Canvas(), pointOf(v, dahlan+2))             // a word inside span s1: still the word
	test.TapCanvas(w.Canvas(), pointOf(v, dahlan+2))             // at once again: not a double click
	test.TapCanvas(w.Canvas(), pointOf(v, dahlan-1).AddXY(1, 0)) // a space: nothing
	dragOver(v, w, pointOf(v, runeIndex(t, text, "Egyptian President")+2), pointOf(v, runeIndex(t, text, "President")+4))
	if want := []string{"Dahlan", "Dahlan", "Egyptian President"}; strings.Join(picks, "|") != strings.Join(want, "|") {
		t.Errorf("picked %q, want %q", picks, want)
	}
	if id, ok := v.SelectedSpan(); ok {
		t.Errorf("span %s selected while picking", id)
	}
	if _, _, ok := v.Selection(); ok {
		t.Error("a picked range is left selected")
	}
	v.OnPick = nil
	test.TapCanvas(w.Canvas(), pointOf(v, dahlan+2))
	if id, _ := v.SelectedSpan(); id != "s1" {
		t.Errorf("without OnPick a click selects the span: got %q, want s1", id)
	}
}

func TestEscGoesToTheWindowFirstThenClearsTheSelection(t *testing.T) {
	text := gulfNews(t)
	v, _ := newTestView(t, text, nil, fyne.NewSize(600, 500))
	used := true // the window ends something with the first Esc, nothing with the second
	calls := 0
	v.OnEscape = func() bool { calls++; u := used; used = false; return u }
	v.SetSelection(3, 9)
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if _, _, ok := v.Selection(); !ok || calls != 1 {
		t.Fatalf("after the first Esc: selection %v, window asked %d times; want the selection kept, 1", ok, calls)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if _, _, ok := v.Selection(); ok || calls != 2 {
		t.Errorf("after the second Esc: selection %v, window asked %d times; want none, 2", ok, calls)
	}
}

func TestRejectedSpansAreStruckThroughAndFaint(t *testing.T) {
	text := gulfNews(t)
	spans := nestedSpans(t, text)
	spans[0].Review = annotate.ReviewRejected // s1 Mohammed Dahlan, nested: an underline
	spans[3].Review = annotate.ReviewRejected // s4 Abdel Fattah Al Sissi, a background
	spans[4].Review = annotate.ReviewRejected // s5, a claim
	v, w := newTestView(t, text, spans, fyne.NewSize(600, 500))
	strikes := func(cp int) (n int, faded bool) {
		line := v.Model().LineOf(cp)
		for _, o := range walk(w.Content(), nil) {
			r, ok := o.(*lineRow)
			if !ok || r.line != line {
				continue
			}
			for _, c := range test.WidgetRenderer(r).Objects() {
				rect, ok := c.(*canvas.Rectangle)
				if !ok || !rect.Visible() {
					continue
				}
				if rect.FillColor == v.pal.fg && rect.Size().Height == 1.5 {
					n++
				}
				if rect.FillColor == v.pal.faded(v.Model().Label("PERSON").Color) {
					faded = true
				}
			}
		}
		return n, faded
	}
	if n, _ := strikes(runeIndex(t, text, "Dahlan")); n != 1 {
		t.Errorf("the line of rejected s1 draws %d strikes, want 1", n)
	}
	if n, faded := strikes(runeIndex(t, text, "Sissi")); n != 1 || !faded {
		t.Errorf("the line of rejected s4 draws %d strikes, faint %v; want 1 and a faint background", n, faded)
	}
	if n, _ := strikes(runeIndex(t, text, "killed 12")); n < 1 {
		t.Errorf("the rejected claim s5 is not struck through (%d)", n)
	}
	if n, _ := strikes(runeIndex(t, text, "Rafah")); n != 0 {
		t.Errorf("a line without rejected spans draws %d strikes", n)
	}
	decor := v.Model().LineDecor(v.Model().LineOf(runeIndex(t, text, "Dahlan")), nil)
	for _, d := range decor {
		if d.Rejected != (d.ID == "s1" || d.ID == "s4") {
			t.Errorf("decor of %s: rejected %v", d.ID, d.Rejected)
		}
	}
}

func TestCtrlHomeAndEndJumpToTheStartAndEnd(t *testing.T) {
	text := strings.Repeat(gulfNews(t)+"\n\n", 6)
	v, _ := newTestView(t, text, nil, fyne.NewSize(500, 300))
	v.ShowEnd()
	last := v.Model().NumLines() - 1
	if bottom := v.list.GetScrollOffset() + v.list.Size().Height; float32(last+1)*v.geom.pitch > bottom+0.5 || v.list.GetScrollOffset() == 0 {
		t.Errorf("after ShowEnd the view shows down to %v, the last line ends at %v", bottom, float32(last+1)*v.geom.pitch)
	}
	v.ShowStart()
	if off := v.list.GetScrollOffset(); off != 0 || v.FirstVisible() != 0 {
		t.Errorf("after ShowStart offset %v, first visible %d; want 0, 0", off, v.FirstVisible())
	}
}

func TestThePointerShowsWhereAnEdgeCanBeDragged(t *testing.T) {
	v, w, text, _ := resizeView(t)
	end := runeIndex(t, text, "Dahlan") + 6
	for _, c := range []struct {
		name string
		at   fyne.Position
		pick bool
		want desktop.Cursor
	}{
		{"on the end of the selected span", pointOf(v, end), false, desktop.HResizeCursor},
		{"on its start", pointOf(v, runeIndex(t, text, "Mohammed")).AddXY(-1, 0), false, desktop.HResizeCursor},
		{"inside it", pointOf(v, end-3), false, desktop.TextCursor},
		{"inside it with a label armed", pointOf(v, end-3), true, desktop.CrosshairCursor},
	} {
		v.OnPick = nil
		if c.pick {
			v.OnPick = func(int, int) {}
		}
		test.MoveMouse(w.Canvas(), c.at)
		if got := v.cursor(); got != c.want {
			t.Errorf("%s: cursor %v, want %v", c.name, got, c.want)
		}
	}
}

// TestAnEdgeDragPreviewsWithoutSelectingText: while the edge moves, the
// new bounds are drawn, but the selection (the session's, when bound)
// still holds only the span until the drop.
func TestAnEdgeDragPreviewsWithoutSelectingText(t *testing.T) {
	v, w, text, got := resizeView(t)
	from := pointOf(v, runeIndex(t, text, "Dahlan")+6)
	row := rowAt(t, v, w, from)
	row.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from.Subtract(rowPos(v, row))}, Button: desktop.MouseButtonPrimary})
	to := pointOf(v, runeIndex(t, text, "hold")+2)
	row.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to.Subtract(rowPos(v, row))}, Dragged: fyne.NewDelta(1, 0)})
	if s, e, ok := v.shownSelection(); !ok || v.Model().Slice(s, e) != "Mohammed Dahlan, hold" {
		t.Errorf("while dragging the preview is %q, want %q", v.Model().Slice(s, e), "Mohammed Dahlan, hold")
	}
	if _, _, ok := v.Selection(); ok || v.sel.Span != "s1" || len(*got) != 0 {
		t.Errorf("while dragging: text selected %v, span %q, resized %v; want no text, s1, nothing yet", ok, v.sel.Span, *got)
	}
	row.DragEnd()
	if _, _, ok := v.shownSelection(); ok || len(*got) != 1 {
		t.Errorf("after the drop: preview left %v, resized %v", ok, *got)
	}
}
