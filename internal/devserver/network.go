package devserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"wecomdev/internal/wecom"
)

// LogHeader is the header the dev server answers each of its own endpoints with: the
// request's number in the request log (Entry.Seq). The reporter keeps it in the network
// event of that request (NetEvent.LogID), so the console links the two. It is exposed to
// cross-origin pages (gate: Access-Control-Expose-Headers).
const LogHeader = "X-Wecomdev-Log"

// logSeq numbers the requests: it starts at the process's start in microseconds, so the
// numbers of a later run are greater than an earlier run's (the database keeps both) and
// stay below 2^53 (a JavaScript number holds them exactly).
var logSeq = func() *atomic.Int64 {
	var n atomic.Int64
	n.Store(time.Now().UnixMicro())
	return &n
}()

// numberRequest gives the entry the request's number and answers it in LogHeader.
func numberRequest(h http.Header, e *Entry) {
	e.Seq = logSeq.Add(1)
	var buf [20]byte
	h[LogHeader] = []string{string(strconv.AppendInt(buf[:0], e.Seq, 10))}
}

// The phone page's network, as reporter.js captures it (frontend/phone/src/reporter/
// network.ts): every fetch, XMLHttpRequest, sendBeacon and WebSocket, and the resources
// that failed to load, with the page's environment (env.ts), grouped by page session (one
// page load). The reporter masks secrets before anything leaves the phone; the server masks
// again (the profile's known credentials, and every header, parameter or JSON key named
// like a secret) so nothing a page sends unmasked is kept, emitted or exported. It keeps a
// bounded number of sessions, events per session and bytes in all.
const (
	PathNetwork       = "/__wecomdev/network"        // POST: a batch of captured requests
	PathNetworkStream = "/__wecomdev/network/stream" // GET: the console's commands (Server-Sent Events)
	EndpointNetwork   = "network"
)

// Limits of the network capture.
const (
	maxNetworkBody      = 1 << 20 // one batch
	maxNetworkEvents    = 200     // events per batch
	networkPerMinute    = 240     // batches per client
	DefaultBodyLimit    = 64 << 10
	maxBodyLimit        = 1 << 20
	defaultNetSessions  = 20       // page sessions kept
	defaultNetPerSess   = 500      // events kept per session, the newest
	defaultNetTotalSize = 32 << 20 // bytes kept in all (bodies and headers, roughly)
	maxNetURL           = 2048
	maxNetHeaders       = 100
	maxNetHeaderValue   = 4096
)

// NetEvent is one request of the page.
type NetEvent struct {
	ID         string `json:"id"`
	Kind       string `json:"kind"` // fetch, xhr, beacon, ws, resource
	Method     string `json:"method"`
	URL        string `json:"url"`
	Status     int    `json:"status"` // 0: none (a network error, a beacon, a failed resource)
	StatusText string `json:"statusText,omitempty"`
	Error      string `json:"error,omitempty"`
	// Start is when the request started, unix ms on the page's clock; TTFB and Duration
	// are ms from Start (to the response's headers; to its end).
	Start       int64             `json:"start"`
	TTFB        *int64            `json:"ttfb,omitempty"`
	Duration    *int64            `json:"duration,omitempty"`
	ReqHeaders  map[string]string `json:"reqHeaders,omitempty"`
	ResHeaders  map[string]string `json:"resHeaders,omitempty"`
	ReqBody     string            `json:"reqBody,omitempty"`
	ResBody     string            `json:"resBody,omitempty"`
	ReqSize     int64             `json:"reqSize,omitempty"`
	ResSize     int64             `json:"resSize,omitempty"`
	ReqBodyNote string            `json:"reqBodyNote,omitempty"` // binary, truncated, off, unread
	ResBodyNote string            `json:"resBodyNote,omitempty"`
	Mime        string            `json:"mime,omitempty"`
	Console     bool              `json:"console,omitempty"` // the console's own endpoint: it is in the request log too
	// LogID is the number of the console endpoint's request in the request log (the
	// LogHeader of its answer, Entry.Seq): the console links the event to that entry.
	LogID   int64    `json:"logId,omitempty"`
	Element string   `json:"element,omitempty"` // a failed resource's element
	WS      *WSStats `json:"ws,omitempty"`
	// Received is when the console got it (its own clock).
	Received time.Time `json:"received"`
}

