package devserver

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomdev/internal/customers"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/tickets"
	"wecomdev/internal/wecom"
)

func TestConfigSignatureSignsTheURLWithTheCorpTicketAfterCuttingTheHash(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	page := "https://h5.example.com/app/?from=singlemessage&isappinstalled=0#/orders/42"
	w := get(t, s, PathConfigSignature+"?url="+url.QueryEscape(page))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	got := decode[sigBody](t, w)
	want := jssdk.Signature(testCorpTicket, got.NonceStr, got.Timestamp, "https://h5.example.com/app/?from=singlemessage&isappinstalled=0")
	if got.Signature != want {
		t.Errorf("signature %s, want %s (corp ticket, URL without the #…)", got.Signature, want)
	}
	if _, err := strconv.ParseInt(got.Timestamp, 10, 64); err != nil || len(got.Timestamp) != 10 {
		t.Errorf("timestamp %q is not seconds as a string", got.Timestamp)
	}
	if len(got.NonceStr) != jssdk.NonceLength {
		t.Errorf("nonceStr %q", got.NonceStr)
	}
}

func TestAgentSignatureSignsWithTheAppTicket(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	page := "https://h5.example.com/p?a=%E4%B8%AD&b=1"
	w := get(t, s, PathAgentSignature+"?url="+url.QueryEscape(page))
	got := decode[sigBody](t, w)
	if want := jssdk.Signature(testAgentTicket, got.NonceStr, got.Timestamp, page); got.Signature != want {
		t.Errorf("signature %s, want the app ticket's %s (the URL as given, still percent-encoded)", got.Signature, want)
	}
}

func TestConfigEndpointGivesBothSignaturesWithCorpIDAndAgentID(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	page := "http://localhost:5173/"
	w := get(t, s, PathConfig+"?url="+url.QueryEscape(page))
	got := decode[struct {
		CorpID      string  `json:"corpId"`
		AgentID     int64   `json:"agentId"`
		Config      sigBody `json:"config"`
		AgentConfig sigBody `json:"agentConfig"`
	}](t, w)
	if got.CorpID != "ww0123456789abcdef" || got.AgentID != 1000002 {
		t.Errorf("corpId %q agentId %d", got.CorpID, got.AgentID)
	}
	if want := jssdk.Signature(testCorpTicket, got.Config.NonceStr, got.Config.Timestamp, page); got.Config.Signature != want {
		t.Errorf("config signature %s, want %s", got.Config.Signature, want)
	}
	if want := jssdk.Signature(testAgentTicket, got.AgentConfig.NonceStr, got.AgentConfig.Timestamp, page); got.AgentConfig.Signature != want {
		t.Errorf("agentConfig signature %s, want %s", got.AgentConfig.Signature, want)
	}
}

func TestHostsAreAllowedOnlyWhenLoopbackTrustedOrTheTunnel(t *testing.T) {
	s, b := newTestServer(t, Options{})
	b.setDomains("H5.Example.com", "https://shop.example.cn/")
	s.SetTunnelHost("abc123.ngrok-free.app")
	for _, tc := range []struct {
		url  string
		code int
		why  string
	}{
		{"http://localhost:5173/", 200, AllowLoopback},
		{"http://127.0.0.1/", 200, AllowLoopback},
		{"http://127.8.9.10:8080/x", 200, AllowLoopback},
		{"http://[::1]:3000/", 200, AllowLoopback},
		{"http://app.localhost/", 200, AllowLoopback},
		{"https://h5.example.com/page", 200, AllowTrusted},
		{"https://H5.EXAMPLE.COM/page", 200, AllowTrusted},
		{"https://h5.example.com:443/page", 200, AllowTrusted},
		{"https://h5.example.com:8443/page", 403, ""},
		{"https://h5.example.com./page", 200, AllowTrusted},
		{"https://shop.example.cn/", 200, AllowTrusted},
		{"https://abc123.ngrok-free.app/p?x=1", 200, AllowTunnel},
		{"https://evil.example.com/", 403, ""},
		{"https://h5.example.com.evil.com/", 403, ""},
		{"https://evil.com/?next=https://h5.example.com/", 403, ""},
		{"https://h5.example.com@evil.com/", 403, ""},
		{"https://sub.h5.example.com/", 403, ""},
		{"http://192.168.1.20:8080/", 403, ""},
		{"https://localhost.evil.com/", 403, ""},
		{"https://other.ngrok-free.app/", 403, ""},
	} {
		w := get(t, s, PathConfigSignature+"?url="+url.QueryEscape(tc.url))
		if w.Code != tc.code {
			t.Errorf("%s: status %d, want %d (%s)", tc.url, w.Code, tc.code, w.Body)
			continue
		}
		if tc.code == 403 {
			e := decode[errBody](t, w)
			if e.Code != CodeHostNotAllowed || !strings.Contains(e.Message, "h5.example.com") || !strings.Contains(e.Message, "trusted domains") {
				t.Errorf("%s: refusal %+v should name the allowed hosts and how to add one", tc.url, e)
			}
		}
	}
	for _, e := range entries(t, s) {
		if e.Status == 200 && e.Decision == "" {
			t.Errorf("%s: logged without the reason it was allowed", e.URL)
		}
	}
}

