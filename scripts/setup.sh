#!/usr/bin/env bash
# Installs what wecomdev needs to build (and, with --test, to run its tests), and only what is
# missing. Everything comes from package registries: Debian/Ubuntu packages, the Go module
# proxy (the Wails CLI) and the npm registry (frontend packages). Nothing is downloaded from
# anywhere else.
#
#   scripts/setup.sh          build and run the app
#   scripts/setup.sh --test   also the test tools (Xvfb, gnome-keyring, Chromium, ...)
#   scripts/setup.sh --bench  also wrk, the load generator of `make bench`, and taskset (util-linux)
set -euo pipefail

NODE_MIN=20.19

mode=build
[[ "${1:-}" == "--test" ]] && mode="test"
[[ "${1:-}" == "--bench" ]] && mode="bench"

cd "$(dirname "$0")/.."
say() { printf 'setup: %s\n' "$*"; }
t0=$SECONDS
took() { say "$1 took $((SECONDS - t0)) s"; t0=$SECONDS; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

# go.mod is the one home of both: the Go it needs (its `go` line) and the Wails version the CLI
# must match.
GO_MIN=$(awk '$1 == "go" { print $2; exit }' go.mod)
WAILS_VERSION=$(awk '$1 == "github.com/wailsapp/wails/v2" { print $2; exit }' go.mod)
[[ -n "$GO_MIN" && -n "$WAILS_VERSION" ]] || die "cannot read the go line or the github.com/wailsapp/wails/v2 version from go.mod"

# version_ge A B: A >= B for dotted versions.
version_ge() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]; }

