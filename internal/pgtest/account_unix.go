//go:build !windows

package pgtest

import (
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// account is the user the server runs as; nil fields mean the test's own.
type account struct {
	cred *syscall.Credential
}

// serverAccount is postgres when the tests run as root, else the test's own
// user.
func serverAccount() (*account, error) {
	if os.Geteuid() != 0 {
		return &account{}, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, errNoAccount
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &account{cred: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}, nil
}

func (a *account) apply(cmd *exec.Cmd) {
	if a.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: a.cred}
	}
}

// own gives the folder (and what is in it) to the account.
func (a *account) own(dir string) error {
	if a.cred == nil {
		return nil
	}
	return filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Chown(p, int(a.cred.Uid), int(a.cred.Gid))
	})
}

func alive(pid int) bool {
	return syscall.Kill(pid, 0) == nil
}
