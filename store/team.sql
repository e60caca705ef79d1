-- The roles of a team database (spanmark team init), run by team.go in
-- the schema's transaction after the migrations, as the tables' owner;
-- run again after every later migration (migratePG), so it is written to
-- be run any number of times. Who may do what:
--
--   spanmark_annotator  reads everything (the window shows the others'
--                       spans, agreement and adjudication compare them);
--                       adds, changes and deletes the spans whose annotator
--                       is her database user (current_user) and the links
--                       that start or end at them; decides on a suggestion
--                       (accepting one makes it hers; undo gives it back),
--                       adds or deletes one; sets her own status of an
--                       article (article_status) and moves an article
--                       between todo and in progress (tagging does); keeps
--                       her own settings.
--   spanmark_reviewer   everything an annotator may, and sets the review
--                       decision (review, reviewer, reviewed) of anyone's
--                       span, the article's status, and the gold spans of
--                       adjudication (annotator 'gold'). She does not change
--                       the label, bounds or attributes of another's span.
--   spanmark_admin      owns the tables: row-level security does not apply
--                       to her; labels, claim schema, import, merge, assign,
--                       delete articles, migrations.
--
-- Row-level security policies choose the rows; the triggers spans_guard and
-- articles_guard check what an update changes in a row, which a policy
-- cannot see. Column grants keep an article's text, id and meta the admins'.

CREATE OR REPLACE FUNCTION spanmark_mine(a bigint, h text, c text) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM spans WHERE article = a AND span_id IN (h, c)
		AND (annotator = current_user OR (annotator = 'gold' AND pg_has_role('spanmark_reviewer', 'USAGE'))))
$$;

CREATE OR REPLACE FUNCTION spanmark_span_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	reviewer boolean;
	own boolean;
	take boolean;
	give_back boolean;
BEGIN
	IF pg_has_role('spanmark_admin', 'USAGE') THEN
		RETURN NEW;
	END IF;
	reviewer := pg_has_role('spanmark_reviewer', 'USAGE');
	own := OLD.annotator = current_user OR (reviewer AND OLD.annotator = 'gold');
	-- accepting a suggestion makes it the person's own span; undoing that
	-- makes it a suggestion again
	take := OLD.review = 'suggested' AND NEW.review = 'accepted' AND NEW.annotator = current_user;
	give_back := OLD.annotator = current_user AND NEW.review = 'suggested';
	IF NEW.annotator <> OLD.annotator AND NOT take AND NOT give_back THEN
		RAISE EXCEPTION 'span % is %''s: only an admin gives a span to another annotator', OLD.span_id, OLD.annotator
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF NOT own AND NOT take AND (NEW.start, NEW."end", NEW.label, NEW.kind, NEW.attrs)
			IS DISTINCT FROM (OLD.start, OLD."end", OLD.label, OLD.kind, OLD.attrs) THEN
		RAISE EXCEPTION 'span % is %''s: a reviewer decides on it but does not change it', OLD.span_id, OLD.annotator
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF (NEW.review, NEW.reviewer, NEW.reviewed) IS DISTINCT FROM (OLD.review, OLD.reviewer, OLD.reviewed) THEN
		-- an annotator decides on suggestions only (and undoes that)
		IF NOT reviewer AND OLD.review <> 'suggested' AND NEW.review <> 'suggested' THEN
			RAISE EXCEPTION 'only a reviewer decides on span % (% is an annotator)', OLD.span_id, current_user
				USING ERRCODE = 'insufficient_privilege';
		END IF;
		IF NEW.reviewer NOT IN ('', current_user) THEN
			RAISE EXCEPTION 'a decision on span % is signed by who makes it (%), not %', OLD.span_id, current_user, NEW.reviewer
				USING ERRCODE = 'insufficient_privilege';
		END IF;
	END IF;
	RETURN NEW;
END
$$;

