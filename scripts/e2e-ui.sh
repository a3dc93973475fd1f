#!/usr/bin/env bash
# End-to-end check of the real UI: `wails dev` (the Go backend plus the Vite dev server) in a
# throwaway desktop, and frontend/e2e/ui.e2e.mjs driving Debian's Chromium (playwright-core)
# against it on http://localhost:34115, where the bindings reach the real Go services.
#   scripts/e2e-ui.sh [ARTIFACT_DIR]     (WECOMDEV_UI_PORT overrides 34115)
set -euo pipefail
out=${1:-test-artifacts}
cd "$(dirname "$0")/.."
if [[ -z "${WECOMDEV_IN_DESKTOP:-}" ]]; then
	WECOMDEV_IN_DESKTOP=1 exec scripts/with-desktop.sh "$0" "$@"
fi
wails=${WAILS:-$(go env GOPATH)/bin/wails}
port=${WECOMDEV_UI_PORT:-34115}
mkdir -p "$out"
out=$(cd "$out" && pwd)

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
	echo "e2e-ui: port $port is in use (another 'wails dev'?): stop it or set WECOMDEV_UI_PORT" >&2
	exit 1
fi

home=$(mktemp -d)
dev=""
cleanup() {
	if [[ -n "$dev" ]]; then
		kill -TERM -- "-$dev" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 -- "-$dev" 2>/dev/null || break; sleep 0.1; done
		kill -KILL -- "-$dev" 2>/dev/null || true
	fi
	rm -rf "$home"
}
trap cleanup EXIT

# setsid: wails dev, the app and Vite share one process group, stopped together.
# -s: node_modules is installed by setup; -noreload/-nogorebuild: no file watchers.
# shellcheck disable=SC2086
WECOMDEV_HOME="$home" setsid "$wails" dev ${WAILS_FLAGS:--m -nosyncgomod} -s -noreload -nogorebuild \
	-devserver "localhost:$port" -loglevel Warning -nocolour >"$out/wails-dev.log" 2>&1 &
dev=$!

# Wait on progress, not on a fixed count: `wails dev` compiles the app first, which on a cold,
# busy machine takes minutes. It is moving while its log grows or its processes (wails, go
# build and its compilers, the app, Vite: one process group) use CPU. Give up when nothing moved
# for WECOMDEV_UI_STALL seconds, or after WECOMDEV_UI_CEILING seconds in all.
stall=${WECOMDEV_UI_STALL:-180}
ceiling=${WECOMDEV_UI_CEILING:-1800}
log="$out/wails-dev.log"
# CPU ticks used so far by the group's processes and the children they reaped (`|| true`:
# cat fails on a process that ended between the glob and the read).
group_cpu() {
	{ cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pg="$dev" '{
		sub(/^[0-9]+ \(.*\) /, "")
		if ($3 == pg) t += $12 + $13 + $14 + $15
	} END { print t + 0 }'
}
give_up() {
	echo "--- $log (last 40 lines)" >&2
	tail -n 40 "$log" >&2
	echo "e2e-ui: $*" >&2
	exit 1
}
echo "e2e-ui: waiting for wails dev on :$port (it compiles the app first; gives up after ${stall} s without progress or ${ceiling} s in all)"
start=$SECONDS moved=$SECONDS said=$SECONDS last=""
until curl -fsS -o /dev/null "http://localhost:$port/" 2>/dev/null; do
	kill -0 "$dev" 2>/dev/null || give_up "wails dev exited before answering on :$port"
	now="$(stat -c %s "$log" 2>/dev/null || echo 0) $(group_cpu)"
	[[ "$now" != "$last" ]] && moved=$SECONDS last=$now
	((SECONDS - moved < stall)) || give_up "wails dev made no progress for ${stall} s (its log and CPU time stood still) and does not answer on :$port"
	((SECONDS - start < ceiling)) || give_up "wails dev did not answer on :$port within ${ceiling} s (still busy: raise WECOMDEV_UI_CEILING on a slow machine)"
	if ((SECONDS - said >= 60)); then
		echo "e2e-ui: still compiling or starting after $((SECONDS - start)) s (last progress $((SECONDS - moved)) s ago)"
		said=$SECONDS
	fi
	sleep 1
done
echo "e2e-ui: wails dev answered after $((SECONDS - start)) s"

WECOMDEV_UI_URL="http://localhost:$port" WECOMDEV_ARTIFACTS="$out" node frontend/e2e/ui.e2e.mjs
