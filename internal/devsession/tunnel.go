package devsession

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"

	"wecomdev/internal/reach"
	"wecomdev/internal/secrets"
	"wecomdev/internal/tunnel"
)

// TunnelError is a tunnel whose spec, options or start are wrong; its message says the fix.
type TunnelError struct{ Err error }

func (e *TunnelError) Error() string { return e.Err.Error() }
func (e *TunnelError) Unwrap() error { return e.Err }

// TunnelOptions are where a tunnel's secrets come from and who hears from it; the
// callbacks may be nil, are called from the tunnel's goroutine one at a time, must not block
// for long and must not stop the tunnel.
type TunnelOptions struct {
	Keychain secrets.Store
	// Getenv, when set, is read for tunnel.EnvSecret, which then stands in for the keychain
	// (headless use; never stored), and for SSH_AUTH_SOCK. Nil: the keychain only, and the
	// process's SSH_AUTH_SOCK.
	Getenv func(string) string
	// MissingSecret is the error for an item the keychain does not hold: it says where the
	// face lets the user store it (key is the keychain account).
	MissingSecret func(item, key string) error

	// OnStatus gets every change of the tunnel's state, in order, after the server's
	// allowed hosts follow it.
	OnStatus func(tunnel.Status)
	// OnOutput gets each line of the tunnel's output (the command's, for cmd:).
	OnOutput func(provider, line string)
	// OnReach gets what the public URL works for, each time the tunnel comes up.
	OnReach func(reach.Verdict)
}

// lookup reads a tunnel secret: tunnel.EnvSecret when set, else the keychain.
func (c TunnelOptions) lookup(ctx context.Context, item string) (string, error) {
	if c.Getenv != nil {
		if v := c.Getenv(tunnel.EnvSecret); v != "" {
			return v, nil
		}
	}
	key := tunnel.KeychainKey(item)
	v, err := c.Keychain.Get(ctx, key)
	if errors.Is(err, secrets.ErrNotFound) && c.MissingSecret != nil {
		return "", c.MissingSecret(item, key)
	}
	return v, err
}

// SecretItems are the tunnel secrets a user may store.
var SecretItems = []string{tunnel.ItemSSHPassphrase, tunnel.ItemSSHPassword, tunnel.ItemNgrokAuthtoken}

// SetTunnelSecret stores a tunnel secret (ssh-passphrase, ssh-password, ngrok-authtoken) in
// the keychain. An unknown item or an empty value is a *TunnelError.
func SetTunnelSecret(ctx context.Context, kc secrets.Store, item, value string) error {
	if !slices.Contains(SecretItems, item) {
		return &TunnelError{fmt.Errorf("unknown tunnel secret %q", item)}
	}
	if strings.TrimSpace(value) == "" {
		return &TunnelError{fmt.Errorf("the %s is empty", item)}
	}
	return kc.Set(ctx, tunnel.KeychainKey(item), value)
}

// OpenTunnel makes the tunnel cfg to the running server, without starting it (RunTunnel
// does); a tunnel already open is stopped first. A LAN tunnel moves the server onto every
// interface first. Errors: ErrStopped; the server's own when it cannot move; a
// *TunnelError for the tunnel.
func (s *Session) OpenTunnel(ctx context.Context, cfg tunnel.Config, opts TunnelOptions) error {
	if err := cfg.Validate(); err != nil {
		return &TunnelError{err}
	}
	s.StopTunnel(ctx)
	target := s.Addr()
	if target == "" {
		return ErrStopped
	}
	if want := cfg.ListenAddr(target); !sameListen(want, target) {
		// LAN: the dev server must listen on every interface, not only loopback.
		if err := s.relisten(ctx, want); err != nil {
			return err
		}
		target = s.Addr()
	}
	t, err := tunnel.New(cfg, tunnel.Options{
		Target:   target,
		OnStatus: func(st tunnel.Status) { s.onTunnelStatus(opts, st) },
		OnOutput: func(line string) {
			if opts.OnOutput != nil {
				opts.OnOutput(cfg.Provider, line)
			}
		},
		Secret: opts.lookup,
		Getenv: opts.Getenv,
	})
	if err != nil {
		return &TunnelError{err}
	}
	s.tmu.Lock()
	s.tun, s.tcfg, s.tcancel = t, cfg, nil
	s.tmu.Unlock()
	return nil
}

