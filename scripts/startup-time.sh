#!/usr/bin/env bash
# Start-up time of the production binary: from the process start to the first frame of the
# UI drawn in its window (the Vue app rendered, not only the window mapped), in a throwaway
# desktop (scripts/with-desktop.sh: Xvfb, D-Bus, an unlocked gnome-keyring).
#
#   scripts/startup-time.sh [-n RUNS] [-k] [BINARY]     (make startup)
#
# Two independent witnesses per run:
#   pixels  scripts/startup-frame.c grabs the window (XGetImage, like `import -window`, but
#           milliseconds a grab) in a loop from the moment it is mapped; the first grab with
#           >= 64 colours is the drawn UI (a blank webview is one flat colour; the sidebar's
#           text and anti-aliasing give hundreds). The time is the end of that grab, an upper
#           bound; "res" is the time since the end of the last blank grab.
#   mark    with WECOMDEV_STARTUP_TRACE=1 the app prints a timeline to stderr; its last line
#           comes from the UI itself: after mount, two requestAnimationFrame callbacks (the
#           second runs once the first frame was painted) call the Startup binding.
# The figure is the pixel time; the mark cross-checks it and the timeline says where the
# time went. One untimed run first creates the data directory (a first start also runs the
# database migrations; it is printed separately) and warms the page cache.
# -k keeps the frames and logs in test-artifacts/startup/.
set -euo pipefail

runs=5
keep=""
while getopts 'n:k' opt; do
	case $opt in
	n) runs=$OPTARG ;;
	k) keep=1 ;;
	*) echo "usage: $0 [-n RUNS] [-k] [BINARY]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
bin=${1:-build/bin/wecomdev}
[[ -x "$bin" ]] || { echo "startup-time: $bin is not built: run 'make build'" >&2; exit 1; }
if [[ -z "${WECOMDEV_IN_DESKTOP:-}" ]]; then
	args=(-n "$runs")
	[[ -n "$keep" ]] && args+=(-k)
	WECOMDEV_IN_DESKTOP=1 exec "$(dirname "$0")/with-desktop.sh" "$0" "${args[@]}" "$bin"
fi
convert=/usr/bin/convert # ImageMagick's, not another `convert` earlier on PATH

work=$(mktemp -d)
# The frame watcher (C, Xlib: libx11-dev comes with GTK's development files).
frame="$work/startup-frame"
cc -O2 -o "$frame" "$(dirname "$0")/startup-frame.c" -lX11 ||
	{ echo "startup-time: could not compile scripts/startup-frame.c: run scripts/setup.sh" >&2; exit 1; }
home="$work/home"
mkdir -p "$home"
app=""
cleanup() {
	if [[ -n "$app" ]]; then kill "$app" 2>/dev/null || true; fi
	if [[ -n "$keep" ]]; then
		mkdir -p test-artifacts/startup && cp -r "$work"/run-* test-artifacts/startup/ 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

# now_us: microseconds since the epoch, without a fork.
now_us() { local t=${EPOCHREALTIME/[.,]/}; echo "$t"; }
ms() { printf '%d' $((($1 + 500) / 1000)); }

# run N: starts the app, waits for its first drawn frame, stops it; sets window_ms,
# pixel_ms, res_ms, mark_ms and writes the app's timeline to $work/run-N/timeline.
run() {
	local dir="$work/run-$1" t0 seen blank drawn n line=""
	mkdir -p "$dir"
	t0=$(now_us)
	WECOMDEV_HOME="$home" WECOMDEV_STARTUP_TRACE=1 LANG=zh_CN.UTF-8 "$bin" >"$dir/app.log" 2>&1 &
	app=$!
	read -r seen blank drawn n < <("$frame" wecomdev 30 "$dir/first-frame.ppm") ||
		{ tail -n 20 "$dir/app.log" >&2; echo "startup-time: no drawn window within 30 s" >&2; exit 1; }
	window_ms=$(ms $((seen - t0)))
	pixel_ms=$(ms $((drawn - t0)))
	res_ms=$(ms $((drawn - blank)))
	# The UI's own mark arrives a moment after the frame (builds without the trace have none).
	for _ in $(seq 300); do
		line=$(grep -m1 ' ui-painted$' "$dir/app.log" || true)
		[[ -n "$line" ]] && break
		grep -q '^wecomdev-startup ' "$dir/app.log" || break
		sleep 0.01
	done
	mark_ms=-1
	[[ -n "$line" ]] && mark_ms=$(ms $(($(awk '{print $2}' <<<"$line") - t0)))
	awk -v t0="$t0" '$1 == "wecomdev-startup" { printf "    %7.1f ms  %s\n", ($2 - t0) / 1000, $3 }' "$dir/app.log" | sort -n >"$dir/timeline"
	if [[ -n "$keep" ]]; then "$convert" "$dir/first-frame.ppm" "$dir/first-frame.png" 2>/dev/null || true; fi
	rm -f "$dir/first-frame.ppm"
	kill -TERM "$app"
	for _ in $(seq 200); do kill -0 "$app" 2>/dev/null || break; sleep 0.05; done
	wait "$app" 2>/dev/null || true
	app=""
}

echo "startup-time: $bin, $runs runs on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
run 0
printf 'first start (new data directory): window %s ms, UI drawn %s ms (pixels, res %s ms), UI mark %s ms\n' "$window_ms" "$pixel_ms" "$res_ms" "$mark_ms"
results=()
for r in $(seq "$runs"); do
	run "$r"
	printf 'run %d: window %5s ms   UI drawn %5s ms (pixels, res %3s ms)   UI mark %5s ms\n' "$r" "$window_ms" "$pixel_ms" "$res_ms" "$mark_ms"
	results+=("$pixel_ms $r")
done
mid=$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
echo "timeline of the median run (app's WECOMDEV_STARTUP_TRACE, ms since the process start):"
cat "$work/run-${mid#* }/timeline"
echo "median of $runs: first UI frame drawn in ${mid% *} ms"
