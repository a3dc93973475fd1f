package diagnose

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"wecomdev/internal/jssdk"
)

// Result is the comparison of a signed URL with a page's URL.
type Result struct {
	// Match: the signed URL is byte-identical to the page URL without its "#…", which
	// is what WeCom checks. When it is true, Findings is empty.
	Match bool `json:"match"`
	// Findings explain every difference (at least one when Match is false), in the order
	// of FindingCodes, at most one per code. Never nil.
	Findings []Finding `json:"findings"`
	Signed   URLParts  `json:"signed"`
	Page     URLParts  `json:"page"`
	// PageCut is the page URL without its "#…": what the signature must have been made over.
	PageCut string `json:"pageCut"`
	// SignedSegments and PageSegments cut each URL, as given, into runs that are the same
	// on both sides or differ, for a side-by-side view; joined they give the input back.
	// The page's own "#…" is a last segment marked Ignored (the SDK cuts it).
	SignedSegments []Segment `json:"signedSegments"`
	PageSegments   []Segment `json:"pageSegments"`
}

// Diagnose compares the URL a backend signed with the page's URL (location.href, hash
// and all). It never fails: any two strings get an answer, the same one every time.
func Diagnose(signedURL, pageURL string) Result {
	cut := jssdk.CutHash(pageURL)
	r := Result{
		Match:    signedURL == cut,
		Findings: []Finding{},
		Signed:   ParseURL(signedURL),
		Page:     ParseURL(pageURL),
		PageCut:  cut,
	}
	r.SignedSegments, r.PageSegments = segments(signedURL, cut)
	if hash := pageURL[len(cut):]; hash != "" {
		r.PageSegments = append(r.PageSegments, Segment{Text: hash, Ignored: true})
	}
	if r.Match {
		return r
	}
	d := &differ{pageHash: pageURL[len(cut):]}
	d.run(signedURL, cut)
	r.Findings = d.findings
	return r
}

// differ collects the findings of one comparison, one per code (the first one wins).
type differ struct {
	findings []Finding
	pageHash string // the page's own "#…", for the single-page-app hints
}

func (d *differ) add(code string, msg, fix Text, signed, page string) {
	for _, f := range d.findings {
		if f.Code == code {
			return
		}
	}
	d.findings = append(d.findings, Finding{Code: code, Message: msg, Fix: fix, Signed: signed, Page: page})
}

// run compares s (the signed URL) with p (the page URL, hash already cut). Each step
// either finds a difference of its kind and takes it out of both sides, or leaves them
// alone; then the parts are compared one by one, and every part that differs gets a
// finding (a generic one when nothing specific applies).
func (d *differ) run(s, p string) {
	s, p = d.whitespace(s, p)
	s, p = d.entities(s, p)
	s, p = d.wholeEncoding(s, p)
	s, p = d.whitespace(s, p) // decoding can uncover "%20" at an end
	s, p = d.hash(s, p)
	a, b := ParseURL(s), ParseURL(p)
	d.scheme(a, b)
	if !d.host(a, b) {
		d.port(a, b)
		d.path(a, b)
		d.query(a, b)
	}
	if len(d.findings) == 0 {
		d.fallback(s, p)
	}
	order := FindingCodes()
	slices.SortStableFunc(d.findings, func(x, y Finding) int {
		return slices.Index(order, x.Code) - slices.Index(order, y.Code)
	})
}

// ---- whitespace ----

func (d *differ) whitespace(s, p string) (string, string) {
	sl, sm, st := splitSpace(s)
	pl, pm, pt := splitSpace(p)
	if sl == pl && st == pt {
		return sm, pm
	}
	szh, sen := spaceDesc(sl, st)
	pzh, pen := spaceDesc(pl, pt)
	msg := tx("签名的 URL "+szh+"；页面 URL "+pzh+"。浏览器的 location.href 首尾不会有空格或换行。",
		"The signed URL has "+sen+"; the page URL has "+pen+". The browser's location.href never has spaces or newlines at its ends.")
	if sl+st == "" {
		msg = tx("页面 URL "+pzh+"，签名的 URL 没有：粘贴的页面 URL 多了空白（页面的 location.href 首尾不会有空白）。",
			"The page URL has "+pen+" and the signed URL has none: the page URL was pasted with whitespace (the page's own location.href never has any).")
	}
	d.add(CodeWhitespace, msg,
		tx("签名前去掉 URL 首尾的空白（trim）；换行通常来自从文件、多行输入框、请求头或模板里读出的 URL。",
			"Trim the URL before signing (trim / strings.TrimSpace); a newline usually comes from a URL read from a file, a textarea, a header or a template."),
		sl+st, pl+pt)
	return sm, pm
}

