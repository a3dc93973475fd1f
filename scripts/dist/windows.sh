#!/usr/bin/env bash
# `make dist-windows`: wecomdev.exe for Windows amd64 and arm64 and their NSIS installers,
# cross-built on this machine (Wails' Windows build needs no cgo), into dist/:
#
#   dist/wecomdev-VERSION-windows-amd64.exe             the program (GUI subsystem; a
#   dist/wecomdev-VERSION-windows-arm64.exe             subcommand attaches to the console)
#   dist/wecomdev-VERSION-windows-amd64-setup.exe       the installers (NSIS: Start menu,
#   dist/wecomdev-VERSION-windows-arm64-setup.exe       uninstaller, WebView2 bootstrapper)
#
# Version resource, icon and manifest: build/windows/ (info.json, icon.ico,
# wails.exe.manifest) filled from wails.json. Needs `makensis` (Debian: nsis).
# Environment (the Makefile sets them): WAILS, LDFLAGS, VERSION, ARCHES (default "amd64 arm64").
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/dist/version.sh
: "${WAILS:?set WAILS to the wails CLI (make dist-windows does)}"
: "${LDFLAGS:?set LDFLAGS (make dist-windows does)}"
command -v makensis >/dev/null || {
	echo "dist-windows: makensis is missing: apt-get install -y nsis (macOS: brew install makensis)" >&2
	exit 1
}
mkdir -p "$DIST"
# Wails writes into the checkout while it builds: it renders the installer's
# wails_tools.nsh template in place, unpacks the WebView2 bootstrapper into installer/tmp and
# leaves the version resource wecomdev-res.syso in the top folder (a later Linux build would
# link it). Put all of it back as it was.
nsh=build/windows/installer/wails_tools.nsh
nsh_copy=$(mktemp)
cp "$nsh" "$nsh_copy"
restore() {
	cp "$nsh_copy" "$nsh" && rm -f "$nsh_copy"
	rm -rf build/windows/installer/tmp wecomdev-res.syso
}
trap restore EXIT
for arch in ${ARCHES:-amd64 arm64}; do
	echo "dist-windows: windows/$arch"
	rm -f build/bin/wecomdev.exe build/bin/wecomdev-"$arch"-installer.exe
	# -s: the frontend is built once by the Makefile's `frontend` prerequisite.
	scripts/hide-harmless.sh "$WAILS" build -platform "windows/$arch" -nsis -m -nosyncgomod -s -trimpath \
		-ldflags "$LDFLAGS"
	mv build/bin/wecomdev.exe "$DIST/wecomdev-$VERSION-windows-$arch.exe"
	mv build/bin/wecomdev-"$arch"-installer.exe "$DIST/wecomdev-$VERSION-windows-$arch-setup.exe"
done
ls -l "$DIST"/wecomdev-"$VERSION"-windows-*
