-- Full-text search over the articles' text: FTS5 with external content (the
-- text is stored once, in articles), no stemming, diacritics folded.
-- Articles up to search_state.indexed_pk are in the index; those added after
-- (a new row's pk is always above every pk there is) wait until the next
-- search, which indexes them first (DB.IndexSearch): a bulk import does not
-- pay for the index, and a search sees every write. A delete or a change of
-- text of an indexed article updates the index at once (rare: delete and
-- import --replace).
CREATE VIRTUAL TABLE articles_fts USING fts5(text, content = 'articles', content_rowid = 'pk',
	tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE search_state (indexed_pk INTEGER NOT NULL);
INSERT INTO search_state(indexed_pk) VALUES (0);

CREATE TRIGGER articles_search_delete AFTER DELETE ON articles
WHEN old.pk <= (SELECT indexed_pk FROM search_state) BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, text) VALUES ('delete', old.pk, old.text);
	-- the next insert takes max(pk)+1, which must count as new
	UPDATE search_state SET indexed_pk = min(indexed_pk, (SELECT coalesce(max(pk), 0) FROM articles));
END;

CREATE TRIGGER articles_search_update AFTER UPDATE OF text ON articles
WHEN old.pk <= (SELECT indexed_pk FROM search_state) BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, text) VALUES ('delete', old.pk, old.text);
	INSERT INTO articles_fts(rowid, text) VALUES (new.pk, new.text);
END;
