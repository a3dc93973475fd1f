package tunnel

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// goSSHServer is a small SSH server of the x/crypto package that takes one password and
// refuses every port forward, like an sshd with AllowTcpForwarding no.
func goSSHServer(t *testing.T, password string) (addr string, hostKey ssh.PublicKey) {
	t.Helper()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	conf := &ssh.ServerConfig{PasswordCallback: func(_ ssh.ConnMetadata, pw []byte) (*ssh.Permissions, error) {
		if string(pw) == password {
			return nil, nil
		}
		return nil, errors.New("wrong password")
	}}
	conf.AddHostKey(signer)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				sc, chans, reqs, err := ssh.NewServerConn(c, conf)
				if err != nil {
					c.Close()
					return
				}
				go ssh.DiscardRequests(reqs) // answers false to tcpip-forward
				for ch := range chans {
					ch.Reject(ssh.Prohibited, "no")
				}
				sc.Close()
			}()
		}
	}()
	return ln.Addr().String(), signer.PublicKey()
}

func passwordConfig(t *testing.T, addr string, hostKey ssh.PublicKey) Config {
	t.Helper()
	host, port, _ := net.SplitHostPort(addr)
	kh := t.TempDir() + "/known_hosts"
	if err := AcceptHostKey(kh, knownhosts.Line([]string{addr}, hostKey)); err != nil {
		t.Fatal(err)
	}
	p, _ := strconv.Atoi(port)
	return Config{Provider: ProviderSSH, User: "dev", Host: host, Port: p, Remote: "127.0.0.1:8787", PublicURL: "https://dev.example.test", KnownHosts: kh}
}

func TestThePasswordFromTheKeychainLogsInAndARefusedForwardSaysWhatToFix(t *testing.T) {
	addr, hostKey := goSSHServer(t, "s3cret")
	asked := make(chan string, 10)
	r, rec := sshTunnel(t, passwordConfig(t, addr, hostKey), Options{Target: "127.0.0.1:1", Secret: func(_ context.Context, item string) (string, error) {
		asked <- item
		return "s3cret", nil
	}})
	r.Start(context.Background())
	s := rec.waitFor(t, StateDown, 10*time.Second)
	for _, want := range []string{"the server refused to listen on 127.0.0.1:8787", "AllowTcpForwarding remote", "PermitListen 127.0.0.1:8787", "retrying in"} {
		if !strings.Contains(s.Reason, want) {
			t.Errorf("reason %q does not say %q", s.Reason, want)
		}
	}
	if item := <-asked; item != ItemSSHPassword {
		t.Errorf("asked for %q", item)
	}
	if !strings.Contains(strings.Join(r.Output(), "\n"), "logged in to "+addr+" as dev") {
		t.Errorf("output %q", r.Output())
	}
}

func TestNoStoredPasswordIsAClearErrorNotEndlessRetries(t *testing.T) {
	addr, hostKey := goSSHServer(t, "s3cret")
	r, rec := sshTunnel(t, passwordConfig(t, addr, hostKey), Options{Target: "127.0.0.1:1", Secret: func(_ context.Context, item string) (string, error) {
		return "", errors.New("no " + item + " in the keychain: store it, or set " + EnvSecret)
	}})
	r.Start(context.Background())
	s := rec.waitFor(t, StateError, 10*time.Second)
	var ae *AuthError
	if !errors.As(s.Err, &ae) || !strings.Contains(s.Reason, "the server asked for the password: no ssh-password in the keychain: store it, or set WECOMDEV_TUNNEL_SECRET") {
		t.Errorf("reason %q (%T)", s.Reason, s.Err)
	}
	if !strings.Contains(s.Reason, "no key was offered") {
		t.Errorf("reason %q", s.Reason)
	}
}

// sshTunnel builds the tunnel (no agent, no default keys, fast keep-alives and retries).
func sshTunnel(t *testing.T, cfg Config, opts Options) (*runner, *recorder) {
	t.Helper()
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	r, rec := build(t, cfg, opts)
	p := r.p.(*sshProvider)
	p.defaultKeys = func() []string { return nil }
	p.keepAlive = 200 * time.Millisecond
	p.dialTimeout = 5 * time.Second
	return r, rec
}
