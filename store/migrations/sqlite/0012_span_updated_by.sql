-- Who last changed a span (the annotator name of the window or command that
-- wrote it; '' when not known, e.g. an imported span: then its annotator).
-- A write that finds the span changed since it was read tells the person
-- who changed it (store.ChangedByOtherError).
ALTER TABLE spans ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
