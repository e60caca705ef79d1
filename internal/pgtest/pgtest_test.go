package pgtest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(Run(m)) }

func TestURLIsAnEmptyDatabaseOfItsOwn(t *testing.T) {
	ctx := context.Background()
	a, b := URL(t), URL(t)
	if a == b {
		t.Fatalf("two tests got the same database %s", a)
	}
	for _, u := range []string{a, b} {
		c, err := pgx.Connect(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := c.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s: %d tables in a new database", u, n)
		}
		if _, err := c.Exec(ctx, `CREATE TABLE t (x int)`); err != nil {
			t.Fatal(err)
		}
		c.Close(ctx)
	}
}

func TestStopRemovesTheCluster(t *testing.T) {
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateDB(); err != nil {
		t.Fatal(err)
	}
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.dir); !os.IsNotExist(err) {
		t.Errorf("%s is still there after Stop (%v)", s.dir, err)
	}
	if _, err := pgx.Connect(context.Background(), s.URL("postgres")); err == nil {
		t.Errorf("the server still answers on port %d after Stop", s.port)
	}
}

func TestMissingBinariesSayHowToInstallThem(t *testing.T) {
	empty := t.TempDir()
	t.Setenv("PATH", empty)
	_, err := binIn(filepath.Join(empty, "*", "bin"))
	if err == nil || !strings.Contains(err.Error(), "make deps-test") || !strings.Contains(err.Error(), "apt-get install postgresql") {
		t.Fatalf("binIn() = %v, want a message naming make deps-test and the packages", err)
	}
}
