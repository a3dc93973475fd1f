// Package devserver is the phone-facing face of the console: the signing endpoints that
// @wecom/jssdk's ww.register callbacks call, the customers lookup of the create-group flow,
// and the domain verification file. A tunnel exposes it to the internet, so it assumes
// anyone can reach it: it signs only for allowed hosts, answers CORS for the same origins
// only, bounds every request and its own memory, and never sends or logs a secret, token or
// ticket (the request log shows tickets masked).
//
// Where things are: the handler table of every endpoint (handlers.go: newRoutes), the
// signing endpoints (handlers.go), the phone side under /__wecomdev/ (phone.go, report.go,
// emulator.go, entry.go), the allowed hosts (allow.go), the request log (log.go), and proxy
// mode, which forwards the rest to the developer's own dev server (the proxy package,
// wired in upstream.go).
package devserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"wecomdev/internal/devserver/internal/devutil"
	"wecomdev/internal/devserver/proxy"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/reach"
	"wecomdev/internal/redact"
)

// DefaultAddr is where `wecomdev serve` and the GUI listen unless told otherwise:
// loopback only; a tunnel forwards to it.
const DefaultAddr = "127.0.0.1:8787"

// Limits of one request and connection.
const (
	MaxHeaderBytes    = 16 << 10
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 10 * time.Second
	WriteTimeout      = 30 * time.Second // /api/customers waits for WeCom
	IdleTimeout       = 60 * time.Second
	// wecomTimeout bounds the WeCom calls one request may cause.
	wecomTimeout = 20 * time.Second
)

// Backend is what the server needs from the console for one profile.
type Backend interface {
	Profile() string
	CorpID() string
	AgentID() int64
	// TrustedDomains are the app's 可信域名 (hosts). The server asks at most once a
	// second, so edits in the console take effect while it runs.
	TrustedDomains(ctx context.Context) ([]string, error)
	// Ticket returns the current ticket of the kind: from the cache, or one shared fetch.
	Ticket(ctx context.Context, kind jssdk.Kind) (string, error)
	// Sensitive lists the profile's credentials known now (corp secret, access token,
	// tickets, recent ones included), so the server can mask them wherever a client
	// pasted one. Asked at most once a second.
	Sensitive(ctx context.Context) []string
	// Customers returns the external_userids of a member's customers, those whose remark
	// mobiles hold mobile when it is not empty. It calls WeCom.
	Customers(ctx context.Context, userID, mobile string) ([]string, error)
}

// Options configure a Server.
type Options struct {
	Addr string // default DefaultAddr
	// TrustedProxies are the addresses whose X-Forwarded-For names the real client.
	// Loopback is always trusted: a tunnel client (ssh, ngrok, frpc) connects from there.
	TrustedProxies []netip.Prefix
	// Log receives every request (default: an in-memory log of its own).
	Log *Log
	// CustomersLimit is how many /api/customers calls one client may make per minute
	// (default 30), CustomersTTL how long an answer is reused (default 30 s).
	CustomersLimit int
	CustomersTTL   time.Duration
	Now            func() time.Time
	// Upstream is the developer's own dev server (like http://localhost:5173): every path
	// that is not the console's own is proxied to it (see ParseUpstream). Empty: no proxy;
	// Start refuses an invalid one.
	Upstream string
	// Inject are the script URLs put into the <head> of the HTML pages the proxy serves
	// (like /__wecomdev/reporter.js).
	Inject []string
	// Network keeps the pages' network sessions (default: a store of its own).
	Network *Network
	// CallbackPath is where WeCom's callbacks are received (default DefaultCallbackPath;
	// see CheckCallbackPath).
	CallbackPath string
}

