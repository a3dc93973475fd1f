//go:build windows

package tunnel

import (
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

// shellCommand runs a command line with cmd.exe, which takes it as written.
func shellCommand(command string) *exec.Cmd {
	c := exec.Command("cmd.exe")
	c.SysProcAttr = &syscall.SysProcAttr{CmdLine: `cmd.exe /C ` + command}
	return c
}

// setGroup starts the command in a process group of its own.
func setGroup(c *exec.Cmd) {
	if c.SysProcAttr == nil {
		c.SysProcAttr = &syscall.SysProcAttr{}
	}
	c.SysProcAttr.CreationFlags |= syscall.CREATE_NEW_PROCESS_GROUP
}

// endGroup kills the command and the processes it started (taskkill /T; Windows has no
// polite signal for a console program in another group) and returns once it has exited
// (waited is its Wait; nil when it has already).
func endGroup(c *exec.Cmd, waited <-chan error, grace time.Duration) {
	exec.Command("taskkill", "/T", "/F", "/PID", strconv.Itoa(c.Process.Pid)).Run()
	c.Process.Kill()
	if waited == nil {
		return
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-waited:
	case <-t.C:
		c.Process.Kill()
		<-waited
	}
}