// WSStats are a WebSocket's state and message counts.
type WSStats struct {
	State         string `json:"state"` // open, closed, error
	Sent          int64  `json:"sent"`
	Received      int64  `json:"received"`
	SentBytes     int64  `json:"sentBytes"`
	ReceivedBytes int64  `json:"receivedBytes"`
	CloseCode     int    `json:"closeCode,omitempty"`
	CloseReason   string `json:"closeReason,omitempty"`
}

// Failed: a network error, or a 4xx / 5xx answer.
func (e NetEvent) Failed() bool { return e.Error != "" || e.Status >= 400 }

// netBatch is what POST /__wecomdev/network takes.
type netBatch struct {
	SID     string          `json:"sid"`
	Env     json.RawMessage `json:"env"`
	Dropped int64           `json:"dropped"`
	Events  []NetEvent      `json:"events"`
}

var sidPattern = regexp.MustCompile(`^[0-9a-f]{8,64}$`)

// NetworkOptions bound what a Network keeps.
type NetworkOptions struct {
	Sessions   int // page sessions kept (default 20), the least recently active dropped first
	PerSession int // events kept per session (default 500), the oldest dropped first
	TotalBytes int // bytes kept in all (default 32 MB)
	// BodyLimit is the bytes of a text body the reporter keeps (default 64 kB); negative:
	// no bodies at all.
	BodyLimit int
}

// NetSession is one page load's network and environment.
type NetSession struct {
	ID      string    `json:"id"`
	Client  string    `json:"client"`
	Started time.Time `json:"started"`
	Updated time.Time `json:"updated"`
	Env     *PageEnv  `json:"env,omitempty"`
	// Dropped counts what was not kept: the page's own drops (its queue was full) and the
	// console's (the oldest, past the bounds).
	Dropped int64      `json:"dropped"`
	Events  []NetEvent `json:"events"`

	size     int
	pageDrop int64 // the page's running total of what it dropped
}

// NetworkUpdate is what subscribers get after each batch: the session's events that
// arrived (a WebSocket's second report has the first one's ID) and its environment when
// it changed.
type NetworkUpdate struct {
	Session string     `json:"session"`
	Client  string     `json:"client"`
	Env     *PageEnv   `json:"env,omitempty"`
	Events  []NetEvent `json:"events"`
	Dropped int64      `json:"dropped"`
}

// NetCommand is what the console tells a page over the stream.
type NetCommand struct {
	Op        string `json:"op"` // config, eruda, reload, navigate
	URL       string `json:"url,omitempty"`
	On        *bool  `json:"on,omitempty"`
	BodyLimit *int   `json:"bodyLimit,omitempty"`
	Eruda     *bool  `json:"eruda,omitempty"`
}

// Network keeps the pages' network sessions. One lives as long as the dev session, across
// restarts of the server.
type Network struct {
	opts NetworkOptions

	mu       sync.Mutex
	sessions map[string]*NetSession
	size     int
	eruda    bool
	bodyLim  int
	subs     map[int]func(NetworkUpdate)
	subID    int
	streams  map[string]map[chan NetCommand]struct{} // sid → open streams
	closeGen chan struct{}                           // closed by CloseStreams
}

// NewNetwork makes an empty store.
func NewNetwork(opts NetworkOptions) *Network {
	if opts.Sessions <= 0 {
		opts.Sessions = defaultNetSessions
	}
	if opts.PerSession <= 0 {
		opts.PerSession = defaultNetPerSess
	}
	if opts.TotalBytes <= 0 {
		opts.TotalBytes = defaultNetTotalSize
	}
	lim := opts.BodyLimit
	switch {
	case lim == 0:
		lim = DefaultBodyLimit
	case lim < 0:
		lim = 0
	case lim > maxBodyLimit:
		lim = maxBodyLimit
	}
	return &Network{opts: opts, sessions: map[string]*NetSession{}, bodyLim: lim, subs: map[int]func(NetworkUpdate){},
		streams: map[string]map[chan NetCommand]struct{}{}, closeGen: make(chan struct{})}
}

// Subscribe calls f after every batch (on the request's goroutine; f must be quick).
func (n *Network) Subscribe(f func(NetworkUpdate)) (cancel func()) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.subID++
	id := n.subID
	n.subs[id] = f
	return func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		delete(n.subs, id)
	}
}

