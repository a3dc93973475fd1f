// Package proxy is the dev server's proxy mode.
//
// Proxy mode: with an upstream (the developer's own dev server, Vite or webpack), every path
// that is not the console's own is reverse-proxied to it, HTTP and WebSocket alike, so the
// page and its hot reload come through the same origin (the tunnel's, the LAN's, loopback)
// as the signing endpoints. HTML pages that a browser navigates to get the console's
// scripts in their <head>; everything else passes through byte for byte, streaming.
//
// The dev server decides which paths are its own and records what Proxy reports of each
// request (Options.Log); this package needs nothing else from it.
package proxy

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httputil"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"wecomdev/internal/devserver/internal/devutil"
	"wecomdev/internal/redact"
)

// MaxInjectHTML bounds the page the proxy holds in memory to inject the scripts; a larger
// one passes through without them (the request log says so).
const MaxInjectHTML = 10 << 20

// upstreamDialTimeout bounds connecting to the dev server: it is local, so a dial that
// takes longer means it is not there.
const upstreamDialTimeout = 5 * time.Second

// ErrUpstream: the upstream is not a dev server URL. The error is an *UpstreamError.
var ErrUpstream = errors.New("invalid upstream")

// UpstreamError says what is wrong with an upstream and how to write it.
type UpstreamError struct {
	Value string // as given
	Fix   string // what to give instead, like "give the dev server's URL, like http://localhost:5173"
}

func (e *UpstreamError) Error() string {
	return fmt.Sprintf("%v %s: %s", ErrUpstream, strconv.Quote(e.Value), e.Fix)
}

func (e *UpstreamError) Unwrap() error { return ErrUpstream }

// ParseUpstream checks a dev server URL: absolute http or https, with a host, without
// user info, query or fragment. A path is allowed and kept for display (Vite prints
// http://localhost:5173/app/ when its base is /app/), but requests keep their own path:
// the proxy forwards /app/x as /app/x, not /app/app/x.
func ParseUpstream(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	bad := func(format string, args ...any) error {
		return &UpstreamError{Value: devutil.TruncateUTF8(raw, 200), Fix: fmt.Sprintf(format, args...)}
	}
	const like = "give the dev server's URL, like http://localhost:5173"
	if s == "" {
		return nil, bad(like)
	}
	if !strings.Contains(s, "://") {
		if strings.ContainsAny(s, " \t/?#") {
			return nil, bad(like)
		}
		if _, err := strconv.Atoi(s); err == nil {
			return nil, bad("give the dev server's URL, like http://localhost:%s", s)
		}
		return nil, bad("give the dev server's URL, like http://%s", s)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, bad("it is not a URL; %s", like)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	switch u.Scheme {
	case "http", "https":
	case "ws", "wss":
		return nil, bad("give the dev server's http:// or https:// URL; its WebSocket (hot reload) is proxied too")
	default:
		return nil, bad("the dev server's URL starts with http:// or https://, like http://localhost:5173")
	}
	switch {
	case u.Hostname() == "":
		return nil, bad("the URL has no host; %s", like)
	case u.User != nil:
		return nil, bad("drop the user:password@; the proxy forwards the browser's own credentials")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(s, "#"):
		return nil, bad("drop the ?query and #fragment: give the dev server's address, then open the page with them through wecomdev")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, bad("the port %s is not 1–65535; %s", p, like)
		}
	}
	u.Host = strings.ToLower(u.Host)
	return u, nil
}

// upstream is the dev server the proxy forwards to.
type upstream struct {
	url    *url.URL // as configured
	target *url.URL // its scheme and host only
	origin string   // target as an Origin header value
	rp     *httputil.ReverseProxy
	tr     *http.Transport

	mu     sync.Mutex
	conns  map[net.Conn]struct{} // hijacked: the WebSockets carried now
	closed bool                  // replaced: new WebSockets are closed at once
}

// Record is what the proxy tells the request log about one proxied request.
type Record struct {
	Time     time.Time // when the request came in (Options.Now)
	Start    time.Time // the same instant on the monotonic clock, for the duration
	Status   int
	Message  string // what happened, for the developer (a page passed without the scripts, the dev server down)
	Decision string // "injected …" when the scripts went in
	Error    string // what failed, credentials redacted
}

