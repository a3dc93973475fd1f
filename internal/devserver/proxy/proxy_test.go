package proxy

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomdev/internal/devserver/internal/devtest"
)

// rig is a proxy as the dev server runs it, with the records it logged.
type rig struct {
	*Proxy
	mu   sync.Mutex
	recs []Record
}

// PathReporterJS is the dev server's reporter script (devserver.PathReporterJS).
const PathReporterJS = "/__wecomdev/reporter.js"

const reporterTag = `<script src="/__wecomdev/reporter.js"></script>`

// newProxyServer is a proxy to up injecting the reporter; loopback clients are trusted.
func newProxyServer(t *testing.T, up *devtest.Upstream) *rig {
	t.Helper()
	s := &rig{}
	s.Proxy = New(Options{
		Log: func(r *http.Request, rec *Record) {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.recs = append(s.recs, *rec)
		},
		Trusted:     func(a netip.Addr) bool { return a.IsLoopback() },
		IdleTimeout: time.Minute,
	})
	if err := s.SetUpstream(up.URL); err != nil {
		t.Fatal(err)
	}
	s.SetInject([]string{PathReporterJS})
	t.Cleanup(s.CloseConns)
	return s
}

// Handler serves every path through the proxy.
func (s *rig) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.Serve(w, r, time.Now()) {
			http.NotFound(w, r)
		}
	})
}

// entries are the records logged, oldest first.
func entries(t *testing.T, s *rig) []Record {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Record(nil), s.recs...)
}

func get(t *testing.T, s *rig, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return devtest.Do(s.Handler(), http.MethodGet, target, header...)
}

func do(t *testing.T, s *rig, method, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return devtest.Do(s.Handler(), method, target, header...)
}

// page is a GET as a browser navigating to a page sends it.
func page(t *testing.T, s *rig, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return get(t, s, target, append(append([]string(nil), devtest.PageHeaders...), header...)...)
}

func TestACompressedScriptKeepsItsEncodingAndTheClientsAcceptEncoding(t *testing.T) {
	js := []byte("\x1b\x0f\x00\xf8not really brotli, but opaque bytes")
	up := devtest.NewUpstream(t, func(w http.ResponseWriter, r *http.Request) {
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
	if ae := up.LastRequest().Header.Get("Accept-Encoding"); ae != "gzip, deflate, br, zstd" {
		t.Errorf("the dev server got Accept-Encoding %q, want the client's own", ae)
	}
}

func TestAGzippedPageArrivesDecompressedWithTheScriptRightAfterHead(t *testing.T) {
	html := "<!DOCTYPE html>\n<html lang=\"zh\">\n  <HEAD data-x=\"a>b\">\n<title>app</title></HEAD><body><div id=app></div></body></html>\n"
	up := devtest.NewUpstream(t, devtest.HTMLHandler(200, devtest.Gzipped(t, html), "Content-Encoding", "gzip", "Etag", `"abc"`, "Last-Modified", "Sat, 21 Nov 2026 09:00:00 GMT",
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
	got := up.LastRequest()
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
		up := devtest.NewUpstream(t, devtest.HTMLHandler(200, body, "Content-Encoding", "deflate"))
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
	up := devtest.NewUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		status := 200
		if r.URL.Path == "/missing" {
			status = 404 // an error page passes as the dev server sent it
		}
		devtest.HTMLHandler(status, html)(w, r)
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

func TestPagesTheProxyCannotReadPassUnchangedAndTheLogSaysWhy(t *testing.T) {
	const limit = 64 << 10 // MaxInjectHTML (10 MB) in production, lowered for speed
	big := "<html><head></head><body>" + strings.Repeat("<p>lorem ipsum</p>", limit/18+10) + "</body></html>"
	bigGz := devtest.Gzipped(t, big)
	for _, tc := range []struct {
		name, body, encoding, why string
	}{
		{"larger than the bound", big, "", "larger than the 64 kB"},
		{"gzipped, larger than the bound once decoded", bigGz, "gzip", "larger than the 64 kB"},
		{"brotli the dev server sent anyway", "\x8b\x03\x80<html><head>\x03", "br", "compressed with br"},
		{"a broken gzip", devtest.Gzipped(t, "<html><head></head>")[:20] + "garbage", "gzip", "does not decode"},
		{"encoded twice", devtest.Gzipped(t, devtest.Gzipped(t, "<html><head>")), "gzip, gzip", "more than once"},
	} {
		hdr := []string{}
		if tc.encoding != "" {
			hdr = append(hdr, "Content-Encoding", tc.encoding)
		}
		up := devtest.NewUpstream(t, devtest.HTMLHandler(200, tc.body, hdr...))
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
	up := devtest.NewUpstream(t, devtest.HTMLHandler(200, "<html><head></head></html>", "Content-Security-Policy", csp))
	w := page(t, newProxyServer(t, up), "/")
	if want := `<html><head><script src="/__wecomdev/reporter.js" nonce="r4nd0m"></script></head></html>`; w.Body.String() != want {
		t.Errorf("body %q", w.Body)
	}
	if got := w.Header().Get("Content-Security-Policy"); got != csp {
		t.Errorf("policy changed to %q", got)
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
