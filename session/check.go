package session

import (
	"fmt"
	"maps"
	"slices"
)

// The database's whole-file check may still run when the session starts
// (store.Options.CheckLater): the store holds every write until it has
// passed. Settings saved meanwhile (the annotator's name, the open
// article) are kept here, so that starting up does not wait for it, and
// saved once it has passed (CheckDone).

// SetChecking tells the session whether the database's check is still
// running.
func (s *Session) SetChecking(on bool) { s.checking = on }

// Checking reports whether the database's check is still running.
func (s *Session) Checking() bool { return s.checking }

// Refused is the failed check's error: the database must not be used.
func (s *Session) Refused() error { return s.refused }

// SetSetting saves a setting, or keeps it until the database's check has
// passed.
func (s *Session) SetSetting(key, value string) error {
	if s.checking {
		if s.pending == nil {
			s.pending = map[string]string{}
		}
		s.pending[key] = value
		return nil
	}
	return s.db.SetSetting(s.ctx, key, value)
}

// CheckDone ends the check: when it failed (err) the kept settings are
// dropped and the database refused; else they are saved, and the first
// error saving them is returned.
func (s *Session) CheckDone(err error) error {
	pending := s.pending
	s.pending = nil
	defer func() { s.checking = false }() // last: who waits for it finds the settings saved
	if err != nil {
		s.refused = err
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(pending)) {
		if err := s.db.SetSetting(s.ctx, k, pending[k]); err != nil {
			return fmt.Errorf("save setting %s: %w", k, err)
		}
	}
	return nil
}
