package devserver

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"wecomdev/internal/jssdk"
)

// upstreamRig is a fake dev server: it answers with handle and remembers what it got.
type upstreamRig struct {
	*httptest.Server
	hits atomic.Int64
	mu   sync.Mutex
	last *http.Request // the last request (headers, Host, path)
}

func newUpstream(t *testing.T, handle http.HandlerFunc) *upstreamRig {
	t.Helper()
	u := &upstreamRig{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.hits.Add(1)
		u.mu.Lock()
		u.last = r.Clone(context.Background())
		u.mu.Unlock()
		handle(w, r)
	}))
	t.Cleanup(u.Close)
	return u
}

func (u *upstreamRig) lastRequest() *http.Request {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.last
}

// newProxyServer is a test server proxying to up and injecting the reporter.
func newProxyServer(t *testing.T, up *upstreamRig) *Server {
	t.Helper()
	s, _ := newTestServer(t, Options{Upstream: up.URL, Inject: []string{PathReporterJS}})
	return s
}

// page is a GET as a browser navigating to a page sends it.
func page(t *testing.T, s *Server, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return get(t, s, target, append([]string{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8", "Sec-Fetch-Dest", "document",
		"Accept-Encoding", "gzip, deflate, br, zstd"}, header...)...)
}

const reporterTag = `<script src="/__wecomdev/reporter.js"></script>`

func htmlHandler(status int, body string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Add(header[i], header[i+1])
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func gzipped(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

func TestABinaryBodyPassesThroughTheProxyByteForByte(t *testing.T) {
	blob := make([]byte, 1<<20)
	rand.Read(blob)
	copy(blob, "<html><head>") // looks like a page, is not one
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(blob)))
		w.Write(blob)
	})
	s := newProxyServer(t, up)
	w := page(t, s, "/assets/blob.bin?v=1")
	if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), blob) {
		t.Fatalf("status %d, %d bytes, equal %v", w.Code, w.Body.Len(), bytes.Equal(w.Body.Bytes(), blob))
	}
	if got := up.lastRequest().URL.RequestURI(); got != "/assets/blob.bin?v=1" {
		t.Errorf("the dev server got %s", got)
	}
	if w.Header().Get("Content-Length") != strconv.Itoa(len(blob)) {
		t.Errorf("Content-Length %q", w.Header().Get("Content-Length"))
	}
	for _, h := range []string{"X-Frame-Options", "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if v := w.Header().Get(h); v != "" {
			t.Errorf("the console's %s: %s is on a proxied answer", h, v)
		}
	}
	es := entries(t, s)
	if len(es) != 1 || es[0].Endpoint != EndpointProxy || es[0].Status != 200 || es[0].Path != "/assets/blob.bin" || es[0].Method != "GET" {
		t.Errorf("log %+v", es)
	}
}

func TestACompressedScriptKeepsItsEncodingAndTheClientsAcceptEncoding(t *testing.T) {
	js := []byte("\x1b\x0f\x00\xf8not really brotli, but opaque bytes")
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		w.Header().Set("Content-Encoding", "br")
		w.Header().Set("Etag", `"v1"`)
		w.Write(js)
	})
	s := newProxyServer(t, up)
	w := get(t, s, "/src/main.ts", "Accept", "*/*", "Sec-Fetch-Dest", "script", "Accept-Encoding", "gzip, deflate, br, zstd")
	if !bytes.Equal(w.Body.Bytes(), js) || w.Header().Get("Content-Encoding") != "br" || w.Header().Get("Etag") != `"v1"` {
		t.Errorf("body %q, headers %v", w.Body.Bytes(), w.Header())
	}
	if ae := up.lastRequest().Header.Get("Accept-Encoding"); ae != "gzip, deflate, br, zstd" {
		t.Errorf("the dev server got Accept-Encoding %q, want the client's own", ae)
	}
}

