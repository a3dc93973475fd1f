//go:build !linux && !windows

package tunnel

import "syscall"

// groupAlive tells whether a process of the group still runs (or is a zombie not yet reaped).
func groupAlive(pgid int) bool { return syscall.Kill(-pgid, 0) != syscall.ESRCH }
