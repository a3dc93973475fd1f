// Package sandbox is a faithful fake of the WeCom (企业微信) server API, served over real
// HTTP on loopback. It backs the app's built-in "sandbox" profile and the tests of every
// WeCom client feature, so the client runs its production code path against it: same
// paths, same JSON, same error codes and error texts, same limits.
//
// What it models, from shared/reference/wecom-api.md and docs/wecom-facts.md (the one
// home of the WeCom facts its rules follow, with their sources):
//
//   - gettoken with per-app secrets, token reuse while valid, expiry, forced invalidation;
//   - the corp and app JS-SDK tickets with their 400/hour/corp and 100/hour/app quotas and
//     the 60-minute block after a breach; the one-minute block after 10 bad-token calls;
//   - the app's trusted-IP list (60020 "not allow to access from your ip", on business
//     calls) and its visible range;
//   - customer-group join ways (加入群聊), customer groups and customers (external contacts);
//   - WeCom's leniency with mistyped JSON ("ok. Warning: wrong json format. ").
//
// Its state lives in memory, or, with Options.Persist, in wecomdev's database, so that
// every process on one data directory serves the same sandbox WeCom (persist.go).
//
// Choices where the real server's behaviour is unknown are marked [U] in comments.
// The server never logs; it never prints secrets, tokens or tickets anywhere.
package sandbox

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"
)

// DefaultCorpID is the corp the sandbox creates when Options.Corps is empty. Real corp
// ids are "ww" + 16 lowercase hex digits; this one is too ("5a4db0c5" ≈ "sandbox"), so it
// passes any format check a client makes.
const DefaultCorpID = "ww5a4db0c500000001"

// DefaultAgentID is the app the sandbox creates when Options.Corps is empty.
const DefaultAgentID = 1000002

const (
	defaultTTL             = 7200 * time.Second
	defaultCorpTicketQuota = 400
	defaultAppTicketQuota  = 100
	quotaWindow            = time.Hour
	quotaBlock             = time.Hour // doc 90454: 「按小时拦截则被屏蔽60分钟」
	// WeCom staff (developer community thread 0006e047caca30ab50ec916195b800):
	// 「token不填或者错误在一分钟内达到10次，就会限制一分钟」.
	badTokenLimit  = 10
	badTokenWindow = time.Minute
	badTokenBlock  = time.Minute
	maxBodyBytes   = 1 << 20
)

// App is one self-built app (自建应用) of a corp.
type App struct {
	AgentID    int64
	Secret     string   // empty in Options → a random secret is generated
	AllowedIPs []string // 企业可信IP: addresses or CIDR prefixes; empty = any caller allowed
	// NoCustomerContact: the app is not in 客户联系「可调用接口的应用」, so every
	// externalcontact/* call answers 48002 "api forbidden".
	NoCustomerContact bool
	// VisibleUserIDs is the app's visible range (可见范围) as the members in it; empty =
	// every member. groupchat/list shows only groups whose owner is in it (doc 93414).
	VisibleUserIDs []string
}

// Corp is one enterprise with its apps.
type Corp struct {
	CorpID string
	Apps   []App
}

// Options configures a Server. The zero value is a working sandbox.
type Options struct {
	Corps            []Corp           // empty → one corp DefaultCorpID with one app DefaultAgentID, random secret
	TokenTTL         time.Duration    // default 7200 s
	TicketTTL        time.Duration    // default 7200 s
	ExpiredTokenCode int              // code an expired token gets: 42001 (default) or 40014
	CorpTicketQuota  int              // ticket fetches per corp per rolling hour, default 400
	AppTicketQuota   int              // ticket fetches per app per rolling hour, default 100
	Now              func() time.Time // default time.Now; tests inject a clock
	Seed             *Data            // members, customers, groups of every corp; nil → DefaultData()
	// ExpiresInLeft: a token or ticket fetched again within its validity reports the
	// seconds it has left in expires_in, instead of the full validity (7200) that the
	// default reports (docs/wecom-facts.md, the sandbox WeCom).
	ExpiresInLeft bool
	// Persist keeps the state outside the process (nil: in memory, for tests). With one,
	// a stored state wins over Corps and Seed, which make only the first state (and the
	// state after Reset). Test knobs (FailNext, StallNext, Calls) stay per process.
	Persist Persist
}

