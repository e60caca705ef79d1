package store

import (
	"context"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"golang.org/x/text/unicode/norm"
)

// A team database is a PostgreSQL database whose members are database
// users (login roles), each in one of three group roles; the server
// enforces what each may write with row-level security (team.sql), so a
// raw SQL client is held to the same rules as the window. Group roles
// belong to the whole server (PostgreSQL's roles are not per database): a
// member of spanmark_annotator is an annotator on every team database of
// that server she may connect to.

// Role is what a member of a team database may do.
type Role string

// The roles, from least to most.
const (
	RoleAnnotator Role = "annotator"
	RoleReviewer  Role = "reviewer"
	RoleAdmin     Role = "admin"
)

// Roles are the roles, from least to most.
var Roles = []Role{RoleAnnotator, RoleReviewer, RoleAdmin}

// Group is the PostgreSQL group role of r: spanmark_annotator,
// spanmark_reviewer, spanmark_admin.
func (r Role) Group() string { return "spanmark_" + string(r) }

// ParseRole parses annotator, reviewer or admin.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if s == string(r) {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q: want annotator, reviewer or admin", s)
}

// ErrNotAllowed is returned (wrapped) when the server refuses a write that
// the connected member's role does not allow.
var ErrNotAllowed = errors.New("not allowed")

// ErrNotTeam is returned by the team commands on an SQLite file.
var ErrNotTeam = errors.New("team commands need a PostgreSQL database (--db postgres://USER@HOST/DB); an SQLite file is one person's, shared with spanmark merge")

// NotAllowedError is the server's refusal of a write, with who was refused.
type NotAllowedError struct {
	User string
	Role Role // "" when the user is in no team group
	Err  error
}

func (e *NotAllowedError) Error() string {
	who := map[Role]string{RoleAnnotator: "an annotator", RoleReviewer: "a reviewer", RoleAdmin: "an admin"}[e.Role]
	if who == "" {
		return fmt.Sprintf("%v (%s is in none of the team's groups)", e.Err, e.User)
	}
	return fmt.Sprintf("%v (%s is %s on this team database)", e.Err, e.User, who)
}

func (e *NotAllowedError) Unwrap() []error { return []error{ErrNotAllowed, e.Err} }

// denied explains a write the server refused for want of privilege.
func (db *DB) denied(err error) error {
	if err == nil || !db.pg {
		return err
	}
	var na *NotAllowedError
	if errors.As(err, &na) {
		return err
	}
	if !errors.Is(err, ErrNotAllowed) && !isRefused(err) {
		return err
	}
	return &NotAllowedError{User: db.user, Role: db.role, Err: err}
}

// isRefused reports whether err is PostgreSQL's refusal for want of
// privilege (a grant, a policy, spans_guard).
func isRefused(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "42501"
}

// errNotYours is the answer to a change of a row that row-level security
// hid from the writer: the row is there, but not hers to change.
func errNotYours(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrNotAllowed)
}

// spanGone is the error of an update or delete of span id that changed no
// row: on a team database the span may be there but not the writer's.
func spanGone(ctx context.Context, tx *sql.Tx, pk int64, id string) error {
	var who string
	if tx.QueryRowContext(ctx, `SELECT annotator FROM spans WHERE article = ? AND span_id = ?`, pk, id).Scan(&who) == nil {
		return errNotYours("span %s is %q's", id, who)
	}
	return fmt.Errorf("span %s: %w", id, ErrNotFound)
}

// User is the database user on PostgreSQL (the annotator a team member
// is), "" on SQLite.
func (db *DB) User() string { return db.user }

// TeamRole is the connected user's role on a team database: "" when the
// database is not one (SQLite, or PostgreSQL without spanmark team init)
// or the user is in no team group. A superuser is an admin.
func (db *DB) TeamRole() Role { return db.role }

// Team reports whether the database is a team database (spanmark team init).
func (db *DB) Team() bool { return db.team }

// learnUser reads who the connection is and, on a team database, her role.
func (db *DB) learnUser(ctx context.Context) error {
	var team, admin, reviewer, annotator bool
	err := db.db.QueryRowContext(ctx, `SELECT current_user,
		coalesce((SELECT relrowsecurity FROM pg_class WHERE oid = to_regclass('spans')), false),
		coalesce(pg_has_role(to_regrole('spanmark_admin'), 'USAGE'), false),
		coalesce(pg_has_role(to_regrole('spanmark_reviewer'), 'USAGE'), false),
		coalesce(pg_has_role(to_regrole('spanmark_annotator'), 'USAGE'), false)`).Scan(&db.user, &team, &admin, &reviewer, &annotator)
	if err != nil {
		return fmt.Errorf("open database %s: who is connected: %w", db.path, explainPGError(db.path, err))
	}
	db.team, db.role = team, ""
	if team {
		db.role = roleOf(admin, reviewer, annotator)
	}
	return nil
}

