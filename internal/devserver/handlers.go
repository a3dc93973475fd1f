package devserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"wecomdev/internal/customers"
	"wecomdev/internal/devserver/internal/devutil"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/redact"
	"wecomdev/internal/tickets"
	"wecomdev/internal/wecom"
)

// The endpoints, as the request log names them.
const (
	EndpointConfigSignature = "config-signature"
	EndpointAgentSignature  = "agent-signature"
	EndpointConfig          = "config"
	EndpointCustomers       = "customers"
	EndpointVerify          = "verify-file"
	EndpointIndex           = "index"
	EndpointOther           = "other"
)

// Paths of the endpoints.
const (
	PathConfigSignature = "/api/jssdk/config-signature"
	PathAgentSignature  = "/api/jssdk/agent-signature"
	PathConfig          = "/api/jssdk/config"
	PathCustomers       = "/api/customers"
)

// Error codes of the JSON error bodies ({"code": …, "message": …}).
const (
	CodeURLMissing       = "URL_MISSING"
	CodeURLInvalid       = "URL_INVALID"
	CodeURLNoScheme      = "URL_NO_SCHEME"
	CodeQueryInvalid     = "QUERY_INVALID"
	CodeHostNotAllowed   = "HOST_NOT_ALLOWED"
	CodeOriginNotAllowed = "ORIGIN_NOT_ALLOWED"
	CodeMethod           = "METHOD_NOT_ALLOWED"
	CodeNotFound         = "NOT_FOUND"
	CodeInvalidInput     = "INVALID_INPUT"
	CodeRateLimited      = "RATE_LIMITED"
	CodeUnavailable      = "TICKET_UNAVAILABLE"
	CodeWeCom            = "WECOM_ERROR"
)

// securityHeaders go on every response (keys in canonical form). A list, not a map: every
// request walks it, and a map's iterator costs more than the five assignments.
var securityHeaders = [...]struct {
	key   string
	value []string
}{
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"Referrer-Policy", []string{"no-referrer"}},
	{"X-Frame-Options", []string{"DENY"}},
	{"Content-Security-Policy", []string{"default-src 'none'; frame-ancestors 'none'"}},
	{"Cache-Control", []string{"no-store"}},
}

var contentTypeJSON = []string{"application/json; charset=utf-8"}

// maxUserAgent bounds what the log keeps of a User-Agent.
const maxUserAgent = 512

// Handler serves every endpoint. It is what Start serves; tests call it without a socket.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if s.px.Active() && !s.consoleOwned(r.URL.Path) && s.px.Serve(w, r, start) {
		return // no security headers: they would break the developer's page
	}
	// the entry is handed to the handlers by pointer, which would put it on the heap for
	// every request: it is reused instead (the log copies it in record)
	e := entryPool.Get().(*Entry)
	at := start // the same clock: one reading less
	if !s.realClock {
		at = s.now()
	}
	s.fillEntry(e, r, EndpointOther, at)
	defer func() {
		*e = Entry{} // no references to this request's strings while it waits
		entryPool.Put(e)
	}()
	h := w.Header()
	for _, sh := range securityHeaders {
		h[sh.key] = sh.value // shared, read-only values: net/http copies them when it writes the header
	}
	numberRequest(h, e) // the phone's network capture links its request to this entry (issue 19)

	if rt, ok := s.route(r.URL.Path); ok {
		e.Endpoint = rt.endpoint
		s.deadlines(w, r, start, smallAnswer(rt.endpoint))
		if !rt.dataHost || s.hostGate(w, r, e) {
			rt.serve(w, r, e)
		}
	} else {
		s.deadlines(w, r, start, false)
		s.static(w, r, e) // the index, the verification files, 404
	}
	s.record(r.Context(), e, start)
}