func TestTheSigningEndpointRefusesAPageOnAnotherPortOfATrustedDomainAndSaysThePortIsPartOfTheDomain(t *testing.T) {
	s, b := newTestServer(t, Options{})
	b.setDomains("h5.example.com", "dev.example.com:8443", "tls.example.com:443", "plain.example.com:80")
	s.SetTunnelHost("https://tun.example.org:9443/")
	for _, tc := range []struct {
		url  string
		code int
		why  string
	}{
		{"https://h5.example.com:8443/page", 403, ""},
		{"http://h5.example.com:8080/", 403, ""},
		{"https://dev.example.com:8443/page", 200, AllowTrusted},
		{"https://dev.example.com/page", 403, ""},
		{"https://dev.example.com:9443/page", 403, ""},
		// a default port typed into a trusted domain means that port, whatever the scheme
		{"https://tls.example.com/", 200, AllowTrusted},
		{"http://tls.example.com/", 403, ""},
		{"http://plain.example.com/", 200, AllowTrusted},
		{"https://plain.example.com/", 403, ""},
		// the tunnel with the port its URL gives; loopback on any port
		{"https://tun.example.org:9443/p", 200, AllowTunnel},
		{"https://tun.example.org/p", 403, ""},
		{"http://127.0.0.1:5173/", 200, AllowLoopback},
	} {
		w := get(t, s, PathConfigSignature+"?url="+url.QueryEscape(tc.url))
		if w.Code != tc.code {
			t.Errorf("%s: status %d, want %d (%s)", tc.url, w.Code, tc.code, w.Body)
			continue
		}
		if e := lastEntry(t, s, EndpointConfigSignature); tc.code == 200 && e.Decision != tc.why {
			t.Errorf("%s: allowed as %q, want %q", tc.url, e.Decision, tc.why)
		}
	}
	w := get(t, s, PathConfigSignature+"?url="+url.QueryEscape("https://h5.example.com:8443/page"))
	if e := decode[errBody](t, w); e.Code != CodeHostNotAllowed || !strings.Contains(e.Message, "h5.example.com:8443 is not an allowed host") ||
		!strings.Contains(e.Message, "The port is part of the domain: the trusted domain h5.example.com means the default port") {
		t.Errorf("refusal %+v should name the port rule", e)
	}
}

