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

-- The articles' text is compressed with lz4 and kept in the table's row
-- (PostgreSQL 14 and later, when the server has lz4): pglz, the default,
-- was 40 % of the server's time in an import (20,000 articles of 600
-- words: server CPU 2.0 → 1.3 s), and a text compressed by lz4 but moved
-- out of the row (the default storage, EXTENDED, does that above 2 kB) was
-- slower still (3.7 s). Without lz4 the text is kept in the row
-- uncompressed up to a whole page (1.3 s, twice the disk of pglz). A
-- text bigger than a page is still compressed and moved out.
DO $$
BEGIN
	IF current_setting('server_version_num')::int >= 140000 AND EXISTS (
		SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)) THEN
		EXECUTE 'ALTER TABLE articles ALTER COLUMN text SET COMPRESSION lz4';
		EXECUTE 'ALTER TABLE articles ALTER COLUMN text SET STORAGE MAIN';
	ELSE
		EXECUTE 'ALTER TABLE articles SET (toast_tuple_target = 8160)';
	END IF;
END
$$;