// Server is the fake WeCom server. It is an http.Handler; Start serves it on loopback.
// All methods are safe for concurrent use.
type Server struct {
	now              func() time.Time
	tokenTTL         time.Duration
	ticketTTL        time.Duration
	expiredTokenCode int
	expiresInLeft    bool
	corpQuota        int
	appQuota         int
	seedCorps        []Corp
	seed             *Data
	persist          Persist

	mu           sync.Mutex
	version      int64  // the stored version the state was loaded from or saved as; -1: reload
	stored       []byte // the stored state as of version
	lastStoreErr error
	generation   int64 // Reset's count without a Persist (with one, it is stored)
	corps        []*corpState
	byCorpID     map[string]*corpState
	tokens       map[string]*tokenState
	calls        map[string]int
	fails        map[string]*failure
	stalls       map[string]chan struct{} // StallNext: endpoint → closed once the call was applied
	qrImages     map[string]string        // QR image path → the join link it encodes
	badTokens    map[string]*badTokenLog  // caller IP → its calls with a missing or bad token
	oa           oauthState               // OAuth codes and user_tickets, in memory (oauth.go)

	srvMu sync.Mutex
	srv   *http.Server

	callbacks sync.Map // the apps' callbacks, in memory only: callbackKey → Callback (callback.go)
}

type corpState struct {
	id         string
	apps       []*appState
	data       *Data // this corp's own copy of the seed
	corpTicket ticketState
	ticketLog  []time.Time // admitted ticket fetches in the rolling window, all apps, both kinds
	// ticketBlockedUntil: the corp went over its ticket quota; fetches answer 45009 till then.
	ticketBlockedUntil time.Time
}

type appState struct {
	corp               *corpState
	agentID            int64
	secret             string
	allowedIPs         []string
	noCustomerContact  bool
	visibleUserIDs     []string // empty: every member
	token              string   // current token; "" when none is valid
	appTicket          ticketState
	ticketLog          []time.Time
	ticketBlockedUntil time.Time // the app went over its ticket quota; 45009 till then
	joinWays           map[string]*JoinWay
	joinOrder          []string
	autoRooms          map[string]int // config_id → rooms created by auto_create_room
}

type tokenState struct {
	app       *appState
	expiresAt time.Time
	expired   bool // ExpireTokens was called
}

// badTokenLog is one caller IP's calls with a missing, unknown or expired token in the
// last minute, and the end of the block they brought (see checkBadTokens).
type badTokenLog struct {
	calls        []time.Time
	blockedUntil time.Time
}

type ticketState struct {
	value     string
	expiresAt time.Time
}

type failure struct {
	code int
	n    int
}

