package cli

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"wecomdev/internal/store"
	"wecomdev/internal/workspace"
)

// serveRun is `wecomdev serve` running in the background with its stdout as lines.
type serveRun struct {
	lines  chan string
	cancel context.CancelFunc
	code   chan int
	all    []string // the lines event and line have read
}

func (r *cliRig) serve(t *testing.T, args ...string) *serveRun {
	t.Helper()
	return r.serveWith(t, func(ctx context.Context) (*workspace.Workspace, error) {
		return workspace.Open(ctx, r.dir, workspace.Options{Keychain: r.kc, Getenv: func(k string) string { return r.env[k] }})
	}, args...)
}

// serveWith is serve with a workspace of the test's making.
func (r *cliRig) serveWith(t *testing.T, open func(context.Context) (*workspace.Workspace, error), args ...string) *serveRun {
	t.Helper()
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	s := &serveRun{lines: make(chan string, 100), cancel: cancel, code: make(chan int, 1)}
	var errb strings.Builder
	env := Env{
		Stdin: strings.NewReader(""), Stdout: pw, Stderr: &errb,
		Getenv:        func(k string) string { return r.env[k] },
		OpenWorkspace: open,
		Interrupt:     func() (context.Context, context.CancelFunc) { return ctx, cancel },
	}
	go func() {
		s.code <- Run(env, append([]string{"serve"}, args...))
		pw.Close()
	}()
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	t.Cleanup(cancel)
	return s
}

func (s *serveRun) next(t *testing.T) map[string]any {
	t.Helper()
	select {
	case l, ok := <-s.lines:
		if !ok {
			t.Fatal("serve stopped printing")
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", l, err)
		}
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no line from serve within 10 s")
	}
	return nil
}

