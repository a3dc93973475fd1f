#!/usr/bin/env bash
# Part of `make test-dist`: the .deb on a clean Debian 12, not on this machine's packages.
#
#   scripts/dist/check-deb.sh dist/wecomdev_VERSION_ARCH.deb      (root: debootstrap, chroot)
#
# A minimal Debian 12 (debootstrap --variant=minbase bookworm; the base tarball is shared with
# `make test-fresh`'s cache, /var/cache/wecomdev-fresh, and made there when missing) gets
# this machine's apt sources and nothing else; inside it `apt-get install ./wecomdev_….deb`
# must pull in GTK 3 and WebKitGTK 4.1 from the Debian mirror by the package's Depends, then
# `wecomdev version` and an offline `wecomdev sign` must run, and the desktop entry and the
# icon must be where desktops look. The room is thrown away afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=$(readlink -f "${1:?usage: check-deb.sh WECOMDEV.deb}")
[[ $EUID -eq 0 ]] || { echo "check-deb: debootstrap and chroot need root: run as root" >&2; exit 1; }
say() { printf 'check-deb: %s\n' "$*"; }
suite=bookworm
arch=$(dpkg --print-architecture)
cache=${FRESH_CACHE-/var/cache/wecomdev-fresh}
# The mirror apt uses for bookworm (FRESH_MIRROR to choose another).
mirror=${FRESH_MIRROR:-$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null | awk -v s="$suite" '$2 == s { print $1; exit }')}
mirror=${mirror%/}
[[ -n "$mirror" ]] || { echo "check-deb: apt has no '$suite' source: set FRESH_MIRROR=URL of a Debian mirror" >&2; exit 1; }
# the same key as scripts/test-fresh.sh, so the two share one base
base="$cache/$suite-minbase-$arch-$(printf '%s %s %s' "$suite" "$arch" "$mirror" | sha256sum | cut -c1-12).tar"

room=$(mktemp -d /var/tmp/wecomdev-deb.XXXXXX)
chmod 755 "$room"
mounts=()
cleanup() {
	local rc=$? p i
	for p in /proc/[0-9]*; do
		[[ "$(readlink "$p/root" 2>/dev/null)" == "$room" ]] && kill -KILL "${p#/proc/}" 2>/dev/null
	done
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -R "${mounts[i]}" 2>/dev/null || umount -R -l "${mounts[i]}" || true; done
	if grep -qF " $room/" /proc/mounts; then
		say "something is still mounted under $room; not removing it"
	else
		rm -rf --one-file-system "$room"
	fi
	((rc == 0)) && say "passed" || say "FAILED (exit code $rc)"
}
trap cleanup EXIT

t=$SECONDS
if [[ -n "$cache" && -f "$base" ]]; then
	tar -xpf "$base" --numeric-owner -C "$room"
	say "a clean Debian 12 from $base ($((SECONDS - t)) s)"
else
	command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
	debootstrap --variant=minbase --arch="$arch" "$suite" "$room" "$mirror" >"$room.log" 2>&1 || { tail -n 20 "$room.log" >&2; rm -f "$room.log"; exit 1; }
	rm -f "$room.log"
	if [[ -n "$cache" ]]; then
		mkdir -p "$cache"
		tar -cpf "$base.tmp" --numeric-owner -C "$room" . && mv "$base.tmp" "$base"
	fi
	say "a clean Debian 12 by debootstrap from $mirror ($((SECONDS - t)) s)"
fi

# apt's sources and settings, the resolver: only what reaching the mirror needs
rm -rf "$room/etc/apt/sources.list" "$room/etc/apt/sources.list.d" "$room/etc/apt/apt.conf.d"
for f in /etc/apt/sources.list /etc/apt/sources.list.d /etc/apt/apt.conf.d /etc/apt/trusted.gpg /etc/apt/trusted.gpg.d /etc/apt/keyrings; do
	[[ -e "$f" ]] && cp -a "$f" "$room$f"
done
cp -L /etc/resolv.conf "$room/etc/resolv.conf"
cp -L /etc/hosts "$room/etc/hosts"
[[ -d /usr/local/share/ca-certificates ]] && cp -a /usr/local/share/ca-certificates/. "$room/usr/local/share/ca-certificates/"
mount -t proc proc "$room/proc" && mounts+=("$room/proc")
mount --rbind /dev "$room/dev" && mount --make-rslave "$room/dev" && mounts+=("$room/dev")
cp "$deb" "$room/root/"
in_room() {
	env -i HOME=/root LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
		chroot "$room" /bin/bash -euo pipefail -c "$1" &
	wait $!
}
! in_room 'command -v wecomdev || dpkg -s libwebkit2gtk-4.1-0 >/dev/null 2>&1' || { echo "check-deb: the room is not clean" >&2; exit 1; }

t=$SECONDS
in_room "apt-get update -qq && apt-get install -y -qq ./root/$(basename "$deb") >/tmp/apt.log 2>&1 || { tail -20 /tmp/apt.log; exit 1; }"
say "apt-get install ./$(basename "$deb"): $(in_room "grep -c '^Setting up' /tmp/apt.log") packages set up ($((SECONDS - t)) s)"
in_room 'dpkg -s libgtk-3-0 libwebkit2gtk-4.1-0 >/dev/null'
say "wecomdev version (in the room):"
in_room 'cd /root && WECOMDEV_HOME=/root/wd wecomdev version && WECOMDEV_HOME=/root/wd wecomdev version --json' | sed 's/^/  /'
in_room 'WECOMDEV_HOME=/root/wd wecomdev sign --ticket T --noncestr N --timestamp 1 --url https://example.com/ --json | grep -q "\"signature\""'
in_room 'test -x /usr/bin/wecomdev && test -f /usr/share/applications/wecomdev.desktop && ls /usr/share/icons/hicolor/*/apps/wecomdev.png >/dev/null'
say "ok: installed with its dependencies; /usr/bin/wecomdev, the desktop entry and the icon are in place; version and sign run"
in_room 'apt-get remove -y -qq wecomdev >/dev/null && ! command -v wecomdev'
say "ok: apt-get remove takes it away"