func TestAStreamedBodyReachesTheClientAsItIsWrittenEvenPastTheServerTimeouts(t *testing.T) {
	firstSeen := make(chan struct{})
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: one\n\n")
		http.NewResponseController(w).Flush()
		select {
		case <-firstSeen: // the client has the first event while this one still writes
		case <-time.After(5 * time.Second):
			return
		}
		time.Sleep(400 * time.Millisecond) // past the server's (shortened) timeouts
		io.WriteString(w, "data: two\n\n")
	})
	s, _ := newTestServer(t, Options{Addr: "127.0.0.1:0", Upstream: up.URL})
	s.readTimeout, s.writeTimeout = 150*time.Millisecond, 150*time.Millisecond
	addr, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	resp, err := http.Get("http://" + addr + "/__webpack_hmr")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	line, err := br.ReadString('\n')
	if err != nil || line != "data: one\n" {
		t.Fatalf("first line %q %v: the proxy held the stream back", line, err)
	}
	close(firstSeen)
	rest, err := io.ReadAll(br)
	if err != nil || string(rest) != "\ndata: two\n\n" {
		t.Errorf("rest %q %v: the stream was cut", rest, err)
	}
}

func TestAGzippedPageArrivesDecompressedWithTheScriptRightAfterHead(t *testing.T) {
	html := "<!DOCTYPE html>\n<html lang=\"zh\">\n  <HEAD data-x=\"a>b\">\n<title>app</title></HEAD><body><div id=app></div></body></html>\n"
	up := newUpstream(t, htmlHandler(200, gzipped(t, html), "Content-Encoding", "gzip", "Etag", `"abc"`, "Last-Modified", "Sat, 21 Nov 2026 09:00:00 GMT",
		"Vary", "Accept-Encoding"))
	s := newProxyServer(t, up)
	w := page(t, s, "/", "If-None-Match", `"abc"`)
	want := strings.Replace(html, "<HEAD data-x=\"a>b\">", "<HEAD data-x=\"a>b\">"+reporterTag, 1)
	if w.Code != 200 || w.Body.String() != want {
		t.Fatalf("status %d, body\n%s\nwant\n%s", w.Code, w.Body, want)
	}
	h := w.Header()
	if h.Get("Content-Length") != strconv.Itoa(len(want)) {
		t.Errorf("Content-Length %q for %d bytes", h.Get("Content-Length"), len(want))
	}
	for _, k := range []string{"Content-Encoding", "Etag", "Last-Modified"} {
		if h.Get(k) != "" {
			t.Errorf("stale %s: %s", k, h.Get(k))
		}
	}
	if h.Get("Vary") != "Accept-Encoding" || h.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("headers %v", h)
	}
	got := up.lastRequest()
	if ae := got.Header.Get("Accept-Encoding"); ae != "gzip, deflate" {
		t.Errorf("the dev server was offered %q; br and zstd cannot be decoded here", ae)
	}
	if got.Header.Get("If-None-Match") != "" {
		t.Error("a page navigation went out conditional: a 304 would serve a copy cached without the scripts")
	}
	if es := entries(t, s); len(es) != 1 || es[0].Decision != "injected "+PathReporterJS {
		t.Errorf("log %+v", es)
	}
}

func TestDeflatedPagesAreReadInBothForms(t *testing.T) {
	html := "<html><head></head><body>x</body></html>"
	var z, raw bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte(html))
	zw.Close()
	fw, _ := flate.NewWriter(&raw, flate.BestCompression)
	fw.Write([]byte(html))
	fw.Close()
	for name, body := range map[string]string{"zlib": z.String(), "raw deflate": raw.String()} {
		up := newUpstream(t, htmlHandler(200, body, "Content-Encoding", "deflate"))
		w := page(t, newProxyServer(t, up), "/")
		if want := "<html><head>" + reporterTag + "</head><body>x</body></html>"; w.Body.String() != want || w.Header().Get("Content-Encoding") != "" {
			t.Errorf("%s: %q %v", name, w.Body, w.Header())
		}
	}
}

func TestTheScriptsGoAfterHeadElseAfterHTMLElseAfterTheDoctype(t *testing.T) {
	for _, tc := range []struct{ page, want string }{
		{"<html><head><title>t</title></head></html>", "<html><head>|<title>t</title></head></html>"},
		{"<!doctype html><html><body>no head</body></html>", "<!doctype html><html>|<body>no head</body></html>"},
		{"<!DOCTYPE html>\n<meta charset=utf-8><title>x</title>", "<!DOCTYPE html>|\n<meta charset=utf-8><title>x</title>"},
		{"<p>a fragment", "|<p>a fragment"},
		{"", "|"},
		{"\xef\xbb\xbf<html><head>", "\xef\xbb\xbf<html><head>|"},
		{"<html><header>not the head</header>", "<html>|<header>not the head</header>"},
		{"<!-- <head> in a comment --><html lang='zh'><!-- c --> <head >", "<!-- <head> in a comment --><html lang='zh'><!-- c --> <head >|"},
		{"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x>y\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head/>",
			"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x>y\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head/>|"},
		{"<body><script>document.write('<head>')</script>", "|<body><script>document.write('<head>')</script>"},
		{"<html", "|<html"},
		{"<html lang=it's><head>", "<html lang=it's><head>|"},
	} {
		if got := string(injectScripts([]byte(tc.page), []byte("|"))); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.page, got, tc.want)
		}
	}
}

