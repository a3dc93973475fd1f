#!/usr/bin/env bash
# Checks that the Makefile decides what depends on set-up (the WebKit build tag, the Wails CLI's
# path under `go env GOPATH`) after its `setup` prerequisite has run, not when make reads the
# file: on a fresh machine set-up installs WebKitGTK 4.1 and the Wails CLI first, and a tag
# decided before would build for WebKit 4.0 and fail.
#
# Fake `go`, `pkg-config`, `npm` and `wails` answer as on a fresh machine until a fake set-up
# (SETUP=...) has run, and as after set-up from then on. Runs in a temporary folder; nothing
# real is built or installed.
set -euo pipefail
makefile="$(cd "$(dirname "$0")/.." && pwd)/Makefile"
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
echo "$pass passed, 0 failed"
