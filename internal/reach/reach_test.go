package reach

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"wecomdev/internal/wecom"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func yes(string) bool { return true }
func no(string) bool  { return false }

func joined(rs []wecom.Text, lang string) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.In(lang))
		b.WriteString("\n")
	}
	return b.String()
}

func TestCheckTellsWhatWorksOnAPhone(t *testing.T) {
	filed := []string{"h5.example.com", "m.example.com"}
	for _, tc := range []struct {
		name     string
		url      string
		trusted  []string
		verified func(string) bool
		host     string
		level    Level
		cors     string
		verify   bool
		says     []string // in the English reasons
		saysZh   []string // in the Chinese reasons
	}{
		{
			name: "a verified trusted domain", url: "https://h5.example.com", trusted: filed, verified: yes,
			host: "h5.example.com", level: PageAndSigning,
			says: []string{"one of the profile's trusted domains", "no CORS", "admin console"}, saysZh: []string{"可信域名", "无需 CORS"},
		},
		{
			name: "a trusted domain not verified yet", url: "https://h5.example.com/", trusted: filed, verified: no,
			host: "h5.example.com", level: PageAndSigning, verify: true,
			says:   []string{"not verified yet", "https://h5.example.com/WW_verify_….txt", "--verify-file PATH", "Domain verification file"},
			saysZh: []string{"尚未通过校验", "域名校验文件"},
		},
		{
			name: "a trusted domain when verification is not known", url: "https://h5.example.com", trusted: filed, verified: nil,
			host: "h5.example.com", level: PageAndSigning,
		},
		{
			name: "a trusted domain typed loosely, the URL in capitals with the default port", url: "https://H5.Example.COM.:443/",
			trusted: []string{" HTTPS://H5.Example.com/path "}, verified: yes,
			host: "h5.example.com", level: PageAndSigning,
		},
		{
			name: "a trusted domain with its port", url: "https://dev.example.com:8443/", trusted: []string{"dev.example.com:8443"}, verified: yes,
			host: "dev.example.com:8443", level: PageAndSigning,
		},
		{
			name: "a trusted domain over http", url: "http://h5.example.com", trusted: filed, verified: yes,
			host: "h5.example.com", level: PageAndSigning,
			says: []string{"WeCom pages want https", "https://h5.example.com"}, saysZh: []string{"https"},
		},
		{
			name: "a tunnel's random domain", url: "https://a1b2c3.ngrok-free.app", trusted: filed, verified: yes,
			host: "a1b2c3.ngrok-free.app", level: SigningOnly, cors: "https://h5.example.com",
			says: []string{
				"not one of the profile's trusted domains (h5.example.com, m.example.com)", "invalid url domain", "ICP-filed", "WW_verify",
				"deploy the page on a trusted domain", "https://a1b2c3.ngrok-free.app/api/jssdk/config-signature", "origin https://h5.example.com is allowed",
			},
			saysZh: []string{"不是该配置的可信域名", "invalid url domain", "ICP 备案", "部署到可信域名"},
		},
		{
			name: "the trusted domain on another port", url: "https://h5.example.com:8443", trusted: filed, verified: yes,
			host: "h5.example.com:8443", level: SigningOnly, cors: "https://h5.example.com",
			says: []string{"The port is part of the domain", "h5.example.com means the default port", "add h5.example.com:8443"}, saysZh: []string{"端口也是域名的一部分"},
		},
		{
			name: "a trusted domain's port left off", url: "https://dev.example.com", trusted: []string{"dev.example.com:8443"}, verified: yes,
			host: "dev.example.com", level: SigningOnly, cors: "https://dev.example.com:8443",
			says: []string{"dev.example.com:8443 means port 8443"},
		},
		{
			name: "a trusted domain typed with https's default port, the page on https", url: "https://h5.example.com/", trusted: []string{"h5.example.com:443"}, verified: yes,
			host: "h5.example.com", level: PageAndSigning,
		},
		{
			name: "a trusted domain typed with https's default port, the page on http", url: "http://h5.example.com/", trusted: []string{"h5.example.com:443"}, verified: yes,
			host: "h5.example.com", level: SigningOnly, cors: "https://h5.example.com",
			says: []string{"h5.example.com:443 means port 443", "add h5.example.com to"},
		},
		{
			name: "a trusted domain typed with http's default port, the page on https", url: "https://h5.example.com", trusted: []string{"h5.example.com:80"}, verified: yes,
			host: "h5.example.com", level: SigningOnly, cors: "https://h5.example.com:80",
			says: []string{"The port is part of the domain", "h5.example.com:80 means port 80"}, saysZh: []string{"端口也是域名的一部分", "端口 80"},
		},
		{
			name: "the trusted domain's name on http with https's port", url: "http://h5.example.com:443/", trusted: filed, verified: yes,
			host: "h5.example.com:443", level: SigningOnly, cors: "https://h5.example.com",
			says: []string{"h5.example.com means the default port", "add h5.example.com:443"},
		},
		{
			name: "a subdomain of a trusted domain", url: "https://tunnel.h5.example.com", trusted: filed, verified: yes,
			host: "tunnel.h5.example.com", level: SigningOnly, cors: "https://h5.example.com",
			says: []string{"under the trusted domain h5.example.com", "add tunnel.h5.example.com itself"}, saysZh: []string{"子域名"},
		},
		{
			name: "a tunnel and no trusted domain at all", url: "https://x.trycloudflare.com", trusted: nil, verified: yes,
			host: "x.trycloudflare.com", level: SigningOnly,
			says:   []string{"trusted domains (the profile has no trusted domain set: add it in Profiles → Trusted domains;", "no trusted domain yet"},
			saysZh: []string{"还没有可信域名", "（该配置未设置可信域名，请在「配置 → 可信域名」添加；"},
		},
		{
			name: "a tunnel over http", url: "http://abc.natappfree.cc", trusted: filed, verified: yes,
			host: "abc.natappfree.cc", level: SigningOnly, cors: "https://h5.example.com",
			says: []string{"cannot fetch http://abc.natappfree.cc", "mixed content", "https URL"}, saysZh: []string{"混合内容"},
		},
		{
			name: "a LAN address", url: "http://192.168.1.20:8787", trusted: filed, verified: yes,
			host: "192.168.1.20:8787", level: Nothing,
			says: []string{"192.168.1.20 is a LAN address", "nothing works", "cannot be a trusted domain", "mixed content", "tunnel"}, saysZh: []string{"局域网地址"},
		},
		{name: "a 10/8 address", url: "http://10.0.0.5", trusted: filed, host: "10.0.0.5", level: Nothing, says: []string{"LAN address"}},
		{name: "a 172.16/12 address", url: "http://172.16.3.4", trusted: filed, host: "172.16.3.4", level: Nothing, says: []string{"LAN address"}},
		{name: "a link-local address", url: "http://169.254.10.1", trusted: filed, host: "169.254.10.1", level: Nothing, says: []string{"LAN address"}},
		{name: "a carrier-grade NAT address", url: "http://100.100.1.2", trusted: filed, host: "100.100.1.2", level: Nothing, says: []string{"LAN address"}},
		{name: "an IPv6 ULA", url: "http://[fd12:3456::1]:8787/", trusted: filed, host: "[fd12:3456::1]:8787", level: Nothing, says: []string{"LAN address"}},
		{name: "an IPv6 link-local address", url: "http://[fe80::1]/", trusted: filed, host: "[fe80::1]", level: Nothing, says: []string{"LAN address"}},
		{name: "a LAN address listed as trusted", url: "http://192.168.1.20", trusted: []string{"192.168.1.20"}, verified: yes, host: "192.168.1.20", level: Nothing, says: []string{"LAN address"}},
		{name: "loopback", url: "http://127.0.0.1:8787", trusted: filed, host: "127.0.0.1:8787", level: Nothing, says: []string{"loopback", "the phone itself", "--emulate"}, saysZh: []string{"回环", "--emulate"}},
		{name: "localhost", url: "http://localhost:8787/", trusted: filed, host: "localhost:8787", level: Nothing, says: []string{"loopback"}},
		{name: "a .localhost name", url: "http://app.localhost", trusted: filed, host: "app.localhost", level: Nothing, says: []string{"loopback"}},
		{name: "IPv6 loopback", url: "http://[::1]:8787", trusted: filed, host: "[::1]:8787", level: Nothing, says: []string{"loopback"}},
		{name: "the unspecified address", url: "http://0.0.0.0:8787", trusted: filed, host: "0.0.0.0:8787", level: Nothing, says: []string{"loopback"}},
		{
			name: "a public IP address", url: "https://203.0.113.7", trusted: filed, verified: yes, host: "203.0.113.7", level: Nothing,
			says: []string{"203.0.113.7 is an IP address", "cannot be a trusted domain", "domain name for the tunnel"}, saysZh: []string{"IP 地址"},
		},
		{name: "a bare machine name", url: "http://mybox:8787", trusted: filed, host: "mybox:8787", level: Nothing, says: []string{"a name only a local network knows"}},
		{name: "an mDNS name", url: "http://mac.local", trusted: filed, host: "mac.local", level: Nothing, says: []string{"local network"}},
		{name: "a home network name", url: "https://nas.home.arpa", trusted: filed, host: "nas.home.arpa", level: Nothing, says: []string{"local network"}},
		{name: "a router's name", url: "http://pc.lan", trusted: filed, host: "pc.lan", level: Nothing, says: []string{"local network"}},
		{name: "no URL", url: "", trusted: filed, level: Nothing, says: []string{`"" is not an http(s) URL`}, saysZh: []string{"不是带主机名的 http(s) 地址"}},
		{name: "no scheme", url: "h5.example.com", trusted: filed, level: Nothing, says: []string{"not an http(s) URL"}},
		{name: "another scheme", url: "ftp://h5.example.com", trusted: filed, level: Nothing, says: []string{"not an http(s) URL"}},
		{name: "no host", url: "https://", trusted: filed, level: Nothing, says: []string{"not an http(s) URL"}},
		{name: "a long bad input is cut", url: "ftp://" + strings.Repeat("企", 100), trusted: filed, level: Nothing, says: []string{"企…\" is not"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := Check(tc.url, tc.trusted, tc.verified)
			if v.Host != tc.host || v.Level != tc.level || v.CORSOrigin != tc.cors || v.NeedsVerifyFile != tc.verify {
				t.Fatalf("got host %q level %q cors %q verify %v\nwant host %q level %q cors %q verify %v\nreasons:\n%s",
					v.Host, v.Level, v.CORSOrigin, v.NeedsVerifyFile, tc.host, tc.level, tc.cors, tc.verify, joined(v.Reasons, "en-US"))
			}
			if len(v.Reasons) == 0 {
				t.Fatal("no reason given")
			}
			for _, r := range v.Reasons {
				if r.ZhCN == "" || r.EnUS == "" {
					t.Fatalf("a reason lacks a language: %+v", r)
				}
			}
			en, zh := joined(v.Reasons, "en-US"), joined(v.Reasons, "zh-CN")
			for _, s := range tc.says {
				if !strings.Contains(en, s) {
					t.Errorf("the reasons do not say %q:\n%s", s, en)
				}
			}
			for _, s := range tc.saysZh {
				if !strings.Contains(zh, s) {
					t.Errorf("the Chinese reasons do not say %q:\n%s", s, zh)
				}
			}
			if (v.Snippet.EnUS != "") != (tc.level != Nothing) || (v.Snippet.ZhCN != "") != (tc.level != Nothing) {
				t.Errorf("level %s with snippet %q", v.Level, v.Snippet)
			}
		})
	}
}

