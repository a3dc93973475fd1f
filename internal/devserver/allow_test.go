package devserver

import (
	"context"
	"net"
	"slices"
	"strings"
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

// hostNameByNet is what hostName gave when it called net.SplitHostPort.
func hostNameByNet(h string) string {
	if name, _, err := net.SplitHostPort(h); err == nil {
		if strings.Contains(name, ":") {
			return "[" + name + "]"
		}
		return name
	}
	return h
}

// FuzzHostName: hostName cuts without allocating and gives what the net.SplitHostPort form gave.
func FuzzHostName(f *testing.F) {
	for _, h := range []string{"h5.example.com:8443", "[::1]:80", "[a]:", "a:b:c", "[]:80"} {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, h string) {
		if got, want := hostName(h), hostNameByNet(h); got != want {
			t.Errorf("hostName(%q) = %q, want %q", h, got, want)
		}
	})
}

// hostName cuts without allocating; it must give what the net.SplitHostPort form gave.
func TestHostNameCutsThePortAsNetSplitHostPortDoes(t *testing.T) {
	for _, h := range []string{"", "h5.example.com", "h5.example.com:8443", "h5.example.com:", "127.0.0.1:5173", "[::1]", "[::1]:80",
		"[::1]:", "::1", "a:b:c", "[a]b:80", "[a]:b:c", "[[a]]:80", "a]:80", "a[:80", "[a:80", "[]:80", ":80", "[a]:", "[a]:80", "[a]", "[h5.example.com]:443", "[::ffff:127.0.0.1]:1"} {
		want := hostNameByNet(h)
		if got := hostName(h); got != want {
			t.Errorf("hostName(%q) = %q, want %q", h, got, want)
		}
	}
}
