// Package devsession is one profile's running dev session, the thing both faces drive: the
// console's Dev server and Tunnel cards (app/devserver.go, app/tunnel.go) and
// `wecomdev serve` (internal/cli/serve.go). A Session owns, once:
//
//   - the phone-facing dev server (internal/devserver) and its request log;
//   - the scripts injected into proxied pages (Inject: the reporter, and the emulator first
//     when it is on) and the emulator's entry;
//   - the tunnel to it (internal/tunnel): the LAN relisten and the go-back-to-loopback, the
//     tunnel's public host wired into the server's allowed hosts, the tunnel's secrets from
//     the keychain (or, headless, WECOMDEV_TUNNEL_SECRET), and the reach verdict of its
//     public URL (internal/reach);
//   - the endpoint table a page copies its URLs from (Endpoints).
//
// The faces only parse their input, call the Session and print (cli) or emit (app) what it
// reports through Events: Requests (the log's batches), Status (the session changed the
// server by itself: a relisten, the tunnel's host), and per tunnel (TunnelOptions) OnStatus
// and OnOutput (the tunnel's state and lines) and OnReach (the verdict when it comes up).
//
// Where to add things:
//   - a new tunnel kind is a provider in internal/tunnel (tunnel.Parse and tunnel.New); the
//     session needs nothing new unless the kind moves the server (as lan does through
//     tunnel.Config.ListenAddr) or needs a new secret item (add it to SecretItems here);
//   - a new injected script is a path served by internal/devserver, listed in Inject here in
//     the order the page must run it;
//   - a new endpoint a page calls is one row of endpointTable here (and its handler in
//     internal/devserver).
package devsession

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"slices"
	"sync"
	"time"

	"wecomdev/internal/devserver"
	"wecomdev/internal/tunnel"
	"wecomdev/internal/workspace"
)

// Events are what a session reports by itself; either may be nil. They are called from the
// session's goroutines (the log's writer, the tunnel's) and must not block for long.
type Events struct {
	// Requests gets every batch the request log wrote (or could not write).
	Requests func(devserver.Batch)
	// Status says the session changed the server without being asked by the face: it moved
	// for the LAN tunnel, or the tunnel's host became allowed or stopped being.
	Status func()
}

// ErrStopped: the call needs the dev server running (a tunnel forwards to it).
var ErrStopped = errors.New("start the dev server first: the tunnel forwards to it")

// Session is one profile's dev session. Its zero value is not usable: use New.
type Session struct {
	eng    *workspace.Workspace
	ev     Events
	log    *devserver.Log
	verify devserver.VerifyStore
	unsub  func()
	net    *devserver.Network // the pages' network capture, kept across restarts

	mu      sync.Mutex
	srv     *devserver.Server
	b       *workspace.DevBackend
	cfg     Config              // the running server's, for a relisten
	emulate bool                // the emulator switch, kept across restarts of the server
	entry   devserver.PageEntry // where emulated pages count as opened, kept across restarts

	tmu     sync.Mutex // the tunnel's fields
	tun     tunnel.Tunnel
	tcfg    tunnel.Config
	tcancel context.CancelFunc
}

// New returns a stopped session over the workspace's profiles; its request log lives in the
// engine's database. Close it.
func New(eng *workspace.Workspace, ev Events) *Session {
	s := &Session{eng: eng, ev: ev, log: eng.RequestLog(devserver.LogOptions{}), verify: eng.VerifyFiles(),
		net: devserver.NewNetwork(devserver.NetworkOptions{})}
	if ev.Requests != nil {
		s.unsub = s.log.Subscribe(ev.Requests)
	}
	return s
}

// Log is the session's request log.
func (s *Session) Log() *devserver.Log { return s.log }

// Network is the pages' network capture (sessions, eruda, reload / navigate).
func (s *Session) Network() *devserver.Network { return s.net }

// Config is how to run the dev server.
type Config struct {
	Profile string
	Addr    string // host:port; "" is devserver.DefaultAddr
	// Upstream is the developer's dev server every other path is proxied to ("" none); the
	// face has checked it with devserver.ParseUpstream.
	Upstream       string
	TrustedProxies []netip.Prefix
	// ExtraVerifyFiles are served besides those saved in the app (serve --verify-file).
	ExtraVerifyFiles map[string]string
	// CallbackPath is where WeCom's callbacks are received ("" devserver.DefaultCallbackPath).
	CallbackPath string
}