func TestServeJSONPrintsListeningThenOneLinePerRequestAndStopsCleanly(t *testing.T) {
	r := newCLIRig(t)
	verify := filepath.Join(t.TempDir(), "WW_verify_Abc123Def456.txt")
	if err := os.WriteFile(verify, []byte("Abc123Def456\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := r.serve(t, "sandbox", "--addr", "127.0.0.1:0", "--json", "--verify-file", verify)
	ev := s.next(t)
	if ev["event"] != "listening" || ev["profile"] != "sandbox" {
		t.Fatalf("first event %v", ev)
	}
	base := ev["url"].(string)
	page := "http://localhost:5173/?a=1#/x"
	resp, err := http.Get(base + "/api/jssdk/config-signature?url=" + url.QueryEscape(page))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = http.Get(base + "/WW_verify_Abc123Def456.txt")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "Abc123Def456" {
		t.Errorf("verify file served %q", body)
	}
	ev = s.next(t)
	for k, want := range map[string]any{"event": "request", "path": "/api/jssdk/config-signature", "url": page, "kind": "corp", "status": float64(200)} {
		if ev[k] != want {
			t.Errorf("request event %s = %v, want %v", k, ev[k], want)
		}
	}
	if sig, _ := ev["signature"].(string); len(sig) != 40 {
		t.Errorf("signature %q", sig)
	}
	s.next(t) // the verify file request
	s.cancel()
	if ev := s.next(t); ev["event"] != "stopped" || ev["requests"] != float64(2) {
		t.Errorf("last event %v", ev)
	}
	if code := <-s.code; code != ExitOK {
		t.Errorf("exit code %d", code)
	}
}

// fullPipe is a standard output nobody reads: it takes capacity bytes, as a pipe's buffer
// does, then every Write blocks until the test ends.
type fullPipe struct {
	mu       sync.Mutex
	buf      bytes.Buffer
	capacity int
	line     chan struct{} // closed once the first line is in
	full     chan struct{} // closed when a Write first blocks
	release  chan struct{}
	lineOnce sync.Once
	fullOnce sync.Once
}

func newFullPipe(t *testing.T, capacity int) *fullPipe {
	p := &fullPipe{capacity: capacity, line: make(chan struct{}), full: make(chan struct{}), release: make(chan struct{})}
	t.Cleanup(func() { close(p.release) })
	return p
}

func (p *fullPipe) Write(b []byte) (int, error) {
	p.mu.Lock()
	if p.buf.Len()+len(b) <= p.capacity {
		p.buf.Write(b)
		if bytes.IndexByte(b, '\n') >= 0 {
			p.lineOnce.Do(func() { close(p.line) })
		}
		p.mu.Unlock()
		return len(b), nil
	}
	p.mu.Unlock()
	p.fullOnce.Do(func() { close(p.full) })
	<-p.release
	return 0, io.ErrClosedPipe
}

func (p *fullPipe) firstLine() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	l, _, _ := strings.Cut(p.buf.String(), "\n")
	return l
}

func TestServeJSONStopsOnInterruptWhileNobodyReadsItsOutput(t *testing.T) {
	r := newCLIRig(t)
	pipe := newFullPipe(t, 64<<10) // Linux's default pipe buffer
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var errb bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(""), Stdout: pipe, Stderr: &errb,
		Getenv: func(k string) string { return r.env[k] },
		OpenWorkspace: func(ctx context.Context) (*workspace.Workspace, error) {
			return workspace.Open(ctx, r.dir, workspace.Options{Keychain: r.kc, Getenv: func(k string) string { return r.env[k] }})
		},
		Interrupt: func() (context.Context, context.CancelFunc) { return ctx, cancel },
	}
	code := make(chan int, 1)
	go func() { code <- Run(env, []string{"serve", "sandbox", "--addr", "127.0.0.1:0", "--json"}) }()
	select {
	case <-pipe.line:
	case c := <-code:
		t.Fatalf("serve ended with %d: %s", c, errb.String())
	case <-time.After(30 * time.Second):
		t.Fatal("no listening event within 30 s")
	}
	var ev struct{ URL string }
	if err := json.Unmarshal([]byte(pipe.firstLine()), &ev); err != nil || ev.URL == "" {
		t.Fatalf("first line %q: %v", pipe.firstLine(), err)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}, Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	target := ev.URL + "/api/jssdk/config-signature?url=" + url.QueryEscape("http://localhost:5173/flood")
	request := func() {
		resp, err := client.Get(target)
		if err != nil {
			t.Error(err)
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	// flood until the pipe is full, then as many again as serve queues for its output
	deadline := time.Now().Add(60 * time.Second)
flood:
	for {
		select {
		case <-pipe.full:
			break flood
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the pipe is not full after 60 s of requests")
		}
		request()
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < (outQueue+64)/4; i++ {
				request()
			}
		}()
	}
	wg.Wait()

	start := time.Now()
	cancel() // SIGTERM
	select {
	case c := <-code:
		t.Logf("serve returned %d in %s after the interrupt", c, time.Since(start).Round(time.Millisecond))
		if c != ExitOK {
			t.Errorf("exit code %d: %s", c, errb.String())
		}
	case <-time.After(shutdownGrace + outGrace + 2*time.Second):
		t.Fatal("serve still running after the interrupt while its output pipe is full")
	}
	if !strings.Contains(errb.String(), "output lines not printed: standard output was not being read") {
		t.Errorf("stderr does not count the lines not printed: %q", errb.String())
	}
}

func TestServeJSONPrintsEveryRequestWhenTheDatabaseIsFullAndSaysWhyOnce(t *testing.T) {
	r := newCLIRig(t)
	var full func() // makes the workspace's database full, once serve has opened it
	open := func(ctx context.Context) (*workspace.Workspace, error) {
		db, err := store.Open(ctx, r.dir)
		if err != nil {
			return nil, err
		}
		eng, err := workspace.Open(ctx, r.dir, workspace.Options{Keychain: r.kc, Getenv: func(k string) string { return r.env[k] }, DB: db})
		if err != nil {
			return nil, err
		}
		full = func() {
			// one connection, no page beyond those it has: SQLite answers SQLITE_FULL, as on a full disk
			db.SetMaxOpenConns(1)
			var pages int
			if err := db.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
				t.Error(err)
			}
			if _, err := db.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
				t.Error(err)
			}
		}
		return eng, nil
	}
	s := r.serveWith(t, open, "sandbox", "--addr", "127.0.0.1:0", "--json")
	ev := s.next(t)
	if ev["event"] != "listening" {
		t.Fatalf("first event %v", ev)
	}
	full()
	base := ev["url"].(string)
	const n = 40
	for i := 0; i < n; i++ {
		resp, err := http.Get(base + "/nothing-here/" + strconv.Itoa(i)) // a 404 needs no ticket, so no other write
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	requests, logErrors := 0, 0
	for requests < n {
		switch ev := s.next(t); ev["event"] {
		case "request":
			if want := "/nothing-here/" + strconv.Itoa(requests); ev["path"] != want {
				t.Errorf("request event %d is %v, want %s", requests, ev["path"], want)
			}
			requests++
		case "log-error":
			logErrors++
			if msg, _ := ev["error"].(string); !strings.Contains(msg, "full") {
				t.Errorf("log-error %q does not say the database is full", msg)
			}
		}
	}
	s.cancel()
	ev = s.next(t)
	for ev["event"] == "log-error" {
		logErrors++
		ev = s.next(t)
	}
	if ev["event"] != "stopped" || ev["requests"] != float64(n) || ev["notStored"] != float64(n) {
		t.Errorf("last event %v", ev)
	}
	if logErrors != 1 {
		t.Errorf("%d log-error events, want 1", logErrors)
	}
	<-s.code
}