// sameListen tells whether a server bound to have already listens where want says: the
// same address, or both every interface ([::] and 0.0.0.0) on the same port.
func sameListen(want, have string) bool {
	if want == have {
		return true
	}
	wh, wp, err1 := net.SplitHostPort(want)
	hh, hp, err2 := net.SplitHostPort(have)
	if err1 != nil || err2 != nil || wp != hp {
		return false
	}
	w, h := net.ParseIP(wh), net.ParseIP(hh)
	return w != nil && h != nil && w.IsUnspecified() && h.IsUnspecified()
}

// RunTunnel starts the open tunnel; it runs, reconnecting by itself, until ctx ends or
// StopTunnel. An error it cannot fix is a *TunnelError.
func (s *Session) RunTunnel(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	s.tmu.Lock()
	t := s.tun
	s.tcancel = cancel
	s.tmu.Unlock()
	if t == nil {
		cancel()
		return &TunnelError{errors.New("no tunnel is open")}
	}
	if err := t.Start(ctx); err != nil {
		cancel()
		return &TunnelError{err}
	}
	return nil
}

// StartTunnel is OpenTunnel then RunTunnel.
func (s *Session) StartTunnel(ctx context.Context, cfg tunnel.Config, opts TunnelOptions) error {
	if err := s.OpenTunnel(ctx, cfg, opts); err != nil {
		return err
	}
	return s.RunTunnel(context.Background())
}

// StopTunnel stops the tunnel: the server no longer signs for its host, and a server the
// LAN tunnel moved goes back to loopback, same port. It tells whether one was open.
func (s *Session) StopTunnel(ctx context.Context) bool {
	t, cfg := s.stopTunnel()
	if t == nil {
		return false
	}
	s.setTunnelHost("")
	if cfg.Provider == tunnel.ProviderLAN {
		// the dev server is on the LAN only while this tunnel is on: back to loopback
		if addr := s.Addr(); addr != "" {
			if _, port, err := net.SplitHostPort(addr); err == nil {
				s.relisten(ctx, net.JoinHostPort("127.0.0.1", port))
			}
		}
	}
	return true
}

// stopTunnel stops the tunnel and forgets it, and returns what it was.
func (s *Session) stopTunnel() (tunnel.Tunnel, tunnel.Config) {
	s.tmu.Lock()
	t, cancel, cfg := s.tun, s.tcancel, s.tcfg
	s.tun, s.tcancel = nil, nil
	s.tmu.Unlock()
	if t != nil {
		t.Stop()
	}
	if cancel != nil {
		cancel()
	}
	return t, cfg
}

// Tunnel is the open tunnel and its config (nil when none).
func (s *Session) Tunnel() (tunnel.Tunnel, tunnel.Config) {
	s.tmu.Lock()
	defer s.tmu.Unlock()
	return s.tun, s.tcfg
}

func (s *Session) onTunnelStatus(opts TunnelOptions, st tunnel.Status) {
	s.setTunnelHost(TunnelHost(st))
	if opts.OnStatus != nil {
		opts.OnStatus(st)
	}
	if opts.OnReach == nil {
		return
	}
	if v := s.Reach(context.Background(), st); v != nil {
		opts.OnReach(*v)
	}
}

// TunnelHost is the host the dev server must allow for the tunnel's state: the public
// URL's while it is up, none otherwise.
func TunnelHost(st tunnel.Status) string {
	if st.State != tunnel.StateUp {
		return ""
	}
	u, err := url.Parse(st.PublicURL)
	if err != nil {
		return ""
	}
	return reach.PageHost(u.Scheme, u.Host) // with its port: another port is another domain
}

// Reach is what the tunnel's public URL works for on a phone, with the running profile's
// trusted domains read now; nil unless the tunnel is up at a public URL.
func (s *Session) Reach(ctx context.Context, st tunnel.Status) *reach.Verdict {
	if st.State != tunnel.StateUp || st.PublicURL == "" {
		return nil
	}
	// whether WeCom verified the domain is not known here: nil makes no claim
	v := reach.Check(st.PublicURL, s.trustedDomains(ctx), nil)
	return &v
}
