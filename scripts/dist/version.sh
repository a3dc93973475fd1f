# Sourced by the scripts/dist/*.sh scripts: the version strings of a release build.
#
#   VERSION      what `git describe --tags --always --dirty` says (the Makefile passes it;
#                it is also linked into the binary: `wecomdev version`)
#   PRODUCT      the numeric product version in wails.json (info.productVersion): Windows'
#                version resource, the installer, Info.plist. The one home of the number.
#   PKG_VERSION  the package version: PRODUCT for a build of the tag v$PRODUCT, else
#                PRODUCT~dev.<describe> (sorts before the release, as Debian's `~` does)
#
# A build of a tag vX.Y.Z whose X.Y.Z is not wails.json's productVersion stops: bump
# wails.json first (README, "Releases").
VERSION=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo 0.0.0-dev)}
PRODUCT=$(sed -n 's/.*"productVersion": *"\([^"]*\)".*/\1/p' wails.json)
[[ "$PRODUCT" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || {
	echo "dist: wails.json's info.productVersion is \"$PRODUCT\", want X.Y.Z" >&2
	exit 1
}
if [[ "$VERSION" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
	[[ "${VERSION#v}" == "$PRODUCT" ]] || {
		echo "dist: the tag $VERSION and wails.json's productVersion $PRODUCT differ: set \"productVersion\": \"${VERSION#v}\" in wails.json" >&2
		exit 1
	}
	PKG_VERSION=$PRODUCT
else
	PKG_VERSION="$PRODUCT~dev.$(tr -c 'A-Za-z0-9.+\n' '.' <<<"${VERSION#v}")"
fi
DIST=${DIST:-dist}
