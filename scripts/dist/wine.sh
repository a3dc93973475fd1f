# Sourced by scripts/dist/check-windows.sh: a Wine prefix of our own that runs Go programs.
#
#   WINEPREFIX   default /var/cache/wecomdev-wine (made once by `wineboot`, ~1 min; kept)
#   win_run EXE ARGS...   runs a Windows program under Wine, its stdio the caller's
#
# Debian 12's Wine is 8.0, which lacks bcryptprimitives.dll; Go 1.22+ needs its ProcessPrng
# at start-up. When the prefix has none, a stand-in built from scripts/dist/wine/ (mingw-w64)
# is put in the prefix's system32. Real Windows 10 and later have the DLL.
export WINEPREFIX=${WINEPREFIX:-/var/cache/wecomdev-wine}
export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=} # no Mono / Gecko install prompts

wine_need() { # wine_need COMMAND PACKAGE
	command -v "$1" >/dev/null && return 0
	[[ $EUID -eq 0 ]] || { echo "check-windows: $1 is missing: apt-get install -y $2 (as root)" >&2; exit 1; }
	echo "check-windows: installing $2 (apt-get)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}
wine_need wine "wine wine64"
if [[ ! -f "$WINEPREFIX/system.reg" ]]; then
	echo "check-windows: making the Wine prefix $WINEPREFIX (wineboot, about a minute)"
	mkdir -p "$WINEPREFIX"
	wine wineboot -i >/dev/null 2>&1 || true
	wineserver -w
	[[ -f "$WINEPREFIX/system.reg" ]] || { echo "check-windows: wineboot did not make $WINEPREFIX" >&2; exit 1; }
fi
bcp=$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll
if [[ ! -f "$bcp" ]]; then
	wine_need x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64-win32
	echo "check-windows: adding the bcryptprimitives.dll stand-in to $WINEPREFIX (Wine $(wine --version) has none)"
	x86_64-w64-mingw32-gcc -shared -O2 -o "$bcp" scripts/dist/wine/bcryptprimitives.c \
		scripts/dist/wine/bcryptprimitives.def -ladvapi32
fi
win_run() { wine "$@"; }