func TestTheHostHeaderCheckComparesNamesSoATrustedDomainBehindAProxyOnAnotherPortStillAnswers(t *testing.T) {
	s, b := newTestServer(t, Options{})
	b.setDomains("h5.example.com")
	s.SetTunnelHost("https://tun.example.org:9443")
	// the Host header's port is the one a tunnel or proxy received: names are compared, and
	// the page's port is checked on the signed URL and the Origin instead
	for _, host := range []string{"h5.example.com:8443", "h5.example.com", "tun.example.org:9443", "tun.example.org", "localhost:5173"} {
		if w := get(t, s, PathCustomers+"?userId=zhangsan", "Host", host); w.Code != http.StatusOK {
			t.Errorf("Host %s: status %d, want 200: %s", host, w.Code, w.Body)
		}
	}
	// a name the server does not answer for stays refused, whatever the port (DNS rebinding)
	for _, host := range []string{"evil.example.com:8787", "evil.example.com", "h5.example.com.evil.com:443", "h5.example.com:8443.evil.com"} {
		if w := get(t, s, PathCustomers+"?userId=zhangsan", "Host", host); w.Code != http.StatusMisdirectedRequest {
			t.Errorf("Host %s: status %d, want 421", host, w.Code)
		}
	}
}

func TestTrustedDomainEditsApplyWithinASecondWithoutAReadPerRequest(t *testing.T) {
	c := newClock()
	s, b := newTestServer(t, Options{Now: c.now})
	page := PathConfigSignature + "?url=" + url.QueryEscape("https://new.example.com/")
	if w := get(t, s, page); w.Code != 403 {
		t.Fatalf("status %d before the domain is trusted", w.Code)
	}
	b.setDomains("h5.example.com", "new.example.com")
	for i := 0; i < 50; i++ {
		get(t, s, PathConfigSignature+"?url="+url.QueryEscape("https://h5.example.com/"))
	}
	if n := b.domainCalls.Load(); n != 1 {
		t.Errorf("trusted domains read %d times within one second, want 1", n)
	}
	c.advance(1100 * time.Millisecond)
	if w := get(t, s, page); w.Code != 200 {
		t.Errorf("status %d after the edit and a second: %s", w.Code, w.Body)
	}
}

func TestCORSAnswersAllowedOriginsOnlyAndPreflights(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	s.SetTunnelHost("dev.example.org")
	page := PathConfigSignature + "?url=" + url.QueryEscape("https://h5.example.com/")
	for _, tc := range []struct {
		origin string
		ok     bool
	}{
		{"https://h5.example.com", true},
		{"https://dev.example.org", true},
		{"http://localhost:5173", true},
		{"https://evil.example.com", false},
		{"null", false},
		{"file://", false},
		{"https://h5.example.com.evil.com", false},
		{"https://h5.example.com:8443", false},
		{"https://h5.example.com:443", true},
	} {
		w := get(t, s, page, "Origin", tc.origin)
		acao := w.Header().Get("Access-Control-Allow-Origin")
		if tc.ok && (w.Code != 200 || acao != tc.origin || !strings.Contains(w.Header().Get("Vary"), "Origin")) {
			t.Errorf("origin %s: status %d, ACAO %q, Vary %q", tc.origin, w.Code, acao, w.Header().Get("Vary"))
		}
		if !tc.ok && (w.Code != 403 || acao != "" || decode[errBody](t, w).Code != CodeOriginNotAllowed) {
			t.Errorf("origin %s: status %d, ACAO %q, want a 403 without CORS headers", tc.origin, w.Code, acao)
		}
	}
	w := do(t, s, http.MethodOptions, page, "Origin", "https://h5.example.com", "Access-Control-Request-Method", "GET")
	if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Origin") != "https://h5.example.com" ||
		!strings.Contains(w.Header().Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("preflight: %d %v", w.Code, w.Header())
	}
	w = do(t, s, http.MethodOptions, page, "Origin", "https://evil.example.com", "Access-Control-Request-Method", "GET")
	if w.Code != http.StatusForbidden || w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight from a refused origin: %d %v", w.Code, w.Header())
	}
}

