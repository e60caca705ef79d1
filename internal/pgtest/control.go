package pgtest

import (
	"fmt"
	"path/filepath"
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
