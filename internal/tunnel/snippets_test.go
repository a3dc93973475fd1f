package tunnel

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestSnippetsForTheServerSideOfAnSSHTunnel(t *testing.T) {
	for _, tc := range []struct{ name, spec string }{
		{"https-loopback", "ssh://deploy@dev.example.com?remote=127.0.0.1:8787&public=https://dev.example.com"},
		{"http-all-interfaces", "ssh://ops@203.0.113.7:2222?remote=0.0.0.0:9000&public=http://h5.example.org:8080"},
		{"https-port-ipv6-loopback", "ssh://deploy@dev.example.com?remote=[::1]:8787&public=https://dev.example.com:8443"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := Parse(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			nginx, sshd := Snippets(cfg)
			golden(t, "snippets/"+tc.name+".nginx.conf", nginx)
			golden(t, "snippets/"+tc.name+".sshd_config", sshd)
		})
	}
}

func TestGatewayPortsOnlyWhenTheForwardLeavesLoopback(t *testing.T) {
	for remote, want := range map[string]bool{"127.0.0.1:8787": false, "localhost:8787": false, "[::1]:8787": false, "0.0.0.0:8787": true, "10.0.0.2:8787": true} {
		cfg, err := Parse("ssh://u@h?remote=" + remote + "&public=https://dev.example.com")
		if err != nil {
			t.Fatal(err)
		}
		_, sshd := Snippets(cfg)
		if got := strings.Contains(sshd, "GatewayPorts clientspecified"); got != want {
			t.Errorf("remote %s: GatewayPorts %v, want %v", remote, got, want)
		}
		if !strings.Contains(sshd, "PermitListen "+remote) || !strings.Contains(sshd, "AllowTcpForwarding remote") {
			t.Errorf("remote %s:\n%s", remote, sshd)
		}
	}
}

func TestNoSnippetsForOtherProviders(t *testing.T) {
	for _, c := range []Config{{Provider: ProviderNgrok}, {Provider: ProviderLAN}, {Provider: ProviderCmd, Command: "x"}} {
		if n, s := Snippets(c); n != "" || s != "" {
			t.Errorf("%s: %q %q", c.Provider, n, s)
		}
	}
}