// New builds a server from opts; it does not listen until Start (or use it as a handler).
// With opts.Persist it reads nothing yet: the stored state is loaded by the first call.
func New(opts Options) *Server {
	s := &Server{
		now:              opts.Now,
		tokenTTL:         opts.TokenTTL,
		ticketTTL:        opts.TicketTTL,
		expiredTokenCode: opts.ExpiredTokenCode,
		expiresInLeft:    opts.ExpiresInLeft,
		corpQuota:        opts.CorpTicketQuota,
		appQuota:         opts.AppTicketQuota,
		seedCorps:        opts.Corps,
		seed:             opts.Seed,
		persist:          opts.Persist,
		version:          -1,
		calls:            map[string]int{},
		fails:            map[string]*failure{},
		stalls:           map[string]chan struct{}{},
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.tokenTTL <= 0 {
		s.tokenTTL = defaultTTL
	}
	if s.ticketTTL <= 0 {
		s.ticketTTL = defaultTTL
	}
	if s.expiredTokenCode != CodeInvalidToken {
		s.expiredTokenCode = CodeTokenExpired
	}
	if s.corpQuota <= 0 {
		s.corpQuota = defaultCorpTicketQuota
	}
	if s.appQuota <= 0 {
		s.appQuota = defaultAppTicketQuota
	}
	if s.seed == nil {
		s.seed = DefaultData()
	}
	if len(s.seedCorps) == 0 {
		s.seedCorps = []Corp{{CorpID: DefaultCorpID, Apps: []App{{AgentID: DefaultAgentID}}}}
	}
	s.seedState()
	return s
}

// seedState makes the first state from the seed: the corps and apps of Options (random
// secrets where none was given), each corp with its own copy of the seed data, no token,
// no ticket, no join way. Called with s.mu held (or from New).
func (s *Server) seedState() {
	s.corps = nil
	s.byCorpID = map[string]*corpState{}
	s.tokens = map[string]*tokenState{}
	s.qrImages = map[string]string{}
	s.badTokens = map[string]*badTokenLog{}
	s.forgetOAuth()
	for _, c := range s.seedCorps {
		if _, dup := s.byCorpID[c.CorpID]; dup {
			continue
		}
		cs := &corpState{id: c.CorpID, data: s.seed.clone()}
		for _, a := range c.Apps {
			secret := a.Secret
			if secret == "" {
				secret = randomString(43) // real corp secrets are 43 url-safe characters
			}
			cs.apps = append(cs.apps, &appState{
				corp:              cs,
				agentID:           a.AgentID,
				secret:            secret,
				allowedIPs:        append([]string(nil), a.AllowedIPs...),
				noCustomerContact: a.NoCustomerContact,
				visibleUserIDs:    append([]string(nil), a.VisibleUserIDs...),
				joinWays:          map[string]*JoinWay{},
				autoRooms:         map[string]int{},
			})
		}
		s.corps = append(s.corps, cs)
		s.byCorpID[c.CorpID] = cs
	}
}

// Start serves the sandbox on 127.0.0.1 at a free port and returns its base URL,
// "http://127.0.0.1:PORT"; the API lives under baseURL + "/cgi-bin/".
func (s *Server) Start() (string, error) {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	if s.srv != nil {
		return "", errors.New("sandbox: already started")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // never log
	}
	srv := s.srv
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), nil
}

// Close stops the listener started by Start and drops its connections. It is a no-op
// when the server was never started.
func (s *Server) Close() error {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	if s.srv == nil {
		return nil
	}
	err := s.srv.Close()
	s.srv = nil
	return err
}

// locked runs fn under s.mu against the latest state, storing what it changed.
func (s *Server) locked(fn func()) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.atomically(context.Background(), fn)
}

// Corps returns the corps and apps with their secrets, generated ones filled in.
func (s *Server) Corps() []Corp {
	var out []Corp
	_ = s.locked(func() { out = s.corpList() })
	return out
}

func (s *Server) corpList() []Corp {
	out := make([]Corp, 0, len(s.corps))
	for _, c := range s.corps {
		oc := Corp{CorpID: c.id}
		for _, a := range c.apps {
			oc.Apps = append(oc.Apps, App{
				AgentID:           a.agentID,
				Secret:            a.secret,
				AllowedIPs:        append([]string(nil), a.allowedIPs...),
				NoCustomerContact: a.noCustomerContact,
				VisibleUserIDs:    append([]string(nil), a.visibleUserIDs...),
			})
		}
		out = append(out, oc)
	}
	return out
}

// Secret returns the secret of one app, "" if there is no such app (or the stored state
// cannot be read: AppSecret says why).
func (s *Server) Secret(corpID string, agentID int64) string {
	v, _ := s.AppSecret(corpID, agentID)
	return v
}

// AppSecret returns the secret of one app, "" if there is no such app; an error when the
// stored state cannot be read.
func (s *Server) AppSecret(corpID string, agentID int64) (string, error) {
	var secret string
	err := s.locked(func() {
		if a := s.app(corpID, agentID); a != nil {
			secret = a.secret
		}
	})
	return secret, err
}