func TestOnlyPageNavigationsAnswered200WithHTMLGetTheScripts(t *testing.T) {
	html := "<html><head></head><body>not found</body></html>"
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		status := 200
		if r.URL.Path == "/missing" {
			status = 404 // an error page passes as the dev server sent it
		}
		htmlHandler(status, html)(w, r)
	})
	s := newProxyServer(t, up)
	for _, tc := range []struct {
		name   string
		w      *httptest.ResponseRecorder
		status int
		inject bool
	}{
		{"a page", page(t, s, "/"), 200, true},
		{"a 404 page", page(t, s, "/missing"), 404, false},
		{"a fetch of HTML (a fragment)", get(t, s, "/partial", "Accept", "text/html", "Sec-Fetch-Dest", "empty"), 200, false},
		{"a HEAD", do(t, s, http.MethodHead, "/", "Accept", "text/html"), 200, false},
		{"an old browser's navigation", get(t, s, "/", "Accept", "text/html"), 200, true},
		{"an API call", get(t, s, "/api/orders", "Accept", "application/json"), 200, false},
	} {
		injected := strings.Contains(tc.w.Body.String(), reporterTag)
		if tc.w.Code != tc.status || injected != tc.inject {
			t.Errorf("%s: status %d, injected %v; want %d, %v", tc.name, tc.w.Code, injected, tc.status, tc.inject)
		}
	}
}

func TestNothingIsInjectedWithoutScriptsToInject(t *testing.T) {
	html := "<html><head></head></html>"
	up := newUpstream(t, htmlHandler(200, html))
	s, _ := newTestServer(t, Options{Upstream: up.URL})
	if w := page(t, s, "/"); w.Body.String() != html {
		t.Errorf("body %q", w.Body)
	}
	if ae := up.lastRequest().Header.Get("Accept-Encoding"); ae != "gzip, deflate, br, zstd" {
		t.Errorf("Accept-Encoding %q: without scripts the proxy changes nothing", ae)
	}
	s.SetInject([]string{PathReporterJS, PathEmulatorJS})
	want := `<html><head><script src="/__wecomdev/reporter.js"></script><script src="/__wecomdev/emulator.js"></script></head></html>`
	if w := page(t, s, "/"); w.Body.String() != want {
		t.Errorf("after SetInject: %q", w.Body)
	}
}

func TestPagesTheProxyCannotReadPassUnchangedAndTheLogSaysWhy(t *testing.T) {
	const limit = 64 << 10 // MaxInjectHTML (10 MB) in production, lowered for speed
	big := "<html><head></head><body>" + strings.Repeat("<p>lorem ipsum</p>", limit/18+10) + "</body></html>"
	bigGz := gzipped(t, big)
	for _, tc := range []struct {
		name, body, encoding, why string
	}{
		{"larger than the bound", big, "", "larger than the 64 kB"},
		{"gzipped, larger than the bound once decoded", bigGz, "gzip", "larger than the 64 kB"},
		{"brotli the dev server sent anyway", "\x8b\x03\x80<html><head>\x03", "br", "compressed with br"},
		{"a broken gzip", gzipped(t, "<html><head></head>")[:20] + "garbage", "gzip", "does not decode"},
		{"encoded twice", gzipped(t, gzipped(t, "<html><head>")), "gzip, gzip", "more than once"},
	} {
		hdr := []string{}
		if tc.encoding != "" {
			hdr = append(hdr, "Content-Encoding", tc.encoding)
		}
		up := newUpstream(t, htmlHandler(200, tc.body, hdr...))
		s := newProxyServer(t, up)
		s.maxInject = limit
		w := page(t, s, "/")
		if w.Code != 200 || w.Body.String() != tc.body || w.Header().Get("Content-Encoding") != tc.encoding {
			t.Errorf("%s: status %d, %d bytes (want %d unchanged), encoding %q", tc.name, w.Code, w.Body.Len(), len(tc.body), w.Header().Get("Content-Encoding"))
		}
		if es := entries(t, s); len(es) != 1 || !strings.Contains(es[0].Message, tc.why) || es[0].Decision != "" {
			t.Errorf("%s: log %+v", tc.name, es)
		}
	}
}

