package tunnel

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The command tunnel's Windows code (proc_windows.go: cmd.exe, CREATE_NEW_PROCESS_GROUP,
// taskkill /T) checked on Windows itself; `make test-dist` runs these under Wine
// (scripts/dist/check-windows.sh) and the release workflow on a Windows runner.

// fakeTunnelEnv makes this test binary behave like frpc or cloudflared instead of running
// tests: "tunnel" prints its pid, starts a "child" that just waits, prints the child's pid
// and a public URL, then waits itself.
const fakeTunnelEnv = "WECOMDEV_FAKE_TUNNEL"

func init() {
	switch os.Getenv(fakeTunnelEnv) {
	case "tunnel": // like frpc: prints its URL and stays
		fmt.Printf("pid %d\n", os.Getpid())
		exe, _ := os.Executable()
		child := exec.Command(exe)
		child.Env = append(os.Environ(), fakeTunnelEnv+"=child")
		if err := child.Start(); err != nil {
			fmt.Println("cannot start the child:", err)
			os.Exit(3)
		}
		fmt.Printf("child %d\n", child.Process.Pid)
		fmt.Println("tunnel ready: https://abc.example.test (ctrl-c to quit)")
		time.Sleep(5 * time.Minute)
		os.Exit(0)
	case "leave": // starts a child, then exits at once
		exe, _ := os.Executable()
		child := exec.Command(exe)
		child.Env = append(os.Environ(), fakeTunnelEnv+"=child")
		if err := child.Start(); err != nil {
			fmt.Println("cannot start the child:", err)
			os.Exit(3)
		}
		fmt.Printf("child %d\n", child.Process.Pid)
		os.Exit(0)
	case "child":
		time.Sleep(5 * time.Minute)
		os.Exit(0)
	}
}

// windowsProcessGone tells whether a process has ended (or never was).
func windowsProcessGone(pid int) bool {
	const stillActive = 259 // STILL_ACTIVE
	h, err := syscall.OpenProcess(syscall.PROCESS_QUERY_INFORMATION, false, uint32(pid))
	if err != nil {
		return true
	}
	defer syscall.CloseHandle(h)
	var code uint32
	if err := syscall.GetExitCodeProcess(h, &code); err != nil {
		return true
	}
	return code != stillActive
}

func TestOnWindowsTheShellRunsTheCommandLineAsWrittenWithCmdExe(t *testing.T) {
	out, err := shellCommand(`echo "a  b"& echo %OS%`).Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.ReplaceAll(string(out), "\r\n", "\n")
	if got != "\"a  b\"\nWindows_NT\n" {
		t.Fatalf("cmd.exe printed %q, want the quoted text kept and %%OS%% expanded", got)
	}
}

func TestOnWindowsACommandTunnelIsUpAtTheURLItPrintsAndStopEndsItsWholeTree(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(fakeTunnelEnv, "tunnel")
	cfg := Config{Provider: ProviderCmd, Command: `"` + exe + `"`, PublicURLPattern: `ready: (https://\S+)`}
	tun, rec := start(t, cfg, Options{Target: "127.0.0.1:8787"})
	if s := rec.waitFor(t, StateUp, 30*time.Second); s.PublicURL != "https://abc.example.test" {
		t.Fatalf("up status %+v", s)
	}
	eventually(t, 10*time.Second, "the fake tunnel's pid and its child's", func() bool { return len(pids(tun.Output(), "child")) == 1 })
	tunnelPid, childPid := pids(tun.Output(), "pid")[0], pids(tun.Output(), "child")[0]
	if windowsProcessGone(tunnelPid) || windowsProcessGone(childPid) {
		t.Fatalf("the fake tunnel (%d) or its child (%d) is not running before Stop", tunnelPid, childPid)
	}
	if err := tun.Stop(); err != nil {
		t.Fatal(err)
	}
	// taskkill /T /F returns once it has asked; the processes end right after.
	eventually(t, 10*time.Second, "the command and the process it started end with Stop ("+strconv.Itoa(tunnelPid)+", "+strconv.Itoa(childPid)+")",
		func() bool { return windowsProcessGone(tunnelPid) && windowsProcessGone(childPid) })
	if s := tun.Status(); s.State != StateDown || s.Reason != "stopped" {
		t.Errorf("status after Stop %+v", s)
	}
}

func TestOnWindowsWhatAnExitedCommandLeftRunningIsEndedToo(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(fakeTunnelEnv, "leave")
	c := shellCommand(`"` + exe + `"`)
	setGroup(c)
	out, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	joinGroup(c)
	var childPid int
	if _, err := fmt.Fscanf(out, "child %d\n", &childPid); err != nil {
		t.Fatalf("reading the child's pid: %v", err)
	}
	if err := c.Wait(); err != nil {
		t.Fatal(err)
	}
	if windowsProcessGone(childPid) {
		t.Fatalf("the child %d ended with the command: nothing left to test", childPid)
	}
	endGroup(c, nil, time.Second)
	eventually(t, 10*time.Second, "the child "+strconv.Itoa(childPid)+" the command left running ends", func() bool { return windowsProcessGone(childPid) })
}