os=$(uname -s)
case "$os" in
Linux) ;;
Darwin)
	missing=()
	xcode-select -p >/dev/null 2>&1 || missing+=("Xcode command line tools: xcode-select --install")
	command -v go >/dev/null || missing+=("Go ${GO_MIN}+: brew install go")
	command -v node >/dev/null || missing+=("Node.js ${NODE_MIN}+ and npm: brew install node")
	if ((${#missing[@]})); then
		printf 'setup: macOS is missing:\n' >&2
		printf '  - %s\n' "${missing[@]}" >&2
		die "install them, then run make again."
	fi
	;;
MINGW* | MSYS* | CYGWIN*)
	missing=()
	command -v go >/dev/null || missing+=("Go ${GO_MIN}+: winget install GoLang.Go")
	command -v node >/dev/null || missing+=("Node.js ${NODE_MIN}+ and npm: winget install OpenJS.NodeJS.LTS")
	if ! reg query 'HKLM\SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}' >/dev/null 2>&1 &&
		! reg query 'HKCU\Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}' >/dev/null 2>&1; then
		missing+=("Microsoft Edge WebView2 Runtime: winget install Microsoft.EdgeWebView2Runtime")
	fi
	if ((${#missing[@]})); then
		printf 'setup: Windows is missing:\n' >&2
		printf '  - %s\n' "${missing[@]}" >&2
		die "install them, then run make again from Git Bash."
	fi
	;;
*) die "unsupported system $os: wecomdev builds on Linux (Debian/Ubuntu), macOS and Windows" ;;
esac

# --- Debian / Ubuntu packages -------------------------------------------------------------
if [[ "$os" == Linux ]]; then
	if ! command -v apt-get >/dev/null || ! command -v dpkg-query >/dev/null; then
		die "this is Linux without apt: install GTK 3 and WebKitGTK 4.1 (or 4.0) development packages, Go ${GO_MIN}+ and Node.js ${NODE_MIN}+ yourself, then run make again"
	fi
	installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
	sudo=""
	if [[ $EUID -ne 0 ]]; then
		if command -v sudo >/dev/null; then sudo="sudo"; else sudo="NONE"; fi
	fi
	updated=""
	apt_update() {
		[[ -n "$updated" ]] && return
		$sudo apt-get update -qq
		updated=1
	}

	pkgs=(build-essential pkg-config libgtk-3-dev)
	if ! installed libwebkit2gtk-4.1-dev && ! installed libwebkit2gtk-4.0-dev; then
		# 4.1 on Debian 12+ and Ubuntu 22.04+; 4.0 on older releases.
		[[ "$sudo" != NONE ]] && apt_update
		if apt-cache show libwebkit2gtk-4.1-dev >/dev/null 2>&1; then
			pkgs+=(libwebkit2gtk-4.1-dev)
		else
			pkgs+=(libwebkit2gtk-4.0-dev)
		fi
	fi
	if [[ "$mode" == test ]]; then
		# Xvfb + xdotool + ImageMagick: a real window and its screenshot without a display;
		# gnome-keyring + dbus: a real Secret Service keychain; Chromium: the UI test's browser;
		# Noto CJK: Chinese glyphs in screenshots; openssh-server: the SSH tunnel's tests start
		# their own sshd on 127.0.0.1 (the system's sshd is not started, see below); sqlite3: the
		# window checks set the language and theme in a fresh database (scripts/e2e-ticket-ttl.sh).
		pkgs+=(xvfb xauth xdotool imagemagick dbus dbus-x11 gnome-keyring libsecret-tools chromium fonts-noto-cjk curl openssh-server sqlite3)
	fi
	[[ "$mode" == bench ]] && pkgs+=(wrk) # make bench's load generator (scripts/bench/loadtest)
	# taskset pins the load generator and the server under load to a CPU each (scripts/bench/loadtest/pin.go)
	[[ "$mode" == bench ]] && ! command -v taskset >/dev/null && pkgs+=(util-linux)
	# Go and Node.js from apt only when the distribution's are new enough (Debian 12 has Go
	# 1.19 and Node.js 18); otherwise the check below says what to install.
	candidate() { apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" { print $2 }' | sed -E 's/^[0-9]+://; s/[~+-].*//'; }
	if ! command -v go >/dev/null; then
		[[ "$sudo" != NONE ]] && apt_update
		c=$(candidate golang-go)
		[[ -n "$c" && "$c" != "(none)" ]] && version_ge "$c" "$GO_MIN" && pkgs+=(golang-go)
	fi
	if ! command -v node >/dev/null; then
		[[ "$sudo" != NONE ]] && apt_update
		c=$(candidate nodejs)
		[[ -n "$c" && "$c" != "(none)" ]] && version_ge "$c" "$NODE_MIN" && pkgs+=(nodejs npm)
	fi
	missing=()
	for p in "${pkgs[@]}"; do installed "$p" || missing+=("$p"); done
	if ((${#missing[@]})); then
		if [[ "$sudo" == NONE ]]; then
			die "missing Debian packages, and no root or sudo to install them. Run as root:
  apt-get update && apt-get install -y ${missing[*]}"
		fi
		say "installing Debian packages: ${missing[*]}"
		t0=$SECONDS
		apt_update
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
		took "the Debian packages (apt-get update and install)"
		# We installed openssh-server only for the tests' own sshd: do not leave a system
		# sshd listening on port 22 because of `make test`.
		if [[ " ${missing[*]} " == *" openssh-server "* ]] && command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
			$sudo systemctl disable --now ssh.service >/dev/null 2>&1 || true
			say "openssh-server was installed for the tests; its system service is disabled (the tests run their own sshd)"
		fi
	fi
fi

# --- Go and Node.js versions --------------------------------------------------------------
command -v go >/dev/null || die "Go ${GO_MIN}+ (go.mod's go line) is required and was not found on PATH: install it from https://go.dev/dl/ and put its bin folder on PATH"
gov=$(go env GOVERSION | sed 's/^go//')
version_ge "$gov" "$GO_MIN" || die "Go $gov is too old: wecomdev needs Go ${GO_MIN}+ (go.mod's go line; Debian's golang-go lags): install it from https://go.dev/dl/ and put it first on PATH"
command -v node >/dev/null && command -v npm >/dev/null || die "Node.js ${NODE_MIN}+ with npm is required and was not found on PATH: install it from https://nodejs.org/ (or your distribution's nodejs if new enough)"
nodev=$(node --version | sed 's/^v//')
version_ge "$nodev" "$NODE_MIN" || die "Node.js $nodev is too old: the frontend build (Vite) needs Node.js ${NODE_MIN}+"

# --- the Wails CLI, pinned, from the Go module proxy ---------------------------------------
wails="$(go env GOPATH)/bin/wails"
[[ "$os" == MINGW* || "$os" == MSYS* || "$os" == CYGWIN* ]] && wails="$wails.exe"
# `wails version` also prints a sponsor banner: compare the version line alone.
if [[ ! -x "$wails" ]] || [[ "$("$wails" version 2>/dev/null | grep -m1 -oE '^v[0-9][^[:space:]]*')" != "$WAILS_VERSION" ]]; then
	say "installing the Wails CLI $WAILS_VERSION (go install)"
	t0=$SECONDS
	go install "github.com/wailsapp/wails/v2/cmd/wails@$WAILS_VERSION"
	took "the Wails CLI"
fi

# --- frontend packages, exactly as locked ----------------------------------------------------
if [[ ! -f frontend/node_modules/.package-lock.json ]] || [[ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]]; then
	say "installing frontend packages (npm ci)"
	t0=$SECONDS
	(cd frontend && npm ci --no-audit --no-fund --loglevel=error)
	took "npm ci"
fi
say "ready ($mode)"