// spaceDesc describes the whitespace at a URL's ends (zh, en).
func spaceDesc(lead, trail string) (string, string) {
	switch {
	case lead == "" && trail == "":
		return "首尾没有空白", "no whitespace at its ends"
	case trail == "":
		return "开头有 " + q(lead), "leading " + q(lead)
	case lead == "":
		return "末尾有 " + q(trail), "trailing " + q(trail)
	}
	return "开头有 " + q(lead) + "、末尾有 " + q(trail), "leading " + q(lead) + " and trailing " + q(trail)
}

// ---- HTML entities ----

func (d *differ) entities(s, p string) (string, string) {
	es, ep := entitiesIn(s), entitiesIn(p)
	if len(es) == 0 && len(ep) == 0 {
		return s, p
	}
	if !slices.Equal(es, ep) {
		fix := tx("对原始 URL 签名：不要让它经过 htmlspecialchars、模板的自动转义或 XSS 过滤；若收到的是转义后的 URL，先把 &amp; 还原为 & 再签名。",
			"Sign the raw URL: keep it away from htmlspecialchars, a template's auto-escaping and XSS filters; if it arrives escaped, turn &amp; back into & before signing.")
		if len(es) >= len(ep) {
			e := es[0]
			d.add(CodeHTMLEscaped,
				tx("签名的 URL 里有 HTML 实体 "+q(e)+"，页面 URL 里是 \"&\"：URL 经过了 HTML 转义（模板或 XSS 过滤器）。",
					"The signed URL has the HTML entity "+q(e)+" where the page URL has \"&\": the URL went through an HTML escaper (a template or an XSS filter)."),
				fix, e, "&")
		} else {
			e := ep[0]
			d.add(CodeHTMLEscaped,
				tx("页面 URL 里有 HTML 实体 "+q(e)+"，签名的 URL 里是 \"&\"：粘贴的页面 URL 来自 HTML 源码（浏览器里的 location.href 是 \"&\"）。",
					"The page URL has the HTML entity "+q(e)+" where the signed URL has \"&\": the page URL was copied from HTML source (the browser's location.href has \"&\")."),
				fix, "&", e)
		}
	}
	return unescapeAmp(s), unescapeAmp(p)
}

// ---- a URL encoded as a whole ----

var encodingFix = tx("按 location.href 原样签名（浏览器把非 ASCII 字符编码为 UTF-8 的 %XX，并保留已有转义的大小写）：不要解码、重新编码，或用解码后的参数重新拼出 URL。",
	"Sign the URL exactly as location.href gives it (the browser encodes non-ASCII characters as UTF-8 %XX and keeps the letter case of existing escapes): do not decode it, re-encode it, or rebuild it from decoded parameters.")

func (d *differ) wholeEncoding(s, p string) (string, string) {
	ns, ds := decodeWhole(s)
	np, dp := decodeWhole(p)
	if ns == np {
		return ds, dp
	}
	times := func(n int) (string, string) {
		if n > 1 {
			return "被整体编码了 " + strconv.Itoa(n) + " 次", "percent-encoded as a whole " + strconv.Itoa(n) + " times"
		}
		return "被整体做了百分号编码", "percent-encoded as a whole"
	}
	fix := tx("在服务端把 url 参数解码一次再签名（框架通常会自动解码 query 与表单参数；JSON 请求体或手工解析的字符串不会）；前端 encodeURIComponent 一次即可，不要编码两次。",
		"Decode the url parameter once on the server before signing (frameworks decode query and form values themselves; a JSON body or a hand-parsed string is not decoded); encode it once on the page with encodeURIComponent, never twice.")
	if ns > np {
		zh, en := times(ns - np)
		d.add(CodeQueryEncoding,
			tx("签名的 URL "+zh+"（"+q(s)+"）：页面传了 encodeURIComponent(location.href)，后端没有解码就签了名。",
				"The signed URL is "+en+" ("+q(s)+"): the page sent encodeURIComponent(location.href) and the backend signed it without decoding."),
			fix, s, p)
	} else {
		zh, en := times(np - ns)
		d.add(CodeQueryEncoding,
			tx("页面 URL "+zh+"（"+q(p)+"）：请粘贴解码后的页面地址（页面的 location.href）。",
				"The page URL is "+en+" ("+q(p)+"): paste the decoded page address (the page's location.href)."),
			fix, s, p)
	}
	return ds, dp
}

// ---- the fragment ----