// Options configure a Proxy. Log is required.
type Options struct {
	// Log records a proxied request, once: when its answer ends, or when a WebSocket is
	// established.
	Log func(r *http.Request, rec *Record)
	// Trusted says whether a client address is a proxy in front of this server (a tunnel's
	// end on loopback): its X-Forwarded-Host and -Proto are kept.
	Trusted func(netip.Addr) bool
	// Now is the clock of Record.Time (time.Now by default).
	Now func() time.Time
	// IdleTimeout closes idle connections to the dev server.
	IdleTimeout time.Duration
}

// Proxy forwards requests to the developer's dev server and injects the scripts.
type Proxy struct {
	opts    Options
	up      atomic.Pointer[upstream] // nil: no proxy
	scripts atomic.Pointer[[]string] // what the proxy injects into pages
	hop     string                   // this server in Via headers, to refuse a proxy loop
	// maxInject is MaxInjectHTML (tests lower it).
	maxInject int64
}

// New makes a proxy without an upstream (it proxies nothing until SetUpstream).
func New(opts Options) *Proxy {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Trusted == nil {
		opts.Trusted = func(netip.Addr) bool { return false }
	}
	p := &Proxy{opts: opts, hop: newHop(), maxInject: MaxInjectHTML}
	p.SetInject(nil)
	return p
}

// SetUpstream proxies to the dev server at raw (see ParseUpstream); "" stops proxying.
// Changing it closes the WebSockets carried to the previous one (their pages reconnect).
func (s *Proxy) SetUpstream(raw string) error {
	var next *upstream
	if strings.TrimSpace(raw) != "" {
		u, err := ParseUpstream(raw)
		if err != nil {
			return err
		}
		if cur := s.up.Load(); cur != nil && cur.url.String() == u.String() {
			return nil
		}
		next = s.newUpstream(u)
	}
	if old := s.up.Swap(next); old != nil {
		old.retire()
	}
	return nil
}

// Upstream is the dev server proxied to ("" when none).
func (s *Proxy) Upstream() string {
	if up := s.up.Load(); up != nil {
		return up.url.String()
	}
	return ""
}

// Active says whether there is an upstream to proxy to.
func (s *Proxy) Active() bool { return s.up.Load() != nil }

// SetInject replaces the script URLs put into proxied pages (nil: none).
func (s *Proxy) SetInject(urls []string) {
	v := append([]string(nil), urls...)
	s.scripts.Store(&v)
}

// Inject are the script URLs put into proxied pages.
func (s *Proxy) Inject() []string {
	return append([]string(nil), *s.scripts.Load()...)
}

// CloseConns closes the WebSockets carried now and the idle connections to the dev
// server (http.Server.Shutdown neither waits for nor closes hijacked connections).
func (s *Proxy) CloseConns() {
	if up := s.up.Load(); up != nil {
		up.closeConns()
		up.tr.CloseIdleConnections()
	}
}

