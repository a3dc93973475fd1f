//go:build !windows

package tunnel

import (
	"fmt"
	"os"
	"strings"
	"syscall"
)

// processGone tells whether a process has ended (a zombie nobody reaped counts as ended:
// in a container the reaper may be missing).
func processGone(pid int) bool {
	if err := syscall.Kill(pid, 0); err == syscall.ESRCH {
		return true
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return os.IsNotExist(err)
	}
	// pid (comm) S …: the state follows the last ')'
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i > 0 && i+2 < len(s) && s[i+2] == 'Z'
}

// groupGone tells whether no live process is left in a process group.
func groupGone(pgid int) bool {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return syscall.Kill(-pgid, 0) == syscall.ESRCH
	}
	for _, e := range entries {
		var pid int
		if _, err := fmt.Sscanf(e.Name(), "%d", &pid); err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		var state string
		var ppid, pg int
		if _, err := fmt.Sscanf(s[i+2:], "%s %d %d", &state, &ppid, &pg); err != nil {
			continue
		}
		if pg == pgid && state != "Z" {
			return false
		}
	}
	return true
}