func (d *differ) hash(s, p string) (string, string) {
	var hs, hp string
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s, hs = s[:i], s[i:]
	}
	if i := strings.IndexByte(p, '#'); i >= 0 {
		p, hp = p[:i], p[i:]
	}
	if hs == hp {
		return s, p
	}
	fix := tx("签名前去掉第一个 \"#\" 及其后的全部内容：location.href.split('#')[0]（@wecom/jssdk 传给 getConfigSignature / getAgentConfigSignature 的 url 已去掉 #）。",
		"Cut everything from the first \"#\" before signing: location.href.split('#')[0] (@wecom/jssdk already passes the URL without it to getConfigSignature / getAgentConfigSignature).")
	if hs != "" {
		zh, en := "", ""
		if hs == d.pageHash {
			zh, en = "（正是页面自己的片段）", " (the page's own fragment)"
		}
		d.add(CodeHashIncluded,
			tx("签名的 URL 仍带着片段 "+q(hs)+zh+"：企业微信比对的是去掉 \"#…\" 的页面 URL，带 # 签名永远对不上。",
				"The signed URL still has the fragment "+q(hs)+en+": WeCom compares with the page URL without \"#…\", so a signed fragment never matches."),
			fix, hs, hp)
	} else {
		d.add(CodeHashIncluded,
			tx("解码后的页面 URL 带有片段 "+q(hp)+"，签名的 URL 没有。",
				"The decoded page URL has the fragment "+q(hp)+" and the signed URL does not."),
			fix, hs, hp)
	}
	return s, p
}

// ---- scheme ----

func (d *differ) scheme(a, b URLParts) {
	sa, sb := a.Scheme+a.Separator, b.Scheme+b.Separator
	if sa == sb {
		return
	}
	proxyFix := tx("对页面的 location.href 签名（由页面把它传给后端）；若在 TLS 终止的反向代理后面由服务端拼 URL，要按 X-Forwarded-Proto 取协议。",
		"Sign the page's location.href (the page sends it to the backend); a server behind a TLS-terminating proxy that builds the URL itself must take the scheme from X-Forwarded-Proto.")
	switch {
	case a.Scheme == "" && b.Scheme != "":
		d.add(CodeScheme,
			tx("签名的 URL 没有协议（"+q(a.withoutSpace())+"），页面 URL 以 "+q(sb)+" 开头。",
				"The signed URL has no scheme ("+q(a.withoutSpace())+"); the page URL starts with "+q(sb)+"."),
			tx("对完整 URL 签名，包括 "+q(sb)+"：用页面的 location.href，而不是 location.host + location.pathname 之类拼出来的地址。",
				"Sign the full URL, "+q(sb)+" included: use the page's location.href, not an address pieced together from location.host and location.pathname."),
			sa, sb)
	case a.Scheme != "" && b.Scheme == "":
		d.add(CodeScheme,
			tx("页面 URL 没有协议，签名的 URL 以 "+q(sa)+" 开头：location.href 总是带协议，请粘贴完整的页面地址。",
				"The page URL has no scheme and the signed URL starts with "+q(sa)+": location.href always has one, so paste the full page address."),
			proxyFix, sa, sb)
	case !strings.EqualFold(a.Scheme, b.Scheme):
		d.add(CodeScheme,
			tx("签名的 URL 以 "+q(sa)+" 开头，页面却是 "+q(sb)+"。",
				"The signed URL starts with "+q(sa)+" but the page is "+q(sb)+"."),
			proxyFix, a.Scheme, b.Scheme)
	case a.Scheme != b.Scheme:
		d.add(CodeScheme,
			tx("协议的大小写不同：签名的 URL 是 "+q(a.Scheme)+"，页面是 "+q(b.Scheme)+"（浏览器会把协议转成小写）。",
				"The scheme's letter case differs: "+q(a.Scheme)+" in the signed URL, "+q(b.Scheme)+" on the page (browsers lower-case it)."),
			proxyFix, a.Scheme, b.Scheme)
	default:
		d.add(CodeScheme,
			tx("协议后面的分隔符不同：签名的 URL 是 "+q(sa)+"，页面是 "+q(sb)+"。",
				"The separator after the scheme differs: "+q(sa)+" in the signed URL, "+q(sb)+" on the page."),
			proxyFix, a.Separator, b.Separator)
	}
}

// withoutSpace is the URL without its surrounding whitespace.
func (u URLParts) withoutSpace() string {
	u.Lead, u.Trail = "", ""
	return u.String()
}

// ---- host ----

// oauthHosts serve WeCom's OAuth / SSO pages: a URL there is the authorize URL, not a page.
var oauthHosts = []string{"open.weixin.qq.com", "open.work.weixin.qq.com", "login.work.weixin.qq.com"}

