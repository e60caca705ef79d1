-- 0007: which annotators each article is assigned to (spanmark assign), for
-- a team that spreads the articles over its people.
CREATE TABLE assignments (
	article   INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
	annotator TEXT    NOT NULL,
	created   INTEGER NOT NULL,
	PRIMARY KEY (article, annotator)
) WITHOUT ROWID;
CREATE INDEX assignments_annotator ON assignments(annotator, article);
