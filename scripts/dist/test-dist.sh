#!/usr/bin/env bash
# `make test-dist` (after `make dist`; root, network to the Debian mirror; not part of
# `make test`): checks the release artifacts in dist/.
#
#   1. SHA256SUMS matches the files; `wecomdev version --json` says the version, commit and
#      build date git gave (`git describe --tags --always --dirty`, `git rev-parse`)
#   2. the .deb installs with apt-get in a clean Debian 12 and runs (check-deb.sh)
#   3. the Windows exe's CLI under Wine prints what the Linux build prints, and the
#      Windows-only Go tests pass under Wine (check-windows.sh)
# Environment (the Makefile sets them): VERSION, DIST; BIN (default build/bin/wecomdev).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/dist/version.sh
BIN=${BIN:-build/bin/wecomdev}
say() { printf 'test-dist: %s\n' "$*"; }
declare -a times=()
timed() { # timed NAME COMMAND...
	local name=$1 t=$SECONDS
	shift
	say "== $name"
	"$@"
	times+=("$(printf '%-40s %4d s' "$name" $((SECONDS - t)))")
}

sums() {
	(cd "$DIST" && sha256sum --quiet -c SHA256SUMS)
	say "ok   SHA256SUMS: $(wc -l <"$DIST/SHA256SUMS") files match"
}
version() {
	local json want_commit
	json=$("$BIN" version --json)
	want_commit=$(git rev-parse --short=12 HEAD)
	grep -q "\"version\": *\"$VERSION\"" <<<"$json" || { say "FAIL: version --json $json, want version $VERSION (git describe)"; return 1; }
	grep -q "\"commit\": *\"$want_commit\"" <<<"$json" || { say "FAIL: version --json $json, want commit $want_commit"; return 1; }
	grep -qE '"buildDate": *"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"' <<<"$json" || { say "FAIL: version --json $json has no build date"; return 1; }
	say "ok   version --json: $(tr -d '\n' <<<"$json" | tr -s ' ')"
}
arch=$(dpkg --print-architecture)
timed "SHA256SUMS" sums
timed "version --json against git" version
timed "the .deb in a clean Debian 12" scripts/dist/check-deb.sh "$DIST/wecomdev_${PKG_VERSION}_$arch.deb"
timed "the Windows CLI under Wine" scripts/dist/check-windows.sh "$DIST/wecomdev-$VERSION-windows-amd64.exe" "$BIN"
say "step times"
printf '  %s\n' "${times[@]}"
say "passed"
