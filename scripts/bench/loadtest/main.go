// Command loadtest puts the same load on two JS-SDK signers on loopback and compares them:
// our dev server (internal/devserver, for the built-in sandbox profile) and a minimal
// Node.js signer written from WeCom's TypeScript template (scripts/bench/node-signer.mjs),
// both signing with tickets from the same in-process sandbox WeCom. It prints requests per
// second, p50 / p99 / max latency, errors and the WeCom fetches each run caused, the ratio
// of the two, and whether the aims were met: at least 2× the Node signer's requests per
// second, p99 under 5 ms, exactly one corp-ticket fetch.
//
//	go run ./scripts/bench/loadtest [-c 64] [-d 5s] [-warmup 1s] [-client http|raw] [-cpuprofile FILE]
//
// BENCH_LOAD_SECONDS overrides -d. It exits non-zero only on a real failure (a server that
// does not start, a request that fails or answers without a signature), not when an aim
// is missed: client and servers share the machine's CPUs, so the figures are what they are.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"wecomdev/internal/devserver"
	"wecomdev/internal/secrets"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

// pageURL is the page the load asks signatures for; loopback hosts are always allowed.
const pageURL = "http://127.0.0.1:5173/index.html?from=bench"

// The aims.
const (
	aimRatio = 2.0
	aimP99   = 5 * time.Millisecond
)

// signerScript is the Node signer, relative to the repository root.
const signerScript = "scripts/bench/node-signer.mjs"

// Fetches are the calls a run made to the sandbox WeCom.
type Fetches struct{ Token, Corp, App int }

func (f Fetches) sub(o Fetches) Fetches {
	return Fetches{f.Token - o.Token, f.Corp - o.Corp, f.App - o.App}
}

func (f Fetches) String() string { return fmt.Sprintf("%d / %d / %d", f.Token, f.Corp, f.App) }

func countFetches(sb *sandbox.Server) Fetches {
	return Fetches{sb.Calls("gettoken"), sb.Calls("get_jsapi_ticket"), sb.Calls("ticket/get")}
}

// row is one target's line of the table.
type row struct {
	name    string
	res     Result
	fetches Fetches
}

