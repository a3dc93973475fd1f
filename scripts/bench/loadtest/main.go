// Command loadtest puts the same load, in one run, on four JS-SDK signers on loopback and
// compares them:
//
//   - `wecomdev serve sandbox --json`, its stdout to a file (the binary built from this tree);
//   - `wecomdev serve sandbox`, its text lines to a file;
//   - a minimal Node.js signer written from WeCom's TypeScript template
//     (scripts/bench/node-signer.mjs: node:http + crypto, the ticket in memory);
//   - a bare Go net/http signer (scripts/bench/baresigner: query parse, cut "#", 16 random
//     bytes, SHA-1, encoding/json), built by the run.
//
// Each gets the same URL, a page URL with an encoded Chinese parameter, from wrk (Debian's
// package): `wrk -t1 -c64 -d1.5s --latency`, in rounds (default 8) that take the targets in
// turn, each round starting with the next one, so a busy spell of the machine touches every
// target alike; each target is warmed up for a second before its first round and a quarter
// of that before the later ones. It prints, round by round, req/s, p99 and the server's CPU
// time per request (from /proc), then each target's medians over the rounds and the medians
// of its ratios to the bare Go and the Node signer of the same round (with their lowest and
// highest), and the aims, judged on those medians (rounds.go says why): ≥ 0.9× bare Go,
// ≥ 1.5× Node, p99 under 5 ms, every request in the request log (as a row, or counted in an
// aggregated one).
//
// The run is pinned (pin.go): wrk on CPU 0, every server on CPU 1 (taskset), so the load
// generator and the server under load do not fight over one core; -unpinned (or
// BENCH_UNPINNED=1) lets them share, and a machine with one CPU or without taskset runs
// unpinned with a warning.
//
//	go run ./scripts/bench/loadtest [-c 64] [-d 1.5s] [-rounds 8] [-unpinned] [-cpuprofile FILE] [-trace FILE]
//
// -cpuprofile / -trace run `serve sandbox --json` inside this process instead (stdout to a
// file; pinned: this process on CPU 1 with GOMAXPROCS 1), load it with wrk for -d, write the
// CPU profile (and print `go tool pprof -top`) / the execution trace (and print
// `go tool trace -pprof=sched`'s top, then from the trace's events, tracestat.go: how long
// runnable goroutines waited for the P and how much of it Go code ran, the longest
// stretches by where goroutines stopped, goroutines whose P was taken in a syscall, the
// syscalls other than the sockets' and the GC's phases).
// BENCH_LOAD_SECONDS overrides -d, BENCH_ROUNDS -rounds. Without wrk it falls back to the
// built-in load generator (loadgen.go), and says so. It exits non-zero only on a real failure
// (a server that does not start, failed requests), not when an aim is missed: the load
// generator and the servers share the machine's CPUs, so figures are what they are.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"wecomdev/internal/devserver"
	"wecomdev/internal/secrets"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

// pageURL is the page the load asks signatures for, with an encoded Chinese parameter
// (name=企业微信) as real pages carry; loopback hosts are always allowed.
const pageURL = "http://127.0.0.1:5173/index.html?name=%E4%BC%81%E4%B8%9A%E5%BE%AE%E4%BF%A1&from=bench"

// The aims (issue 16).
const (
	aimVsBare = 0.9
	aimVsNode = 1.5
	aimP99    = 5 * time.Millisecond
)

// signerScript is the Node signer, relative to the repository root.
const signerScript = "scripts/bench/node-signer.mjs"

func main() {
	conns := flag.Int("c", 64, "concurrent keep-alive connections")
	dur := flag.Duration("d", 1500*time.Millisecond, "measured window per target and round (env BENCH_LOAD_SECONDS overrides)")
	warmup := flag.Duration("warmup", time.Second, "warm-up per target before its first round, not measured (a quarter of it before each later round)")
	rounds := flag.Int("rounds", 8, "rounds over the targets (env BENCH_ROUNDS overrides); the aims are judged on the medians of the rounds")
	nodeBin := flag.String("node", "node", "the Node.js executable")
	cpuProfile := flag.String("cpuprofile", "", "profile `serve sandbox --json` in this process under the load instead, into this file")
	traceFile := flag.String("trace", "", "trace (runtime/trace) `serve sandbox --json` in this process under the load instead, into this file")
	unpinned := flag.Bool("unpinned", false, "let the load generator and the servers share the CPUs (env BENCH_UNPINNED=1)")
	flag.Parse()
	if v := os.Getenv("BENCH_UNPINNED"); v != "" && v != "0" {
		*unpinned = true
	}
	var warn string
	pin, warn = choosePinning(!*unpinned, runtime.NumCPU(), exec.LookPath)
	if warn != "" {
		fmt.Println(warn)
	}

	if v := os.Getenv("BENCH_LOAD_SECONDS"); v != "" {
		s, err := strconv.ParseFloat(v, 64)
		if err != nil || s <= 0 {
			fmt.Fprintf(os.Stderr, "loadtest: BENCH_LOAD_SECONDS=%q: want a positive number of seconds\n", v)
			os.Exit(2)
		}
		*dur = time.Duration(s * float64(time.Second))
	}
	if v := os.Getenv("BENCH_ROUNDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "loadtest: BENCH_ROUNDS=%q: want a whole number ≥ 1\n", v)
			os.Exit(2)
		}
		*rounds = n
	}
	if *conns < 1 || *dur <= 0 || *warmup < 0 || *rounds < 1 {
		fmt.Fprintln(os.Stderr, "loadtest: -c and -rounds must be at least 1, -d positive, -warmup not negative")
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var code int
	if *cpuProfile != "" || *traceFile != "" {
		code = profileServe(ctx, *conns, *warmup, *dur, *cpuProfile, *traceFile)
	} else {
		code = run(ctx, *conns, *rounds, *warmup, *dur, *nodeBin)
	}
	stop()
	os.Exit(code)
}