func TestTheContentSecurityPolicyChangesOnlyWhereItWouldBlockTheScripts(t *testing.T) {
	for _, tc := range []struct {
		name, csp, want, nonce string
	}{
		{"none", "", "", ""},
		{"self already allowed", "default-src 'self'; img-src * data:", "default-src 'self'; img-src * data:", ""},
		{"a wildcard", "script-src *; connect-src *", "script-src *; connect-src *", ""},
		{"default-src 'none' gets its own script-src and connect-src", "default-src 'none'; img-src 'self'",
			"default-src 'none'; img-src 'self'; script-src 'self'; connect-src 'self'", ""},
		{"a CDN-only script-src", "script-src https://cdn.example.com 'unsafe-inline'; connect-src https://api.example.com",
			"script-src https://cdn.example.com 'unsafe-inline' 'self'; connect-src https://api.example.com 'self'", ""},
		{"script-src 'none'", "script-src 'none'", "script-src 'self'", ""},
		{"the page's nonce under strict-dynamic is reused", "script-src 'nonce-r4nd0m' 'strict-dynamic'; object-src 'none'",
			"script-src 'nonce-r4nd0m' 'strict-dynamic'; object-src 'none'", "r4nd0m"},
		{"script-src-elem governs script tags", "script-src 'none'; script-src-elem 'self'", "script-src 'none'; script-src-elem 'self'", ""},
		{"two policies", "default-src 'self', script-src https://cdn.example.com", "default-src 'self', script-src https://cdn.example.com 'self'", ""},
	} {
		h := http.Header{}
		if tc.csp != "" {
			h.Set("Content-Security-Policy", tc.csp)
		}
		nonce := adjustCSP(h)
		if got := h.Get("Content-Security-Policy"); got != tc.want || nonce != tc.nonce {
			t.Errorf("%s:\n got %q nonce %q\nwant %q nonce %q", tc.name, got, nonce, tc.want, tc.nonce)
		}
	}
}

func TestStrictDynamicWithOnlyHashesGetsANewNonceForTheScripts(t *testing.T) {
	h := http.Header{}
	h.Set("Content-Security-Policy-Report-Only", "script-src 'sha256-AbC=' 'strict-dynamic'")
	nonce := adjustCSP(h)
	if len(nonce) < 16 || h.Get("Content-Security-Policy-Report-Only") != "script-src 'sha256-AbC=' 'strict-dynamic' 'nonce-"+nonce+"'" {
		t.Errorf("nonce %q, policy %q", nonce, h.Get("Content-Security-Policy-Report-Only"))
	}
}

func TestAProxiedPageUnderANoncePolicyGetsTaggedScriptsAndKeepsItsPolicy(t *testing.T) {
	csp := "script-src 'nonce-r4nd0m' 'strict-dynamic'; base-uri 'none'"
	up := newUpstream(t, htmlHandler(200, "<html><head></head></html>", "Content-Security-Policy", csp))
	w := page(t, newProxyServer(t, up), "/")
	if want := `<html><head><script src="/__wecomdev/reporter.js" nonce="r4nd0m"></script></head></html>`; w.Body.String() != want {
		t.Errorf("body %q", w.Body)
	}
	if got := w.Header().Get("Content-Security-Policy"); got != csp {
		t.Errorf("policy changed to %q", got)
	}
}

