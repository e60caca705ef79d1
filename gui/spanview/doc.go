// Package spanview is spanmark's article view: a Fyne widget that shows an
// article's text wrapped to its width, the annotate.Span values given to it
// as highlights, underlines, claim brackets and label tags, and a text
// selection made by mouse or keyboard. It reports what the user wants to do
// (select text, select a span, delete it, press a label key) through
// callbacks; it never changes spans itself.
//
// Every offset in this package's API is a Unicode code point (rune) index
// into the article text, end-exclusive, like annotate.Span. Byte offsets are
// never used: the model keeps the text as []rune.
//
// The package is split like Fyne's own selectable text: Model (model.go,
// layout.go, hit.go, snap.go, decor.go) is pixel-free and holds lines,
// spans and offsets; it measures text only through a Measurer, so tests run
// it with a fixed-width fake. View (view.go, input.go, render.go) is a thin
// Fyne layer: a widget.List with one row per visual line.
//
// spanview must not import store or database/sql: it shows what it is given.
package spanview