func main() {
	conns := flag.Int("c", 64, "concurrent keep-alive connections")
	client := flag.String("client", ClientRaw, "the load generator's client: "+ClientRaw+" (a minimal HTTP/1.1 keep-alive client, as wrk is: the client then costs little of the CPUs it shares with the servers) or "+ClientHTTP+" (net/http, a few times heavier)")
	dur := flag.Duration("d", 5*time.Second, "measured window per target (env BENCH_LOAD_SECONDS overrides)")
	warmup := flag.Duration("warmup", time.Second, "warm-up per target, not measured")
	nodeBin := flag.String("node", "node", "the Node.js executable")
	script := flag.String("signer", "", "the Node signer script (default: "+signerScript+" in the repository)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the dev server's run (client and server: one process) to this file")
	flag.Parse()

	if v := os.Getenv("BENCH_LOAD_SECONDS"); v != "" {
		s, err := strconv.ParseFloat(v, 64)
		if err != nil || s <= 0 {
			fmt.Fprintf(os.Stderr, "loadtest: BENCH_LOAD_SECONDS=%q: want a positive number of seconds\n", v)
			os.Exit(2)
		}
		*dur = time.Duration(s * float64(time.Second))
	}
	if *conns < 1 || *dur <= 0 || *warmup < 0 || (*client != ClientHTTP && *client != ClientRaw) {
		fmt.Fprintln(os.Stderr, "loadtest: -c must be at least 1, -d positive, -warmup not negative, -client http or raw")
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code := run(ctx, *client, *conns, *warmup, *dur, *nodeBin, *script, *cpuProfile)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, client string, conns int, warmup, dur time.Duration, nodeBin, script, cpuProfile string) int {
	fail := func(format string, args ...any) int {
		fmt.Fprintf(os.Stderr, "loadtest: "+format+"\n", args...)
		return 1
	}
	if script == "" {
		var err error
		if script, err = findSigner(); err != nil {
			return fail("%v", err)
		}
	}

	dir, err := os.MkdirTemp("", "wecomdev-loadtest-")
	if err != nil {
		return fail("%v", err)
	}
	defer os.RemoveAll(dir)
	eng, err := workspace.Open(ctx, dir, workspace.Options{Keychain: secrets.NewMemory()})
	if err != nil {
		return fail("open the workspace: %v", err)
	}
	defer eng.Close()
	sb, sbURL, err := eng.Sandbox()
	if err != nil {
		return fail("start the sandbox WeCom: %v", err)
	}

	fmt.Printf("load test: %d keep-alive connections (%s client), %s warm-up, %s measured per target; GET %s?url=%s\n",
		conns, client, warmup, dur, devserver.PathConfigSignature, pageURL)
	fmt.Printf("machine: %d CPUs, GOMAXPROCS %d, %s%s; client and servers share them\n\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), otherLoad())

	load := func(addr string) Load {
		return Load{
			Client:      client,
			URL:         "http://" + addr + devserver.PathConfigSignature + "?url=" + url.QueryEscape(pageURL),
			Connections: conns,
			Warmup:      warmup,
			Duration:    dur,
		}
	}

	// Our dev server, in this process.
	b, err := eng.DevBackend(ctx, "sandbox")
	if err != nil {
		return fail("the sandbox profile's dev backend: %v", err)
	}
	srv := devserver.New(b, devserver.Options{Addr: "127.0.0.1:0"})
	addr, err := srv.Start()
	if err != nil {
		return fail("start the dev server: %v", err)
	}
	before := countFetches(sb)
	stopProfile, err := startProfile(cpuProfile)
	if err != nil {
		return fail("%v", err)
	}
	ours := row{name: "dev server", res: Run(ctx, load(addr))}
	stopProfile()
	ours.fetches = countFetches(sb).sub(before)
	if err := srv.Shutdown(context.Background()); err != nil {
		fmt.Fprintf(os.Stderr, "loadtest: stop the dev server: %v\n", err)
	}
	if ctx.Err() != nil {
		return fail("interrupted")
	}

	// The Node signer, on the same sandbox.
	secret := sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)
	node, err := startNode(ctx, nodeBin, script, sbURL, sandbox.DefaultCorpID, secret)
	if err != nil {
		printTable(ours)
		return fail("start the Node signer: %v", err)
	}
	before = countFetches(sb)
	theirs := row{name: "node signer", res: Run(ctx, load(node.addr))}
	theirs.fetches = countFetches(sb).sub(before)
	node.stop()
	if ctx.Err() != nil {
		return fail("interrupted")
	}

	printTable(ours, theirs)
	fmt.Println()
	ratio := 0.0
	if r := theirs.res.RPS(); r > 0 {
		ratio = ours.res.RPS() / r
	}
	fmt.Printf("ratio: dev server / node = %.2fx req/s\n", ratio)
	p99 := ours.res.Latency.Percentile(0.99)
	verdict("dev server req/s ≥ 2× node", ratio >= aimRatio, fmt.Sprintf("%.2fx", ratio))
	verdict("dev server p99 < 5 ms", p99 < aimP99 && ours.res.Latency.Count() > 0, ms(p99))
	verdict("dev server: exactly 1 corp-ticket fetch, at most 1 app-ticket fetch",
		ours.fetches.Corp == 1 && ours.fetches.App <= 1,
		fmt.Sprintf("%d corp, %d app", ours.fetches.Corp, ours.fetches.App))
	if theirs.fetches.Corp > 1 {
		fmt.Printf("note: the Node template has no single-flight, so every request that came while the ticket\n"+
			"      was missing fetched it: %d corp-ticket fetches (quota: 100/hour/app)\n", theirs.fetches.Corp)
	}

	code := 0
	for _, r := range []row{ours, theirs} {
		if r.res.Errors > 0 {
			code = fail("%s: %d failed requests, e.g. %s", r.name, r.res.Errors, r.res.FirstErr)
		}
		if r.res.Requests == 0 {
			code = fail("%s: no request completed in the measured window", r.name)
		}
	}
	return code
}

func printTable(rows ...row) {
	fmt.Printf("%-12s %11s %9s %9s %9s %7s   %s\n",
		"target", "requests/s", "p50", "p99", "max", "errors", "WeCom fetches (gettoken / corp ticket / app ticket)")
	for _, r := range rows {
		h := r.res.Latency
		fmt.Printf("%-12s %11.0f %9s %9s %9s %7d   %s\n",
			r.name, r.res.RPS(), ms(h.Percentile(0.50)), ms(h.Percentile(0.99)), ms(h.Max()), r.res.Errors, r.fetches)
	}
}

func verdict(aim string, ok bool, got string) {
	v := "MISS"
	if ok {
		v = "PASS"
	}
	fmt.Printf("%s  %s (%s)\n", v, aim, got)
}

func ms(d time.Duration) string {
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

// startProfile starts a CPU profile into path ("" → none) and returns what stops it.
func startProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// findSigner looks for the Node signer from the working directory up to the module root.
func findSigner() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, signerScript)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", fmt.Errorf("%s not found from the working directory up to the module root; run from the repository or pass -signer", signerScript)
}