// target is one signer under load.
type target struct {
	name string
	p    *proc
	out  string // the file its stdout goes to ("" none)
	json bool   // out holds serve --json lines
	sent int64  // requests wrk completed against it, warm-ups included
}

func run(ctx context.Context, conns, rounds int, warmup, dur time.Duration, nodeBin string) int {
	fail := func(format string, args ...any) int {
		fmt.Fprintf(os.Stderr, "loadtest: "+format+"\n", args...)
		return 1
	}
	root, err := findRoot()
	if err != nil {
		return fail("%v", err)
	}
	dir, err := os.MkdirTemp("", "wecomdev-loadtest-")
	if err != nil {
		return fail("%v", err)
	}
	defer os.RemoveAll(dir)

	t0 := time.Now()
	wecomdev, bare := filepath.Join(dir, "wecomdev"), filepath.Join(dir, "baresigner")
	for _, b := range [][2]string{{wecomdev, "."}, {bare, "./scripts/bench/baresigner"}} {
		if err := goBuild(ctx, root, b[0], b[1]); err != nil {
			return fail("%v", err)
		}
	}
	fmt.Printf("built wecomdev and the bare Go signer in %.1fs\n", time.Since(t0).Seconds())

	// The sandbox WeCom the Node and bare Go signers fetch their ticket from; each serve
	// runs its own in its own data directory.
	if err := os.Mkdir(filepath.Join(dir, "bench-home"), 0o700); err != nil {
		return fail("%v", err)
	}
	eng, err := workspace.Open(ctx, filepath.Join(dir, "bench-home"), workspace.Options{Keychain: secrets.NewMemory()})
	if err != nil {
		return fail("open the workspace: %v", err)
	}
	defer eng.Close()
	sb, sbURL, err := eng.Sandbox()
	if err != nil {
		return fail("start the sandbox WeCom: %v", err)
	}
	secret := sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)

	wrk, _ := exec.LookPath("wrk")
	if wrk == "" {
		fmt.Println("wrk is not installed (apt-get install -y wrk, or scripts/setup.sh --bench): using the built-in load generator, whose figures are lower than wrk's")
	}
	fmt.Printf("load: %s, %d keep-alive connections, %s warm-up + %s measured per target, %d rounds; GET %s?url=%s\n",
		loadName(wrk), conns, warmup, dur, rounds, devserver.PathConfigSignature, url.QueryEscape(pageURL))
	fmt.Printf("machine: %d CPUs, %s%s; %s\n\n",
		runtime.NumCPU(), runtime.Version(), otherLoad(), pin.describe())

	var targets []*target
	defer func() {
		for _, t := range targets {
			t.p.stop()
		}
	}()
	for _, spec := range []struct {
		name string
		json bool
	}{{"serve --json", true}, {"serve", false}} {
		out := filepath.Join(dir, "out-"+strconv.FormatBool(spec.json))
		p, err := startServe(ctx, wecomdev, filepath.Join(dir, "home-"+strconv.FormatBool(spec.json)), spec.json, out)
		if err != nil {
			return fail("start wecomdev %s: %v", spec.name, err)
		}
		targets = append(targets, &target{name: "wecomdev " + spec.name, p: p, out: out, json: spec.json})
	}
	node, err := startNode(ctx, nodeBin, filepath.Join(root, signerScript), sbURL, sandbox.DefaultCorpID, secret)
	if err != nil {
		return fail("start the Node signer: %v", err)
	}
	targets = append(targets, &target{name: "node signer", p: node})
	bareP, err := startSigner(ctx, []string{bare}, sbURL, sandbox.DefaultCorpID, secret)
	if err != nil {
		return fail("start the bare Go signer: %v", err)
	}
	targets = append(targets, &target{name: "bare Go signer", p: bareP})
	for _, t := range targets {
		if err := checkSigns(ctx, t.p.addr); err != nil {
			return fail("%s: %v", t.name, err)
		}
		t.sent++
	}

	code := 0
	runs := int64(0) // wrk runs per target: each may end with a request per connection served but not counted
	var all [][]Measure
	for r := 1; r <= rounds; r++ {
		// each round starts with another target, so none always runs first or last
		ms := make([]Measure, len(targets))
		for k := range targets {
			i := (k + r - 1) % len(targets)
			t := targets[i]
			u := "http://" + t.p.addr + devserver.PathConfigSignature + "?url=" + url.QueryEscape(pageURL)
			runs++
			if warm := warmupOf(warmup, r); warm > 0 {
				runs++
				w, err := measure(ctx, wrk, u, conns, warm)
				if err != nil {
					return fail("%s: %v", t.name, err)
				}
				t.sent += w.Requests
			}
			cpu0, ok0 := t.p.cpuTime()
			m, err := measure(ctx, wrk, u, conns, dur)
			if err != nil {
				return fail("%s: %v", t.name, err)
			}
			if cpu1, ok1 := t.p.cpuTime(); ok0 && ok1 && m.Requests > 0 {
				m.CPUPerReq = (cpu1 - cpu0) / time.Duration(m.Requests)
			}
			m.Name = t.name
			t.sent += m.Requests
			if m.Errors > 0 {
				code = fail("%s: %d failed requests (%s)", t.name, m.Errors, m.FirstErr)
			}
			if m.Timeouts > 0 {
				fmt.Fprintf(os.Stderr, "loadtest: %s: %d requests without an answer within 2 s (is the machine busy?)\n", t.name, m.Timeouts)
			}
			ms[i] = m
			if ctx.Err() != nil {
				return fail("interrupted")
			}
		}
		all = append(all, ms)
	}

	for _, t := range targets {
		t.p.stop()
	}
	printRounds(all)
	fmt.Println()
	printMedians(all)
	fmt.Println()
	for _, t := range targets[:2] {
		for _, a := range judge(all, t.name) {
			verdict(a.aim, a.ok, a.got)
		}
	}
	var pb, pn []string
	for _, ms := range all {
		pb, pn = append(pb, msOf(find(ms, "bare Go signer").P99)), append(pn, msOf(find(ms, "node signer").P99))
	}
	fmt.Printf("      (p99 of bare Go: %s; of node: %s)\n\n", join(pb), join(pn))
	for _, t := range targets[:2] {
		logged, rows, dropped, err := countLogged(t.out, t.json)
		if err != nil {
			code = fail("%s: read its output: %v", t.name, err)
			continue
		}
		// wrk stops with a request in flight on each connection: served and logged, not counted
		slack := runs / int64(len(targets)) * int64(conns)
		if t.p.killed {
			fmt.Printf("note: %s did not stop within %s of SIGTERM and was killed: its last lines may be missing\n", t.name, stopGrace)
		}
		verdict(fmt.Sprintf("%s: every request in its output, in %d rows", t.name, rows),
			logged >= t.sent && logged <= t.sent+slack,
			fmt.Sprintf("%d logged, %d dropped as too many too fast; wrk counted %d answered (+ up to %d cut off at its ends)", logged, dropped, t.sent, slack))
	}
	return code
}