// roleOf is the highest role of the groups a user is in ("" none).
func roleOf(admin, reviewer, annotator bool) Role {
	switch {
	case admin:
		return RoleAdmin
	case reviewer:
		return RoleReviewer
	case annotator:
		return RoleAnnotator
	}
	return ""
}

// isTeamTx reports whether the database is a team database, in tx.
func isTeamTx(ctx context.Context, tx *sql.Tx) (bool, error) {
	var team bool
	err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT relrowsecurity FROM pg_class WHERE oid = to_regclass('spans')), false)`).Scan(&team)
	return team, err
}

//go:embed team.sql
var teamSQL string

// TeamInit makes the PostgreSQL database at the URL raw a team database:
// the schema (the migrations, as opening it does), the three group roles,
// the grants and the row-level security policies. It may run any number of
// times. The connecting user must be a superuser, or have CREATEROLE and
// own the database (she becomes an admin).
func TeamInit(ctx context.Context, raw string, opt Options) error {
	if !IsURL(raw) {
		return fmt.Errorf("%s: %w", raw, ErrNotTeam)
	}
	pool, _, err := openPGPool(raw, false)
	if err != nil {
		return err
	}
	defer pool.Close()
	name := redact(raw)
	var user string
	var super, createRole, owner bool
	if err := pool.QueryRowContext(ctx, `SELECT current_user, rolsuper, rolcreaterole,
		pg_has_role((SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER')
		FROM pg_roles WHERE rolname = current_user`).Scan(&user, &super, &createRole, &owner); err != nil {
		return fmt.Errorf("team init %s: %w", name, explainPGError(name, err))
	}
	if !super && !(createRole && owner) {
		return fmt.Errorf("team init %s: %s may not set up a team: it takes a superuser (e.g. postgres), or a role with CREATEROLE that owns the database (%w)", name, user, ErrNotAllowed)
	}
	if err := makeGroups(ctx, pool, user, super); err != nil {
		return fmt.Errorf("team init %s: %w", name, err)
	}
	db, err := OpenWith(raw, opt) // the schema, as an admin may change it
	if err != nil {
		return err
	}
	defer db.Close()
	err = db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, pgLock); err != nil {
			return err
		}
		var dbName, schema string
		if err := tx.QueryRowContext(ctx, `SELECT current_database(), current_schema()`).Scan(&dbName, &schema); err != nil {
			return err
		}
		d, s := pgx.Identifier{dbName}.Sanitize(), pgx.Identifier{schema}.Sanitize()
		for _, q := range []string{
			`REVOKE CONNECT ON DATABASE ` + d + ` FROM PUBLIC`,
			`GRANT CONNECT ON DATABASE ` + d + ` TO spanmark_annotator, spanmark_admin`,
			`GRANT USAGE ON SCHEMA ` + s + ` TO spanmark_annotator`,
			`GRANT USAGE, CREATE ON SCHEMA ` + s + ` TO spanmark_admin`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		// after the schema's grants: a table's new owner needs CREATE on it
		return applyTeamTx(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("team init %s: %w", name, err)
	}
	return nil
}

// makeGroups creates the group roles that are missing (another team
// database on the server may have made them), makes every reviewer an
// annotator too, and a user who is no superuser an admin.
func makeGroups(ctx context.Context, pool *sql.DB, user string, super bool) error {
	for _, r := range Roles {
		// Two team inits at once may both find the role missing.
		q := `DO $$ BEGIN CREATE ROLE ` + r.Group() + ` NOLOGIN;
			EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`
		if _, err := pool.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("create role %s: %w", r.Group(), err)
		}
	}
	grant := func(group, member string) error {
		var is bool
		if err := pool.QueryRowContext(ctx, `SELECT pg_has_role(?, ?, 'MEMBER')`, member, group).Scan(&is); err != nil {
			return err
		}
		if is {
			return nil
		}
		_, err := pool.ExecContext(ctx, `GRANT `+group+` TO `+pgx.Identifier{member}.Sanitize())
		return err
	}
	if err := grant(RoleAnnotator.Group(), RoleReviewer.Group()); err != nil {
		return fmt.Errorf("make reviewers annotators: %w", err)
	}
	if !super {
		if err := grant(RoleAdmin.Group(), user); err != nil {
			return fmt.Errorf("make %s an admin: %w", user, err)
		}
	}
	return nil
}

// teamOwnerSQL gives spanmark's tables, sequences, functions and text
// search configurations in the schema to spanmark_admin (not what belongs
// to an extension, nor a sequence of an identity column, which follows its
// table).
const teamOwnerSQL = `DO $$
DECLARE
	r record;
	admin oid := 'spanmark_admin'::regrole;
	ns oid := current_schema()::regnamespace;
BEGIN
	FOR r IN SELECT c.oid, c.relkind FROM pg_class c
		WHERE c.relnamespace = ns AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> admin
		AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
			AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
	LOOP
		IF r.relkind = 'S' THEN
			EXECUTE format('ALTER SEQUENCE %s OWNER TO spanmark_admin', r.oid::regclass);
		ELSIF r.relkind IN ('v', 'm') THEN
			EXECUTE format('ALTER %s %s OWNER TO spanmark_admin',
				CASE r.relkind WHEN 'v' THEN 'VIEW' ELSE 'MATERIALIZED VIEW' END, r.oid::regclass);
		ELSE
			EXECUTE format('ALTER TABLE %s OWNER TO spanmark_admin', r.oid::regclass);
		END IF;
	END LOOP;
	FOR r IN SELECT 'ROUTINE' AS what, p.oid::regprocedure::text AS name, 'pg_proc'::regclass AS class, p.oid
			FROM pg_proc p WHERE p.pronamespace = ns AND p.proowner <> admin
		UNION ALL SELECT 'TEXT SEARCH CONFIGURATION', t.oid::regconfig::text, 'pg_ts_config'::regclass, t.oid
			FROM pg_ts_config t WHERE t.cfgnamespace = ns AND t.cfgowner <> admin
	LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = r.class AND d.objid = r.oid AND d.deptype = 'e') THEN
			EXECUTE format('ALTER %s %s OWNER TO spanmark_admin', r.what, r.name);
		END IF;
	END LOOP;
END $$`

// applyTeamTx gives the schema to spanmark_admin and (re)makes the grants,
// policies and trigger of team.sql.
func applyTeamTx(ctx context.Context, tx *sql.Tx) error {
	var schema string
	if err := tx.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return err
	}
	var super bool
	if err := tx.QueryRowContext(ctx, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&super); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, strings.ReplaceAll(teamSQL, "@schema@", pgx.Identifier{schema}.Sanitize())); err != nil {
		return fmt.Errorf("roles and policies: %w", err)
	}
	if super || !isAdminRoleSet(ctx, tx) { // after team.sql: its functions too
		if _, err := tx.ExecContext(ctx, teamOwnerSQL); err != nil {
			return fmt.Errorf("give the tables to spanmark_admin: %w", err)
		}
	}
	return nil
}

// isAdminRoleSet reports whether the transaction runs as spanmark_admin
// (SET ROLE), whose objects need no new owner.
func isAdminRoleSet(ctx context.Context, tx *sql.Tx) bool {
	var cur string
	return tx.QueryRowContext(ctx, `SELECT current_user`).Scan(&cur) == nil && cur == RoleAdmin.Group()
}

// Member is a login role in a team group.
type Member struct {
	Name  string
	Role  Role // the highest of her groups
	Login bool // may log in
	Super bool // a superuser: the policies do not hold her
}

// TeamMembers lists the members of the team groups by name.
func (db *DB) TeamMembers(ctx context.Context) ([]Member, error) {
	if !db.pg {
		return nil, fmt.Errorf("%s: %w", db.path, ErrNotTeam)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT r.rolname, r.rolcanlogin, r.rolsuper,
		pg_has_role(r.oid, 'spanmark_admin', 'USAGE'), pg_has_role(r.oid, 'spanmark_reviewer', 'USAGE')
		FROM pg_roles r WHERE r.rolname NOT IN ('spanmark_annotator', 'spanmark_reviewer', 'spanmark_admin')
		AND to_regrole('spanmark_annotator') IS NOT NULL
		AND EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
			WHERE m.member = r.oid AND g.rolname IN ('spanmark_annotator', 'spanmark_reviewer', 'spanmark_admin'))
		ORDER BY r.rolname COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("team members: %w", explainPGError(db.path, err))
	}
	defer rows.Close()
	var ms []Member
	for rows.Next() {
		var m Member
		var admin, reviewer bool
		if err := rows.Scan(&m.Name, &m.Login, &m.Super, &admin, &reviewer); err != nil {
			return nil, err
		}
		m.Role = roleOf(admin, reviewer, true)
		ms = append(ms, m)
	}
	return ms, rows.Err()
}

// TeamAdd makes name a member of the team with role: a new login role, or
// an existing one moved to that role's group (out of the others). password
// nil leaves an existing role's password as it is and gives a new one none
// (for a server that authenticates otherwise, e.g. peer or certificates);
// the server gets only its SCRAM-SHA-256 verifier, never the password.
// created is false for an existing role.
func (db *DB) TeamAdd(ctx context.Context, name string, role Role, password *string) (created bool, err error) {
	if !db.pg {
		return false, fmt.Errorf("%s: %w", db.path, ErrNotTeam)
	}
	if err := checkMemberName(name); err != nil {
		return false, err
	}
	if _, err := ParseRole(string(role)); err != nil {
		return false, err
	}
	if !db.team {
		return false, fmt.Errorf("team add: %s is not a team database yet: run spanmark team init --db URL first", db.path)
	}
	var super, createRole, exists, login bool
	if err := db.db.QueryRowContext(ctx, `SELECT rolsuper, rolcreaterole,
		EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?), coalesce((SELECT rolcanlogin FROM pg_roles WHERE rolname = ?), false)
		FROM pg_roles WHERE rolname = current_user`, name, name).Scan(&super, &createRole, &exists, &login); err != nil {
		return false, fmt.Errorf("team add %s: %w", name, explainPGError(db.path, err))
	}
	if !super && !createRole {
		return false, fmt.Errorf("team add %s: %s may not make roles: it takes a superuser or a role with CREATEROLE (%w)", name, db.user, ErrNotAllowed)
	}
	id := pgx.Identifier{name}.Sanitize()
	var pw string
	if password != nil {
		v, err := scramVerifier(*password)
		if err != nil {
			return false, err
		}
		pw = ` PASSWORD '` + v + `'` // base64, $ and : only
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		if !exists {
			_, err := tx.ExecContext(ctx, `CREATE ROLE `+id+` LOGIN`+pw+` IN ROLE `+role.Group())
			return err
		}
		if !login {
			return fmt.Errorf("%s is a role that cannot log in, not a person", name)
		}
		if pw != "" {
			if _, err := tx.ExecContext(ctx, `ALTER ROLE `+id+pw); err != nil {
				return err
			}
		}
		for _, r := range Roles {
			var is bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_auth_members m
				WHERE m.member = to_regrole(?) AND m.roleid = to_regrole(?))`, name, r.Group()).Scan(&is); err != nil {
				return err
			}
			q := ""
			switch {
			case r == role && !is:
				q = `GRANT ` + r.Group() + ` TO ` + id
			case r != role && is:
				q = `REVOKE ` + r.Group() + ` FROM ` + id
			}
			if q != "" {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("team add %s: %w", name, explainPGError(db.path, err))
	}
	return !exists, nil
}