// NetSessionSummary is a session without its events, for the list.
type NetSessionSummary struct {
	ID      string    `json:"id"`
	Client  string    `json:"client"`
	Started time.Time `json:"started"`
	Updated time.Time `json:"updated"`
	Env     *PageEnv  `json:"env,omitempty"`
	Count   int       `json:"count"`
	Failed  int       `json:"failed"`
	Dropped int64     `json:"dropped"`
	Live    bool      `json:"live"` // its command stream is open
}

// Sessions lists the sessions, the most recently active first.
func (n *Network) Sessions() []NetSessionSummary {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]NetSessionSummary, 0, len(n.sessions))
	for _, s := range n.sessions {
		sum := NetSessionSummary{ID: s.ID, Client: s.Client, Started: s.Started, Updated: s.Updated, Env: s.Env, Count: len(s.Events), Dropped: s.Dropped, Live: len(n.streams[s.ID]) > 0}
		for _, e := range s.Events {
			if e.Failed() {
				sum.Failed++
			}
		}
		out = append(out, sum)
	}
	slices.SortFunc(out, func(a, b NetSessionSummary) int { return b.Updated.Compare(a.Updated) })
	return out
}

// Session returns a copy of one session (ok false when there is none by the ID).
func (n *Network) Session(id string) (NetSession, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	s, ok := n.sessions[id]
	if !ok {
		return NetSession{}, false
	}
	c := *s
	c.Events = slices.Clone(s.Events)
	return c, true
}

// All returns copies of every session, the oldest first.
func (n *Network) All() []NetSession {
	sums := n.Sessions()
	out := make([]NetSession, 0, len(sums))
	for i := len(sums) - 1; i >= 0; i-- {
		if s, ok := n.Session(sums[i].ID); ok {
			out = append(out, s)
		}
	}
	return out
}

// Clear forgets every session.
func (n *Network) Clear() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sessions = map[string]*NetSession{}
	n.size = 0
}

// BodyLimit is the bytes of a text body the pages keep (0: none).
func (n *Network) BodyLimit() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.bodyLim
}

// add stores a batch and tells the subscribers.
func (n *Network) add(b netBatch, env *PageEnv, client string, now time.Time) {
	n.mu.Lock()
	s, ok := n.sessions[b.SID]
	if !ok {
		s = &NetSession{ID: b.SID, Client: client, Started: now}
		n.sessions[b.SID] = s
	}
	s.Updated = now
	if env != nil {
		n.size -= sizeOfEnv(s.Env)
		s.Env = env
		n.size += sizeOfEnv(env)
	}
	if b.Dropped > s.pageDrop {
		s.Dropped += b.Dropped - s.pageDrop
		s.pageDrop = b.Dropped
	}
	for _, e := range b.Events {
		e.Received = now
		sz := sizeOfEvent(e)
		if i := slices.IndexFunc(s.Events, func(x NetEvent) bool { return x.ID == e.ID }); i >= 0 {
			n.size += sz - sizeOfEvent(s.Events[i])
			s.size += sz - sizeOfEvent(s.Events[i])
			s.Events[i] = e // a WebSocket's close after its open
			continue
		}
		s.Events = append(s.Events, e)
		n.size += sz
		s.size += sz
		for len(s.Events) > n.opts.PerSession {
			n.size -= sizeOfEvent(s.Events[0])
			s.size -= sizeOfEvent(s.Events[0])
			s.Events = s.Events[1:]
			s.Dropped++
		}
	}
	n.evict(s.ID)
	up := NetworkUpdate{Session: s.ID, Client: s.Client, Env: env, Events: b.Events, Dropped: s.Dropped}
	for i := range up.Events {
		up.Events[i].Received = now
	}
	subs := make([]func(NetworkUpdate), 0, len(n.subs))
	for _, f := range n.subs {
		subs = append(subs, f)
	}
	n.mu.Unlock()
	for _, f := range subs {
		f(up)
	}
}

// evict drops the least recently active sessions (never keep) past the bounds, and the
// oldest events of keep itself past the byte bound.
func (n *Network) evict(keep string) {
	for len(n.sessions) > n.opts.Sessions || n.size > n.opts.TotalBytes {
		var oldest *NetSession
		for _, s := range n.sessions {
			if s.ID != keep && (oldest == nil || s.Updated.Before(oldest.Updated)) {
				oldest = s
			}
		}
		if oldest == nil {
			break
		}
		n.size -= oldest.size + sizeOfEnv(oldest.Env)
		delete(n.sessions, oldest.ID)
	}
	if s := n.sessions[keep]; s != nil {
		for n.size > n.opts.TotalBytes && len(s.Events) > 1 {
			n.size -= sizeOfEvent(s.Events[0])
			s.size -= sizeOfEvent(s.Events[0])
			s.Events = s.Events[1:]
			s.Dropped++
		}
	}
}

