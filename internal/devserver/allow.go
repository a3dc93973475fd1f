package devserver

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"strings"

	"wecomdev/internal/devserver/internal/devutil"
	"wecomdev/internal/reach"
	"wecomdev/internal/wecom"
)

// loopbackNames are shown as the loopback part of the allowed hosts.
var loopbackNames = []string{"localhost", "127.0.0.1", "[::1]"}

// Why a host is allowed, as the request log shows it.
const (
	AllowLoopback = "loopback"
	AllowTrusted  = "trusted domain"
	AllowTunnel   = "tunnel"
)

// errors of urlSite, each answered with a 400 naming the fix.
var (
	errNoScheme  = errors.New("no scheme")
	errBadScheme = errors.New("not http or https")
	errNoHost    = errors.New("no host")
)

// site is where a page is, as trusted domains are compared with it: its scheme (lower case)
// and its host in reach.PageHost's form (":port" only when not the scheme's default).
type site struct{ scheme, host string }

// authorityHost is the host and port of what follows "scheme://" (already lower case): up
// to the first / ? # or \, without user info, in reach.PageHost's form for scheme ("" for
// none: the port is kept as given).
func authorityHost(scheme, s string) string {
	if i := strings.IndexAny(s, "/?#\\"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	return reach.PageHost(scheme, s)
}

// hostName is host[:port] without the port ("[::1]" keeps its brackets). What
// net.SplitHostPort would refuse is returned as it is. It runs on every signing request:
// it cuts without allocating.
func hostName(host string) string {
	if strings.HasPrefix(host, "[") {
		// "[v6]:port": the part up to "]" (net.SplitHostPort refuses anything else there)
		if end := strings.IndexByte(host, ']'); end > 0 && end+1 < len(host) && host[end+1] == ':' &&
			!strings.ContainsAny(host[end+2:], "[]:") && !strings.ContainsAny(host[1:end], "[]") {
			if !strings.Contains(host[1:end], ":") {
				return host[1:end] // "[h5.example.com]:80" is h5.example.com, "[]:80" no host
			}
			return host[:end+1]
		}
		return host
	}
	if i := strings.IndexByte(host, ':'); i >= 0 && strings.IndexByte(host[i+1:], ':') < 0 && !strings.ContainsAny(host, "[]") {
		return host[:i]
	}
	return host
}

// urlSite is where a page URL is; the URL must be absolute http(s). It reads only as far as
// the host and never rewrites the URL (what is signed is the URL as given).
func urlSite(raw string) (site, error) {
	i := strings.Index(raw, "://")
	if i <= 0 || strings.ContainsAny(raw[:i], "/?#.") {
		return site{}, errNoScheme
	}
	scheme := strings.ToLower(raw[:i])
	if scheme != "http" && scheme != "https" {
		return site{}, errBadScheme
	}
	rest := raw[i+3:]
	if j := strings.IndexAny(rest, "/?#\\"); j >= 0 {
		rest = rest[:j] // lower only the authority: the rest may be long and is not read
	}
	h := authorityHost(scheme, strings.ToLower(rest))
	if h == "" || h == "[]" || strings.ContainsAny(h, "%\\ \t") {
		return site{}, errNoHost
	}
	return site{scheme, h}, nil
}

// urlHost is the host of a page URL in reach.PageHost's form (see urlSite).
func urlHost(raw string) (string, error) {
	st, err := urlSite(raw)
	return st.host, err
}

// originSite is where an Origin header's page is (the zero site when it is not an http(s)
// origin).
func originSite(origin string) site {
	st, _ := urlSite(origin)
	return st
}

// isLoopback: localhost, *.localhost, 127.0.0.0/8 and ::1.
func isLoopback(host string) bool { return devutil.IsLoopback(host) }

// allowHost says whether the server signs for a page at st, and why: loopback on any port
// (the desktop), the tunnel's host as its public URL gives it (port included), or a trusted
// domain that covers the page (reach.Covers: the port is part of the domain).
func (s *Server) allowHost(ctx context.Context, st site) (bool, string) {
	if st.host == "" {
		return false, ""
	}
	if isLoopback(hostName(st.host)) {
		return true, AllowLoopback
	}
	if t := s.TunnelHost(); t != "" && reach.Covers(t, st.scheme, st.host) {
		return true, AllowTunnel
	}
	if _, ok := reach.Covering(st.scheme, st.host, s.trustedDomains(ctx)); ok {
		return true, AllowTrusted
	}
	return false, ""
}

// answersFor says whether the server answers requests whose Host header names name (no
// port): loopback, the tunnel's host or a trusted domain, on any port. This is the
// DNS-rebinding check: an attacker rebinds a name, not a port, and the port in a Host header
// is the one a tunnel or reverse proxy received, which need not be the page's. The page's
// own port is checked where WeCom checks it: the signed URL and the Origin (allowHost).
func (s *Server) answersFor(ctx context.Context, name string) bool {
	if name == "" {
		return false
	}
	if isLoopback(name) {
		return true
	}
	if t := s.TunnelHost(); t != "" && hostName(t) == name {
		return true
	}
	for _, d := range s.trustedDomains(ctx) {
		if hostName(d) == name {
			return true
		}
	}
	return false
}

// notCoveredBy says, in both UI languages, why no trusted domain covers a page at st when
// one comes close (the port rule, a parent domain; reach.NearMiss's wording), else false.
func (s *Server) notCoveredBy(ctx context.Context, st site) (wecom.Text, bool) {
	return reach.NearMiss(st.scheme, st.host, s.trustedDomains(ctx))
}

// clientAddr is the request's client: the peer address, or, when the peer is a trusted
// proxy (a tunnel client on loopback), the last X-Forwarded-For address that is not one.
func (s *Server) clientAddr(r *http.Request) string {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	addr := ap.Addr().Unmap()
	if !s.trusted(addr) {
		return s.addrString(addr)
	}
	xff := r.Header.Values("X-Forwarded-For")
	for i := len(xff) - 1; i >= 0; i-- {
		parts := strings.Split(xff[i], ",")
		for j := len(parts) - 1; j >= 0; j-- {
			a, err := netip.ParseAddr(strings.TrimSpace(parts[j]))
			if err != nil {
				return addr.String() // a forged or broken header: trust only the peer
			}
			if a = a.Unmap(); !s.trusted(a) {
				return a.String()
			}
		}
	}
	return s.addrString(addr)
}

// addrString is a.String(), kept for the last peer: a page's requests come from one client.
func (s *Server) addrString(a netip.Addr) string {
	if c := s.lastPeer.Load(); c != nil && c.addr == a {
		return c.s
	}
	c := &peerName{addr: a, s: a.String()}
	s.lastPeer.Store(c)
	return c.s
}

type peerName struct {
	addr netip.Addr
	s    string
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