func (s *Proxy) newUpstream(u *url.URL) *upstream {
	target := &url.URL{Scheme: u.Scheme, Host: u.Host}
	tr := &http.Transport{
		Proxy:                 nil, // the dev server is local: never through HTTP_PROXY
		DialContext:           (&net.Dialer{Timeout: upstreamDialTimeout, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   32, // a Vite page loads hundreds of modules at once
		IdleConnTimeout:       s.opts.IdleTimeout,
		TLSHandshakeTimeout:   upstreamDialTimeout,
		ExpectContinueTimeout: time.Second,
		// Forward the client's Accept-Encoding as it is, and the answer as it comes:
		// Go's transparent gzip would re-encode what passes through.
		DisableCompression: true,
	}
	if target.Scheme == "https" && devutil.IsLoopback(strings.ToLower(u.Hostname())) {
		// A dev server on this machine serves https with a self-signed certificate
		// (Vite's basic-ssl, mkcert): verifying it on loopback protects nothing.
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // loopback only
	}
	up := &upstream{url: u, target: target, origin: target.String(), tr: tr, conns: map[net.Conn]struct{}{}}
	up.rp = &httputil.ReverseProxy{
		Rewrite:        func(pr *httputil.ProxyRequest) { s.rewrite(up, pr) },
		Transport:      tr,
		BufferPool:     proxyBuffers,
		ErrorLog:       devutil.DiscardLogger(),
		ModifyResponse: modifyResponse,
		ErrorHandler:   s.proxyError,
	}
	return up
}

// track remembers a hijacked connection; false when the upstream was replaced meanwhile.
func (up *upstream) track(c net.Conn) bool {
	up.mu.Lock()
	defer up.mu.Unlock()
	if up.closed {
		return false
	}
	up.conns[c] = struct{}{}
	return true
}

func (up *upstream) untrack(c net.Conn) {
	up.mu.Lock()
	defer up.mu.Unlock()
	delete(up.conns, c)
}

// closeConns closes the WebSockets carried now.
func (up *upstream) closeConns() {
	up.mu.Lock()
	conns := up.conns
	up.conns = map[net.Conn]struct{}{}
	up.mu.Unlock()
	for c := range conns {
		c.Close()
	}
}

// retire closes everything of an upstream that was replaced.
func (up *upstream) retire() {
	up.mu.Lock()
	up.closed = true
	up.mu.Unlock()
	up.closeConns()
	up.tr.CloseIdleConnections()
}

// proxied is the state of one proxied request, shared by the ReverseProxy hooks through
// the request's context.
type proxied struct {
	s       *Proxy
	up      *upstream
	r       *http.Request
	e       *Record
	scripts []string // a page navigation: the scripts to inject, if its answer is HTML
	conn    net.Conn // hijacked (a WebSocket)
	logged  bool
}

type proxiedKey struct{}

func proxiedFrom(ctx context.Context) *proxied {
	p, _ := ctx.Value(proxiedKey{}).(*proxied)
	return p
}

// log records the request once (a WebSocket is logged when it is established).
func (p *proxied) log(status int) {
	if p.logged {
		return
	}
	p.logged = true
	if p.e.Status == 0 {
		p.e.Status = status
	}
	p.s.opts.Log(p.r, p.e)
}

// Serve forwards one request, which came in at start, to the upstream, and says false
// without an upstream (then it has done nothing).
func (s *Proxy) Serve(w http.ResponseWriter, r *http.Request, start time.Time) bool {
	up := s.up.Load()
	if up == nil {
		return false
	}
	s.serve(w, r, up, start)
	return true
}

func (s *Proxy) serve(w http.ResponseWriter, r *http.Request, up *upstream, start time.Time) {
	e := Record{Time: s.opts.Now(), Start: start}
	p := &proxied{s: s, up: up, r: r, e: &e}
	pw := &proxyWriter{ResponseWriter: w, p: p}
	defer func() {
		if p.conn != nil {
			up.untrack(p.conn)
		}
		if v := recover(); v != nil { // http.ErrAbortHandler: the body was cut off mid-way
			if e.Error == "" {
				e.Error = "the answer was cut off: the dev server or the client closed the connection"
			}
			p.log(pw.status)
			panic(v)
		}
		p.log(pw.status)
	}()
	if r.Method == http.MethodConnect {
		e.Message = "CONNECT is not proxied"
		proxyText(pw, http.StatusMethodNotAllowed, "wecomdev: CONNECT is not proxied to the dev server.")
		return
	}
	for _, v := range r.Header.Values("Via") {
		if strings.Contains(v, s.hop) {
			e.Message = fmt.Sprintf("the upstream %s is this dev server itself", up.url)
			proxyText(pw, http.StatusLoopDetected, fmt.Sprintf(
				"wecomdev: the upstream %s is this server itself; give your own dev server's URL, like http://localhost:5173 (--upstream).", up.url))
			return
		}
	}
	// The dev server's read and write timeouts bound the console's own answers, and are
	// set by the dev server's handler after the proxy has had its turn (deadlines in
	// devserver/handlers.go): what is proxied may rightly last, as hot reload over a
	// WebSocket or server-sent events, or a large file over a slow tunnel. The headers stay
	// bounded by ReadHeaderTimeout, idle connections by IdleTimeout.
	if scripts := *s.scripts.Load(); len(scripts) > 0 && isNavigation(r) {
		p.scripts = scripts
	}
	up.rp.ServeHTTP(pw, r.WithContext(context.WithValue(r.Context(), proxiedKey{}, p)))
}

// isNavigation: a GET for a page to show (not a fetch of a fragment, which must not get
// the scripts): Sec-Fetch-Dest says so, or, from a browser that does not send it, Accept
// asks for HTML.
func isNavigation(r *http.Request) bool {
	if r.Method != http.MethodGet {
		return false
	}
	switch strings.ToLower(r.Header.Get("Sec-Fetch-Dest")) {
	case "document", "iframe", "frame":
		return true
	case "":
		// jQuery's $.load asks for text/html too, and says it is an XMLHttpRequest.
		return strings.Contains(strings.ToLower(r.Header.Get("Accept")), "text/html") &&
			!strings.EqualFold(r.Header.Get("X-Requested-With"), "XMLHttpRequest")
	}
	return false
}

// rewrite shapes the request the dev server gets. Host becomes the dev server's own (as
// `changeOrigin` does in Vite's and webpack's proxies): Vite and webpack-dev-server refuse
// unknown Host headers, and the tunnel's host is unknown to them. The host the browser
// used travels in X-Forwarded-Host, its scheme in X-Forwarded-Proto (a trusted proxy's
// values kept: behind a tunnel they say https and the public host).
func (s *Proxy) rewrite(up *upstream, pr *httputil.ProxyRequest) {
	in, out := pr.In, pr.Out
	pr.SetURL(up.target)
	trusted := false
	if ap, err := netip.ParseAddrPort(in.RemoteAddr); err == nil {
		trusted = s.opts.Trusted(ap.Addr().Unmap())
	}
	if xff := in.Header["X-Forwarded-For"]; trusted && len(xff) > 0 {
		out.Header["X-Forwarded-For"] = xff
	}
	pr.SetXForwarded()
	if trusted {
		if v := in.Header.Get("X-Forwarded-Host"); v != "" {
			out.Header.Set("X-Forwarded-Host", v)
		}
		if v := strings.ToLower(in.Header.Get("X-Forwarded-Proto")); v == "http" || v == "https" {
			out.Header.Set("X-Forwarded-Proto", v)
		}
	}
	// A same-origin request (the page and this server share the origin) stays same-origin
	// for the dev server: webpack-dev-server refuses a hot-reload socket whose Origin is not
	// a host it knows. Cross-origin Origins pass unchanged.
	if o := in.Header.Get("Origin"); o != "" {
		if _, rest, ok := strings.Cut(o, "://"); ok && strings.EqualFold(rest, in.Host) {
			out.Header.Set("Origin", up.origin)
		}
	}
	out.Header.Add("Via", "1.1 "+s.hop)
	if p := proxiedFrom(in.Context()); p != nil && p.scripts != nil {
		// The page must come back in a form the proxy can read: without br or zstd, which
		// the standard library cannot decode (gzip and deflate it can), and in full rather
		// than as 304 Not Modified to a copy cached without the scripts or with others.
		if ae := out.Header.Get("Accept-Encoding"); ae != "" {
			out.Header.Set("Accept-Encoding", decodableEncodings(ae))
		}
		out.Header.Del("If-None-Match")
		out.Header.Del("If-Modified-Since")
	}
}

// decodableEncodings keeps the codings of an Accept-Encoding the proxy can decode.
func decodableEncodings(ae string) string {
	var keep []string
	for part := range strings.SplitSeq(ae, ",") {
		part = strings.TrimSpace(part)
		coding, _, _ := strings.Cut(part, ";")
		switch strings.ToLower(strings.TrimSpace(coding)) {
		case "gzip", "x-gzip", "deflate", "identity":
			keep = append(keep, part)
		}
	}
	if len(keep) == 0 {
		return "identity"
	}
	return strings.Join(keep, ", ")
}

// modifyResponse injects the scripts into a page: a navigation answered 200 (or 203) with
// text/html. Error pages and redirects pass unchanged, as they are not the app (and the
// developer reading one wants it exactly as the dev server sent it).
func modifyResponse(res *http.Response) error {
	p := proxiedFrom(res.Request.Context())
	if p == nil || p.scripts == nil || (res.StatusCode != http.StatusOK && res.StatusCode != http.StatusNonAuthoritativeInfo) {
		return nil
	}
	if mt, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type")); mt != "text/html" {
		return nil
	}
	return p.inject(res)
}

// inject puts the scripts into the page, or leaves it untouched (and says why in the log)
// when it cannot read it. An error is a failure to read the page from the dev server.
func (p *proxied) inject(res *http.Response) error {
	var codings []string
	for _, v := range res.Header.Values("Content-Encoding") {
		for c := range strings.SplitSeq(v, ",") {
			if c = strings.ToLower(strings.TrimSpace(c)); c != "" && c != "identity" {
				codings = append(codings, c)
			}
		}
	}
	coding := ""
	switch len(codings) {
	case 0:
	case 1:
		coding = codings[0]
	default:
		p.e.Message = "page passed without the console's scripts: it is encoded more than once (" + strings.Join(codings, ", ") + ")"
		return nil
	}
	switch coding {
	case "", "gzip", "x-gzip", "deflate":
	default:
		p.e.Message = fmt.Sprintf("page passed without the console's scripts: it is compressed with %s, which wecomdev cannot decode", devutil.TruncateUTF8(coding, 40))
		return nil
	}
	src := &srcReader{r: res.Body}
	var raw bytes.Buffer // what was read of a compressed body, to pass it on unchanged
	var in io.Reader = src
	if coding != "" {
		in = io.TeeReader(src, &raw)
	}
	limit := p.s.maxInject
	body, derr := decodeContent(in, coding, limit+1)
	if src.err != nil && !errors.Is(src.err, io.EOF) {
		return fmt.Errorf("read the page from the dev server: %w", src.err)
	}
	if derr != nil || int64(len(body)) > limit {
		read := body
		if coding != "" {
			read = raw.Bytes()
		}
		res.Body = proxyBody{io.MultiReader(bytes.NewReader(read), res.Body), res.Body}
		if derr != nil {
			p.e.Message = fmt.Sprintf("page passed without the console's scripts: its %s body does not decode (%v)", coding, derr)
		} else {
			p.e.Message = fmt.Sprintf("page passed without the console's scripts: it is larger than the %s the proxy reads to inject them", sizeText(limit))
		}
		return nil
	}
	res.Body.Close()
	nonce := adjustCSP(res.Header)
	out := injectScripts(body, scriptTags(p.scripts, nonce))
	res.Body = io.NopCloser(bytes.NewReader(out))
	res.ContentLength = int64(len(out))
	h := res.Header
	h.Set("Content-Length", strconv.Itoa(len(out)))
	// The body changed: its encoding, validators and digests describe the old one.
	for _, k := range []string{"Content-Encoding", "Etag", "Last-Modified", "Content-Md5", "Digest", "Content-Digest", "Repr-Digest"} {
		h.Del(k)
	}
	p.e.Decision = "injected " + strings.Join(p.scripts, ", ")
	return nil
}

// sizeText is n bytes for a message: 10 MB, 64 kB, 100 bytes.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d kB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// decodeContent reads at most limit bytes of the decoded body.
func decodeContent(r io.Reader, coding string, limit int64) ([]byte, error) {
	switch coding {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		r = zr
	case "deflate":
		// HTTP's deflate is zlib-wrapped; some servers send raw deflate: tell by the header.
		br := bufio.NewReader(r)
		if h, err := br.Peek(2); err == nil && h[0]&0x0f == 8 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0 {
			zr, err := zlib.NewReader(br)
			if err != nil {
				return nil, err
			}
			r = zr
		} else {
			r = flate.NewReader(br)
		}
	}
	return io.ReadAll(io.LimitReader(r, limit))
}

// srcReader remembers the error of the reader it wraps (to tell a dev server that failed
// from a body that does not decode).
type srcReader struct {
	r   io.Reader
	err error
}

func (e *srcReader) Read(b []byte) (int, error) {
	n, err := e.r.Read(b)
	if err != nil {
		e.err = err
	}
	return n, err
}

type proxyBody struct {
	io.Reader
	io.Closer
}

// scriptTags are the <script src> elements to inject, with the page's nonce when its
// Content-Security-Policy asks for one.
func scriptTags(urls []string, nonce string) []byte {
	var b bytes.Buffer
	for _, u := range urls {
		b.WriteString(`<script src="`)
		b.WriteString(html.EscapeString(u))
		b.WriteByte('"')
		if nonce != "" {
			b.WriteString(` nonce="`)
			b.WriteString(html.EscapeString(nonce))
			b.WriteByte('"')
		}
		b.WriteString("></script>")
	}
	return b.Bytes()
}

// injectScripts returns the page with tags inserted at injectAt.
func injectScripts(page, tags []byte) []byte {
	at := injectAt(page)
	out := make([]byte, 0, len(page)+len(tags))
	out = append(out, page[:at]...)
	out = append(out, tags...)
	return append(out, page[at:]...)
}

// injectAt is where the scripts go: right after <head …> (any case); without a head tag,
// right after <html …>; without either, after the doctype and the comments before the
// content (before a doctype the page would fall into quirks mode). Only the start of the
// page is read, so a "<head>" inside a script further down is never taken for the head.
func injectAt(b []byte) int {
	i := 0
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		i = 3
	}
	pos, seenHTML := i, false
	for {
		for i < len(b) && isHTMLSpace(b[i]) {
			i++
		}
		rest := b[i:]
		switch {
		case hasPrefixFold(rest, "<!--"):
			end := bytes.Index(rest[4:], []byte("-->"))
			if end < 0 {
				return pos
			}
			i += 4 + end + 3
		case hasPrefixFold(rest, "<!"), hasPrefixFold(rest, "<?"): // doctype, XML declaration
			end := tagEnd(b, i)
			if end < 0 {
				return pos
			}
			i = end
		case !seenHTML && isStartTag(rest, "html"):
			end := tagEnd(b, i)
			if end < 0 {
				return pos
			}
			i, seenHTML = end, true
		case isStartTag(rest, "head"):
			if end := tagEnd(b, i); end >= 0 {
				return end
			}
			return pos
		default:
			return pos
		}
		pos = i
	}
}

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// isStartTag: b starts with the start tag of name (<head>, <HEAD lang=x>, not <header>).
func isStartTag(b []byte, name string) bool {
	if len(b) < len(name)+2 || b[0] != '<' || !strings.EqualFold(string(b[1:1+len(name)]), name) {
		return false
	}
	c := b[1+len(name)]
	return isHTMLSpace(c) || c == '>' || c == '/'
}

