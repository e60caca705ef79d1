package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver: raw SQL, as any client

	"github.com/spanmark/spanmark/annotate"
	"github.com/spanmark/spanmark/internal/pgtest"
)

// teamDB is a team database on the test server with ana and ben
// (annotators), rita (reviewer) and boss (admin, no superuser), and three
// articles: a1 in progress with spans of ana, ben, a suggestion, a gold
// span and ben's link; a2 todo; a3 done.
func teamDB(t *testing.T) (url string) {
	t.Helper()
	ctx := context.Background()
	url = pgtest.URL(t)
	for i := range 2 { // twice: team init may run again
		if err := TeamInit(ctx, url, Options{}); err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			continue
		}
		su, err := sql.Open("pgx", url)
		if err != nil {
			t.Fatal(err)
		}
		// what is not the admin group's after the first: a later admin could not migrate it
		var others string
		err = su.QueryRow(`SELECT coalesce(string_agg(name, ', '), '') FROM (
			SELECT relname AS name FROM pg_class WHERE relnamespace = current_schema()::regnamespace
				AND relkind IN ('r', 'S', 'v') AND relowner <> 'spanmark_admin'::regrole
				AND NOT EXISTS (SELECT 1 FROM pg_depend WHERE objid = pg_class.oid AND deptype IN ('e', 'a', 'i'))
			UNION ALL SELECT proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace
				AND proowner <> 'spanmark_admin'::regrole
				AND NOT EXISTS (SELECT 1 FROM pg_depend WHERE objid = pg_proc.oid AND deptype = 'e')) o`).Scan(&others)
		su.Close()
		if err != nil || others != "" {
			t.Fatalf("after team init, not spanmark_admin's: %q (%v)", others, err)
		}
	}
	db, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !db.Team() || db.TeamRole() != RoleAdmin {
		t.Fatalf("superuser on the team database: team %v role %q, want true admin", db.Team(), db.TeamRole())
	}
	text := "Ana met Bob in Oslo."
	mustImport(t, db, ImportOptions{},
		rec(1, annotate.Article{ID: "a1", Text: text, Status: annotate.StatusInProgress, Spans: []annotate.Span{
			{ID: "s1", Start: 0, End: 3, Label: "PERSON", Annotator: "ana"},
			{ID: "s2", Start: 8, End: 11, Label: "PERSON", Annotator: "ben"},
			{ID: "s3", Start: 15, End: 19, Label: "GPE", Annotator: "patterns", Review: annotate.ReviewSuggested},
			{ID: "s4", Start: 15, End: 19, Label: "GPE", Annotator: "ben"},
			{ID: "s5", Start: 0, End: 3, Label: "PERSON", Annotator: "gold"},
		}, Rels: []annotate.Relation{{Head: "s2", Child: "s4", Label: "LINK"}}}),
		rec(2, annotate.Article{ID: "a2", Text: text, Status: annotate.StatusTodo}),
		rec(3, annotate.Article{ID: "a3", Text: text, Status: annotate.StatusDone}))
	pw := "secret"
	for _, m := range []struct {
		name string
		role Role
	}{{"ana", RoleAnnotator}, {"ben", RoleAnnotator}, {"rita", RoleReviewer}, {"boss", RoleAdmin}} {
		if _, err := db.TeamAdd(ctx, m.name, m.role, &pw); err != nil {
			t.Fatal(err)
		}
	}
	return url
}