func TestTheSnippetCallsThisPublicURLsSigningEndpoints(t *testing.T) {
	v := Check("https://A1B2C3.ngrok-free.app:443/", []string{"h5.example.com"}, yes)
	for _, s := range []string{
		`const SIGNER = "https://a1b2c3.ngrok-free.app"`,
		"fetch(SIGNER + path + '?url=' + encodeURIComponent(url))",
		`getConfigSignature: sign("/api/jssdk/config-signature")`,
		`getAgentConfigSignature: sign("/api/jssdk/agent-signature")`,
	} {
		for _, snippet := range []string{v.Snippet.EnUS, v.Snippet.ZhCN} {
			if !strings.Contains(snippet, s) {
				t.Errorf("the snippet lacks %s:\n%s", s, snippet)
			}
		}
	}
	// a dev server mapped under a path keeps it; the query and fragment go
	v = Check("https://h5.example.com/wecomdev/?x=1#top", []string{"h5.example.com"}, yes)
	if !strings.Contains(v.Snippet.EnUS, `const SIGNER = "https://h5.example.com/wecomdev"`) {
		t.Errorf("the snippet's signer:\n%s", v.Snippet)
	}
}

func TestTheSnippetQuotesWhatItEmbeds(t *testing.T) {
	s := Snippet(`https://x.example.com/a"+alert(1)+"</script>`, `ww'1"`, 0).EnUS
	if strings.Contains(s, `"+alert(1)+"`) || strings.Contains(s, "</script>") || !strings.Contains(s, `corpId: "ww'1\""`) {
		t.Fatalf("not quoted:\n%s", s)
	}
}

