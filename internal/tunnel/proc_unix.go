//go:build !windows

package tunnel

import (
	"os/exec"
	"syscall"
	"time"
)

// shellCommand runs a command line the way the user's shell would.
func shellCommand(command string) *exec.Cmd { return exec.Command("/bin/sh", "-c", command) }

// setGroup puts the command in a process group of its own, so stopping it stops what it
// started too.
func setGroup(c *exec.Cmd) {
	if c.SysProcAttr == nil {
		c.SysProcAttr = &syscall.SysProcAttr{}
	}
	c.SysProcAttr.Setpgid = true
}

// joinGroup: on Unix the group is set before the start (Setpgid); only Windows has more to do.
func joinGroup(*exec.Cmd) {}

// endGroup ends the command's process group: SIGTERM to all of it, then SIGKILL to what is
// left after grace. It returns once the command has exited (waited is its Wait; nil when it
// has already) and the group is empty or killed.
func endGroup(c *exec.Cmd, waited <-chan error, grace time.Duration) {
	pgid := c.Process.Pid
	syscall.Kill(-pgid, syscall.SIGTERM)
	deadline := time.Now().Add(grace)
	exited := waited == nil
	for {
		if !exited {
			select {
			case <-waited:
				exited = true
			default:
			}
		}
		if exited && !groupAlive(pgid) {
			return
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	syscall.Kill(-pgid, syscall.SIGKILL)
	if !exited {
		<-waited
	}
	for end := time.Now().Add(time.Second); groupAlive(pgid) && time.Now().Before(end); {
		time.Sleep(10 * time.Millisecond)
	}
}
