-- 0005: review decisions carry their time; an article's status per annotator
-- (when several annotate the same article; articles.status stays the
-- article's own, e.g. reviewed).
ALTER TABLE spans ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0; -- Unix ms of the last review decision, 0 unknown

CREATE TABLE article_status (
	article   INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
	annotator TEXT    NOT NULL,
	status    TEXT    NOT NULL,
	updated   INTEGER NOT NULL,
	PRIMARY KEY (article, annotator)
) WITHOUT ROWID;
