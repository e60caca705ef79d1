package pgtest

import (
	"fmt"
	"path/filepath"
	"testing"
)

// Stopping and starting a server under its clients, for the tests of what
// a window meets when the server goes away and comes back (branch live).
// Helper faults adds the same two methods (restart.go) with an opts field
// kept by Start; whichever lands second drops its copy.

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

// Resume starts a halted server again, on its port, with Start's options.
func (s *Server) Resume() error {
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
		s.port, s.dir)
	out, err := s.run("pg_ctl", "start", "-w", "-t", "60", "-D", s.data(), "-l", filepath.Join(s.dir, "server.log"), "-o", opts)
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
	s, err := Start()
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("pgtest: %v", err)
		}
	})
	url, err := s.CreateDB()
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return s, url
}