func isOAuthAuthorize(u URLParts) bool {
	for _, h := range oauthHosts {
		if strings.EqualFold(u.Host, h) {
			p := strings.ToLower(u.Path)
			return strings.Contains(p, "oauth2") || strings.Contains(p, "authorize") || strings.Contains(p, "sso") || strings.Contains(p, "wwlogin")
		}
	}
	return false
}

// host compares the authorities without their ports. It reports true when the rest of
// the comparison would only be noise (the signed URL is the OAuth authorize URL).
func (d *differ) host(a, b URLParts) bool {
	ha, hb := a.UserInfo+a.Host, b.UserInfo+b.Host
	if ha == hb {
		return false
	}
	proxyFix := tx("对调用 ww.register / wx.config 的页面自己的 URL 签名：在反向代理后面要转发原始 Host（nginx：proxy_set_header Host $http_host）；写在配置或数据库里的 URL 会过时。",
		"Sign the URL of the page that calls ww.register / wx.config: behind a proxy, forward the original Host (nginx: proxy_set_header Host $http_host); a URL kept in config or a database goes stale.")
	switch {
	case isOAuthAuthorize(a) && !isOAuthAuthorize(b):
		d.add(CodeHost,
			tx("签名的是企业微信的 OAuth 授权地址（"+q(a.Host+a.Path)+"），不是页面本身。",
				"The signed URL is WeCom's OAuth authorize URL ("+q(a.Host+a.Path)+"), not the page."),
			tx("对 OAuth 跳转回来之后的页面 URL（带 code 与 state）签名，不要对授权链接签名。",
				"Sign the URL of the page WeCom redirects to after OAuth (with its code and state), not the authorize link."),
			a.Host, b.Host)
		return true
	case a.Host == "" && b.Host != "":
		d.add(CodeHost,
			tx("签名的 URL 没有主机名（只有路径 "+q(a.Path)+"），页面在 "+q(b.Host)+"。",
				"The signed URL has no host (only the path "+q(a.Path)+"); the page is on "+q(b.Host)+"."),
			tx("对完整 URL（协议、主机、端口、路径、参数）签名：用 location.href，不要用 location.pathname。",
				"Sign the full URL (scheme, host, port, path, query): location.href, not location.pathname."),
			a.Host, b.Host)
	case b.Host == "" && a.Host != "":
		d.add(CodeHost,
			tx("页面 URL 没有主机名，签名的 URL 在 "+q(a.Host)+"：请粘贴完整的页面地址。",
				"The page URL has no host and the signed URL is on "+q(a.Host)+": paste the full page address."),
			proxyFix, a.Host, b.Host)
	case a.Host == b.Host:
		d.add(CodeHost,
			tx("URL 中的用户信息不同："+q(a.UserInfo)+" 与 "+q(b.UserInfo)+"。",
				"The user info differs: "+q(a.UserInfo)+" against "+q(b.UserInfo)+"."),
			proxyFix, a.UserInfo, b.UserInfo)
	case strings.EqualFold(ha, hb):
		d.add(CodeHostCase,
			tx("主机名只有大小写不同：签名的 URL 是 "+q(a.Host)+"，页面是 "+q(b.Host)+"（浏览器会把 location.href 的主机名转成小写）。",
				"The same host in another letter case: "+q(a.Host)+" in the signed URL, "+q(b.Host)+" on the page (the browser lower-cases the host in location.href)."),
			tx("对 location.href 签名；若服务端用配置里的域名拼 URL，把域名写成小写。",
				"Sign location.href; if the server builds the URL from a configured domain, write the domain in lower case."),
			a.Host, b.Host)
	default:
		d.add(CodeHost,
			tx("签名的 URL 是主机 "+q(a.Host)+" 的，页面却在 "+q(b.Host)+"。",
				"The signed URL is for host "+q(a.Host)+" but the page is on "+q(b.Host)+"."),
			proxyFix, a.Host, b.Host)
	}
	return false
}

// ---- port ----

