package pgtest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Install says how to get the PostgreSQL server binaries.
const Install = "install PostgreSQL 15 or newer: `make deps-test`, or `apt-get install postgresql postgresql-contrib` on Debian/Ubuntu"

// Server is a running throwaway cluster.
type Server struct {
	dir  string // holds data/ and the socket folder; removed by Stop
	bin  string // folder of initdb, pg_ctl, postgres
	port int
	user string // the cluster's superuser
	as   *account
	opts string // the server's options, for a start after a stop
	dbs  atomic.Int64
}

var (
	mu     sync.Mutex
	shared *Server
	err0   error
)

// URL creates a new empty database on the package's shared server (starting
// it on first use) and returns its postgres:// URL. The database is dropped
// when the test ends. The test fails when no server can be started.
func URL(t testing.TB) string {
	t.Helper()
	mu.Lock()
	if shared == nil && err0 == nil {
		shared, err0 = Start()
	}
	s, err := shared, err0
	mu.Unlock()
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	url, err := s.CreateDB()
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	name := dbName(url)
	t.Cleanup(func() {
		if err := s.psql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	return url
}

// Run runs the tests (from TestMain) and stops the shared server, if one
// was started, after them: os.Exit(pgtest.Run(m)).
func Run(m *testing.M) int {
	code := m.Run()
	mu.Lock()
	defer mu.Unlock()
	if shared != nil {
		if err := shared.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
			if code == 0 {
				code = 1
			}
		}
		shared = nil
	}
	return code
}

// Bin finds the folder with initdb and pg_ctl: the newest
// /usr/lib/postgresql/N/bin, else PATH.
func Bin() (string, error) { return binIn("/usr/lib/postgresql/*/bin") }

// binIn is Bin with the pattern of the server folders.
func binIn(pattern string) (string, error) {
	dirs, _ := filepath.Glob(pattern)
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "pg_ctl")) {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	return "", fmt.Errorf("no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin or on PATH: %s", Install)
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// Start makes and starts a new cluster. Clusters of earlier test processes
// that died without stopping theirs are stopped and removed first.
func Start() (*Server, error) { return StartWith(Config{}) }

// StartWith is Start of a cluster set up as c says (auth.go): its own
// client rules, users with passwords, TLS.
func StartWith(c Config) (*Server, error) {
	bin, err := Bin()
	if err != nil {
		return nil, err
	}
	as, err := serverAccount()
	if err != nil {
		return nil, err
	}
	reapOrphans(bin, as)
	dir, err := os.MkdirTemp("", "spanmark-pgtest-")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := as.own(dir); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &Server{dir: dir, bin: bin, user: "spanmark", as: as}
	out, err := s.run("initdb", "-D", s.data(), "-U", s.user, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	if err := c.prepare(s); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	for try := 0; ; try++ {
		if s.port, err = freePort(); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		// Durability is not what these tests look at: without fsync the
		// server keeps up on a loaded machine (Config.Durable says when
		// it is).
		opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200",
			s.port, dir) + c.options()
		s.opts = opts
		out, err = s.run("pg_ctl", "start", "-w", "-t", "60", "-D", s.data(), "-l", filepath.Join(dir, "server.log"), "-o", opts)
		if err == nil {
			break
		}
		if try == 3 {
			log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
			os.RemoveAll(dir)
			return nil, fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
		}
	}
	return s, nil
}

func (s *Server) data() string { return filepath.Join(s.dir, "data") }

// run runs a server program as the server's account, in its folder.
func (s *Server) run(prog string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(s.bin, prog), args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "LC_ALL=C.UTF-8")
	s.as.apply(cmd)
	// The server started by pg_ctl writes to its log (-l), so its output
	// does not keep this pipe open.
	return cmd.CombinedOutput()
}

// psql runs one statement as the superuser in database postgres.
func (s *Server) psql(stmt string) error {
	cmd := exec.Command(filepath.Join(s.bin, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1",
		"-h", "127.0.0.1", "-p", strconv.Itoa(s.port), "-U", s.user, "-d", "postgres", "-c", stmt)
	if _, err := os.Stat(cmd.Path); err != nil {
		cmd.Path = "psql" // the client may live elsewhere than the server
		if p, err := exec.LookPath("psql"); err == nil {
			cmd.Path = p
		}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("psql %q: %v: %s", stmt, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// CreateDB makes a new empty database and returns its URL. Its collation
// is ICU's English, which sorts "a" < "B" < "c" and ignores accents at
// first, unlike SQLite: what must sort by code point has to say so.
func (s *Server) CreateDB() (string, error) {
	name := fmt.Sprintf("t%d_%d", os.Getpid(), s.dbs.Add(1))
	if err := s.psql("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"); err != nil {
		return "", err
	}
	return s.URL(name), nil
}

// URL is the address of database name on the server, as its superuser.
func (s *Server) URL(name string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", s.user, s.port, name)
}

func dbName(url string) string {
	name := url[strings.LastIndex(url, "/")+1:]
	name, _, _ = strings.Cut(name, "?")
	return name
}

// Stop stops the server at once and removes its folder.
func (s *Server) Stop() error {
	out, err := s.run("pg_ctl", "stop", "-m", "immediate", "-w", "-D", s.data())
	rerr := os.RemoveAll(s.dir)
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, out)
	}
	return rerr
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// reapOrphans stops the clusters of test processes that are gone.
func reapOrphans(bin string, as *account) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "spanmark-pgtest-*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "owner.pid"))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || alive(pid) {
			continue
		}
		if fi, err := os.Stat(filepath.Join(d, "owner.pid")); err != nil || time.Since(fi.ModTime()) < time.Second {
			continue
		}
		s := &Server{dir: d, bin: bin, as: as}
		if _, err := os.Stat(filepath.Join(d, "data", "postmaster.pid")); err == nil {
			s.run("pg_ctl", "stop", "-m", "immediate", "-w", "-D", s.data())
		}
		os.RemoveAll(d)
	}
}

var errNoAccount = errors.New("the tests run as root and there is no user postgres to run the server as (PostgreSQL refuses root): " + Install + ", which makes it")
