//go:build windows

package main

import (
	"os"
	"syscall"
)

// The Windows build is a GUI-subsystem program (Wails links it with -H windowsgui), so
// Windows gives it no console: started from Explorer or the Start menu it opens the window
// with no console flashing up, but a subcommand typed in cmd or PowerShell would print
// nowhere. useParentConsole fixes that for the subcommands.

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1:
// https://learn.microsoft.com/en-us/windows/console/attachconsole
const attachParentProcess = ^uint32(0)

var procAttachConsole = syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole")

// useParentConsole gives a headless command somewhere to read and print. A stream the
// parent already set (a pipe, `> file`, `2> NUL`) is kept as it is, so pipes and
// redirections work; only the streams Windows left empty are opened on the console of the
// process that started this one (cmd.exe, PowerShell, Windows Terminal). Started with no
// console around it (a shortcut, Explorer), there is nothing to attach to and nothing
// changes.
func useParentConsole() {
	streams := []struct {
		std  int
		file **os.File
		dev  string
		flag int
	}{
		{syscall.STD_INPUT_HANDLE, &os.Stdin, "CONIN$", os.O_RDWR},
		{syscall.STD_OUTPUT_HANDLE, &os.Stdout, "CONOUT$", os.O_RDWR},
		{syscall.STD_ERROR_HANDLE, &os.Stderr, "CONOUT$", os.O_RDWR},
	}
	var missing []int
	for i, s := range streams {
		h, err := syscall.GetStdHandle(s.std)
		if err != nil || !usableHandle(h) {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 {
		return
	}
	if r, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); r == 0 {
		return
	}
	for _, i := range missing {
		// O_RDWR even for output: Go writes Unicode to a console (WriteConsoleW) only when
		// GetConsoleMode works on the handle, and that needs read access.
		if f, err := os.OpenFile(streams[i].dev, streams[i].flag, 0); err == nil {
			*streams[i].file = f
		}
	}
}

// usableHandle tells whether a standard handle leads somewhere: a console, a pipe, a file
// or a device. A GUI program started without redirection has none (0 or INVALID_HANDLE_VALUE).
func usableHandle(h syscall.Handle) bool {
	if h == 0 || h == syscall.InvalidHandle {
		return false
	}
	t, err := syscall.GetFileType(h)
	return err == nil && t != syscall.FILE_TYPE_UNKNOWN
}
