package oauth

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"wecomdev/internal/diagnose"
)

var ctx = Context{CorpID: "ww1234567890abcdef", AgentID: "1000002", TrustedDomains: []string{"h5.example.com", "dev.example.com:8443"}}

const (
	good  = "https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww1234567890abcdef&redirect_uri=https%3A%2F%2Fh5.example.com%2Flogin%3Ffrom%3Dmenu&response_type=code&scope=snsapi_base&state=abc123&agentid=1000002#wechat_redirect"
	front = "https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww1234567890abcdef"
)

func codes(fs []diagnose.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Code+":"+f.Severity)
	}
	return out
}

func TestTheCheckerExplainsEachBrokenRuleOfAnAuthorizeURL(t *testing.T) {
	cases := []struct {
		name string
		url  string
		ctx  Context
		want []string // code:severity, in order
	}{
		{"a right URL", good, ctx, nil},
		{"the doc's own example, empty state, no agentid", "https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww1234567890abcdef&redirect_uri=http%3a%2f%2fh5.example.com%2fcgi-bin%2fquery%3faction%3dget&response_type=code&scope=snsapi_base&state=#wechat_redirect", ctx, nil},
		{"privateinfo with agentid on a trusted port", front + "&redirect_uri=https%3A%2F%2Fdev.example.com%3A8443%2Fp&response_type=code&scope=snsapi_privateinfo&state=s&agentid=1000002#wechat_redirect", ctx, nil},
		{"nothing", "  ", ctx, []string{"OAUTH_NOT_A_URL:error"}},
		{"no scheme", "open.weixin.qq.com/connect/oauth2/authorize?appid=x", ctx, []string{"OAUTH_NOT_A_URL:error"}},
		{"the QR login endpoint", strings.Replace(good, "/connect/oauth2/authorize", "/wwopen/sso/qrConnect", 1), ctx, []string{"OAUTH_ENDPOINT:error"}},
		{"the emulator's endpoint", strings.Replace(good, "https://open.weixin.qq.com", "http://127.0.0.1:8787", 1), ctx, []string{"OAUTH_ENDPOINT:warn"}},
		{"another corp's appid", strings.Replace(good, "appid=ww1234567890abcdef", "appid=wwother", 1), ctx, []string{"OAUTH_APPID:error"}},
		{"no appid", strings.Replace(good, "appid=ww1234567890abcdef&", "", 1), ctx, []string{"OAUTH_APPID:error"}},
		{"no redirect_uri", strings.Replace(good, "redirect_uri=https%3A%2F%2Fh5.example.com%2Flogin%3Ffrom%3Dmenu&", "", 1), ctx, []string{"OAUTH_REDIRECT_MISSING:error"}},
		{"a raw redirect without a query", front + "&redirect_uri=https://h5.example.com/login&response_type=code&scope=snsapi_base&state=a#wechat_redirect", ctx, []string{"OAUTH_REDIRECT_NOT_ENCODED:warn"}},
		{"a raw redirect with its own query", front + "&redirect_uri=https://h5.example.com/login?from=menu&tab=2&response_type=code&scope=snsapi_base&state=a#wechat_redirect", ctx,
			[]string{"OAUTH_REDIRECT_NOT_ENCODED:error", "OAUTH_REDIRECT_AMPERSAND:error"}},
		{"an encoded redirect whose & was not encoded", front + "&redirect_uri=https%3A%2F%2Fh5.example.com%2Flogin%3Ffrom%3Dmenu&tab=2&response_type=code&scope=snsapi_base&state=a#wechat_redirect", ctx,
			[]string{"OAUTH_REDIRECT_AMPERSAND:error"}},
		{"an extra parameter elsewhere", good[:strings.Index(good, "#")] + "&lang=zh#wechat_redirect", ctx, []string{"OAUTH_REDIRECT_AMPERSAND:warn"}},
		{"a double-encoded redirect", front + "&redirect_uri=https%253A%252F%252Fh5.example.com%252Flogin&response_type=code&scope=snsapi_base&state=a#wechat_redirect", ctx,
			[]string{"OAUTH_REDIRECT_DOUBLE_ENCODED:error"}},
		{"a relative redirect", front + "&redirect_uri=%2Flogin&response_type=code&scope=snsapi_base&state=a#wechat_redirect", ctx, []string{"OAUTH_REDIRECT_INVALID:error"}},
		{"an encoded hash route in the redirect", front + "&redirect_uri=https%3A%2F%2Fh5.example.com%2F%23%2Flogin&response_type=code&scope=snsapi_base&state=a#wechat_redirect", ctx,
			[]string{"OAUTH_REDIRECT_HASH:error"}},
		{"a raw hash route that cuts the URL", front + "&redirect_uri=https%3A%2F%2Fh5.example.com%2F#/login&response_type=code&scope=snsapi_base&state=a#wechat_redirect", ctx,
			[]string{"OAUTH_REDIRECT_HASH:error"}},
		{"a redirect off the trusted domains", strings.Replace(good, "h5.example.com", "evil.example.org", 1), ctx, []string{"OAUTH_REDIRECT_UNTRUSTED:error"}},
		{"a redirect on a trusted host but another port", strings.Replace(good, "h5.example.com", "h5.example.com%3A8080", 1), ctx, []string{"OAUTH_REDIRECT_UNTRUSTED:error"}},
		{"a profile without trusted domains", good, Context{Profile: "p", CorpID: ctx.CorpID}, []string{"OAUTH_NO_TRUSTED_DOMAINS:warn"}},
		{"no profile at all", good, Context{}, []string{"OAUTH_NO_TRUSTED_DOMAINS:warn"}},
		{"response_type=token", strings.Replace(good, "response_type=code", "response_type=token", 1), ctx, []string{"OAUTH_RESPONSE_TYPE:error"}},
		{"no scope", strings.Replace(good, "&scope=snsapi_base", "", 1), ctx, []string{"OAUTH_SCOPE:error"}},
		{"WeChat's scope", strings.Replace(good, "snsapi_base", "snsapi_userinfo", 1), ctx, []string{"OAUTH_SCOPE_WECHAT:error"}},
		{"a state with punctuation", strings.Replace(good, "state=abc123", "state=a-b_c", 1), ctx, []string{"OAUTH_STATE:error"}},
		{"a state of 129 bytes", strings.Replace(good, "state=abc123", "state="+strings.Repeat("a", 129), 1), ctx, []string{"OAUTH_STATE:error"}},
		{"privateinfo without agentid", strings.Replace(strings.Replace(good, "snsapi_base", "snsapi_privateinfo", 1), "&agentid=1000002", "", 1), ctx, []string{"OAUTH_AGENTID_MISSING:error"}},
		{"agentid=null", strings.Replace(good, "agentid=1000002", "agentid=null", 1), ctx, []string{"OAUTH_AGENTID_INVALID:error"}},
		{"agentid=undefined with privateinfo", strings.Replace(strings.Replace(good, "snsapi_base", "snsapi_privateinfo", 1), "agentid=1000002", "agentid=undefined", 1), ctx, []string{"OAUTH_AGENTID_INVALID:error"}},
		{"another app's agentid", strings.Replace(good, "agentid=1000002", "agentid=1000009", 1), ctx, []string{"OAUTH_AGENTID_MISMATCH:warn"}},
		{"no #wechat_redirect", strings.TrimSuffix(good, "#wechat_redirect"), ctx, []string{"OAUTH_WECHAT_REDIRECT:error"}},
		{"#wechat_redirect before agentid", strings.Replace(strings.Replace(good, "&agentid=1000002", "", 1), "#wechat_redirect", "#wechat_redirect&agentid=1000002", 1), ctx, []string{"OAUTH_WECHAT_REDIRECT:error"}},
		{"another fragment", strings.Replace(good, "#wechat_redirect", "#/home", 1), ctx, []string{"OAUTH_WECHAT_REDIRECT:error"}},
		{"scope twice", strings.Replace(good, "&state=", "&scope=snsapi_privateinfo&state=", 1), ctx, []string{"OAUTH_PARAM_REPEATED:error"}},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := CheckAuthorizeURL(c.url, c.ctx)
			got := codes(fs)
			want := c.want
			if want == nil {
				want = []string{}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("findings = %v, want %v", got, want)
			}
			for _, f := range fs {
				seen[f.Code] = true
				if f.Message.ZhCN == "" || f.Message.EnUS == "" || f.Fix.ZhCN == "" || f.Fix.EnUS == "" {
					t.Errorf("%s lacks a text: %+v", f.Code, f)
				}
			}
			if HasError(fs) != slices.ContainsFunc(want, func(s string) bool { return strings.HasSuffix(s, ":error") }) {
				t.Errorf("HasError = %v for %v", HasError(fs), want)
			}
		})
	}
	for _, code := range FindingCodes() {
		if !seen[code] {
			t.Errorf("no case gives %s", code)
		}
	}
}

