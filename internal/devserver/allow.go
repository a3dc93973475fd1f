package devserver

import (
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"net/netip"
	"strings"
)

// loopbackNames are shown as the loopback part of the allowed hosts.
var loopbackNames = []string{"localhost", "127.0.0.1", "[::1]"}

// Why a host is allowed, as the request log shows it.
const (
	AllowLoopback = "loopback"
	AllowTrusted  = "trusted domain"
	AllowTunnel   = "tunnel"
)

// errors of urlHost, each answered with a 400 naming the fix.
var (
	errNoScheme  = errors.New("no scheme")
	errBadScheme = errors.New("not http or https")
	errNoHost    = errors.New("no host")
)

// normalizeHost turns what a user typed as a host ("H5.Example.com", "https://h5.example.com/",
// "h5.example.com:8443", "[::1]:80") into the form hosts are compared in: lower case,
// no scheme, path, port or trailing dot.
func normalizeHost(s string) string {
	s = strings.TrimSpace(strings.ToLower(s))
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	return authorityHost(s)
}

// authorityHost is the host of what follows "scheme://" (already lower case): up to the
// first / ? # or \, without user info, port or trailing dot.
func authorityHost(s string) string {
	if i := strings.IndexAny(s, "/?#\\"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if strings.HasPrefix(s, "[") {
		if i := strings.IndexByte(s, ']'); i >= 0 {
			return s[:i+1]
		}
		return s
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 && strings.Count(s, ":") == 1 {
		s = s[:i]
	}
	return strings.TrimSuffix(s, ".")
}

// urlHost is the host of a page URL, which must be absolute http(s). It reads only as far
// as the host and never rewrites the URL (what is signed is the URL as given).
func urlHost(raw string) (string, error) {
	i := strings.Index(raw, "://")
	if i <= 0 || strings.ContainsAny(raw[:i], "/?#.") {
		return "", errNoScheme
	}
	scheme := strings.ToLower(raw[:i])
	if scheme != "http" && scheme != "https" {
		return "", errBadScheme
	}
	h := authorityHost(strings.ToLower(raw[i+3:]))
	if h == "" || h == "[]" || strings.ContainsAny(h, "%\\ \t") {
		return "", errNoHost
	}
	return h, nil
}

// originHost is the host of an Origin header ("" when it is not an http(s) origin).
func originHost(origin string) string {
	h, err := urlHost(origin)
	if err != nil {
		return ""
	}
	return h
}

// isLoopback: localhost, *.localhost, 127.0.0.0/8 and ::1.
func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	a, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil && a.IsLoopback()
}

// allowHost says whether the server signs for host, and why.
func (s *Server) allowHost(ctx context.Context, host string) (bool, string) {
	if host == "" {
		return false, ""
	}
	if isLoopback(host) {
		return true, AllowLoopback
	}
	if t := s.TunnelHost(); t != "" && host == t {
		return true, AllowTunnel
	}
	for _, d := range s.trustedDomains(ctx) {
		if host == d {
			return true, AllowTrusted
		}
	}
	return false, ""
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
		return addr.String()
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
	return addr.String()
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func discardLogger() *log.Logger { return log.New(io.Discard, "", 0) }
