package devserver

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"wecomdev/internal/jssdk"
	"wecomdev/internal/wecom"
	"wecomdev/internal/wecom/sandbox"
)

// sandboxOAuth is a backend whose OAuth calls go to a real sandbox WeCom through the
// production client.
type sandboxOAuth struct {
	*phoneBackend
	sb     *sandbox.Server
	client *wecom.Client
}

func (b *sandboxOAuth) CorpID() string { return sandbox.DefaultCorpID }
func (b *sandboxOAuth) OAuthUserInfo(ctx context.Context, code string) (wecom.OAuthUser, error) {
	return b.client.GetUserInfo(ctx, code)
}
func (b *sandboxOAuth) OAuthUserDetail(ctx context.Context, t string) (wecom.UserDetail, error) {
	return b.client.GetUserDetail(ctx, t)
}

func newOAuthServer(t *testing.T) (*Server, *sandboxOAuth) {
	t.Helper()
	s, pb := newPhoneServer(t, Options{})
	sb := sandbox.New(sandbox.Options{})
	base, err := sb.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	c, err := wecom.New(base)
	if err != nil {
		t.Fatal(err)
	}
	secret := sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)
	tok, err := c.GetToken(context.Background(), sandbox.DefaultCorpID, secret)
	if err != nil {
		t.Fatal(err)
	}
	b := &sandboxOAuth{phoneBackend: pb, sb: sb, client: c.WithTokens(wecom.StaticToken(tok.Value))}
	s.b = b
	return s, b
}

