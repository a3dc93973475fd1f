package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fake answers each request with the next canned body.
func fake(t *testing.T, bodies ...string) (*Client, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		if i >= len(bodies) {
			i = len(bodies) - 1
		}
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		fmt.Fprint(w, bodies[i])
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, WithBackoff(func(int) time.Duration { return time.Millisecond }))
	if err != nil {
		t.Fatal(err)
	}
	return c, &n
}

const errmsg60020 = `not allow to access from your ip, hint: [1662317178339603627481038], from ip: 114.132.235.244, more info at https://open.work.weixin.qq.com/devtool/query?e=60020`

func TestGetTokenReturnsTheTokenAndItsLifetime(t *testing.T) {
	c, _ := fake(t, `{"errcode":0,"errmsg":"ok","access_token":"accesstoken000001","expires_in":7200}`)
	got, err := c.GetToken(context.Background(), "ww1", "secret")
	if err != nil {
		t.Fatal(err)
	}
	if got.Value != "accesstoken000001" || got.ExpiresIn != 2*time.Hour {
		t.Fatalf("GetToken() = %+v", got)
	}
}

func TestTheRequestsAreTheOnesWeComDocuments(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Method+" "+r.URL.Path+"?"+r.URL.RawQuery)
		fmt.Fprint(w, `{"errcode":0,"errmsg":"ok","access_token":"t","ticket":"k","expires_in":7200}`)
	}))
	defer srv.Close()
	c, _ := New(srv.URL + "/")
	ctx := context.Background()
	if _, err := c.GetToken(ctx, "ww1", "s"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WithTokens(StaticToken("TOK")).GetCorpTicket(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WithTokens(StaticToken("TOK")).GetAgentTicket(ctx); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"GET /cgi-bin/gettoken?corpid=ww1&corpsecret=s",
		"GET /cgi-bin/get_jsapi_ticket?access_token=TOK",
		"GET /cgi-bin/ticket/get?access_token=TOK&type=agent_config",
	}
	if strings.Join(seen, "\n") != strings.Join(want, "\n") {
		t.Fatalf("requests:\n%s\nwant:\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}
}

func TestANonZeroErrcodeIsAnAPIErrorWithTheCallerIP(t *testing.T) {
	c, _ := fake(t, `{"errcode":60020,"errmsg":"`+errmsg60020+`"}`)
	_, err := c.GetToken(context.Background(), "ww1", "secret")
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want *APIError", err)
	}
	if apiErr.Code != 60020 || apiErr.FromIP != "114.132.235.244" || apiErr.Hint != "1662317178339603627481038" || apiErr.Path != "gettoken" {
		t.Fatalf("APIError = %+v", apiErr)
	}
	if apiErr.Summary() != "not allow to access from your ip" {
		t.Fatalf("Summary() = %q", apiErr.Summary())
	}
	ex, ok := ExplainError(err)
	if !ok || !strings.Contains(ex.Fix.ZhCN, "114.132.235.244") || !strings.Contains(ex.Fix.EnUS, "114.132.235.244") || !strings.Contains(ex.Fix.ZhCN, "企业可信IP") {
		t.Fatalf("explanation = %+v", ex)
	}
}

func TestSystemBusyIsTriedThreeTimesAtMost(t *testing.T) {
	busy := `{"errcode":-1,"errmsg":"system busy"}`
	c, n := fake(t, busy, busy, busy, `{"errcode":0,"errmsg":"ok","ticket":"never","expires_in":7200}`)
	_, err := c.WithTokens(StaticToken("TOK")).GetCorpTicket(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != CodeBusy {
		t.Fatalf("error = %v, want -1 after three tries", err)
	}
	if n.Load() != 3 {
		t.Fatalf("%d requests, want 3", n.Load())
	}
}

func TestSystemBusyThenSuccessSucceeds(t *testing.T) {
	c, n := fake(t, `{"errcode":-1,"errmsg":"system busy"}`, `{"errcode":0,"errmsg":"ok","ticket":"TICKET","expires_in":7200}`)
	got, err := c.WithTokens(StaticToken("TOK")).GetAgentTicket(context.Background())
	if err != nil || got.Value != "TICKET" || n.Load() != 2 {
		t.Fatalf("GetAgentTicket() = %+v, %v after %d requests", got, err, n.Load())
	}
}

func TestRateLimitsAreNotRetriedAndSayWhenToTryAgain(t *testing.T) {
	c, n := fake(t, `{"errcode":45009,"errmsg":"api freq out of limit, hint: [1], from ip: 1.2.3.4, more info at x?e=45009"}`)
	_, err := c.WithTokens(StaticToken("TOK")).GetCorpTicket(context.Background())
	if !IsRateLimited(err) || RetryAfter(err) != time.Minute || n.Load() != 1 {
		t.Fatalf("error = %v (retry after %v) after %d requests", err, RetryAfter(err), n.Load())
	}
}

func TestTokenErrorsAreRecognised(t *testing.T) {
	for _, code := range []int{40014, 42001} {
		if !IsTokenInvalid(&APIError{Code: code}) {
			t.Errorf("IsTokenInvalid(%d) = false", code)
		}
	}
	if IsTokenInvalid(&APIError{Code: 40001}) || IsTokenInvalid(errors.New("x")) {
		t.Error("IsTokenInvalid true for a non-token error")
	}
}

func TestCredentialsNeverAppearInTransportErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	base := srv.URL
	srv.Close() // connection refused from now on
	c, _ := New(base)
	_, err := c.GetToken(context.Background(), "ww1", "SECRET-VALUE-123")
	if err == nil || strings.Contains(err.Error(), "SECRET-VALUE-123") {
		t.Fatalf("error = %v", err)
	}
	_, err = c.WithTokens(StaticToken("TOKEN-VALUE-456")).GetCorpTicket(context.Background())
	if err == nil || strings.Contains(err.Error(), "TOKEN-VALUE-456") || !strings.Contains(err.Error(), "access_token=REDACTED") {
		t.Fatalf("error = %v", err)
	}
}

// echoServer is a WeCom whose errmsg echoes, bare and query-escaped, every value the
// request carried (a hostile or buggy proxy, or a private deployment, may do that).
func echoServer(t *testing.T) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var echo []string
		for _, vs := range r.URL.Query() {
			for _, v := range vs {
				echo = append(echo, v, url.QueryEscape(v))
			}
		}
		b, _ := json.Marshal(map[string]any{"errcode": 40001, "errmsg": "invalid credential " + strings.Join(echo, " ") + ", hint: [" + strings.Join(echo, ",") + "], from ip: 114.132.235.244"})
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAnErrmsgThatEchoesTheSecretOrTheTokenAsABareValueIsRedacted(t *testing.T) {
	c := echoServer(t)
	const secret, token = "S3cret+Value/With=Symbols", "TOKEN0123456789abcdef"
	_, err := c.GetToken(context.Background(), "ww1", secret)
	_, err2 := c.WithTokens(StaticToken(token)).GetCorpTicket(context.Background())
	_, err3 := c.WithTokens(StaticToken(token)).GetAgentTicket(context.Background())
	for _, err := range []error{err, err2, err3} {
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("error = %v, want an APIError", err)
		}
		for _, leak := range []string{secret, url.QueryEscape(secret), token} {
			if strings.Contains(err.Error(), leak) || strings.Contains(apiErr.Msg, leak) || strings.Contains(apiErr.Hint, leak) {
				t.Errorf("%s: the error carries %q: %v (hint %q)", apiErr.Path, leak, err, apiErr.Hint)
			}
		}
		if apiErr.FromIP != "114.132.235.244" || !strings.Contains(err.Error(), "ww1") && apiErr.Path == "gettoken" {
			t.Errorf("%s: lost what is not a credential: %v (from ip %q)", apiErr.Path, err, apiErr.FromIP)
		}
	}
}

