package gui

import (
	"os"
	"testing"

	"github.com/spanmark/spanmark/internal/pgtest"
)

// TestMain stops the throwaway PostgreSQL server of the tests that run the
// window on both engines, if one was started.
func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