// TestTeamRolesRawSQL connects as each member with a plain SQL client and
// tries each write: the server allows it (rows changed) or refuses it (an
// error of privilege, or no row changed because the policies hide it).
// Each runs in a transaction rolled back after, so they see the same rows.
func TestTeamRolesRawSQL(t *testing.T) {
	url := teamDB(t)
	const a1 = `(SELECT pk FROM articles WHERE id = 'a1')`
	insertSpan := func(annotator, review string) string {
		return `INSERT INTO spans(article, span_id, start, "end", label, kind, annotator, review, created, updated)
			VALUES ` + fmt.Sprintf(`(%s, 'x1', 4, 7, 'PERSON', 'entity', '%s', '%s', 1, 1)`, a1, annotator, review)
	}
	// who may: a = ana (annotator), r = rita (reviewer), b = boss (admin)
	cases := []struct {
		what, sql       string
		ana, rita, boss bool
	}{
		{"insert her own span", insertSpan("ana", ""), true, false, true},
		{"insert a span of ben", insertSpan("ben", ""), false, false, true},
		{"insert a suggestion", insertSpan("patterns", "suggested"), true, true, true},
		{"insert a gold span", insertSpan("gold", ""), false, true, true},
		{"relabel ana's span", `UPDATE spans SET label = 'ORG' WHERE span_id = 's1'`, true, false, true},
		{"relabel ben's span", `UPDATE spans SET label = 'ORG' WHERE span_id = 's2'`, false, false, true},
		{"resize ben's span", `UPDATE spans SET "end" = 10 WHERE span_id = 's2'`, false, false, true},
		{"take ben's span", `UPDATE spans SET annotator = current_user WHERE span_id = 's2'`, false, false, true},
		{"give ana's span to ben", `UPDATE spans SET annotator = 'ben' WHERE span_id = 's1'`, false, false, true},
		{"delete ben's span", `DELETE FROM spans WHERE span_id = 's2'`, false, false, true},
		{"delete ana's span", `DELETE FROM spans WHERE span_id = 's1'`, true, false, true},
		{"delete every span", `DELETE FROM spans WHERE span_id IN ('s2', 's4')`, false, false, true},
		{"accept ben's span", `UPDATE spans SET review = 'accepted', reviewer = current_user, reviewed = 5 WHERE span_id = 's2'`, false, true, true},
		{"accept ana's own span", `UPDATE spans SET review = 'accepted', reviewer = current_user, reviewed = 5 WHERE span_id = 's1'`, false, true, true},
		{"sign a decision as another", `UPDATE spans SET review = 'accepted', reviewer = 'cleo', reviewed = 5 WHERE span_id = 's2'`, false, false, true},
		{"accept a suggestion as hers", `UPDATE spans SET review = 'accepted', reviewer = current_user, reviewed = 5, annotator = current_user WHERE span_id = 's3'`, true, true, true},
		{"reject a suggestion", `UPDATE spans SET review = 'rejected', reviewer = current_user, reviewed = 5 WHERE span_id = 's3'`, true, true, true},
		{"undo accepting a suggestion", `UPDATE spans SET review = 'suggested', reviewer = '', reviewed = 0, annotator = 'patterns' WHERE span_id = 's1'`, true, false, true},
		{"make ben's span a suggestion", `UPDATE spans SET review = 'suggested', reviewer = '', reviewed = 0, annotator = 'patterns' WHERE span_id = 's2'`, false, false, true},
		{"relabel a suggestion", `UPDATE spans SET label = 'ORG' WHERE span_id = 's3'`, false, false, true},
		{"relabel a gold span", `UPDATE spans SET label = 'ORG' WHERE span_id = 's5'`, false, true, true},
		{"delete a suggestion", `DELETE FROM spans WHERE span_id = 's3'`, true, true, true},
		{"link ana's span", `INSERT INTO relations(article, head, child, label) VALUES (` + a1 + `, 's1', 's2', 'LINK')`, true, false, true},
		{"link ben's spans", `INSERT INTO relations(article, head, child, label) VALUES (` + a1 + `, 's4', 's2', 'LINK')`, false, false, true},
		{"unlink ben's spans", `DELETE FROM relations WHERE head = 's2'`, false, false, true},
		{"start a todo article", `UPDATE articles SET status = 'in_progress', updated = 5 WHERE id = 'a2'`, true, true, true},
		{"back to todo", `UPDATE articles SET status = 'todo' WHERE id = 'a1'`, true, true, true},
		{"set an article done", `UPDATE articles SET status = 'done' WHERE id = 'a1'`, false, true, true},
		{"reopen a done article", `UPDATE articles SET status = 'in_progress' WHERE id = 'a3'`, false, true, true},
		{"lock a done article to tag it", `SELECT 1 FROM articles WHERE id = 'a3' FOR NO KEY UPDATE`, true, true, true},
		{"change an article's text", `UPDATE articles SET text = 'x' WHERE id = 'a2'`, false, false, true},
		{"delete an article", `DELETE FROM articles WHERE id = 'a2'`, false, false, true},
		{"add an article", `INSERT INTO articles(id, text, created, updated) VALUES ('new', 'x', 1, 1)`, false, false, true},
		{"her own status", `INSERT INTO article_status(article, annotator, status, updated) VALUES (` + a1 + `, current_user, 'done', 1)`, true, true, true},
		{"ben's status", `INSERT INTO article_status(article, annotator, status, updated) VALUES (` + a1 + `, 'ben', 'done', 1)`, false, false, true},
		{"add a label", `INSERT INTO labels(name, kind, color, position) VALUES ('NEW', 'entity', '#000000', 99)`, false, false, true},
		{"recolor a label", `UPDATE labels SET color = '#ffffff'`, false, false, true},
		{"change the claim schema", `DELETE FROM claim_attrs`, false, false, true},
		{"assign an article", `INSERT INTO assignments(article, annotator, created) VALUES (` + a1 + `, 'ana', 1)`, false, false, true},
		{"change the schema version", `UPDATE schema_version SET version = 1`, false, false, true},
		{"save her setting", `INSERT INTO settings(key, value) VALUES ('text_size', '14')`, true, true, true},
		{"save ben's setting", `INSERT INTO settings(owner, key, value) VALUES ('ben', 'text_size', '14')`, false, false, true},
		{"copy spans in", `COPY spans(article, span_id, start, "end", label, kind, annotator, created, updated) FROM PROGRAM 'true'`, false, false, false},
	}
	conns := map[string]*sql.DB{}
	for _, who := range []string{"ana", "rita", "boss"} {
		c, err := sql.Open("pgx", pgtest.As(t, url, who))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns[who] = c
	}
	ctx := context.Background()
	for _, c := range cases {
		for who, want := range map[string]bool{"ana": c.ana, "rita": c.rita, "boss": c.boss} {
			t.Run(who+"/"+c.what, func(t *testing.T) {
				tx, err := conns[who].BeginTx(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer tx.Rollback()
				res, err := tx.ExecContext(ctx, c.sql)
				var n int64
				if err == nil {
					n, _ = res.RowsAffected()
				}
				switch {
				case err != nil && !isRefused(err):
					t.Fatalf("%s: %v (want allowed %v)", c.sql, err, want)
				case want && (err != nil || n == 0):
					t.Errorf("%s: refused (err %v, %d rows), want allowed", c.sql, err, n)
				case !want && err == nil && n > 0:
					t.Errorf("%s: %d rows changed, want refused", c.sql, n)
				}
			})
		}
	}
	t.Run("ana sees only her own settings", func(t *testing.T) {
		if _, err := conns["boss"].ExecContext(ctx, `INSERT INTO settings(key, value) VALUES ('last_article', 'a3')`); err != nil {
			t.Fatal(err)
		}
		var mine, all int
		if err := conns["ana"].QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE owner = current_user), count(*) FROM settings`).Scan(&mine, &all); err != nil {
			t.Fatal(err)
		}
		if mine != all {
			t.Errorf("ana reads %d settings, %d of them hers", all, mine)
		}
	})
}

// TestTeamRolesStore makes the same points through the store, as the
// window and the commands write: each refusal is ErrNotAllowed, says who
// was refused, and changes nothing.
func TestTeamRolesStore(t *testing.T) {
	url := teamDB(t)
	ctx := context.Background()
	open := func(who string) *DB {
		db, err := Open(pgtest.As(t, url, who))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	ana, rita, boss := open("ana"), open("rita"), open("boss")
	for db, want := range map[*DB]Role{ana: RoleAnnotator, rita: RoleReviewer, boss: RoleAdmin} {
		if db.TeamRole() != want || !db.Team() {
			t.Errorf("%s: role %q team %v, want %q", db.User(), db.TeamRole(), db.Team(), want)
		}
	}
	ben := spanIn(t, ana, "a1", "s2")
	relabeled := ben
	relabeled.Label = "ORG"
	accepted := annotate.Decide(ben, annotate.ReviewAccepted, "rita", ben.Updated)
	refusals := []struct {
		who  *DB
		what string
		do   func(db *DB) error
		msg  string
	}{
		{ana, "relabel ben's span", func(db *DB) error { return db.UpdateSpan(ctx, "a1", relabeled) }, `span s2 is "ben"'s`},
		{ana, "delete ben's span", func(db *DB) error { _, _, err := db.DeleteSpan(ctx, "a1", "s2"); return err }, `span s2 is "ben"'s`},
		{ana, "add a span of ben", func(db *DB) error {
			_, err := db.AddSpan(ctx, "a1", annotate.Span{Start: 4, End: 7, Label: "PERSON", Annotator: "ben"})
			return err
		}, "row-level security"},
		{ana, "accept ben's span", func(db *DB) error { return db.UpdateSpan(ctx, "a1", accepted) }, `span s2 is "ben"'s`},
		{rita, "relabel ben's span", func(db *DB) error { return db.UpdateSpan(ctx, "a1", relabeled) }, "a reviewer decides on it but does not change it"},
		{ana, "set an article done", func(db *DB) error { return db.SetStatus(ctx, "a1", annotate.StatusDone) }, "an article's status is the reviewers'"},
		{ana, "unlink ben's spans", func(db *DB) error {
			return db.Apply(ctx, annotate.Change{Kind: annotate.ChangeDeleteRelation, ArticleID: "a1", Rel: annotate.Relation{Head: "s2", Child: "s4", Label: "LINK"}})
		}, "links none of your spans"},
		{ana, "set ben's status", func(db *DB) error { return db.SetAnnotatorStatus(ctx, "a1", "ben", annotate.StatusDone) }, "row-level security"},
		{ana, "change the labels", func(db *DB) error {
			return db.SaveLabels(ctx, []annotate.Label{{Name: "X", Kind: annotate.KindEntity, Color: "#000000"}})
		}, "permission denied"},
		{rita, "delete an article", func(db *DB) error { _, err := db.DeleteArticle(ctx, "a2"); return err }, "permission denied"},
		{ana, "suggest a new label", func(db *DB) error {
			ps, err := annotate.ReadPatterns(strings.NewReader("NEWLABEL\tBob\n"), false)
			if err != nil {
				return err
			}
			_, err = db.Suggest(ctx, SuggestOptions{Matcher: annotate.NewMatcher(ps), ArticleIDs: []string{"a2"}})
			return err
		}, "permission denied for table labels"},
		{ana, "import", func(db *DB) error {
			_, err := db.Import(ctx, feed(rec(1, annotate.Article{ID: "new", Text: "x"})), ImportOptions{})
			return err
		}, "permission denied"},
	}
	before := dump(t, boss, ExportFilter{IncludeSuggested: true})
	for _, c := range refusals {
		t.Run(c.who.User()+"/"+c.what, func(t *testing.T) {
			err := c.do(c.who)
			if !errors.Is(err, ErrNotAllowed) {
				t.Fatalf("err %v, want ErrNotAllowed", err)
			}
			for _, want := range []string{c.msg, c.who.User() + " is a"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("err %q does not say %q", err, want)
				}
			}
		})
	}
	if after := dump(t, boss, ExportFilter{IncludeSuggested: true}); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("the refused writes changed the database:\n%s\nwas\n%s", after, before)
	}
	t.Run("allowed", func(t *testing.T) {
		if err := rita.UpdateSpan(ctx, "a1", accepted); err != nil {
			t.Errorf("rita accepts ben's span: %v", err)
		}
		if err := rita.SetStatus(ctx, "a1", annotate.StatusDone); err != nil {
			t.Errorf("rita sets a1 done: %v", err)
		}
		// search: an annotator may not write the index (articles.tsv) and
		// searches the texts not indexed yet
		if err := ana.IndexSearch(ctx, nil); err != nil {
			t.Errorf("ana indexes for search: %v", err)
		}
		if hits, err := ana.Search(ctx, "Oslo", 10); err != nil || len(hits) != 3 {
			t.Errorf("ana searches: %d hits, %v; want 3", len(hits), err)
		}
		// the window's "label all occurrences": suggestions by "patterns"
		ps, err := annotate.ReadPatterns(strings.NewReader("PERSON\tBob\n"), false)
		if err != nil {
			t.Fatal(err)
		}
		if res, err := ana.Suggest(ctx, SuggestOptions{Matcher: annotate.NewMatcher(ps), ArticleIDs: []string{"a2"}, Record: true}); err != nil || res.Spans != 1 {
			t.Errorf("ana labels all occurrences: %+v, %v; want 1 suggestion", res, err)
		}
		if _, err := ana.AddSpan(ctx, "a3", annotate.Span{Start: 4, End: 7, Label: "PERSON", Annotator: "ana"}); err != nil {
			t.Errorf("ana tags a done article: %v", err)
		}
		if err := ana.SetAnnotatorStatus(ctx, "a1", "ana", annotate.StatusDone); err != nil {
			t.Errorf("ana sets her own status: %v", err)
		}
		if _, err := boss.Import(ctx, feed(rec(1, annotate.Article{ID: "new", Text: "x y", Spans: []annotate.Span{{Start: 0, End: 1, Label: "PERSON", Annotator: "ben"}}})), ImportOptions{}); err != nil {
			t.Errorf("boss imports: %v", err)
		}
		if ls, err := boss.Labels(ctx); err != nil {
			t.Error(err)
		} else if err := boss.SaveLabels(ctx, append(ls, annotate.Label{Name: "NEW", Kind: annotate.KindEntity, Color: "#123456"})); err != nil {
			t.Errorf("boss adds a label: %v", err)
		}
		if _, err := boss.DeleteArticle(ctx, "a2"); err != nil {
			t.Errorf("boss deletes an article: %v", err)
		}
	})
}

