-- 0003: spans are stored by (article, span_id) in one B-tree (WITHOUT
-- ROWID): an article's spans lie together, so export and the window read
-- them without a lookup per span, and an import writes one tree less.
-- Relations name their spans by span id.

-- Renaming a table rewrites the foreign keys that point at it, so the old
-- tables keep referring to each other and nothing cascades into the new ones.
ALTER TABLE relations RENAME TO relations_0002;
ALTER TABLE spans RENAME TO spans_0002;

CREATE TABLE spans (
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
	PRIMARY KEY (article, span_id)
) WITHOUT ROWID;

CREATE TABLE relations (
	pk      INTEGER PRIMARY KEY,
	article INTEGER NOT NULL,
	head    TEXT    NOT NULL,            -- span id
	child   TEXT    NOT NULL,            -- span id
	label   TEXT    NOT NULL,
	UNIQUE (article, head, child, label),
	FOREIGN KEY (article, head) REFERENCES spans(article, span_id) ON DELETE CASCADE,
	FOREIGN KEY (article, child) REFERENCES spans(article, span_id) ON DELETE CASCADE
);

INSERT INTO spans (article, span_id, start, "end", label, kind, annotator, review, reviewer, attrs, created, updated)
	SELECT article, span_id, start, "end", label, kind, annotator, review, reviewer, attrs, created, updated
	FROM spans_0002 ORDER BY article, span_id;
INSERT INTO relations (article, head, child, label)
	SELECT r.article, h.span_id, c.span_id, r.label
	FROM relations_0002 r JOIN spans_0002 h ON h.pk = r.head JOIN spans_0002 c ON c.pk = r.child
	ORDER BY r.pk;

DROP TABLE relations_0002;
DROP TABLE spans_0002;

-- Identical spans (same offsets, label, kind, annotator) are stored once.
CREATE UNIQUE INDEX spans_identity ON spans(article, start, "end", label, kind, annotator);
CREATE INDEX relations_child ON relations(article, child);
