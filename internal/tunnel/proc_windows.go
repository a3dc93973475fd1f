//go:build windows

package tunnel

import (
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"time"
	"unsafe"
)

// shellCommand runs a command line with cmd.exe, which takes it as written.
func shellCommand(command string) *exec.Cmd {
	c := exec.Command("cmd.exe")
	c.SysProcAttr = &syscall.SysProcAttr{CmdLine: `cmd.exe /C ` + command}
	return c
}

// setGroup starts the command in a process group of its own, suspended: joinGroup puts it
// in its job, then lets it run, so nothing it starts can escape the job by starting first.
func setGroup(c *exec.Cmd) {
	if c.SysProcAttr == nil {
		c.SysProcAttr = &syscall.SysProcAttr{}
	}
	c.SysProcAttr.CreationFlags |= syscall.CREATE_NEW_PROCESS_GROUP | createSuspended
}

// Windows' process groups are for console signals only; what holds a command and
// everything it starts is a job object. joinGroup puts the started command in a job of its
// own (the processes it starts from then on are in it too), which endGroup ends whole, even
// when the command itself has exited and left children behind: taskkill /T cannot find
// those, as their parent is gone. The job is made with KILL_ON_JOB_CLOSE, so the tunnel
// also ends if wecomdev itself is killed.
// https://learn.microsoft.com/en-us/windows/win32/procthread/job-objects
var (
	kernel32                     = syscall.NewLazyDLL("kernel32.dll")
	procCreateJobObjectW         = kernel32.NewProc("CreateJobObjectW")
	procSetInformationJobObject  = kernel32.NewProc("SetInformationJobObject")
	procAssignProcessToJobObject = kernel32.NewProc("AssignProcessToJobObject")
	procTerminateJobObject       = kernel32.NewProc("TerminateJobObject")
	// NtResumeProcess resumes every thread of a process: os/exec keeps no handle to the
	// main thread of a process it started suspended.
	procNtResumeProcess = syscall.NewLazyDLL("ntdll.dll").NewProc("NtResumeProcess")

	jobsMu sync.Mutex
	jobs   = map[int]syscall.Handle{} // command pid → its job
)

const (
	jobObjectExtendedLimitInformation = 9      // JOBOBJECTINFOCLASS
	jobObjectLimitKillOnJobClose      = 0x2000 // JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
	processSetQuota                   = 0x0100 // PROCESS_SET_QUOTA
	processSuspendResume              = 0x0800 // PROCESS_SUSPEND_RESUME
	createSuspended                   = 0x4    // CREATE_SUSPENDED
)

// jobExtendedLimits is JOBOBJECT_EXTENDED_LIMIT_INFORMATION.
type jobExtendedLimits struct {
	PerProcessUserTimeLimit int64
	PerJobUserTimeLimit     int64
	LimitFlags              uint32
	MinimumWorkingSetSize   uintptr
	MaximumWorkingSetSize   uintptr
	ActiveProcessLimit      uint32
	Affinity                uintptr
	PriorityClass           uint32
	SchedulingClass         uint32
	IoCounters              [6]uint64
	ProcessMemoryLimit      uintptr
	JobMemoryLimit          uintptr
	PeakProcessMemoryUsed   uintptr
	PeakJobMemoryUsed       uintptr
}

// joinGroup puts a just-started (suspended, by setGroup) command in a job of its own, then
// lets it run. Without a job (an old Windows that refuses nested jobs, say) endGroup falls
// back to taskkill /T.
func joinGroup(c *exec.Cmd) {
	p, err := syscall.OpenProcess(processSetQuota|syscall.PROCESS_TERMINATE|processSuspendResume, false, uint32(c.Process.Pid))
	if err != nil {
		c.Process.Kill() // suspended, it would never run; the tunnel reports the exit and retries
		return
	}
	defer syscall.CloseHandle(p)
	defer func() {
		if st, _, _ := procNtResumeProcess.Call(uintptr(p)); st != 0 {
			c.Process.Kill()
		}
	}()
	job, _, _ := procCreateJobObjectW.Call(0, 0)
	if job == 0 {
		return
	}
	limits := jobExtendedLimits{LimitFlags: jobObjectLimitKillOnJobClose}
	procSetInformationJobObject.Call(job, jobObjectExtendedLimitInformation, uintptr(unsafe.Pointer(&limits)), unsafe.Sizeof(limits))
	if ok, _, _ := procAssignProcessToJobObject.Call(job, uintptr(p)); ok == 0 {
		syscall.CloseHandle(syscall.Handle(job))
		return
	}
	jobsMu.Lock()
	jobs[c.Process.Pid] = syscall.Handle(job)
	jobsMu.Unlock()
}

// endGroup kills the command and the processes it started (its job; taskkill /T when it
// has none. Windows has no polite signal for a console program in another group) and
// returns once it has exited (waited is its Wait; nil when it has already).
func endGroup(c *exec.Cmd, waited <-chan error, grace time.Duration) {
	jobsMu.Lock()
	job, ok := jobs[c.Process.Pid]
	delete(jobs, c.Process.Pid)
	jobsMu.Unlock()
	if ok {
		procTerminateJobObject.Call(uintptr(job), 1)
		syscall.CloseHandle(job)
	} else {
		exec.Command("taskkill", "/T", "/F", "/PID", strconv.Itoa(c.Process.Pid)).Run()
	}
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
