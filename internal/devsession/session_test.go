package devsession

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomdev/internal/devserver"
	"wecomdev/internal/engine"
	"wecomdev/internal/reach"
	"wecomdev/internal/secrets"
	"wecomdev/internal/tunnel"
	"wecomdev/internal/wecom/sandbox"
)

func newSession(t *testing.T, ev Events) *Session {
	t.Helper()
	eng, err := engine.Open(context.Background(), t.TempDir(), engine.Options{Keychain: secrets.NewMemory(), Sandbox: sandbox.New(sandbox.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	s := New(eng, ev)
	t.Cleanup(func() {
		s.Close(context.Background())
		eng.Close()
	})
	return s
}

func TestProxiedPagesGetTheEmulatorBeforeTheReporterAndNothingWithoutAnUpstream(t *testing.T) {
	if got := Inject("", true); got != nil {
		t.Errorf("without an upstream: %v", got)
	}
	if got := Inject("http://localhost:5173", false); !slices.Equal(got, []string{devserver.PathReporterJS}) {
		t.Errorf("reporter only: %v", got)
	}
	if got := Inject("http://localhost:5173", true); !slices.Equal(got, []string{devserver.PathEmulatorJS, devserver.PathReporterJS}) {
		t.Errorf("with the emulator: %v", got)
	}
}

func TestTheEndpointTableGivesEachSigningEndpointItsURLAndQuery(t *testing.T) {
	eps := Endpoints("http://127.0.0.1:8787")
	if len(eps) != 4 || eps[0].Name != devserver.EndpointConfigSignature ||
		eps[0].URL != "http://127.0.0.1:8787"+devserver.PathConfigSignature+"?url=" ||
		eps[3].URL != "http://127.0.0.1:8787"+devserver.PathCustomers+"?userId=" {
		t.Errorf("%+v", eps)
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

func TestTheEmulatorSwitchAndTheEntryHoldAcrossRestarts(t *testing.T) {
	s := newSession(t, Events{})
	ctx := context.Background()
	s.SetEmulator(true)
	if _, err := s.SetEntry(devserver.PageEntry{Entry: "contact_profile", Contact: "wmX"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetEntry(devserver.PageEntry{Entry: "workbench"}); err == nil {
		t.Error("a bad entry was taken")
	}
	for i := 0; i < 2; i++ {
		if _, err := s.Start(ctx, Config{Profile: "sandbox", Addr: "127.0.0.1:0", Upstream: "http://localhost:5173"}); err != nil {
			t.Fatal(err)
		}
		st, err := s.State(ctx)
		if err != nil || !st.Running || !st.Emulate || st.Entry != (devserver.PageEntry{Entry: "contact_profile", Contact: "wmX"}) {
			t.Errorf("start %d: %+v %v", i, st, err)
		}
	}
}
