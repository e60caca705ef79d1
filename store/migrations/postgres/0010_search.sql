-- 0010: full-text search over the articles' text (SQLite has had it since
-- 0006, with FTS5). The configuration spanmark is 'simple' (no stemming, no
-- stop words: as FTS5's unicode61) with diacritics folded by unaccent
-- before, so that zurich finds Zürich and ts_headline marks the words of
-- the original text. The tsvector is a generated column: it is kept up to
-- date by the server, and there is nothing to index later (SearchPending is
-- always 0). An import pays for it at once, unlike SQLite's: 5,000 articles
-- (18 MB) took 2.9 s instead of 0.4 s, most of it PostgreSQL's parser
-- (to_tsvector('simple') alone: 1.7 s).
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

ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS (spanmark_tsvector(text)) STORED;
CREATE INDEX articles_tsv ON articles USING gin (tsv);
