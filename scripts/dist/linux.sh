#!/usr/bin/env bash
# `make dist-linux`: the Linux build (`make build`'s binary, WebKitGTK 4.1) as a Debian package
# and a plain tarball, into dist/:
#
#   dist/wecomdev_PKGVERSION_ARCH.deb          /usr/bin/wecomdev, the desktop entry, the icon;
#                                              Depends: the GTK 3 / WebKitGTK 4.1 libraries
#   dist/wecomdev-VERSION-linux-ARCH.tar.gz    wecomdev/{wecomdev, wecomdev.desktop, wecomdev.png}
#
# The .deb is made by dpkg-deb from a staged tree (no debian/ source package). Its Depends are
# the libraries the binary links to, by the Debian 12 package names (checked by `make
# test-dist`, which installs it in a clean Debian 12 and runs `wecomdev version`).
# Environment (the Makefile sets them): BIN (the built binary), VERSION, DIST; DEB_MAINTAINER
# (default "wecomdev developers <noreply@wecomdev.invalid>").
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/dist/version.sh
: "${BIN:?set BIN to the built binary (make dist-linux does)}"
arch=$(dpkg --print-architecture 2>/dev/null || go env GOARCH)
grep -q 'libwebkit2gtk-4.1' < <(ldd "$BIN") || {
	echo "dist-linux: $BIN does not link WebKitGTK 4.1 (built without -tags webkit2_41?): the .deb declares 4.1" >&2
	exit 1
}
# icons: the 1024 px app icon scaled for the hicolor theme (ImageMagick when present; else
# only the full size, which desktops scale)
icon_sizes=(512 256 128 64 48 32)
convert_cmd=$(command -v /usr/bin/convert || true)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$DIST"

# --- the .deb ---------------------------------------------------------------------------------
root=$stage/deb
install -D -m 0755 "$BIN" "$root/usr/bin/wecomdev"
install -D -m 0644 build/linux/wecomdev.desktop "$root/usr/share/applications/wecomdev.desktop"
if [[ -n "$convert_cmd" ]]; then
	for s in "${icon_sizes[@]}"; do
		mkdir -p "$root/usr/share/icons/hicolor/${s}x$s/apps"
		"$convert_cmd" build/appicon.png -resize "${s}x$s" -depth 8 "$root/usr/share/icons/hicolor/${s}x$s/apps/wecomdev.png"
	done
else
	install -D -m 0644 build/appicon.png "$root/usr/share/icons/hicolor/1024x1024/apps/wecomdev.png"
fi
mkdir -p "$root/usr/share/doc/wecomdev"
cat >"$root/usr/share/doc/wecomdev/copyright" <<COPY
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: wecomdev
Source: the wecomdev repository, $VERSION

Files: *
Copyright: wecomdev developers
COPY
mkdir -p "$root/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
# libwebkit2gtk-4.1-0 brings libjavascriptcoregtk-4.1-0 and libsoup-3.0-0 with it; the rest
# are what the binary itself links (`objdump -p BIN | grep NEEDED`; Debian 12 names).
cat >"$root/DEBIAN/control" <<CONTROL
Package: wecomdev
Version: $PKG_VERSION
Architecture: $arch
Maintainer: ${DEB_MAINTAINER:-wecomdev developers <noreply@wecomdev.invalid>}
Installed-Size: $size
Depends: libc6 (>= 2.34), libglib2.0-0 (>= 2.72), libgtk-3-0 (>= 3.24), libgdk-pixbuf-2.0-0 (>= 2.40), libwebkit2gtk-4.1-0 (>= 2.40), libjavascriptcoregtk-4.1-0, libsoup-3.0-0
Suggests: gnome-keyring
Section: devel
Priority: optional
Description: developer console for WeCom (企业微信) H5 and JS-SDK work
 Signs ww.register / wx.config / wx.agentConfig with a breakdown of the sign
 string, diagnoses "invalid signature", serves a signing endpoint a tunnel
 exposes to the WeCom browser on a phone, and makes join-way QR codes. The
 same binary runs headless: wecomdev help. Secrets stay in the Secret Service
 keychain (gnome-keyring or KWallet).
CONTROL
deb="$DIST/wecomdev_${PKG_VERSION}_$arch.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null

# --- the tarball ------------------------------------------------------------------------------
tdir=$stage/tar/wecomdev
mkdir -p "$tdir"
install -m 0755 "$BIN" "$tdir/wecomdev"
install -m 0644 build/linux/wecomdev.desktop "$tdir/wecomdev.desktop"
icon=$root/usr/share/icons/hicolor/512x512/apps/wecomdev.png
[[ -f "$icon" ]] || icon=build/appicon.png
install -m 0644 "$icon" "$tdir/wecomdev.png"
tgz="$DIST/wecomdev-$VERSION-linux-$(go env GOARCH).tar.gz"
tar -C "$stage/tar" --owner=0 --group=0 --numeric-owner -czf "$tgz" wecomdev
ls -l "$deb" "$tgz"
