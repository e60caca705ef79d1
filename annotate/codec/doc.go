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
// What a record holds:
//   - Text is normalised (annotate.NormalizeText) and span offsets remapped
//     onto it; span Text is always the text at the offsets.
//   - ID is the record's own (a string "id", doccano's "article_id", the
//     .txt id line or file stem, the brat file stem), else
//     annotate.TextID(text). Numeric ids of other tools go to
//     meta.source_id.
//   - Every span has an id: its own ("s2", brat "T3", doccano entity 7 ->
//     "s7"), else the next free "sN". A discontinuous brat span becomes one
//     span per fragment ("T5", "T5-2", …).
//   - Kind is set only from a "kind" field and Annotator only from the
//     record (Label Studio: completed_by, "model:<version>" for
//     predictions; Prodigy: _annotator_id, else _session_id; old doccano:
//     "doccano:<user>"); the store fills the rest. Status is "todo" when the
//     record has none.
//   - Review comes from a span's "review", else Prodigy's "answer" of the
//     span, else of the task (answers.go).
//
// Errors about input are *annotate.InputError ("FILE:LINE: what is wrong");
// a reader stops at the first. Valid JSON shaped unlike the format names the
// field and what it holds (shape.go), never a Go type. Warnings (brat
// events, discontinuous spans, Label Studio result types not imported,
// Prodigy "ignore" answers, doccano label ids, record fields that look like
// spans but are not read) go to Options.Warn; the per-file ones come once, at
// the file's end. No reader drops spans without a warning.
//
// codec must not import Fyne, database/sql or the store: the store and the
// window call it, never the reverse.
package codec
