package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"runtime/trace"
	"strings"

	"time"

	"wecomdev/internal/cli"
	"wecomdev/internal/devserver"
	"wecomdev/internal/secrets"
	"wecomdev/internal/workspace"
)

// profileServe runs `serve sandbox --json` in this process, its stdout to a file, loads it
// with wrk (or the built-in generator) for warmup + dur, profiles the CPU during dur into
// path and prints the profile's top entries, and / or traces the run into tracePath and
// prints where runnable goroutines waited longest for the P.
func profileServe(ctx context.Context, conns int, warmup, dur time.Duration, path, tracePath string) int {
	fail := func(format string, args ...any) int {
		fmt.Fprintf(os.Stderr, "loadtest: "+format+"\n", args...)
		return 1
	}
	dir, err := os.MkdirTemp("", "wecomdev-profile-")
	if err != nil {
		return fail("%v", err)
	}
	defer os.RemoveAll(dir)
	if err := os.Mkdir(filepath.Join(dir, "home"), 0o700); err != nil {
		return fail("%v", err)
	}
	out, err := os.Create(filepath.Join(dir, "serve.json"))
	if err != nil {
		return fail("%v", err)
	}
	defer out.Close()
	addr, err := freeAddr()
	if err != nil {
		return fail("%v", err)
	}
	if err := pin.pinSelf(os.Getpid()); err != nil {
		return fail("%v", err)
	}
	fmt.Println(pin.describe() + " (serve runs in this process)")
	sctx, stop := context.WithCancel(ctx)
	env := cli.Env{
		Stdin: strings.NewReader(""), Stdout: out, Stderr: os.Stderr, Getenv: func(string) string { return "" },
		OpenWorkspace: func(ctx context.Context) (*workspace.Workspace, error) {
			return workspace.Open(ctx, filepath.Join(dir, "home"), workspace.Options{Keychain: secrets.NewMemory()})
		},
		Interrupt: func() (context.Context, context.CancelFunc) { return sctx, stop },
	}
	done := make(chan int, 1)
	go func() { done <- cli.Run(env, []string{"serve", "sandbox", "--addr", addr, "--json"}) }()
	defer func() { stop(); <-done }()
	for deadline := time.Now().Add(20 * time.Second); checkSigns(ctx, addr) != nil; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			return fail("serve did not sign within 20 s")
		}
	}
	wrk, _ := exec.LookPath("wrk")
	u := "http://" + addr + devserver.PathConfigSignature + "?url=" + url.QueryEscape(pageURL)
	if warmup > 0 {
		if _, err := measure(ctx, wrk, u, conns, warmup); err != nil {
			return fail("%v", err)
		}
	}
	var stopProfile []func()
	if path != "" {
		f, err := os.Create(path)
		if err != nil {
			return fail("%v", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return fail("%v", err)
		}
		stopProfile = append(stopProfile, func() { pprof.StopCPUProfile(); f.Close() })
	}
	if tracePath != "" {
		f, err := os.Create(tracePath)
		if err != nil {
			return fail("%v", err)
		}
		if err := trace.Start(f); err != nil {
			f.Close()
			return fail("%v", err)
		}
		stopProfile = append(stopProfile, func() { trace.Stop(); f.Close() })
	}
	m, err := measure(ctx, wrk, u, conns, dur)
	for _, s := range stopProfile {
		s()
	}
	if err != nil {
		return fail("%v", err)
	}
	fmt.Printf("serve --json in this process, %s: %d requests, %.0f requests/s, p50 %s, p99 %s, max %s, %d errors\n\n",
		loadName(wrk), m.Requests, m.RPS, msOf(m.P50), msOf(m.P99), msOf(m.Max), m.Errors)
	if path != "" {
		fmt.Printf("CPU profile in %s: go tool pprof -top\n", path)
		if err := pprofTop(ctx, path); err != nil {
			return fail("go tool pprof: %v", err)
		}
	}
	if tracePath != "" {
		fmt.Printf("\ntrace in %s (go tool trace %s); where runnable goroutines waited for the P (go tool trace -pprof=sched):\n", tracePath, tracePath)
		sched := tracePath + ".sched.pprof"
		cmd := exec.CommandContext(ctx, "go", "tool", "trace", "-pprof=sched", tracePath)
		cmd.Stderr = os.Stderr
		b, err := cmd.Output()
		if err == nil {
			err = os.WriteFile(sched, b, 0o600)
		}
		if err != nil {
			return fail("go tool trace -pprof=sched: %v", err)
		}
		if err := pprofTop(ctx, sched); err != nil {
			return fail("go tool pprof: %v", err)
		}
		fmt.Println("\nthe trace's events (go tool trace -d=parsed):")
		if err := printTraceStats(ctx, tracePath, m.Requests); err != nil {
			return fail("go tool trace -d=parsed: %v", err)
		}
	}
	return 0
}

// printTraceStats reads the trace's events through `go tool trace -d=parsed` and prints
// traceStats.
func printTraceStats(ctx context.Context, path string, requests int64) error {
	cmd := exec.CommandContext(ctx, "go", "tool", "trace", "-d=parsed", path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	st, perr := parseTrace(out)
	io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil {
		return err
	}
	if perr != nil {
		return perr
	}
	st.print(os.Stdout, requests)
	return nil
}

// pprofTop prints `go tool pprof -top` of the profile at path.
func pprofTop(ctx context.Context, path string) error {
	cmd := exec.CommandContext(ctx, "go", "tool", "pprof", "-top", "-nodecount=30", path)
	cmd.Stderr = io.Discard
	top, err := cmd.Output()
	if err != nil {
		return err
	}
	os.Stdout.Write(top)
	return nil
}
