package tunnel

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseReadsEveryKindOfSpec(t *testing.T) {
	for _, tc := range []struct {
		spec string
		want Config
	}{
		{"lan", Config{Provider: ProviderLAN}},
		{" LAN ", Config{Provider: ProviderLAN}},
		{"ngrok", Config{Provider: ProviderNgrok}},
		{"ngrok:Dev-Abc.ngrok.app", Config{Provider: ProviderNgrok, Domain: "dev-abc.ngrok.app"}},
		{"cmd:frpc -c frpc.toml", Config{Provider: ProviderCmd, Command: "frpc -c frpc.toml"}},
		{"cmd: cloudflared tunnel --url http://127.0.0.1:8787", Config{Provider: ProviderCmd, Command: "cloudflared tunnel --url http://127.0.0.1:8787"}},
		{"ssh://deploy@dev.example.com?remote=127.0.0.1:8787&public=https://dev.example.com",
			Config{Provider: ProviderSSH, User: "deploy", Host: "dev.example.com", Port: 22, Remote: "127.0.0.1:8787", PublicURL: "https://dev.example.com"}},
		{"ssh://deploy@[2001:db8::1]:2222?public=https://dev.example.com/&remote=0.0.0.0:9000",
			Config{Provider: ProviderSSH, User: "deploy", Host: "2001:db8::1", Port: 2222, Remote: "0.0.0.0:9000", PublicURL: "https://dev.example.com/"}},
		{"ssh://ops@10.0.0.5:22?remote=localhost:8787&public=http://dev.example.com:8080",
			Config{Provider: ProviderSSH, User: "ops", Host: "10.0.0.5", Port: 22, Remote: "localhost:8787", PublicURL: "http://dev.example.com:8080"}},
	} {
		got, err := Parse(tc.spec)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.spec, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Parse(%q) = %+v, want %+v", tc.spec, got, tc.want)
		}
	}
}

func TestParseRefusesABadSpecAndNamesTheFix(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{"", "empty; give ssh://"},
		{"wireguard", `"wireguard" is not a tunnel; give ssh://user@host`},
		{"deploy@dev.example.com", "write an SSH tunnel as ssh://deploy@dev.example.com?remote=127.0.0.1:8787&public=https://dev.example.com"},
		{"frpc -c frpc.toml", "run it as cmd:frpc -c frpc.toml"},
		{"ssh -R 80:localhost:8787 serveo.net", "run it as cmd:ssh -R"},
		{"cmd:", "cmd: needs the command"},
		{"ngrok:https://abc.ngrok.app", "give the domain alone, like ngrok:abc.ngrok.app"},
		{"ngrok:not_a domain", "must be a host name"},
		{"ssh://dev.example.com?remote=127.0.0.1:8787&public=https://dev.example.com", "needs the user to log in as: ssh://USER@dev.example.com"},
		{"ssh://deploy:hunter2@dev.example.com?remote=127.0.0.1:8787&public=https://dev.example.com", "do not put the password in the tunnel spec"},
		{"ssh://deploy@dev.example.com", "add remote=ADDR:PORT"},
		{"ssh://deploy@dev.example.com?remote=127.0.0.1:8787", "add public=URL"},
		{"ssh://deploy@dev.example.com?remote=8787&public=https://dev.example.com", "remote=8787: give the address and port"},
		{"ssh://deploy@dev.example.com?remote=:8787&public=https://dev.example.com", "give the address too, like remote=127.0.0.1:8787"},
		{"ssh://deploy@dev.example.com?remote=127.0.0.1:0&public=https://dev.example.com", "the port must be a number from 1 to 65535"},
		{"ssh://deploy@dev.example.com:70000?remote=127.0.0.1:8787&public=https://dev.example.com", `ssh port "70000"`},
		{"ssh://deploy@dev.example.com?remote=127.0.0.1:8787&public=dev.example.com", "give the public URL with its scheme"},
		{"ssh://deploy@dev.example.com?remote=127.0.0.1:8787&public=https://dev.example.com/app/", "give the origin only"},
		{"ssh://deploy@dev.example.com?remote=127.0.0.1:8787&public=https://dev.example.com&key=id_rsa", `unknown ssh option "key"`},
		{"ssh://deploy@dev.example.com/x?remote=127.0.0.1:8787&public=https://dev.example.com", "a path means nothing here"},
	} {
		_, err := Parse(tc.spec)
		if err == nil || !errors.Is(err, ErrSpec) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want an ErrSpec saying %q", tc.spec, err, tc.want)
		}
	}
}

