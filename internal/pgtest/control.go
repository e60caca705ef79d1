package pgtest

import (
	"fmt"
	"path/filepath"
	"testing"
)

// Stopping and starting a server under its clients, for the tests of what
// a window, a store write or an import meets when the server goes away and
// comes back.

// Halt stops the server and keeps its cluster. mode is pg_ctl's: "fast"
// ends every session (an admin's restart), "immediate" stops at once (a
// crash; the next start recovers).
func (s *Server) Halt(mode string) error {
	out, err := s.run("pg_ctl", "stop", "-m", mode, "-w", "-D", s.data())
	if err != nil {
		return fmt.Errorf("pg_ctl stop -m %s: %v: %s", mode, err, out)
	}
	return nil
}

// Resume starts a halted server again, on its port, with the options it
// was started with (a Durable one stays durable).
func (s *Server) Resume() error {
	out, err := s.run("pg_ctl", "start", "-w", "-t", "60", "-D", s.data(), "-l", filepath.Join(s.dir, "server.log"), "-o", s.opts)
	if err != nil {
		return fmt.Errorf("pg_ctl start: %v: %s", err, out)
	}
	return nil
}

// Own starts a server of the test's own, which it may halt and resume
// (the shared one of URL serves other tests meanwhile), with one empty
// database, and returns it and the database's URL. The server is stopped
// and removed when the test ends; the test fails when it cannot start.
func Own(t testing.TB) (*Server, string) {
	t.Helper()
	s := OwnWith(t, Config{})
	url, err := s.CreateDB()
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return s, url
}

// OwnWith starts a server of the test's own set up as c says (auth.go),
// without a database; it is stopped and removed when the test ends, and
// the test fails when it cannot start.
func OwnWith(t testing.TB, c Config) *Server {
	t.Helper()
	s, err := StartWith(c)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("pgtest: %v", err)
		}
	})
	return s
}
