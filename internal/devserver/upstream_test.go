package devserver

import (
	"bufio"
	"bytes"
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
	"testing"
	"time"

	"wecomdev/internal/devserver/internal/devtest"
	"wecomdev/internal/jssdk"
)

// newProxyServer is a test server proxying to up and injecting the reporter.
func newProxyServer(t *testing.T, up *devtest.Upstream) *Server {
	t.Helper()
	s, _ := newTestServer(t, Options{Upstream: up.URL, Inject: []string{PathReporterJS}})
	return s
}

// page is a GET as a browser navigating to a page sends it.
func page(t *testing.T, s *Server, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return get(t, s, target, append(append([]string(nil), devtest.PageHeaders...), header...)...)
}

const reporterTag = `<script src="/__wecomdev/reporter.js"></script>`

func TestABinaryBodyPassesThroughTheProxyByteForByte(t *testing.T) {
	blob := make([]byte, 1<<20)
	rand.Read(blob)
	copy(blob, "<html><head>") // looks like a page, is not one
	up := devtest.NewUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(blob)))
		w.Write(blob)
	})
	s := newProxyServer(t, up)
	w := page(t, s, "/assets/blob.bin?v=1")
	if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), blob) {
		t.Fatalf("status %d, %d bytes, equal %v", w.Code, w.Body.Len(), bytes.Equal(w.Body.Bytes(), blob))
	}
	if got := up.LastRequest().URL.RequestURI(); got != "/assets/blob.bin?v=1" {
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

func TestAStreamedBodyReachesTheClientAsItIsWrittenEvenPastTheServerTimeouts(t *testing.T) {
	firstSeen := make(chan struct{})
	up := devtest.NewUpstream(t, func(w http.ResponseWriter, r *http.Request) {
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

func TestNothingIsInjectedWithoutScriptsToInject(t *testing.T) {
	html := "<html><head></head></html>"
	up := devtest.NewUpstream(t, devtest.HTMLHandler(200, html))
	s, _ := newTestServer(t, Options{Upstream: up.URL})
	if w := page(t, s, "/"); w.Body.String() != html {
		t.Errorf("body %q", w.Body)
	}
	if ae := up.LastRequest().Header.Get("Accept-Encoding"); ae != "gzip, deflate, br, zstd" {
		t.Errorf("Accept-Encoding %q: without scripts the proxy changes nothing", ae)
	}
	s.SetInject([]string{PathReporterJS, PathEmulatorJS})
	want := `<html><head><script src="/__wecomdev/reporter.js"></script><script src="/__wecomdev/emulator.js"></script></head></html>`
	if w := page(t, s, "/"); w.Body.String() != want {
		t.Errorf("after SetInject: %q", w.Body)
	}
}

func TestTheConsolesOwnPathsAreNeverProxied(t *testing.T) {
	up := devtest.NewUpstream(t, devtest.HTMLHandler(200, "<html>the developer's app</html>"))
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
	if n := up.Hits.Load(); n != 0 {
		t.Fatalf("%d console requests reached the dev server", n)
	}
	for _, p := range []string{"/", "/api/customers/42", "/api/jssdk", "/WW_verify_Other.txt", "/src/main.ts"} {
		if w := get(t, s, p); w.Body.String() != "<html>the developer's app</html>" {
			t.Errorf("%s was not proxied: %d %s", p, w.Code, w.Body)
		}
	}
}

func TestTheDevServerSeesItsOwnHostAndTheForwardedOnes(t *testing.T) {
	up := devtest.NewUpstream(t, devtest.HTMLHandler(200, "ok", "Content-Type", "text/plain"))
	s := newProxyServer(t, up)
	upHost := strings.TrimPrefix(up.URL, "http://")

	// A phone on the LAN: its own address and Host, nothing forwarded trusted.
	r := httptest.NewRequest(http.MethodPost, "http://192.168.1.20:8787/api/login", strings.NewReader("a=1"))
	r.RemoteAddr = "192.168.1.30:50000"
	r.Header.Set("X-Forwarded-Host", "evil.example.com")
	r.Header.Set("Origin", "http://192.168.1.20:8787")
	s.Handler().ServeHTTP(httptest.NewRecorder(), r)
	got := up.LastRequest()
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
	got = up.LastRequest()
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
	a := devtest.NewUpstream(t, devtest.HTMLHandler(200, "a", "Content-Type", "text/plain"))
	b := devtest.NewUpstream(t, devtest.HTMLHandler(200, "b", "Content-Type", "text/plain"))
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
	up := devtest.NewUpstream(t, wsEcho)
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
	got := up.LastRequest()
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
