//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package secrets

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/godbus/dbus/v5"
)

// findSessionBus reports whether go-keyring (the same build constraint as its
// keyring_unix.go: Secret Service over D-Bus) has a session bus to talk to. It looks
// where godbus looks (github.com/godbus/dbus/v5 v5.2.2, conn.go getSessionBusAddress and
// conn_other.go tryDiscoverDbusSessionBusAddress): DBUS_SESSION_BUS_ADDRESS, then
// /run/user/UID/bus and /run/user/UID/dbus-session. It stops before godbus's last resort,
// running dbus-launch, which starts a dbus-daemon and, through it, a gnome-keyring-daemon
// that outlive the command and still cannot unlock anything.
//
// "disabled:" is D-Bus's own way to say there is no bus (dbus-launch(1)); "autolaunch:"
// asks for the launch we refuse, so it counts only when a bus is found otherwise. A bus
// socket at $XDG_RUNTIME_DIR/bus that godbus would not find by itself (XDG_RUNTIME_DIR is
// not /run/user/UID) is handed to it through DBUS_SESSION_BUS_ADDRESS.
func findSessionBus() bool {
	addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if strings.HasPrefix(addr, "disabled:") {
		return false
	}
	if addr != "" && addr != "autolaunch:" {
		return true
	}
	run := filepath.Join("/run/user", strconv.Itoa(os.Getuid()))
	if exists(filepath.Join(run, "bus")) || exists(filepath.Join(run, "dbus-session")) {
		return true
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" && filepath.IsAbs(dir) {
		if sock := filepath.Join(dir, "bus"); exists(sock) {
			_ = os.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+dbus.EscapeBusAddressValue(sock))
			return true
		}
	}
	return false
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
