#!/usr/bin/env bash
# Part of `make test-dist`: the Windows build's CLI under Wine, against the Linux build.
#
#   scripts/dist/check-windows.sh WINDOWS_EXE LINUX_BIN
#
# 1. `version --json`, offline `sign --json` and `diagnose --json` print the same under Wine
#    as on Linux (version: the same version, commit and build date; platform windows/amd64;
#    the data directory Windows' own, %AppData%\wecomdev), to a pipe and to a file alike;
#    a corp secret goes into Windows Credential Manager and out again.
# 2. Go's Windows-only tests run under Wine: the console attach (main_windows_test.go), the
#    data-directory logic (internal/paths), the command tunnel's process group
#    (internal/tunnel, *_windows_test.go) and the real keychain, Windows Credential Manager
#    through go-keyring (internal/secrets/systemtest).
# Only amd64: an arm64 exe does not run under Wine on this machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
exe=${1:?usage: check-windows.sh WINDOWS_EXE LINUX_BIN}
lin=${2:?usage: check-windows.sh WINDOWS_EXE LINUX_BIN}
source scripts/dist/wine.sh
say() { printf 'check-windows: %s\n' "$*"; }
fail() { printf 'check-windows: FAIL: %s\n' "$*" >&2; failed=1; }
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Each side gets a data directory of its own (a Windows path for the Windows side).
mkdir -p "$work/home-linux" "$work/home-win"
win_home=$(winepath -w "$work/home-win" 2>/dev/null)
on_linux() { WECOMDEV_HOME=$work/home-linux "$lin" "$@"; }
on_wine() { WECOMDEV_HOME=$win_home win_run "$exe" "$@" </dev/null; }

# same NAME ARGS...: stdout of both, byte for byte, through a pipe and into a file
same() {
	local name=$1
	shift
	local rl=0 rw=0
	on_linux "$@" >"$work/$name.linux" 2>"$work/$name.linux.err" || rl=$?
	on_wine "$@" 2>"$work/$name.wine.err" | cat >"$work/$name.wine" || true
	on_wine "$@" >"$work/$name.wine-file" 2>/dev/null || rw=$?
	if ! cmp -s "$work/$name.linux" "$work/$name.wine"; then
		fail "$name: Windows (through a pipe) and Linux differ:"
		diff "$work/$name.linux" "$work/$name.wine" | head -20 >&2 || true
		sed 's/^/  wine stderr: /' "$work/$name.wine.err" | head -5 >&2
	elif ! cmp -s "$work/$name.wine" "$work/$name.wine-file"; then
		fail "$name: the Windows build printed differently into a file than into a pipe"
	elif ((rl != rw)); then
		fail "$name: exit codes differ: Linux $rl, Windows $rw"
	else
		say "ok   $name: the same $(wc -c <"$work/$name.linux") bytes (exit $rl) through a pipe and into a file"
	fi
}

# --- 1. the CLI -------------------------------------------------------------------------------
# version: everything but the platform and the data directory is the same.
on_linux version --json >"$work/version.linux"
on_wine version --json >"$work/version.wine"
norm() { sed -E 's/"(platform|dataDir)": *"[^"]*"/"\1":"…"/g' "$1"; }
if [[ "$(norm "$work/version.linux")" == "$(norm "$work/version.wine")" ]] && [[ -s "$work/version.wine" ]]; then
	say "ok   version --json: $(norm "$work/version.wine" | tr -d '\n' | tr -s ' ')"
else
	fail "version --json differs: Linux $(cat "$work/version.linux"); Windows $(cat "$work/version.wine")"
fi
grep -q '"platform": *"windows/amd64"' "$work/version.wine" || fail "version --json under Wine does not say windows/amd64: $(cat "$work/version.wine")"
# Without WECOMDEV_HOME the data directory is %AppData%\wecomdev.
appdata=$(win_run cmd /c echo %AppData% </dev/null 2>/dev/null | tr -d '\r')
default_dir=$(env -u WECOMDEV_HOME wine "$exe" version --json </dev/null 2>/dev/null | sed -nE 's/.*"dataDir": *"([^"]*)".*/\1/p' | sed 's/\\\\/\\/g')
if [[ -n "$appdata" && "$default_dir" == "$appdata\\wecomdev" ]]; then
	say "ok   the default data directory is %AppData%\\wecomdev ($default_dir)"