// Server is one dev server for one profile.
type Server struct {
	b    Backend
	opts Options
	log  *Log
	now  func() time.Time
	// realClock: now is time.Now (no Options.Now), so a time.Now taken for other reasons
	// can stand for it
	realClock bool
	proxies   []netip.Prefix

	tunnel  atomic.Pointer[string]
	domains perSecond // the profile's trusted domains, normalised
	secrets perSecond // the credentials to mask
	verify  atomic.Pointer[map[string]string]
	masks   [2]atomic.Pointer[masked]
	// lastPeer and lastSecond keep the last client address's and Unix second's strings:
	// built once, not on every request.
	lastPeer   atomic.Pointer[peerName]
	lastSecond atomic.Pointer[second]
	lastUA     atomic.Pointer[uaInfo] // and the last User-Agent's ClientInfo

	routes    map[string]route // the handler table (handlers.go); read-only after New
	prefixes  []prefixRoute    // its prefix part
	limiter   *limiter
	customers *answerCache
	phoneSide atomic.Pointer[phoneState] // the phone side (phone.go), made on first use
	pageEntry atomic.Pointer[PageEntry]  // where emulated pages count as opened (entry.go)
	oa        oauthSide                  // exchanged OAuth codes (hashes), the emulator's codes and member (oauth.go)

	px *proxy.Proxy // proxy mode (upstream.go)

	net        *Network // the pages' network capture (network.go)
	netLim     *limiter
	netLimOnce sync.Once
	// readTimeout and writeTimeout are ReadTimeout and WriteTimeout (tests lower them).
	readTimeout, writeTimeout time.Duration

	mu       sync.Mutex
	upErr    error // Options.Upstream is invalid: Start refuses to run
	srv      *http.Server
	ln       net.Listener
	addr     string
	started  time.Time
	serveErr chan error

	connMu sync.Mutex
	fresh  map[net.Conn]struct{} // accepted, no request read yet (a browser's preconnect)
	// nFresh is len(fresh): the state changes of every request (active, idle) skip the
	// lock while no connection waits for its first request.
	nFresh atomic.Int32
}

// perSecond is a list re-read at most once a second: one caller reads while the others
// keep the last known list, so a slow source (the database, the keychain) never holds
// up every request.
type perSecond struct {
	cur atomic.Pointer[listAt]
	mu  sync.Mutex
}

type listAt struct {
	list []string
	at   time.Time
}

func (c *listAt) fresh(now time.Time) bool {
	return c != nil && now.Sub(c.at) < time.Second && !now.Before(c.at)
}

// get returns the list, calling load when it is older than a second. load gets the
// last known list (nil at first) and returns the new one.
func (p *perSecond) get(now time.Time, load func(last []string) []string) []string {
	c := p.cur.Load()
	if c.fresh(now) {
		return c.list
	}
	if c != nil && !p.mu.TryLock() {
		return c.list
	} else if c == nil {
		p.mu.Lock()
	}
	defer p.mu.Unlock()
	if c = p.cur.Load(); c.fresh(now) {
		return c.list
	}
	var last []string
	if c != nil {
		last = c.list
	}
	list := load(last)
	p.cur.Store(&listAt{list: list, at: now})
	return list
}

// second is a Unix second and its decimal form, the signatures' timestamp.
type second struct {
	unix int64
	s    string
}

// timestamp is jssdk.Timestamp(t), built once a second.
func (s *Server) timestamp(t time.Time) string {
	u := t.Unix()
	if c := s.lastSecond.Load(); c != nil && c.unix == u {
		return c.s
	}
	c := &second{unix: u, s: jssdk.Timestamp(t)}
	s.lastSecond.Store(c)
	return c.s
}

// masked caches a ticket's mask: the log shows it for every request.
type masked struct{ ticket, mask string }

// ErrRunning / ErrNotRunning: Start on a started server, or Addr on a stopped one.
var (
	ErrRunning    = errors.New("the dev server is already running")
	ErrNotRunning = errors.New("the dev server is not running")
	// ErrListen: the address cannot be listened on (taken, or not an address).
	ErrListen = errors.New("cannot listen")
)

