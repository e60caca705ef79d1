package spanview

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/spanmark/spanmark/annotate"
)

// cairoArabic is a short Arabic news paragraph written for these tests
// (testdata/cairo_ar.txt).
func cairoArabic(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/cairo_ar.txt")
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// dragRow presses on the row under from and drags to to, as the desktop
// driver does (every event to the pressed row).
func dragRow(t *testing.T, v *View, w fyne.Window, from, to fyne.Position) {
	t.Helper()
	row := rowAt(t, v, w, from)
	row.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from.Subtract(rowPos(v, row))}, Button: desktop.MouseButtonPrimary})
	for i := 1; i <= 4; i++ {
		f := float32(i) / 4
		p := fyne.NewPos(from.X+(to.X-from.X)*f, from.Y+(to.Y-from.Y)*f).Subtract(rowPos(v, row))
		row.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: p}, Dragged: fyne.NewDelta(1, 1)})
	}
	row.DragEnd()
}

func TestDraggingOverArabicWordsOnScreenSelectsThem(t *testing.T) {
	text := cairoArabic(t)
	v, w := newTestView(t, text, nil, fyne.NewSize(600, 500))
	m := v.Model()
	var got [][2]int
	v.OnSelectionChanged = func(s, e int) { got = append(got, [2]int{s, e}) }
	for _, word := range []string{"القاهرة", "مسلحاً", "وكالة أنباء الشرق الأوسط", "الجيزة", "2030"} {
		start := runeIndex(t, text, word)
		end := start + len([]rune(word))
		line := m.LineOf(start)
		if m.LineOf(end-1) != line {
			continue // the phrase wraps at this width
		}
		rs := m.RangesOnLine(line, start, end, nil)
		if len(rs) != 1 {
			t.Fatalf("%s in %d pieces", word, len(rs))
		}
		y := float32(line)*v.geom.pitch - v.list.GetScrollOffset() + v.geom.tagH + v.geom.textH/2
		// from its left edge to its right edge as drawn, and the other way
		for _, dir := range [][2]float32{{rs[0].X0 + 2, rs[0].X1 - 2}, {rs[0].X1 - 2, rs[0].X0 + 2}} {
			dragRow(t, v, w, fyne.NewPos(v.geom.inset+dir[0], y), fyne.NewPos(v.geom.inset+dir[1], y))
			s, e, ok := v.Selection()
			if !ok || s != start || e != end {
				t.Fatalf("drag over %s as drawn selected [%d,%d) %q, want [%d,%d)", word, s, e, m.Slice(s, e), start, end)
			}
			if last := got[len(got)-1]; last != [2]int{start, end} {
				t.Fatalf("OnSelectionChanged last got %v", last)
			}
		}
	}
}

func TestACrossingOverlapKeepsTheLineSpacing(t *testing.T) {
	text := gulfNews(t)
	v, _ := newTestView(t, text, nil, fyne.NewSize(600, 500))
	pitch := v.geom.pitch
	at := runeIndex(t, text, "Mohammed Dahlan")
	spans := []annotate.Span{
		{ID: "a", Label: "PERSON", Start: at, End: at + 15},
		{ID: "b", Label: "ORG", Start: at + 9, End: at + 25},  // crosses a
		{ID: "c", Label: "GPE", Start: at + 12, End: at + 30}, // crosses both
		{ID: "d", Label: "CLAIM", Kind: annotate.KindClaim, Start: 0, End: at + 20},
		{ID: "e", Label: "CLAIM", Kind: annotate.KindClaim, Start: at, End: at + 40}, // crosses d
	}
	for n := 1; n <= len(spans); n++ {
		v.SetSpans(spans[:n])
		if v.geom.pitch != pitch {
			t.Fatalf("with %d spans the line pitch is %v, without spans %v", n, v.geom.pitch, pitch)
		}
	}
}