func TestTheCheckerNamesTheParametersAHashRouteCutsOff(t *testing.T) {
	u := front + "&redirect_uri=https%3A%2F%2Fh5.example.com%2F#/login&response_type=code&scope=snsapi_base&state=a#wechat_redirect"
	fs := CheckAuthorizeURL(u, ctx)
	if len(fs) != 1 || fs[0].Evidence != "#/login" || !strings.Contains(fs[0].Message.EnUS, "response_type, scope, state") {
		t.Fatalf("findings = %+v", fs)
	}
}

func TestTheUntrustedFindingSaysWhenOnlyThePortDiffers(t *testing.T) {
	fs := CheckAuthorizeURL(strings.Replace(good, "h5.example.com", "h5.example.com%3A8080", 1), ctx)
	if len(fs) != 1 || fs[0].Evidence != "h5.example.com:8080" || !strings.Contains(fs[0].Message.EnUS, "port is part of the domain") {
		t.Fatalf("findings = %+v", fs)
	}
}

func TestAFindingNeverShowsAnOAuthCode(t *testing.T) {
	// The return URL pasted by mistake, and a redirect_uri that carries an old code.
	for _, u := range []string{
		"https://h5.example.com/login?code=SECRETCODE123&state=a",
		front + "&redirect_uri=https://h5.example.com/p?code=SECRETCODE123&x=1&response_type=code&scope=snsapi_base&state=a#wechat_redirect",
		front + "&redirect_uri=https%253A%252F%252Fh5.example.com%252Fp%253Fcode%253DSECRETCODE123&response_type=code&scope=snsapi_base#wechat_redirect",
		front + "&redirect_uri=https%3A%2F%2Fh5.example.com%2Fp&code=SECRETCODE123&response_type=code&scope=snsapi_base#wechat_redirect",
	} {
		fs := CheckAuthorizeURL(u, ctx)
		if len(fs) == 0 {
			t.Fatalf("no finding for %s", u)
		}
		for _, f := range fs {
			for _, s := range []string{f.Evidence, f.Message.ZhCN, f.Message.EnUS, f.Fix.ZhCN, f.Fix.EnUS} {
				if strings.Contains(s, "SECRETCODE") {
					t.Errorf("%s shows the code: %q", f.Code, s)
				}
			}
		}
	}
}

