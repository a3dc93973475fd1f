package devserver

import (
	"net/http"
	"net/url"
	"strings"

	"wecomdev/internal/devserver/proxy"
)

// Proxy mode (internal/devserver/proxy): with an upstream, every path that is not the
// console's own (consoleOwned) goes to the developer's dev server. The server decides
// which paths are its own and logs what the proxy reports.

// EndpointProxy names the proxied requests in the request log.
const EndpointProxy = "proxy"

// MaxInjectHTML bounds the page the proxy holds in memory to inject the scripts.
const MaxInjectHTML = proxy.MaxInjectHTML

// ErrUpstream: the upstream is not a dev server URL. The error is an *UpstreamError.
var ErrUpstream = proxy.ErrUpstream

// UpstreamError says what is wrong with an upstream and how to write it.
type UpstreamError = proxy.UpstreamError

// ParseUpstream checks a dev server URL (proxy.ParseUpstream).
func ParseUpstream(raw string) (*url.URL, error) { return proxy.ParseUpstream(raw) }

// newProxy makes the server's proxy, logging into the server's request log.
func (s *Server) newProxy() *proxy.Proxy {
	return proxy.New(proxy.Options{
		Log:         s.logProxied,
		Trusted:     s.trusted,
		Now:         s.now,
		IdleTimeout: IdleTimeout,
	})
}

// logProxied records a proxied request.
func (s *Server) logProxied(r *http.Request, rec *proxy.Record) {
	e := s.newEntry(r, EndpointProxy)
	e.Time = rec.Time
	e.Host = authorityHost("", strings.ToLower(r.Host))
	e.Status, e.Message, e.Decision, e.Error = rec.Status, rec.Message, rec.Decision, rec.Error
	s.record(r.Context(), &e, rec.Start)
}

// SetUpstream proxies every path that is not the console's own to the dev server at raw
// (see ParseUpstream); "" stops proxying. Changing it closes the WebSockets carried to
// the previous one (their pages reconnect).
func (s *Server) SetUpstream(raw string) error {
	if err := s.px.SetUpstream(raw); err != nil {
		return err
	}
	s.mu.Lock()
	s.upErr = nil
	s.mu.Unlock()
	return nil
}

// Upstream is the dev server proxied to ("" when none).
func (s *Server) Upstream() string { return s.px.Upstream() }

// SetInject replaces the script URLs put into proxied pages (nil: none).
func (s *Server) SetInject(urls []string) { s.px.SetInject(urls) }

// Inject are the script URLs put into proxied pages.
func (s *Server) Inject() []string { return s.px.Inject() }

// consoleOwned: the paths the console answers itself even when proxying: its handler
// table's, /__wecomdev itself, and the verification files.
func (s *Server) consoleOwned(path string) bool {
	if _, ok := s.route(path); ok || path == strings.TrimSuffix(PhonePrefix, "/") {
		return true
	}
	if len(path) < 2 || path[0] != '/' {
		return false
	}
	_, ok := (*s.verify.Load())[path[1:]]
	return ok
}
