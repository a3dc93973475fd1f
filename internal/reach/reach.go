// Package reach tells what a phone can do with a public URL of the dev server: open a page
// there and sign (a trusted domain), only call its signing endpoints from a page deployed on
// a trusted domain (any other public host, such as a tunnel's random domain), or nothing (an
// IP address, a LAN or loopback address, a name only this network knows).
//
// The rules are WeCom's (企业微信): ww.register / wx.config / wx.agentConfig succeed only on
// a page whose domain (with its port, when not the default) is one of the app's trusted
// domains (可信域名), and a trusted domain must be ICP-filed and verified with the
// WW_verify_….txt file at its root. A page anywhere else gets `invalid url domain`
// (40048 / 80001), however right its signature.
package reach

import (
	"encoding/json"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"wecomdev/internal/wecom"
)

// Level is what works from a phone.
type Level string

// The levels.
const (
	PageAndSigning Level = "page-and-signing" // a trusted domain: the page and the signing endpoints
	SigningOnly    Level = "signing-only"     // a public host that is not a trusted domain: the signing endpoints, from a page deployed on one
	Nothing        Level = "nothing"          // nothing on a phone
)

// The dev server's signing endpoints (the same as devserver.PathConfigSignature and
// PathAgentSignature; a test keeps them equal without this package importing the server).
const (
	PathConfigSignature = "/api/jssdk/config-signature"
	PathAgentSignature  = "/api/jssdk/agent-signature"
)

// Verdict is what Check found.
type Verdict struct {
	// Host is the public URL's host as WeCom compares it with trusted domains: lower case,
	// with ":port" when the port is not the scheme's default ("h5.example.com",
	// "dev.example.com:8443").
	Host  string `json:"host"`
	Level Level  `json:"level"`
	// Reasons say why, and what to do, in both UI languages, most important first.
	Reasons []wecom.Text `json:"reasons"`
	// CORSOrigin is the origin a page deployed on a trusted domain calls the dev server from
	// ("https://h5.example.com"), which the dev server must allow (it allows the profile's
	// trusted domains); "" when no cross-origin call is needed or possible.
	CORSOrigin string `json:"corsOrigin"`
	// Snippet is the JavaScript for such a page: ww.register with signatures fetched from
	// this public URL, its comments in each UI language. Empty when nothing works.
	Snippet wecom.Text `json:"snippet"`
	// NeedsVerifyFile: the host is a trusted domain that is not verified yet; WeCom must
	// find WW_verify_….txt at its root, which the dev server can serve.
	NeedsVerifyFile bool `json:"needsVerifyFile"`
}

