#!/usr/bin/env bash
# End-to-end check of the production binary in a real window: starts it in a throwaway
# desktop (scripts/with-desktop.sh), waits for the window titled "wecomdev", screenshots it
# until the UI has painted, fails if it never appears or stays blank, then closes it with
# SIGTERM and checks it exited cleanly (code 0).
#   scripts/e2e-window.sh [BINARY] [ARTIFACT_DIR]
set -euo pipefail
bin=${1:-build/bin/wecomdev}
out=${2:-test-artifacts}
[[ -x "$bin" ]] || { echo "e2e-window: $bin is not built: run 'make build'" >&2; exit 1; }
if [[ -z "${WECOMDEV_IN_DESKTOP:-}" ]]; then
	WECOMDEV_IN_DESKTOP=1 exec "$(dirname "$0")/with-desktop.sh" "$0" "$@"
fi

mkdir -p "$out"
convert=/usr/bin/convert   # ImageMagick's, not another `convert` earlier on PATH
pass=0
check() { pass=$((pass + 1)); echo "ok $pass - $*"; }
fail() {
	echo "FAIL: $*" >&2
	[[ -f "$out/window-app.log" ]] && { echo "--- app log (last 40 lines)" >&2; tail -n 40 "$out/window-app.log" >&2; }
	echo "$pass passed, 1 failed"
	exit 1
}

# The keychain the app will use is real and unlocked: store, read back, delete.
printf 'probe' | secret-tool store --label='wecomdev e2e probe' service wecomdev-e2e account probe
[[ "$(secret-tool lookup service wecomdev-e2e account probe)" == probe ]] || fail "the Secret Service keychain did not return a stored item"
secret-tool clear service wecomdev-e2e account probe
check "gnome-keyring answers on the session bus and is unlocked"

home=$(mktemp -d)
app=""
cleanup() {
	if [[ -n "$app" ]]; then kill "$app" 2>/dev/null || true; fi
	rm -rf "$home"
}
trap cleanup EXIT
# zh-CN, so the screenshot also shows that Chinese glyphs render.
WECOMDEV_HOME="$home" LANG=zh_CN.UTF-8 "$bin" >"$out/window-app.log" 2>&1 &
app=$!

# Poll rather than `xdotool search --sync`: a search walks every window, and one that GTK
# destroys meanwhile (it makes short-lived windows at start-up) ends it with BadWindow,
# which --sync does not retry.
wid=""
for _ in $(seq 120); do
	wid=$(xdotool search --onlyvisible --name '^wecomdev$' 2>/dev/null | head -n1) || true
	[[ -n "$wid" ]] && break
	kill -0 "$app" 2>/dev/null || break
	sleep 0.5
done
kill -0 "$app" 2>/dev/null || fail "the app exited before showing a window"
if [[ -z "$wid" ]]; then
	# Say what the display did show, so a failure here can be told apart from a hang.
	import -window root "$out/window-root.png" 2>/dev/null || true
	{ echo "--- windows on $DISPLAY (id: name)"
	  for w in $(xdotool search --name '' 2>/dev/null); do echo "$w: $(xdotool getwindowname "$w" 2>/dev/null)"; done
	} >&2
	fail "no window titled 'wecomdev' within 60 s (root screenshot: $out/window-root.png)"
fi
check "a window titled 'wecomdev' appeared"

eval "$(xdotool getwindowgeometry --shell "$wid")"
((WIDTH >= 900 && HEIGHT >= 600)) || fail "window is ${WIDTH}x${HEIGHT}, smaller than the 900x600 minimum"
check "the window is ${WIDTH}x${HEIGHT}"

# Blank = one flat colour (the webview not painted yet, or never). The console UI has text,
# a sidebar and anti-aliasing: dozens of colours.
shot="$out/window.png"
colours=0
for _ in $(seq 60); do
	import -window "$wid" "$shot" 2>/dev/null || true
	colours=$("$convert" "$shot" -format '%k' info: 2>/dev/null || echo 0)
	((colours >= 64)) && break
	sleep 0.5
done
((colours >= 64)) || fail "the window stayed blank for 30 s ($colours colours in $shot)"
check "the screenshot shows a painted UI ($colours colours): $shot"

test -d "$home" && test -f "$home/wecomdev.db" || fail "no database in WECOMDEV_HOME ($home)"
check "the app keeps its data in \$WECOMDEV_HOME"

kill -TERM "$app"
for _ in $(seq 100); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
kill -0 "$app" 2>/dev/null && fail "the app did not exit within 10 s of SIGTERM"
rc=0
wait "$app" || rc=$?
((rc == 0)) || fail "the app exited with code $rc after SIGTERM, want 0"
grep -qE '^(panic|fatal error):' "$out/window-app.log" && fail "the app log has a Go panic"
check "the app closed cleanly on SIGTERM (exit code 0)"
echo "$pass passed, 0 failed"