-- An annotator moves an article between todo and in progress only (tagging
-- a todo article starts it, undo takes it back). A trigger rather than a
-- policy: a policy would hide a done article from her SELECT … FOR UPDATE,
-- which tagging takes to lock the article it writes to.
CREATE OR REPLACE FUNCTION spanmark_article_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.status IS DISTINCT FROM OLD.status
			AND NOT (OLD.status IN ('todo', 'in_progress') AND NEW.status IN ('todo', 'in_progress'))
			AND NOT pg_has_role('spanmark_reviewer', 'USAGE') AND NOT pg_has_role('spanmark_admin', 'USAGE') THEN
		RAISE EXCEPTION 'article % is %: an annotator moves an article only between todo and in progress', OLD.id, OLD.status
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS articles_guard ON articles;
CREATE TRIGGER articles_guard BEFORE UPDATE ON articles FOR EACH ROW EXECUTE FUNCTION spanmark_article_guard();

DROP TRIGGER IF EXISTS spans_guard ON spans;
CREATE TRIGGER spans_guard BEFORE UPDATE ON spans FOR EACH ROW EXECUTE FUNCTION spanmark_span_guard();

GRANT SELECT ON ALL TABLES IN SCHEMA @schema@ TO spanmark_annotator;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA @schema@ TO spanmark_annotator;
GRANT INSERT, UPDATE, DELETE ON spans, article_status, settings TO spanmark_annotator;
GRANT INSERT, DELETE ON relations TO spanmark_annotator;
GRANT UPDATE (status, updated, last_span) ON articles TO spanmark_annotator;

ALTER TABLE spans ENABLE ROW LEVEL SECURITY;
ALTER TABLE relations ENABLE ROW LEVEL SECURITY;
ALTER TABLE article_status ENABLE ROW LEVEL SECURITY;
ALTER TABLE settings ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS team_read ON spans;
CREATE POLICY team_read ON spans FOR SELECT TO spanmark_annotator USING (true);
DROP POLICY IF EXISTS annotator_insert ON spans;
CREATE POLICY annotator_insert ON spans FOR INSERT TO spanmark_annotator
	WITH CHECK (annotator = current_user OR review = 'suggested');
DROP POLICY IF EXISTS annotator_update ON spans;
CREATE POLICY annotator_update ON spans FOR UPDATE TO spanmark_annotator
	USING (annotator = current_user OR review = 'suggested' OR reviewer = current_user) WITH CHECK (true);
DROP POLICY IF EXISTS annotator_delete ON spans;
CREATE POLICY annotator_delete ON spans FOR DELETE TO spanmark_annotator
	USING (annotator = current_user OR review = 'suggested');
DROP POLICY IF EXISTS reviewer_gold ON spans;
CREATE POLICY reviewer_gold ON spans FOR ALL TO spanmark_reviewer
	USING (annotator = 'gold') WITH CHECK (annotator = 'gold');
DROP POLICY IF EXISTS reviewer_decide ON spans;
CREATE POLICY reviewer_decide ON spans FOR UPDATE TO spanmark_reviewer USING (true) WITH CHECK (true);

DROP POLICY IF EXISTS team_read ON relations;
CREATE POLICY team_read ON relations FOR SELECT TO spanmark_annotator USING (true);
DROP POLICY IF EXISTS annotator_links ON relations;
CREATE POLICY annotator_links ON relations FOR ALL TO spanmark_annotator
	USING (spanmark_mine(article, head, child)) WITH CHECK (spanmark_mine(article, head, child));

DROP POLICY IF EXISTS team_read ON article_status;
CREATE POLICY team_read ON article_status FOR SELECT TO spanmark_annotator USING (true);
DROP POLICY IF EXISTS annotator_own ON article_status;
CREATE POLICY annotator_own ON article_status FOR ALL TO spanmark_annotator
	USING (annotator = current_user) WITH CHECK (annotator = current_user);

DROP POLICY IF EXISTS own_settings ON settings;
CREATE POLICY own_settings ON settings FOR ALL TO spanmark_annotator
	USING (owner = current_user) WITH CHECK (owner = current_user);
