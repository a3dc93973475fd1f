//go:build !windows

package tunnel

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakeTunnel writes a script that behaves like frpc or cloudflared: it says a few things,
// leaves a child running in its group, prints its public URL, and waits.
func fakeTunnel(t *testing.T, url string) string {
	t.Helper()
	script := filepath.Join(t.TempDir(), "fake-tunnel.sh")
	body := fmt.Sprintf(`#!/bin/sh
echo "pid $$"
echo "connecting to the tunnel server" >&2
sleep 300 &
echo "child $!"
echo "tunnel ready: %s (ctrl-c to quit)"
wait
`, url)
	if url == "" {
		body = "#!/bin/sh\necho \"pid $$\"\nsleep 300 &\necho \"child $!\"\nwait\n"
	}
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return script
}

func TestACommandTunnelIsUpAtTheURLItPrints(t *testing.T) {
	cfg := Config{Provider: ProviderCmd, Command: fakeTunnel(t, "https://abc.example.test"), PublicURLPattern: `ready: (https://\S+)`}
	tun, rec := start(t, cfg, Options{Target: "127.0.0.1:8787"})
	s := rec.waitFor(t, StateUp, 10*time.Second)
	if s.PublicURL != "https://abc.example.test" || s.Provider != ProviderCmd || s.Attempt != 1 || s.URLs[0] != s.PublicURL {
		t.Errorf("up status %+v", s)
	}
	out := tun.Output()
	if !slices.ContainsFunc(out, func(l string) bool { return strings.Contains(l, "connecting to the tunnel server") }) {
		t.Errorf("stderr is not in the output: %q", out)
	}
	if len(out) == 0 || !strings.HasPrefix(out[0], "$ "+cfg.Command) {
		t.Errorf("the output does not start with the command: %q", out)
	}
}

func TestTheDefaultPatternTakesTheFirstHTTPSURLPrinted(t *testing.T) {
	script := filepath.Join(t.TempDir(), "cloudflared.sh")
	os.WriteFile(script, []byte("#!/bin/sh\necho 'INF Requesting new quick Tunnel on trycloudflare.com...'\n"+
		"echo '\x1b[32mINF\x1b[0m |  https://tall-fog-1234.trycloudflare.com                                    |'\nexec sleep 300\n"), 0o755)
	_, rec := start(t, Config{Provider: ProviderCmd, Command: script}, Options{Target: "127.0.0.1:8787"})
	if s := rec.waitFor(t, StateUp, 10*time.Second); s.PublicURL != "https://tall-fog-1234.trycloudflare.com" {
		t.Errorf("public URL %q", s.PublicURL)
	}
}

func TestAGivenPublicURLIsUpAsSoonAsTheCommandRuns(t *testing.T) {
	cfg := Config{Provider: ProviderCmd, Command: fakeTunnel(t, ""), PublicURL: "https://h5.example.com"}
	_, rec := start(t, cfg, Options{Target: "127.0.0.1:8787"})
	if s := rec.waitFor(t, StateUp, 10*time.Second); s.PublicURL != "https://h5.example.com" {
		t.Errorf("%+v", s)
	}
}