func TestBuildMakesTheURLOfTheDocWithTheRedirectEncodedOnce(t *testing.T) {
	got, err := BuildAuthorizeURL(Params{CorpID: ctx.CorpID, AgentID: "1000002", RedirectURI: "https://h5.example.com/login?from=menu", State: "abc123"})
	if err != nil {
		t.Fatal(err)
	}
	if got != good {
		t.Fatalf("got  %s\nwant %s", got, good)
	}
	if fs := CheckAuthorizeURL(got, ctx); len(fs) != 0 {
		t.Fatalf("the checker finds %v in a built URL", codes(fs))
	}
	u, _ := url.Parse(got)
	if r := u.Query().Get("redirect_uri"); r != "https://h5.example.com/login?from=menu" {
		t.Fatalf("redirect_uri decodes to %q", r)
	}
}

func TestBuildPutsTheAgentIDInForPrivateInfoAndTakesAnotherBase(t *testing.T) {
	got, err := BuildAuthorizeURL(Params{CorpID: "wwc", AgentID: "7", RedirectURI: "http://127.0.0.1:8787/", Scope: ScopePrivateInfo, Base: "http://127.0.0.1:8787/connect/oauth2/authorize"})
	if err != nil {
		t.Fatal(err)
	}
	want := "http://127.0.0.1:8787/connect/oauth2/authorize?appid=wwc&redirect_uri=http%3A%2F%2F127.0.0.1%3A8787%2F&response_type=code&scope=snsapi_privateinfo&state=&agentid=7#wechat_redirect"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestBuildRefusesWhatWeComRefuses(t *testing.T) {
	ok := Params{CorpID: "wwc", AgentID: "7", RedirectURI: "https://h5.example.com/"}
	for name, mod := range map[string]func(p *Params){
		"no corp ID":               func(p *Params) { p.CorpID = "" },
		"WeChat's scope":           func(p *Params) { p.Scope = ScopeUserInfo },
		"privateinfo without app":  func(p *Params) { p.Scope, p.AgentID = ScopePrivateInfo, "" },
		"agentid null":             func(p *Params) { p.AgentID = "null" },
		"a state with a dash":      func(p *Params) { p.State = "a-b" },
		"a state of 129 bytes":     func(p *Params) { p.State = strings.Repeat("x", 129) },
		"a relative redirect":      func(p *Params) { p.RedirectURI = "/login" },
		"a redirect with a hash":   func(p *Params) { p.RedirectURI = "https://h5.example.com/#/login" },
		"a redirect of ftp scheme": func(p *Params) { p.RedirectURI = "ftp://h5.example.com/" },
	} {
		p := ok
		mod(&p)
		if _, err := BuildAuthorizeURL(p); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
	if _, err := BuildAuthorizeURL(ok); err != nil {
		t.Fatalf("the good params fail: %v", err)
	}
	if err := CheckState(strings.Repeat("Z9", 64)); err != nil {
		t.Fatalf("128 bytes of [a-zA-Z0-9] refused: %v", err)
	}
}

func FuzzCheckAuthorizeURL(f *testing.F) {
	f.Add(good)
	f.Add(front + "&redirect_uri=https%3A%2F%2Fh5.example.com%2F#/login&x=1#wechat_redirect#")
	f.Fuzz(func(t *testing.T, s string) {
		fs := CheckAuthorizeURL(s, ctx)
		if fs == nil {
			t.Fatal("nil findings")
		}
	})
}

func TestComposeWritesWhatItIsGivenAndTheCheckerSaysWhatIsWrong(t *testing.T) {
	u := Compose(Params{CorpID: ctx.CorpID, RedirectURI: "https://h5.example.com/#/login", Scope: ScopePrivateInfo, State: "a-b"})
	got := codes(CheckAuthorizeURL(u, ctx))
	want := []string{"OAUTH_REDIRECT_HASH:error", "OAUTH_STATE:error", "OAUTH_AGENTID_MISSING:error"}
	if !slices.Equal(got, want) {
		t.Fatalf("findings %v, want %v (url %s)", got, want, u)
	}
}