// deadlines bounds reading the request's body by the server's read timeout and writing its
// answer by its write timeout, which Start leaves out of http.Server (and the proxy, which
// returns before this, leaves unbounded: what it forwards may rightly last).
//
// As http.Server's ReadTimeout and WriteTimeout, they would arm and disarm two timers on
// every request, and on the signing path bound nothing: net/http clears the read deadline
// before it calls the handler of a request without a body (the background read that
// notices a client going away runs without one), so ReadTimeout only ever bounded a body;
// and an answer of a few hundred bytes goes into the socket's send buffer whole, so a
// client that does not read can hold its connection no longer than an idle one can anyway
// (IdleTimeout, renewed by each request it sends). The headers stay bounded by
// ReadHeaderTimeout, idle connections by IdleTimeout, for every request.
func (s *Server) deadlines(w http.ResponseWriter, r *http.Request, start time.Time, small bool) {
	var rc *http.ResponseController
	if r.ContentLength != 0 && s.readTimeout > 0 { // 0: no body (http.NoBody); -1: chunked
		rc = http.NewResponseController(w)
		_ = rc.SetReadDeadline(start.Add(s.readTimeout))
	}
	if !small && s.writeTimeout > 0 {
		if rc == nil {
			rc = http.NewResponseController(w)
		}
		_ = rc.SetWriteDeadline(start.Add(s.writeTimeout))
	}
}

// smallAnswer: the endpoint answers a few hundred bytes at most (the signing endpoints: a
// signature, or an error of a line or two), which no client can stall (see deadlines).
func smallAnswer(endpoint string) bool {
	switch endpoint {
	case EndpointConfigSignature, EndpointAgentSignature, EndpointConfig:
		return true
	}
	return false
}

// entryPool holds the entries serveHTTP fills, one per request in flight.
var entryPool = sync.Pool{New: func() any { return new(Entry) }}

// newEntry starts the log entry of a request.
func (s *Server) newEntry(r *http.Request, endpoint string) Entry {
	var e Entry
	s.fillEntry(&e, r, endpoint, s.now())
	return e
}

// fillEntry is newEntry into an empty entry (serveHTTP's pooled one, without a
// half-kilobyte copy), at the time given.
func (s *Server) fillEntry(e *Entry, r *http.Request, endpoint string, at time.Time) {
	e.Time = at
	e.Profile = s.b.Profile()
	e.Client = s.clientAddr(r)
	e.UserAgent = truncateUTF8(headerValue(r.Header, "User-Agent"), maxUserAgent)
	e.Method = r.Method
	e.Path = truncateUTF8(r.URL.Path, 256)
	e.Origin = truncateUTF8(headerValue(r.Header, "Origin"), 256)
	e.Endpoint = endpoint
	e.App = s.clientInfo(e.UserAgent)
}

