// Package annotate owns spanmark's domain: articles, spans, relations,
// labels, text normalisation, offset conversion and validation.
//
// Every offset in this package is a Unicode code point (rune) index into an
// article's normalised text, end-exclusive, unless a name says otherwise
// (…Byte for UTF-8 byte offsets, …UTF16 for UTF-16 code units).
//
// annotate must not import Fyne, database/sql or any storage package: the
// window (gui) and the database (store) both depend on it, never the reverse.
package annotate