// New makes a server for the backend's profile. It does not listen until Start.
func New(b Backend, opts Options) *Server {
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	if opts.Log == nil {
		opts.Log = NewLog(nil, LogOptions{})
	}
	if opts.CustomersLimit <= 0 {
		opts.CustomersLimit = 30
	}
	if opts.CustomersTTL <= 0 {
		opts.CustomersTTL = 30 * time.Second
	}
	realClock := opts.Now == nil
	if realClock {
		opts.Now = time.Now
	}
	s := &Server{b: b, opts: opts, log: opts.Log, now: opts.Now, realClock: realClock,
		readTimeout: ReadTimeout, writeTimeout: WriteTimeout}
	s.proxies = append([]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}, opts.TrustedProxies...)
	s.limiter = newLimiter(opts.CustomersLimit, time.Minute, opts.Now)
	s.customers = newAnswerCache(opts.CustomersTTL, opts.Now)
	s.routes, s.prefixes = s.newRoutes()
	s.px = s.newProxy()
	if s.net = opts.Network; s.net == nil {
		s.net = NewNetwork(NetworkOptions{})
	}
	empty := map[string]string{}
	s.verify.Store(&empty)
	s.SetInject(opts.Inject)
	if err := s.SetUpstream(opts.Upstream); err != nil {
		s.upErr = err
	}
	return s
}

// Log is where the server records its requests.
func (s *Server) Log() *Log { return s.log }

// Profile is the name of the profile the server signs for.
func (s *Server) Profile() string { return s.b.Profile() }

// Start listens on the configured address and serves in the background. It returns the
// address really bound (with the port picked when the configured one is 0).
func (s *Server) Start() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return "", ErrRunning
	}
	if s.upErr != nil {
		return "", s.upErr
	}
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return "", listenError(s.opts.Addr, err)
	}
	tuneGC() // gc.go
	s.srv = &http.Server{
		Handler:           s.Handler(),
		MaxHeaderBytes:    MaxHeaderBytes,
		ReadHeaderTimeout: ReadHeaderTimeout,
		// no ReadTimeout / WriteTimeout: serveHTTP sets s.readTimeout and s.writeTimeout
		// where they bound something (deadlines, handlers.go)
		IdleTimeout: IdleTimeout,
		ErrorLog:    devutil.DiscardLogger(),
		ConnState:   s.connState,
	}
	// Shutdown runs it once the listener is closed.
	s.srv.RegisterOnShutdown(s.closeFresh)
	s.ln = ln
	s.addr = ln.Addr().String()
	s.started = s.now()
	s.serveErr = make(chan error, 1)
	go func(srv *http.Server, done chan<- error) {
		err := srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		done <- err
	}(s.srv, s.serveErr)
	return s.addr, nil
}

func listenError(addr string, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%w on %s: the port is taken by another program; pick another (--addr, or the Address field), like 127.0.0.1:8788", ErrListen, addr)
	}
	return fmt.Errorf("%w on %s: %v (give host:port, like %s)", ErrListen, addr, err, DefaultAddr)
}

// Addr is the address the server listens on ("" when stopped).
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// StartedAt is when Start bound the address (zero when stopped).
func (s *Server) StartedAt() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.started
}

// Shutdown stops accepting, lets requests in flight finish until ctx ends, and closes.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	srv, done := s.srv, s.serveErr
	s.srv, s.ln, s.addr, s.started = nil, nil, "", time.Time{}
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	// http.Server.Shutdown neither waits for nor closes hijacked connections: close the
	// WebSockets the proxy carries, or they would outlive the server.
	s.px.CloseConns()
	s.net.CloseStreams() // the pages' command streams (network.go)
	err := srv.Shutdown(ctx)
	if err != nil {
		srv.Close()
	}
	s.px.CloseConns() // a WebSocket set up while Shutdown began
	if serr := <-done; serr != nil && err == nil {
		err = serr
	}
	return err
}

// SetTunnelHost allows a tunnel's public host ("" when no tunnel is up): its URL, or its
// host with the port as the URL gives it (reach.PageHost of the URL: "dev.example.com:8443";
// a default port is best left out). Pages are allowed on that port only.
func (s *Server) SetTunnelHost(host string) {
	h := reach.NormalizeDomain(host)
	s.tunnel.Store(&h)
}

// TunnelHost is the tunnel's public host, "" when none.
func (s *Server) TunnelHost() string {
	if p := s.tunnel.Load(); p != nil {
		return *p
	}
	return ""
}

// SetVerifyFiles replaces the domain verification files served at the root (name →
// content). Names must pass ValidateVerifyFile.
func (s *Server) SetVerifyFiles(files map[string]string) {
	m := make(map[string]string, len(files))
	for k, v := range files {
		m[k] = v
	}
	s.verify.Store(&m)
}

