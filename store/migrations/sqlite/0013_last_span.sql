-- The highest span number "sN" ever given in an article, deleted spans
-- included: a new span's id is one more than this or than any span there,
-- so an id freed by a delete is never given to another span, not even the
-- highest one. On a team database ana may delete her s7, ben tag a word and
-- ana undo her delete: her s7 comes back (before, ben's span was s7 and the
-- undo failed).
ALTER TABLE articles ADD COLUMN last_span INTEGER NOT NULL DEFAULT 0;
