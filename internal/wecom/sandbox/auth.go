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

// remainingSeconds is what expires_in says: whole seconds left, rounded down.
func remainingSeconds(now, expiresAt time.Time) int64 {
	return int64(expiresAt.Sub(now) / time.Second)
}

type tokenResp struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
}

// getToken is GET gettoken?corpid=ID&corpsecret=SECRET.
//
// A token belongs to one app. While it is valid, gettoken returns the same token with
// expires_in = the seconds it has left ([U]: the other plausible behaviour is always
// 7200; remaining seconds is the safe one for clients). A token with under a second
// left is replaced.
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
	if !ipAllowed(app.allowedIPs, c.ip) {
		return nil, apiErr(CodeIPNotAllowed)
	}
	now := s.now()
	if t := s.tokens[app.token]; app.token != "" && t != nil && !t.expired && remainingSeconds(now, t.expiresAt) >= 1 {
		return tokenResp{AccessToken: app.token, ExpiresIn: remainingSeconds(now, t.expiresAt)}, nil
	}
	tok := randomString(tokenLen)
	t := &tokenState{app: app, expiresAt: now.Add(s.tokenTTL)}
	s.tokens[tok] = t
	app.token = tok
	s.pruneTokens(now)
	return tokenResp{AccessToken: tok, ExpiresIn: remainingSeconds(now, t.expiresAt)}, nil
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
// list → 60020.
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
