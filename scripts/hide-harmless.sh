#!/usr/bin/env bash
# Runs a command with its output (stdout and stderr, merged) minus a few exact lines that are
# known to be harmless, so that a real error stands out; exits with the command's own code.
#   scripts/hide-harmless.sh COMMAND [ARGS...]
#
# Hidden, and counted in one line at the end:
#  - Wails' binding generator prints "KnownStructs: <every bound struct>" then
#    "Not found: time.Time" for each time.Time field of a bound struct (typescriptify's
#    KnownStructs check; the field is typed `any` in the TypeScript models, and at run time it
#    is the RFC 3339 string of Go's JSON). A "Not found:" for any other type is shown, with its
#    KnownStructs line.
#  - dbus-daemon, started without root's resource limits (a container, a chroot), says
#    "org.freedesktop.DBus.Error.AccessDenied: Failed to set fd limit to 65536: Operation not
#    permitted" and carries on with the limit it has.
# WECOMDEV_SHOW_ALL=1 shows everything.
set -uo pipefail
[[ $# -gt 0 ]] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
if [[ -n "${WECOMDEV_SHOW_ALL:-}" ]]; then exec "$@"; fi

"$@" 2>&1 | awk '
	function out(line) { print line; fflush() }
	/KnownStructs: / { if (held != "") out(held); held = $0; next }
	held != "" && $0 == "Not found: time.Time" { held = ""; wails += 2; next }
	held != "" { out(held); held = "" }
	/^dbus-daemon\[[0-9]+\]: \[session uid=[0-9]+ pid=[0-9]+\] org\.freedesktop\.DBus\.Error\.AccessDenied: Failed to set fd limit to [0-9]+: Operation not permitted$/ { dbus++; next }
	{ out($0) }
	END {
		if (held != "") out(held)
		if (wails) note = note ", " wails " of wails \"KnownStructs…Not found: time.Time\""
		if (dbus) note = note ", " dbus " of dbus-daemon \"Failed to set fd limit\""
		if (note != "") out("(known-harmless lines hidden" note "; WECOMDEV_SHOW_ALL=1 shows them)")
	}'
exit "${PIPESTATUS[0]}"