func (d *differ) port(a, b URLParts) {
	if a.Port == b.Port {
		return
	}
	browserFix := tx("按浏览器显示的 URL 签名（location.href）：服务端自己监听的端口在代理或隧道后面并不是公网端口。",
		"Sign the URL as the browser shows it (location.href): the port the server listens on is not the public one behind a proxy or a tunnel.")
	switch {
	case b.Port == "" && a.Port != "" && (a.Port == defaultPort(a.Scheme) || a.Port == defaultPort(b.Scheme)):
		d.add(CodePort,
			tx("签名的 URL 写了默认端口 "+q(a.Port)+"，浏览器会去掉它，所以 location.href（页面 URL）里没有端口。",
				"The signed URL has the default port "+q(a.Port)+", which the browser drops: location.href (the page URL) has no port."),
			tx("签名时不要带默认端口：用页面的 location.href；服务端用 Host 和端口拼 URL 时，遇到 :443 / :80 要去掉。",
				"Sign without the default port: use the page's location.href, or drop :443 / :80 when the server builds the URL from the host and port."),
			a.Port, b.Port)
	case a.Port == "":
		d.add(CodePort,
			tx("签名的 URL 没有端口，页面却在 "+q(b.Port)+" 上：反向代理转发时丢了端口（服务端看到的 Host 不带端口）。",
				"The signed URL has no port but the page is on "+q(b.Port)+": a proxy dropped the port (the server saw a Host without it)."),
			tx("对页面的 location.href 签名，或让代理转发端口（nginx：proxy_set_header Host $http_host，而不是 $host）。注意：带端口的页面，可信域名也要带端口。",
				"Sign the page's location.href, or have the proxy forward the port (nginx: proxy_set_header Host $http_host, not $host). Note: for a page on a port, the trusted domain needs the port too."),
			a.Port, b.Port)
	case b.Port == "":
		d.add(CodePort,
			tx("签名的 URL 带端口 "+q(a.Port)+"，页面 URL 没有端口（页面在默认端口上）。",
				"The signed URL has the port "+q(a.Port)+"; the page URL has none (the page is on the default port)."),
			browserFix, a.Port, b.Port)
	default:
		d.add(CodePort,
			tx("端口不同：签名的 URL 是 "+q(a.Port)+"，页面是 "+q(b.Port)+"。",
				"The ports differ: "+q(a.Port)+" in the signed URL, "+q(b.Port)+" on the page."),
			browserFix, a.Port, b.Port)
	}
}

// ---- path ----

// indexFiles are the default documents a server serves for "/dir/".
var indexFiles = []string{
	"index.html", "index.htm", "index.php", "index.aspx", "index.asp", "index.jsp",
	"default.aspx", "default.asp", "default.htm", "default.html",
}

// splitIndex splits "/dir/index.html" into "/dir/" and "index.html"; file is "" when the
// last segment is not a default document.
func splitIndex(p string) (dir, file string) {
	i := strings.LastIndexByte(p, '/')
	last := p[i+1:]
	for _, f := range indexFiles {
		if strings.EqualFold(last, f) {
			return p[:i+1], last
		}
	}
	return p, ""
}

// pathRelation says how two different paths relate: TRAILING_SLASH, INDEX_FILE or "".
func pathRelation(x, y string) string {
	if x+"/" == y || y+"/" == x {
		return CodeTrailingSlash
	}
	dx, fx := splitIndex(x)
	dy, fy := splitIndex(y)
	if (fx == "") != (fy == "") && strings.TrimSuffix(dx, "/") == strings.TrimSuffix(dy, "/") {
		return CodeIndexFile
	}
	return ""
}

func (d *differ) path(a, b URLParts) {
	pa, pb := a.Path, b.Path
	if pa == pb {
		return
	}
	da, db := decodeFull(pa, false), decodeFull(pb, false)
	if da == db {
		d.encodingPair(pa, pb, "路径", "path")
		return
	}
	hashRoute := strings.HasPrefix(d.pageHash, "#/") || strings.HasPrefix(d.pageHash, "#!")
	switch pathRelation(da, db) {
	case CodeTrailingSlash:
		with, without := "签名的路径 "+q(pa)+" 末尾多了 \"/\"，页面路径是 "+q(pb)+"。", "The signed path "+q(pa)+" ends with \"/\" and the page's "+q(pb)+" does not."
		if len(da) < len(db) {
			with, without = "签名的路径 "+q(pa)+" 末尾少了 \"/\"，页面路径是 "+q(pb)+"。", "The signed path "+q(pa)+" lacks the trailing \"/\" of the page's "+q(pb)+"."
		}
		d.add(CodeTrailingSlash, tx(with, without),
			tx("逐字按浏览器显示的 URL 签名：会补上或去掉末尾 \"/\" 的服务器、重定向、路由或框架的 URL 工具都会改变签名的 URL。",
				"Sign the URL the browser shows, character for character: a server, redirect, router or framework URL helper that adds or removes the trailing \"/\" changes the signed URL."),
			pa, pb)
	case CodeIndexFile:
		zh := "签名的路径是 " + q(pa) + "，页面路径是 " + q(pb) + "：服务器返回的是同一个文件，但 URL 不同。"
		en := "The signed path is " + q(pa) + " and the page's is " + q(pb) + ": the server serves the same file, but the URLs differ."
		if hashRoute {
			zh += "使用 hash 路由（" + q(d.pageHash) + "）的单页应用始终停在落地路径上，这里的落地路径是 " + q(pb) + "。"
			en += " A hash-routed single-page app (" + q(d.pageHash) + ") stays on its landing path, here " + q(pb) + "."
		}
		d.add(CodeIndexFile, tx(zh, en),
			tx("对 location.href 签名：地址栏里有没有 index.html，它就有没有；不要用服务端的脚本名重新拼 URL。",
				"Sign location.href: it has index.html exactly when the address bar does; do not rebuild the URL from the server's script name."),
			pa, pb)
	default:
		zh := "路径不同：签名的是 " + q(pa) + "，页面是 " + q(pb) + "。"
		en := "Another path: " + q(pa) + " was signed, the page is at " + q(pb) + "."
		if strings.EqualFold(da, db) {
			zh = "路径只有大小写不同：签名的是 " + q(pa) + "，页面是 " + q(pb) + "（URL 路径区分大小写）。"
			en = "The path differs in letter case only: " + q(pa) + " was signed, the page is at " + q(pb) + " (URL paths are case-sensitive)."
		} else if hashRoute {
			zh += "页面用 hash 路由（" + q(d.pageHash) + "），签名时的 URL 不是它的落地 URL。"
			en += " The page uses hash routes (" + q(d.pageHash) + "); the URL signed is not its landing URL."
		}
		d.add(CodePath, tx(zh, en), currentURLFix, pa, pb)
		return
	}
	// The same relation on the raw paths, or they also differ in encoding.
	if pathRelation(pa, pb) == "" {
		d.encodingPair(pa, pb, "路径", "path")
	}
}

