package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"

	"wecomdev/internal/devserver"
	"wecomdev/internal/engine"
	"wecomdev/internal/jssdk"
)

// maxLiveEntries bounds one devserver:requests event; the rest of a flood is counted.
const maxLiveEntries = 100

// CodeUpstreamInvalid: Start's upstream is not a dev server URL (the message says how to
// write it, like http://localhost:5173).
const CodeUpstreamInvalid = "UPSTREAM_INVALID"

// DevServerService runs the phone-facing dev server for one profile at a time and shows
// its request log.
type DevServerService struct {
	e      *engine.Engine
	rt     Runtime
	log    *devserver.Log
	verify devserver.VerifyStore

	mu      sync.Mutex
	srv     *devserver.Server
	unsub   func()
	emulate bool                // the emulator switch, kept across restarts of the server
	entry   devserver.PageEntry // where emulated pages count as opened, kept across restarts
}

// NewDevServerService returns the service; the request log lives in the engine's database.
func NewDevServerService(e *engine.Engine, rt Runtime) *DevServerService {
	s := &DevServerService{e: e, rt: rt, log: devserver.NewLog(e.DB, devserver.LogOptions{}), verify: devserver.VerifyStore{DB: e.DB}}
	s.unsub = s.log.Subscribe(s.forward)
	return s
}

// ShutdownDevServer stops the server and the log writer (called by main on exit; not a
// method, so the UI cannot call it).
func ShutdownDevServer(s *DevServerService) {
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		srv.Shutdown(ctx)
		cancel()
	}
	s.log.Close()
}

// DevEndpoint is one endpoint with its full URL, for copying into a page.
type DevEndpoint struct {
	Name   string `json:"name"`
	Method string `json:"method"`
	Path   string `json:"path"`
	URL    string `json:"url"`
}

// VerifyFile is a domain verification file the server serves at its root.
type VerifyFile struct {
	Name    string `json:"name"`
	Content string `json:"content"`
	URL     string `json:"url"` // on this server ("" when stopped)
}

// DevServerStatus is the server as the Dev server page shows it.
type DevServerStatus struct {
	Running      bool          `json:"running"`
	Profile      string        `json:"profile"`
	Addr         string        `json:"addr"`
	BaseURL      string        `json:"baseUrl"`
	DefaultAddr  string        `json:"defaultAddr"`
	StartedAt    int64         `json:"startedAt"` // Unix ms, 0 when stopped
	Endpoints    []DevEndpoint `json:"endpoints"`
	AllowedHosts []string      `json:"allowedHosts"`
	TunnelHost   string        `json:"tunnelHost"`
	Upstream     string        `json:"upstream"` // the developer's dev server proxied to, "" when none
	Emulate      bool          `json:"emulate"`
	// Entry is where emulated pages count as opened unless a page's overlay says
	// otherwise: getContext().entry and the customer / group it stands for.
	Entry       devserver.PageEntry `json:"entry"`
	TestPageURL string              `json:"testPageUrl"` // "" when stopped
	VerifyFiles []VerifyFile        `json:"verifyFiles"`
	Requests    int64               `json:"requests"` // seen since the log was last cleared (this session)
	Dropped     int64               `json:"dropped"`  // not logged: they came faster than the log could keep
}

// RequestsEvent is the payload of devserver:requests.
type RequestsEvent struct {
	Entries []devserver.Entry `json:"entries"` // newest last, at most 100
	More    int               `json:"more"`    // entries of this batch not sent (a flood)
	Dropped int64             `json:"dropped"`
	Total   int64             `json:"total"`
	// StoreError says why the request log cannot be written (disk full, …), once per
	// spell of failures; the entries still come, but are not kept.
	StoreError string `json:"storeError,omitempty"`
}

// RequestDetail is one logged request with its signatures explained.
type RequestDetail struct {
	Entry      devserver.Entry   `json:"entry"`
	Breakdowns []jssdk.Breakdown `json:"breakdowns"`
}

// Status reports the server, running or not.
func (s *DevServerService) Status() (DevServerStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	return s.status(ctx)
}

