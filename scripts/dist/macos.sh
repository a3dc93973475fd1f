#!/usr/bin/env bash
# `make dist-macos`, on a Mac only (Xcode command line tools): the universal (arm64 + amd64)
# wecomdev.app and a .dmg with it and a link to /Applications, into dist/:
#
#   dist/wecomdev-VERSION-macos-universal.dmg
#   dist/wecomdev-VERSION-macos-universal.app.zip    the .app alone (ditto keeps its signature)
#
# Unsigned unless MACOS_SIGN_IDENTITY names a "Developer ID Application: …" certificate in the
# keychain; then the app and the dmg are signed (hardened runtime) and, when MACOS_NOTARY_PROFILE
# names a `xcrun notarytool store-credentials` profile, notarised and stapled (README,
# "Releases"). This is not run on every change: only by the release workflow
# (.github/workflows/release.yml) and by a maintainer on a Mac.
# Environment (the Makefile sets them): WAILS, LDFLAGS, VERSION, DIST.
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ "$(uname -s)" == Darwin ]] || {
	echo "dist-macos: builds only on macOS (the .app needs Apple's toolchain; hdiutil makes the .dmg)" >&2
	exit 1
}
source scripts/dist/version.sh
: "${WAILS:?set WAILS to the wails CLI (make dist-macos does)}"
: "${LDFLAGS:?set LDFLAGS (make dist-macos does)}"
mkdir -p "$DIST"
rm -rf build/bin/wecomdev.app
"$WAILS" build -platform darwin/universal -m -nosyncgomod -s -trimpath -ldflags "$LDFLAGS"
app=build/bin/wecomdev.app
# The bundle's version: wails.json's productVersion (Info.plist), the full describe string
# as the build number.
/usr/libexec/PlistBuddy -c "Set :CFBundleVersion $VERSION" "$app/Contents/Info.plist" 2>/dev/null || true

if [[ -n "${MACOS_SIGN_IDENTITY:-}" ]]; then
	codesign --force --deep --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$app"
	codesign --verify --strict --verbose=2 "$app"
fi

base="wecomdev-$VERSION-macos-universal"
ditto -c -k --keepParent "$app" "$DIST/$base.app.zip"
room=$(mktemp -d)
trap 'rm -rf "$room"' EXIT
cp -R "$app" "$room/"
ln -s /Applications "$room/Applications"
rm -f "$DIST/$base.dmg"
hdiutil create -volname wecomdev -srcfolder "$room" -ov -format UDZO "$DIST/$base.dmg"

if [[ -n "${MACOS_SIGN_IDENTITY:-}" ]]; then
	codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$DIST/$base.dmg"
	if [[ -n "${MACOS_NOTARY_PROFILE:-}" ]]; then
		xcrun notarytool submit "$DIST/$base.dmg" --keychain-profile "$MACOS_NOTARY_PROFILE" --wait
		xcrun stapler staple "$DIST/$base.dmg"
		xcrun stapler validate "$DIST/$base.dmg"
	fi
fi
ls -l "$DIST/$base".*
