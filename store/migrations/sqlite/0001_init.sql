-- 0001: articles, spans, relations, labels, settings.
-- Offsets (start, end) are Unicode code points, end-exclusive.
-- Times are Unix milliseconds (UTC).
-- Span text is not stored: it is the article text at the span's offsets.

CREATE TABLE articles (
	pk      INTEGER PRIMARY KEY,
	id      TEXT    NOT NULL UNIQUE,
	text    TEXT    NOT NULL,
	meta    TEXT,                        -- a JSON object, or NULL
	status  TEXT    NOT NULL DEFAULT 'todo',
	answer  TEXT    NOT NULL DEFAULT '',
	created INTEGER NOT NULL,
	updated INTEGER NOT NULL
);
CREATE INDEX articles_status ON articles(status, id);

CREATE TABLE spans (
	pk        INTEGER PRIMARY KEY,
	article   INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
	span_id   TEXT    NOT NULL,
	start     INTEGER NOT NULL,          -- code points
	"end"     INTEGER NOT NULL,          -- code points, exclusive
	label     TEXT    NOT NULL,
	kind      TEXT    NOT NULL,
	annotator TEXT    NOT NULL DEFAULT '',
	review    TEXT    NOT NULL DEFAULT '',
	reviewer  TEXT    NOT NULL DEFAULT '',
	attrs     TEXT,                      -- a JSON object of strings, or NULL
	created   INTEGER NOT NULL,
	updated   INTEGER NOT NULL,
	CHECK (start >= 0 AND start < "end"),
	UNIQUE (article, span_id)
);
-- Identical spans (same offsets, label, kind, annotator) are stored once;
-- the index also lets export walk an article's spans in offset order.
CREATE UNIQUE INDEX spans_identity ON spans(article, start, "end", label, kind, annotator);

CREATE TABLE relations (
	pk      INTEGER PRIMARY KEY,
	article INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
	head    INTEGER NOT NULL REFERENCES spans(pk) ON DELETE CASCADE,
	child   INTEGER NOT NULL REFERENCES spans(pk) ON DELETE CASCADE,
	label   TEXT    NOT NULL,
	UNIQUE (head, child, label)
);
CREATE INDEX relations_child ON relations(child);
CREATE INDEX relations_article ON relations(article);

CREATE TABLE labels (
	name     TEXT    PRIMARY KEY,
	kind     TEXT    NOT NULL,
	color    TEXT    NOT NULL,
	key      TEXT    NOT NULL DEFAULT '',
	position INTEGER NOT NULL
);
CREATE UNIQUE INDEX labels_key ON labels(key) WHERE key <> '';

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
