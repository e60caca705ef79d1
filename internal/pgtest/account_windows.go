package pgtest

import (
	"os"
	"os/exec"
)

// account is the test's own user: Windows has no root to avoid.
type account struct{}

func serverAccount() (*account, error) { return &account{}, nil }

func (a *account) apply(*exec.Cmd) {}

func (a *account) own(string) error { return nil }

func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