func TestTheConsolesOwnPathsAreNeverProxied(t *testing.T) {
	up := newUpstream(t, htmlHandler(200, "<html>the developer's app</html>"))
	s := newProxyServer(t, up)
	s.SetVerifyFiles(map[string]string{"WW_verify_Abc123.txt": "Abc123"})
	signed := "http://localhost:8787/#/home"
	w := get(t, s, PathConfigSignature+"?url="+url.QueryEscape(signed))
	sig := decode[sigBody](t, w)
	if want := jssdk.Signature(testCorpTicket, sig.NonceStr, sig.Timestamp, "http://localhost:8787/"); w.Code != 200 || sig.Signature != want {
		t.Errorf("config-signature: %d %s", w.Code, w.Body)
	}
	if w.Header().Get("X-Frame-Options") != "DENY" {
		t.Error("the console's own answers lost their security headers")
	}
	for _, p := range []string{PathAgentSignature + "?url=x", "/api/jssdk/unknown", PathCustomers + "?userId=zhangsan", "/WW_verify_Abc123.txt", "/__wecomdev/x", "/__wecomdev"} {
		get(t, s, p)
	}
	if n := up.hits.Load(); n != 0 {
		t.Fatalf("%d console requests reached the dev server", n)
	}
	for _, p := range []string{"/", "/api/customers/42", "/api/jssdk", "/WW_verify_Other.txt", "/src/main.ts"} {
		if w := get(t, s, p); w.Body.String() != "<html>the developer's app</html>" {
			t.Errorf("%s was not proxied: %d %s", p, w.Code, w.Body)
		}
	}
}

func TestTheDevServerSeesItsOwnHostAndTheForwardedOnes(t *testing.T) {
	up := newUpstream(t, htmlHandler(200, "ok", "Content-Type", "text/plain"))
	s := newProxyServer(t, up)
	upHost := strings.TrimPrefix(up.URL, "http://")

	// A phone on the LAN: its own address and Host, nothing forwarded trusted.
	r := httptest.NewRequest(http.MethodPost, "http://192.168.1.20:8787/api/login", strings.NewReader("a=1"))
	r.RemoteAddr = "192.168.1.30:50000"
	r.Header.Set("X-Forwarded-Host", "evil.example.com")
	r.Header.Set("Origin", "http://192.168.1.20:8787")
	s.Handler().ServeHTTP(httptest.NewRecorder(), r)
	got := up.lastRequest()
	for k, want := range map[string]string{"Host": upHost, "X-Forwarded-Host": "192.168.1.20:8787", "X-Forwarded-Proto": "http",
		"X-Forwarded-For": "192.168.1.30", "Origin": up.URL} {
		if v := headerOrHost(got, k); v != want {
			t.Errorf("LAN: %s = %q, want %q", k, v, want)
		}
	}

	// Through a tunnel: the tunnel client on loopback says what the phone used.
	r = httptest.NewRequest(http.MethodGet, "http://abc.ngrok-free.app/", nil)
	r.RemoteAddr = "127.0.0.1:40000"
	r.Header.Set("X-Forwarded-Proto", "https")
	r.Header.Set("X-Forwarded-For", "198.51.100.7")
	r.Header.Set("Origin", "https://other.example.com")
	s.Handler().ServeHTTP(httptest.NewRecorder(), r)
	got = up.lastRequest()
	for k, want := range map[string]string{"Host": upHost, "X-Forwarded-Host": "abc.ngrok-free.app", "X-Forwarded-Proto": "https",
		"X-Forwarded-For": "198.51.100.7, 127.0.0.1", "Origin": "https://other.example.com"} {
		if v := headerOrHost(got, k); v != want {
			t.Errorf("tunnel: %s = %q, want %q", k, v, want)
		}
	}
}

func headerOrHost(r *http.Request, k string) string {
	if k == "Host" {
		return r.Host
	}
	return r.Header.Get(k)
}