// tagEnd is the index just past the '>' closing the tag that starts at i, skipping
// quoted attribute values (in a declaration such as a doctype, every quoted string);
// -1 when it does not close.
func tagEnd(b []byte, i int) int {
	decl := i+1 < len(b) && (b[i+1] == '!' || b[i+1] == '?')
	var quote byte
	var last byte // the last byte outside quotes that is not a space
	for j := i + 1; j < len(b); j++ {
		c := b[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
				last = c
			}
		case c == '>':
			return j + 1
		case (c == '"' || c == '\'') && (last == '=' || decl):
			quote = c
		case !isHTMLSpace(c):
			last = c
		}
	}
	return -1
}

// proxyWriter records the status of a proxied answer, and the hijack of a WebSocket.
type proxyWriter struct {
	http.ResponseWriter
	p      *proxied
	status int
}

func (w *proxyWriter) WriteHeader(code int) {
	if w.p.conn != nil {
		return // hijacked: the ReverseProxy reports an upgrade that failed late; nobody listens
	}
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *proxyWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController (flushes, deadlines) reach the connection.
func (w *proxyWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Hijack hands the connection to the ReverseProxy for a protocol switch (WebSocket): the
// request is logged now, as 101, since it may last as long as the page.
func (w *proxyWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	w.p.conn = c
	if !w.p.up.track(c) {
		c.Close() // the upstream was replaced meanwhile
	}
	w.status = http.StatusSwitchingProtocols
	w.p.log(w.status)
	return c, brw, nil
}

// proxyError answers when the dev server could not: 502 with what to do.
func (s *Proxy) proxyError(w http.ResponseWriter, r *http.Request, err error) {
	p := proxiedFrom(r.Context())
	if p == nil {
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	e := p.e
	if r.Context().Err() != nil && errors.Is(err, context.Canceled) {
		e.Status = 499 // as nginx logs it: nobody is left to answer
		e.Error = "the client closed the connection before the dev server answered"
		return
	}
	e.Error = redact.URL(err.Error())
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		e.Message = fmt.Sprintf("the dev server at %s does not answer: start it (npm run dev) or change --upstream", p.up.url)
	} else {
		e.Message = fmt.Sprintf("the dev server at %s gave no valid answer: look at its console, or change --upstream", p.up.url)
	}
	proxyText(w, http.StatusBadGateway, "wecomdev: "+e.Message+"\n\n("+e.Error+")")
}

// proxyText is the proxy's own short answer, as plain text a browser shows.
func proxyText(w http.ResponseWriter, status int, msg string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(msg)+1))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	io.WriteString(w, msg+"\n")
}

