package sandbox

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// authorizeURL builds an authorize URL for the default corp, as a page would.
func authorizeURL(redirect, scope, state string, agentID int64) string {
	q := "appid=" + DefaultCorpID + "&redirect_uri=" + url.QueryEscape(redirect) + "&response_type=code&scope=" + scope + "&state=" + state
	if agentID != 0 {
		q += "&agentid=" + strconv.FormatInt(agentID, 10)
	}
	return AuthorizePath + "?" + q + "#wechat_redirect"
}

// exactly trusts one host[:port] (the console's rule, internal/reach, is richer).
func exactly(hostport string) TrustedFunc {
	return func(_, hp string) bool { return hp == hostport }
}

// noRedirect is a client that shows the 302 instead of following it.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (sb *sandbox) page(path string) (int, http.Header, string) {
	sb.t.Helper()
	resp, err := noRedirect.Get(sb.base + path)
	if err != nil {
		sb.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// codeFor runs the authorize page for person and returns the code of the 302.
func (sb *sandbox) codeFor(authorize, person string) string {
	sb.t.Helper()
	status, h, body := sb.page(strings.Replace(authorize, "#wechat_redirect", "", 1) + "&pick=" + url.QueryEscape(person))
	if status != http.StatusFound {
		sb.t.Fatalf("authorize as %s: HTTP %d, want 302: %s", person, status, body)
	}
	loc, err := url.Parse(h.Get("Location"))
	if err != nil {
		sb.t.Fatal(err)
	}
	return loc.Query().Get("code")
}

func TestTheAuthorizePageListsMembersCustomersAndAStrangerAndRedirectsWithCodeAndState(t *testing.T) {
	sb := start(t, Options{})
	a := authorizeURL("http://127.0.0.1:8787/page?x=1", ScopeBase, "abc123", 0)
	status, _, body := sb.page(strings.Replace(a, "#wechat_redirect", "", 1))
	if status != http.StatusOK {
		t.Fatalf("HTTP %d", status)
	}
	for _, want := range []string{`data-pick="zhangsan"`, `data-pick="` + CustomerChen + `"`, `data-pick="stranger"`, "张三"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	_, h, _ := sb.page(strings.Replace(a, "#wechat_redirect", "", 1) + "&pick=zhangsan")
	loc := h.Get("Location")
	if !strings.HasPrefix(loc, "http://127.0.0.1:8787/page?x=1&code=") || !strings.HasSuffix(loc, "&state=abc123") {
		t.Errorf("Location = %s, want the redirect_uri with its query, then code and state", loc)
	}
}

func TestACodeWorksOnceAndThenAnswers40029WithWeComsErrmsgTail(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	code := sb.codeFor(authorizeURL("http://127.0.0.1:8787/", ScopeBase, "s", 0), UserZhangsan)
	r := sb.get("auth/getuserinfo", sb.withToken(tok, url.Values{"code": {code}}))
	wantCode(t, r, 0)
	if r.Body["userid"] != UserZhangsan {
		t.Errorf("userid = %v", r.Body["userid"])
	}
	if _, ok := r.Body["user_ticket"]; ok {
		t.Error("snsapi_base gave a user_ticket")
	}
	r = sb.get("auth/getuserinfo", sb.withToken(tok, url.Values{"code": {code}}))
	wantCode(t, r, CodeInvalidCode)
	if !strings.HasPrefix(r.Msg, "invalid code, hint: [") || !strings.Contains(r.Msg, "more info at https://open.work.weixin.qq.com/devtool/query?e=40029") {
		t.Errorf("errmsg = %q", r.Msg)
	}
}

func TestACodeExpiresAfterFiveMinutesOnTheSandboxesClock(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	a := authorizeURL("http://localhost:5173/", ScopeBase, "", 0)
	early := sb.codeFor(a, UserLisi)
	late := sb.codeFor(a, UserLisi)
	sb.clock.Advance(codeTTL - time.Second)
	wantCode(t, sb.get("auth/getuserinfo", sb.withToken(tok, url.Values{"code": {early}})), 0)
	sb.clock.Advance(time.Second)
	wantCode(t, sb.get("auth/getuserinfo", sb.withToken(tok, url.Values{"code": {late}})), CodeInvalidCode)
}

func TestANonMemberGetsAnOpenIDAndTheCustomersExternalUserID(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	a := authorizeURL("http://127.0.0.1:9000/", ScopeBase, "", 0)
	r := sb.get("auth/getuserinfo", sb.withToken(tok, url.Values{"code": {sb.codeFor(a, CustomerChen)}}))
	wantCode(t, r, 0)
	if r.Body["external_userid"] != CustomerChen || r.Body["openid"] != OpenID(DefaultCorpID, CustomerChen) || r.Body["userid"] != nil {
		t.Errorf("answer = %s", r.Raw)
	}
	r = sb.get("auth/getuserinfo", sb.withToken(tok, url.Values{"code": {sb.codeFor(a, StrangerID)}}))
	wantCode(t, r, 0)
	if r.Body["external_userid"] != nil || r.Body["openid"] == "" {
		t.Errorf("a stranger's answer = %s", r.Raw)
	}
}

func TestARedirectOffTheTrustedDomainsIsRefusedByThePageAndByGetUserInfo(t *testing.T) {
	sb := start(t, Options{})
	sb.srv.SetTrustedDomains(DefaultCorpID, DefaultAgentID, exactly("h5.example.com"))
	status, _, body := sb.page(strings.Replace(authorizeURL("https://h5.example.com:8443/", ScopeBase, "", DefaultAgentID), "#wechat_redirect", "", 1))
	if status != http.StatusOK || !strings.Contains(body, "redirect_uri需使用应用可信域名") || !strings.Contains(body, "data-authorize-error") {
		t.Fatalf("HTTP %d, page %s", status, body)
	}
	// A code sent to a domain the token's app does not trust: 50001 (doc 91023).
	code := sb.codeFor(authorizeURL("https://h5.example.com/", ScopeBase, "", DefaultAgentID), UserZhangsan)
	sb.srv.SetTrustedDomains(DefaultCorpID, DefaultAgentID, exactly("other.example.com"))
	wantCode(t, sb.get("auth/getuserinfo", sb.withToken(sb.token(), url.Values{"code": {code}})), CodeRedirectUnauthorized)
}

func TestPrivateInfoNeedsAnAgentIDAndGivesAUserTicketForTheDetail(t *testing.T) {
	sb := start(t, Options{})
	status, _, body := sb.page(strings.Replace(authorizeURL("http://127.0.0.1:8787/", ScopePrivateInfo, "", 0), "#wechat_redirect", "", 1))
	if status != http.StatusOK || !strings.Contains(body, "needs agentid") {
		t.Fatalf("privateinfo without agentid: HTTP %d %s", status, body)
	}
	tok := sb.token()
	code := sb.codeFor(authorizeURL("http://127.0.0.1:8787/", ScopePrivateInfo, "", DefaultAgentID), UserZhangsan)
	r := sb.get("auth/getuserinfo", sb.withToken(tok, url.Values{"code": {code}}))
	wantCode(t, r, 0)
	ticket, _ := r.Body["user_ticket"].(string)
	if ticket == "" {
		t.Fatalf("no user_ticket: %s", r.Raw)
	}
	d := sb.post("auth/getuserdetail", tok, map[string]string{"user_ticket": ticket})
	wantCode(t, d, 0)
	if d.Body["userid"] != UserZhangsan || d.Body["mobile"] == "" || d.Body["avatar"] == "" {
		t.Errorf("detail = %s", d.Raw)
	}
	sb.clock.Advance(userTicketTTL)
	wantCode(t, sb.post("auth/getuserdetail", tok, map[string]string{"user_ticket": ticket}), CodeInvalidParameter)
}

func TestResetForgetsTheCodes(t *testing.T) {
	sb := start(t, Options{})
	code := sb.codeFor(authorizeURL("http://127.0.0.1:8787/", ScopeBase, "", 0), UserZhangsan)
	if err := sb.srv.Reset(t.Context()); err != nil {
		t.Fatal(err)
	}
	wantCode(t, sb.get("auth/getuserinfo", sb.withToken(sb.token(), url.Values{"code": {code}})), CodeInvalidCode)
}

func TestAuthorizeGivesACodeToTools(t *testing.T) {
	sb := start(t, Options{})
	code, err := sb.srv.Authorize(authorizeURL("http://127.0.0.1:8787/", ScopeBase, "", 0), UserWangwu)
	if err != nil || code == "" {
		t.Fatalf("Authorize: %q, %v", code, err)
	}
	if _, err := sb.srv.Authorize(authorizeURL("https://evil.example/", ScopeBase, "", 0), UserWangwu); err == nil || !strings.Contains(err.Error(), "trusted domain") {
		t.Errorf("an untrusted redirect: %v", err)
	}
}