func TestBadInputGetsAClear400AndNoSignature(t *testing.T) {
	s, b := newTestServer(t, Options{})
	for _, tc := range []struct {
		name, query, code, says string
	}{
		{"no url", "", CodeURLMissing, "encodeURIComponent"},
		{"empty url", "url=", CodeURLMissing, "missing"},
		{"a path without scheme", "url=" + q("/page?x=1"), CodeURLNoScheme, "scheme"},
		{"a host without scheme", "url=" + q("h5.example.com/page"), CodeURLNoScheme, "location.href"},
		{"another scheme", "url=" + q("ftp://h5.example.com/"), CodeURLInvalid, "http or https"},
		{"no host", "url=" + q("https:///page"), CodeURLInvalid, "no host"},
		{"a 10 kB url", "url=" + q("https://h5.example.com/?q="+strings.Repeat("a", 10240)), CodeURLInvalid, "longer than"},
		{"invalid UTF-8", "url=https%3A%2F%2Fh5.example.com%2F%FF%FE", CodeURLInvalid, "UTF-8"},
		{"a CR/LF", "url=" + q("https://h5.example.com/") + "%0D%0ASet-Cookie:%20x=1", CodeURLInvalid, "line break"},
		{"a NUL", "url=" + q("https://h5.example.com/") + "%00", CodeURLInvalid, "NUL"},
		{"broken escapes", "url=https%3A%2F%2Fh5.example.com%2F%ZZ", CodeQueryInvalid, "percent-encoding"},
		{"url twice", "url=" + q("https://h5.example.com/") + "&url=" + q("https://evil.com/"), CodeURLInvalid, "more than once"},
	} {
		w := get(t, s, PathConfigSignature+"?"+tc.query)
		if w.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", tc.name, w.Code)
			continue
		}
		e := decode[errBody](t, w)
		if e.Code != tc.code || !strings.Contains(e.Message, tc.says) {
			t.Errorf("%s: %+v, want code %s and a message saying %q", tc.name, e, tc.code, tc.says)
		}
		if strings.ContainsAny(w.Header().Get("Content-Type"), "\r\n") || w.Header().Get("Set-Cookie") != "" {
			t.Errorf("%s: header injected: %v", tc.name, w.Header())
		}
	}
	if n := b.ticketCalls.Load(); n != 0 {
		t.Errorf("bad input asked for a ticket %d times", n)
	}
}

func TestOnlyGETAndPreflightsReachTheAPI(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		w := do(t, s, m, PathConfigSignature+"?url="+q("http://localhost/"))
		if w.Code != http.StatusMethodNotAllowed || !strings.Contains(w.Header().Get("Allow"), "GET") {
			t.Errorf("%s: %d, Allow %q", m, w.Code, w.Header().Get("Allow"))
		}
	}
}

func TestEveryResponseCarriesTheSecurityHeaders(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	for _, target := range []string{"/", "/nope", PathConfigSignature + "?url=" + q("http://localhost/"), PathConfigSignature} {
		w := get(t, s, target)
		h := w.Header()
		for k, v := range map[string]string{
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "no-referrer",
			"X-Frame-Options":         "DENY",
			"Cache-Control":           "no-store",
			"Content-Security-Policy": "default-src 'none'",
		} {
			if !strings.Contains(h.Get(k), v) {
				t.Errorf("%s: %s = %q, want %q", target, k, h.Get(k), v)
			}
		}
	}
}

func TestATicketFailureIsA503WithTheCodeButNotWeComsText(t *testing.T) {
	s, b := newTestServer(t, Options{})
	b.ticketErr = fmt.Errorf("fetch corp ticket: %w", &wecom.APIError{Code: 60020, Msg: "not allow to access from your ip, hint: [1], from ip: 198.51.100.7", Path: "get_jsapi_ticket", FromIP: "198.51.100.7"})
	w := get(t, s, PathConfigSignature+"?url="+q("http://localhost/"))
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d", w.Code)
	}
	e := decode[errBody](t, w)
	if e.Code != CodeUnavailable || !strings.Contains(e.Message, "WECOM_60020") || strings.Contains(e.Message, "198.51.100.7") {
		t.Errorf("%+v: the page should learn the code, not the console's IP", e)
	}
	logged := entries(t, s)
	if last := logged[len(logged)-1]; !strings.Contains(last.Error, "from ip: 198.51.100.7") || last.Code != "WECOM_60020" {
		t.Errorf("the log should keep the whole reason: %+v", last)
	}
}

