// Package wecom is the client for the WeCom (企业微信) server API: gettoken and the corp
// and app jsapi tickets (client.go), customer groups (groups.go), join ways
// (joinways.go) and customers (customers.go).
//
// The client owns its access token: a caller says once where tokens come from
// (Client.WithTokens), and token.go is the one place that sends it and drops a refused
// one. A new WeCom call is one method here. Every call takes a ctx, succeeds only when
// errcode == 0, and never lets a credential (access_token, corpsecret, a ticket) into an
// error or a log line.
package wecom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"wecomdev/internal/buildinfo"
	"wecomdev/internal/redact"
)

// DefaultBaseURL is WeCom's public API host; private deployments use another.
const DefaultBaseURL = "https://qyapi.weixin.qq.com"

// maxResponse bounds what we read from WeCom (tickets and tokens are ≤ 512 bytes).
const maxResponse = 4 << 20

// busyTries is how often a call is tried while WeCom answers -1 (system busy): the
// global error table says to retry no more than 3 times.
const busyTries = 3

// Client talks to one WeCom API base URL.
type Client struct {
	base    *url.URL
	http    *http.Client
	backoff func(try int) time.Duration
	tokens  Tokens // where calls get their access_token (WithTokens); nil for gettoken only
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client (timeouts, proxies, test transports).
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithBackoff sets the wait before retry number try (1-based) after a -1; for tests.
func WithBackoff(f func(try int) time.Duration) Option { return func(c *Client) { c.backoff = f } }

// ErrBaseURL: an API base URL the client will not call (malformed, or plain http to a
// host that is not loopback). Errors from ValidateBaseURL and New match it.
var ErrBaseURL = errors.New("invalid API base URL")

type baseURLError struct{ msg string }

func (e *baseURLError) Error() string        { return e.msg }
func (e *baseURLError) Is(target error) bool { return target == ErrBaseURL }

func badBase(format string, args ...any) error {
	return &baseURLError{msg: fmt.Sprintf(format, args...)}
}

// ValidateBaseURL checks an API base URL: https, or plain http only for a loopback host
// (gettoken sends the corp secret in its query, and every later call the access_token:
// over plain http to any other host they would travel in clear text); a host; no query,
// fragment or user info. It is the one home of this rule: profiles use it when one is
// saved, New when a client is made (so a profile stored before the rule cannot leak).
func ValidateBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, badBase("API base URL %q: %v", raw, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, badBase("API base URL %q must start with https:// (or http:// for a local sandbox)", raw)
	}
	if u.Host == "" {
		return nil, badBase("API base URL %q has no host", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, badBase("API base URL %q must not have a query, fragment or user info", raw)
	}
	if u.Scheme == "http" && !IsLoopbackHost(u.Hostname()) {
		return nil, badBase("API base URL %q is plain http: the corp secret and access tokens would travel in clear text; "+
			"use https://, or http:// only for a loopback host (127.0.0.1, ::1, localhost)", strings.TrimSpace(raw))
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.Path = strings.TrimSuffix(u.Path, "/cgi-bin")
	return u, nil
}

// IsLoopbackHost reports a host that never leaves the machine: an address in 127.0.0.0/8,
// ::1, or the name localhost (RFC 6761 reserves it for loopback). Other names may resolve
// anywhere, so they are not loopback even when they resolve to 127.0.0.1 today.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// New returns a client for baseURL ("" means DefaultBaseURL).
func New(baseURL string, opts ...Option) (*Client, error) {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	u, err := ValidateBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base: u,
		http: &http.Client{Timeout: 15 * time.Second},
		backoff: func(try int) time.Duration {
			d := time.Duration(200<<(try-1)) * time.Millisecond
			return d + time.Duration(rand.Int64N(int64(d/2)))
		},
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// BaseURL returns the API base URL the client calls.
func (c *Client) BaseURL() string { return c.base.String() }

// Credential is a token or a ticket as WeCom returned it.
type Credential struct {
	Value     string
	ExpiresIn time.Duration
}

// GetToken fetches the app's access_token with the corp ID and the app's secret.
func (c *Client) GetToken(ctx context.Context, corpID, secret string) (Credential, error) {
	if corpID == "" {
		return Credential{}, errors.New("wecom gettoken: corp ID is empty")
	}
	if secret == "" {
		return Credential{}, errors.New("wecom gettoken: corp secret is empty")
	}
	var out struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	q := url.Values{"corpid": {corpID}, "corpsecret": {secret}}
	if err := c.call(ctx, http.MethodGet, "gettoken", q, nil, &out); err != nil {
		return Credential{}, err
	}
	return credential("gettoken", out.AccessToken, out.ExpiresIn)
}

// GetCorpTicket fetches the corp jsapi_ticket (get_jsapi_ticket), which signs wx.config.
func (c *Client) GetCorpTicket(ctx context.Context) (Credential, error) {
	return c.ticket(ctx, "get_jsapi_ticket", nil)
}

// GetAgentTicket fetches the app ticket (ticket/get?type=agent_config), which signs wx.agentConfig.
func (c *Client) GetAgentTicket(ctx context.Context) (Credential, error) {
	return c.ticket(ctx, "ticket/get", url.Values{"type": {"agent_config"}})
}

func (c *Client) ticket(ctx context.Context, path string, q url.Values) (Credential, error) {
	var out struct {
		Ticket    string `json:"ticket"`
		ExpiresIn int64  `json:"expires_in"`
	}
	if err := c.authed(ctx, http.MethodGet, path, q, nil, &out); err != nil {
		return Credential{}, err
	}
	return credential(path, out.Ticket, out.ExpiresIn)
}

func credential(path, value string, expiresIn int64) (Credential, error) {
	if value == "" || expiresIn <= 0 {
		return Credential{}, fmt.Errorf("wecom %s: errcode 0 but no credential or expiry in the answer", path)
	}
	return Credential{Value: value, ExpiresIn: time.Duration(expiresIn) * time.Second}, nil
}

// call makes one API call: GET with query, or POST with a JSON body when body is not nil.
// Calls that need an access_token go through authed, which adds it. out receives the
// whole JSON answer when errcode is 0. A -1 (system busy) is tried again, at most
// busyTries times.
func (c *Client) call(ctx context.Context, method, path string, query url.Values, body, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("wecom %s: encode request: %w", path, err)
		}
	}
	var err error
	for try := 1; try <= busyTries; try++ {
		err = c.once(ctx, method, path, query, payload, out)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Code != CodeBusy || try == busyTries {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wecom %s: %w", path, ctx.Err())
		case <-time.After(c.backoff(try)):
		}
	}
	return err
}

func (c *Client) once(ctx context.Context, method, path string, query url.Values, payload []byte, out any) error {
	u := *c.base
	u.Path = u.Path + "/cgi-bin/" + path
	u.RawQuery = query.Encode()
	// What comes back (a transport error quoting the URL, WeCom's errmsg) may echo the
	// credentials this request carries, as name=value or as bare values.
	sent := redact.Values(query)
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return fmt.Errorf("wecom %s: %s", path, redact.Text(err.Error(), sent...))
	}
	req.Header.Set("User-Agent", buildinfo.Name+"/"+buildinfo.Version)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		// *url.Error quotes the whole URL, access_token and corpsecret included.
		return &TransportError{Path: path, Msg: redact.Text(err.Error(), sent...), Err: errors.Unwrap(err)}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return &TransportError{Path: path, Msg: "read answer: " + redact.Text(err.Error(), sent...)}
	}
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if resp.StatusCode != http.StatusOK {
		return &TransportError{Path: path, Msg: fmt.Sprintf("HTTP %d (%s) from %s: is the API base URL right?", resp.StatusCode, ct, c.base.Host)}
	}
	var status struct {
		ErrCode *int   `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if err := json.Unmarshal(raw, &status); err != nil {
		return &TransportError{Path: path, Msg: fmt.Sprintf("answer is not WeCom JSON (%s, %d bytes) from %s: is the API base URL right?", ct, len(raw), c.base.Host)}
	}
	if status.ErrCode == nil {
		return &TransportError{Path: path, Msg: fmt.Sprintf("answer from %s has no errcode: is the API base URL a WeCom server?", c.base.Host)}
	}
	if *status.ErrCode != 0 {
		return newAPIError(path, *status.ErrCode, status.ErrMsg, sent...)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("wecom %s: decode answer: %w", path, err)
		}
	}
	return nil
}

// nonNil is s, or an empty slice for nil: a list WeCom leaves out (or sends as null) is
// an empty list to the callers, never nil (so JSON shows [] and not null).
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// TransportError: WeCom was not reached, or what answered was not WeCom.
type TransportError struct {
	Path string
	Msg  string // credential-free
	Err  error
}

func (e *TransportError) Error() string { return "wecom " + e.Path + ": " + e.Msg }
func (e *TransportError) Unwrap() error { return e.Err }
