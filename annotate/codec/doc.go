// Package codec reads and writes spanmark's article files: the article text
// format (.txt), spanmark's own JSONL export (Prodigy-compatible), doccano
// JSONL, brat .txt+.ann pairs, Label Studio JSON exports, and CoNLL (write
// only).
//
// Readers stream: one record at a time, whatever the size of the input, and
// every record they return has passed the checks of annotate.Article.Validate
// (offsets inside the text, span text equal to the text at its offsets,
// unique span ids, relations between spans of the article). Every offset that
// enters or leaves this package is a Unicode code point index into the
// normalised article text; offsets of other units are named as such.
//
// Errors about input are *annotate.InputError ("FILE:LINE: what is wrong").
//
// codec must not import Fyne, database/sql or the store: the store and the
// window call it, never the reverse.
package codec