// InvalidateTokens revokes every issued token early, as WeCom may do: each now answers
// 40014 "invalid access_token", and gettoken issues a new one.
func (s *Server) InvalidateTokens() {
	_ = s.locked(func() {
		clear(s.tokens)
		for _, c := range s.corps {
			for _, a := range c.apps {
				a.token = ""
			}
		}
	})
}

// ExpireTokens makes every issued token count as expired: each now answers
// Options.ExpiredTokenCode (42001 by default), and gettoken issues a new one.
func (s *Server) ExpireTokens() {
	_ = s.locked(func() {
		for _, t := range s.tokens {
			t.expired = true
		}
		for _, c := range s.corps {
			for _, a := range c.apps {
				a.token = ""
			}
		}
	})
}

// Calls reports how many requests reached an endpoint, named by its path under
// /cgi-bin/: "gettoken", "get_jsapi_ticket", "ticket/get",
// "externalcontact/groupchat/add_join_way". A leading "/cgi-bin/" is accepted too.
func (s *Server) Calls(endpoint string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[endpointName(endpoint)]
}

// SetAllowedIPs replaces an app's trusted-IP list (企业可信IP); empty allows any caller.
func (s *Server) SetAllowedIPs(corpID string, agentID int64, ips []string) {
	_ = s.locked(func() {
		if a := s.app(corpID, agentID); a != nil {
			a.allowedIPs = append([]string(nil), ips...)
		}
	})
}

// FailNext makes the next n requests to endpoint (named as for Calls) answer errcode
// before anything else is checked, e.g. -1 (system busy) or 45033 (api concurrent out
// of limit), for retry tests. n <= 0 cancels a pending failure.
func (s *Server) FailNext(endpoint string, errcode int, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	name := endpointName(endpoint)
	if n <= 0 {
		delete(s.fails, name)
		return
	}
	s.fails[name] = &failure{code: errcode, n: n}
}

// StallNext makes the next call of endpoint take effect and then hold its answer until
// the caller gives up (its request context ends): a response lost after WeCom acted.
// The returned channel is closed once the call has taken effect.
func (s *Server) StallNext(endpoint string) <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := make(chan struct{})
	s.stalls[endpointName(endpoint)] = ch
	return ch
}

// SetVisibleRange replaces an app's visible range (可见范围) with these members; empty
// puts every member in it.
func (s *Server) SetVisibleRange(corpID string, agentID int64, userIDs []string) {
	_ = s.locked(func() {
		if a := s.app(corpID, agentID); a != nil {
			a.visibleUserIDs = append([]string(nil), userIDs...)
		}
	})
}

// sees reports whether the member is in the app's visible range.
func (a *appState) sees(userID string) bool {
	return len(a.visibleUserIDs) == 0 || slices.Contains(a.visibleUserIDs, userID)
}

func endpointName(p string) string {
	p = strings.TrimPrefix(p, "/")
	p = strings.TrimPrefix(p, "cgi-bin/")
	return strings.Trim(p, "/")
}

func (s *Server) app(corpID string, agentID int64) *appState {
	c := s.byCorpID[corpID]
	if c == nil {
		return nil
	}
	for _, a := range c.apps {
		if a.agentID == agentID {
			return a
		}
	}
	return nil
}

// route is one endpoint. auth endpoints take ?access_token= and run as its app.
// [U] HTTP methods are not enforced: query endpoints read the query whatever the method,
// body endpoints read the body (a GET without one counts as {} with the wrong-json
// warning, see decodeBody).
type route struct {
	auth            bool
	body            bool // POST with a JSON body
	customerContact bool // externalcontact/*: needs the 客户联系 permission
	// emptyOnError names the array an error answer of this endpoint keeps, empty, as
	// real error bodies do (docs/wecom-facts.md, the sandbox WeCom):
	// {"errcode":84061,…,"external_userid":[]} on externalcontact/list (public client
	// code), {"errcode":84061,…,"follow_user":[]} on externalcontact/get (handsomegyr's
	// client code, 2022), {"errcode":60020,…,"group_chat_list":[]} on groupchat/list
	// (WeCom community oCJUsw-2hHvg0WIRTusZGTbUx758, 2023-07). [U] whether every error
	// of these endpoints keeps it: the sandbox keeps it on all of them.
	emptyOnError string
	handle       func(s *Server, c *call) (any, error)
}

