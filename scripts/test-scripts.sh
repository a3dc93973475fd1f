#!/usr/bin/env bash
# Checks of the build scripts themselves (`make test-scripts`, part of `make test`; seconds).
#
# 1. The Makefile decides what depends on set-up (the WebKit build tag, the Wails CLI's
#    path under `go env GOPATH`) after its `setup` prerequisite has run, not when make reads the
#    file: on a fresh machine set-up installs WebKitGTK 4.1 and the Wails CLI first, and a tag
#    decided before would build for WebKit 4.0 and fail.
#    Fake `go`, `pkg-config`, `npm` and `wails` answer as on a fresh machine until a fake set-up
#    (SETUP=...) has run, and as after set-up from then on. Runs in a temporary folder; nothing
#    real is built or installed.
# 2. scripts/e2e-ui.sh waits for `wails dev` while it makes progress (CPU or log), and gives up
#    with the log's tail when it stands still. A fake `wails` and `node`, no desktop.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
makefile="$root/Makefile"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
ok() { pass=$((pass + 1)); echo "ok $pass - $*"; }
fail() { echo "FAIL: $*" >&2; echo "$pass passed, 1 failed"; exit 1; }

mkdir -p "$tmp/bin" "$tmp/gopath/bin" "$tmp/work/frontend" "$tmp/work/scripts"
marker="$tmp/installed"
cat >"$tmp/setup" <<EOF
#!/usr/bin/env bash
touch "$marker"
EOF
# Before set-up: no Go, no WebKitGTK 4.1.
cat >"$tmp/bin/go" <<EOF
#!/usr/bin/env bash
[[ -f "$marker" ]] || { echo "go: command not found" >&2; exit 127; }
[[ "\$*" == "env GOPATH" ]] && echo "$tmp/gopath"
EOF
cat >"$tmp/bin/pkg-config" <<EOF
#!/usr/bin/env bash
[[ -f "$marker" && "\$*" == "--exists webkit2gtk-4.1" ]]
EOF
printf '#!/usr/bin/env bash\n' >"$tmp/bin/npm"
cat >"$tmp/gopath/bin/wails" <<EOF
#!/usr/bin/env bash
echo "wails \$*" >>"$tmp/wails.log"
if [[ "\$1" == build ]]; then mkdir -p build/bin && touch build/bin/wecomdev; fi
EOF
cat >"$tmp/work/scripts/e2e-ui.sh" <<EOF
#!/usr/bin/env bash
echo "wails-env \$WAILS \$WAILS_FLAGS" >>"$tmp/wails.log"
EOF
chmod +x "$tmp/setup" "$tmp/bin/"* "$tmp/gopath/bin/wails" "$tmp/work/scripts/e2e-ui.sh"

# run TARGET: a fresh machine, then `make TARGET`; prints what the fake wails was given.
run() {
	rm -f "$marker" "$tmp/wails.log"
	PATH="$tmp/bin:$PATH" make -s --no-print-directory -f "$makefile" -C "$tmp/work" SETUP="$tmp/setup" "$1" >"$tmp/make.log" 2>&1 ||
		{ cat "$tmp/make.log" >&2; fail "make $1 failed"; }
	cat "$tmp/wails.log" 2>/dev/null || true
}

got=$(run build)
[[ "$got" == "wails build -m -nosyncgomod -tags webkit2_41 -s -trimpath "* ]] ||
	fail "make build on a fresh machine should run the Wails CLI set-up installed with -tags webkit2_41, got: ${got:-nothing}"
ok "make build decides the WebKit tag and the Wails CLI after set-up"

got=$(run bindings)
[[ "$got" == "wails generate module -tags webkit2_41" ]] || fail "make bindings: got: ${got:-nothing}"
ok "make bindings runs set-up first, then decides the tag"

got=$(run check-bindings)
[[ "$got" == "wails generate module -tags webkit2_41" ]] || fail "make check-bindings: got: ${got:-nothing}"
ok "make check-bindings runs set-up first, then decides the tag"

got=$(run e2e-ui)
[[ "$got" == "wails-env $tmp/gopath/bin/wails -m -nosyncgomod -tags webkit2_41" ]] || fail "make e2e-ui: got: ${got:-nothing}"
ok "make e2e-ui runs set-up first and hands the Wails CLI and its flags to scripts/e2e-ui.sh"

# --- 2. e2e-ui.sh waits on progress ---------------------------------------------------------------
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
mkdir -p "$tmp/ui/bin"
printf '#!/usr/bin/env bash\necho "ui test ran" >>"$WECOMDEV_ARTIFACTS/ran"\n' >"$tmp/ui/bin/node"
# Compiles (CPU, nothing printed) for longer than the stall limit, then answers.
cat >"$tmp/ui/busy" <<'EOF'
#!/usr/bin/env bash
echo "compiling"
end=$((SECONDS + 5)); while ((SECONDS < end)); do :; done
exec python3 -m http.server --bind 127.0.0.1 "$FAKE_PORT"
EOF
# Prints one line and then does nothing.
printf '#!/usr/bin/env bash\necho "compiling"\nexec sleep 600\n' >"$tmp/ui/stuck"
chmod +x "$tmp/ui/bin/node" "$tmp/ui/busy" "$tmp/ui/stuck"
ui() { # ui FAKE-WAILS: runs e2e-ui.sh with a 3 s stall limit, output in $tmp/ui.log
	local p
	p=$(port)
	rm -rf "$tmp/ui/out"
	PATH="$tmp/ui/bin:$PATH" WECOMDEV_IN_DESKTOP=1 WAILS="$tmp/ui/$1" FAKE_PORT=$p WECOMDEV_UI_PORT=$p \
		WECOMDEV_UI_STALL=3 "$root/scripts/e2e-ui.sh" "$tmp/ui/out" >"$tmp/ui.log" 2>&1
}
ui busy || { cat "$tmp/ui.log" >&2; fail "e2e-ui.sh gave up on a wails dev that was still compiling"; }
[[ -f "$tmp/ui/out/ran" ]] || fail "e2e-ui.sh did not run the UI test once wails dev answered"
ok "e2e-ui.sh waits while wails dev compiles without printing, longer than the stall limit"

rc=0
ui stuck || rc=$?
((rc != 0)) || fail "e2e-ui.sh passed with a wails dev that never answered"
grep -q 'no progress for 3 s' "$tmp/ui.log" && grep -q '^compiling$' "$tmp/ui.log" ||
	{ cat "$tmp/ui.log" >&2; fail "e2e-ui.sh should say it saw no progress and show the log's tail"; }
[[ ! -f "$tmp/ui/out/ran" ]] || fail "e2e-ui.sh ran the UI test without wails dev"
ok "e2e-ui.sh gives up on a wails dev that stands still, with the log's tail"
echo "$pass passed, 0 failed"
