#!/usr/bin/env bash
# End-to-end check of the dev server's phone side and proxy mode, with the production binary
# and Debian's headless Chromium (playwright-core; no display needed):
#   1. `wecomdev profile edit sandbox --trusted-domain h5.example.com`, then
#      `wecomdev serve sandbox --json --addr 127.0.0.1:0 --emulate` in a throwaway
#      WECOMDEV_HOME, its --json stream kept in ARTIFACT_DIR/phone-serve.jsonl; the phone
#      build must be embedded (the test page answers 200, not 503); frontend/e2e/phone.e2e.mjs
#      drives the test page under the emulator and waits for the console's own events in that
#      stream; then SIGTERM: the server must stop cleanly, every line of its stream JSON.
#   2. frontend/e2e/proxy.e2e.mjs: proxy mode in front of a real Vite dev server and of a
#      gzip-answering one (it starts its own serves, each with a throwaway home).
# Prints "ok N - …" per check, each part's "N passed, M failed", and finally the total as
# exactly "N passed, M failed"; exits non-zero when anything failed.
#   scripts/e2e-phone.sh [ARTIFACT_DIR]          (WECOMDEV_BIN overrides build/bin/wecomdev)
set -euo pipefail
out=${1:-test-artifacts}
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${WECOMDEV_BIN:-build/bin/wecomdev}
[[ -x "$bin" ]] || { echo "e2e-phone: $bin is not built: run 'make build'" >&2; exit 1; }
[[ "$bin" == /* ]] || bin="$root/$bin"
mkdir -p "$out"
out=$(cd "$out" && pwd)

# Background jobs get their own process group (set -m), so cleanup stops each one whole:
# the serve, or a node script with its Chromium and the serves it started.
set -m
home=$(mktemp -d)
serve=""
job=""
# stop GROUP: SIGTERM to the process group, SIGKILL what is left after 10 s.
stop() {
	kill -TERM -- "-$1" 2>/dev/null || return 0
	for _ in $(seq 100); do kill -0 -- "-$1" 2>/dev/null || return 0; sleep 0.1; done
	kill -KILL -- "-$1" 2>/dev/null || true
}
cleanup() {
	if [[ -n "$job" ]]; then stop "$job"; fi
	if [[ -n "$serve" ]]; then stop "$serve"; fi
	rm -rf "$home"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok $((passed + failed)) - $*"; }
not_ok() { failed=$((failed + 1)); echo "FAIL $((passed + failed)) - $*" >&2; }
finish() {
	echo "$passed passed, $failed failed"
	((failed == 0)) || exit 1
	exit 0
}

# run NAME CMD…: a node check script in its own process group, its output shown and kept in
# ARTIFACT_DIR/NAME.log; its "N passed, M failed" is added to the total.
run() {
	local name=$1 rc=0 last
	shift
	echo "--- $name"
	{ WECOMDEV_E2E_FIRST=$((passed + failed + 1)) "$@" 2>&1 | tee "$out/$name.log"; } &
	job=$!
	wait "$job" || rc=$?
	job=""
	last=$(tail -n 1 "$out/$name.log")
	if [[ "$last" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		passed=$((passed + BASH_REMATCH[1]))
		failed=$((failed + BASH_REMATCH[2]))
		if ((rc != 0 && BASH_REMATCH[2] == 0)); then not_ok "$name exited with code $rc"; fi
	else
		not_ok "$name ended (code $rc) without its summary line: see $out/$name.log"
	fi
}

# --- 1. the phone side -----------------------------------------------------------------------
stream="$out/phone-serve.jsonl"
# A trusted domain without a port on the sandbox profile: the phone check opens a page on
# another port of it (Chromium maps the name to 127.0.0.1) and wants config refused.
trusted=h5.example.com
if ! WECOMDEV_HOME="$home" "$bin" profile edit sandbox --trusted-domain "$trusted" >"$out/phone-profile.log" 2>&1; then
	not_ok "wecomdev profile edit sandbox --trusted-domain $trusted failed: $(tail -n 3 "$out/phone-profile.log")"
	finish
fi
WECOMDEV_HOME="$home" "$bin" serve sandbox --json --addr 127.0.0.1:0 --emulate >"$stream" 2>"$out/phone-serve.log" &
serve=$!
# The first line, {"event":"listening",…}, comes once the server listens.
for _ in $(seq 300); do
	[[ -s "$stream" && "$(head -c 1M "$stream" | wc -l)" -ge 1 ]] && break
	kill -0 "$serve" 2>/dev/null || break
	sleep 0.1
done
url=$(head -n 1 "$stream" | node -e '
	let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
		try { const e = JSON.parse(s); if (e.event === "listening" && e.url) console.log(e.url) } catch {}
	})')
if [[ -z "$url" ]]; then
	not_ok "wecomdev serve --emulate did not print its listening line within 30 s (stream: $stream; stderr: $out/phone-serve.log)"
	tail -n 20 "$out/phone-serve.log" >&2 || true
	finish
fi
echo "e2e-phone: wecomdev serve sandbox --emulate at $url; its stream in $stream"

# The binary must embed the phone build (`make frontend` before `make build`), else 503.
embedded=1
for p in /__wecomdev/test/ /__wecomdev/reporter.js /__wecomdev/emulator.js; do
	code=$(curl -sS -o "$out/phone-probe.txt" -w '%{http_code}' --max-time 10 "$url$p" || true)
	if [[ "$code" != 200 ]]; then
		embedded=""
		not_ok "GET $p answered $code, not 200: $(head -c 300 "$out/phone-probe.txt" 2>/dev/null) (run 'make frontend', then 'make build')"
	fi
done
rm -f "$out/phone-probe.txt"
[[ -n "$embedded" ]] || finish
ok "the binary embeds the phone build: the test page, reporter.js and emulator.js answer 200"

run phone-e2e env WECOMDEV_PHONE_URL="$url" WECOMDEV_PHONE_EVENTS="$stream" WECOMDEV_ARTIFACTS="$out" WECOMDEV_TRUSTED_DOMAIN="$trusted" \
	node frontend/e2e/phone.e2e.mjs
run oauth-e2e env WECOMDEV_PHONE_URL="$url" WECOMDEV_PHONE_EVENTS="$stream" WECOMDEV_ARTIFACTS="$out" node frontend/e2e/oauth.e2e.mjs

# SIGTERM: the server finishes, says so last, and exits 0.
kill -TERM "$serve"
for _ in $(seq 100); do kill -0 "$serve" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$serve" 2>/dev/null; then
	not_ok "wecomdev serve did not exit within 10 s of SIGTERM"
else
	rc=0
	wait "$serve" || rc=$?
	serve=""
	# Every line of the --json stream is JSON; the last is {"event":"stopped",…}.
	verdict=$(node -e '
		const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean)
		const bad = lines.findIndex((l) => { try { JSON.parse(l); return false } catch { return true } })
		if (bad >= 0) console.log(`line ${bad + 1} is not JSON: ${lines[bad].slice(0, 200)}`)
		else if (JSON.parse(lines.at(-1)).event !== "stopped") console.log(`the last line is not the stopped event: ${lines.at(-1).slice(0, 200)}`)
		else console.log(`ok ${lines.length}`)' "$stream")
	if ((rc != 0)); then
		not_ok "wecomdev serve exited with code $rc after SIGTERM, want 0 (stderr: $out/phone-serve.log)"
	elif [[ "$verdict" != ok* ]]; then
		not_ok "the --json stream: $verdict"
	else
		ok "wecomdev serve stopped cleanly on SIGTERM; its stream is ${verdict#ok } JSON lines, the last one \"stopped\""
	fi
fi

# --- 2. proxy mode ---------------------------------------------------------------------------
run proxy-e2e env WECOMDEV_BIN="$bin" WECOMDEV_ARTIFACTS="$out" node frontend/e2e/proxy.e2e.mjs
run network-e2e env WECOMDEV_BIN="$bin" WECOMDEV_ARTIFACTS="$out" node frontend/e2e/network.e2e.mjs # the page's network, HAR, eruda
run pagectl-e2e env WECOMDEV_BIN="$bin" WECOMDEV_ARTIFACTS="$out" node frontend/e2e/pagectl.e2e.mjs # reload / open notes, eruda under the test page's CSP

finish