// Check says what works on a phone with the dev server reachable at publicURL (the URL of
// its root, as a tunnel prints it), given the profile's trusted domains. verified reports
// whether a trusted domain (in Host's form) has passed WeCom's file verification; nil means
// not known, and then nothing is said about it.
func Check(publicURL string, trustedDomains []string, verified func(host string) bool) Verdict {
	u, err := url.Parse(strings.TrimSpace(publicURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return Verdict{Level: Nothing, Reasons: []wecom.Text{{
			ZhCN: fmt.Sprintf("%q 不是带主机名的 http(s) 地址：请填写隧道给出的公网地址，例如 https://h5.example.com。", short(publicURL)),
			EnUS: fmt.Sprintf("%q is not an http(s) URL with a host: give the public URL the tunnel prints, like https://h5.example.com.", short(publicURL)),
		}}}
	}
	name := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	v := Verdict{Host: PageHost(u.Scheme, u.Host)}

	if why, ok := unreachable(name); ok {
		v.Level = Nothing
		v.Reasons = append(v.Reasons, why)
		return v
	}

	trusted := normalizeAll(trustedDomains)
	base := u.Scheme + "://" + v.Host + strings.TrimSuffix(u.EscapedPath(), "/")
	if _, ok := Covering(u.Scheme, v.Host, trusted); ok {
		v.Level = PageAndSigning
		v.Reasons = append(v.Reasons, wecom.Text{
			ZhCN: fmt.Sprintf("%s 是该配置的可信域名：经隧道打开的页面可以调用 ww.register，签名接口与页面同源（无需 CORS）。请确认企业微信管理后台「应用 → 网页授权及JS-SDK → 可信域名」中也填了它（配置里的列表只是 wecomdev 的副本）。", v.Host),
			EnUS: fmt.Sprintf("%s is one of the profile's trusted domains: a page opened there through the tunnel can call ww.register, and the signing endpoints share its origin (no CORS). Check that the WeCom admin console lists it too (the app → Web Authorization & JS-SDK → Trusted domain); the profile's list is only wecomdev's copy.", v.Host),
		})
		if verified != nil && !verified(v.Host) {
			v.NeedsVerifyFile = true
			v.Reasons = append(v.Reasons, wecom.Text{
				ZhCN: fmt.Sprintf("%s 尚未通过校验：保存可信域名时，企业微信会获取 %s://%s/WW_verify_….txt。在管理后台的可信域名设置中下载该文件，交给开发服务器提供（图形界面：开发服务器 → 域名校验文件；命令行：wecomdev serve NAME --verify-file PATH），再保存可信域名。", v.Host, u.Scheme, v.Host),
				EnUS: fmt.Sprintf("%s is not verified yet: when the trusted domain is saved, WeCom fetches %s://%s/WW_verify_….txt. Download the file from the trusted-domain settings in the admin console and let the dev server serve it (GUI: Dev server → Domain verification file; headless: wecomdev serve NAME --verify-file PATH), then save the trusted domain.", v.Host, u.Scheme, v.Host),
			})
		}
		v.Snippet = Snippet(base, "", 0)
		if u.Scheme == "http" {
			v.Reasons = append(v.Reasons, httpPage(u))
		}
		return v
	}

	v.Level = SigningOnly
	v.Reasons = append(v.Reasons, notTrusted(u.Scheme, v.Host, trusted))
	if len(trusted) == 0 {
		v.Reasons = append(v.Reasons, wecom.Text{
			ZhCN: "该配置还没有可信域名：请添加部署测试页面的域名（即应用在管理后台配置的可信域名），开发服务器才会允许该页面跨域调用签名接口。",
			EnUS: "The profile has no trusted domain yet: add the domain your test page is deployed on (the app's trusted domain in the admin console), so that the dev server lets that page call the signing endpoints across origins.",
		})
	} else {
		v.CORSOrigin = "https://" + PageHost("https", trusted[0])
		v.Reasons = append(v.Reasons, wecom.Text{
			ZhCN: fmt.Sprintf("它仍可提供签名：把页面部署到可信域名（如 %s），由页面通过 fetch 调用 %s%s 等签名接口（见代码片段）。开发服务器只对该配置的可信域名返回 CORS 头，来源 %s 已被允许。", v.CORSOrigin, base, PathConfigSignature, v.CORSOrigin),
			EnUS: fmt.Sprintf("It can still sign: deploy the page on a trusted domain (such as %s) and let it fetch %s%s and the other signing endpoint (see the snippet). The dev server answers CORS for the profile's trusted domains only; the origin %s is allowed.", v.CORSOrigin, base, PathConfigSignature, v.CORSOrigin),
		})
	}
	if u.Scheme == "http" {
		v.Reasons = append(v.Reasons, wecom.Text{
			ZhCN: fmt.Sprintf("这是 http 地址：部署在 https 上的页面不能 fetch http://%s（混合内容会被拦截）。请使用隧道的 https 地址。", v.Host),
			EnUS: fmt.Sprintf("The URL is http: a page deployed on https cannot fetch http://%s (the browser blocks mixed content). Use the tunnel's https URL.", v.Host),
		})
	}
	v.Snippet = Snippet(base, "", 0)
	return v
}

// notTrusted says why a public host is no page origin, with the nearest miss.
func notTrusted(scheme, host string, trusted []string) wecom.Text {
	zhList := strings.Join(trusted, ", ")
	enList := zhList
	if len(trusted) == 0 { // said in words: an empty list read as "（—）" (issue 15)
		zhList = "该配置未设置可信域名，请在" + wecom.AreaName(wecom.ToolTrustedDomains, "zh-CN") + "添加；命令行：wecomdev profile edit NAME --trusted-domain HOST"
		enList = "the profile has no trusted domain set: add it in " + wecom.AreaName(wecom.ToolTrustedDomains, "en-US") + "; headless: wecomdev profile edit NAME --trusted-domain HOST"
	}
	t := wecom.Text{
		ZhCN: fmt.Sprintf("%s 不是该配置的可信域名（%s）：在那里打开的页面调用 ww.register 会得到 invalid url domain（40048 / 80001）。隧道的随机域名无法成为可信域名：可信域名须 ICP 备案，并在域名根目录放置 WW_verify_….txt 完成校验。", host, zhList),
		EnUS: fmt.Sprintf("%s is not one of the profile's trusted domains (%s): a page opened there gets invalid url domain (40048 / 80001) from ww.register. A tunnel's random domain cannot become one: a trusted domain must be ICP-filed and verified with WW_verify_….txt at its root.", host, enList),
	}
	if m, ok := NearMiss(scheme, host, trusted); ok {
		t.ZhCN += " " + m.ZhCN
		t.EnUS += " " + m.EnUS
	}
	return t
}

func httpPage(u *url.URL) wecom.Text {
	return wecom.Text{
		ZhCN: fmt.Sprintf("这是 http 地址：企业微信页面应使用 https（内置浏览器视 http 页面为不安全，定位、拍照等接口会拒绝；https 页面也不能调用 http 接口）。请在你的服务器（隧道前的 nginx）上配置证书，使用 https://%s。", u.Host),
		EnUS: fmt.Sprintf("The URL is http: WeCom pages want https (the in-app browser treats http pages as insecure and APIs such as location and camera refuse them; an https page cannot call an http endpoint either). Put a certificate on your server (the nginx in front of the tunnel) and use https://%s.", u.Host),
	}
}

// localTLDs are names no phone resolves through public DNS (RFC 6761, 6762, 8375 and the
// names home routers and companies use).
var localTLDs = map[string]bool{
	"local": true, "localhost": true, "lan": true, "home": true, "corp": true, "internal": true,
	"intranet": true, "localdomain": true, "test": true, "example": true, "invalid": true,
}

// unreachable says why nothing works on a phone for a host, if so.
func unreachable(name string) (wecom.Text, bool) {
	if a, err := netip.ParseAddr(name); err == nil {
		a = a.Unmap()
		switch {
		case a.IsLoopback() || a.IsUnspecified():
			return loopback(name), true
		case a.IsPrivate() || a.IsLinkLocalUnicast() || cgnat.Contains(a):
			return wecom.Text{
				ZhCN: fmt.Sprintf("%s 是局域网地址，手机上什么都用不了：IP 不能作为可信域名（须为 ICP 备案的域名），在那里打开的页面会得到 invalid url domain；部署在 https 可信域名上的页面也不能调用 http://%s（混合内容被拦截，且手机常不在同一网络）。请使用隧道：你自己的备案域名（SSH 反向隧道或 frp），或任意带 https 的隧道域名（仅签名）。", name, name),
				EnUS: fmt.Sprintf("%s is a LAN address, and nothing works with it on a phone: an IP address cannot be a trusted domain (WeCom takes ICP-filed domain names), so a page there gets invalid url domain, and a page deployed on an https trusted domain cannot call http://%s (mixed content is blocked, and the phone is often on another network). Use a tunnel: your own filed domain (SSH reverse tunnel or frp), or any https tunnel domain (signing only).", name, name),
			}, true
		default:
			return wecom.Text{
				ZhCN: fmt.Sprintf("%s 是 IP 地址：IP 不能作为可信域名（须为 ICP 备案的域名），在那里打开的页面会得到 invalid url domain；部署在可信域名上的 https 页面也只能调用带有效证书的 https 地址，而 IP 地址通常没有。请给隧道使用域名。", name),
				EnUS: fmt.Sprintf("%s is an IP address: it cannot be a trusted domain (WeCom takes ICP-filed domain names), so a page there gets invalid url domain, and a page deployed on an https trusted domain can only call an https URL with a valid certificate, which a bare IP address rarely has. Use a domain name for the tunnel.", name),
			}, true
		}
	}
	labels := strings.Split(name, ".")
	tld := labels[len(labels)-1]
	switch {
	case tld == "localhost":
		return loopback(name), true
	case len(labels) == 1 || localTLDs[tld] || strings.HasSuffix(name, ".home.arpa"):
		return wecom.Text{
			ZhCN: fmt.Sprintf("%s 是只在本地网络有效的名字：手机通过公网 DNS 解析不到它，它也不能成为可信域名。请使用隧道给出的公网地址。", name),
			EnUS: fmt.Sprintf("%s is a name only a local network knows: a phone does not resolve it through public DNS, and it cannot be a trusted domain. Use the public URL a tunnel gives.", name),
		}, true
	}
	return wecom.Text{}, false
}

func loopback(name string) wecom.Text {
	return wecom.Text{
		ZhCN: fmt.Sprintf("%s 是本机回环地址：在手机上它指向手机自己，什么都用不了。请用隧道把开发服务器暴露到公网；不用手机时，可在电脑浏览器中使用模拟器（wecomdev serve NAME --emulate）。", name),
		EnUS: fmt.Sprintf("%s is loopback: on a phone it is the phone itself, so nothing works. Expose the dev server through a tunnel; without a phone, use the desktop emulator (wecomdev serve NAME --emulate).", name),
	}
}

// cgnat is the shared address space of carrier-grade NAT and of Tailscale (RFC 6598).
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// Snippet is the JavaScript for a page on a trusted domain that registers with @wecom/jssdk
// and takes its signatures from the dev server at base (scheme://host[:port][/prefix]), its
// comments in each UI language (the code is the same). An empty corpID or a zero agentID
// leaves a placeholder to fill in.
func Snippet(base, corpID string, agentID int64) wecom.Text {
	return wecom.Text{ZhCN: snippet(base, corpID, agentID, snippetZhCN), EnUS: snippet(base, corpID, agentID, snippetEnUS)}
}

// snippetComments are the snippet's comments in one language.
type snippetComments struct{ corp, agent, head, sign string }

var (
	snippetEnUS = snippetComments{
		corp:  "the app's corp ID (My Company → Company Info)",
		agent: "the app's AgentId (App Management → the app)",
		head: "// ww.register with its signatures from the wecomdev dev server at SIGNER.\n" +
			"// The page must live on one of the app's trusted domains; the dev server answers CORS for them.",
		sign: "// sign returns the function @wecom/jssdk calls with the page URL (without #…).",
	}
	snippetZhCN = snippetComments{
		corp:  "应用所属企业的 corpId（我的企业 → 企业信息）",
		agent: "应用的 AgentId（应用管理 → 该应用）",
		head: "// ww.register，签名取自 SIGNER 处的 wecomdev 开发服务器。\n" +
			"// 页面须部署在应用的可信域名上；开发服务器只对这些域名返回 CORS 头。",
		sign: "// sign 返回 @wecom/jssdk 以页面 URL（不含 #…）调用的函数。",
	}
)

func snippet(base, corpID string, agentID int64, c snippetComments) string {
	corp := `"ww…" /* ← ` + c.corp + ` */`
	if corpID != "" {
		corp = jsString(corpID)
	}
	agent := `0 /* ← ` + c.agent + ` */`
	if agentID != 0 {
		agent = fmt.Sprint(agentID)
	}
	return fmt.Sprintf(`%[6]s
import * as ww from '@wecom/jssdk'

const SIGNER = %[1]s

%[7]s
function sign(path) {
  return (url) =>
    fetch(SIGNER + path + '?url=' + encodeURIComponent(url)).then((r) =>
      r.ok ? r.json() : r.text().then((t) => Promise.reject(new Error(path + ': ' + r.status + ' ' + t))))
}

ww.register({
  corpId: %[2]s,
  agentId: %[3]s,
  jsApiList: ['getContext'],
  getConfigSignature: sign(%[4]s),
  getAgentConfigSignature: sign(%[5]s),
})
`, jsString(base), corp, agent, jsString(PathConfigSignature), jsString(PathAgentSignature), c.head, c.sign)
}

// jsString is s as a JavaScript string literal (JSON's form, which is also safe inside a
// <script> element).
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// normalizeAll turns trusted domains as typed into NormalizeDomain's form, dropping empty
// and repeated entries.
func normalizeAll(domains []string) []string {
	var out []string
	for _, d := range domains {
		if d = NormalizeDomain(d); d != "" && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

func splitHostPort(s string) (name, port string) {
	if h, p, err := net.SplitHostPort(s); err == nil {
		return h, p
	}
	return strings.Trim(s, "[]"), ""
}

func joinHostPort(name, port string) string {
	if port != "" {
		return net.JoinHostPort(name, port)
	}
	if strings.Contains(name, ":") {
		return "[" + name + "]"
	}
	return name
}

// defaultPort is the scheme's default port, "" for a scheme other than http(s).
func defaultPort(scheme string) string {
	switch scheme {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// short bounds what is echoed of a bad input.
func short(s string) string {
	if len(s) <= 80 {
		return s
	}
	i := 80
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}