var routes = map[string]route{
	"gettoken":         {handle: (*Server).getToken},
	"get_jsapi_ticket": {auth: true, handle: (*Server).getCorpTicket},
	"ticket/get":       {auth: true, handle: (*Server).getAppTicket},

	"externalcontact/groupchat/add_join_way":    {auth: true, body: true, customerContact: true, handle: (*Server).addJoinWay},
	"externalcontact/groupchat/get_join_way":    {auth: true, body: true, customerContact: true, handle: (*Server).getJoinWay},
	"externalcontact/groupchat/update_join_way": {auth: true, body: true, customerContact: true, handle: (*Server).updateJoinWay},
	"externalcontact/groupchat/del_join_way":    {auth: true, body: true, customerContact: true, handle: (*Server).delJoinWay},
	"externalcontact/groupchat/list":            {auth: true, body: true, customerContact: true, emptyOnError: "group_chat_list", handle: (*Server).listGroups},
	"externalcontact/groupchat/get":             {auth: true, body: true, customerContact: true, handle: (*Server).getGroup},

	"externalcontact/get_follow_user_list": {auth: true, customerContact: true, handle: (*Server).followUserList},
	"externalcontact/list":                 {auth: true, customerContact: true, emptyOnError: "external_userid", handle: (*Server).listCustomers},
	"externalcontact/get":                  {auth: true, customerContact: true, emptyOnError: "follow_user", handle: (*Server).getCustomer},
	"externalcontact/batch/get_by_user":    {auth: true, body: true, customerContact: true, handle: (*Server).batchGetByUser},
	"externalcontact/remark":               {auth: true, body: true, customerContact: true, handle: (*Server).remark},

	"auth/getuserinfo":   {auth: true, handle: (*Server).getUserInfo},
	"auth/getuserdetail": {auth: true, body: true, handle: (*Server).getUserDetail},
}

// call is one request being served; every field is read under s.mu.
type call struct {
	r    *http.Request
	ip   string // the caller, from the connection's remote address only
	body []byte
	app  *appState // the token's app, for auth routes
	// wrongJSON: the body was not JSON or had a mistyped field, which was dropped; the
	// answer carries "Warning: wrong json format." (decodeBody).
	wrongJSON bool
}

// ServeHTTP answers one API request. Like WeCom it answers HTTP 200 with a JSON body for
// every request under /cgi-bin/ that names a known endpoint.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := &call{r: r, ip: callerIP(r)}
	if strings.HasPrefix(r.URL.Path, qrPathPrefix) {
		s.serveQRImage(w, r)
		return
	}
	if r.URL.Path == AuthorizePath {
		s.serveAuthorize(w, r) // oauth.go
		return
	}
	if !strings.HasPrefix(r.URL.Path, "/cgi-bin/") {
		// [U] Outside /cgi-bin/ the real host serves its web front; here: a plain 404.
		http.NotFound(w, r)
		return
	}
	name := endpointName(r.URL.Path)
	rt, known := routes[name]

	var bodyErr error
	if known && rt.body {
		c.body, bodyErr = io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	}

	s.mu.Lock()
	s.calls[name]++
	var resp any
	var err error
	if storeErr := s.atomically(context.WithoutCancel(r.Context()), func() {
		resp, err = s.serve(c, name, rt, known, bodyErr)
	}); storeErr != nil {
		resp, err = nil, errStoreFailed
	}
	now := s.now()
	stalled := s.stalls[name]
	delete(s.stalls, name)
	s.mu.Unlock()

	if stalled != nil {
		// StallNext: the call took effect, but its answer never leaves, as when the
		// network drops it or the caller dies while waiting.
		close(stalled)
		<-r.Context().Done()
		return
	}

	status := http.StatusOK
	if !known {
		// [U] The real answer to an unknown cgi is not documented. A typo in a path is a
		// client bug, so it gets HTTP 404 (the transport layer notices) with a WeCom-shaped
		// body, errcode 404 "api not found".
		status = http.StatusNotFound
	}
	okMsg := "ok"
	if c.wrongJSON {
		// decodeBody: the warning follows "ok" and leads an error's text, as on WeCom.
		okMsg = "ok. " + wrongJSONWarning
		var ae *APIError
		if errors.As(err, &ae) {
			err = &APIError{Code: ae.Code, Text: wrongJSONWarning + ae.Text}
		}
	}
	if err != nil {
		resp = nil // an error body keeps no payload but its empty arrays
		if rt.emptyOnError != "" {
			resp = map[string][]string{rt.emptyOnError: {}}
		}
	}
	writeResponse(w, status, resp, okMsg, err, c.ip, now)
}

