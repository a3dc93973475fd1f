package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"wecomdev/internal/devsession"
	"wecomdev/internal/qr"
	"wecomdev/internal/reach"
	"wecomdev/internal/secrets"
	"wecomdev/internal/tunnel"
)

// Tunnel error codes that cross the bridge.
const (
	CodeTunnelInvalid  = "TUNNEL_INVALID"    // the spec or an option is wrong (the message says the fix)
	CodeDevNotRunning  = "DEVSERVER_STOPPED" // a tunnel needs the dev server running
	CodeQRInvalid      = "QR_INVALID"
	CodeNoHostKeyToAdd = "HOSTKEY_NONE" // AcceptHostKey without an unknown key pending
)

// TunnelInput is what the Tunnel card sends to Start.
type TunnelInput struct {
	Spec             string `json:"spec"` // ssh://user@host[:port]?remote=ADDR:PORT&public=URL, ngrok[:DOMAIN], cmd:COMMAND, lan
	Identity         string `json:"identity"`
	KnownHosts       string `json:"knownHosts"`
	PublicURL        string `json:"publicUrl"`
	PublicURLPattern string `json:"publicUrlPattern"`
}

// HostKey is an SSH server key the user has to accept (or not) before the tunnel connects.
type HostKey struct {
	Host        string `json:"host"`
	KeyType     string `json:"keyType"`
	Fingerprint string `json:"fingerprint"`
	KnownHosts  string `json:"knownHosts"`
}

// TunnelView is the tunnel as the UI shows it.
type TunnelView struct {
	Running   bool           `json:"running"`
	Spec      string         `json:"spec"`
	Status    tunnel.Status  `json:"status"`
	Output    []string       `json:"output"`
	HostKey   *HostKey       `json:"hostKey"` // an unknown key waiting for the user
	Reach     *reach.Verdict `json:"reach"`   // what the public URL can do, when up
	NginxConf string         `json:"nginx"`   // ssh: the server-side snippets
	SSHDConf  string         `json:"sshd"`
}

// TunnelService runs one tunnel to the dev server and makes QR codes: the console's face
// of the dev session's tunnel (internal/devsession), shared with DevServerService.
type TunnelService struct {
	dev *DevServerService
	rt  Runtime
	kc  secrets.Store

	mu    sync.Mutex
	input TunnelInput
}

// NewTunnelService returns the service; its tunnel forwards to dev's server.
func NewTunnelService(dev *DevServerService, kc secrets.Store, rt Runtime) *TunnelService {
	return &TunnelService{dev: dev, rt: rt, kc: kc}
}

// ShutdownTunnel stops the tunnel (main calls it on exit; not a method, so the UI cannot).
func ShutdownTunnel(s *TunnelService) { s.Stop() }

// Start starts the tunnel to the running dev server (a running tunnel is stopped first).
func (s *TunnelService) Start(in TunnelInput) (TunnelView, error) {
	cfg, err := tunnel.Parse(strings.TrimSpace(in.Spec))
	if err != nil {
		return TunnelView{}, fmt.Errorf("%s: %w", CodeTunnelInvalid, err)
	}
	cfg.Identity, cfg.KnownHosts = strings.TrimSpace(in.Identity), strings.TrimSpace(in.KnownHosts)
	if cfg.Provider == tunnel.ProviderCmd {
		cfg.PublicURL, cfg.PublicURLPattern = strings.TrimSpace(in.PublicURL), strings.TrimSpace(in.PublicURLPattern)
	}
	return s.start(cfg, in)
}

func (s *TunnelService) start(cfg tunnel.Config, in TunnelInput) (TunnelView, error) {
	if err := cfg.Validate(); err != nil {
		return TunnelView{}, fmt.Errorf("%s: %w", CodeTunnelInvalid, err)
	}
	s.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	err := s.dev.session.StartTunnel(ctx, cfg, devsession.TunnelOptions{
		Keychain: s.kc,
		MissingSecret: func(item, _ string) error {
			return fmt.Errorf("no %s is stored: enter it in the Tunnel card (it goes to the OS keychain)", item)
		},
		OnStatus: func(tunnel.Status) { s.emit() },
		OnOutput: func(string, string) { s.emit() },
	})
	var te *devsession.TunnelError
	switch {
	case errors.Is(err, devsession.ErrStopped):
		return TunnelView{}, fmt.Errorf("%s: %w", CodeDevNotRunning, err)
	case errors.As(err, &te):
		return TunnelView{}, fmt.Errorf("%s: %w", CodeTunnelInvalid, te.Err)
	case err != nil:
		return TunnelView{}, bridge(err)
	}
	s.mu.Lock()
	s.input = in
	s.mu.Unlock()
	return s.emit(), nil
}