func TestServeRefusesAnUnknownProfileAndABadVerifyFile(t *testing.T) {
	r := newCLIRig(t)
	if code, _, errOut := r.run(t, "", "serve", "nope", "--addr", "127.0.0.1:0"); code != ExitError || !strings.Contains(errOut, "nope") {
		t.Errorf("unknown profile: %d %s", code, errOut)
	}
	bad := filepath.Join(t.TempDir(), "verify.txt")
	os.WriteFile(bad, []byte("x"), 0o600)
	if code, _, errOut := r.run(t, "", "serve", "sandbox", "--verify-file", bad); code != ExitUsage || !strings.Contains(errOut, "WW_verify_") {
		t.Errorf("bad verify file: %d %s", code, errOut)
	}
	if code, _, errOut := r.run(t, "", "serve"); code != ExitUsage || !strings.Contains(errOut, "profile name") {
		t.Errorf("no profile: %d %s", code, errOut)
	}
}

func TestServeRefusesAVerifyFileThatLinksToDevZeroAtOnce(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero on this system")
	}
	r := newCLIRig(t)
	link := filepath.Join(t.TempDir(), "WW_verify_Abc123Def456.txt")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	type result struct {
		code   int
		errOut string
	}
	done := make(chan result, 1)
	go func() {
		code, _, errOut := r.run(t, "", "serve", "sandbox", "--addr", "127.0.0.1:0", "--verify-file", link)
		done <- result{code, errOut}
	}()
	select {
	case res := <-done:
		if res.code != ExitUsage || !strings.Contains(res.errOut, "not a regular file") {
			t.Errorf("exit %d: %s", res.code, res.errOut)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve still reading /dev/zero after 10 s")
	}
}

func TestServeSaysThePortIsTakenAndHowToPickAnother(t *testing.T) {
	r := newCLIRig(t)
	s := r.serve(t, "sandbox", "--addr", "127.0.0.1:0", "--json")
	addr := s.next(t)["addr"].(string)
	code, _, errOut := r.run(t, "", "serve", "sandbox", "--addr", addr)
	if code != ExitError || !strings.Contains(errOut, "taken") || !strings.Contains(errOut, "--addr") {
		t.Errorf("%d %s", code, errOut)
	}
}