func (s *Server) serve(c *call, name string, rt route, known bool, bodyErr error) (any, error) {
	if f := s.fails[name]; f != nil {
		f.n--
		if f.n <= 0 {
			delete(s.fails, name)
		}
		return nil, apiErr(f.code)
	}
	if !known {
		return nil, apiErr(codeNotFound)
	}
	if rt.auth {
		if s.badTokenBlocked(c.ip) {
			return nil, apiErr(CodeFreqOutOfLimit)
		}
		a, err := s.authenticate(c)
		if err != nil {
			s.noteBadToken(c.ip, err)
			return nil, err
		}
		c.app = a
		if rt.customerContact && a.noCustomerContact {
			return nil, apiErr(CodeAPIForbidden)
		}
	}
	if bodyErr != nil {
		// [U] Over-long bodies: a "data format error" naming the limit.
		return nil, apiErrf(CodeDataFormat, "request body exceeds %d bytes", maxBodyBytes)
	}
	return rt.handle(s, c)
}

// badTokenBlocked reports whether calls with a token from ip are blocked: 10 calls with
// a missing or bad token within a minute block that caller's token calls for a minute
// from the 10th (badTokenLimit). [guess] The limit is per caller IP, it blocks every call
// that takes an access_token (a good one too) and not gettoken, and the blocked calls
// answer 45009 "api freq out of limit" and do not count.
func (s *Server) badTokenBlocked(ip string) bool {
	l := s.badTokens[ip]
	if l == nil {
		return false
	}
	now := s.now()
	if now.Before(l.blockedUntil) {
		return true
	}
	if l.calls = pruneOlder(l.calls, now, badTokenWindow); len(l.calls) == 0 {
		delete(s.badTokens, ip)
	}
	return false
}

// noteBadToken counts a call refused for its token (41001, 40014, 42001) against ip.
func (s *Server) noteBadToken(ip string, err error) {
	var ae *APIError
	if !errors.As(err, &ae) || (ae.Code != CodeTokenMissing && ae.Code != CodeInvalidToken && ae.Code != s.expiredTokenCode) {
		return
	}
	now := s.now()
	l := s.badTokens[ip]
	if l == nil {
		l = &badTokenLog{}
		s.badTokens[ip] = l
	}
	l.calls = append(pruneOlder(l.calls, now, badTokenWindow), now)
	if len(l.calls) >= badTokenLimit {
		l.blockedUntil = now.Add(badTokenBlock)
		l.calls = nil
	}
}

// callerIP is the host of the request's remote address. X-Forwarded-For and friends are
// ignored: WeCom sees the TCP peer.
func callerIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return ip.Unmap().String()
	}
	return host
}

// ipAllowed reports whether ip is in the allow-list (addresses or CIDR prefixes).
func ipAllowed(allowed []string, ip string) bool {
	if len(allowed) == 0 {
		return true
	}
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	for _, a := range allowed {
		a = strings.TrimSpace(a)
		if strings.Contains(a, "/") {
			if p, err := netip.ParsePrefix(a); err == nil && p.Contains(addr) {
				return true
			}
			continue
		}
		if x, err := netip.ParseAddr(a); err == nil && x.Unmap() == addr {
			return true
		}
	}
	return false
}
