package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"wecomdev/internal/devserver"
)

// findRoot is the repository root: from the working directory up to the go.mod that holds
// the Node signer.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, signerScript)); err == nil {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				return dir, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%s not found from the working directory up; run from the repository", signerScript)
		}
		dir = parent
	}
}

// goBuild builds the package pkg of the repository at root into out.
func goBuild(ctx context.Context, root, out, pkg string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
	}
	return nil
}

// proc is a running signer.
type proc struct {
	cmd    *exec.Cmd
	addr   string
	exited chan error // cmd.Wait's result
	closer io.Closer  // its stdout file, if any
	once   sync.Once
	killed bool // stop had to kill it: it did not end within stopGrace of SIGTERM
}

// stopGrace is how long a signer gets to stop after SIGTERM: serve writes what its request
// log still holds, which takes a while on a busy machine.
const stopGrace = 30 * time.Second

// start runs argv with env added to this process's environment and stdout going to out.
func start(ctx context.Context, argv, env []string, out io.Writer) (*proc, error) {
	argv = pin.wrap(serverCPU, argv)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = out, os.Stderr
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &proc{cmd: cmd, exited: make(chan error, 1)}
	go func() { p.exited <- cmd.Wait() }()
	return p, nil
}

// startSigner starts a yardstick signer (argv) on a free loopback port and waits for its
// "listening PORT" line. The secret goes to it through its environment only.
func startSigner(ctx context.Context, argv []string, apiBase, corpID, secret string) (*proc, error) {
	first := &firstLine{ch: make(chan string, 1)}
	p, err := start(ctx, argv, []string{"WECOM_API_BASE=" + apiBase, "WECOM_CORP_ID=" + corpID, "WECOM_CORP_SECRET=" + secret, "PORT=0"}, first)
	if err != nil {
		return nil, err
	}
	var line string
	select {
	case line = <-first.ch:
	case err := <-p.exited:
		p.exited <- err // for stop
		return nil, fmt.Errorf("it exited before listening: %v", err)
	case <-time.After(15 * time.Second):
		err = errors.New("no \"listening\" line within 15 s")
	case <-ctx.Done():
		err = ctx.Err()
	}
	port, ok := strings.CutPrefix(line, "listening ")
	if err == nil {
		if _, perr := strconv.ParseUint(port, 10, 16); !ok || perr != nil {
			err = fmt.Errorf("its first line is %q, want \"listening PORT\"", line)
		}
	}
	if err != nil {
		p.stop()
		return nil, err
	}
	p.addr = "127.0.0.1:" + port
	return p, nil
}

// startNode starts the Node signer script with bin.
func startNode(ctx context.Context, bin, script, apiBase, corpID, secret string) (*proc, error) {
	return startSigner(ctx, []string{bin, script}, apiBase, corpID, secret)
}

// startServe runs `wecomdev serve sandbox` (with --json when asJSON) in its own data
// directory home, its stdout to the file out, and waits until it signs.
func startServe(ctx context.Context, bin, home string, asJSON bool, out string) (*proc, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	f, err := os.Create(out)
	if err != nil {
		return nil, err
	}
	argv := []string{bin, "serve", "sandbox", "--addr", addr}
	if asJSON {
		argv = append(argv, "--json")
	}
	p, err := start(ctx, argv, []string{"WECOMDEV_HOME=" + home}, f)
	if err != nil {
		f.Close()
		return nil, err
	}
	p.addr, p.closer = addr, f
	deadline := time.Now().Add(20 * time.Second)
	for {
		if err = checkSigns(ctx, addr); err == nil {
			return p, nil
		}
		select {
		case err := <-p.exited:
			p.exited <- err
			p.stop()
			return nil, fmt.Errorf("it exited before listening: %v", err)
		default:
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			p.stop()
			return nil, fmt.Errorf("not signing within 20 s: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// freeAddr is a loopback address with a port free now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// checkSigns asks the signer at addr for one signature of pageURL and checks the answer.
func checkSigns(ctx context.Context, addr string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+devserver.PathConfigSignature+"?url="+url.QueryEscape(pageURL), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if resp.StatusCode != http.StatusOK || !signatureOK(body) {
		return fmt.Errorf("HTTP %d %s: want 200 with a signature", resp.StatusCode, bytes.TrimSpace(body))
	}
	return nil
}

// stop ends the process: SIGTERM, then a kill if it has not exited within stopGrace.
// Stopping twice is harmless.
func (p *proc) stop() {
	p.once.Do(func() {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.exited:
		case <-time.After(stopGrace):
			p.killed = true
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
		if p.closer != nil {
			p.closer.Close()
		}
	})
}

// cpuTime is the CPU time the process has used so far (user + system, from /proc on Linux);
// false where that cannot be read.
func (p *proc) cpuTime() (time.Duration, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/stat")
	if err != nil {
		return 0, false
	}
	// the fields after the command name, which is in parentheses and may hold spaces
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64) // field 14 of proc(5)
	stime, err2 := strconv.ParseInt(f[12], 10, 64) // field 15
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, true
}

// clockTicks is USER_HZ, the unit of /proc's CPU times: 100 on every Linux build that matters.
const clockTicks = 100

// firstLine is a signer's stdout: it hands over the first line and drops the rest.
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