func TestAnUpstreamThatIsDownGetsA502ThatSaysWhatToDo(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	s, _ := newTestServer(t, Options{Upstream: dead})
	w := page(t, s, "/")
	body := w.Body.String()
	if w.Code != http.StatusBadGateway || !strings.Contains(body, "the dev server at "+dead+" does not answer") ||
		!strings.Contains(body, "npm run dev") || !strings.Contains(body, "--upstream") {
		t.Errorf("%d %s", w.Code, body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	es := entries(t, s)
	if len(es) != 1 || es[0].Status != 502 || es[0].Endpoint != EndpointProxy || !strings.Contains(es[0].Error, "refused") {
		t.Errorf("log %+v", es)
	}
}

func TestUpstreamsAreCheckedWithAFixInTheError(t *testing.T) {
	for _, tc := range []struct{ in, fix string }{
		{"", "give the dev server's URL, like http://localhost:5173"},
		{"localhost:5173", "give the dev server's URL, like http://localhost:5173"},
		{"5173", "give the dev server's URL, like http://localhost:5173"},
		{"ftp://localhost:5173", "starts with http:// or https://"},
		{"ws://localhost:5173", "http:// or https://"},
		{"http://", "no host"},
		{"http://:5173", "no host"},
		{"http://me:pw@localhost:5173", "user:password"},
		{"http://localhost:5173/?a=1", "?query"},
		{"http://localhost:5173/#/home", "#fragment"},
		{"http://localhost:99999", "not 1–65535"},
		{"http://local host:5173", "not a URL"},
	} {
		_, err := ParseUpstream(tc.in)
		var ue *UpstreamError
		if !errors.Is(err, ErrUpstream) || !errors.As(err, &ue) || !strings.Contains(ue.Fix, tc.fix) || ue.Value != tc.in {
			t.Errorf("%q: %v", tc.in, err)
		}
	}
	_, err := ParseUpstream("localhost:5173")
	if want := `invalid upstream "localhost:5173": give the dev server's URL, like http://localhost:5173`; err.Error() != want {
		t.Errorf("%v", err)
	}
	for in, want := range map[string]string{
		" HTTP://LocalHost:5173 ":        "http://localhost:5173",
		"https://127.0.0.1:5173/app/":    "https://127.0.0.1:5173/app/",
		"http://[::1]:3000":              "http://[::1]:3000",
		"http://dev.example.internal/":   "http://dev.example.internal/",
		"http://192.168.1.5:8080/base/x": "http://192.168.1.5:8080/base/x",
	} {
		if u, err := ParseUpstream(in); err != nil || u.String() != want {
			t.Errorf("%q: %v %v", in, u, err)
		}
	}
}

func TestAServerWithAnInvalidUpstreamDoesNotStart(t *testing.T) {
	s, _ := newTestServer(t, Options{Addr: "127.0.0.1:0", Upstream: "localhost:5173"})
	if addr, err := s.Start(); !errors.Is(err, ErrUpstream) || addr != "" {
		t.Fatalf("%q %v", addr, err)
	}
	if err := s.SetUpstream("http://localhost:5173"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Start(); err != nil {
		t.Fatalf("after fixing the upstream: %v", err)
	}
	s.Shutdown(context.Background())
	if s.Upstream() != "http://localhost:5173" {
		t.Errorf("upstream %q", s.Upstream())
	}
}

func TestSetUpstreamSwitchesAndStopsTheProxy(t *testing.T) {
	a := newUpstream(t, htmlHandler(200, "a", "Content-Type", "text/plain"))
	b := newUpstream(t, htmlHandler(200, "b", "Content-Type", "text/plain"))
	s, _ := newTestServer(t, Options{Upstream: a.URL})
	if w := get(t, s, "/x"); w.Body.String() != "a" {
		t.Fatalf("%q", w.Body)
	}
	if err := s.SetUpstream(b.URL); err != nil {
		t.Fatal(err)
	}
	if w := get(t, s, "/x"); w.Body.String() != "b" {
		t.Errorf("after switching: %q", w.Body)
	}
	if err := s.SetUpstream("nope"); !errors.Is(err, ErrUpstream) || s.Upstream() != b.URL {
		t.Errorf("a bad upstream: %v, kept %q", err, s.Upstream())
	}
	s.SetUpstream("")
	if w := get(t, s, "/x"); w.Code != http.StatusNotFound || s.Upstream() != "" {
		t.Errorf("without an upstream: %d", w.Code)
	}
}

func TestAProxyPointingAtItselfAnswers508InsteadOfLooping(t *testing.T) {
	s, _ := newTestServer(t, Options{Addr: "127.0.0.1:0"})
	addr, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	if err := s.SetUpstream("http://" + addr); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + addr + "/page")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusLoopDetected || !strings.Contains(string(body), "this server itself") {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
}

// ---- WebSocket ----

const wsKey = "dGhlIHNhbXBsZSBub25jZQ=="

func wsAccept(key string) string {
	h := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	return base64.StdEncoding.EncodeToString(h[:])
}

// wsEcho is a minimal WebSocket server (RFC 6455 handshake and frames) echoing every
// data frame, built on net/http's hijack only.
func wsEcho(w http.ResponseWriter, r *http.Request) {
	if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		http.Error(w, "not a websocket", http.StatusBadRequest)
		return
	}
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
		wsAccept(r.Header.Get("Sec-WebSocket-Key")) + "\r\n\r\n")
	brw.Flush()
	for {
		op, payload, err := readFrame(brw.Reader)
		if err != nil || op == 8 {
			return
		}
		if err := writeFrame(conn, op, payload, false); err != nil {
			return
		}
	}
}

func readFrame(r *bufio.Reader) (byte, []byte, error) {
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, nil, err
	}
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var ext [2]byte
		if _, err := io.ReadFull(r, ext[:]); err != nil {
			return 0, nil, err
		}
		n = uint64(binary.BigEndian.Uint16(ext[:]))
	case 127:
		var ext [8]byte
		if _, err := io.ReadFull(r, ext[:]); err != nil {
			return 0, nil, err
		}
		n = binary.BigEndian.Uint64(ext[:])
	}
	var mask [4]byte
	if h[1]&0x80 != 0 {
		if _, err := io.ReadFull(r, mask[:]); err != nil {
			return 0, nil, err
		}
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		return 0, nil, err
	}
	if h[1]&0x80 != 0 {
		for i := range payload {
			payload[i] ^= mask[i%4]
		}
	}
	return h[0] & 0x0f, payload, nil
}

