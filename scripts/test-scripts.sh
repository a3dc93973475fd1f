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
# 3. scripts/setup.sh takes the Go and Wails versions from go.mod and keeps a Wails CLI of the
#    right version despite the banner `wails version` prints. A fake `go` and `wails`.
# 4. scripts/hide-harmless.sh hides only the exact known-harmless lines and keeps the exit code.
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
ln -s "$root/scripts/hide-harmless.sh" "$tmp/work/scripts/hide-harmless.sh"

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
# Node.js, a prerequisite (python3 is not one), for a free port and the fake dev server.
node=$(command -v node)
port() { "$node" -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })'; }
mkdir -p "$tmp/ui/bin"
printf '#!/usr/bin/env bash\necho "ui test ran" >>"$WECOMDEV_ARTIFACTS/ran"\n' >"$tmp/ui/bin/node"
# Compiles (CPU, nothing printed) for longer than the stall limit, then answers.
cat >"$tmp/ui/busy" <<EOF
#!/usr/bin/env bash
echo "compiling"
end=\$((SECONDS + 5)); while ((SECONDS < end)); do :; done
exec "$node" -e 'require("http").createServer((q, r) => r.end("ok")).listen(+process.env.FAKE_PORT, "127.0.0.1")'
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
# --- 3. setup.sh: the Wails CLI and Go versions come from go.mod --------------------------------
# A fake `go` (GOVERSION from $FAKE_GOVERSION; `go install` only leaves a note) and a fake
# Wails CLI that prints what `wails version` prints: the version, then a sponsor banner.
# The rest of set-up (Debian packages, Node.js, npm ci) is this machine's, already done.
mkdir -p "$tmp/su/bin" "$tmp/su/gopath/bin"
cat >"$tmp/su/bin/go" <<EOF
#!/usr/bin/env bash
case "\$1 \${2:-}" in
"env GOPATH") echo "$tmp/su/gopath" ;;
"env GOVERSION") echo "\$FAKE_GOVERSION" ;;
install*) echo "go \$*" >>"$tmp/su/installed" ;;
*) exit 1 ;;
esac
EOF
chmod +x "$tmp/su/bin/go"
wails_prints() { # the fake Wails CLI's `wails version` output: VERSION
	printf '#!/usr/bin/env bash\nprintf "%%s\\n" %q %q %q\n' "$1" \
		$'\e[31;107m ♥  \e[0m If Wails is useful to you or your company, please consider sponsoring the project:' \
		'https://github.com/sponsors/leaanthony' >"$tmp/su/gopath/bin/wails"
	chmod +x "$tmp/su/gopath/bin/wails"
}
setup() { # setup GOVERSION: runs setup.sh, output in $tmp/setup.log
	rm -f "$tmp/su/installed"
	PATH="$tmp/su/bin:$PATH" FAKE_GOVERSION=$1 "$root/scripts/setup.sh" >"$tmp/setup.log" 2>&1
}
gomod_go=$(awk '$1 == "go" { print $2; exit }' "$root/go.mod")
gomod_wails=$(awk '$1 == "github.com/wailsapp/wails/v2" { print $2; exit }' "$root/go.mod")

wails_prints "$gomod_wails"
setup "go$gomod_go" || { cat "$tmp/setup.log" >&2; fail "setup.sh failed"; }
[[ ! -f "$tmp/su/installed" ]] || fail "setup.sh reinstalled the Wails CLI $gomod_wails over the same version: $(cat "$tmp/su/installed")"
ok "setup.sh keeps a Wails CLI of go.mod's version, whatever banner 'wails version' prints after it"

wails_prints v2.9.2
setup "go$gomod_go" || { cat "$tmp/setup.log" >&2; fail "setup.sh failed"; }
[[ "$(cat "$tmp/su/installed" 2>/dev/null)" == "go install github.com/wailsapp/wails/v2/cmd/wails@$gomod_wails" ]] ||
	fail "setup.sh should install the Wails CLI $gomod_wails (go.mod's) over v2.9.2, got: $(cat "$tmp/su/installed" 2>/dev/null || echo nothing)"
ok "setup.sh installs the Wails CLI of go.mod's version over another one"

rc=0
setup go1.24.0 || rc=$?
((rc != 0)) && grep -q "Go 1.24.0 is too old: wecomdev needs Go $gomod_go+" "$tmp/setup.log" ||
	{ cat "$tmp/setup.log" >&2; fail "setup.sh should refuse Go 1.24.0 and ask for go.mod's $gomod_go"; }
ok "setup.sh asks for the Go of go.mod's go line ($gomod_go)"

# --- 4. hide-harmless.sh hides only the exact known-harmless lines, keeps the exit code -------------
printf '%s\n' "KnownStructs: app.A	app.B" "Not found: time.Time" \
	"KnownStructs: app.A	app.B" "Not found: app.Missing" \
	"dbus-daemon[42]: [session uid=0 pid=42] org.freedesktop.DBus.Error.AccessDenied: Failed to set fd limit to 65536: Operation not permitted" \
	"dbus-daemon[42]: [session uid=0 pid=42] org.freedesktop.DBus.Error.AccessDenied: Rejected send message" \
	"error: the real one" >"$tmp/walls"
rc=0
got=$("$root/scripts/hide-harmless.sh" bash -c "cat '$tmp/walls'; exit 7") || rc=$?
want="KnownStructs: app.A	app.B
Not found: app.Missing
dbus-daemon[42]: [session uid=0 pid=42] org.freedesktop.DBus.Error.AccessDenied: Rejected send message
error: the real one
(known-harmless lines hidden, 2 of wails \"KnownStructs…Not found: time.Time\", 1 of dbus-daemon \"Failed to set fd limit\"; WECOMDEV_SHOW_ALL=1 shows them)"
[[ "$got" == "$want" ]] || fail "hide-harmless.sh printed:
$got
want:
$want"
((rc == 7)) || fail "hide-harmless.sh exited $rc, want the command's 7"
ok "hide-harmless.sh hides the exact harmless lines only, and exits with the command's code"
echo "$pass passed, 0 failed"