// headerValue is h.Get(key) for a key already in canonical form (net/http stores the
// request's keys so): without canonicalizing the key again on every request.
func headerValue(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// record masks credentials in the entry, times it and logs it.
func (s *Server) record(ctx context.Context, e *Entry, start time.Time) {
	scrubEntry(e, s.sensitive(ctx))
	e.DurationMicros = time.Since(start).Microseconds()
	s.log.Add(*e)
}

// route is one endpoint of the handler table: its name in the log, whether it hands out
// data (then the Host header must be one the server answers for, checked before anything
// else), and its handler.
type route struct {
	endpoint string
	// dataHost: the endpoint hands out data (customers, members, the emulator's userid),
	// so the Host the browser addressed must be one the server answers for — a
	// DNS-rebinding page (evil.example resolving to 127.0.0.1) sends Host: evil.example.
	dataHost bool
	serve    func(http.ResponseWriter, *http.Request, *Entry)
}

// prefixRoute serves the paths under prefix that the exact routes do not name.
type prefixRoute struct {
	prefix string
	route
}

// newRoutes is the handler table of the console's own paths: the signing and phone-side
// endpoints by exact path, then the console's namespaces by prefix. A new phone-facing
// endpoint is one line here. What no route takes (the root, the verification files) is
// static's; with an upstream, the proxy's.
func (s *Server) newRoutes() (map[string]route, []prefixRoute) {
	return map[string]route{
			PathConfigSignature: {EndpointConfigSignature, false, s.api(s.sign(jssdk.KindCorp))},
			PathAgentSignature:  {EndpointAgentSignature, false, s.api(s.sign(jssdk.KindAgent))},
			PathConfig:          {EndpointConfig, false, s.api(s.sign(jssdk.KindCorp, jssdk.KindAgent))},
			PathCustomers:       {EndpointCustomers, true, s.api(s.lookupCustomers)},
			PathPhoneConfig:     {EndpointPhone, true, s.phoneConfig},
			PathReport:          {EndpointReport, true, s.phoneReport},
			PathEmulatorVerify:  {EndpointEmulator, true, s.emulatorPost(s.emulatorVerify)},
			PathEmulatorInvoke:  {EndpointEmulator, true, s.emulatorPost(s.withPageEntry(s.emulatorInvoke))},
			PathChat:            {EndpointChat, true, s.phoneChat},
			PathOAuthUserInfo:   {EndpointOAuthUserInfo, true, s.api(s.oauthUserInfo)},
			PathOAuthAuthorize:  {EndpointOAuthAuthorize, true, s.oauthAuthorize},
			PathEmulatorMember:  {EndpointEmulator, true, s.emulatorPost(s.emulatorMember)},
			PathNetwork:         {EndpointNetwork, true, s.phoneNetwork},
			PathNetworkStream:   {EndpointNetwork, true, s.networkStream},
			s.CallbackPath():    {EndpointCallback, false, s.callback}, // WeCom's GET verification and POSTed events (callback.go)
		}, []prefixRoute{
			{PhonePrefix, route{EndpointPhone, false, s.phoneStatic}}, // the test page, reporter.js, emulator.js (phone.go)
			{"/api/jssdk/", route{EndpointOther, false, s.static}},    // never proxied: a typo gets the console's 404
		}
}

// route finds the path's route: an exact one, else the first prefix that holds it.
func (s *Server) route(path string) (route, bool) {
	if rt, ok := s.routes[path]; ok {
		return rt, true
	}
	for _, p := range s.prefixes {
		if strings.HasPrefix(path, p.prefix) {
			return p.route, true
		}
	}
	return route{}, false
}

// api runs a GET API handler after the origin and method checks.
func (s *Server) api(handle func(http.ResponseWriter, *http.Request, *Entry)) func(http.ResponseWriter, *http.Request, *Entry) {
	return func(w http.ResponseWriter, r *http.Request, e *Entry) {
		if s.gate(w, r, e, http.MethodGet) {
			handle(w, r, e)
		}
	}
}

// hostGate answers 421 and returns false when the Host header names a host the server
// does not answer for (see route.dataHost).
func (s *Server) hostGate(w http.ResponseWriter, r *http.Request, e *Entry) bool {
	if s.hostOK(r) {
		return true
	}
	e.Decision = "host header refused"
	allowed := strings.Join(s.AllowedHosts(r.Context()), ", ")
	s.failText(w, e, http.StatusMisdirectedRequest, CodeHostNotAllowed, wecom.Text{
		ZhCN: fmt.Sprintf("本服务器不为主机 %s 应答；允许的有：%s，或 IP 地址。请在 wecomdev 的%s中添加该主机", quoteShort(r.Host), allowed, wecom.AreaName(wecom.ToolTrustedDomains, "zh-CN")),
		EnUS: fmt.Sprintf("this server does not answer for the host %s; allowed: %s, or an IP address. Add the host to the profile's trusted domains in wecomdev", quoteShort(r.Host), allowed)})
	return false
}

// gate runs the checks every console endpoint shares and says whether to go on: the
// Origin (this server's own, or an allowed host; CORS headers for it), a preflight
// answered here, and the method. The Host rule is the route's (route.dataHost).
func (s *Server) gate(w http.ResponseWriter, r *http.Request, e *Entry, method string) bool {
	if origin := r.Header.Get("Origin"); origin != "" {
		if !s.originOK(r, origin) {
			e.Decision = "origin refused"
			allowed := strings.Join(s.AllowedHosts(r.Context()), ", ")
			s.failText(w, e, http.StatusForbidden, CodeOriginNotAllowed, wecom.Text{
				ZhCN: fmt.Sprintf("页面来源 %s 不能调用本服务器；允许的有：本服务器自己的来源和 %s。请在 wecomdev 的%s中添加页面的主机，或经隧道打开页面", quoteShort(origin), allowed, wecom.AreaName(wecom.ToolTrustedDomains, "zh-CN")),
				EnUS: fmt.Sprintf("the page origin %s may not call this server; allowed: this server's own origin and %s. Add the page's host to the profile's trusted domains in wecomdev, or open the page through the tunnel", quoteShort(origin), allowed)})
			return false
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
		h.Set("Access-Control-Expose-Headers", LogHeader)
	}
	switch r.Method {
	case method:
		return true
	case http.MethodOptions:
		e.Endpoint += " (preflight)"
		h := w.Header()
		h.Set("Access-Control-Allow-Methods", method+", OPTIONS")
		// ngrok's free plan shows a warning page to browsers unless this header is sent
		h.Set("Access-Control-Allow-Headers", "Content-Type, ngrok-skip-browser-warning")
		h.Set("Access-Control-Max-Age", "600")
		e.Status = http.StatusNoContent
		w.WriteHeader(http.StatusNoContent)
	default:
		w.Header().Set("Allow", method+", OPTIONS")
		s.failText(w, e, http.StatusMethodNotAllowed, CodeMethod, textMethod(r.Method, method))
	}
	return false
}

// originOK: the request's own origin when its host cannot be rebound (an IP address, or
// a host the server answers for), or an origin whose host is allowed.
func (s *Server) originOK(r *http.Request, origin string) bool {
	o := strings.ToLower(origin)
	if host := strings.ToLower(r.Host); host != "" && (o == "http://"+host || o == "https://"+host) && s.hostOK(r) {
		return true
	}
	ok, _ := s.allowHost(r.Context(), originSite(origin))
	return ok
}

// hostOK: the Host header names an IP address or a host the server answers for, on any
// port (answersFor says why the port is not compared here).
func (s *Server) hostOK(r *http.Request) bool {
	h := hostName(authorityHost("", strings.ToLower(r.Host)))
	if _, err := netip.ParseAddr(strings.Trim(h, "[]")); err == nil {
		return true
	}
	return s.answersFor(r.Context(), h)
}

// pageURL reads the url parameter: present once, well-formed, with an allowed host.
// It fails the request itself and returns ok=false when something is wrong.
func (s *Server) pageURL(w http.ResponseWriter, r *http.Request, e *Entry) (string, bool) {
	var buf [2]string // room for the one value (and a second, refused): no allocation
	vs, err := queryValues(buf[:0], r.URL.RawQuery, "url")
	if err != nil {
		s.failText(w, e, http.StatusBadRequest, CodeQueryInvalid, textBadQuery(
			"请用 encodeURIComponent(location.href.split('#')[0]) 生成", "build it with encodeURIComponent(location.href.split('#')[0])"))
		return "", false
	}
	switch {
	case len(vs) == 0 || vs[0] == "":
		s.failText(w, e, http.StatusBadRequest, CodeURLMissing, wecom.Text{ZhCN: "缺少 url 参数；请这样调用：?url=encodeURIComponent(location.href.split('#')[0])",
			EnUS: "the url parameter is missing; call ?url=encodeURIComponent(location.href.split('#')[0])"})
		return "", false
	case len(vs) > 1:
		s.failText(w, e, http.StatusBadRequest, CodeURLInvalid, wecom.Text{ZhCN: "url 参数给了不止一次；只给一次", EnUS: "the url parameter is given more than once; give it once"})
		return "", false
	}
	raw := vs[0]
	if err := jssdk.ValidatePageURL(raw); err != nil {
		s.badPageURL(w, e, raw, err)
		if e.Status != 0 {
			return "", false
		}
	}
	e.URL = raw
	st, err := urlSite(raw)
	if err != nil {
		switch {
		case errors.Is(err, errNoScheme):
			s.failText(w, e, http.StatusBadRequest, CodeURLNoScheme, wecom.Text{
				ZhCN: fmt.Sprintf("url %s 没有协议头；企业微信对完整的页面 URL 签名：请传 location.href（https://…），而不是路径", quoteShort(raw)),
				EnUS: fmt.Sprintf("the url %s has no scheme; WeCom signs the full page URL: pass location.href (https://…), not a path", quoteShort(raw))})
		case errors.Is(err, errBadScheme):
			s.failText(w, e, http.StatusBadRequest, CodeURLInvalid, wecom.Text{ZhCN: fmt.Sprintf("url %s 不是 http 或 https", quoteShort(raw)), EnUS: fmt.Sprintf("the url %s is not http or https", quoteShort(raw))})
		default:
			s.failText(w, e, http.StatusBadRequest, CodeURLInvalid, wecom.Text{ZhCN: fmt.Sprintf("url %s 没有主机", quoteShort(raw)), EnUS: fmt.Sprintf("the url %s has no host", quoteShort(raw))})
		}
		return "", false
	}
	ok, why := s.allowHost(r.Context(), st)
	e.Host = st.host
	e.Allowed, e.Decision = ok, why
	if !ok {
		e.Decision = "host refused"
		fix := wecom.Text{
			ZhCN: "请在 wecomdev 的" + wecom.AreaName(wecom.ToolTrustedDomains, "zh-CN") + "中添加 " + st.host + "，或经隧道打开页面",
			EnUS: "Add " + st.host + " to the profile's trusted domains in wecomdev ({tool:profiles/trusted-domains}) or open the page through the tunnel",
		}
		if m, ok := s.notCoveredBy(r.Context(), st); ok { // the port rule, a parent domain
			fix = wecom.Text{ZhCN: m.ZhCN + " 也请在 wecomdev 的" + wecom.AreaName(wecom.ToolTrustedDomains, "zh-CN") + "中添加。", EnUS: m.EnUS + " Add it in wecomdev too ({tool:profiles/trusted-domains})"}
		}
		allowed := strings.Join(s.AllowedHosts(r.Context()), ", ")
		s.failText(w, e, http.StatusForbidden, CodeHostNotAllowed, wecom.Text{
			ZhCN: fmt.Sprintf("%s 不是允许的主机；本服务器只为 %s 签名。%s", st.host, allowed, fix.ZhCN),
			EnUS: fmt.Sprintf("%s is not an allowed host; this server signs only for %s. %s", st.host, allowed, fix.EnUS)})
		return "", false
	}
	return raw, true
}

// badPageURL fails the request for the URL problems ValidatePageURL names; it leaves the
// others (URLEmpty, only whitespace) to urlSite, which names the missing scheme.
func (s *Server) badPageURL(w http.ResponseWriter, e *Entry, raw string, err error) {
	var bad *jssdk.URLError
	if !errors.As(err, &bad) {
		return
	}
	switch bad.Problem {
	case jssdk.URLTooLong:
		e.URL = truncateUTF8(raw, 200) + "…"
		s.failText(w, e, http.StatusBadRequest, CodeURLInvalid, wecom.Text{
			ZhCN: fmt.Sprintf("url 有 %d 字节，超过本服务器签名的上限 %d；这么长的页面 URL 是弄错了（一个编码后的 URL 套在另一个里？）", len(raw), jssdk.MaxURLBytes),
			EnUS: fmt.Sprintf("the url is %d bytes, longer than the %d this server signs; a page URL that long is a mistake (an encoded URL inside another?)", len(raw), jssdk.MaxURLBytes)})
	case jssdk.URLNotUTF8:
		e.URL = strings.ToValidUTF8(raw, "\uFFFD")
		s.failText(w, e, http.StatusBadRequest, CodeURLInvalid, wecom.Text{ZhCN: "url 不是合法的 UTF-8；请把 location.href 经 encodeURIComponent 传入", EnUS: "the url is not valid UTF-8; pass location.href through encodeURIComponent"})
	case jssdk.URLControl:
		e.URL = strings.NewReplacer("\r", `\r`, "\n", `\n`, "\x00", `\0`).Replace(raw)
		s.failText(w, e, http.StatusBadRequest, CodeURLInvalid, wecom.Text{ZhCN: "url 含换行或 NUL；请传 location.href，不要带上它周围的文字", EnUS: "the url contains a line break or NUL; pass location.href, not text around it"})
	} // URLEmpty, only whitespace: urlSite below names the missing scheme
}

// sign answers with a signature per kind: one kind → {timestamp, nonceStr, signature};
// both → the config endpoint's body.
func (s *Server) sign(kinds ...jssdk.Kind) func(http.ResponseWriter, *http.Request, *Entry) {
	return func(w http.ResponseWriter, r *http.Request, e *Entry) {
		raw, ok := s.pageURL(w, r, e)
		if !ok {
			return
		}
		signed := jssdk.CutHash(raw)
		e.Timestamp = s.timestamp(e.Time) // the request's time: one clock reading less
		e.NonceStr = jssdk.NewNonce()
		var sigs [2]string
		var ticketsUsed [2]string
		for i, k := range kinds {
			ticket, err := s.b.Ticket(r.Context(), k)
			if err != nil {
				s.ticketError(w, e, k, err)
				return
			}
			ticketsUsed[i] = ticket
			sigs[i] = jssdk.Signature(ticket, e.NonceStr, e.Timestamp, signed)
			e.Signatures = append(e.Signatures, Signed{Kind: k, TicketMasked: s.mask(k, ticket), Signature: sigs[i]})
		}
		e.URL = scrub(e.URL, ticketsUsed[:len(kinds)]) // a ticket fetched just now is not in sensitive() yet
		e.Status = http.StatusOK
		if len(kinds) == 1 {
			body := make([]byte, 0, 128)
			body = appendSignature(body, e.Timestamp, e.NonceStr, sigs[0])
			writeBody(w, http.StatusOK, append(body, '\n'))
			return
		}
		body := make([]byte, 0, 320)
		body = append(body, `{"corpId":`...)
		body = strconv.AppendQuote(body, s.b.CorpID())
		body = append(body, `,"agentId":`...)
		body = strconv.AppendInt(body, s.b.AgentID(), 10)
		body = append(body, `,"config":`...)
		body = appendSignature(body, e.Timestamp, e.NonceStr, sigs[0])
		body = append(body, `,"agentConfig":`...)
		body = appendSignature(body, e.Timestamp, e.NonceStr, sigs[1])
		writeBody(w, http.StatusOK, append(body, "}\n"...))
	}
}

// queryValues appends to out the values of one query parameter, decoded as url.ParseQuery does
// ("+" is a space), without building the whole map: the signing endpoints read only url.
// A pair that cannot be decoded is an error, as in url.ParseQuery.
func queryValues(out []string, rawQuery, name string) ([]string, error) {
	for rawQuery != "" {
		var pair string
		pair, rawQuery, _ = strings.Cut(rawQuery, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if strings.ContainsAny(k, "%+") {
			var err error
			if k, err = url.QueryUnescape(k); err != nil {
				return nil, err
			}
		}
		if k != name {
			continue
		}
		v, err := url.QueryUnescape(v)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// appendSignature appends {"timestamp":…,"nonceStr":…,"signature":…}. The three are
// digits, letters and hex: nothing to escape.
func appendSignature(b []byte, ts, nonce, sig string) []byte {
	b = append(b, `{"timestamp":"`...)
	b = append(b, ts...)
	b = append(b, `","nonceStr":"`...)
	b = append(b, nonce...)
	b = append(b, `","signature":"`...)
	b = append(b, sig...)
	return append(b, `"}`...)
}

// ticketError answers a ticket the console could not get. The page learns the code; the
// console's request log keeps the whole reason.
func (s *Server) ticketError(w http.ResponseWriter, e *Entry, k jssdk.Kind, err error) {
	code := tickets.Code(err)
	e.Error = redact.URL(err.Error())
	name := "corp ticket"
	if k == jssdk.KindAgent {
		name = "app ticket"
	}
	if d := wecom.RetryAfter(err); d > 0 || code == "RATE_LIMITED" {
		if d <= 0 {
			d = time.Minute
		}
		w.Header().Set("Retry-After", strconv.Itoa(int((d+time.Second-1)/time.Second)))
	}
	s.failText(w, e, http.StatusServiceUnavailable, CodeUnavailable, wecom.Text{
		ZhCN: fmt.Sprintf("控制台没能取得 %s（%s）；原因和解决办法见 wecomdev 的{tool:devserver}请求日志", name, code),
		EnUS: fmt.Sprintf("the console could not get the %s (%s); the request log in wecomdev has the cause and the fix", name, code)})
	e.Code = code
}

// maxUserID bounds the userId parameter (WeCom userids are at most 64 bytes).
const maxUserID = 64

// lookupCustomers is GET /api/customers?userId=U[&mobile=M].
func (s *Server) lookupCustomers(w http.ResponseWriter, r *http.Request, e *Entry) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		s.failText(w, e, http.StatusBadRequest, CodeQueryInvalid, textBadQuery("请用 encodeURIComponent 生成", "build it with encodeURIComponent"))
		return
	}
	user, mobile := q.Get("userId"), q.Get("mobile")
	e.URL = "userId=" + truncateUTF8(strings.ToValidUTF8(user, "\uFFFD"), 80)
	if mobile != "" {
		e.URL += "&mobile=" + maskMobile(mobile)
	}
	if user == "" {
		s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: "缺少 userId 参数：请给成员的 userid（ww.getContext / OAuth 得到的 userid），如 ?userId=zhangsan", EnUS: "the userId parameter is missing: give the member's userid (ww.getContext / the OAuth userid), like ?userId=zhangsan"})
		return
	}
	if ok, retry := s.limiter.allow(e.Client); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int((retry+time.Second-1)/time.Second)))
		s.failText(w, e, http.StatusTooManyRequests, CodeRateLimited, wecom.Text{
			ZhCN: fmt.Sprintf("来自 %s 的客户查询太多：每分钟最多 %d 次，因为每次都调用企业微信；请 %s 后再试", e.Client, s.opts.CustomersLimit, retry.Round(time.Second)),
			EnUS: fmt.Sprintf("too many customer lookups from %s: at most %d a minute, because each one calls WeCom; try again in %s", e.Client, s.opts.CustomersLimit, retry.Round(time.Second))})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), wecomTimeout)
	defer cancel()
	ids, cached, err := s.customers.get(ctx, user+"\x00"+mobile, func(ctx context.Context) ([]string, error) {
		return s.b.Customers(ctx, user, mobile)
	})
	e.Cached = cached
	if err != nil {
		e.Error = redact.URL(err.Error())
		var apiErr *wecom.APIError
		switch {
		case errors.Is(err, customers.ErrInvalid):
			s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: "查询参数有误：" + err.Error(), EnUS: err.Error()})
		case errors.As(err, &apiErr):
			s.failText(w, e, http.StatusBadGateway, CodeWeCom, wecom.Text{
				ZhCN: fmt.Sprintf("企业微信拒绝了客户查询（WECOM_%d）；原因和解决办法见 wecomdev 的{tool:devserver}请求日志", apiErr.Code),
				EnUS: fmt.Sprintf("WeCom refused the customers lookup (WECOM_%d); the request log in wecomdev has the cause and the fix", apiErr.Code)})
			e.Code = "WECOM_" + strconv.Itoa(apiErr.Code)
		default:
			code := tickets.Code(err)
			s.failText(w, e, http.StatusServiceUnavailable, CodeUnavailable, wecom.Text{
				ZhCN: fmt.Sprintf("控制台没能查询客户（%s）；原因见 wecomdev 的{tool:devserver}请求日志", code),
				EnUS: fmt.Sprintf("the console could not look up the customers (%s); the request log in wecomdev has the cause", code)})
			e.Code = code
		}
		return
	}
	e.Customers = len(ids)
	e.Allowed = true
	e.Status = http.StatusOK
	body, _ := json.Marshal(struct {
		IDs []string `json:"externalUserIds"`
	}{ids})
	writeBody(w, http.StatusOK, append(body, '\n'))
}