// writeFrame writes one final frame; clients mask theirs, servers do not.
func writeFrame(w io.Writer, op byte, payload []byte, masked bool) error {
	b := []byte{0x80 | op}
	m := byte(0)
	if masked {
		m = 0x80
	}
	switch n := len(payload); {
	case n < 126:
		b = append(b, m|byte(n))
	case n <= 0xffff:
		b = append(b, m|126)
		b = binary.BigEndian.AppendUint16(b, uint16(n))
	default:
		b = append(b, m|127)
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	data := append([]byte(nil), payload...)
	if masked {
		var key [4]byte
		rand.Read(key[:])
		b = append(b, key[:]...)
		for i := range data {
			data[i] ^= key[i%4]
		}
	}
	_, err := w.Write(append(b, data...))
	return err
}

func TestAWebSocketThroughTheProxyEchoesAndOutlivesTheServerTimeouts(t *testing.T) {
	up := newUpstream(t, wsEcho)
	s, _ := newTestServer(t, Options{Addr: "127.0.0.1:0", Upstream: up.URL, Inject: []string{PathReporterJS}})
	s.readTimeout, s.writeTimeout = 200*time.Millisecond, 200*time.Millisecond
	addr, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(context.Background())

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(conn, "GET /?token=hmr HTTP/1.1\r\nHost: "+addr+"\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: "+wsKey+"\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: vite-hmr\r\nOrigin: http://"+addr+"\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols || resp.Header.Get("Sec-Websocket-Accept") != wsAccept(wsKey) {
		t.Fatalf("handshake: %d %v", resp.StatusCode, resp.Header)
	}
	got := up.lastRequest()
	if got.Host != strings.TrimPrefix(up.URL, "http://") || got.Header.Get("Origin") != up.URL || got.Header.Get("X-Forwarded-Host") != addr ||
		got.URL.RequestURI() != "/?token=hmr" || got.Header.Get("Sec-Websocket-Protocol") != "vite-hmr" {
		t.Errorf("the dev server got Host %q, headers %v, URI %s", got.Host, got.Header, got.URL.RequestURI())
	}
	for i, msg := range []string{"hello", strings.Repeat("a bigger message ", 100)} {
		if i == 1 {
			time.Sleep(500 * time.Millisecond) // past the server's read and write timeouts
		}
		if err := writeFrame(conn, 1, []byte(msg), true); err != nil {
			t.Fatal(err)
		}
		op, echo, err := readFrame(br)
		if err != nil || op != 1 || string(echo) != msg {
			t.Fatalf("message %d: op %d %q %v", i, op, echo, err)
		}
	}
	if es := entries(t, s); len(es) != 1 || es[0].Status != http.StatusSwitchingProtocols || es[0].Endpoint != EndpointProxy {
		t.Errorf("log %+v", es)
	}
	// Stopping the server closes the sockets it carries (net/http would not).
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := readFrame(br); err == nil {
		t.Error("the WebSocket outlived the server")
	}
}