// currentURLFix: inside WeCom the client verifies the current URL (without #…) on every
// platform, and @wecom/jssdk signs location.href again when it changes; only in WeChat
// (iOS / Android, not the desktop) does the SDK sign corp config with the landing URL
// (@wecom/jssdk 2.4.4 dist/wecom.js ConfigTask, useOriginalURL = isWeChat && !isWindows &&
// !isMac && CONFIG_TYPE_CORP; WeCom doc 90547; docs/wecom-facts.md).
var currentURLFix = tx("对当前页面的 location.href（去掉 #…）签名。在企业微信里，各平台（iOS、Android、桌面）校验的都是当前 URL：单页应用（history 路由）换页后要重新签名，并重新调用 ww.register / wx.config（@wecom/jssdk 会在 URL 变化后自动重新请求签名）。「iOS 校验落地页 URL」是微信（公众号网页）的规则，不适用于企业微信。",
	"Sign the current page's location.href (without #…). Inside WeCom every platform (iOS, Android, desktop) verifies the current URL: a single-page app with history routes signs again after a route change and calls ww.register / wx.config again (@wecom/jssdk asks for a new signature by itself when the URL changes). \"iOS verifies the landing URL\" is WeChat's rule (Official Account pages), not WeCom's.")

// encodingPair reports the same text in two percent-encodings.
func (d *differ) encodingPair(sa, sb, zhWhat, enWhat string) {
	d.add(CodeQueryEncoding,
		tx("同样的"+zhWhat+"用了不同的百分号编码：签名的 URL 是 "+q(sa)+"，页面是 "+q(sb)+"。",
			"The same "+enWhat+" in another percent-encoding: "+q(sa)+" in the signed URL, "+q(sb)+" on the page."),
		encodingFix, sa, sb)
}

// ---- query ----

// param is one "key=value" of a query, with its decoded form for matching.
type param struct {
	raw string
	key paramKey
}

type paramKey struct {
	name, value string
	eq          bool // "a=" is not "a"
}

func parseParams(q string) []param {
	var out []param
	for len(q) > 0 {
		piece := q
		if i := strings.IndexByte(q, '&'); i >= 0 {
			piece, q = q[:i], q[i+1:]
		} else {
			q = ""
		}
		if piece == "" {
			continue
		}
		k := paramKey{name: piece}
		if i := strings.IndexByte(piece, '='); i >= 0 {
			k = paramKey{name: piece[:i], value: piece[i+1:], eq: true}
		}
		k.name, k.value = decodeFull(k.name, true), decodeFull(k.value, true)
		out = append(out, param{raw: piece, key: k})
	}
	return out
}

// queryEncodedWhole: "a%3D1%26b%3D2", a query with no raw '=' or '&' but encoded ones.
func queryEncodedWhole(q string) bool {
	if strings.ContainsAny(q, "=&") {
		return false
	}
	u := strings.ToUpper(q)
	return strings.Contains(u, "%3D") || strings.Contains(u, "%26")
}

func isOAuthParam(name string) bool {
	return strings.EqualFold(name, "code") || strings.EqualFold(name, "state")
}