// static serves the root: the verification files, a short index, 404 for the rest.
func (s *Server) static(w http.ResponseWriter, r *http.Request, e *Entry) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.failText(w, e, http.StatusMethodNotAllowed, CodeMethod, textMethod(r.Method, "GET"))
		return
	}
	name := strings.TrimPrefix(r.URL.Path, "/")
	if content, ok := s.VerifyFiles()[name]; ok {
		e.Endpoint = EndpointVerify
		e.Status = http.StatusOK
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(content)))
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			w.Write([]byte(content))
		}
		return
	}
	if r.URL.Path == "/" {
		e.Endpoint = EndpointIndex
		e.Status = http.StatusOK
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		fmt.Fprintf(w, "wecomdev dev server for profile %s\n\n", s.b.Profile())
		for _, p := range []string{PathConfigSignature + "?url=URL", PathAgentSignature + "?url=URL", PathConfig + "?url=URL", PathCustomers + "?userId=U[&mobile=M]", PathOAuthUserInfo + "?code=CODE"} {
			fmt.Fprintf(w, "GET %s\n", p)
		}
		return
	}
	s.failText(w, e, http.StatusNotFound, CodeNotFound, textNotFound(r.URL.Path, "接口在 /api/jssdk/ 和 /api/customers 之下", "the endpoints are under /api/jssdk/ and /api/customers"))
}