// Start runs the dev server (a running one is stopped first, its tunnel's host kept) and
// returns the address it is bound to. The server keeps the session's emulator switch and
// entry.
func (s *Session) Start(ctx context.Context, cfg Config) (string, error) {
	if cfg.Addr == "" {
		cfg.Addr = devserver.DefaultAddr
	}
	b, err := s.eng.DevBackend(ctx, cfg.Profile)
	if err != nil {
		return "", err
	}
	files, err := s.verifyFiles(ctx, cfg.ExtraVerifyFiles)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	old := s.srv
	s.srv, s.b = nil, nil
	emulate, entry := s.emulate, s.entry
	s.mu.Unlock()
	var host string
	if old != nil {
		host = old.TunnelHost()
		old.Shutdown(ctx)
	}
	srv := devserver.New(b, devserver.Options{Addr: cfg.Addr, TrustedProxies: cfg.TrustedProxies, Log: s.log,
		Upstream: cfg.Upstream, Inject: Inject(cfg.Upstream, emulate), Network: s.net, CallbackPath: cfg.CallbackPath})
	srv.SetVerifyFiles(files)
	srv.SetTunnelHost(host)
	srv.SetEmulator(emulate)
	srv.SetPageEntry(entry) // checked by SetEntry
	bound, err := srv.Start()
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	s.srv, s.b, s.cfg = srv, b, cfg
	s.mu.Unlock()
	return bound, nil
}

func (s *Session) verifyFiles(ctx context.Context, extra map[string]string) (map[string]string, error) {
	files, err := s.verify.List(ctx)
	if err != nil {
		return nil, err
	}
	for n, c := range extra {
		files[n] = c
	}
	return files, nil
}

// Stop stops the dev server; requests in flight finish first, until ctx ends.
func (s *Session) Stop(ctx context.Context) error {
	s.mu.Lock()
	srv := s.srv
	s.srv, s.b = nil, nil
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	return srv.Shutdown(ctx)
}

// Close stops the tunnel and the server (requests in flight get until ctx ends) and then
// the request log's writer. It returns the server's shutdown error.
func (s *Session) Close(ctx context.Context) error {
	s.stopTunnel()
	err := s.Stop(ctx)
	// the log first writes what it still holds and hands it to Events.Requests (serve's
	// output must count every request answered), then the sink goes
	s.log.Close()
	if s.unsub != nil {
		s.unsub()
	}
	return err
}

// Inject lists the scripts proxied pages get: none without an upstream; the reporter; and
// the emulator, first (it must run before the page's SDK looks for the client), when it is on.
func Inject(upstream string, emulate bool) []string {
	switch {
	case upstream == "":
		return nil
	case emulate:
		return []string{devserver.PathEmulatorJS, devserver.PathReporterJS}
	}
	return []string{devserver.PathReporterJS}
}

// SetEmulator turns the WeCom client emulator on or off, now when the server runs and for
// its next start; the injected scripts follow.
func (s *Session) SetEmulator(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.emulate = on
	if s.srv != nil {
		s.srv.SetEmulator(on)
		s.srv.SetInject(Inject(s.srv.Upstream(), on))
	}
}