func TestAnswersThatAreNotWeComSaySo(t *testing.T) {
	for name, h := range map[string]http.HandlerFunc{
		"html":       func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "<html>proxy login</html>") },
		"502":        func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(502) },
		"no errcode": func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, `{"hello":"world"}`) },
		"no ticket":  func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, `{"errcode":0,"errmsg":"ok"}`) },
	} {
		srv := httptest.NewServer(h)
		c, _ := New(srv.URL)
		_, err := c.WithTokens(StaticToken("TOK")).GetCorpTicket(context.Background())
		srv.Close()
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if name != "no ticket" && !strings.Contains(err.Error(), "API base URL") && !strings.Contains(err.Error(), "WeCom server") {
			t.Errorf("%s: error %q does not point at the base URL", name, err)
		}
	}
}

func TestBaseURLsAreValidated(t *testing.T) {
	good := map[string]string{
		"https://qyapi.weixin.qq.com":        "https://qyapi.weixin.qq.com",
		"https://wecom.example.com/cgi-bin/": "https://wecom.example.com",
		"http://127.0.0.1:8080/prefix/":      "http://127.0.0.1:8080/prefix",
		"  https://qyapi.weixin.qq.com/  ":   "https://qyapi.weixin.qq.com",
	}
	for in, want := range good {
		u, err := ValidateBaseURL(in)
		if err != nil || u.String() != want {
			t.Errorf("ValidateBaseURL(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
	for _, bad := range []string{"qyapi.weixin.qq.com", "ftp://x", "https://", "https://x?y=1", "https://u:p@x"} {
		if _, err := ValidateBaseURL(bad); err == nil {
			t.Errorf("ValidateBaseURL(%q) accepted", bad)
		}
	}
}

func TestPlainHTTPIsRefusedForEveryHostButLoopback(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:8080", "http://127.9.8.7", "http://[::1]:9000/p", "http://localhost:3000", "http://LocalHost", "https://10.0.0.5"} {
		if _, err := ValidateBaseURL(ok); err != nil {
			t.Errorf("ValidateBaseURL(%q) = %v; want it allowed", ok, err)
		}
	}
	for _, bad := range []string{"http://10.0.0.5", "http://qyapi.weixin.qq.com", "http://example.com:80/cgi-bin", "http://0.0.0.0:8080",
		"http://localhost.example.com", "http://127.0.0.1.nip.io", "http://[::ffff:10.0.0.5]", "HTTP://192.168.1.2"} {
		_, err := ValidateBaseURL(bad)
		if !errors.Is(err, ErrBaseURL) {
			t.Errorf("ValidateBaseURL(%q) = %v; want ErrBaseURL", bad, err)
			continue
		}
		for _, says := range []string{"plain http", "clear text", "https://", "loopback"} {
			if !strings.Contains(err.Error(), says) {
				t.Errorf("ValidateBaseURL(%q) error %q does not say %q", bad, err, says)
			}
		}
	}
}

func TestTheClientRefusesAPlainHTTPBaseSoAStoredProfileCannotSendTheSecret(t *testing.T) {
	if c, err := New("http://10.0.0.5"); !errors.Is(err, ErrBaseURL) || c != nil {
		t.Fatalf("New(http://10.0.0.5) = %v, %v; want no client and ErrBaseURL", c, err)
	}
}

func TestEveryExplanationSpeaksBothLanguages(t *testing.T) {
	must := []int{-1, 40001, 40013, 40014, 40056, 41001, 42001, 45009, 45033, 48002, 60020, 40093, 42012}
	for _, code := range must {
		if _, ok := Explain(code); !ok {
			t.Errorf("no explanation for %d", code)
		}
	}
	for _, code := range Codes() {
		ex, _ := Explain(code)
		if ex.Cause.ZhCN == "" || ex.Cause.EnUS == "" || ex.Fix.ZhCN == "" || ex.Fix.EnUS == "" {
			t.Errorf("%d: missing a language: %+v", code, ex)
		}
		if !strings.HasSuffix(ex.Doc, fmt.Sprintf("?e=%d", code)) {
			t.Errorf("%d: doc %q", code, ex.Doc)
		}
	}
}