// VerifyFiles are the names of the verification files served.
func (s *Server) VerifyFiles() map[string]string {
	return *s.verify.Load()
}

// trustedDomains are the profile's trusted domains, re-read at most once a second.
func (s *Server) trustedDomains(ctx context.Context) []string {
	return s.domains.get(s.now(), func(last []string) []string {
		ds, err := s.b.TrustedDomains(ctx)
		if err != nil {
			return last // keep the last known list rather than refuse everything
		}
		var hosts []string
		for _, d := range ds {
			if h := reach.NormalizeDomain(d); h != "" {
				hosts = append(hosts, h)
			}
		}
		return hosts
	})
}

// sensitive are the credentials to mask in what is logged or echoed, re-read at most once
// a second.
func (s *Server) sensitive(ctx context.Context) []string {
	return s.secrets.get(s.now(), func([]string) []string {
		var vals []string
		for _, v := range s.b.Sensitive(ctx) {
			if len(v) >= minMasked {
				vals = append(vals, v)
			}
		}
		return vals
	})
}

// minMasked is the shortest credential hunted for in text (shorter would mask ordinary words).
const minMasked = 8

// scrub masks every credential in s.
func scrub(s string, creds []string) string {
	for _, c := range creds {
		if len(c) <= len(s) && strings.Contains(s, c) { // a shorter s cannot hold c: nothing to search
			s = strings.ReplaceAll(s, c, maskTicket(c))
		}
	}
	return s
}

// scrubEntry masks credentials in every field a client controls or an error may quote.
func scrubEntry(e *Entry, creds []string) {
	// a page that signs before it strips the OAuth code from its URL sends the code along;
	// the signature is made over the real URL, the log keeps the code masked (issue 17)
	for _, f := range []*string{&e.URL, &e.Message, &e.Error} {
		*f = redact.OAuthCode(*f)
	}
	if len(creds) == 0 {
		return
	}
	for _, f := range []*string{&e.URL, &e.Origin, &e.UserAgent, &e.Path, &e.Message, &e.Error} {
		if len(*f) >= minMasked { // shorter holds no credential: nothing to search
			*f = scrub(*f, creds)
		}
	}
}

// AllowedHosts lists what the server signs for: loopback, the trusted domains, the tunnel.
func (s *Server) AllowedHosts(ctx context.Context) []string {
	hosts := append([]string{}, loopbackNames...)
	hosts = append(hosts, s.trustedDomains(ctx)...)
	if t := s.TunnelHost(); t != "" {
		hosts = append(hosts, t)
	}
	return hosts
}

// mask returns the ticket's mask, computed once per ticket value.
func (s *Server) mask(kind jssdk.Kind, ticket string) string {
	i := 0
	if kind == jssdk.KindAgent {
		i = 1
	}
	if m := s.masks[i].Load(); m != nil && m.ticket == ticket {
		return m.mask
	}
	m := &masked{ticket: ticket, mask: maskTicket(ticket)}
	s.masks[i].Store(m)
	return m.mask
}

// connState remembers the connections that have not sent a request yet.
func (s *Server) connState(c net.Conn, st http.ConnState) {
	if st != http.StateNew && s.nFresh.Load() == 0 {
		return // c's StateNew, if remembered, came before on c's goroutine and counted
	}
	s.connMu.Lock()
	defer s.connMu.Unlock()
	if st == http.StateNew {
		if s.fresh == nil {
			s.fresh = map[net.Conn]struct{}{}
		}
		s.fresh[c] = struct{}{}
		s.nFresh.Store(int32(len(s.fresh)))
		return
	}
	delete(s.fresh, c)
	s.nFresh.Store(int32(len(s.fresh)))
}

// closeFresh closes the connections that have not sent a request yet: http.Server.Shutdown
// counts them as busy for their first 5 s (a browser opens such spare connections ahead).
func (s *Server) closeFresh() {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	for c := range s.fresh {
		c.Close()
	}
	s.fresh = nil
	s.nFresh.Store(0)
}
