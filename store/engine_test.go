package store

import "testing"

func TestRebindNumbersPlaceholdersOutsideLiterals(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`SELECT a FROM t WHERE x = ? AND y = ?`, `SELECT a FROM t WHERE x = $1 AND y = $2`},
		{`VALUES (?1, ?2, ?8, ?8)`, `VALUES ($1, $2, $8, $8)`},
		{`a < ?1 AND b = ?1 AND c = ? AND d = ?`, `a < $1 AND b = $1 AND c = $2 AND d = $3`}, // SQLite's numbering
		{`SELECT '?', "a?b", ? -- what?` + "\n" + `, ?`, `SELECT '?', "a?b", $1 -- what?` + "\n" + `, $2`},
		{`SELECT 'it''s ?', ?`, `SELECT 'it''s ?', $1`},
		{`x LIKE ? ESCAPE '\'`, `x LIKE $1 ESCAPE '\'`},
		{`'unterminated ?`, `'unterminated ?`},
	} {
		if got := rebind(c.in); got != c.want {
			t.Errorf("rebind(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestRedactHidesThePassword(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://ana:s3cret@db.example:5432/team?sslmode=require": "postgres://ana:xxxxx@db.example:5432/team?sslmode=require",
		"postgresql://ana@db/team":                                   "postgresql://ana@db/team",
	} {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}