// isShareParam: what WeCom / WeChat add to a shared link.
func isShareParam(k paramKey) bool {
	return strings.EqualFold(k.name, "isappinstalled") ||
		strings.EqualFold(k.name, "from") && (k.value == "singlemessage" || k.value == "groupmessage" || k.value == "timeline")
}

func (d *differ) query(a, b URLParts) {
	if a.Query == b.Query {
		return
	}
	before := len(d.findings)
	d.queryParams(a.Query, b.Query)
	if len(d.findings) == before {
		sa, sb := middle(a.Query, b.Query)
		d.add(CodeOther,
			tx("查询参数的写法不同：签名的 URL 是 "+q(a.Query)+"，页面是 "+q(b.Query)+"（多余的 \"?\" 或 \"&\" 也算不同）。",
				"The query is written differently: "+q(a.Query)+" in the signed URL, "+q(b.Query)+" on the page (a stray \"?\" or \"&\" counts too)."),
			tx("对 location.href 原样签名，不要重新拼接查询参数。", "Sign location.href as it is; do not rebuild the query."),
			sa, sb)
	}
}

func (d *differ) queryParams(qa, qb string) {
	ra, rb := strings.TrimPrefix(qa, "?"), strings.TrimPrefix(qb, "?")
	wa, wb := queryEncodedWhole(ra), queryEncodedWhole(rb)
	if wa {
		ra = decodeOnce(ra, false)
	}
	if wb {
		rb = decodeOnce(rb, false)
	}
	if wa != wb {
		d.encodingPair(qa, qb, "查询参数（整段被编码）", "query (encoded as a whole)")
	}
	if ra == rb {
		if (wa || wb) && wa == wb {
			d.encodingPair(qa, qb, "查询参数", "query")
		}
		return
	}
	if decodeFull(ra, true) == decodeFull(rb, true) {
		d.encodingPair(ra, rb, "查询参数", "query")
		return
	}
	pa, pb := parseParams(ra), parseParams(rb)
	free := map[paramKey][]int{} // unmatched signed params by key, in order
	for i, p := range pa {
		free[p.key] = append(free[p.key], i)
	}
	matchedA := make([]bool, len(pa))
	var order []int // indices into pa, in the page's order
	var extra []param
	var encA, encB string
	for _, p := range pb {
		idx := free[p.key]
		if len(idx) == 0 {
			extra = append(extra, p)
			continue
		}
		i := idx[0]
		free[p.key] = idx[1:]
		matchedA[i] = true
		order = append(order, i)
		if pa[i].raw != p.raw && encA == "" {
			encA, encB = pa[i].raw, p.raw
		}
	}
	var missing []param
	for i, p := range pa {
		if !matchedA[i] {
			missing = append(missing, p)
		}
	}
	if encA != "" {
		d.encodingPair(encA, encB, "参数", "parameter")
	}
	if !slices.IsSorted(order) {
		d.add(CodeQueryOrder,
			tx("参数相同但顺序不同：签名的 URL 是 "+q(ra)+"，页面是 "+q(rb)+"。",
				"The same parameters in another order: "+q(ra)+" in the signed URL, "+q(rb)+" on the page."),
			tx("按原样对查询参数签名：不要用解析后的 map 重新拼接（会排序或打乱参数顺序）。",
				"Sign the query as it is: do not rebuild it from a parsed map (which sorts or reorders the keys)."),
			ra, rb)
	}
	oExtra, extra := partition(extra, func(p param) bool { return isOAuthParam(p.key.name) })
	oMissing, missing := partition(missing, func(p param) bool { return isOAuthParam(p.key.name) })
	if len(oExtra) > 0 || len(oMissing) > 0 {
		d.oauth(oMissing, oExtra)
	}
	if len(extra) > 0 {
		zh, en := list(extra)
		msgZH := "页面 URL 有签名的 URL 没有的参数：" + zh + "。"
		msgEN := "The page has parameters the signed URL lacks: " + en + "."
		if slices.ContainsFunc(extra, func(p param) bool { return isShareParam(p.key) }) {
			msgZH += "链接在会话中被分享后，企业微信 / 微信会加上 from= 与 isappinstalled=。"
			msgEN += " WeCom and WeChat add from= and isappinstalled= to a link shared in a chat."
		}
		d.add(CodeQueryExtra, tx(msgZH, msgEN),
			tx("对页面运行时读到的 URL（location.href）签名，不要用存下来或写死的 URL：分享、菜单和跳转都会给链接加参数。",
				"Sign the URL the page reads at run time (location.href), not a stored or hard-coded one: sharing, menus and redirects add parameters."),
			"", joinRaw(extra))
	}
	if len(missing) > 0 {
		zh, en := list(missing)
		d.add(CodeQueryMissing,
			tx("签名的 URL 有页面 URL 没有的参数："+zh+"。", "The signed URL has parameters the page lacks: "+en+"."),
			tx("对当前页面的 URL 原样签名：服务端补上默认参数或额外参数后就是另一个 URL 了。",
				"Sign the current page's URL with exactly its query: a URL the server completes with default or extra parameters is another URL."),
			joinRaw(missing), "")
	}
}