func TestTheSnippetsCommentsAreInEachUILanguageAndItsCodeIsTheSame(t *testing.T) {
	s := Snippet("https://a1b2c3.ngrok-free.app", "", 0)
	code := func(js string) string { // the snippet without its comments
		var out []string
		for _, line := range strings.Split(js, "\n") {
			if i := strings.Index(line, "/*"); i >= 0 {
				line = line[:i]
			}
			if !strings.HasPrefix(line, "//") {
				out = append(out, line)
			}
		}
		return strings.Join(out, "\n")
	}
	if code(s.ZhCN) != code(s.EnUS) {
		t.Errorf("the code differs between the languages:\n%s\n----\n%s", s.ZhCN, s.EnUS)
	}
	for _, line := range strings.Split(s.ZhCN, "\n") {
		comment := line
		if i := strings.Index(line, "//"); i >= 0 && strings.HasPrefix(strings.TrimSpace(line), "//") {
			comment = line[i:]
		} else if i := strings.Index(line, "/*"); i >= 0 {
			comment = line[i:]
		} else {
			continue
		}
		if !strings.ContainsFunc(comment, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("a comment of the zh-CN snippet is not in Chinese: %s", comment)
		}
	}
}

func TestTheSnippetsMatchTheGoldenFiles(t *testing.T) {
	for _, tc := range []struct{ file, snippet string }{
		{"tunnel.js", Check("https://a1b2c3.ngrok-free.app", []string{"h5.example.com"}, yes).Snippet.EnUS},
		{"tunnel.zh-CN.js", Check("https://a1b2c3.ngrok-free.app", []string{"h5.example.com"}, yes).Snippet.ZhCN},
		{"own-domain-with-ids.js", Snippet("https://h5.example.com", "ww1234567890abcdef", 1000002).EnUS},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file)
			if *update {
				if err := os.WriteFile(path, []byte(tc.snippet), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test -update creates it)", err)
			}
			if tc.snippet != string(want) {
				t.Fatalf("the snippet differs from %s (go test -update rewrites it):\n%s", path, tc.snippet)
			}
		})
	}
}

// TestTheSnippetsAreValidJavaScript: node parses them as ES modules (skipped without node).
func TestTheSnippetsAreValidJavaScript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	for _, file := range []string{"tunnel.js", "tunnel.zh-CN.js", "own-domain-with-ids.js"} {
		src, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		mjs := filepath.Join(t.TempDir(), strings.TrimSuffix(file, ".js")+".mjs")
		if err := os.WriteFile(mjs, src, 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(node, "--check", mjs).CombinedOutput(); err != nil {
			t.Errorf("%s: %v\n%s", file, err, out)
		}
	}
}
