#!/usr/bin/env bash
# A ticket running out, seen in the real window (issue 15: the Tickets area's time-left
# colours had only been checked in Vitest). The production binary starts with the built-in
# sandbox's token and tickets living 125 s (WECOMDEV_SANDBOX_TICKET_TTL / _TOKEN_TTL); Tickets
# → Fetch; the time left is under 10 minutes at once (amber) and under 2 minutes 5 s later
# (red): TTL_WARN_MS / TTL_DANGER_MS in frontend/src/stores/tickets.ts. Each state is seen
# as pixels of its theme's colour (--wd-ttl-warn / --wd-ttl-danger in TicketsView.vue) in a
# screenshot of the window, waited for (no fixed sleep but the TTL's own seconds), and kept.
#   scripts/e2e-ticket-ttl.sh BIN [ARTIFACT_DIR]     (LOOKS="zh-CN:dark en-US:light")
set -euo pipefail
bin=$(realpath "${1:?usage: $0 BIN [ARTIFACT_DIR]}")
out=${2:-test-artifacts}
if [[ -z "${WECOMDEV_IN_DESKTOP:-}" ]]; then
	WECOMDEV_IN_DESKTOP=1 exec "$(dirname "$0")/with-desktop.sh" "$0" "$@"
fi
mkdir -p "$out"
out=$(realpath "$out")
looks=${LOOKS:-zh-CN:dark en-US:light}

pass=0
check() { pass=$((pass + 1)); echo "ok $pass - $*"; }
fail() {
	echo "not ok - $*" >&2
	echo "$pass passed, 1 failed"
	exit 1
}

convert=/usr/bin/convert   # ImageMagick's, not another `convert` earlier on PATH (as scripts/e2e-window.sh)

# colours: the theme's amber and red of TicketsView.vue.
declare -A warn=([light]='#a15c00' [dark]='#ffb340') danger=([light]='#c42b2b' [dark]='#ff6961')
# pixels of colour $2 (within 3 %) in image $1
pixels() { "$convert" "$1" -alpha off -fuzz 3% -fill black +opaque "$2" -fill white -opaque "$2" -format '%[fx:round(mean*w*h)]' info:; }
# waits until the window shows at least 20 pixels of colour $1, within $2 seconds; keeps the shot as $3
see() {
	local colour=$1 within=$2 shot=$3 start=$SECONDS n=0
	while ((SECONDS - start < within)); do
		import -window "$wid" "$shot.tmp.png" 2>/dev/null || true
		n=$(pixels "$shot.tmp.png" "$colour" 2>/dev/null || echo 0)
		if ((n >= 20)); then
			mv "$shot.tmp.png" "$shot"
			echo "$n"
			return 0
		fi
		sleep 0.5
	done
	mv "$shot.tmp.png" "$shot" 2>/dev/null || true
	echo "$n"
	return 1
}

app=""
home=""
stop_app() {
	if [[ -n "$app" ]]; then
		kill -TERM "$app" 2>/dev/null || true
		wait "$app" 2>/dev/null || true
		app=""
	fi
}
cleanup() {
	stop_app
	if [[ -n "$home" ]]; then rm -rf "$home"; fi # (an && list here would make the script exit 1)
}
trap cleanup EXIT

for look in $looks; do
	lang=${look%:*} theme=${look#*:} tag="${look//:/-}"
	home=$(mktemp -d)
	# the database with the look chosen in Settings (a first command makes it)
	WECOMDEV_HOME="$home" "$bin" profile list >/dev/null
	sqlite3 "$home/wecomdev.db" "INSERT INTO settings(key, value, updated_at) VALUES ('language', '$lang', 0), ('theme', '$theme', 0)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value"
	WECOMDEV_HOME="$home" WECOMDEV_SANDBOX_TICKET_TTL=125s WECOMDEV_SANDBOX_TOKEN_TTL=125s "$bin" >"$out/ttl-app-$tag.log" 2>&1 &
	app=$!
	wid=""
	for _ in $(seq 300); do
		wid=$(xdotool search --onlyvisible --name '^wecomdev$' 2>/dev/null | head -n1) || true
		[[ -n "$wid" ]] && break
		kill -0 "$app" 2>/dev/null || fail "the app exited before showing its window ($out/ttl-app-$tag.log)"
		sleep 0.1
	done
	[[ -n "$wid" ]] || fail "no window within 30 s ($tag)"
	eval "$(xdotool getwindowgeometry --shell "$wid")" # X Y WIDTH HEIGHT
	# the sidebar's Tickets item, then Fetch at the page's top right (the window's own layout)
	for _ in $(seq 60); do # the UI paints after the window maps: wait for its sidebar
		import -window "$wid" "$out/ttl-$tag-start.png" 2>/dev/null || true
		(($("$convert" "$out/ttl-$tag-start.png" -format '%k' info: 2>/dev/null || echo 0) > 50)) && break
		sleep 0.5
	done
	xdotool mousemove $((X + 54)) $((Y + 135)) click 1
	sleep 1 # the area's switch (no network: it lists the cache)
	import -window "$wid" "$out/ttl-$tag-before.png" 2>/dev/null || true
	for c in "${warn[$theme]}" "${danger[$theme]}"; do
		n=$(pixels "$out/ttl-$tag-before.png" "$c")
		((n < 20)) || fail "before Fetch the window already shows $n pixels of $c ($tag): the colour count would prove nothing"
	done
	check "$tag: before Fetch, nothing in amber or red"
	xdotool mousemove $((X + WIDTH - 65)) $((Y + 41)) click 1
	xdotool mousemove $((X + WIDTH / 2)) $((Y + HEIGHT - 40)) # off the button: its tooltip hides
	n=$(see "${warn[$theme]}" 30 "$out/tickets-ttl-amber-$tag.png") || fail "no amber time left within 30 s of Fetch ($tag): $n pixels of ${warn[$theme]} in $out/tickets-ttl-amber-$tag.png"
	check "$tag: the fresh 125 s tickets show their time left in amber ($n px of ${warn[$theme]})"
	n=$(see "${danger[$theme]}" 30 "$out/tickets-ttl-red-$tag.png") || fail "the time left did not turn red ($tag): $n pixels of ${danger[$theme]} in $out/tickets-ttl-red-$tag.png"
	check "$tag: under 2 minutes left it turns red ($n px of ${danger[$theme]})"
	stop_app
	rm -rf "$home"
	home=""
done
echo "$pass passed, 0 failed"
