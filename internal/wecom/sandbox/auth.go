package sandbox

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// randomString returns n url-safe characters (A-Z a-z 0-9 - _) from crypto/rand.
func randomString(n int) string {
	b := make([]byte, (n*6+7)/8)
	_, _ = rand.Read(b) // never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}

// randomHex returns 2n lowercase hex digits.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Lengths of what the sandbox hands out: real tokens are opaque and up to 512 bytes,
// real tickets are 86 url-safe characters (the documented example).
const (
	tokenLen  = 96
	ticketLen = 86
)

// remainingSeconds is the whole seconds left, rounded down.
func remainingSeconds(now, expiresAt time.Time) int64 {
	return int64(expiresAt.Sub(now) / time.Second)
}

// expiresIn is what expires_in says for a token or ticket valid until expiresAt that
// lives ttl in all. By default it is the full validity (7200), also on a repeat fetch of
// the same token or ticket: doc 91039 (access_token) and doc 90506 (tickets) show only
// expires_in 7200, the older 91039 said a repeat fetch within validity 「返回相同结果」,
// and no real answer with fewer seconds is on record (docs/wecom-facts.md, the sandbox
// WeCom; shared/reference/wecom-api.md §1; [U] which of the two WeCom sends). The strict reading: a
// client that caches now+expires_in meets the expiry before it expects, as it may on
// WeCom. Options.ExpiresInLeft reports the seconds left instead.
func (s *Server) expiresIn(now, expiresAt time.Time, ttl time.Duration) int64 {
	if s.expiresInLeft {
		return remainingSeconds(now, expiresAt)
	}
	return int64(ttl / time.Second)
}

type tokenResp struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
}

// getToken is GET gettoken?corpid=ID&corpsecret=SECRET.
//
// A token belongs to one app. While it is valid, gettoken returns the same token with
// expires_in = the full validity, 7200 (see expiresIn). A token with under a second left
// is replaced.
func (s *Server) getToken(c *call) (any, error) {
	q := c.r.URL.Query()
	corpID, secret := q.Get("corpid"), q.Get("corpsecret")
	if corpID == "" {
		return nil, apiErr(CodeCorpIDMissing)
	}
	if secret == "" {
		return nil, apiErr(CodeSecretMissing)
	}
	corp := s.byCorpID[corpID]
	if corp == nil {
		return nil, apiErr(CodeInvalidCorpID)
	}
	var app *appState
	for _, a := range corp.apps {
		if a.secret == secret {
			app = a
			break
		}
	}
	if app == nil {
		return nil, apiErr(CodeInvalidCredential)
	}
	// No trusted-IP check here: gettoken issues a token to any caller, and 60020 comes
	// from the business call that follows (authenticate). Sources: WeCom community thread
	// 「自建小程序调用api 内网项目 可以获取token 结果ip禁用」 (oCJUsw-2hHvg0WIRTusZGTbUx758,
	// 2023-07, 60020 on groupchat/list); every public 60020 report is on a business call
	// (easychen/wecomchan#62, Micro-sheep/wechat_work#3, zyh94946/wx-msg-push-tencent#8 on
	// message/send), none on gettoken (docs/wecom-facts.md, the sandbox WeCom).
	now := s.now()
	if t := s.tokens[app.token]; app.token != "" && t != nil && !t.expired && remainingSeconds(now, t.expiresAt) >= 1 {
		return tokenResp{AccessToken: app.token, ExpiresIn: s.expiresIn(now, t.expiresAt, s.tokenTTL)}, nil
	}
	tok := randomString(tokenLen)
	t := &tokenState{app: app, expiresAt: now.Add(s.tokenTTL)}
	s.tokens[tok] = t
	app.token = tok
	s.pruneTokens(now)
	return tokenResp{AccessToken: tok, ExpiresIn: s.expiresIn(now, t.expiresAt, s.tokenTTL)}, nil
}

// pruneTokens forgets tokens that expired more than a day ago, so a long-running
// sandbox does not grow; a forgotten token answers 40014 like any unknown one.
func (s *Server) pruneTokens(now time.Time) {
	for k, t := range s.tokens {
		if now.Sub(t.expiresAt) > 24*time.Hour {
			delete(s.tokens, k)
		}
	}
}

// authenticate resolves ?access_token= to its app: missing → 41001, unknown or
// invalidated → 40014, expired → Options.ExpiredTokenCode; then the app's trusted-IP
// list → 60020 (the business call answers it, not gettoken: see getToken).
func (s *Server) authenticate(c *call) (*appState, error) {
	tok := c.r.URL.Query().Get("access_token")
	if tok == "" {
		return nil, apiErr(CodeTokenMissing)
	}
	t := s.tokens[tok]
	if t == nil {
		return nil, apiErr(CodeInvalidToken)
	}
	if t.expired || !s.now().Before(t.expiresAt) {
		return nil, apiErr(s.expiredTokenCode)
	}
	if !ipAllowed(t.app.allowedIPs, c.ip) {
		return nil, apiErr(CodeIPNotAllowed)
	}
	return t.app, nil
}
