package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/store"
)

// walkTop calls fn on every visible object of the dialog on top.
func walkTop(t *testing.T, u *ui, fn func(fyne.CanvasObject)) {
	t.Helper()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is open")
	}
	walk(top, fn)
}

// walk calls fn on o and every visible object inside it.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if !o.Visible() {
		return
	}
	fn(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, ch := range c.Objects {
			walk(ch, fn)
		}
	case fyne.Widget:
		for _, ch := range test.WidgetRenderer(c).Objects() {
			walk(ch, fn)
		}
	}
}

// overlayText is every text of the dialog on top: labels, canvas texts and
// form hints.
func overlayText(t *testing.T, u *ui) string {
	t.Helper()
	var b strings.Builder
	walkTop(t, u, func(o fyne.CanvasObject) {
		switch c := o.(type) {
		case *widget.Label:
			b.WriteString(c.Text + "\n")
		case *canvas.Text:
			b.WriteString(c.Text + "\n")
		}
	})
	return b.String()
}

func TestTheExportHintFollowsTheFormat(t *testing.T) {
	u := newTestUI(t, gulfNews)
	u.showExport()
	if txt := overlayText(t, u); strings.Contains(txt, ".ann") || !strings.Contains(txt, exportHints["jsonl"]) {
		t.Errorf("with jsonl chosen the dialog says:\n%s", txt)
	}
	var format *escSelect
	walkTop(t, u, func(o fyne.CanvasObject) {
		if sel, ok := o.(*escSelect); ok && format == nil {
			format = sel
		}
	})
	format.SetSelected("brat")
	if txt := overlayText(t, u); !strings.Contains(txt, ".txt and .ann pair") {
		t.Errorf("with brat chosen the dialog says:\n%s", txt)
	}
}

func TestTheShortcutHelpListsSelectionAndReviewKeys(t *testing.T) {
	u := newTestUI(t, gulfNews)
	labels := append([]annotate.Label(nil), u.s.Labels...)
	labels[4].Key = "a" // DATE, from before keys of review mode were refused
	if err := u.s.DB().SaveLabels(context.Background(), labels); err != nil {
		t.Fatal(err)
	}
	u.s.Labels = labels
	u.showShortcuts()
	txt := overlayText(t, u)
	for _, want := range []string{"Shift+← / Shift+→", "Shift+↑ / Shift+↓", "Shift+Alt+arrows", "review mode: a / x", "skip the span", "review mode: n / p",
		"Ctrl+F", "Ctrl+Shift+F", "Esc", "DATE on a: that key accepts in review mode"} {
		if !strings.Contains(txt, want) {
			t.Errorf("Help ▸ Keyboard shortcuts lacks %q", want)
		}
	}
}

func TestMessagesShowNoEscapes(t *testing.T) {
	u := newTestUI(t, gulfNews)
	text := "The family 👨\u200d👩\u200d👧 arrived in Cairo."
	if _, err := u.s.DB().Import(u.ctx, feedOne(annotate.Article{ID: "zwj", Text: text}), store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := u.reloadList(); err != nil {
		t.Fatal(err)
	}
	u.openOrReport("zwj")
	selectText(t, u, "👨\u200d👩\u200d👧 arrived")
	u.refreshHint()
	typeRune(u.win, '6')
	for _, s := range []string{u.bar.info.Text, u.bar.state.Text} {
		if strings.Contains(s, `\u`) {
			t.Errorf("status bar shows an escape: %q", s)
		}
	}
	u.showProgress()
	if txt := overlayText(t, u); strings.Contains(txt, "`") {
		t.Errorf("the progress dialog shows backticks:\n%s", txt)
	}
}

func TestTheEvidencePlaceholderFits(t *testing.T) {
	u := newTestUI(t, gulfNews)
	u.win.Resize(fyne.NewSize(1024, 640))
	claim := tag(t, u, "Egypt is against terrorism", 'c')
	clickSpan(u, claim)
	u.win.Resize(fyne.NewSize(1024, 640))
	for name, e := range u.claims.free {
		need := fyne.MeasureText(e.PlaceHolder, theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding()
		if e.Size().Width < need {
			t.Errorf("%s: placeholder %q needs %.0f px, the field is %.0f", name, e.PlaceHolder, need, e.Size().Width)
		}
	}
}
