-- 0009: the spans by label and by annotator, for the window's filters and
-- the annotators' names (as SQLite 0009).
CREATE INDEX spans_label ON spans(label, article);
CREATE INDEX spans_annotator ON spans(annotator, article);