// proxyBuffers are the ReverseProxy's copy buffers, reused across requests.
var proxyBuffers = &proxyBufferPool{}

type proxyBufferPool struct{ p sync.Pool }

func (b *proxyBufferPool) Get() []byte {
	if v, ok := b.p.Get().(*[]byte); ok {
		return *v
	}
	return make([]byte, 32<<10)
}

func (b *proxyBufferPool) Put(buf []byte) { b.p.Put(&buf) }

// newHop names this server in Via headers.
func newHop() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "wecomdev-" + hex.EncodeToString(b[:])
}

// newNonce is a CSP nonce for the injected scripts, when the page's policy needs one and
// has none.
func newNonce() string {
	var b [18]byte
	_, _ = rand.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}

// The page's Content-Security-Policy may forbid the injected scripts or the reporter's
// calls back to this server. The scripts are external and same-origin (this server serves
// the page and them), so 'self' allows them, except under 'strict-dynamic', which ignores
// 'self' and wants a nonce. adjustCSP changes a policy only where it would block them:
//
//   - the directive that governs <script src> (script-src-elem, else script-src, else
//     default-src): a nonce the policy already has is put on the tags; under
//     'strict-dynamic' without one, a new nonce is added (with hashes or nonces present,
//     'unsafe-inline' is already off, so this changes nothing else); otherwise 'self' is
//     added when neither 'self' nor * is there ('none' goes);
//   - connect-src (else default-src): 'self' is added when missing, for the reporter.
//
// When the governing directive is default-src, a script-src or connect-src copied from it
// is added instead of widening default-src for everything. Report-Only policies get the
// same changes (else they would report the scripts). Unchanged policies keep their text.
// A policy in a <meta> tag is not changed (the scripts come before it, so they load; the
// reporter's calls may be reported or refused by it).