// TestSCRAMVerifier checks the verifier against RFC 7677's exchange
// (user "user", password "pencil"): the client proof and server signature
// of that exchange follow from the stored and server keys.
func TestSCRAMVerifier(t *testing.T) {
	salt, _ := base64.StdEncoding.DecodeString("W22ZaJ0SNY7soEsUEjb6gQ==")
	v, err := scramVerifierSalt("pencil", salt, 4096)
	if err != nil {
		t.Fatal(err)
	}
	head, keys, ok := strings.Cut(strings.TrimPrefix(v, "SCRAM-SHA-256$"), "$")
	if !ok || head != "4096:W22ZaJ0SNY7soEsUEjb6gQ==" {
		t.Fatalf("verifier %q", v)
	}
	storedB64, serverB64, _ := strings.Cut(keys, ":")
	stored, _ := base64.StdEncoding.DecodeString(storedB64)
	server, _ := base64.StdEncoding.DecodeString(serverB64)
	auth := "n=user,r=rOprNGfwEbeRWgbNEkqO," +
		"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096," +
		"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
	mac := func(key []byte) []byte { h := hmac.New(sha256.New, key); h.Write([]byte(auth)); return h.Sum(nil) }
	if got := base64.StdEncoding.EncodeToString(mac(server)); got != "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=" {
		t.Errorf("server signature %s, want RFC 7677's", got)
	}
	// the client key is the proof XOR the signature; its hash is the stored key
	proof, _ := base64.StdEncoding.DecodeString("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
	sig := mac(stored)
	for i := range proof {
		proof[i] ^= sig[i]
	}
	if h := sha256.Sum256(proof); !hmac.Equal(h[:], stored) {
		t.Errorf("stored key %s does not match RFC 7677's client proof", storedB64)
	}
}

// TestTeamMigration: a team database is brought up to date by a newer
// spanmark opened by an admin who is no superuser (as spanmark_admin, so
// that what the migration makes is the admin group's) or by a superuser
// (whose new objects are given to spanmark_admin after), the grants and
// policies made again for what is new; an annotator opening it is told to
// ask an admin.
func TestTeamMigration(t *testing.T) {
	for _, who := range []string{"boss", "superuser"} {
		t.Run(who, func(t *testing.T) {
			url := teamDB(t)
			morePGMigrations = func(ms []migration) []migration {
				v := ms[len(ms)-1].version + 1
				return append(ms, migration{version: v, name: "postgres/test_next.sql", sql: `
					CREATE TABLE next_thing (x int);
					INSERT INTO next_thing VALUES (1);
					ALTER TABLE settings ADD COLUMN note text NOT NULL DEFAULT ''`})
			}
			defer func() { morePGMigrations = nil }()
			_, err := Open(pgtest.As(t, url, "ana"))
			if !errors.Is(err, ErrNotAllowed) || !strings.Contains(err.Error(), "an admin of the team brings it up to date") {
				t.Fatalf("ana opens a team database to migrate: %v", err)
			}
			as := url
			if who == "boss" {
				as = pgtest.As(t, url, "boss")
			}
			db, err := Open(as)
			if err != nil {
				t.Fatalf("%s migrates: %v", who, err)
			}
			db.Close()
			su, err := sql.Open("pgx", url)
			if err != nil {
				t.Fatal(err)
			}
			defer su.Close()
			var owner string
			if err := su.QueryRow(`SELECT tableowner FROM pg_tables WHERE tablename = 'next_thing'`).Scan(&owner); err != nil {
				t.Fatal(err)
			}
			if owner != "spanmark_admin" {
				t.Errorf("the migration's new table belongs to %s, want spanmark_admin", owner)
			}
			ana, err := Open(pgtest.As(t, url, "ana"))
			if err != nil {
				t.Fatal(err)
			}
			defer ana.Close()
			var x int
			if err := ana.db.QueryRow(`SELECT x FROM next_thing`).Scan(&x); err != nil || x != 1 {
				t.Errorf("ana reads the new table: %d, %v", x, err)
			}
			if err := ana.SetSetting(context.Background(), "text_size", "15"); err != nil {
				t.Errorf("ana saves a setting after the migration: %v", err)
			}
		})
	}
}

// TestTeamInitByTheDatabaseOwner: a role with CREATEROLE that owns the
// (empty) database, no superuser, sets the team up and becomes an admin;
// a role without CREATEROLE is told what it takes.
func TestTeamInitByTheDatabaseOwner(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	su, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer su.Close()
	var dbName string
	if err := su.QueryRow(`SELECT current_database()`).Scan(&dbName); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DO $$ BEGIN CREATE ROLE desk LOGIN CREATEROLE; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
		`DO $$ BEGIN CREATE ROLE intern LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
		`ALTER DATABASE ` + dbName + ` OWNER TO desk`,
	} {
		if _, err := su.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	err = TeamInit(ctx, pgtest.As(t, url, "intern"), Options{})
	if !errors.Is(err, ErrNotAllowed) || !strings.Contains(err.Error(), "intern may not set up a team: it takes a superuser") {
		t.Errorf("intern's team init: %v", err)
	}
	desk := pgtest.As(t, url, "desk")
	if err := TeamInit(ctx, desk, Options{}); err != nil {
		t.Fatalf("desk's team init: %v", err)
	}
	db, err := Open(desk)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.TeamRole() != RoleAdmin {
		t.Errorf("desk is %q after team init, want admin", db.TeamRole())
	}
	if _, err := db.TeamAdd(ctx, "ana", RoleAnnotator, nil); err != nil {
		t.Errorf("desk adds ana: %v", err)
	}
	mustImport(t, db, ImportOptions{}, rec(1, annotate.Article{ID: "a", Text: "Ana met Bob."}))
}
