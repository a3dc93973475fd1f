// Package oauth builds and checks WeCom's web authorisation (网页授权) URLs, the
// open.weixin.qq.com/connect/oauth2/authorize link an H5 page sends the member to so that it
// comes back with a code that tells who the member is. Every rule has its source beside it;
// the facts are in docs/wecom-facts.md, "OAuth (网页授权)".
//
// BuildAuthorizeURL makes a URL from a profile's corpId and agentId, a redirect_uri, a scope
// and a state. CheckAuthorizeURL reads a pasted URL and explains, in zh-CN and en-US, every
// rule it breaks (diagnose.Finding with a Severity and the Evidence). Nothing here sees a
// code, a token or a ticket.
package oauth

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// WeCom's authorize endpoint (doc 91022: https://open.weixin.qq.com/connect/oauth2/authorize).
const (
	AuthorizeHost = "open.weixin.qq.com"
	AuthorizePath = "/connect/oauth2/authorize"
	AuthorizeBase = "https://" + AuthorizeHost + AuthorizePath
	// Fragment is what ends the URL: 「#wechat_redirect 终端使用此参数判断是否需要带上身份信息」 (doc 91022).
	Fragment = "wechat_redirect"
)

// The scopes of a self-built app (doc 91022): snsapi_base (静默授权, the UserId only) and
// snsapi_privateinfo (手动授权, the member confirms; sensitive fields through
// auth/getuserdetail). snsapi_userinfo is WeChat's (Official Account) scope.
const (
	ScopeBase        = "snsapi_base"
	ScopePrivateInfo = "snsapi_privateinfo"
	ScopeUserInfo    = "snsapi_userinfo"
)

// MaxStateBytes: 「state … 企业可以填写a-zA-Z0-9的参数值，长度不可超过128个字节」 (doc 91022).
const MaxStateBytes = 128

// Params is what an authorize URL is made of.
type Params struct {
	CorpID      string // appid: the corp's CorpID (doc 91022)
	AgentID     string // agentid: required for snsapi_privateinfo (doc 91022)
	RedirectURI string // where WeCom sends the member back, not yet encoded
	Scope       string // ScopeBase (default) or ScopePrivateInfo
	State       string // ≤ 128 bytes of [a-zA-Z0-9], may be empty
	// Base replaces AuthorizeBase (the sandbox's or the emulator's /connect/oauth2/authorize,
	// which take the same parameters); "" means WeCom's.
	Base string
}

// ErrInvalid is what every refusal of BuildAuthorizeURL wraps.
var ErrInvalid = errors.New("invalid oauth parameter")

// BuildAuthorizeURL returns the authorize URL for p, in doc 91022's order
// (appid, redirect_uri, response_type, scope, state, agentid, #wechat_redirect), with
// redirect_uri percent-encoded once. It refuses what CheckAuthorizeURL would call an error
// on the URL itself; whether the redirect's host is a trusted domain is the checker's job.
func BuildAuthorizeURL(p Params) (string, error) {
	corp := strings.TrimSpace(p.CorpID)
	if corp == "" {
		return "", fmt.Errorf("%w: the corp ID (appid) is empty: set it in the profile", ErrInvalid)
	}
	scope := strings.TrimSpace(p.Scope)
	if scope == "" {
		scope = ScopeBase
	}
	if scope != ScopeBase && scope != ScopePrivateInfo {
		return "", fmt.Errorf("%w: scope %q: use %s or %s (%s is a WeChat scope, not WeCom's)", ErrInvalid, scope, ScopeBase, ScopePrivateInfo, ScopeUserInfo)
	}
	agent := strings.TrimSpace(p.AgentID)
	if agent == "0" {
		agent = ""
	}
	if agent != "" && !isDigits(agent) {
		return "", fmt.Errorf("%w: agentid %q is not a number: use the app's AgentId (App Management → the app)", ErrInvalid, agent)
	}
	if agent == "" && scope == ScopePrivateInfo {
		return "", fmt.Errorf("%w: %s needs the agentid: set the profile's agent ID", ErrInvalid, ScopePrivateInfo)
	}
	if err := CheckState(p.State); err != nil {
		return "", err
	}
	redirect := strings.TrimSpace(p.RedirectURI)
	u, err := url.Parse(redirect)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%w: redirect %q is not an absolute http(s) URL: give the page's full address, like https://h5.example.com/login", ErrInvalid, redirect)
	}
	if strings.Contains(redirect, "#") {
		return "", fmt.Errorf("%w: redirect %q has a '#': WeCom adds ?code=…&state=… to it and a hash route loses them; redirect to a path without '#' and route from there", ErrInvalid, redirect)
	}
	p.CorpID, p.Scope, p.AgentID, p.RedirectURI = corp, scope, agent, redirect
	return Compose(p), nil
}

// Compose writes p as an authorize URL without judging it (an empty scope is snsapi_base,
// an empty agentid is left out): the console's builder shows what CheckAuthorizeURL says of
// the result, in both languages, rather than refusing.
func Compose(p Params) string {
	base := strings.TrimSpace(p.Base)
	if base == "" {
		base = AuthorizeBase
	}
	scope := strings.TrimSpace(p.Scope)
	if scope == "" {
		scope = ScopeBase
	}
	var b strings.Builder
	b.WriteString(base)
	b.WriteString("?appid=")
	b.WriteString(url.QueryEscape(strings.TrimSpace(p.CorpID)))
	b.WriteString("&redirect_uri=")
	b.WriteString(url.QueryEscape(strings.TrimSpace(p.RedirectURI)))
	b.WriteString("&response_type=code&scope=")
	b.WriteString(url.QueryEscape(scope))
	b.WriteString("&state=")
	b.WriteString(url.QueryEscape(p.State))
	if agent := strings.TrimSpace(p.AgentID); agent != "" && agent != "0" {
		b.WriteString("&agentid=")
		b.WriteString(url.QueryEscape(agent))
	}
	b.WriteString("#" + Fragment)
	return b.String()
}

// CheckState says whether s is a state WeCom takes: ≤ 128 bytes of [a-zA-Z0-9] (doc 91022).
func CheckState(s string) error {
	if len(s) > MaxStateBytes {
		return fmt.Errorf("%w: state is %d bytes: WeCom takes at most %d", ErrInvalid, len(s), MaxStateBytes)
	}
	for i, r := range s {
		if !isAlnum(r) {
			return fmt.Errorf("%w: state %q has %q at byte %d: WeCom takes only a-z, A-Z and 0-9", ErrInvalid, s, string(r), i)
		}
	}
	return nil
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 63)
	return err == nil
}
