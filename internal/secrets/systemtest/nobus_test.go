//go:build linux

package systemtest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"wecomdev/internal/secrets"
)

// The child side of the no-bus test: one keychain read, as any wecomdev command makes,
// in a process started without a session bus. It prints how long the call took and the
// error.
const (
	childEnv  = "WECOMDEV_SYSTEMTEST_NOBUS_CHILD"
	markerEnv = "WECOMDEV_SYSTEMTEST_MARKER"
)

func TestKeychainCallInAProcessWithoutASessionBus(t *testing.T) {
	if os.Getenv(childEnv) != "1" {
		t.Skip("the child side of TestWithoutASessionBusTheKeychainSaysSoAtOnceAndStartsNoDaemon; it runs only as that test's child process")
	}
	start := time.Now()
	_, err := secrets.NewKeyring().Get(context.Background(), "profile/nobus/corp-secret")
	fmt.Printf("elapsed=%d\nerror=%v\n", time.Since(start).Milliseconds(), err)
}

func TestWithoutASessionBusTheKeychainSaysSoAtOnceAndStartsNoDaemon(t *testing.T) {
	if os.Getenv(childEnv) == "1" {
		t.Skip("this process is the child of this very test (TestKeychainCallInAProcessWithoutASessionBus runs there): the parent checks what the child did")
	}
	// godbus (under go-keyring) finds a bus by itself at /run/user/UID/bus: with one there,
	// this process has a session bus whatever its environment says.
	for _, f := range []string{"bus", "dbus-session"} {
		if p := filepath.Join("/run/user", strconv.Itoa(os.Getuid()), f); exists(p) {
			t.Skipf("this user has a session bus at %s, so no process of theirs is without one", p)
		}
	}
	if _, err := exec.LookPath("dbus-launch"); err != nil {
		t.Logf("dbus-launch is not installed (Debian: dbus-x11), so nothing could be auto-launched; the error text is still checked")
	}

	// Every process the child starts, and what those start (dbus-launch → dbus-daemon →
	// gnome-keyring-daemon), inherits this marker: counting processes by it is immune to
	// daemons other tests on this machine run at the same time.
	marker := fmt.Sprintf("%d-%d", os.Getpid(), time.Now().UnixNano())
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(kv, "XDG_RUNTIME_DIR=") {
			env = append(env, kv)
		}
	}
	env = append(env, childEnv+"=1", markerEnv+"="+marker, "XDG_RUNTIME_DIR="+t.TempDir())
	if before := marked(marker); len(before) != 0 {
		t.Fatalf("processes carry a fresh marker before the child ran: %v", before)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestKeychainCallInAProcessWithoutASessionBus$", "-test.v")
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\n%s", err, out.String())
	}

	left := marked(marker)
	t.Cleanup(func() {
		for pid := range left { // only the daemons this test's child started
			_ = syscall.Kill(pid, syscall.SIGTERM)
		}
	})
	if len(left) != 0 {
		t.Errorf("a keychain call without a session bus left processes running: %v", left)
	}
	text := out.String()
	if !strings.Contains(text, "no session bus") || !strings.Contains(text, "dbus-run-session") || !strings.Contains(text, "WECOMDEV_CORP_SECRET") {
		t.Errorf("the error does not say there is no session bus and how to get one:\n%s", text)
	}
	var ms int
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, "elapsed="); ok {
			ms, _ = strconv.Atoi(v)
		}
	}
	if ms > 1000 {
		t.Errorf("the keychain call took %d ms to say there is no bus; want an answer at once", ms)
	}
}

// marked returns pid → command name of every process whose environment carries the marker.
func marked(marker string) map[int]string {
	want := []byte(markerEnv + "=" + marker + "\x00")
	out := map[int]string{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		environ, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil || !bytes.Contains(append(environ, 0), want) {
			continue
		}
		comm, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "comm"))
		out[pid] = strings.TrimSpace(string(comm))
	}
	return out
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