func (s *DevServerService) status(ctx context.Context) (DevServerStatus, error) {
	s.mu.Lock()
	srv, emulate, entry := s.srv, s.emulate, s.entry
	s.mu.Unlock()
	if entry.Entry == "" {
		entry.Entry = devserver.EntryNormal
	}
	st := DevServerStatus{DefaultAddr: devserver.DefaultAddr, Emulate: emulate, Entry: entry, Endpoints: []DevEndpoint{}, AllowedHosts: []string{},
		VerifyFiles: []VerifyFile{}, Requests: s.log.Total(), Dropped: s.log.Dropped()}
	files, err := s.verify.List(ctx)
	if err != nil {
		return st, bridge(err)
	}
	if srv != nil {
		if addr := srv.Addr(); addr != "" {
			st.Running = true
			st.Profile = srv.Profile()
			st.Addr = addr
			st.BaseURL = "http://" + displayAddr(addr)
			st.StartedAt = srv.StartedAt().UnixMilli()
			st.AllowedHosts = srv.AllowedHosts(ctx)
			st.TunnelHost = srv.TunnelHost()
			st.Upstream = srv.Upstream()
			st.TestPageURL = st.BaseURL + devserver.PathTestPage
			for _, ep := range []struct{ name, path, query string }{
				{devserver.EndpointConfigSignature, devserver.PathConfigSignature, "?url="},
				{devserver.EndpointAgentSignature, devserver.PathAgentSignature, "?url="},
				{devserver.EndpointConfig, devserver.PathConfig, "?url="},
				{devserver.EndpointCustomers, devserver.PathCustomers, "?userId="},
			} {
				st.Endpoints = append(st.Endpoints, DevEndpoint{Name: ep.name, Method: "GET", Path: ep.path, URL: st.BaseURL + ep.path + ep.query})
			}
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

// Start runs the dev server for the profile on addr (empty: 127.0.0.1:8787). With an
// upstream (the developer's dev server, like http://localhost:5173), every path that is
// not the console's own is proxied to it and its pages get the reporter script. A running
// server is stopped first, so Start also switches profile, port or upstream.
func (s *DevServerService) Start(profile, addr, upstream string) (DevServerStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	addr = strings.TrimSpace(addr)
	if addr == "" {
		addr = devserver.DefaultAddr
	}
	upstream = strings.TrimSpace(upstream)
	if upstream != "" {
		if _, err := devserver.ParseUpstream(upstream); err != nil {
			return DevServerStatus{}, fmt.Errorf("%s: %w", CodeUpstreamInvalid, err)
		}
	}
	b, err := s.e.DevBackend(ctx, profile)
	if err != nil {
		return DevServerStatus{}, bridge(err)
	}
	files, err := s.verify.List(ctx)
	if err != nil {
		return DevServerStatus{}, bridge(err)
	}
	s.mu.Lock()
	old := s.srv
	s.srv = nil
	emulate, entry := s.emulate, s.entry
	s.mu.Unlock()
	inject := injectFor(upstream, emulate)
	var tunnel string
	if old != nil {
		tunnel = old.TunnelHost()
		old.Shutdown(ctx)
	}
	srv := devserver.New(b, devserver.Options{Addr: addr, Log: s.log, Upstream: upstream, Inject: inject})
	srv.SetVerifyFiles(files)
	srv.SetTunnelHost(tunnel)
	srv.SetEmulator(emulate)
	srv.SetPageEntry(entry) // checked by SetEntry
	if _, err := srv.Start(); err != nil {
		s.emitStatus(ctx)
		return DevServerStatus{}, bridge(err)
	}
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	return s.emitStatus(ctx)
}

// injectFor lists the scripts proxied pages get: the reporter, and the emulator (first,
// before the page's SDK looks for the client) when it is on.
func injectFor(upstream string, emulate bool) []string {
	switch {
	case upstream == "":
		return nil
	case emulate:
		return []string{devserver.PathEmulatorJS, devserver.PathReporterJS}
	}
	return []string{devserver.PathReporterJS}
}

// SetEmulator turns the WeCom client emulator on or off (now, when the server runs, and
// for its next start): the test page and proxied pages then get a WeixinJSBridge whose
// config / agentConfig are checked against the profile's real tickets. It answers member
// and customer data to whoever reaches the server, so it is off by default.
func (s *DevServerService) SetEmulator(on bool) (DevServerStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	s.mu.Lock()
	s.emulate = on
	if s.srv != nil {
		s.srv.SetEmulator(on)
		s.srv.SetInject(injectFor(s.srv.Upstream(), on))
	}
	s.mu.Unlock()
	return s.emitStatus(ctx)
}

// SetEntry sets where emulated pages count as opened (now, when the server runs, and for
// its next start; a page's overlay may still pick another for its tab): the entry
// getContext answers (normal, contact_profile, single_chat_tools, group_chat_tools,
// chat_attachment, single_kf_tools), and the customer (external_userid) and group
// (chat_id) it stands for; "" picks the emulator's default. A bad one is ENTRY_INVALID.
func (s *DevServerService) SetEntry(entry, contact, chat string) (DevServerStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	p, err := devserver.PageEntry{Entry: entry, Contact: contact, Chat: chat}.Check()
	if err != nil {
		return DevServerStatus{}, fmt.Errorf("%s: %w", CodeEntryInvalid, err)
	}
	s.mu.Lock()
	s.entry = p
	if s.srv != nil {
		s.srv.SetPageEntry(p)
	}
	s.mu.Unlock()
	return s.emitStatus(ctx)
}

// EntryChoices lists the customers and groups an entry can stand for (the signed-in
// member's, in the running server's WeCom); none while the server is stopped.
func (s *DevServerService) EntryChoices() (devserver.EntryChoices, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	s.mu.Lock()
	srv := s.srv
	s.mu.Unlock()
	if srv == nil {
		return devserver.EntryChoices{Customers: []string{}, Groups: []string{}}, nil
	}
	c, err := srv.EntryChoices(ctx)
	if err != nil {
		return c, bridge(err)
	}
	return c, nil
}

// ChatLabels lists the chatId ↔ label pairs the test page reported (newest first).
func (s *DevServerService) ChatLabels(profile string) ([]devserver.ChatLabel, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	out, err := devserver.ChatStore{DB: s.e.DB}.List(ctx, profile)
	if out == nil {
		out = []devserver.ChatLabel{}
	}
	return out, bridge(err)
}

// Stop stops the server; requests in flight finish first (a few seconds at most).
func (s *DevServerService) Stop() (DevServerStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		if err := srv.Shutdown(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return DevServerStatus{}, bridge(err)
		}
	}
	return s.emitStatus(ctx)
}

// SaveVerifyFile stores a domain verification file (the name and content pasted from
// WeCom's WW_verify_….txt); the server serves it at its root from now on.
func (s *DevServerService) SaveVerifyFile(name, content string) (DevServerStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	if _, err := s.verify.Put(ctx, name, content); err != nil {
		return DevServerStatus{}, bridge(err)
	}
	return s.reloadVerify(ctx)
}

// DeleteVerifyFile stops serving a verification file.
func (s *DevServerService) DeleteVerifyFile(name string) (DevServerStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	if err := s.verify.Delete(ctx, name); err != nil {
		return DevServerStatus{}, bridge(err)
	}
	return s.reloadVerify(ctx)
}

func (s *DevServerService) reloadVerify(ctx context.Context) (DevServerStatus, error) {
	files, err := s.verify.List(ctx)
	if err != nil {
		return DevServerStatus{}, bridge(err)
	}
	s.mu.Lock()
	if s.srv != nil {
		s.srv.SetVerifyFiles(files)
	}
	s.mu.Unlock()
	return s.emitStatus(ctx)
}

// Requests lists logged requests, newest first.
func (s *DevServerService) Requests(f devserver.Filter) ([]devserver.Entry, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	out, err := s.log.List(ctx, f)
	return out, bridge(err)
}

// Request returns one logged request with its signatures explained.
func (s *DevServerService) Request(id int64) (RequestDetail, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	e, err := s.log.Get(ctx, id)
	if err != nil {
		return RequestDetail{}, bridge(err)
	}
	return RequestDetail{Entry: e, Breakdowns: e.Breakdowns()}, nil
}

// ClearRequests empties the request log.
func (s *DevServerService) ClearRequests() (DevServerStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	s.log.Flush()
	if err := s.log.Clear(ctx); err != nil {
		return DevServerStatus{}, bridge(err)
	}
	return s.emitStatus(ctx)
}

func (s *DevServerService) emitStatus(ctx context.Context) (DevServerStatus, error) {
	st, err := s.status(ctx)
	if err != nil {
		return st, err
	}
	s.rt.Emit(EventDevServerStatus, st)
	return st, nil
}

// forward sends a written batch to the UI, cut to the newest maxLiveEntries.
func (s *DevServerService) forward(b devserver.Batch) {
	ev := RequestsEvent{Entries: b.Entries, Dropped: b.Dropped, Total: s.log.Total()}
	if b.StoreError != nil {
		ev.StoreError = b.StoreError.Error()
	}
	if n := len(ev.Entries); n > maxLiveEntries {
		ev.More = n - maxLiveEntries
		ev.Entries = ev.Entries[n-maxLiveEntries:]
	}
	s.rt.Emit(EventDevServerRequests, ev)
}

// addr is the running server's address ("" when stopped).
func (s *DevServerService) addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv == nil {
		return ""
	}
	return s.srv.Addr()
}

// relisten starts the running server again on addr (same profile and upstream): the LAN
// tunnel moves it off loopback.
func (s *DevServerService) relisten(addr string) error {
	s.mu.Lock()
	srv := s.srv
	s.mu.Unlock()
	if srv == nil {
		return devserver.ErrNotRunning
	}
	_, err := s.Start(srv.Profile(), addr, srv.Upstream())
	return err
}

// setTunnelHost allows (or, with "", stops allowing) the tunnel's public host, and says so.
func (s *DevServerService) setTunnelHost(host string) {
	s.mu.Lock()
	srv := s.srv
	s.mu.Unlock()
	if srv == nil || srv.TunnelHost() == host {
		return
	}
	srv.SetTunnelHost(host)
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	s.emitStatus(ctx)
}

// trustedDomains are the running profile's trusted domains (nil when stopped).
func (s *DevServerService) trustedDomains() []string {
	s.mu.Lock()
	srv := s.srv
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	p, err := s.e.Profiles.Get(ctx, srv.Profile())
	if err != nil {
		return nil
	}
	return p.TrustedDomains
}
