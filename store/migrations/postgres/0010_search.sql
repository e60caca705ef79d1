-- 0010: full-text search over the articles' text (SQLite has had it since
-- 0006, with FTS5). The configuration spanmark is 'simple' (no stemming, no
-- stop words: as FTS5's unicode61) with diacritics folded by unaccent
-- before, so that zurich finds Zürich and ts_headline marks the words of
-- the original text.
--
-- As on SQLite, an import does not pay for the index: articles.tsv is NULL
-- until DB.IndexSearch fills it, a few hundred articles a transaction (the
-- window does it after opening, `spanmark search` before searching), and a
-- search reads the text of the articles not indexed yet (search_pg.go). A
-- column the server kept (GENERATED … STORED) made an import of 5,000
-- articles (18 MB) take 2.9 s instead of 0.4 s, most of it PostgreSQL's
-- parser (to_tsvector('simple') alone: 1.7 s). A change of text makes the
-- article's tsv NULL again (trigger below).
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH CONFIGURATION spanmark (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION spanmark
	ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart,
		asciiword, asciihword, hword_asciipart
	WITH unaccent, simple;

-- A tsvector holds at most 1 MB; an article holds up to 8 MiB. Texts up to
-- 200 kB always fit (a lexeme with its entry costs at most ~5 times the
-- bytes of its text); a longer one that does not fit is indexed by its
-- first 50,000 characters rather than refused.
CREATE FUNCTION spanmark_tsvector(t text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
	IF octet_length(t) <= 200000 THEN
		RETURN to_tsvector('spanmark'::regconfig, t);
	END IF;
	BEGIN
		RETURN to_tsvector('spanmark'::regconfig, t);
	EXCEPTION WHEN program_limit_exceeded THEN
		RETURN to_tsvector('spanmark'::regconfig, left(t, 50000));
	END;
END
$$;

-- NULL: not indexed yet. articles_unindexed finds those rows for
-- IndexSearch and for the search of their text.
ALTER TABLE articles ADD COLUMN tsv tsvector;
CREATE INDEX articles_tsv ON articles USING gin (tsv);
CREATE INDEX articles_unindexed ON articles(pk) WHERE tsv IS NULL;

CREATE FUNCTION spanmark_text_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	NEW.tsv := NULL;
	RETURN NEW;
END
$$;
CREATE TRIGGER articles_text_changed BEFORE UPDATE OF text ON articles
FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION spanmark_text_changed();

-- The articles' text is kept in the table's row uncompressed when the row
-- fits in a page (toast_tuple_target), as SQLite keeps it: compressing
-- was the largest part of the server's work in an import (20,000
-- articles of 600 words, server CPU: pglz 2.0 s, lz4 0.86 s, none 0.74 s),
-- for 82 MB on disk instead of 41 (pglz) or 55 (lz4); moved out of the row
-- compressed (the default above 2 kB, with lz4) it was 3.7 s. A longer
-- text is compressed, with lz4 where the server has it (PostgreSQL 14 and
-- later), and moved out of the row.
ALTER TABLE articles SET (toast_tuple_target = 8160);
DO $$
BEGIN
	IF current_setting('server_version_num')::int >= 140000 AND EXISTS (
		SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)) THEN
		EXECUTE 'ALTER TABLE articles ALTER COLUMN text SET COMPRESSION lz4';
	END IF;
END
$$;
