package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wecomdev/internal/engine"
)

// serveRun is `wecomdev serve` running in the background with its stdout as lines.
type serveRun struct {
	lines  chan string
	cancel context.CancelFunc
	code   chan int
}

func (r *cliRig) serve(t *testing.T, args ...string) *serveRun {
	t.Helper()
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	s := &serveRun{lines: make(chan string, 100), cancel: cancel, code: make(chan int, 1)}
	var errb strings.Builder
	env := Env{
		Stdin: strings.NewReader(""), Stdout: pw, Stderr: &errb,
		Getenv: func(k string) string { return r.env[k] },
		OpenEngine: func(ctx context.Context) (*engine.Engine, error) {
			return engine.Open(ctx, r.dir, engine.Options{Keychain: r.kc, Getenv: func(k string) string { return r.env[k] }})
		},
		Interrupt: func() (context.Context, context.CancelFunc) { return ctx, cancel },
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
