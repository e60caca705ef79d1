package pgtest

import (
	"fmt"
	"path/filepath"
)

// Halt stops the server and keeps its cluster, for a test of what a client
// meets when the server goes away. mode is pg_ctl's: "fast" ends every
// session and rolls back its transaction (a restart by an admin),
// "immediate" stops at once without a checkpoint (a crash; the next start
// recovers).
func (s *Server) Halt(mode string) error {
	out, err := s.run("pg_ctl", "stop", "-m", mode, "-w", "-D", s.data())
	if err != nil {
		return fmt.Errorf("pg_ctl stop -m %s: %v: %s", mode, err, out)
	}
	return nil
}

// Resume starts a halted server again, on its port.
func (s *Server) Resume() error {
	out, err := s.run("pg_ctl", "start", "-w", "-t", "60", "-D", s.data(), "-l", filepath.Join(s.dir, "server.log"), "-o", s.opts)
	if err != nil {
		return fmt.Errorf("pg_ctl start: %v: %s", err, out)
	}
	return nil
}
