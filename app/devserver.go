package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"wecomdev/internal/devserver"
	"wecomdev/internal/devsession"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/workspace"
)

// maxLiveEntries bounds one devserver:requests event; the rest of a flood is counted.
const maxLiveEntries = 100

// CodeUpstreamInvalid: Start's upstream is not a dev server URL (the message says how to
// write it, like http://localhost:5173).
const CodeUpstreamInvalid = "UPSTREAM_INVALID"

// DevServerService runs the phone-facing dev server for one profile at a time and shows
// its request log: the console's face of the dev session (internal/devsession), which
// TunnelService shares.
type DevServerService struct {
	e        *workspace.Workspace
	rt       Runtime
	session  *devsession.Session
	requests *requestBatcher // the log's batches to the UI, a few times a second at most
}

// NewDevServerService returns the service; the request log lives in the workspace's database.
func NewDevServerService(e *workspace.Workspace, rt Runtime) *DevServerService {
	s := &DevServerService{e: e, rt: rt}
	s.requests = newRequestBatcher(requestsEvery, maxLiveEntries, s.forwardSome)
	s.session = devsession.New(e, devsession.Events{
		Requests: s.requests.add,
		Status: func() {
			ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
			defer cancel()
			s.emitStatus(ctx)
		},
	})
	s.session.Network().Subscribe(s.forwardNetwork) // network.go
	return s
}

// ShutdownDevServer stops the server and the log writer (called by main on exit; not a
// method, so the UI cannot call it).
func ShutdownDevServer(s *DevServerService) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	s.session.Close(ctx)
	s.requests.close()
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
	ss, err := s.session.State(ctx)
	st := DevServerStatus{DefaultAddr: devserver.DefaultAddr, Emulate: ss.Emulate, Entry: ss.Entry, Endpoints: []DevEndpoint{}, AllowedHosts: []string{},
		VerifyFiles: []VerifyFile{}, Requests: s.session.Log().Total(), Dropped: s.session.Log().Dropped()}
	if err != nil {
		return st, bridge(err)
	}
	if ss.Running {
		st.Running, st.Profile, st.Addr, st.BaseURL = true, ss.Profile, ss.Addr, ss.BaseURL
		st.StartedAt = ss.StartedAt.UnixMilli()
		st.AllowedHosts, st.TunnelHost, st.Upstream, st.TestPageURL = ss.AllowedHosts, ss.TunnelHost, ss.Upstream, ss.TestPageURL
		for _, ep := range ss.Endpoints {
			st.Endpoints = append(st.Endpoints, DevEndpoint{Name: ep.Name, Method: "GET", Path: ep.Path, URL: ep.URL})
		}
	}
	for _, f := range ss.VerifyFiles {
		st.VerifyFiles = append(st.VerifyFiles, VerifyFile{Name: f.Name, Content: f.Content, URL: f.URL})
	}
	return st, nil
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
	if _, err := s.session.Start(ctx, devsession.Config{Profile: profile, Addr: addr, Upstream: upstream}); err != nil {
		s.emitStatus(ctx)
		return DevServerStatus{}, bridge(err)
	}
	return s.emitStatus(ctx)
}

// SetEmulator turns the WeCom client emulator on or off (now, when the server runs, and
// for its next start): the test page and proxied pages then get a WeixinJSBridge whose
// config / agentConfig are checked against the profile's real tickets. It answers member
// and customer data to whoever reaches the server, so it is off by default.
func (s *DevServerService) SetEmulator(on bool) (DevServerStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	s.session.SetEmulator(on)
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
	if _, err := s.session.SetEntry(devserver.PageEntry{Entry: entry, Contact: contact, Chat: chat}); err != nil {
		return DevServerStatus{}, fmt.Errorf("%s: %w", CodeEntryInvalid, err)
	}
	return s.emitStatus(ctx)
}

// EntryChoices lists the customers and groups an entry can stand for (the signed-in
// member's, in the running server's WeCom); none while the server is stopped.
func (s *DevServerService) EntryChoices() (devserver.EntryChoices, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	c, err := s.session.EntryChoices(ctx)
	if err != nil {
		return c, bridge(err)
	}
	return c, nil
}

// ChatLabels lists the chatId ↔ label pairs the test page reported (newest first).
func (s *DevServerService) ChatLabels(profile string) ([]devserver.ChatLabel, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	out, err := s.e.ChatLabels().List(ctx, profile)
	if out == nil {
		out = []devserver.ChatLabel{}
	}
	return out, bridge(err)
}

// Stop stops the server; requests in flight finish first (a few seconds at most).
func (s *DevServerService) Stop() (DevServerStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	if err := s.session.Stop(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return DevServerStatus{}, bridge(err)
	}
	return s.emitStatus(ctx)
}

// SaveVerifyFile stores a domain verification file (the name and content pasted from
// WeCom's WW_verify_….txt); the server serves it at its root from now on.
func (s *DevServerService) SaveVerifyFile(name, content string) (DevServerStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	if err := s.session.SaveVerifyFile(ctx, name, content); err != nil {
		return DevServerStatus{}, bridge(err)
	}
	return s.emitStatus(ctx)
}

// DeleteVerifyFile stops serving a verification file.
func (s *DevServerService) DeleteVerifyFile(name string) (DevServerStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	if err := s.session.DeleteVerifyFile(ctx, name); err != nil {
		return DevServerStatus{}, bridge(err)
	}
	return s.emitStatus(ctx)
}

// Requests lists logged requests, newest first.
func (s *DevServerService) Requests(f devserver.Filter) ([]devserver.Entry, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	out, err := s.session.Log().List(ctx, f)
	return out, bridge(err)
}

// Request returns one logged request with its signatures explained.
func (s *DevServerService) Request(id int64) (RequestDetail, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	e, err := s.session.Log().Get(ctx, id)
	if err != nil {
		return RequestDetail{}, bridge(err)
	}
	return RequestDetail{Entry: e, Breakdowns: e.Breakdowns()}, nil
}

// ClearRequests empties the request log.
func (s *DevServerService) ClearRequests() (DevServerStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	s.session.Log().Flush()
	if err := s.session.Log().Clear(ctx); err != nil {
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
func (s *DevServerService) forward(b devserver.Batch) { s.forwardSome(b, 0) }

// forwardSome sends batches merged by s.requests, which left out left entries.
func (s *DevServerService) forwardSome(b devserver.Batch, left int) {
	ev := RequestsEvent{Entries: b.Entries, More: left, Dropped: b.Dropped, Total: s.session.Log().Total()}
	if b.StoreError != nil {
		ev.StoreError = b.StoreError.Error()
	}
	if n := len(ev.Entries); n > maxLiveEntries {
		ev.More += n - maxLiveEntries
		ev.Entries = ev.Entries[n-maxLiveEntries:]
	}
	s.rt.Emit(EventDevServerRequests, ev)
}

// addr is the running server's address ("" when stopped).
func (s *DevServerService) addr() string { return s.session.Addr() }
