package devserver

import (
	"context"
	"slices"
	"testing"
)

func TestAPageURLsSiteKeepsItsPortUnlessItIsTheSchemesDefault(t *testing.T) {
	for raw, want := range map[string]site{
		"https://H5.Example.com./p":          {"https", "h5.example.com"},
		"https://h5.example.com:443/p":       {"https", "h5.example.com"},
		"HTTP://h5.example.com:80/":          {"http", "h5.example.com"},
		"https://h5.example.com:8443/p?x#y":  {"https", "h5.example.com:8443"},
		"http://h5.example.com:443/":         {"http", "h5.example.com:443"},
		"https://u:p@h5.example.com:8443/":   {"https", "h5.example.com:8443"},
		"http://[::1]:8787/":                 {"http", "[::1]:8787"},
		"https://evil.com\\@h5.example.com/": {"https", "evil.com"},
	} {
		if got, err := urlSite(raw); err != nil || got != want {
			t.Errorf("urlSite(%q) = %+v, %v; want %+v", raw, got, err, want)
		}
	}
	for _, raw := range []string{"https://h5.example.com:8443.evil.com/", "https://h5.example.com:abc/", "https://:8443/"} {
		if got, err := urlSite(raw); err == nil {
			t.Errorf("urlSite(%q) = %+v, want an error", raw, got)
		}
	}
}

func TestTheAllowedHostsShowTheTrustedDomainsAndTheTunnelWithTheirPorts(t *testing.T) {
	s, b := newTestServer(t, Options{})
	b.setDomains("H5.Example.com", "dev.example.com:8443", "https://tls.example.com:443/")
	s.SetTunnelHost("https://tun.example.org:9443/")
	got := s.AllowedHosts(context.Background())
	want := []string{"localhost", "127.0.0.1", "[::1]", "h5.example.com", "dev.example.com:8443", "tls.example.com", "tun.example.org:9443"}
	if !slices.Equal(got, want) {
		t.Errorf("allowed hosts %v, want %v", got, want)
	}
}
