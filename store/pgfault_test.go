package store

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/spanmark/spanmark/internal/pgtest"
)

// closedPort is a port of 127.0.0.1 nothing listens on.
func closedPort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

// notPostgres is the address of a TCP service that is not PostgreSQL: it
// closes each connection at once.
func notPostgres(t *testing.T) string {
	notPGOnce.Do(func() {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			for {
				c, err := l.Accept()
				if err != nil {
					return
				}
				c.Close()
			}
		}()
		notPGAddr = l.Addr().String()
	})
	return notPGAddr
}

var (
	notPGOnce sync.Once
	notPGAddr string
)

const faultPassword = "Pa55-w0rd-s3cret"

// TestConnectionRefusalsSayWhatToDo opens databases a user can get wrong
// on real servers — one with passwords (SCRAM), one that takes only TLS —
// and checks each refusal is one line naming the server and what to do,
// the same from Open, OpenReadOnly and SchemaVersion (the window's first
// call), and never the password.
func TestConnectionRefusalsSayWhatToDo(t *testing.T) {
	pw := pgtest.OwnWith(t, pgtest.Config{HBA: []string{
		"host all spanmark 127.0.0.1/32 trust",
		"host all all 127.0.0.1/32 scram-sha-256",
	}})
	tlsOnly := pgtest.OwnWith(t, pgtest.Config{TLS: true, HBA: []string{"hostssl all all 127.0.0.1/32 trust"}})
	if err := pw.AddUser("ana", faultPassword); err != nil {
		t.Fatal(err)
	}
	ana, err := pw.CreateDBOwnedBy("ana", faultPassword, "disable")
	if err != nil {
		t.Fatal(err)
	}
	secure, err := tlsOnly.CreateDB()
	if err != nil {
		t.Fatal(err)
	}
	trust := pgtest.URL(t)                                          // the shared server: trust, no TLS
	t.Setenv("PGPASSWORD", "")                                      // no password but the URL's
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "no-pgpass")) // whatever ~/.pgpass holds
	port := closedPort(t)
	with := func(u, old, new string) string {
		if !strings.Contains(u, old) {
			t.Fatalf("%s holds no %q", u, old)
		}
		return strings.Replace(u, old, new, 1)
	}
	cases := []struct {
		name string
		url  string
		want []string // in the message; "" opens
	}{
		{"right password", ana, nil},
		{"wrong password", with(ana, faultPassword, "Wr0ng-"+faultPassword[:4]),
			[]string{pw.Addr(), `refused the password of user "ana"`, "wrong password, or no such user"}},
		{"no password given", with(ana, "ana:"+faultPassword+"@", "ana@"),
			[]string{`the server at ` + pw.Addr() + ` asks user "ana" for a password and none was given`, "~/.pgpass (127.0.0.1:", ":ana:PASSWORD, mode 600) or in $PGPASSWORD"}},
		{"no such user behind a password", with(ana, "ana:", "zed:"),
			[]string{pw.Addr(), `user "zed"`, "wrong password, or no such user"}},
		{"no such user", with(trust, "spanmark@", "zed@"),
			[]string{`no user "zed" on the server at 127.0.0.1:`, "spanmark team add zed"}},
		{"no such database", ana[:strings.LastIndex(ana, "/")] + "/nosuchdb?sslmode=disable",
			[]string{`no database "nosuchdb" on the server at ` + pw.Addr(), "createdb -h 127.0.0.1 -p ", "spanmark team init"}},
		{"server not running", fmt.Sprintf("postgres://ana:%s@127.0.0.1:%d/x", faultPassword, port),
			[]string{fmt.Sprintf("no PostgreSQL server answers at 127.0.0.1:%d (connection refused): is the server running, and on that port?", port)}},
		{"another service's port", fmt.Sprintf("postgres://ana:%s@%s/x", faultPassword, notPostgres(t)),
			[]string{"something answers at " + notPostgres(t) + " but not as a PostgreSQL server", "is that the server's port?"}},
		{"TLS required, sslmode=disable", secure,
			[]string{"the server at " + tlsOnly.Addr() + " takes only encrypted connections (TLS)", "(sslmode=disable)", "sslmode=require"}},
		{"TLS required, sslmode=require", with(secure, "disable", "require"), nil},
		{"TLS required, no sslmode (prefer)", with(secure, "?sslmode=disable", ""), nil},
		{"self-signed certificate, verify-full", with(secure, "disable", "verify-full"),
			[]string{"the TLS certificate of the server at " + tlsOnly.Addr() + " cannot be trusted", "sslrootcert=FILE"}},
		{"self-signed certificate, verify-full with its root", with(secure, "disable", "verify-full&sslrootcert="+tlsOnly.CertFile()), nil},
		{"no TLS, sslmode=require", with(ana, "disable", "require"),
			[]string{"the server at " + pw.Addr() + " does not offer encrypted connections (TLS)", "sslmode=require", "turn ssl on"}},
		{"unparsable URL", "postgres://ana:" + faultPassword + "@127.0.0.1:99999/x", []string{"not a PostgreSQL URL the driver takes: invalid port"}},
		{"unparsable password", "postgres://ana:%zz" + faultPassword + "@127.0.0.1:5/x", []string{"not a PostgreSQL URL the driver takes"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db, err := Open(c.url)
			if err == nil {
				db.Close()
			}
			_, _, verr := SchemaVersion(c.url)
			rdb, rerr := OpenReadOnly(c.url, Options{})
			if rerr == nil {
				rdb.Close()
			}
			if c.want == nil {
				for _, e := range []error{err, verr, rerr} {
					if e != nil {
						t.Fatalf("want it opened: %v", e)
					}
				}
				return
			}
			for what, e := range map[string]error{"Open": err, "SchemaVersion": verr, "OpenReadOnly": rerr} {
				if e == nil {
					t.Fatalf("%s opened it", what)
				}
				msg := e.Error()
				for _, w := range c.want {
					if !strings.Contains(msg, w) {
						t.Errorf("%s: %q\nwants %q", what, msg, w)
					}
				}
				if strings.Contains(msg, faultPassword) || strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "open database postgres://") {
					t.Errorf("%s: %q: want one line, starting open database URL, without the password", what, msg)
				}
			}
			t.Logf("%s", err)
		})
	}
}

