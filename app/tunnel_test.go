package app

import (
	"strings"
	"testing"
	"time"

	"wecomdev/internal/secrets"
	"wecomdev/internal/tunnel"
)

func TestACommandTunnelMakesTheDevServerSignForItsHostUntilStopped(t *testing.T) {
	dev, _ := newDevServerService(t)
	rec := &recorder{}
	s := NewTunnelService(dev, secrets.NewMemory(), rec)
	t.Cleanup(func() { ShutdownTunnel(s) })
	if _, err := s.Start(TunnelInput{Spec: "cmd:sleep 30", PublicURL: "https://abc.ngrok-free.app"}); err == nil || !strings.HasPrefix(err.Error(), CodeDevNotRunning+": ") {
		t.Fatalf("without a dev server: %v", err)
	}
	if _, err := dev.Start("sandbox", "127.0.0.1:0", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Start(TunnelInput{Spec: "cmd:sleep 30", PublicURL: "https://abc.ngrok-free.app"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && s.Status().Status.State != tunnel.StateUp {
		time.Sleep(20 * time.Millisecond)
	}
	v := s.Status()
	if v.Status.State != tunnel.StateUp || v.Reach == nil || v.Reach.Level != "signing-only" {
		t.Fatalf("view %+v", v)
	}
	if st, _ := dev.Status(); st.TunnelHost != "abc.ngrok-free.app" {
		t.Errorf("the dev server does not sign for the tunnel: %q", st.TunnelHost)
	}
	if ev, ok := rec.last(EventTunnelStatus); !ok || ev.(TunnelView).Status.State == "" {
		t.Errorf("no tunnel event: %v", ev)
	}
	s.Stop()
	if st, _ := dev.Status(); st.TunnelHost != "" {
		t.Errorf("after stop the dev server still signs for %q", st.TunnelHost)
	}
}

func TestTunnelInputAndQRErrorsCrossTheBridgeWithCodes(t *testing.T) {
	dev, _ := newDevServerService(t)
	s := NewTunnelService(dev, secrets.NewMemory(), &recorder{})
	for _, err := range []error{
		func() error { _, err := s.Start(TunnelInput{Spec: "telnet://x"}); return err }(),
		s.SetSecret("root-password", "x"),
		s.SetSecret(tunnel.ItemSSHPassword, " "),
	} {
		if err == nil || !strings.HasPrefix(err.Error(), CodeTunnelInvalid+": ") {
			t.Errorf("%v", err)
		}
	}
	if _, err := s.AcceptHostKey("SHA256:x"); err == nil || !strings.HasPrefix(err.Error(), CodeNoHostKeyToAdd+": ") {
		t.Errorf("accept with nothing pending: %v", err)
	}
	if _, err := s.QRCode("", 512); err == nil || !strings.HasPrefix(err.Error(), CodeQRInvalid+": ") {
		t.Errorf("empty QR: %v", err)
	}
	if u, err := s.QRCode("https://h5.example.com/__wecomdev/test/", 256); err != nil || !strings.HasPrefix(u, "data:image/png;base64,") {
		t.Errorf("QR: %.40s %v", u, err)
	}
	if err := s.SetSecret(tunnel.ItemNgrokAuthtoken, "2abcTOKEN"); err != nil {
		t.Errorf("store: %v", err)
	}
}

func TestTheLANTunnelPutsTheDevServerOnTheLANOnlyWhileItIsOn(t *testing.T) {
	dev, _ := newDevServerService(t)
	s := NewTunnelService(dev, secrets.NewMemory(), &recorder{})
	t.Cleanup(func() { ShutdownTunnel(s) })
	if _, err := dev.Start("sandbox", "127.0.0.1:0", ""); err != nil {
		t.Fatal(err)
	}
	v, err := s.Start(TunnelInput{Spec: "lan"})
	if err != nil {
		t.Fatal(err)
	}
	if addr := dev.addr(); strings.HasPrefix(addr, "127.0.0.1:") {
		t.Fatalf("LAN on, the dev server still listens on %s (%+v)", addr, v.Status)
	}
	s.Stop()
	if addr := dev.addr(); !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Errorf("LAN off, the dev server listens on %s", addr)
	}
}
