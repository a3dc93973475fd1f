//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package secrets

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func TestTheSessionBusIsLookedForWhereGodbusLooksAndDisabledMeansNone(t *testing.T) {
	run := filepath.Join("/run/user", strconv.Itoa(os.Getuid()))
	if exists(filepath.Join(run, "bus")) || exists(filepath.Join(run, "dbus-session")) {
		t.Skipf("this user has a session bus under %s: every case would find it", run)
	}
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	for addr, want := range map[string]bool{
		"unix:path=/run/dbus/session": true,
		"disabled:":                   false,
		"":                            false,
		"autolaunch:":                 false, // asks for the dbus-launch we refuse
	} {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
		if got := findSessionBus(); got != want {
			t.Errorf("DBUS_SESSION_BUS_ADDRESS=%q: findSessionBus() = %v, want %v", addr, got, want)
		}
	}
}

func TestABusSocketInXDGRuntimeDirIsHandedToGodbus(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run dir")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bus"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_RUNTIME_DIR", dir)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	if !findSessionBus() {
		t.Fatal("findSessionBus() = false with a bus socket in XDG_RUNTIME_DIR")
	}
	if got, want := os.Getenv("DBUS_SESSION_BUS_ADDRESS"), "unix:path="+filepath.Join(filepath.Dir(dir), "run%20dir", "bus"); got != want {
		t.Fatalf("DBUS_SESSION_BUS_ADDRESS = %q, want %q (godbus looks only in /run/user/UID)", got, want)
	}
}