var cspHeaders = []string{"Content-Security-Policy", "Content-Security-Policy-Report-Only"}

// adjustCSP edits the policies of h and returns the nonce to put on the script tags ("" for none).
func adjustCSP(h http.Header) string {
	if len(h["Content-Security-Policy"]) == 0 && len(h["Content-Security-Policy-Report-Only"]) == 0 {
		return ""
	}
	nonce := ""
	for _, k := range cspHeaders {
		for _, v := range h[k] {
			for pol := range strings.SplitSeq(v, ",") {
				if d := scriptDirective(parsePolicy(pol)); d != nil && nonce == "" {
					nonce = policyNonce(d.values)
				}
			}
		}
	}
	for _, k := range cspHeaders {
		vals := h[k]
		if len(vals) == 0 {
			continue
		}
		out := make([]string, len(vals))
		changed := false
		for i, v := range vals {
			pols := strings.Split(v, ",")
			for j, pol := range pols {
				dirs := parsePolicy(pol)
				if fixPolicy(&dirs, &nonce) {
					pols[j] = serializePolicy(dirs)
					changed = true
				}
			}
			out[i] = strings.Join(pols, ", ")
		}
		if changed {
			h[k] = out
		}
	}
	return nonce
}

type cspDirective struct {
	name   string // lower case
	values []string
}