// nodeSigner is a running Node signer.
type nodeSigner struct {
	cmd    *exec.Cmd
	addr   string
	exited chan error // cmd.Wait's result
}

// startNode starts the Node signer on a free loopback port and waits for its
// "listening PORT" line. The secret goes to it through its environment only.
func startNode(ctx context.Context, bin, script, apiBase, corpID, secret string) (*nodeSigner, error) {
	cmd := exec.CommandContext(ctx, bin, script)
	cmd.Env = append(os.Environ(),
		"WECOM_API_BASE="+apiBase,
		"WECOM_CORP_ID="+corpID,
		"WECOM_CORP_SECRET="+secret,
		"PORT=0",
	)
	cmd.Stderr = os.Stderr
	cmd.WaitDelay = 5 * time.Second
	first := &firstLine{ch: make(chan string, 1)}
	cmd.Stdout = first
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	n := &nodeSigner{cmd: cmd}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	n.exited = exited

	var l struct {
		s   string
		err error
	}
	select {
	case l.s = <-first.ch:
	case err := <-exited:
		exited <- err // for stop
		l.err = fmt.Errorf("it exited before listening: %v", err)
	case <-time.After(15 * time.Second):
		l.err = errors.New("no \"listening\" line within 15 s")
	case <-ctx.Done():
		l.err = ctx.Err()
	}
	port, ok := strings.CutPrefix(l.s, "listening ")
	if l.err == nil && !ok {
		l.err = fmt.Errorf("its first line is %q, want \"listening PORT\"", l.s)
	}
	if l.err == nil {
		if _, err := strconv.ParseUint(port, 10, 16); err != nil {
			l.err = fmt.Errorf("its first line is %q, want \"listening PORT\"", l.s)
		}
	}
	if l.err != nil {
		n.stop()
		return nil, l.err
	}
	n.addr = "127.0.0.1:" + port
	return n, nil
}

// stop ends the Node signer: SIGTERM, then a kill if it has not exited within 5 s.
func (n *nodeSigner) stop() {
	_ = n.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-n.exited:
	case <-time.After(5 * time.Second):
		_ = n.cmd.Process.Kill()
		<-n.exited
	}
}

// firstLine is the Node signer's stdout: it hands over the first line and drops the rest.
type firstLine struct {
	buf  []byte
	done bool
	ch   chan string
}

func (f *firstLine) Write(p []byte) (int, error) {
	if f.done {
		return len(p), nil
	}
	f.buf = append(f.buf, p...)
	if i := bytes.IndexByte(f.buf, '\n'); i >= 0 {
		f.done = true
		f.ch <- strings.TrimSpace(string(f.buf[:i]))
		f.buf = nil
	} else if len(f.buf) > 1024 {
		f.done = true
		f.ch <- strings.TrimSpace(string(f.buf))
		f.buf = nil
	}
	return len(p), nil
}
