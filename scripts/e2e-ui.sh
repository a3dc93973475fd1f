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

echo "e2e-ui: waiting for wails dev on :$port (compiles the app first)"
for _ in $(seq 600); do
	curl -fsS -o /dev/null "http://localhost:$port/" 2>/dev/null && break
	kill -0 "$dev" 2>/dev/null || { tail -n 40 "$out/wails-dev.log" >&2; echo "e2e-ui: wails dev exited" >&2; exit 1; }
	sleep 0.5
done
curl -fsS -o /dev/null "http://localhost:$port/" || { tail -n 40 "$out/wails-dev.log" >&2; echo "e2e-ui: wails dev did not answer in 300 s" >&2; exit 1; }

WECOMDEV_UI_URL="http://localhost:$port" WECOMDEV_ARTIFACTS="$out" node frontend/e2e/ui.e2e.mjs
