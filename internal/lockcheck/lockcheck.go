//go:build linux

// Package lockcheck counts the POSIX record locks a process holds on a
// file, from /proc/locks. Tests use it to prove that nothing in the process
// dropped SQLite's locks on an open database (package livedb says why that
// loses work).
package lockcheck

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// Held returns how many POSIX locks process pid holds on the file at path.
func Held(pid int, path string) (int, error) {
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		return 0, err
	}
	dev := uint64(st.Dev)
	major := (dev>>8)&0xfff | (dev>>32)&^uint64(0xfff)
	minor := dev&0xff | (dev>>12)&^uint64(0xff)
	want := fmt.Sprintf("%02x:%02x:%d", major, minor, st.Ino)

	f, err := os.Open("/proc/locks")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "1: POSIX  ADVISORY  READ 1234 fd:01:123456 128 128"; a blocked
		// waiter's line has "->" after the number.
		fields := strings.Fields(sc.Text())
		if len(fields) < 8 || fields[1] != "POSIX" {
			continue
		}
		p, err := strconv.Atoi(fields[4])
		if err != nil || p != pid {
			continue
		}
		if sameID(fields[5], want) {
			n++
		}
	}
	return n, sc.Err()
}

// sameID compares "maj:min:inode" ids, whose hex fields may be padded
// differently by kernel versions.
func sameID(a, b string) bool {
	pa, pb := strings.Split(a, ":"), strings.Split(b, ":")
	if len(pa) != 3 || len(pb) != 3 || pa[2] != pb[2] {
		return false
	}
	for i := 0; i < 2; i++ {
		x, err1 := strconv.ParseUint(pa[i], 16, 64)
		y, err2 := strconv.ParseUint(pb[i], 16, 64)
		if err1 != nil || err2 != nil || x != y {
			return false
		}
	}
	return true
}