// parsePolicy splits one policy into directives (names lower-cased, sources as written).
func parsePolicy(p string) []cspDirective {
	var out []cspDirective
	for d := range strings.SplitSeq(p, ";") {
		f := strings.Fields(d)
		if len(f) == 0 {
			continue
		}
		out = append(out, cspDirective{name: strings.ToLower(f[0]), values: f[1:]})
	}
	return out
}

func serializePolicy(dirs []cspDirective) string {
	parts := make([]string, len(dirs))
	for i, d := range dirs {
		parts[i] = strings.Join(append([]string{d.name}, d.values...), " ")
	}
	return strings.Join(parts, "; ")
}

// cspFind is the first directive named name (browsers ignore repeats), or -1.
func cspFind(dirs []cspDirective, name string) int {
	for i, d := range dirs {
		if d.name == name {
			return i
		}
	}
	return -1
}

// scriptDirective is the directive that governs <script src>, nil when none does.
func scriptDirective(dirs []cspDirective) *cspDirective {
	for _, n := range []string{"script-src-elem", "script-src", "default-src"} {
		if i := cspFind(dirs, n); i >= 0 {
			return &dirs[i]
		}
	}
	return nil
}

// policyNonce is the first 'nonce-…' of a source list.
func policyNonce(vals []string) string {
	for _, v := range vals {
		if len(v) > len("'nonce-'") && hasPrefixFold([]byte(v), "'nonce-") && strings.HasSuffix(v, "'") {
			return v[len("'nonce-") : len(v)-1]
		}
	}
	return ""
}