func TestARateLimitedTicketSaysWhenToTryAgain(t *testing.T) {
	s, b := newTestServer(t, Options{})
	b.ticketErr = fmt.Errorf("get corp ticket: %w", tickets.ErrRateLimited)
	w := get(t, s, PathConfigSignature+"?url="+q("http://localhost/"))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("status %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
}

func TestCustomersReturnsTheMembersExternalUserIDs(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	w := get(t, s, PathCustomers+"?userId=zhangsan&mobile=13800000001")
	got := decode[struct {
		IDs []string `json:"externalUserIds"`
	}](t, w)
	if w.Code != 200 || strings.Join(got.IDs, ",") != "wmAAA,wmBBB" {
		t.Errorf("%d %s", w.Code, w.Body)
	}
	es := entries(t, s)
	if u := es[len(es)-1].URL; strings.Contains(u, "13800000001") || !strings.Contains(u, "138****0001") {
		t.Errorf("the log keeps the mobile in clear: %q", u)
	}
}

func TestCustomersAnswersAreCachedBriefly(t *testing.T) {
	c := newClock()
	s, b := newTestServer(t, Options{Now: c.now, CustomersTTL: 30 * time.Second})
	for i := 0; i < 5; i++ {
		get(t, s, PathCustomers+"?userId=zhangsan")
	}
	if n := b.customerCalls.Load(); n != 1 {
		t.Errorf("5 lookups within the TTL called WeCom %d times, want 1", n)
	}
	c.advance(31 * time.Second)
	get(t, s, PathCustomers+"?userId=zhangsan")
	if n := b.customerCalls.Load(); n != 2 {
		t.Errorf("after the TTL: %d calls, want 2", n)
	}
}

func TestCustomersLimitsEachClientWithA429AndRetryAfter(t *testing.T) {
	c := newClock()
	s, _ := newTestServer(t, Options{Now: c.now, CustomersLimit: 3})
	for i := 0; i < 3; i++ {
		if w := get(t, s, PathCustomers+"?userId=zhangsan"); w.Code != 200 {
			t.Fatalf("call %d: %d", i+1, w.Code)
		}
	}
	w := get(t, s, PathCustomers+"?userId=zhangsan")
	ra, _ := strconv.Atoi(w.Header().Get("Retry-After"))
	if w.Code != http.StatusTooManyRequests || ra < 1 || ra > 60 {
		t.Fatalf("4th call: %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	// another client has its own budget
	if w := get(t, s, PathCustomers+"?userId=zhangsan", "RemoteAddr", "198.51.100.1:1234"); w.Code != 200 {
		t.Errorf("another client: %d", w.Code)
	}
	c.advance(time.Duration(ra) * time.Second)
	if w := get(t, s, PathCustomers+"?userId=zhangsan"); w.Code != 200 {
		t.Errorf("after Retry-After: %d", w.Code)
	}
}

func TestBehindATunnelTheForwardedClientIsLimitedNotTheTunnel(t *testing.T) {
	s, _ := newTestServer(t, Options{CustomersLimit: 1})
	viaTunnel := func(client string) int {
		return get(t, s, PathCustomers+"?userId=zhangsan", "RemoteAddr", "127.0.0.1:40000", "X-Forwarded-For", client).Code
	}
	if viaTunnel("198.51.100.1") != 200 || viaTunnel("198.51.100.2") != 200 {
		t.Fatal("two phones behind one tunnel share one budget")
	}
	if viaTunnel("198.51.100.1") != 429 {
		t.Error("the same phone again was not limited")
	}
	// a client that is not a trusted proxy cannot pick its own address
	direct := func(xff string) int {
		return get(t, s, PathCustomers+"?userId=zhangsan", "RemoteAddr", "203.0.113.50:1", "X-Forwarded-For", xff).Code
	}
	if direct("10.0.0.1") != 200 || direct("10.0.0.2") != 429 {
		t.Error("a spoofed X-Forwarded-For from an untrusted peer escaped the limit")
	}
}

func TestClientAddressFollowsOnlyTrustedProxies(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	for _, tc := range []struct {
		remote, xff, want string
	}{
		{"203.0.113.9:1", "", "203.0.113.9"},
		{"203.0.113.9:1", "10.1.1.1", "203.0.113.9"},
		{"127.0.0.1:1", "198.51.100.7", "198.51.100.7"},
		{"127.0.0.1:1", "1.2.3.4, 198.51.100.7", "198.51.100.7"},
		{"127.0.0.1:1", "198.51.100.7, 127.0.0.1", "198.51.100.7"},
		{"127.0.0.1:1", "not-an-ip", "127.0.0.1"},
		{"[::1]:1", "2001:db8::1", "2001:db8::1"},
		{"[::ffff:127.0.0.1]:1", "198.51.100.8", "198.51.100.8"},
	} {
		get(t, s, "/", "RemoteAddr", tc.remote, "X-Forwarded-For", tc.xff)
		es := entries(t, s)
		if got := es[len(es)-1].Client; got != tc.want {
			t.Errorf("peer %s, X-Forwarded-For %q: client %s, want %s", tc.remote, tc.xff, got, tc.want)
		}
	}
}

func TestCustomersRefuseAHostTheServerDoesNotAnswerForAgainstDNSRebinding(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	// a page on rebind.example, whose DNS now points at 127.0.0.1, reads same-origin: no Origin header
	if w := get(t, s, PathCustomers+"?userId=zhangsan", "Host", "rebind.example:8787"); w.Code != http.StatusMisdirectedRequest {
		t.Errorf("status %d, want 421: %s", w.Code, w.Body)
	}
	for _, host := range []string{"127.0.0.1:8787", "localhost:8787", "h5.example.com", "192.168.1.20:8787"} {
		if w := get(t, s, PathCustomers+"?userId=zhangsan", "Host", host); w.Code != http.StatusOK {
			t.Errorf("host %s: status %d", host, w.Code)
		}
	}
}

func TestCustomersInputAndWeComErrorsAreClear(t *testing.T) {
	s, b := newTestServer(t, Options{})
	if w := get(t, s, PathCustomers); w.Code != 400 || !strings.Contains(decode[errBody](t, w).Message, "userId") {
		t.Errorf("no userId: %d %s", w.Code, w.Body)
	}
	b.custErr = fmt.Errorf("%w: mobile \"abc\": use digits", customers.ErrInvalid)
	if w := get(t, s, PathCustomers+"?userId=lisi&mobile=abc"); w.Code != 400 || decode[errBody](t, w).Code != CodeInvalidInput {
		t.Errorf("bad mobile: %d %s", w.Code, w.Body)
	}
	b.custErr = &wecom.APIError{Code: 48002, Msg: "api forbidden", Path: "externalcontact/list"}
	if w := get(t, s, PathCustomers+"?userId=wangwu"); w.Code != http.StatusBadGateway || !strings.Contains(decode[errBody](t, w).Message, "WECOM_48002") {
		t.Errorf("WeCom refusal: %d %s", w.Code, w.Body)
	}
}

func TestVerifyFilesAreServedAtTheRoot(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	s.SetVerifyFiles(map[string]string{"WW_verify_AbCd1234EfGh5678.txt": "AbCd1234EfGh5678"})
	w := get(t, s, "/WW_verify_AbCd1234EfGh5678.txt")
	if w.Code != 200 || w.Body.String() != "AbCd1234EfGh5678" || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
		t.Errorf("%d %q %q", w.Code, w.Body, w.Header().Get("Content-Type"))
	}
	if w := get(t, s, "/WW_verify_other.txt"); w.Code != 404 {
		t.Errorf("an unknown file: %d", w.Code)
	}
}

func TestVerifyFileValidationNamesWhatIsWrong(t *testing.T) {
	for _, tc := range []struct{ name, content, says string }{
		{"verify.txt", "x", "verification file name"},
		{"WW_verify_../../etc/passwd", "x", "verification file name"},
		{"WW_verify_abc.txt", "", "empty"},
		{"WW_verify_abc.txt", strings.Repeat("a", 300), "bytes"},
		{"WW_verify_abc.txt", "abc\tdef", "printable"},
	} {
		_, _, err := ValidateVerifyFile(tc.name, tc.content)
		if !errors.Is(err, ErrVerifyFile) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%q/%q: %v, want a message saying %q", tc.name, tc.content, err, tc.says)
		}
	}
	n, c, err := ValidateVerifyFile(" /WW_verify_AbCd1234.txt ", " AbCd1234\n")
	if err != nil || n != "WW_verify_AbCd1234.txt" || c != "AbCd1234" {
		t.Errorf("pasted with spaces: %q %q %v", n, c, err)
	}
}

func TestAFloodOnAColdCacheStaysOneTicketFetchAndTheLogStaysBounded(t *testing.T) {
	log := NewLog(nil, LogOptions{Ring: 100, Queue: 64})
	t.Cleanup(log.Close)
	s, _ := newTestServer(t, Options{Log: log})
	var wg sync.WaitGroup
	for i := 0; i < 2000; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			get(t, s, PathConfigSignature+"?url="+q("http://localhost/"))
		}()
	}
	wg.Wait()
	log.Flush()
	kept, _ := log.List(context.Background(), Filter{Limit: 1000})
	if len(kept) > 100 {
		t.Errorf("the log keeps %d entries, bound 100", len(kept))
	}
	if log.Total() != 2000 {
		t.Errorf("total %d, want 2000", log.Total())
	}
	// Every request is accounted for: the ring is full, or what it keeps (a flood of
	// identical requests as one entry with its count) and what was dropped add up to all.
	counted := int64(0)
	for _, e := range kept {
		counted += int64(max(e.Count, 1))
	}
	if len(kept) < 100 && counted+log.Dropped() != 2000 {
		t.Errorf("kept %d entries standing for %d requests, dropped %d: want the ring full or all 2000 accounted for", len(kept), counted, log.Dropped())
	}
}

