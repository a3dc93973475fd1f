package devsession

import (
	"testing"

	"wecomdev/internal/tunnel"
)

func TestTheTunnelHostKeepsThePortItsPublicURLGives(t *testing.T) {
	for url, want := range map[string]string{
		"https://abc.ngrok-free.app":         "abc.ngrok-free.app",
		"https://dev.example.com:8443/":      "dev.example.com:8443",
		"https://dev.example.com:443":        "dev.example.com",
		"http://Dev.Example.com:8080/x":      "dev.example.com:8080",
		"http://192.168.1.20:8787":           "192.168.1.20:8787",
		"https://dev.example.com:80/ingress": "dev.example.com:80",
	} {
		if got := TunnelHost(tunnel.Status{State: tunnel.StateUp, PublicURL: url}); got != want {
			t.Errorf("TunnelHost(%s) = %q, want %q", url, got, want)
		}
	}
	if got := TunnelHost(tunnel.Status{State: tunnel.StateConnecting, PublicURL: "https://dev.example.com:8443"}); got != "" {
		t.Errorf("a tunnel that is not up gives %q", got)
	}
}