func hasSource(vals []string, src string) bool {
	for _, v := range vals {
		if strings.EqualFold(v, src) {
			return true
		}
	}
	return false
}

// coversSelf: the list allows same-origin URLs.
func coversSelf(vals []string) bool { return hasSource(vals, "'self'") || hasSource(vals, "*") }

// withSelf is vals with 'self' added and 'none' removed.
func withSelf(vals []string) []string {
	out := make([]string, 0, len(vals)+1)
	for _, v := range vals {
		if !strings.EqualFold(v, "'none'") {
			out = append(out, v)
		}
	}
	return append(out, "'self'")
}

// fixScripts returns the source list changed to allow the injected scripts, or nil when
// it already does.
func fixScripts(vals []string, nonce *string) []string {
	if *nonce != "" {
		for _, v := range vals {
			if v == "'nonce-"+*nonce+"'" {
				return nil
			}
		}
	}
	if hasSource(vals, "'strict-dynamic'") {
		if *nonce == "" {
			*nonce = newNonce()
		}
		return append(append([]string(nil), vals...), "'nonce-"+*nonce+"'")
	}
	if coversSelf(vals) {
		return nil
	}
	return withSelf(vals)
}

// fixPolicy changes one policy where it would block the scripts or the reporter's calls.
func fixPolicy(dirs *[]cspDirective, nonce *string) bool {
	changed := false
	def := cspFind(*dirs, "default-src")
	switch i := cspFind(*dirs, "script-src-elem"); {
	case i >= 0:
		if v := fixScripts((*dirs)[i].values, nonce); v != nil {
			(*dirs)[i].values, changed = v, true
		}
	case cspFind(*dirs, "script-src") >= 0:
		i := cspFind(*dirs, "script-src")
		if v := fixScripts((*dirs)[i].values, nonce); v != nil {
			(*dirs)[i].values, changed = v, true
		}
	case def >= 0:
		if v := fixScripts((*dirs)[def].values, nonce); v != nil {
			*dirs = append(*dirs, cspDirective{name: "script-src", values: v})
			changed = true
		}
	}
	switch i := cspFind(*dirs, "connect-src"); {
	case i >= 0:
		if !coversSelf((*dirs)[i].values) {
			(*dirs)[i].values, changed = withSelf((*dirs)[i].values), true
		}
	case def >= 0:
		if !coversSelf((*dirs)[def].values) {
			*dirs = append(*dirs, cspDirective{name: "connect-src", values: withSelf((*dirs)[def].values)})
			changed = true
		}
	}
	return changed
}
