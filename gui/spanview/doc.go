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
// layout.go, bidi.go, bidilayout.go, hit.go, snap.go, decor.go, arcs.go)
// is pixel-free and holds lines, spans, relations and offsets; it measures
// text only through a Measurer, so tests run it with a fixed-width fake.
// View (view.go, input.go, render.go) is a thin Fyne layer: a widget.List
// with one row per visual line.
//
// Text in every script: a paragraph holding right-to-left text is laid out
// with the Unicode bidirectional algorithm (bidi.go) and its lines drawn in
// visual order, right-aligned when the paragraph is right to left; hits
// and selections map back to logical code points. Words of scripts whose
// letters join (Arabic, Indic, Thai, …) are measured whole, grapheme
// clusters (emoji sequences) as one, both through Fyne's text measuring
// with its system-font fallback, and drawn as the pieces they were measured
// in (TextRuns).
//
// spanview must not import store or database/sql: it shows what it is given.
package spanview