func TestServeUpstreamProxiesPagesWithTheReporterAndNamesTheUpstream(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><html><head><title>app</title></head><body>"+r.URL.Path+"</body></html>")
	}))
	defer up.Close()
	r := newCLIRig(t)
	s := r.serve(t, "sandbox", "--addr", "127.0.0.1:0", "--json", "--upstream", up.URL)
	ev := s.next(t)
	if ev["event"] != "listening" || ev["upstream"] != up.URL {
		t.Fatalf("listening event %v", ev)
	}
	req, _ := http.NewRequest(http.MethodGet, ev["url"].(string)+"/orders/42", nil)
	req.Header.Set("Accept", "text/html")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	want := `<!doctype html><html><head><script src="/__wecomdev/reporter.js"></script><title>app</title></head><body>/orders/42</body></html>`
	if string(body) != want {
		t.Errorf("page %q", body)
	}
	if ev := s.next(t); ev["endpoint"] != "proxy" || ev["path"] != "/orders/42" || ev["status"] != float64(200) {
		t.Errorf("request event %v", ev)
	}
	s.cancel()
	<-s.code
}

func TestServeRefusesAnUpstreamThatIsNotAURLAndShowsTheFix(t *testing.T) {
	r := newCLIRig(t)
	code, _, errOut := r.run(t, "", "serve", "sandbox", "--addr", "127.0.0.1:0", "--upstream", "localhost:5173")
	if want := `--upstream "localhost:5173": give the dev server's URL, like http://localhost:5173`; code != ExitUsage || !strings.Contains(errOut, want) {
		t.Errorf("%d %s", code, errOut)
	}
}

// event waits for the next line of the --json stream with this event (and, when status
// is not empty, this status), skipping the others.
func (s *serveRun) event(t *testing.T, event, status string) map[string]any {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case l, ok := <-s.lines:
			if !ok {
				t.Fatalf("serve stopped printing before %s %s", event, status)
			}
			s.all = append(s.all, l)
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatalf("line %q is not JSON: %v", l, err)
			}
			if m["event"] == event && (status == "" || m["status"] == status) {
				return m
			}
			if m["event"] == "tunnel" && m["status"] == "error" && status != "error" {
				t.Fatalf("tunnel error while waiting for %s %s: %v", event, status, m)
			}
		case <-deadline:
			t.Fatalf("no %s %s event within 20 s; lines:\n%s", event, status, strings.Join(s.all, "\n"))
		}
	}
}

// line waits for a line of the text output holding want.
func (s *serveRun) line(t *testing.T, want string) string {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case l, ok := <-s.lines:
			if !ok {
				t.Fatalf("serve stopped printing before %q", want)
			}
			s.all = append(s.all, l)
			if strings.Contains(l, want) {
				return l
			}
		case <-deadline:
			t.Fatalf("no line with %q within 20 s; lines:\n%s", want, strings.Join(s.all, "\n"))
		}
	}
}

// drain reads the rest of the output once serve has stopped.
func (s *serveRun) drain() string {
	for l := range s.lines {
		s.all = append(s.all, l)
	}
	return strings.Join(s.all, "\n")
}

// fakeTunnelCommand is a tunnel command of the test's own: it prints its pid, leaves a
// child running, prints its public URL and waits.
func fakeTunnelCommand(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake tunnel is a POSIX shell script")
	}
	spec, open := fakeTunnelCommandGated(t)
	open()
	return spec
}