// checkMemberName refuses what cannot be a member's name: the annotator
// name of her spans is her database user.
func checkMemberName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("team add: no name")
	case len(name) > 63:
		return fmt.Errorf("team add: name %.20q… is %d bytes; PostgreSQL keeps 63", name, len(name))
	case !utf8.ValidString(name) || strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return fmt.Errorf("team add: name %q holds control characters", name)
	case strings.HasPrefix(name, "pg_"), strings.HasPrefix(name, "spanmark_"),
		name == "public", name == "gold", name == "patterns":
		return fmt.Errorf("team add: %q is reserved (PostgreSQL's pg_ roles, spanmark's groups, or an annotator name spanmark writes itself)", name)
	}
	return nil
}

// scramVerifier is the SCRAM-SHA-256 verifier of password, as PostgreSQL
// stores it (RFC 5802, 7677; 4096 iterations, 16 bytes of salt): the
// server never sees the password, and neither does its log.
func scramVerifier(password string) (string, error) {
	if password == "" {
		return "", fmt.Errorf("empty password")
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	return scramVerifierSalt(password, salt, 4096)
}

func scramVerifierSalt(password string, salt []byte, iter int) (string, error) {
	// SASLprep's normalization (the clients apply it too); ASCII is as is.
	password = norm.NFKC.String(password)
	salted, err := pbkdf2.Key(sha256.New, password, salt, iter, sha256.Size)
	if err != nil {
		return "", err
	}
	mac := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	stored := sha256.Sum256(mac(salted, "Client Key"))
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", iter, b64(salt), b64(stored[:]), b64(mac(salted, "Server Key"))), nil
}
