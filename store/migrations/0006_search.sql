-- Full-text search over the articles' text: FTS5 with external content (the
-- text is stored once, in articles), no stemming, diacritics folded.
-- Articles added or whose text changed wait in search_pending, and the next
-- search indexes them first (DB.IndexSearch): a bulk import does not pay for
-- the index, and a search always sees every write.
CREATE VIRTUAL TABLE articles_fts USING fts5(text, content = 'articles', content_rowid = 'pk',
	tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE search_pending (pk INTEGER PRIMARY KEY);
INSERT INTO search_pending(pk) SELECT pk FROM articles;

CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
	INSERT OR IGNORE INTO search_pending(pk) VALUES (new.pk);
END;

CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, text)
		SELECT 'delete', old.pk, old.text WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE pk = old.pk);
	DELETE FROM search_pending WHERE pk = old.pk;
END;

CREATE TRIGGER articles_search_update AFTER UPDATE OF text ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, text)
		SELECT 'delete', old.pk, old.text WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE pk = old.pk);
	INSERT OR IGNORE INTO search_pending(pk) VALUES (new.pk);
END;