func sizeOfEvent(e NetEvent) int {
	n := 200 + len(e.URL) + len(e.ReqBody) + len(e.ResBody) + len(e.Error) + len(e.Element)
	for k, v := range e.ReqHeaders {
		n += len(k) + len(v)
	}
	for k, v := range e.ResHeaders {
		n += len(k) + len(v)
	}
	return n
}

func sizeOfEnv(e *PageEnv) int {
	if e == nil {
		return 0
	}
	b, _ := json.Marshal(e)
	return len(b)
}

// ---- commands ----

// SetBodyLimit sets the bytes of a text body the pages keep (0: no bodies), now for the
// connected pages and for those that load later; at most 1 MB.
func (n *Network) SetBodyLimit(b int) {
	b = min(max(b, 0), maxBodyLimit)
	n.mu.Lock()
	n.bodyLim = b
	n.mu.Unlock()
	n.send("", NetCommand{Op: "config", BodyLimit: &b})
}

// SetEruda turns the on-phone DevTools on or off for every page with the reporter, now and
// for the pages that load later. Off by default.
func (n *Network) SetEruda(on bool) {
	n.mu.Lock()
	n.eruda = on
	n.mu.Unlock()
	n.send("", NetCommand{Op: "eruda", On: &on})
}

// Eruda says whether the on-phone DevTools are on.
func (n *Network) Eruda() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.eruda
}

// ErrNoPage: no page with the reporter has the session's command stream open.
var ErrNoPage = fmt.Errorf("no page with the reporter is connected for this session; open the page (with reporter.js, or through the proxy) and try again")

// Reload tells the session's page (every connected page for "") to reload.
func (n *Network) Reload(sid string) error {
	if n.send(sid, NetCommand{Op: "reload"}) == 0 {
		return ErrNoPage
	}
	return nil
}

// Navigate sends the session's page (every connected page for "") to an http(s) URL.
func (n *Network) Navigate(sid, target string) error {
	u, err := parseAbsoluteURL(target)
	if err != nil {
		return fmt.Errorf("the address to open: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("the address to open must start with http:// or https://, not %s", quoteShort(target))
	}
	if n.send(sid, NetCommand{Op: "navigate", URL: u.String()}) == 0 {
		return ErrNoPage
	}
	return nil
}

// send hands the command to the session's open streams (all for ""), returning how many.
func (n *Network) send(sid string, c NetCommand) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	count := 0
	for id, chans := range n.streams {
		if sid != "" && id != sid {
			continue
		}
		for ch := range chans {
			select {
			case ch <- c:
				count++
			default: // a stream that does not read: the command is lost for it
			}
		}
	}
	return count
}

func (n *Network) openStream(sid string) (chan NetCommand, <-chan struct{}, NetCommand) {
	n.mu.Lock()
	defer n.mu.Unlock()
	ch := make(chan NetCommand, 8)
	if n.streams[sid] == nil {
		n.streams[sid] = map[chan NetCommand]struct{}{}
	}
	n.streams[sid][ch] = struct{}{}
	eruda, lim := n.eruda, n.bodyLim
	return ch, n.closeGen, NetCommand{Op: "config", Eruda: &eruda, BodyLimit: &lim}
}

func (n *Network) closeStream(sid string, ch chan NetCommand) {
	n.mu.Lock()
	defer n.mu.Unlock()
	delete(n.streams[sid], ch)
	if len(n.streams[sid]) == 0 {
		delete(n.streams, sid)
	}
}

// CloseStreams ends every open command stream (the server shuts down; pages reconnect).
func (n *Network) CloseStreams() {
	n.mu.Lock()
	defer n.mu.Unlock()
	close(n.closeGen)
	n.closeGen = make(chan struct{})
}

// ---- masking, again on the server ----

// secretName (secretnames.go) is the rule for which names carry a credential, one home with
// the reporter's: the server applies it again to what a page sends, in case the page sent
// it unmasked.

// alreadyMasked: the reporter's mask (ab…yz, or … alone).
func alreadyMasked(v string) bool {
	return v == "…" || (strings.Contains(v, "…") && len([]rune(v)) <= 5)
}