// warmupOf is the warm-up before round r (from 1): the whole of it before the first, when
// the connections are new and Node's JIT is cold, a quarter before the later ones.
func warmupOf(warmup time.Duration, r int) time.Duration {
	if r == 1 {
		return warmup
	}
	return warmup / 4
}

func loadName(wrk string) string {
	if wrk == "" {
		return "built-in load generator (raw HTTP/1.1)"
	}
	return "wrk -t1"
}

func join(v []string) string {
	out := ""
	for i, s := range v {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

func find(ms []Measure, name string) Measure {
	for _, m := range ms {
		if m.Name == name {
			return m
		}
	}
	return Measure{}
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

func verdict(aim string, ok bool, got string) {
	v := "MISS"
	if ok {
		v = "PASS"
	}
	fmt.Printf("%s  %s (%s)\n", v, aim, got)
}

func usOf(d time.Duration) string {
	if d <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(d)/float64(time.Microsecond))
}

func msOf(d time.Duration) string {
	return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
}

// otherLoad is ", N% CPU busy before the run" on Linux, sampled over half a second from
// /proc/stat, else "". Other work on the machine skews the figures, the Go server's more
// than the single-threaded Node signer's.
func otherLoad() string {
	a, ok1 := cpuTimes()
	time.Sleep(500 * time.Millisecond)
	b, ok2 := cpuTimes()
	if !ok1 || !ok2 || b.total <= a.total {
		return ""
	}
	busy := 1 - float64(b.idle-a.idle)/float64(b.total-a.total)
	return fmt.Sprintf(", %.0f%% CPU busy before the run", 100*busy)
}

type cpuSample struct{ idle, total uint64 }

// cpuTimes reads the "cpu" line of /proc/stat: idle (idle + iowait) and total jiffies.
func cpuTimes() (cpuSample, bool) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuSample{}, false
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 6 || f[0] != "cpu" {
		return cpuSample{}, false
	}
	var s cpuSample
	for i, v := range f[1:] {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return cpuSample{}, false
		}
		if i < 8 { // user nice system idle iowait irq softirq steal; guest time is in user
			s.total += n
		}
		if i == 3 || i == 4 {
			s.idle += n
		}
	}
	return s, true
}