func TestTheLogShowsTheTicketMaskedAndTheBreakdownRebuildsTheSignString(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	page := "https://h5.example.com/p?x=1#frag"
	w := get(t, s, PathConfigSignature+"?url="+url.QueryEscape(page), "User-Agent",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36 wxwork/4.1.30 MicroMessenger/7.0.1 NetType/WIFI Language/zh")
	got := decode[sigBody](t, w)
	es := entries(t, s)
	e := es[len(es)-1]
	if e.App != (ClientInfo{Client: "wxwork", Version: "4.1.30", Platform: "Android"}) {
		t.Errorf("client info %+v", e.App)
	}
	if e.URL != page || e.Timestamp != got.Timestamp || e.NonceStr != got.NonceStr || len(e.Signatures) != 1 || e.Signatures[0].Signature != got.Signature {
		t.Errorf("entry %+v does not match the response %+v", e, got)
	}
	bd := e.Breakdowns()
	want := "jsapi_ticket=co…01&noncestr=" + got.NonceStr + "&timestamp=" + got.Timestamp + "&url=https://h5.example.com/p?x=1"
	if len(bd) != 1 || bd[0].SignStringMasked != want || bd[0].SignedURL != "https://h5.example.com/p?x=1" {
		t.Errorf("breakdown %+v, want sign string %s", bd, want)
	}
}

func TestATicketPastedIntoTheURLIsMaskedInTheLog(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	get(t, s, PathConfigSignature+"?url="+url.QueryEscape("http://localhost/?t="+testCorpTicket))
	es := entries(t, s)
	if strings.Contains(es[len(es)-1].URL, testCorpTicket) {
		t.Error("the log holds the ticket in clear")
	}
}

func TestUnknownPathsAre404AndTheIndexListsTheEndpoints(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	if w := get(t, s, "/etc/passwd"); w.Code != 404 || decode[errBody](t, w).Code != CodeNotFound {
		t.Errorf("%d %s", w.Code, w.Body)
	}
	w := get(t, s, "/")
	if w.Code != 200 || !strings.Contains(w.Body.String(), PathConfigSignature) || !strings.Contains(w.Body.String(), PathCustomers) {
		t.Errorf("%d %s", w.Code, w.Body)
	}
}