// Stop stops the tunnel; the dev server no longer signs for its host.
func (s *TunnelService) Stop() TunnelView {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	s.dev.session.StopTunnel(ctx)
	return s.emit()
}

// Status is the tunnel now.
func (s *TunnelService) Status() TunnelView { return s.view() }

// AcceptHostKey trusts the unknown SSH host key the user was shown (by its fingerprint:
// accepting a different key than the one shown is refused) and connects again.
func (s *TunnelService) AcceptHostKey(fingerprint string) (TunnelView, error) {
	t, cfg := s.dev.session.Tunnel()
	s.mu.Lock()
	in := s.input
	s.mu.Unlock()
	var uk *tunnel.UnknownHostKeyError
	if t == nil || !errors.As(t.Status().Err, &uk) {
		return s.view(), fmt.Errorf("%s: no unknown host key is waiting to be accepted", CodeNoHostKeyToAdd)
	}
	if uk.Fingerprint != strings.TrimSpace(fingerprint) {
		return s.view(), fmt.Errorf("%s: the server's key is %s, not %s; compare it with the server's own (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub)", CodeTunnelInvalid, uk.Fingerprint, fingerprint)
	}
	cfg.TrustedKeys = append(cfg.TrustedKeys, uk.Fingerprint)
	return s.start(cfg, in)
}

// SetSecret stores a tunnel secret (ssh-passphrase, ssh-password, ngrok-authtoken) in the
// OS keychain; it never comes back to the UI.
func (s *TunnelService) SetSecret(item, value string) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	err := devsession.SetTunnelSecret(ctx, s.kc, item, value)
	if te := (*devsession.TunnelError)(nil); errors.As(err, &te) {
		return fmt.Errorf("%s: %w", CodeTunnelInvalid, te.Err)
	}
	return bridge(err)
}

// QRCode is a PNG QR code of text, as a data: URL for an <img>.
func (s *TunnelService) QRCode(text string, size int) (string, error) {
	png, err := qr.PNG(text, size)
	if err != nil {
		return "", fmt.Errorf("%s: %w", CodeQRInvalid, err)
	}
	return dataURL(png), nil
}

// SaveQRCode writes the QR code of text as a PNG in the user's Downloads folder (the home
// folder when there is none) and returns the path.
func (s *TunnelService) SaveQRCode(text string, size int) (string, error) {
	png, err := qr.PNG(text, size)
	if err != nil {
		return "", fmt.Errorf("%s: %w", CodeQRInvalid, err)
	}
	path, err := saveDownload("wecomdev-qr-"+time.Now().Format("20060102-150405")+".png", png)
	if err != nil {
		return "", bridge(err)
	}
	return path, nil
}

func (s *TunnelService) view() TunnelView {
	t, cfg := s.dev.session.Tunnel()
	v := TunnelView{Output: []string{}}
	if t == nil {
		v.Status = tunnel.Status{State: tunnel.StateDown}
		return v
	}
	v.Running, v.Spec = true, cfg.String()
	v.Status, v.Output = t.Status(), t.Output()
	if v.Output == nil {
		v.Output = []string{}
	}
	var uk *tunnel.UnknownHostKeyError
	if errors.As(v.Status.Err, &uk) {
		v.HostKey = &HostKey{Host: uk.Host, KeyType: uk.KeyType, Fingerprint: uk.Fingerprint, KnownHosts: uk.KnownHosts}
	}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	v.Reach = s.dev.session.Reach(ctx, v.Status)
	v.NginxConf, v.SSHDConf = tunnel.Snippets(cfg)
	return v
}

func (s *TunnelService) emit() TunnelView {
	v := s.view()
	s.rt.Emit(EventTunnelStatus, v)
	return v
}