func maskSecretValue(v string) string {
	if alreadyMasked(v) {
		return v
	}
	return maskTicket(v)
}

// jsonSecret finds "name": "value" pairs of JSON text; formSecret name=value pairs.
var (
	jsonSecret = regexp.MustCompile(`"([^"\\]{1,64})"\s*:\s*"((?:[^"\\]|\\.)*)"`)
	formSecret = regexp.MustCompile(`(^|[?&#\s])([^=&#?\s]{1,64})=([^&#\s"]*)`)
)

func maskSecretsInText(s string, creds []string) string {
	s = scrub(s, creds)
	s = jsonSecret.ReplaceAllStringFunc(s, func(m string) string {
		p := jsonSecret.FindStringSubmatch(m)
		if !secretName(p[1]) || alreadyMasked(p[2]) {
			return m
		}
		return `"` + p[1] + `":"` + maskTicket(p[2]) + `"`
	})
	return formSecret.ReplaceAllStringFunc(s, func(m string) string {
		p := formSecret.FindStringSubmatch(m)
		if !secretName(p[2]) || alreadyMasked(p[3]) || p[3] == "" {
			return m
		}
		return p[1] + p[2] + "=" + maskTicket(p[3])
	})
}

func cleanHeaders(h map[string]string, creds []string) map[string]string {
	if len(h) == 0 {
		return nil
	}
	out := make(map[string]string, min(len(h), maxNetHeaders))
	for k, v := range h {
		if len(out) >= maxNetHeaders {
			break
		}
		k = strings.ToLower(clip(k, 100))
		v = clip(v, maxNetHeaderValue)
		switch {
		case k == "cookie" || k == "set-cookie":
			v = maskCookieValues(v)
		case secretName(k):
			v = maskSecretValue(v)
		default:
			v = maskSecretsInText(v, creds)
		}
		out[k] = v
	}
	return out
}

func maskCookieValues(v string) string {
	lines := strings.Split(v, "\n")
	for i, line := range lines {
		parts := strings.Split(line, ";")
		for j, part := range parts {
			name, val, ok := strings.Cut(part, "=")
			if !ok || (j > 0 && isCookieAttr(name)) {
				continue
			}
			parts[j] = name + "=" + maskSecretValue(strings.TrimSpace(val))
		}
		lines[i] = strings.Join(parts, ";")
	}
	return strings.Join(lines, "\n")
}

func isCookieAttr(name string) bool {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "path", "domain", "expires", "max-age", "samesite":
		return true
	}
	return false
}

var netKinds = map[string]bool{"fetch": true, "xhr": true, "beacon": true, "ws": true, "resource": true}

// cleanEvent checks one event and masks it again.
func cleanEvent(e NetEvent, bodyLimit int, creds []string) (NetEvent, error) {
	if !netKinds[e.Kind] {
		return e, fmt.Errorf("kind %s is none of fetch, xhr, beacon, ws, resource", quoteShort(e.Kind))
	}
	if e.ID == "" || len(e.ID) > 32 {
		return e, fmt.Errorf("id must be 1 to 32 characters")
	}
	if e.Status < 0 || e.Status > 999 {
		return e, fmt.Errorf("status %d is no HTTP status", e.Status)
	}
	e.Method = strings.ToUpper(clip(e.Method, 16))
	e.URL = maskSecretsInText(clip(e.URL, maxNetURL), creds)
	e.StatusText = clip(e.StatusText, 100)
	e.Error = maskSecretsInText(clip(e.Error, 300), creds)
	e.Mime = clip(e.Mime, 100)
	e.Element = maskSecretsInText(clip(e.Element, 300), creds)
	e.ReqHeaders = cleanHeaders(e.ReqHeaders, creds)
	e.ResHeaders = cleanHeaders(e.ResHeaders, creds)
	lim := max(bodyLimit, 1) + 16 // the reporter's cut, by characters
	for _, b := range []struct{ body, note *string }{{&e.ReqBody, &e.ReqBodyNote}, {&e.ResBody, &e.ResBodyNote}} {
		if bodyLimit <= 0 && *b.body != "" {
			*b.body, *b.note = "", "off"
		}
		if len(*b.body) > lim*4 || len([]rune(*b.body)) > lim {
			*b.body, *b.note = clip(*b.body, lim), "truncated"
		}
		*b.body = maskSecretsInText(*b.body, creds)
		*b.note = clip(*b.note, 16)
	}
	if e.WS != nil {
		e.WS.State = clip(e.WS.State, 16)
		e.WS.CloseReason = maskSecretsInText(clip(e.WS.CloseReason, 200), creds)
	}
	return e, nil
}