// sandboxCode runs the sandbox's authorize page for person.
func (b *sandboxOAuth) sandboxCode(t *testing.T, scope string, person string) string {
	t.Helper()
	a := sandbox.AuthorizePath + "?appid=" + sandbox.DefaultCorpID + "&redirect_uri=" + url.QueryEscape("http://127.0.0.1:8787/page") +
		"&response_type=code&scope=" + scope + "&state=s1&agentid=1000002#wechat_redirect"
	code, err := b.sb.Authorize(a, person)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

type oauthAnswer struct {
	UserID         string        `json:"userid"`
	OpenID         string        `json:"openid"`
	ExternalUserID string        `json:"external_userid"`
	UserTicket     string        `json:"user_ticket"`
	Mobile         string        `json:"mobile"`
	Code           string        `json:"code"`
	Finding        *OAuthFinding `json:"finding"`
}

func TestOAuthUserInfoAnswersAMembersUserIDFromTheSandbox(t *testing.T) {
	s, b := newOAuthServer(t)
	code := b.sandboxCode(t, "snsapi_base", sandbox.UserLisi)
	w := get(t, s, PathOAuthUserInfo+"?code="+code)
	if w.Code != http.StatusOK {
		t.Fatalf("HTTP %d: %s", w.Code, w.Body)
	}
	if a := decode[oauthAnswer](t, w); a.UserID != sandbox.UserLisi || a.OpenID != "" {
		t.Errorf("answer = %s", w.Body)
	}
	e := lastEntry(t, s, EndpointOAuthUserInfo)
	if e.OAuth == nil || e.OAuth.UserID != sandbox.UserLisi || e.Status != http.StatusOK {
		t.Errorf("log entry = %+v", e)
	}
}

func TestOAuthUserInfoAnswersANonMembersOpenIDAndExternalUserIDFromTheSandbox(t *testing.T) {
	s, b := newOAuthServer(t)
	w := get(t, s, PathOAuthUserInfo+"?code="+b.sandboxCode(t, "snsapi_base", sandbox.CustomerZhou))
	a := decode[oauthAnswer](t, w)
	if w.Code != http.StatusOK || a.UserID != "" || a.OpenID == "" || a.ExternalUserID != sandbox.CustomerZhou {
		t.Errorf("HTTP %d, answer = %s", w.Code, w.Body)
	}
}

func TestPrivateInfoAnswersTheDetailFieldsAndNeverTheUserTicket(t *testing.T) {
	s, b := newOAuthServer(t)
	w := get(t, s, PathOAuthUserInfo+"?code="+b.sandboxCode(t, "snsapi_privateinfo", sandbox.UserZhangsan))
	a := decode[oauthAnswer](t, w)
	if w.Code != http.StatusOK || a.UserID != sandbox.UserZhangsan || a.Mobile == "" {
		t.Fatalf("HTTP %d, answer = %s", w.Code, w.Body)
	}
	if strings.Contains(w.Body.String(), "user_ticket") {
		t.Errorf("the answer names the user_ticket: %s", w.Body)
	}
	if e := lastEntry(t, s, EndpointOAuthUserInfo); !e.OAuth.Detail {
		t.Errorf("the log does not say the detail was read: %+v", e.OAuth)
	}
}

func TestASecondUseOfACodeIsFlaggedAsTheDoubleRedirectWithTheFirstUseBeside(t *testing.T) {
	s, b := newOAuthServer(t)
	code := b.sandboxCode(t, "snsapi_base", sandbox.UserZhangsan)
	if w := get(t, s, PathOAuthUserInfo+"?code="+code); w.Code != http.StatusOK {
		t.Fatalf("first use: HTTP %d %s", w.Code, w.Body)
	}
	w := get(t, s, PathOAuthUserInfo+"?code="+code)
	a := decode[oauthAnswer](t, w)
	if w.Code != http.StatusBadRequest || a.Code != "WECOM_40029" || a.Finding == nil || a.Finding.Code != FindingCodeReused {
		t.Fatalf("second use: HTTP %d %s", w.Code, w.Body)
	}
	if a.Finding.FirstUse == nil || a.Finding.FirstUse.UserID != sandbox.UserZhangsan || a.Finding.Message.ZhCN == "" || a.Finding.Fix.EnUS == "" {
		t.Errorf("the finding lacks the first use or its texts: %+v", a.Finding)
	}
	e := lastEntry(t, s, EndpointOAuthUserInfo)
	if e.Code != "WECOM_40029" || e.OAuth == nil || e.OAuth.Finding == nil || e.OAuth.Finding.Code != FindingCodeReused {
		t.Errorf("the log entry does not flag it: %+v", e)
	}
}

func TestACodeTheSandboxNoLongerKnowsIs40029WithoutAFirstUse(t *testing.T) {
	s, _ := newOAuthServer(t)
	w := get(t, s, PathOAuthUserInfo+"?code=neverIssuedCode0000000000")
	a := decode[oauthAnswer](t, w)
	if a.Finding == nil || a.Finding.Code != FindingCodeInvalid || a.Finding.FirstUse != nil {
		t.Errorf("HTTP %d %s", w.Code, w.Body)
	}
}

func TestTheCodeNeverAppearsInTheLogTheEventOrTheAnswer(t *testing.T) {
	s, b := newOAuthServer(t)
	code := b.sandboxCode(t, "snsapi_privateinfo", sandbox.UserZhangsan)
	var bodies []string
	for range 2 {
		bodies = append(bodies, get(t, s, PathOAuthUserInfo+"?code="+code).Body.String())
	}
	w := get(t, s, PathOAuthAuthorize+"?appid="+sandbox.DefaultCorpID+"&redirect_uri="+url.QueryEscape("http://127.0.0.1:8787/p")+"&response_type=code&scope=snsapi_base&state=x")
	loc, _ := url.Parse(w.Header().Get("Location"))
	emCode := loc.Query().Get("code")
	bodies = append(bodies, get(t, s, PathOAuthUserInfo+"?code="+emCode).Body.String())
	// A page that builds its redirect_uri from location.href carries the old code back.
	get(t, s, PathOAuthAuthorize+"?appid="+sandbox.DefaultCorpID+"&redirect_uri="+url.QueryEscape("http://127.0.0.1:8787/p?code="+emCode)+"&response_type=code&scope=snsapi_base&state=x")
	for _, e := range entries(t, s) {
		js, _ := json.Marshal(e)
		bodies = append(bodies, string(js))
	}
	for _, body := range bodies {
		for _, c := range []string{code, emCode} {
			if c != "" && strings.Contains(body, c) {
				t.Fatalf("a code appears in %s", body)
			}
		}
	}
}

func TestTheEmulatorsAuthorizePageRedirectsWithACodeForItsSignedInMember(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	a := PathOAuthAuthorize + "?appid=ww0123456789abcdef&redirect_uri=" + url.QueryEscape("http://localhost:5173/app?x=1") +
		"&response_type=code&scope=snsapi_base&state=st1&agentid=1000002"
	w := get(t, s, a)
	if w.Code != http.StatusFound {
		t.Fatalf("HTTP %d %s", w.Code, w.Body)
	}
	loc, _ := url.Parse(w.Header().Get("Location"))
	if loc.Host != "localhost:5173" || loc.Query().Get("x") != "1" || loc.Query().Get("state") != "st1" || loc.Query().Get("code") == "" {
		t.Fatalf("Location = %s", loc)
	}
	r := get(t, s, PathOAuthUserInfo+"?code="+url.QueryEscape(loc.Query().Get("code")))
	if a := decode[oauthAnswer](t, r); r.Code != http.StatusOK || a.UserID != "zhangsan" {
		t.Fatalf("exchange: HTTP %d %s", r.Code, r.Body)
	}
	// The overlay switches the member; the next code is for lisi.
	if m := post(t, s, PathEmulatorMember, `{"userid":"lisi"}`); m.Code != http.StatusOK || !strings.Contains(m.Body.String(), `"member":"lisi"`) {
		t.Fatalf("switch: HTTP %d %s", m.Code, m.Body)
	}
	loc, _ = url.Parse(get(t, s, a).Header().Get("Location"))
	r = get(t, s, PathOAuthUserInfo+"?code="+url.QueryEscape(loc.Query().Get("code")))
	if a := decode[oauthAnswer](t, r); a.UserID != "lisi" {
		t.Errorf("after the switch: %s", r.Body)
	}
	if m := post(t, s, PathEmulatorMember, `{"userid":"nobody"}`); m.Code != http.StatusBadRequest {
		t.Errorf("an unknown member: HTTP %d", m.Code)
	}
}

func TestTheEmulatorsAuthorizePageRefusesWhatWeComRefuses(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	base := "?appid=ww0123456789abcdef&response_type=code&state=s"
	for name, q := range map[string]string{
		"an untrusted redirect_uri":    base + "&scope=snsapi_base&redirect_uri=" + url.QueryEscape("https://evil.example/"),
		"a trusted host on a new port": base + "&scope=snsapi_base&redirect_uri=" + url.QueryEscape("https://h5.example.com:8443/"),
		"privateinfo without agentid":  base + "&scope=snsapi_privateinfo&redirect_uri=" + url.QueryEscape("http://127.0.0.1:5173/"),
		"agentid=null":                 base + "&scope=snsapi_base&agentid=null&redirect_uri=" + url.QueryEscape("http://127.0.0.1:5173/"),
		"another corp's appid":         "?appid=wwother&response_type=code&scope=snsapi_base&redirect_uri=" + url.QueryEscape("http://127.0.0.1:5173/"),
		"a state with a dash":          "?appid=ww0123456789abcdef&response_type=code&scope=snsapi_base&state=a-b&redirect_uri=" + url.QueryEscape("http://127.0.0.1:5173/"),
	} {
		w := get(t, s, PathOAuthAuthorize+q)
		if w.Code == http.StatusFound || !strings.Contains(w.Body.String(), "data-authorize-error") {
			t.Errorf("%s: HTTP %d %s", name, w.Code, w.Body)
		}
	}
	w := get(t, s, PathOAuthAuthorize+base+"&scope=snsapi_base&redirect_uri="+url.QueryEscape("https://evil.example/"))
	if !strings.Contains(w.Body.String(), "redirect_uri需使用应用可信域名") {
		t.Errorf("the refusal lacks WeCom's text: %s", w.Body)
	}
	s.SetEmulator(false)
	if w := get(t, s, PathOAuthAuthorize+base+"&scope=snsapi_base&redirect_uri="+url.QueryEscape("http://127.0.0.1:5173/")); w.Code != http.StatusForbidden {
		t.Errorf("emulator off: HTTP %d", w.Code)
	}
}

func TestAnEmulatedCodeExpiresAfterFiveMinutes(t *testing.T) {
	c := newClock()
	s, _ := newPhoneServer(t, Options{Now: c.now})
	w := get(t, s, PathOAuthAuthorize+"?appid=ww0123456789abcdef&response_type=code&scope=snsapi_base&redirect_uri="+url.QueryEscape("http://127.0.0.1:5173/"))
	loc, _ := url.Parse(w.Header().Get("Location"))
	c.advance(oauthCodeTTL)
	r := get(t, s, PathOAuthUserInfo+"?code="+url.QueryEscape(loc.Query().Get("code")))
	if a := decode[oauthAnswer](t, r); a.Finding == nil || a.Finding.Code != FindingCodeInvalid {
		t.Errorf("HTTP %d %s", r.Code, r.Body)
	}
}

func TestOAuthUserInfoRefusesAnOriginThatIsNotAllowed(t *testing.T) {
	s, b := newOAuthServer(t)
	w := get(t, s, PathOAuthUserInfo+"?code="+b.sandboxCode(t, "snsapi_base", sandbox.UserLisi), "Origin", "https://evil.example")
	if w.Code != http.StatusForbidden {
		t.Errorf("HTTP %d %s", w.Code, w.Body)
	}
}

func TestTheConsolesRequestLogFilterOffersTheOAuthEndpoints(t *testing.T) {
	src, err := os.ReadFile("../../frontend/src/api/devserver.types.ts")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []string{EndpointOAuthUserInfo, EndpointOAuthAuthorize} {
		if !strings.Contains(string(src), "'"+e+"'") {
			t.Errorf("DEV_ENDPOINTS in devserver.types.ts lacks %s", e)
		}
	}
}

func TestAPageThatSignsBeforeStrippingItsOAuthCodeIsSignedOverTheRealURLAndLoggedWithTheCodeMasked(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	const code = "CODEq1w2e3r4t5y6u7i8o9p0"
	page := "https://h5.example.com/app/?code=" + code + "&state=s1"
	w := get(t, s, PathConfigSignature+"?url="+url.QueryEscape(page))
	got := decode[sigBody](t, w)
	if want := jssdk.Signature(testCorpTicket, got.NonceStr, got.Timestamp, page); got.Signature != want {
		t.Fatalf("signature %s, want %s over the URL as the page has it, code and all", got.Signature, want)
	}
	es := entries(t, s)
	if len(es) == 0 {
		t.Fatal("no log entry")
	}
	js, _ := json.Marshal(es[len(es)-1])
	if strings.Contains(string(js), code) || !strings.Contains(string(js), "code=CO…p0") {
		t.Errorf("the log entry keeps the code, or not even its mask: %s", js)
	}
}

func TestAnEmulatedCodePastItsFiveMinutesIsStillTheEmulatorsAndNeverGoesToWeCom(t *testing.T) {
	c := newClock()
	s, _ := newPhoneServer(t, Options{Now: c.now})
	w := get(t, s, PathOAuthAuthorize+"?appid=ww0123456789abcdef&response_type=code&scope=snsapi_base&redirect_uri="+url.QueryEscape("http://127.0.0.1:5173/"))
	loc, _ := url.Parse(w.Header().Get("Location"))
	c.advance(oauthCodeTTL + time.Minute)
	r := get(t, s, PathOAuthUserInfo+"?code="+url.QueryEscape(loc.Query().Get("code")))
	if a := decode[oauthAnswer](t, r); a.Finding == nil || a.Finding.Code != FindingCodeInvalid {
		t.Errorf("HTTP %d %s", r.Code, r.Body)
	}
}