// fail answers {"code": …, "message": …} and records both in the entry.
func (s *Server) fail(w http.ResponseWriter, e *Entry, status int, code, msg string) {
	msg = scrub(msg, s.sensitive(context.Background()))
	e.Status, e.Code, e.Message = status, code, msg
	body, _ := json.Marshal(struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}{code, msg})
	writeBody(w, status, append(body, '\n'))
}

func writeBody(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = contentTypeJSON
	// net/http sets the Content-Length itself, without a header value to allocate, for a
	// body under its 2 KiB chunking buffer written whole before the handler returns
	if len(body) > smallBody {
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
	}
	w.WriteHeader(status)
	w.Write(body)
}

// smallBody is what net/http buffers before it chunks a response (bufferBeforeChunkingSize).
const smallBody = 2048

// quoteShort quotes s for a message, cut to 120 characters.
func quoteShort(s string) string {
	if utf8.RuneCountInString(s) > 120 {
		s = string([]rune(s)[:120]) + "…"
	}
	return strconv.Quote(s)
}

// truncateUTF8 cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncateUTF8(s string, n int) string { return devutil.TruncateUTF8(s, n) }

// maskMobile keeps a mobile number recognisable without keeping it: 138****0001.
func maskMobile(m string) string {
	r := []rune(strings.ToValidUTF8(m, "\uFFFD"))
	if len(r) > 32 {
		r = r[:32]
	}
	if len(r) < 7 {
		return "****"
	}
	return string(r[:3]) + "****" + string(r[len(r)-4:])
}

func maskTicket(t string) string { return redact.Mask(t) }