// ---- the endpoints ----

// phoneNetwork is POST /__wecomdev/network.
func (s *Server) phoneNetwork(w http.ResponseWriter, r *http.Request, e *Entry) {
	s.phonePost(w, r, e, s.netLimiter(), maxNetworkBody, true, s.takeNetwork)
}

func (s *Server) takeNetwork(w http.ResponseWriter, r *http.Request, e *Entry, body []byte) {
	var b netBatch
	d := json.NewDecoder(bytes.NewReader(body))
	if err := d.Decode(&b); err != nil {
		s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: `请求体不是一批网络事件（{"sid": "…", "events": [{"id": "1", "kind": "fetch", …}]}）：` + shortJSONError(err), EnUS: `the body is not a network batch ({"sid": "…", "events": [{"id": "1", "kind": "fetch", …}]}): ` + shortJSONError(err)})
		return
	}
	if !sidPattern.MatchString(b.SID) {
		s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, textBadSID)
		return
	}
	if len(b.Events) > maxNetworkEvents {
		s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: fmt.Sprintf("每批最多发 %d 个事件，而不是 %d 个", maxNetworkEvents, len(b.Events)), EnUS: fmt.Sprintf("send at most %d events per batch, not %d", maxNetworkEvents, len(b.Events))})
		return
	}
	creds := s.sensitive(r.Context())
	lim := s.net.BodyLimit()
	for i := range b.Events {
		ev, err := cleanEvent(b.Events[i], lim, creds)
		if err != nil {
			s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: fmt.Sprintf("第 %d 个事件：%v", i, err), EnUS: fmt.Sprintf("event %d: %v", i, err)})
			return
		}
		b.Events[i] = ev
	}
	var env *PageEnv
	if p := bytes.TrimSpace(b.Env); len(p) > 0 && !bytes.Equal(p, []byte("null")) {
		v, err := parsePageEnv(p, creds)
		if err != nil {
			s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: "env（页面环境）：" + err.Error(), EnUS: "env: " + err.Error()})
			return
		}
		env = v
	}
	if b.Dropped < 0 {
		b.Dropped = 0
	}
	s.net.add(b, env, e.Client, s.now())
	if env != nil {
		e.URL = env.URL
		e.Host, _ = urlHost(env.URL)
	}
	e.Message = fmt.Sprintf("%d requests of page session %s", len(b.Events), b.SID[:8])
	s.writeJSON(w, r.Context(), e, http.StatusAccepted, struct {
		Accepted int `json:"accepted"`
	}{len(b.Events)})
}

// netLimiter is the batches' rate limit, made on first use.
func (s *Server) netLimiter() *limiter {
	s.netLimOnce.Do(func() { s.netLim = newLimiter(networkPerMinute, time.Minute, s.now) })
	return s.netLim
}

// networkStream is GET /__wecomdev/network/stream?sid=…: Server-Sent Events carrying the
// console's commands to the page (config first: the body limit and eruda). It stays open
// until the page goes away or the server stops; the request log gets it once, when it ends.
func (s *Server) networkStream(w http.ResponseWriter, r *http.Request, e *Entry) {
	if !s.gate(w, r, e, http.MethodGet) {
		return
	}
	sid := r.URL.Query().Get("sid")
	if !sidPattern.MatchString(sid) {
		s.failText(w, e, http.StatusBadRequest, CodeQueryInvalid, textBadSID)
		return
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // the stream outlives WriteTimeout
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	e.Status = http.StatusOK
	e.Message = "command stream of page session " + sid[:8]
	w.WriteHeader(http.StatusOK)
	ch, closed, first := s.net.openStream(sid)
	defer s.net.closeStream(sid, ch)
	write := func(c NetCommand) bool {
		b, _ := json.Marshal(c)
		if _, err := fmt.Fprintf(w, "data: %s\n\n", b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	fmt.Fprint(w, "retry: 3000\n")
	if !write(first) {
		return
	}
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case c := <-ch:
			if !write(c) {
				return
			}
		case <-ping.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		case <-closed:
			return
		case <-r.Context().Done():
			return
		}
	}
}

// Network is the store of the pages' network sessions.
func (s *Server) Network() *Network { return s.net }
