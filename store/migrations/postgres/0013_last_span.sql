-- The highest span number "sN" ever given in an article, deleted spans
-- included: a new span's id is one more than this or than any span there,
-- so an id freed by a delete is never given to another span, not even the
-- highest one. On a team database ana may delete her s7, ben tag a word and
-- ana undo her delete: her s7 comes back (before, ben's span was s7 and the
-- undo failed). An annotator may update this column (team.sql).
ALTER TABLE articles ADD COLUMN IF NOT EXISTS last_span bigint NOT NULL DEFAULT 0;
