package main

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// traceStats is what -trace prints from the execution trace of the server under load: how
// long runnable goroutines waited for the P and how much of that wait Go code ran (the rest
// is the OS not running the process, or a syscall), the longest stretches goroutines ran,
// the goroutines whose P was taken in a syscall (they go to the global run queue), the
// syscalls that are not the sockets' and the garbage collector's phases.
type traceStats struct {
	waits      []span          // runnable → running
	busyInWait []time.Duration // Go code running on the P during each wait
	runs       []goRun
	lostP      int // Syscall → Runnable: the P was taken while the goroutine was in a syscall
	syscalls   map[string][]time.Duration
	ranges     map[string][]time.Duration // GC phases and STW
	span       time.Duration
}

type span struct{ start, end int64 }

type goRun struct {
	start, end int64
	what       string // the first frame of the wecomdev or net/http code it stopped in, else the first
}

var (
	traceEvent = regexp.MustCompile(`^M=-?\d+ P=-?\d+ G=-?\d+ (\w+) Time=(\d+)(.*)$`)
	traceState = regexp.MustCompile(`GoID=(\d+) (\w+)->(\w+)`)
	traceName  = regexp.MustCompile(`Name="([^"]*)"`)
)

// parseTrace reads `go tool trace -d=parsed`'s text.
func parseTrace(r io.Reader) (*traceStats, error) {
	st := &traceStats{syscalls: map[string][]time.Duration{}, ranges: map[string][]time.Duration{}}
	type pending struct {
		kind, rest string
		t          int64
		frames     []string
	}
	running, runnable := map[int64]int64{}, map[int64]int64{}
	type sys struct {
		at   int64
		what string
	}
	inSys := map[int64]sys{}
	rangeAt := map[string]int64{}
	var first, last int64
	handle := func(ev *pending) {
		if ev == nil {
			return
		}
		if first == 0 {
			first = ev.t
		}
		last = max(last, ev.t)
		switch ev.kind {
		case "RangeBegin", "RangeEnd":
			m := traceName.FindStringSubmatch(ev.rest)
			if m == nil {
				return
			}
			if ev.kind == "RangeBegin" {
				rangeAt[m[1]] = ev.t
			} else if at, ok := rangeAt[m[1]]; ok {
				st.ranges[m[1]] = append(st.ranges[m[1]], time.Duration(ev.t-at))
				delete(rangeAt, m[1])
			}
			return
		case "StateTransition":
		default:
			return
		}
		m := traceState.FindStringSubmatch(ev.rest)
		if m == nil {
			return
		}
		g, _ := strconv.ParseInt(m[1], 10, 64)
		from, to := m[2], m[3]
		if from == "Running" {
			if at, ok := running[g]; ok {
				st.runs = append(st.runs, goRun{start: at, end: ev.t, what: frameOf(ev.frames)})
				delete(running, g)
			}
		}
		if to == "Running" {
			running[g] = ev.t
			if at, ok := runnable[g]; ok {
				st.waits = append(st.waits, span{at, ev.t})
				delete(runnable, g)
			}
		}
		if to == "Runnable" {
			runnable[g] = ev.t
		}
		if to == "Syscall" {
			inSys[g] = sys{ev.t, frameOf(ev.frames)}
		}
		if from == "Syscall" {
			if to == "Runnable" {
				st.lostP++
			}
			if s, ok := inSys[g]; ok && !strings.HasPrefix(s.what, "net") {
				st.syscalls[s.what] = append(st.syscalls[s.what], time.Duration(ev.t-s.at))
			}
			delete(inSys, g)
		}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	var cur *pending
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "M=") {
			handle(cur)
			cur = nil
			if m := traceEvent.FindStringSubmatch(line); m != nil {
				t, _ := strconv.ParseInt(m[2], 10, 64)
				cur = &pending{kind: m[1], t: t, rest: m[3]}
			}
			continue
		}
		if cur != nil {
			if f, _, ok := strings.Cut(strings.TrimSpace(line), " @ "); ok {
				cur.frames = append(cur.frames, f)
			}
		}
	}
	handle(cur)
	if err := sc.Err(); err != nil {
		return nil, err
	}
	st.span = time.Duration(last - first)
	st.busy()
	return st, nil
}

