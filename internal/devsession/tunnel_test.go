package devsession

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomdev/internal/reach"
	"wecomdev/internal/secrets"
	"wecomdev/internal/tunnel"
)

func TestTheTunnelHostKeepsThePortItsPublicURLGives(t *testing.T) {
	for url, want := range map[string]string{
		"https://abc.ngrok-free.app":         "abc.ngrok-free.app",
		"https://dev.example.com:8443/":      "dev.example.com:8443",
		"https://dev.example.com:443":        "dev.example.com",
		"http://Dev.Example.com:8080/x":      "dev.example.com:8080",
		"http://192.168.1.20:8787":           "192.168.1.20:8787",
		"https://dev.example.com:80/ingress": "dev.example.com:80",
	} {
		if got := TunnelHost(tunnel.Status{State: tunnel.StateUp, PublicURL: url}); got != want {
			t.Errorf("TunnelHost(%s) = %q, want %q", url, got, want)
		}
	}
	if got := TunnelHost(tunnel.Status{State: tunnel.StateConnecting, PublicURL: "https://dev.example.com:8443"}); got != "" {
		t.Errorf("a tunnel that is not up gives %q", got)
	}
}

func TestAServerOnEveryInterfaceIsWhereTheLANTunnelWantsIt(t *testing.T) {
	for _, tc := range []struct {
		want, have string
		same       bool
	}{
		{"0.0.0.0:8787", "0.0.0.0:8787", true},
		{"0.0.0.0:8787", "[::]:8787", true},
		{"0.0.0.0:8787", "[::]:8788", false},
		{"0.0.0.0:8787", "127.0.0.1:8787", false},
		{"127.0.0.1:8787", "127.0.0.1:8787", true},
	} {
		if got := sameListen(tc.want, tc.have); got != tc.same {
			t.Errorf("sameListen(%s, %s) = %v", tc.want, tc.have, got)
		}
	}
}

func TestTheTunnelSecretComesFromTheEnvironmentFirstThenTheKeychainElseSaysWhereToStoreIt(t *testing.T) {
	kc := secrets.NewMemory()
	env := map[string]string{}
	opts := TunnelOptions{Keychain: kc, Getenv: func(k string) string { return env[k] },
		MissingSecret: func(item, key string) error { return errors.New("store " + item + " as " + key) }}
	ctx := context.Background()
	if _, err := opts.lookup(ctx, tunnel.ItemSSHPassphrase); err == nil || err.Error() != "store ssh-passphrase as "+tunnel.KeychainKey(tunnel.ItemSSHPassphrase) {
		t.Errorf("nothing stored: %v", err)
	}
	if err := SetTunnelSecret(ctx, kc, tunnel.ItemSSHPassphrase, "from keychain"); err != nil {
		t.Fatal(err)
	}
	if v, err := opts.lookup(ctx, tunnel.ItemSSHPassphrase); err != nil || v != "from keychain" {
		t.Errorf("keychain: %q %v", v, err)
	}
	env[tunnel.EnvSecret] = "from env"
	if v, err := opts.lookup(ctx, tunnel.ItemSSHPassphrase); err != nil || v != "from env" {
		t.Errorf("environment: %q %v", v, err)
	}
	opts.Getenv = nil // the console: the keychain only
	if v, _ := opts.lookup(ctx, tunnel.ItemSSHPassphrase); v != "from keychain" {
		t.Errorf("without Getenv: %q", v)
	}
	var te *TunnelError
	if err := SetTunnelSecret(ctx, kc, "root-password", "x"); !errors.As(err, &te) {
		t.Errorf("unknown item: %v", err)
	}
	if err := SetTunnelSecret(ctx, kc, tunnel.ItemSSHPassword, " "); !errors.As(err, &te) {
		t.Errorf("empty value: %v", err)
	}
}

// tunnelEvents records what a tunnel reports.
type tunnelEvents struct {
	mu      sync.Mutex
	states  []string
	reaches []reach.Verdict
	status  int // Events.Status calls
}

func (e *tunnelEvents) wait(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		e.mu.Lock()
		ok := cond()
		e.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not within 10 s: states %v, reaches %v", e.states, e.reaches)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestATunnelThatComesUpIsAllowedReportedWithItsReachAndForgottenWhenStopped(t *testing.T) {
	rec := &tunnelEvents{}
	s := newSession(t, Events{Status: func() { rec.mu.Lock(); rec.status++; rec.mu.Unlock() }})
	ctx := context.Background()
	cfg, err := tunnel.Parse("cmd:sleep 30")
	if err != nil {
		t.Fatal(err)
	}
	cfg.PublicURL = "https://abc.ngrok-free.app"
	opts := TunnelOptions{Keychain: secrets.NewMemory(),
		OnStatus: func(st tunnel.Status) { rec.mu.Lock(); rec.states = append(rec.states, st.State); rec.mu.Unlock() },
		OnReach:  func(v reach.Verdict) { rec.mu.Lock(); rec.reaches = append(rec.reaches, v); rec.mu.Unlock() }}
	if err := s.StartTunnel(ctx, cfg, opts); !errors.Is(err, ErrStopped) {
		t.Fatalf("without a server: %v", err)
	}
	if _, err := s.Start(ctx, Config{Profile: "sandbox", Addr: "127.0.0.1:0"}); err != nil {
		t.Fatal(err)
	}
	if err := s.StartTunnel(ctx, cfg, opts); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, func() bool { return len(rec.reaches) == 1 })
	rec.mu.Lock()
	if rec.reaches[0].Host != "abc.ngrok-free.app" || !slices.Contains(rec.states, tunnel.StateUp) || rec.status == 0 {
		t.Errorf("reach %+v, states %v, status events %d", rec.reaches[0], rec.states, rec.status)
	}
	rec.mu.Unlock()
	if st, _ := s.State(ctx); st.TunnelHost != "abc.ngrok-free.app" || !slices.Contains(st.AllowedHosts, "abc.ngrok-free.app") {
		t.Errorf("the server does not sign for the tunnel: %q %v", st.TunnelHost, st.AllowedHosts)
	}
	if !s.StopTunnel(ctx) {
		t.Error("StopTunnel found no tunnel")
	}
	if st, _ := s.State(ctx); st.TunnelHost != "" {
		t.Errorf("after stop the server still signs for %q", st.TunnelHost)
	}
	if tun, _ := s.Tunnel(); tun != nil || s.StopTunnel(ctx) {
		t.Error("the stopped tunnel is still there")
	}
}

func TestTheLANTunnelMovesTheServerOffLoopbackAndBackOnTheSamePort(t *testing.T) {
	s := newSession(t, Events{})
	ctx := context.Background()
	bound, err := s.Start(ctx, Config{Profile: "sandbox", Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := tunnel.Parse("lan")
	if err := s.StartTunnel(ctx, cfg, TunnelOptions{Keychain: secrets.NewMemory()}); err != nil {
		t.Fatal(err)
	}
	_, port, _ := strings.Cut(bound, ":")
	if addr := s.Addr(); strings.HasPrefix(addr, "127.0.0.1:") || !strings.HasSuffix(addr, ":"+port) {
		t.Fatalf("LAN on: %s (was %s)", addr, bound)
	}
	s.StopTunnel(ctx)
	if addr := s.Addr(); addr != bound {
		t.Errorf("LAN off: %s, want %s", addr, bound)
	}
}
