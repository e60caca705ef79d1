-- 0004: the claim attribute schema (annotate.ClaimSchema), kept in the
-- database so that a team can change it. A new database is seeded with
-- annotate.DefaultClaimSchema (store/db.go, after this migration).
CREATE TABLE claim_attrs (
	name      TEXT    PRIMARY KEY,
	type      TEXT    NOT NULL,              -- choice, text or urls
	"values"  TEXT    NOT NULL DEFAULT '[]', -- JSON list of the allowed values (choice)
	"default" TEXT    NOT NULL DEFAULT '',   -- the value of a claim without the attribute
	position  INTEGER NOT NULL
);