// frameOf names where a goroutine stopped: its first frame of wecomdev's or net/http's
// code, else its first frame.
func frameOf(frames []string) string {
	for _, f := range frames {
		if strings.HasPrefix(f, "wecomdev/") || strings.HasPrefix(f, "net/http.") {
			return f
		}
	}
	if len(frames) > 0 {
		return frames[0]
	}
	return "?"
}

// busy fills busyInWait: for each wait, how long goroutines ran during it (runs that
// started up to 20 ms before it; the scheduler preempts at 10 ms).
func (st *traceStats) busy() {
	runs := slices.Clone(st.runs)
	sort.Slice(runs, func(i, j int) bool { return runs[i].start < runs[j].start })
	st.busyInWait = make([]time.Duration, len(st.waits))
	for i, w := range st.waits {
		k := sort.Search(len(runs), func(j int) bool { return runs[j].start >= w.start-int64(20*time.Millisecond) })
		var b int64
		for ; k < len(runs) && runs[k].start < w.end; k++ {
			if o := min(runs[k].end, w.end) - max(runs[k].start, w.start); o > 0 {
				b += o
			}
		}
		st.busyInWait[i] = time.Duration(b)
	}
}

// percentile of sorted durations.
func percentile(v []time.Duration, p float64) time.Duration {
	if len(v) == 0 {
		return 0
	}
	return v[min(len(v)-1, int(p*float64(len(v))))]
}

// print writes the summary.
func (st *traceStats) print(w io.Writer, requests int64) {
	var ran time.Duration
	for _, r := range st.runs {
		ran += time.Duration(r.end - r.start)
	}
	fmt.Fprintf(w, "  Go code ran %.0f ms of %.0f ms (the rest: syscalls, idle, the OS running something else)\n", ms(ran), ms(st.span))
	w1 := make([]time.Duration, len(st.waits))
	for i, s := range st.waits {
		w1[i] = time.Duration(s.end - s.start)
	}
	slices.Sort(w1)
	b1 := slices.Clone(st.busyInWait)
	slices.Sort(b1)
	fmt.Fprintf(w, "  runnable goroutines waited for the P: %d waits, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms\n",
		len(w1), ms(percentile(w1, .5)), ms(percentile(w1, .99)), ms(percentile(w1, .999)), ms(percentile(w1, 1)))
	fmt.Fprintf(w, "    of which Go code ran on the P (the rest: the OS or a syscall held it): p99 %.3f ms, p99.9 %.3f ms, max %.3f ms\n",
		ms(percentile(b1, .99)), ms(percentile(b1, .999)), ms(percentile(b1, 1)))
	if requests > 0 {
		fmt.Fprintf(w, "  goroutine switches per request: %.2f\n", float64(len(st.runs))/float64(requests))
	}
	fmt.Fprintf(w, "  goroutines whose P was taken in a syscall (to the global run queue): %d\n", st.lostP)
	// the longest stretch of each kind of goroutine
	longest := map[string]time.Duration{}
	total := map[string]time.Duration{}
	count := map[string]int{}
	for _, r := range st.runs {
		d := time.Duration(r.end - r.start)
		longest[r.what] = max(longest[r.what], d)
		total[r.what] += d
		count[r.what]++
	}
	kinds := make([]string, 0, len(total))
	for k := range total {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return total[kinds[i]] > total[kinds[j]] })
	fmt.Fprintln(w, "  where goroutines stopped running (top 12 by time): total ms, stretches, longest ms")
	for _, k := range kinds[:min(12, len(kinds))] {
		fmt.Fprintf(w, "    %9.1f %8d %8.2f  %s\n", ms(total[k]), count[k], ms(longest[k]), k)
	}
	if len(st.syscalls) > 0 {
		fmt.Fprintln(w, "  syscalls other than the sockets': count, total ms, longest ms")
		for k, v := range st.syscalls {
			var t, m time.Duration
			for _, d := range v {
				t += d
				m = max(m, d)
			}
			fmt.Fprintf(w, "    %6d %8.2f %8.2f  %s\n", len(v), ms(t), ms(m), k)
		}
	}
	names := make([]string, 0, len(st.ranges))
	for k := range st.ranges {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		v := st.ranges[k]
		var t, m time.Duration
		for _, d := range v {
			t += d
			m = max(m, d)
		}
		fmt.Fprintf(w, "  %-40s %5d, total %.1f ms, longest %.2f ms\n", k, len(v), ms(t), ms(m))
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