func TestAKilledCommandIsRestartedAndStopEndsItsWholeGroup(t *testing.T) {
	cfg := Config{Provider: ProviderCmd, Command: fakeTunnel(t, "https://abc.example.test")}
	tun, rec := start(t, cfg, Options{Target: "127.0.0.1:8787"})
	rec.waitFor(t, StateUp, 10*time.Second)
	eventually(t, 5*time.Second, "the script's pid and child", func() bool { return len(pids(tun.Output(), "child")) == 1 })
	first, firstChild := pids(tun.Output(), "pid")[0], pids(tun.Output(), "child")[0]

	if err := syscall.Kill(first, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	down := rec.waitFor(t, StateDown, 10*time.Second)
	if !strings.Contains(down.Reason, "the command exited (") || !strings.Contains(down.Reason, "retrying in") {
		t.Errorf("down reason %q", down.Reason)
	}
	rec.waitFor(t, StateConnecting, 10*time.Second)
	up := rec.waitFor(t, StateUp, 10*time.Second)
	if up.PublicURL != "https://abc.example.test" {
		t.Errorf("after the restart: %+v", up)
	}
	eventually(t, 5*time.Second, "the restarted script's pid", func() bool { return len(pids(tun.Output(), "child")) == 2 })
	eventually(t, 5*time.Second, "the first run's child is killed with it", func() bool { return processGone(firstChild) })
	second, secondChild := pids(tun.Output(), "pid")[1], pids(tun.Output(), "child")[1]
	if second == first {
		t.Fatalf("not restarted: pid %d", second)
	}

	if err := tun.Stop(); err != nil {
		t.Fatal(err)
	}
	if !processGone(second) || !processGone(secondChild) || !groupGone(second) {
		t.Errorf("after Stop, the command (%d) or its child (%d) still runs", second, secondChild)
	}
	if s := tun.Status(); s.State != StateDown || s.Reason != "stopped" {
		t.Errorf("status after Stop %+v", s)
	}
	if got := rec.states(); got != "connecting up down connecting up down" {
		t.Errorf("states %q", got)
	}
}

func TestACommandThatIgnoresSIGTERMIsKilledAfterTheGrace(t *testing.T) {
	stubborn := `trap '' TERM; echo "pid $$"; echo https://abc.example.test; while :; do sleep 1; done`
	tun, rec := start(t, Config{Provider: ProviderCmd, Command: stubborn}, Options{Target: "127.0.0.1:8787"})
	rec.waitFor(t, StateUp, 10*time.Second)
	eventually(t, 5*time.Second, "the pid", func() bool { return len(pids(tun.Output(), "pid")) == 1 })
	pid := pids(tun.Output(), "pid")[0]
	began := time.Now()
	tun.Stop()
	if d := time.Since(began); d < stopGrace-500*time.Millisecond || d > stopGrace+3*time.Second {
		t.Errorf("Stop took %s, want about %s", d, stopGrace)
	}
	if !groupGone(pid) {
		t.Error("the group survived Stop")
	}
}

func TestACommandThatNeverPrintsAURLStaysConnectingWithTheReason(t *testing.T) {
	_, rec := start(t, Config{Provider: ProviderCmd, Command: "echo starting; exec sleep 300"}, Options{Target: "127.0.0.1:8787"})
	deadline := time.After(urlPatience + 5*time.Second)
	for {
		select {
		case s := <-rec.ch:
			if s.State == StateUp {
				t.Fatalf("up without a URL: %+v", s)
			}
			if s.State == StateConnecting && strings.Contains(s.Reason, "has not printed its public URL yet (looking for https://") {
				return
			}
		case <-deadline:
			t.Fatalf("states %s", rec.states())
		}
	}
}

func TestFindURLTakesTheGroupAndTrimsPunctuation(t *testing.T) {
	p := &cmdProvider{}
	for _, tc := range []struct{ pattern, line, want string }{
		{DefaultURLPattern, "Forwarding https://abc.ngrok-free.app -> http://localhost:8787", "https://abc.ngrok-free.app"},
		{DefaultURLPattern, "visit (https://abc.example.test).", "https://abc.example.test"},
		{DefaultURLPattern, "see http://only-http.example.test", ""},
		{`Tunnel established at (\S+)`, "Tunnel established at http://abc.natapp.cc", "http://abc.natapp.cc"},
		{`remote address: (\S+)`, "remote address: not-a-url", ""},
	} {
		p.pattern = regexp.MustCompile(tc.pattern)
		if got := p.findURL(tc.line); got != tc.want {
			t.Errorf("findURL(%q) with %q = %q, want %q", tc.line, tc.pattern, got, tc.want)
		}
	}
}