else
	fail "the default data directory is \"$default_dir\", want \"$appdata\\wecomdev\""
fi

ticket=kgt8ON7yVITDhtdwci0qeZ9sQf2JqAYY0pLRyuaMlSpGA8cd9xE4mcOxnqdSO8KtWyUSNF9HGZTjk1dCmlCNeQ
same sign sign --ticket "$ticket" --noncestr Wm3WZYTPz0wzccnW --timestamp 1414587457 \
	--url 'http://mp.weixin.qq.com?params=value' --json
same sign-text sign --ticket "$ticket" --noncestr Wm3WZYTPz0wzccnW --timestamp 1414587457 \
	--url 'https://example.com/a/?x=1#frag'
same diagnose diagnose --signed-url 'https://example.com/app/' --page-url 'https://example.com/app?x=1#/home' --json --lang en-US
same diagnose-zh diagnose --signed-url 'http://example.com/app' --page-url 'https://example.com/app/' --json --lang zh-CN
same usage-error sign --url
# The ticket must not be echoed to the console by any of it (stderr included).
if grep -lF "$ticket" "$work"/*.err 2>/dev/null; then fail "a ticket reached stderr"; fi

# The keychain through the program: `secret set` stores a profile's corp secret in Windows
# Credential Manager (go-keyring's wincred) as the generic credential
# "wecomdev:profile/NAME/corp-secret", a second process sees it stored, `secret delete`
# takes it away. Wine keeps credentials in its registry (user.reg), encrypted: the secret
# must not be there in clear text.
secret="wecomdevcheck$RANDOM$RANDOM$RANDOM" # the shape of a corp secret: letters and digits
if on_wine profile add kc --corp-id ww0123456789abcdef --agent-id 1000002 >/dev/null 2>&1 &&
	printf '%s' "$secret" | WECOMDEV_HOME=$win_home win_run "$exe" secret set kc >/dev/null 2>"$work/secret-set.err" &&
	on_wine profile list 2>/dev/null | grep -qE '^kc +ww0123456789abcdef +1000002 +stored ' &&
	{ wineserver -w; grep -qF 'Generic: wecomdev:profile/kc/corp-secret]' "$WINEPREFIX/user.reg"; } &&
	! grep -qF "$secret" "$WINEPREFIX/user.reg" &&
	on_wine secret delete kc >/dev/null 2>&1 &&
	on_wine profile list 2>/dev/null | grep -qE '^kc +ww0123456789abcdef +1000002 +missing '; then
	say "ok   secret set / profile list / secret delete: Credential Manager's wecomdev:profile/kc/corp-secret, not in clear text"
else
	fail "the corp secret did not go through Credential Manager: $(cat "$work/secret-set.err"; on_wine profile list 2>&1 | head -5)"
fi
on_wine profile remove kc >/dev/null 2>&1 || true

# --- 2. the Windows-only Go tests, under Wine --------------------------------------------------
gotest() { # gotest PACKAGE [ARGS...]: cross-compile its tests, run them under Wine
	local pkg=$1
	shift
	local bin
	bin="$work/$(tr '/.' '__' <<<"$pkg").test.exe"
	GOOS=windows GOARCH=amd64 go test -c -o "$bin" "$pkg"
	if (cd "$work" && win_run "$bin" -test.count=1 "$@" </dev/null >"$bin.log" 2>&1) && grep -q '^PASS' "$bin.log"; then
		say "ok   go test $pkg $* (under Wine): $(grep -c '^--- PASS' "$bin.log" || true) passed, $(grep -c '^--- SKIP' "$bin.log" || true) skipped"
		grep -B1 '^--- SKIP' "$bin.log" | grep -v '^--' | sed 's/^ */       skipped: /' || true
	else
		fail "go test $pkg $* under Wine:"
		tail -30 "$bin.log" >&2
	fi
}
gotest . -test.v
gotest ./internal/paths -test.v
gotest ./internal/tunnel -test.v -test.run 'Windows'
WECOMDEV_REQUIRE_KEYCHAIN=1 gotest ./internal/secrets/systemtest -test.v

((failed == 0)) && say "passed" || { say "FAILED"; exit 1; }
