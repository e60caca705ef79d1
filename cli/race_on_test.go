//go:build race

package cli

// raceEnabled: the race detector multiplies memory, so RSS bounds are
// measured only without it.
const raceEnabled = true
