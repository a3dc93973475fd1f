#!/usr/bin/env bash
# `make test-fresh`: the README's first commands on a fresh minimal Debian 12 (a clean room),
# so a green run cannot lean on something this machine installed earlier.
#
# The room is made by debootstrap (--variant=minbase bookworm) and gets only what the README
# asks a new user to have: Go and Node.js (copied from this machine), git, make and
# ca-certificates (apt inside the room), and this machine's package-registry settings (apt's
# sources and apt.conf.d, Go's env file and GO* variables, npm's global and user config, the
# extra CA certificates); nothing else. Inside it clones the committed HEAD of this checkout and
# runs `make build` and `./build/bin/wecomdev version` (with TEST=1 also `make test`), stopping
# at the first error and printing how long each step took.
#
#   scripts/test-fresh.sh                 (root, or sudo; needs network to the registries)
#   TEST=1 scripts/test-fresh.sh          also `make test` in the room (Xvfb, Chromium, ...)
#   FRESH_KEEP=1 scripts/test-fresh.sh    keep the room afterwards, to look inside
#   FRESH_MIRROR=URL                      the Debian mirror (default: from apt's sources)
#   FRESH_CACHE=DIR                       where the debootstrap base is kept between runs
#                                         (default /var/cache/wecomdev-fresh; empty: no cache)
#
# The cache holds only debootstrap's own output, tarred before anything is added, and is
# remade after 7 days or when the mirror changes; every run unpacks it into a new, empty
# directory and throws that away at the end, so each room is fresh.
set -euo pipefail

passthrough=(TEST FRESH_KEEP FRESH_MIRROR FRESH_CACHE
	GOPROXY GONOSUMDB GONOSUMCHECK GONOPROXY GOPRIVATE GOSUMDB GOINSECURE GOFLAGS GOTOOLCHAIN GOAUTH
	NODE_EXTRA_CA_CERTS npm_config_registry npm_config_cafile NPM_CONFIG_REGISTRY NPM_CONFIG_CAFILE
	http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY)
if [[ $EUID -ne 0 ]]; then
	command -v sudo >/dev/null || { echo "test-fresh: debootstrap and chroot need root: run as root" >&2; exit 1; }
	exec sudo --preserve-env="$(
		IFS=,
		echo "${passthrough[*]}"
	)" "$0" "$@"
fi
[[ "$(uname -s)" == Linux ]] || { echo "test-fresh: needs Linux (debootstrap, chroot)" >&2; exit 1; }

cd "$(dirname "$0")/.."
say() { printf 'test-fresh: %s\n' "$*"; }
die() { printf 'test-fresh: %s\n' "$*" >&2; exit 1; }

suite=bookworm
arch=$(dpkg --print-architecture)
cache=${FRESH_CACHE-/var/cache/wecomdev-fresh}
max_age_days=7

# --- timing ------------------------------------------------------------------------------
declare -a times=()
t_all=$SECONDS
step_name="" t_step=0
step() {
	step_done
	step_name=$1 t_step=$SECONDS
	say "== $step_name"
}
step_done() {
	[[ -n "$step_name" ]] || return 0
	times+=("$(printf '%-44s %4d s' "$step_name" $((SECONDS - t_step)))")
	say "   $step_name: $((SECONDS - t_step)) s"
	step_name=""
}
summary() {
	printf 'test-fresh: step times\n'
	printf '  %s\n' "${times[@]}"
	printf '  %-44s %4d s\n' total $((SECONDS - t_all))
}

# --- the Debian mirror, from apt's own sources -------------------------------------------------
# The first `deb` source whose suite is exactly $suite, in one-line (.list) or deb822 (.sources)
# form.
apt_mirror() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[[ -f "$f" ]] || continue
		awk -v s="$suite" '$1 == "deb" {
			i = 2
			if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
			if ($(i + 1) == s) { print $i; exit }
		}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[[ -f "$f" ]] || continue
		awk -v s="$suite" 'BEGIN { RS = "" } {
			types = uris = suites = ""
			n = split($0, lines, "\n")
			for (j = 1; j <= n; j++) {
				if (lines[j] ~ /^#/) continue
				if (lines[j] ~ /^Types:/) types = " " substr(lines[j], 7) " "
				if (lines[j] ~ /^URIs:/) uris = substr(lines[j], 6)
				if (lines[j] ~ /^Suites:/) suites = " " substr(lines[j], 8) " "
			}
			split(uris, u, " ")
			if (types ~ / deb / && suites ~ (" " s " ") && u[1] != "") { print u[1]; exit }
		}' "$f"
	done
}
mirror=${FRESH_MIRROR:-$(apt_mirror | head -n1)}
[[ -n "$mirror" ]] || die "no '$suite' source in /etc/apt/sources.list{,.d}: set FRESH_MIRROR=URL of a Debian mirror"