// TestAServerOlderThan13IsRefused plays an old server through the version
// seam: the open is refused in one line naming the version, and nothing
// is written; the seam itself reads 13 or newer from the real server.
func TestAServerOlderThan13IsRefused(t *testing.T) {
	url := pgtest.URL(t)
	db, _, err := openPGPool(url, true)
	if err != nil {
		t.Fatal(err)
	}
	real, err := serverVersion(context.Background(), db)
	db.Close()
	if err != nil || real < 130000 {
		t.Fatalf("server_version_num of the test server = %d, %v; want 130000 or more", real, err)
	}
	for _, c := range []struct {
		ver  int
		want string
	}{
		{120017, "is PostgreSQL 12.17; spanmark needs PostgreSQL 13 or newer"},
		{90624, "is PostgreSQL 9.6.24; spanmark needs PostgreSQL 13 or newer"},
		{130000, ""},
	} {
		t.Run(versionName(c.ver), func(t *testing.T) {
			url := pgtest.URL(t)
			old := serverVersion
			serverVersion = func(context.Context, rowQueryer) (int, error) { return c.ver, nil }
			defer func() { serverVersion = old }()
			db, err := Open(url)
			_, _, verr := SchemaVersion(url)
			serverVersion = old
			if c.want == "" {
				if err != nil || verr != nil {
					t.Fatalf("13.0 refused: %v, %v", err, verr)
				}
				db.Close()
				return
			}
			for _, e := range []error{err, verr} {
				if e == nil || !strings.Contains(e.Error(), c.want) || !strings.Contains(e.Error(), "nothing was written") {
					t.Errorf("got %v, want %q", e, c.want)
				}
			}
			if have, _, err := SchemaVersion(url); err != nil || have != 0 {
				t.Errorf("after the refusal the database has schema version %d (%v), want 0: nothing written", have, err)
			}
		})
	}
}
