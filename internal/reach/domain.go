package reach

import (
	"fmt"
	"strings"

	"wecomdev/internal/wecom"
)

// The port rule, the one home of it (the dev server, the emulator and Check compare through
// these functions). WeCom compares a page's domain with the app's trusted domains port
// included: 「若访问链接URL带了端口号，端口号也需要登记到可信域名中」 and the example table
// 「mail.qq.com:8080 … 配置域名与访问域名完全一致，包括端口号」 (WeCom's trusted-domain rule as
// quoted in cnblogs.com/mylin95 2021 and juejin.cn/post/6844904132122247182; docs/wecom-facts.md,
// Emulator). So dev.example.com covers no page on dev.example.com:8443.

// PageHost is a page's host as WeCom compares it with trusted domains: the name in lower case
// without a trailing dot, with ":port" only when the port is not the scheme's default
// ("h5.example.com", "dev.example.com:8443", "[::1]:8787"). Browsers leave the default port
// out of location.href and Origin, so https://h5.example.com:443/ reaches WeCom (and is
// signed) as https://h5.example.com/. hostport is what follows "scheme://" up to the path,
// without user info; an unknown scheme drops no port. "" when there is no name or the port
// is not a number (no browser sends "h5.example.com:8443.evil.com").
func PageHost(scheme, hostport string) string {
	name, port := splitHostPort(strings.ToLower(hostport))
	name = strings.TrimSuffix(name, ".")
	if name == "" || len(port) > 5 || strings.Trim(port, "0123456789") != "" {
		return ""
	}
	if port == defaultPort(strings.ToLower(scheme)) {
		port = ""
	}
	return joinHostPort(name, port)
}

// NormalizeDomain turns a trusted domain as typed ("H5.Example.com", "https://h5.example.com/",
// "dev.example.com:8443") into the form Covers compares: lower case, without scheme, path,
// user info or trailing dot, the port kept as typed. A port is dropped only when a scheme was
// typed and the port is its default ("https://h5.example.com:443/" is h5.example.com). ""
// when there is no host.
func NormalizeDomain(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	scheme := ""
	if i := strings.Index(s, "://"); i >= 0 {
		scheme, s = s[:i], s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#\\"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	return PageHost(scheme, s)
}

// Covers says whether the trusted domain d (in NormalizeDomain's form) covers a page at
// scheme://host (host in PageHost's form). The port is part of the domain: d without a port
// covers the page only on its scheme's default port, d with a port only on that port.
//
// A trusted domain has no scheme, and WeCom's docs do not say how a default port typed into
// one is read. The reading here is a guess, the stricter of the plausible ones: d with port
// P covers the pages whose port is P, the scheme's default included. So h5.example.com:443
// covers https://h5.example.com/ (the same server WeCom verifies the domain on) but not
// http://h5.example.com/, and h5.example.com:80 covers http://h5.example.com/ but not
// https://h5.example.com/.
func Covers(d, scheme, host string) bool {
	if d == "" || host == "" {
		return false
	}
	if d == host {
		return true
	}
	name, port := splitHostPort(d)
	return port != "" && port == defaultPort(strings.ToLower(scheme)) && joinHostPort(name, "") == host
}

// Covering is the first trusted domain that covers a page at scheme://host, and whether
// there is one.
func Covering(scheme, host string, trusted []string) (string, bool) {
	for _, d := range trusted {
		if Covers(d, scheme, host) {
			return d, true
		}
	}
	return "", false
}

// NearMiss says, in both UI languages, why a trusted domain that comes close does not cover
// a page at scheme://host: the same name on another port (the port rule), or a parent
// domain. false when none comes close; call it only for a page no trusted domain covers.
func NearMiss(scheme, host string, trusted []string) (wecom.Text, bool) {
	name, _ := splitHostPort(host)
	for _, d := range trusted {
		dn, dp := splitHostPort(d)
		switch {
		case dn == name && !Covers(d, scheme, host):
			want, wantEn := "默认端口", "the default port"
			if dp != "" {
				want, wantEn = "端口 "+dp, "port "+dp
			}
			return wecom.Text{
				ZhCN: fmt.Sprintf("端口也是域名的一部分：可信域名 %s 用的是%s。请用该端口提供页面，或在应用的可信域名中添加 %s。", d, want, host),
				EnUS: fmt.Sprintf("The port is part of the domain: the trusted domain %s means %s. Serve the page there, or add %s to the app's trusted domains.", d, wantEn, host),
			}, true
		case strings.HasSuffix(name, "."+dn):
			return wecom.Text{
				ZhCN: fmt.Sprintf("它是可信域名 %s 的子域名：要把它作为页面来源，请在应用和配置中把 %s 本身添加为可信域名。", d, host),
				EnUS: fmt.Sprintf("It is under the trusted domain %s: to open pages on it, add %s itself to the app's and the profile's trusted domains.", d, host),
			}, true
		}
	}
	return wecom.Text{}, false
}
