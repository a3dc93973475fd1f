#!/usr/bin/env bash
# `make dist-sums` (the last step of `make dist`): dist/SHA256SUMS over every artifact of this
# version in dist/, in the format `sha256sum -c SHA256SUMS` checks (and PowerShell's
# Get-FileHash, macOS's `shasum -a 256 -c`).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/dist/version.sh
cd "$DIST"
shopt -s nullglob
files=(wecomdev-"$VERSION"-* wecomdev_"$PKG_VERSION"_*.deb)
((${#files[@]})) || { echo "dist-sums: no artifact of $VERSION in $DIST/: run make dist" >&2; exit 1; }
sha256sum -- "${files[@]}" >SHA256SUMS
cat SHA256SUMS