func TestValidateKeepsEachOptionToItsProvider(t *testing.T) {
	ssh := Config{Provider: ProviderSSH, User: "u", Host: "h", Port: 22, Remote: "127.0.0.1:8787", PublicURL: "https://dev.example.com"}
	for _, tc := range []struct {
		name string
		cfg  Config
		want string // "" = valid
	}{
		{"ssh with a fingerprint", with(ssh, func(c *Config) { c.TrustedKeys = []string{"SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"} }), ""},
		{"ssh with a bad fingerprint", with(ssh, func(c *Config) { c.TrustedKeys = []string{"MD5:aa:bb"} }), "give the SHA256 fingerprint"},
		{"identity on ngrok", Config{Provider: ProviderNgrok, Identity: "id"}, "are for ssh:// tunnels"},
		{"public url on lan", Config{Provider: ProviderLAN, PublicURL: "https://x.example"}, "are for cmd: tunnels"},
		{"cmd with a url", Config{Provider: ProviderCmd, Command: "frpc", PublicURL: "https://dev.example.com"}, ""},
		{"cmd with both", Config{Provider: ProviderCmd, Command: "frpc", PublicURL: "https://dev.example.com", PublicURLPattern: "x"}, "not both"},
		{"cmd with a bad pattern", Config{Provider: ProviderCmd, Command: "frpc", PublicURLPattern: "(https"}, "--public-url-pattern"},
		{"cmd with a bad url", Config{Provider: ProviderCmd, Command: "frpc", PublicURL: "abc.example.test"}, "--public-url abc.example.test: give the public URL with its scheme"},
		{"no provider", Config{}, "unknown provider"},
	} {
		err := tc.cfg.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

func with(c Config, f func(*Config)) Config {
	f(&c)
	return c
}

func TestStringWritesASpecThatParsesBackTheSame(t *testing.T) {
	for _, spec := range []string{
		"lan", "ngrok", "ngrok:dev.ngrok.app", "cmd:frpc -c frpc.toml",
		"ssh://deploy@dev.example.com?remote=127.0.0.1:8787&public=https://dev.example.com",
		"ssh://deploy@[2001:db8::1]:2222?remote=[::1]:9000&public=https://dev.example.com:8443",
	} {
		c, err := Parse(spec)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.String(); got != spec {
			t.Errorf("String() = %q, want %q", got, spec)
		}
	}
}

func TestOnlyLANMovesTheDevServerOffLoopback(t *testing.T) {
	for _, tc := range []struct{ provider, addr, want string }{
		{ProviderLAN, "127.0.0.1:8787", "0.0.0.0:8787"},
		{ProviderLAN, "127.0.0.1:0", "0.0.0.0:0"},
		{ProviderLAN, "bogus", "0.0.0.0:8787"},
		{ProviderSSH, "127.0.0.1:8787", "127.0.0.1:8787"},
		{ProviderCmd, "127.0.0.1:9000", "127.0.0.1:9000"},
	} {
		if got := (Config{Provider: tc.provider}).ListenAddr(tc.addr); got != tc.want {
			t.Errorf("%s ListenAddr(%q) = %q, want %q", tc.provider, tc.addr, got, tc.want)
		}
	}
}

func TestIsFingerprintTakesOnlySHA256(t *testing.T) {
	for s, want := range map[string]bool{
		"SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s":  true,
		"SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s=": false,
		"SHA256:short": false,
		"uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s":         false,
		"MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48": false,
	} {
		if IsFingerprint(s) != want {
			t.Errorf("IsFingerprint(%q) = %v", s, !want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"lan", "ngrok", "ngrok:a.b", "cmd:x", "ssh://u@h?remote=127.0.0.1:1&public=https://a.b",
		"ssh://u@[::1]:2?remote=[fe80::1%25eth0]:3&public=http://a.b:8", "ssh://u:p@h", "u@h", "frpc",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		c, err := Parse(spec)
		if err != nil {
			if !errors.Is(err, ErrSpec) {
				t.Fatalf("Parse(%q): error %v is not an ErrSpec", spec, err)
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("Parse(%q) = %+v, which does not validate: %v", spec, c, err)
		}
		back, err := Parse(c.String())
		if err != nil {
			t.Fatalf("Parse(%q).String() = %q does not parse: %v", spec, c.String(), err)
		}
		if !reflect.DeepEqual(back, c) {
			t.Fatalf("Parse(%q) = %+v, but its String %q parses to %+v", spec, c, c.String(), back)
		}
	})
}