// SetEntry sets where emulated pages count as opened, now when the server runs and for its
// next start. A bad entry is refused and the old one kept.
func (s *Session) SetEntry(p devserver.PageEntry) (devserver.PageEntry, error) {
	p, err := p.Check()
	if err != nil {
		return devserver.PageEntry{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entry = p
	if s.srv != nil {
		s.srv.SetPageEntry(p)
	}
	return p, nil
}

// SaveVerifyFile stores a domain verification file; the server serves it from now on.
func (s *Session) SaveVerifyFile(ctx context.Context, name, content string) error {
	if _, err := s.verify.Put(ctx, name, content); err != nil {
		return err
	}
	return s.reloadVerify(ctx)
}

// DeleteVerifyFile stops serving a saved verification file.
func (s *Session) DeleteVerifyFile(ctx context.Context, name string) error {
	if err := s.verify.Delete(ctx, name); err != nil {
		return err
	}
	return s.reloadVerify(ctx)
}

func (s *Session) reloadVerify(ctx context.Context) error {
	s.mu.Lock()
	extra := s.cfg.ExtraVerifyFiles
	s.mu.Unlock()
	files, err := s.verifyFiles(ctx, extra)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		s.srv.SetVerifyFiles(files)
	}
	return nil
}

// EntryChoices lists the customers and groups an entry can stand for; none while stopped.
func (s *Session) EntryChoices(ctx context.Context) (devserver.EntryChoices, error) {
	s.mu.Lock()
	srv := s.srv
	s.mu.Unlock()
	if srv == nil {
		return devserver.EntryChoices{Customers: []string{}, Groups: []string{}}, nil
	}
	return srv.EntryChoices(ctx)
}

// Endpoint is one signing endpoint with the URL a page calls, its query's name included.
type Endpoint struct {
	Name string
	Path string
	URL  string
}

// endpointTable is what a page calls, in the order the faces show it.
var endpointTable = []struct{ name, path, query string }{
	{devserver.EndpointConfigSignature, devserver.PathConfigSignature, "?url="},
	{devserver.EndpointAgentSignature, devserver.PathAgentSignature, "?url="},
	{devserver.EndpointConfig, devserver.PathConfig, "?url="},
	{devserver.EndpointCustomers, devserver.PathCustomers, "?userId="},
}

// Endpoints are the endpoints below base (like http://127.0.0.1:8787).
func Endpoints(base string) []Endpoint {
	out := make([]Endpoint, 0, len(endpointTable))
	for _, ep := range endpointTable {
		out = append(out, Endpoint{Name: ep.name, Path: ep.path, URL: base + ep.path + ep.query})
	}
	return out
}

// VerifyFile is a verification file the server serves at its root.
type VerifyFile struct {
	Name, Content string
	URL           string // on the running server, "" when stopped
}

// State is the session now.
type State struct {
	Running      bool
	Profile      string
	CorpID       string
	AgentID      int64
	Addr         string // the bound address
	BaseURL      string // http:// and an address a browser can open
	StartedAt    time.Time
	Endpoints    []Endpoint
	AllowedHosts []string
	TunnelHost   string
	Upstream     string
	TestPageURL  string
	Emulate      bool
	// Entry is where emulated pages count as opened (normal when none was set).
	Entry       devserver.PageEntry
	VerifyFiles []VerifyFile // by name
}

// State reads the session: the server's state when it runs, and the emulator's switch,
// the entry and the verification files in any case.
func (s *Session) State(ctx context.Context) (State, error) {
	s.mu.Lock()
	srv, b, emulate, entry, extra := s.srv, s.b, s.emulate, s.entry, s.cfg.ExtraVerifyFiles
	s.mu.Unlock()
	if entry.Entry == "" {
		entry.Entry = devserver.EntryNormal
	}
	st := State{Emulate: emulate, Entry: entry, Endpoints: []Endpoint{}, AllowedHosts: []string{}, VerifyFiles: []VerifyFile{}}
	if srv == nil {
		extra = nil
	}
	files, err := s.verifyFiles(ctx, extra)
	if err != nil {
		return st, err
	}
	if srv != nil {
		if addr := srv.Addr(); addr != "" {
			st.Running = true
			st.Profile, st.CorpID, st.AgentID = b.Profile(), b.CorpID(), b.AgentID()
			st.Addr = addr
			st.BaseURL = "http://" + displayAddr(addr)
			st.StartedAt = srv.StartedAt()
			st.AllowedHosts = srv.AllowedHosts(ctx)
			st.TunnelHost = srv.TunnelHost()
			st.Upstream = srv.Upstream()
			st.TestPageURL = st.BaseURL + devserver.PathTestPage
			st.Endpoints = Endpoints(st.BaseURL)
		}
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		f := VerifyFile{Name: n, Content: files[n]}
		if st.Running {
			f.URL = st.BaseURL + "/" + n
		}
		st.VerifyFiles = append(st.VerifyFiles, f)
	}
	return st, nil
}

// displayAddr is an address a browser can open: a wildcard host becomes 127.0.0.1.
func displayAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// Addr is the running server's bound address ("" when stopped).
func (s *Session) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv == nil {
		return ""
	}
	return s.srv.Addr()
}

// relisten starts the running server again on addr, same profile and options: the LAN
// tunnel moves it off loopback and back.
func (s *Session) relisten(ctx context.Context, addr string) error {
	s.mu.Lock()
	srv, cfg := s.srv, s.cfg
	s.mu.Unlock()
	if srv == nil {
		return ErrStopped
	}
	cfg.Addr = addr
	_, err := s.Start(ctx, cfg)
	s.status()
	return err
}

func (s *Session) status() {
	if s.ev.Status != nil {
		s.ev.Status()
	}
}

// setTunnelHost allows (or, with "", stops allowing) the tunnel's public host, and says so.
func (s *Session) setTunnelHost(host string) {
	s.mu.Lock()
	srv := s.srv
	s.mu.Unlock()
	if srv == nil || srv.TunnelHost() == host {
		return
	}
	srv.SetTunnelHost(host)
	s.status()
}

// trustedDomains are the running profile's trusted domains, read now (nil when stopped).
func (s *Session) trustedDomains(ctx context.Context) []string {
	s.mu.Lock()
	b := s.b
	s.mu.Unlock()
	if b == nil {
		return nil
	}
	d, err := b.TrustedDomains(ctx)
	if err != nil {
		return nil
	}
	return d
}
