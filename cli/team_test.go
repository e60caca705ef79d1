package cli

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/spanmark/spanmark/internal/pgtest"
)

// TestTeamCommands sets a team up as a user would (team init, team add
// with the password from a file, from $SPANMARK_PASSWORD, and none), lists
// it, and checks what is refused and how it is said.
func TestTeamCommands(t *testing.T) {
	dir := t.TempDir()
	url := pgtest.URL(t)
	pwFile := writeFile(t, dir, "pw", []byte("correct horse\n"))
	ok := func(want string, args ...string) {
		t.Helper()
		code, out, errOut := runCLI(t, args...)
		if code != ExitOK || !strings.Contains(out, want) {
			t.Errorf("%v: exit %d, out %q, err %q; want %q", args, code, out, errOut, want)
		}
	}
	refused := func(code int, want string, args ...string) {
		t.Helper()
		got, out, errOut := runCLI(t, args...)
		if got != code || !strings.Contains(errOut, want) || (code == ExitFail && strings.Count(errOut, "\n") > 1) {
			t.Errorf("%v: exit %d, out %q, err %q; want exit %d saying %q", args, got, out, errOut, code, want)
		}
	}
	lite := filepath.Join(dir, "a.db")
	refused(ExitFail, "need a PostgreSQL database", "team", "init", "--db", lite)
	refused(ExitFail, "need a PostgreSQL database", "team", "add", "ana", "--role", "annotator", "--db", lite)
	refused(ExitUsage, "unknown command", "team", "drop")
	refused(ExitFail, "not a team database", "team", "list", "--db", url)

	ok("team database ready", "team", "init", "--db", url)
	ok("team database ready", "team", "init", "--db", url) // again
	refused(ExitFail, "no password", "team", "add", "ana", "--role", "annotator", "--db", url)
	refused(ExitUsage, "--role is required", "team", "add", "ana", "--password-file", pwFile, "--db", url)
	refused(ExitUsage, "unknown role", "team", "add", "ana", "--role", "boss", "--db", url)
	refused(ExitFail, "reserved", "team", "add", "spanmark_admin", "--role", "admin", "--no-password", "--db", url)
	ok("added ana as annotator", "team", "add", "ana", "--role", "annotator", "--password-file", pwFile, "--db", url)
	t.Setenv("SPANMARK_PASSWORD", "battery staple")
	ok("added ben as annotator", "team", "add", "--db", url, "ben", "--role", "annotator")
	ok("added rita as reviewer", "team", "add", "rita", "--role", "reviewer", "--no-password", "--db", url)
	ok("ben (an existing role) is now reviewer", "team", "add", "ben", "--role", "reviewer", "--db", url)
	ok("ana\tannotator\nben\treviewer\nrita\treviewer\n", "team", "list", "--db", url)

	su, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer su.Close()
	for name, want := range map[string]string{"ana": "SCRAM-SHA-256$4096:", "ben": "SCRAM-SHA-256$4096:", "rita": ""} {
		var pw sql.NullString
		if err := su.QueryRow(`SELECT rolpassword FROM pg_authid WHERE rolname = $1`, name).Scan(&pw); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(pw.String, want) || (want == "") != !pw.Valid {
			t.Errorf("%s's password %q, want a verifier %q…", name, pw.String, want)
		}
	}

	ana := pgtest.As(t, url, "ana")
	refused(ExitFail, "ana may not set up a team", "team", "init", "--db", ana)
	refused(ExitFail, "ana may not make roles", "team", "add", "eve", "--role", "admin", "--no-password", "--db", ana)
	ok("ana\tannotator", "team", "list", "--db", ana)
	in := writeFile(t, dir, "in.txt", []byte("Ana met Bob.\n"))
	refused(ExitFail, "ana is an annotator on this team database", "import", "--db", ana, in)
}
