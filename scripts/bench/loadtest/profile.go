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
	"strings"

	"time"

	"wecomdev/internal/cli"
	"wecomdev/internal/devserver"
	"wecomdev/internal/secrets"
	"wecomdev/internal/workspace"
)

// profileServe runs `serve sandbox --json` in this process, its stdout to a file, loads it
// with wrk (or the built-in generator) for warmup + dur, profiles the CPU during dur into
// path and prints the profile's top entries.
func profileServe(ctx context.Context, conns int, warmup, dur time.Duration, path string) int {
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
	f, err := os.Create(path)
	if err != nil {
		return fail("%v", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fail("%v", err)
	}
	m, err := measure(ctx, wrk, u, conns, dur)
	pprof.StopCPUProfile()
	f.Close()
	if err != nil {
		return fail("%v", err)
	}
	fmt.Printf("serve --json in this process, %s: %.0f requests/s, p99 %s, %d errors; CPU profile in %s\n\n", loadName(wrk), m.RPS, msOf(m.P99), m.Errors, path)
	cmd := exec.CommandContext(ctx, "go", "tool", "pprof", "-top", "-nodecount=30", path)
	cmd.Stderr = io.Discard
	top, err := cmd.Output()
	if err != nil {
		return fail("go tool pprof: %v", err)
	}
	os.Stdout.Write(top)
	return 0
}