# --- what is copied in, found before anything is made --------------------------------------------
command -v go >/dev/null || die "Go is not on PATH: the room gets this machine's Go (the README's prerequisite)"
command -v node >/dev/null && command -v npm >/dev/null || die "Node.js and npm are not on PATH: the room gets this machine's Node.js"
goroot=$(go env GOROOT)
goenv=$(go env GOENV)
node_bin=$(readlink -f "$(command -v node)")
node_prefix=$(dirname "$(dirname "$node_bin")")
[[ -d "$node_prefix/lib/node_modules/npm" ]] || die "npm is not in $node_prefix/lib/node_modules/npm: cannot tell which files make up this machine's Node.js install"
npm_global=$(npm config get globalconfig)
npm_user=$(npm config get userconfig)
head_commit=$(git rev-parse HEAD)
say "mirror $mirror; Go $(go env GOVERSION) from $goroot; Node.js $(node --version) from $node_prefix; HEAD ${head_commit:0:12}"
[[ -z "$(git status --porcelain --untracked-files=no)" ]] || say "note: uncommitted changes here are not in the room (it clones HEAD)"

command -v debootstrap >/dev/null || {
	say "installing debootstrap (apt-get)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
}

# --- the room and its clean-up on every exit path ------------------------------------------------
room=$(mktemp -d /var/tmp/wecomdev-fresh.XXXXXX)
chmod 755 "$room" # the room's / (mktemp makes it 700: apt's _apt user could not get in)
mounts=()
cleanup() {
	local rc=$? p m
	step_done
	# Anything still running with its root in the room (a daemon a test left) holds the mounts.
	for p in /proc/[0-9]*; do
		[[ "$(readlink "$p/root" 2>/dev/null)" == "$room" ]] && kill -KILL "${p#/proc/}" 2>/dev/null
	done
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		m=${mounts[i]}
		umount -R "$m" 2>/dev/null || umount -R -l "$m" 2>/dev/null || true
	done
	if grep -qF " $room/" /proc/mounts; then
		say "something is still mounted under $room; not removing it (umount -R it, then rm -rf)"
	elif [[ -n "${FRESH_KEEP:-}" ]]; then
		say "the room is kept in $room (chroot $room /bin/bash)"
	else
		rm -rf --one-file-system "$room"
	fi
	((${#times[@]})) && summary
	((rc == 0)) && say "passed" || say "FAILED (exit code $rc)"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 1. a minimal Debian 12 ------------------------------------------------------------------------
key=$(printf '%s %s %s' "$suite" "$arch" "$mirror" | sha256sum | cut -c1-12)
base="$cache/$suite-minbase-$arch-$key.tar"
if [[ -n "$cache" && -f "$base" && -z "$(find "$base" -mtime +"$max_age_days")" ]]; then
	step "unpack the debootstrap base ($base)"
	tar -xpf "$base" --numeric-owner -C "$room"
else
	step "debootstrap --variant=minbase $suite ($mirror)"
	debootstrap --variant=minbase --arch="$arch" "$suite" "$room" "$mirror" >"$room.debootstrap.log" 2>&1 || {
		tail -n 30 "$room.debootstrap.log" >&2
		rm -f "$room.debootstrap.log"
		die "debootstrap failed"
	}
	rm -f "$room.debootstrap.log"
	if [[ -n "$cache" ]]; then
		mkdir -p "$cache"
		rm -f "$cache/$suite-minbase-$arch-"*.tar
		tar -cpf "$base.tmp" --numeric-owner -C "$room" . && mv "$base.tmp" "$base"
	fi
fi

# --- 2. Go, Node.js and the registry settings ------------------------------------------------------------
step "copy in Go, Node.js and the registry settings"
copy() { # copy SRC [DEST-in-room]: the file or folder at the same path in the room
	local src=$1 dst=$room${2:-$1}
	mkdir -p "$(dirname "$dst")"
	cp -a "$src" "$dst"
}
copy "$goroot" /usr/local/go
copy "$node_bin"
for d in "$node_prefix"/lib/node_modules/*; do copy "$d"; done
for b in npm npx corepack; do
	l="$node_prefix/bin/$b"
	[[ -L "$l" ]] && copy "$l"
done
# apt: sources, their keyrings, settings. Network: the resolver and hosts.
rm -rf "$room/etc/apt/sources.list" "$room/etc/apt/sources.list.d" "$room/etc/apt/apt.conf.d"
[[ -f /etc/apt/sources.list ]] && copy /etc/apt/sources.list
copy /etc/apt/sources.list.d
copy /etc/apt/apt.conf.d
for k in /etc/apt/trusted.gpg /etc/apt/trusted.gpg.d /etc/apt/keyrings; do [[ -e "$k" ]] && copy "$k"; done
for k in $(grep -rhoE '(Signed-By:|signed-by=)[[:space:]]*/[^] ,]+' /etc/apt/sources.list /etc/apt/sources.list.d 2>/dev/null | sed -E 's/^(Signed-By:|signed-by=)[[:space:]]*//' | sort -u); do
	[[ -f "$k" && ! -f "$room$k" ]] && copy "$k"
done
cp -L /etc/resolv.conf "$room/etc/resolv.conf"
cp -L /etc/hosts "$room/etc/hosts"
# Go's env file, npm's config files, the extra CA certificates (installed in step 3).
[[ -f "$goenv" ]] && copy "$goenv" "/root/${goenv#"$HOME"/}"
[[ -f "$npm_global" ]] && copy "$npm_global"
[[ -f "$npm_user" ]] && copy "$npm_user" "/root/${npm_user#"$HOME"/}"
[[ -d /usr/local/share/ca-certificates ]] && copy /usr/local/share/ca-certificates

mount -t proc proc "$room/proc" && mounts+=("$room/proc")
mount --rbind /sys "$room/sys" && mount --make-rslave "$room/sys" && mounts+=("$room/sys")
mount --rbind /dev "$room/dev" && mount --make-rslave "$room/dev" && mounts+=("$room/dev")

# Only the variables a fresh login would have, plus the registry ones set here.
room_env=(HOME=/root USER=root LOGNAME=root SHELL=/bin/bash LANG=C.UTF-8 TERM=dumb
	PATH=/usr/local/go/bin:/root/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	DEBIAN_FRONTEND=noninteractive)
for v in "${passthrough[@]}"; do
	[[ "$v" == TEST || "$v" == FRESH_* ]] && continue
	[[ -n "${!v:-}" ]] && room_env+=("$v=${!v}")
done
# In the background and waited for, so that a signal to this script runs the clean-up at once
# (bash runs traps only between foreground commands); the clean-up stops what runs in the room.
in_room() {
	env -i "${room_env[@]}" chroot "$room" /bin/bash -euo pipefail -c "$1" &
	wait $!
}

# --- 3. git, make, CA certificates -------------------------------------------------------------------------
step "apt-get install git make ca-certificates"
in_room 'apt-get update -qq && apt-get install -y -qq --no-install-recommends git make ca-certificates >/dev/null && update-ca-certificates >/dev/null'
in_room 'go version && node --version && npm --version && git --version | head -n1 && make --version | head -n1'

# --- 4. the repository -------------------------------------------------------------------------------------
step "git clone (HEAD ${head_commit:0:12})"
git bundle create -q "$room/root/wecomdev.bundle" HEAD
in_room "git -c advice.detachedHead=false clone -q /root/wecomdev.bundle /root/wecomdev && cd /root/wecomdev && git -c advice.detachedHead=false checkout -q --detach $head_commit && rm /root/wecomdev.bundle"

# --- 5. the README's commands ----------------------------------------------------------------------------------
step "make build"
in_room 'cd /root/wecomdev && make build'
step "./build/bin/wecomdev version"
in_room 'cd /root/wecomdev && ./build/bin/wecomdev version'
if [[ -n "${TEST:-}" ]]; then
	step "make test"
	in_room 'cd /root/wecomdev && make test'
fi
step_done
