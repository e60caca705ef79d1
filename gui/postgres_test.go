package gui

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spanmark/spanmark/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// onEngines runs body with a window on an SQLite file and with one on a
// PostgreSQL database (internal/pgtest's throwaway server); newUI opens
// the window as newTestUI does.
func onEngines(t *testing.T, body func(t *testing.T, newUI func(openID string) *ui)) {
	t.Run("sqlite", func(t *testing.T) {
		body(t, func(openID string) *ui { return newTestUIAt(t, filepath.Join(t.TempDir(), "annotations.db"), openID) })
	})
	t.Run("postgres", func(t *testing.T) {
		body(t, func(openID string) *ui { return newTestUIAt(t, pgtest.URL(t), openID) })
	})
}
