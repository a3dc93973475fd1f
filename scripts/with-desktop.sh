#!/usr/bin/env bash
# Runs a command inside a throwaway desktop: an Xvfb display, a D-Bus session bus and an
# unlocked gnome-keyring answering the Secret Service API — what a real Linux desktop gives
# the app. Used by the end-to-end checks; also handy by hand:
#   scripts/with-desktop.sh build/bin/wecomdev
# The keychain is empty and private to this run (its own XDG_DATA_HOME).
set -euo pipefail

[[ $# -gt 0 ]] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
for tool in Xvfb dbus-run-session gnome-keyring-daemon dbus-send; do
	command -v "$tool" >/dev/null || { echo "with-desktop: $tool not found: run scripts/setup.sh --test" >&2; exit 1; }
done

tmp=$(mktemp -d)
xvfb_pid=""
cleanup() {
	if [[ -n "$xvfb_pid" ]]; then
		kill "$xvfb_pid" 2>/dev/null || true
		wait "$xvfb_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

# -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
Xvfb -displayfd 3 -screen 0 1366x860x24 -nolisten tcp 3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do
	[[ -s "$tmp/display" ]] && break
	kill -0 "$xvfb_pid" 2>/dev/null || { cat "$tmp/xvfb.log" >&2; echo "with-desktop: Xvfb did not start" >&2; exit 1; }
	sleep 0.1
done
[[ -s "$tmp/display" ]] || { echo "with-desktop: Xvfb gave no display in 10 s" >&2; exit 1; }
export DISPLAY=":$(head -n1 "$tmp/display")"

export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# A non-empty password: with an empty one the daemon waits for a prompt that never comes.
export WECOMDEV_TEST_KEYRING_PASSWORD="wecomdev-e2e-$$"

dbus-run-session -- bash -c '
	set -euo pipefail
	printf %s "$WECOMDEV_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
	unset WECOMDEV_TEST_KEYRING_PASSWORD
	for _ in $(seq 100); do
		dbus-send --session --dest=org.freedesktop.DBus --print-reply /org/freedesktop/DBus \
			org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
		sleep 0.1
	done
	dbus-send --session --dest=org.freedesktop.DBus --print-reply /org/freedesktop/DBus \
		org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q "boolean true" ||
		{ echo "with-desktop: gnome-keyring did not take org.freedesktop.secrets" >&2; exit 1; }
	exec "$@"
' with-desktop "$@"