// fakeTunnelCommandGated is fakeTunnelCommand that reports its URL only once open is
// called, so a test can look at the server before the tunnel is up without racing it.
func fakeTunnelCommandGated(t *testing.T) (spec string, open func()) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake tunnel is a POSIX shell script")
	}
	dir := t.TempDir()
	script, gate := filepath.Join(dir, "fake-frpc.sh"), filepath.Join(dir, "gate")
	body := "#!/bin/sh\necho \"pid $$\"\nsleep 300 &\necho \"child $!\"\n" +
		"while [ ! -e '" + gate + "' ]; do sleep 0.02; done\n" +
		"echo \"start proxy success: https://abc.example.test\"\nwait\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return "cmd:sh " + script, func() {
		if err := os.WriteFile(gate, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// outputPid reads a "pid N" / "child N" line of the fake tunnel from a tunnel-output event.
func outputPid(ev map[string]any, what string) int {
	n, ok := strings.CutPrefix(fmt.Sprint(ev["line"]), what+" ")
	if !ok {
		return 0
	}
	p, _ := strconv.Atoi(n)
	return p
}

// processGone tells whether a process has ended; a zombie nobody reaped counts (in a
// container PID 1 may not reap orphans).
func processGone(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil || p.Signal(syscall.Signal(0)) != nil {
		return true
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	st := string(b)
	i := strings.LastIndexByte(st, ')')
	return i > 0 && i+2 < len(st) && st[i+2] == 'Z'
}

func signAs(t *testing.T, base, origin, page string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/jssdk/config-signature?url="+url.QueryEscape(page), nil)
	req.Header.Set("Origin", origin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestServeTunnelCmdIsUpAtItsURLSignsForItsHostIsRestartedWhenKilledAndStopsWithTheServer(t *testing.T) {
	spec, openGate := fakeTunnelCommandGated(t)
	r := newCLIRig(t)
	s := r.serve(t, "sandbox", "--addr", "127.0.0.1:0", "--json", "--tunnel", spec)
	ev := s.event(t, "listening", "")
	if ev["tunnel"] != spec {
		t.Errorf("listening event tunnel %v", ev["tunnel"])
	}
	base := ev["url"].(string)
	if resp := signAs(t, base, "https://abc.example.test", "https://abc.example.test/orders"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("before the tunnel is up, the tunnel's origin got %d", resp.StatusCode)
	}
	openGate()
	if ev := s.event(t, "tunnel", "connecting"); ev["provider"] != "cmd" || ev["attempt"] != float64(1) {
		t.Errorf("connecting event %v", ev)
	}
	pid := outputPid(s.event(t, "tunnel-output", ""), "pid")
	for pid == 0 {
		pid = outputPid(s.event(t, "tunnel-output", ""), "pid")
	}
	up := s.event(t, "tunnel", "up")
	want := map[string]any{"event": "tunnel", "status": "up", "publicUrl": "https://abc.example.test", "reason": "", "provider": "cmd"}
	for k, v := range want {
		if up[k] != v {
			t.Errorf("up event %s = %v, want %v", k, up[k], v)
		}
	}
	if re := s.event(t, "reach", ""); re["host"] != "abc.example.test" || re["level"] == "" || re["reasons"] == nil {
		t.Errorf("reach event %v", re)
	}
	resp := signAs(t, base, "https://abc.example.test", "https://abc.example.test/orders")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Access-Control-Allow-Origin") != "https://abc.example.test" {
		t.Errorf("through the tunnel's origin: %d, ACAO %q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}

	p, _ := os.FindProcess(pid)
	if err := p.Signal(os.Kill); err != nil {
		t.Fatal(err)
	}
	down := s.event(t, "tunnel", "down")
	if reason := down["reason"].(string); !strings.Contains(reason, "the command exited") || !strings.Contains(reason, "retrying in") {
		t.Errorf("down reason %q", reason)
	}
	s.event(t, "tunnel", "connecting")
	var pid2, child2 int
	for pid2 == 0 || child2 == 0 {
		ev := s.event(t, "tunnel-output", "")
		if n := outputPid(ev, "pid"); n != 0 {
			pid2 = n
		}
		if n := outputPid(ev, "child"); n != 0 {
			child2 = n
		}
	}
	if up := s.event(t, "tunnel", "up"); up["publicUrl"] != "https://abc.example.test" || pid2 == pid {
		t.Errorf("restarted: %v, pid %d then %d", up, pid, pid2)
	}

	s.cancel()
	if ev := s.event(t, "tunnel", "down"); ev["reason"] != "stopped" {
		t.Errorf("last tunnel event %v", ev)
	}
	if ev := s.event(t, "stopped", ""); ev["event"] != "stopped" {
		t.Errorf("%v", ev)
	}
	if code := <-s.code; code != ExitOK {
		t.Errorf("exit code %d", code)
	}
	if !processGone(pid2) || !processGone(child2) {
		t.Errorf("the tunnel command (%d) or its child (%d) outlived serve", pid2, child2)
	}
}

func TestServeTunnelInTextModeSaysWhereItIsUp(t *testing.T) {
	spec := fakeTunnelCommand(t)
	r := newCLIRig(t)
	s := r.serve(t, "sandbox", "--addr", "127.0.0.1:0", "--tunnel", spec)
	s.line(t, "  tunnel "+spec)
	s.line(t, "tunnel cmd: connecting (attempt 1)")
	s.line(t, "  cmd| start proxy success: https://abc.example.test")
	s.line(t, "tunnel cmd: up at https://abc.example.test (test page https://abc.example.test/__wecomdev/test/)")
	s.cancel()
	s.line(t, "tunnel cmd: down: stopped")
	<-s.code
}

func TestServeRefusesABadTunnelAndTunnelOptionsWithoutOne(t *testing.T) {
	r := newCLIRig(t)
	ssh := "ssh://deploy@127.0.0.1:1?remote=127.0.0.1:9000&public=https://dev.example.test"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--tunnel", "wireguard"}, `"wireguard" is not a tunnel`},
		{[]string{"--tunnel", "deploy@dev.example.com"}, "write an SSH tunnel as ssh://deploy@dev.example.com"},
		{[]string{"--identity", "id_ed25519"}, "go with --tunnel SPEC"},
		{[]string{"--tunnel", ssh, "--public-url", "https://x.example.test"}, "an ssh tunnel's public URL is its public="},
		{[]string{"--tunnel", "ngrok", "--identity", "id"}, "are for ssh:// tunnels"},
		{[]string{"--tunnel", "lan", "--public-url", "https://x.example.test"}, "are for cmd: tunnels"},
		{[]string{"--tunnel", "cmd:frpc", "--public-url-pattern", "(https"}, "--public-url-pattern"},
		{[]string{"--tunnel", ssh, "--accept-host-key", "ab:cd"}, "give the SHA256 fingerprint"},
		{[]string{"--tunnel", ssh, "--identity", filepath.Join(t.TempDir(), "missing")}, "--identity: open"},
		{[]string{"--tunnel", "lan", "--snippets"}, "--snippets is for ssh:// tunnels"},
	} {
		code, _, errOut := r.run(t, "", append([]string{"serve", "sandbox", "--addr", "127.0.0.1:0"}, tc.args...)...)
		if code != ExitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: code %d, stderr %q, want %q", tc.args, code, errOut, tc.want)
		}
	}
}

func TestServeSnippetsPrintsWhatTheServerNeedsForTheSSHTunnel(t *testing.T) {
	r := newCLIRig(t)
	code, out, errOut := r.run(t, "", "serve", "--tunnel", "ssh://deploy@dev.example.com?remote=127.0.0.1:9000&public=https://dev.example.com", "--snippets")
	if code != ExitOK {
		t.Fatalf("code %d: %s", code, errOut)
	}
	for _, want := range []string{"server_name dev.example.com;", "proxy_pass http://127.0.0.1:9000;", "ssl_certificate", "Match User deploy", "AllowTcpForwarding remote", "PermitListen 127.0.0.1:9000"} {
		if !strings.Contains(out, want) {
			t.Errorf("snippets lack %q:\n%s", want, out)
		}
	}
}

// encryptedKey writes an encrypted private key file.
func encryptedKey(t *testing.T, passphrase string) string {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKeyWithPassphrase(priv, "", []byte(passphrase))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(file, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestServeTunnelSecretsComeFromTheKeychainOrTheEnvironmentAndAreNeverPrinted(t *testing.T) {
	key := encryptedKey(t, "right horse battery")
	ssh := "ssh://deploy@127.0.0.1:1?remote=127.0.0.1:9000&public=https://dev.example.test" // nothing listens on port 1
	args := []string{"sandbox", "--addr", "127.0.0.1:0", "--json", "--tunnel", ssh, "--identity", key, "--known-hosts", filepath.Join(t.TempDir(), "known_hosts")}

	// nothing stored: says where to put it
	r := newCLIRig(t)
	s := r.serve(t, args...)
	ev := s.event(t, "tunnel", "error")
	if want := `no ssh-passphrase in the OS keychain: store it there (service "wecomdev", account "profile/tunnel/ssh-passphrase"), or set WECOMDEV_TUNNEL_SECRET for this run`; !strings.Contains(ev["reason"].(string), want) {
		t.Errorf("reason %q, want %q", ev["reason"], want)
	}
	s.cancel()
	<-s.code

	// the environment stands in, and is never printed
	r.env["WECOMDEV_TUNNEL_SECRET"] = "wrong staple"
	s = r.serve(t, args...)
	if ev := s.event(t, "tunnel", "error"); !strings.Contains(ev["reason"].(string), "did not open with the passphrase ssh-passphrase") {
		t.Errorf("reason %q", ev["reason"])
	}
	s.cancel()
	<-s.code
	if all := s.drain(); strings.Contains(all, "wrong staple") {
		t.Errorf("the secret from the environment was printed:\n%s", all)
	}

	// the keychain's passphrase opens the key; the login is then tried (and fails to connect)
	delete(r.env, "WECOMDEV_TUNNEL_SECRET")
	if err := r.kc.Set(context.Background(), "profile/tunnel/ssh-passphrase", "right horse battery"); err != nil {
		t.Fatal(err)
	}
	s = r.serve(t, args...)
	if ev := s.event(t, "tunnel", "down"); !strings.Contains(ev["reason"].(string), "cannot reach 127.0.0.1:1") {
		t.Errorf("reason %q", ev["reason"])
	}
	s.cancel()
	<-s.code
	if all := s.drain(); strings.Contains(all, "right horse battery") {
		t.Errorf("the passphrase was printed:\n%s", all)
	}
}

func TestServeTunnelLANListensOnEveryInterfaceAndSignsThere(t *testing.T) {
	r := newCLIRig(t)
	s := r.serve(t, "sandbox", "--addr", "127.0.0.1:0", "--json", "--tunnel", "lan")
	ev := s.event(t, "listening", "")
	host, port, _ := net.SplitHostPort(ev["addr"].(string))
	if ip := net.ParseIP(host); ip == nil || !ip.IsUnspecified() {
		t.Fatalf("with --tunnel lan it listens on %s", ev["addr"])
	}
	var st map[string]any
	for st == nil || st["status"] == "connecting" {
		st = s.event(t, "tunnel", "")
	}
	switch st["status"] {
	case "error":
		if !strings.Contains(st["reason"].(string), "no LAN address") {
			t.Fatalf("%v", st)
		}
		t.Logf("this machine has no LAN address: %v", st["reason"])
	case "up":
		pub := st["publicUrl"].(string)
		if !strings.HasSuffix(pub, ":"+port) || st["provider"] != "lan" {
			t.Errorf("up event %v", st)
		}
		if resp := signAs(t, pub, pub, pub+"/"); resp.StatusCode != http.StatusOK {
			t.Errorf("at the LAN address: %d", resp.StatusCode)
		}
	default:
		t.Fatalf("%v", st)
	}
	s.cancel()
	<-s.code
}