func (d *differ) oauth(signedOnly, pageOnly []param) {
	zs, es := list(signedOnly)
	zp, ep := list(pageOnly)
	var msg Text
	switch {
	case len(signedOnly) == 0:
		msg = tx("页面 URL 带着 OAuth 的 "+zp+"，签名的 URL 没有：后端签的是 redirect_uri（或 OAuth 跳转之前的 URL），而不是企业微信跳转回来的页面。",
			"The page URL carries OAuth's "+ep+" and the signed URL does not: the backend signed the redirect_uri (or the URL before the OAuth redirect), not the page WeCom redirected to.")
	case len(pageOnly) == 0:
		msg = tx("签名的 URL 带着 OAuth 的 "+zs+"，页面 URL 已经没有了：页面用 history.replaceState 去掉了它们，或后端签的是之前某次访问的 URL。",
			"The signed URL carries OAuth's "+es+" which the page URL no longer has: the page removed them (history.replaceState) or the backend signed the URL of an earlier visit.")
	default:
		msg = tx("OAuth 参数的值不同：签名的是 "+zs+"，页面是 "+zp+"。每次跳转都会带来新的 code：后端签的是之前某次访问（缓存或存储的）URL。",
			"OAuth's parameters differ: "+es+" was signed, the page has "+ep+". Every redirect brings a new code: the backend signed the URL of an earlier visit (a cached or stored URL).")
	}
	d.add(CodeOAuthParams, msg,
		tx("对 OAuth 跳转回来之后的页面 location.href 签名，code 与 state 都要包含（官方排查清单：签跳转后的页面，不是 OAuth 链接）；若页面用 history.replaceState 去掉了 code/state，之后要重新调用 ww.register。",
			"Sign the page's location.href after the OAuth redirect, code and state included (WeCom's checklist: sign the page after the redirect, not the OAuth URL); if the page strips code/state with history.replaceState, call ww.register again afterwards."),
		joinRaw(signedOnly), joinRaw(pageOnly))
}

func partition(ps []param, f func(param) bool) (yes, no []param) {
	for _, p := range ps {
		if f(p) {
			yes = append(yes, p)
		} else {
			no = append(no, p)
		}
	}
	return yes, no
}

// maxListed is how many parameters a message quotes before "and N more".
const maxListed = 4

// list quotes parameters for a message (zh, en).
func list(ps []param) (string, string) {
	var qs []string
	for i, p := range ps {
		if i == maxListed {
			break
		}
		qs = append(qs, q(p.raw))
	}
	zh, en := strings.Join(qs, "、"), strings.Join(qs, ", ")
	if n := len(ps) - maxListed; n > 0 {
		zh += " 等 " + strconv.Itoa(len(ps)) + " 个"
		en += " and " + strconv.Itoa(n) + " more"
	}
	return zh, en
}

func joinRaw(ps []param) string {
	raws := make([]string, 0, len(ps))
	for _, p := range ps {
		raws = append(raws, p.raw)
	}
	return strings.Join(raws, "&")
}

// ---- the last resort ----

func (d *differ) fallback(s, p string) {
	if decodeFull(s, false) == decodeFull(p, false) {
		d.encodingPair(s, p, "URL", "URL")
		return
	}
	ms, mp := middle(s, p)
	d.add(CodeOther,
		tx("两个 URL 在这里不同：签名的 URL 是 "+q(ms)+"，页面是 "+q(mp)+"。",
			"The URLs differ here: "+q(ms)+" in the signed URL, "+q(mp)+" on the page."),
		tx("按页面报告的 location.href.split('#')[0] 原样签名。", "Sign location.href.split('#')[0] exactly as the page reports it."),
		ms, mp)
}

// middle returns what is left of a and b without their common prefix and suffix, cut on
// rune boundaries.
func middle(a, b string) (string, string) {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	for i > 0 && (i < len(a) && !utf8.RuneStart(a[i]) || i < len(b) && !utf8.RuneStart(b[i])) {
		i--
	}
	j := 0
	for j < len(a)-i && j < len(b)-i && a[len(a)-1-j] == b[len(b)-1-j] {
		j++
	}
	for j > 0 && (!utf8.RuneStart(a[len(a)-j]) || !utf8.RuneStart(b[len(b)-j])) {
		j--
	}
	return a[i : len(a)-j], b[i : len(b)-j]
}
