package oauth

import (
	"net/url"
	"strings"

	"wecomdev/internal/diagnose"
	"wecomdev/internal/reach"
	"wecomdev/internal/wecom"
)

// Finding codes of CheckAuthorizeURL. They are a contract (the UI labels them, the CLI's
// JSON carries them); texts may change, codes do not.
const (
	CodeNotURL             = "OAUTH_NOT_A_URL"               // nothing that parses as an absolute URL
	CodeEndpoint           = "OAUTH_ENDPOINT"                // not open.weixin.qq.com/connect/oauth2/authorize
	CodeAppID              = "OAUTH_APPID"                   // appid missing or not the profile's corpId
	CodeRedirectMissing    = "OAUTH_REDIRECT_MISSING"        // no redirect_uri
	CodeRedirectNotEncoded = "OAUTH_REDIRECT_NOT_ENCODED"    // redirect_uri given raw
	CodeRedirectDouble     = "OAUTH_REDIRECT_DOUBLE_ENCODED" // redirect_uri encoded twice
	CodeRedirectInvalid    = "OAUTH_REDIRECT_INVALID"        // redirect_uri is not an absolute http(s) URL
	CodeRedirectHash       = "OAUTH_REDIRECT_HASH"           // a '#' inside redirect_uri
	CodeRedirectAmpersand  = "OAUTH_REDIRECT_AMPERSAND"      // parameters WeCom does not know: an unencoded '&'
	CodeRedirectUntrusted  = "OAUTH_REDIRECT_UNTRUSTED"      // redirect host+port is no trusted domain
	CodeNoTrustedDomains   = "OAUTH_NO_TRUSTED_DOMAINS"      // the profile lists none: cannot check
	CodeResponseType       = "OAUTH_RESPONSE_TYPE"           // response_type missing or not "code"
	CodeScope              = "OAUTH_SCOPE"                   // scope missing or unknown
	CodeScopeWeChat        = "OAUTH_SCOPE_WECHAT"            // snsapi_userinfo: WeChat's scope
	CodeState              = "OAUTH_STATE"                   // state longer than 128 bytes or not [a-zA-Z0-9]
	CodeAgentIDMissing     = "OAUTH_AGENTID_MISSING"         // snsapi_privateinfo without agentid
	CodeAgentIDInvalid     = "OAUTH_AGENTID_INVALID"         // agentid=null / undefined / not a number
	CodeAgentIDMismatch    = "OAUTH_AGENTID_MISMATCH"        // agentid is not the profile's
	CodeWeChatRedirect     = "OAUTH_WECHAT_REDIRECT"         // #wechat_redirect missing or not at the end
	CodeParamRepeated      = "OAUTH_PARAM_REPEATED"          // a parameter given twice
)

// Severities of a finding: an error stops the login on the phone; a warning may not.
const (
	SeverityError = "error"
	SeverityWarn  = "warn"
)

// FindingCodes lists every code CheckAuthorizeURL gives, in the order its findings come.
func FindingCodes() []string {
	return []string{
		CodeNotURL, CodeEndpoint, CodeAppID, CodeRedirectMissing, CodeRedirectNotEncoded,
		CodeRedirectDouble, CodeRedirectInvalid, CodeRedirectHash, CodeRedirectAmpersand,
		CodeRedirectUntrusted, CodeNoTrustedDomains, CodeResponseType, CodeScope, CodeScopeWeChat,
		CodeState, CodeAgentIDMissing, CodeAgentIDInvalid, CodeAgentIDMismatch, CodeWeChatRedirect,
		CodeParamRepeated,
	}
}

// Context is what a URL is checked against: the profile's corpId, agentId and trusted
// domains. Empty fields are not checked (an empty TrustedDomains gives a warning).
type Context struct {
	Profile        string // the profile's name; "" when the URL is checked on its own
	CorpID         string
	AgentID        string // "" or "0": not known
	TrustedDomains []string
}

// HasError says whether any finding is an error (the CLI's exit status 1).
func HasError(fs []diagnose.Finding) bool {
	for _, f := range fs {
		if f.Severity == SeverityError {
			return true
		}
	}
	return false
}

// the parameters of doc 91022.
var known = map[string]bool{"appid": true, "redirect_uri": true, "response_type": true, "scope": true, "state": true, "agentid": true}

type param struct {
	name, raw, value string // raw as in the URL, value decoded once
	cut              bool   // after a '#': the browser never sends it
}

type checker struct {
	ctx Context
	out []diagnose.Finding
}

func (c *checker) add(code, severity, evidence string, msg, fix wecom.Text) {
	for _, t := range []*wecom.Text{&msg, &fix} {
		t.ZhCN, t.EnUS = redactCode(t.ZhCN), redactCode(t.EnUS)
	}
	c.out = append(c.out, diagnose.Finding{Code: code, Severity: severity, Evidence: redactCode(evidence), Message: msg, Fix: fix})
}

func tx(zh, en string) wecom.Text { return wecom.Text{ZhCN: zh, EnUS: en} }

// CheckAuthorizeURL explains every rule of doc 91022 the URL breaks, and whether its
// redirect_uri is on one of ctx's trusted domains (host and port, internal/reach's rule).
// Never nil; empty when the URL is right.
func CheckAuthorizeURL(raw string, ctx Context) []diagnose.Finding {
	c := &checker{ctx: ctx, out: []diagnose.Finding{}}
	raw = strings.TrimSpace(raw)
	beforeHash, frag, hasHash := strings.Cut(raw, "#")
	head, query, _ := strings.Cut(beforeHash, "?")
	u, err := url.Parse(head)
	if raw == "" || err != nil || u.Scheme == "" || u.Host == "" {
		c.add(CodeNotURL, SeverityError, clip(raw),
			tx("这不是一个完整的网址：授权链接以 https://open.weixin.qq.com/connect/oauth2/authorize? 开头。",
				"This is not a full URL: an authorize URL starts with https://open.weixin.qq.com/connect/oauth2/authorize?."),
			tx("粘贴页面跳转去的完整链接（在跳转前 console.log 它，或从开发服务器的请求日志中复制）。",
				"Paste the whole link the page sends the member to (console.log it before the redirect, or copy it from the dev server's request log)."))
		return c.out
	}
	c.endpoint(u)

	params := splitParams(query, false)
	if hasHash && frag != Fragment {
		params = append(params, c.fragment(frag, params)...)
	} else if !hasHash {
		// 「#wechat_redirect 终端使用此参数判断是否需要带上身份信息」 (doc 91022).
		c.add(CodeWeChatRedirect, SeverityError, "",
			tx("链接末尾缺少 #wechat_redirect：企业微信客户端靠它判断是否带上成员身份。", "The URL does not end in #wechat_redirect: the WeCom client uses it to decide whether to add the member's identity."),
			tx("在链接最后加上 #wechat_redirect（它必须是最后一部分，其后不能再有参数）。", "Add #wechat_redirect at the very end (nothing may follow it)."))
	}

	byName := map[string]param{}
	var unknown []param
	redirectAt := -1
	for i, p := range params {
		if !known[p.name] {
			if p.name != "" || p.raw != "" {
				unknown = append(unknown, p)
			}
			continue
		}
		if first, seen := byName[p.name]; seen {
			c.add(CodeParamRepeated, SeverityError, first.name+"="+first.raw+" … "+p.name+"="+p.raw,
				tx("参数 "+p.name+" 出现了两次：企业微信只会取其中一个，结果不可预料。", "The parameter "+p.name+" is given twice: WeCom takes one of them, which one is not said."),
				tx("只保留一个 "+p.name+"（检查拼接链接的代码是否追加了两次）。", "Keep one "+p.name+" (check the code that builds the URL does not add it twice)."))
			continue
		}
		byName[p.name] = p
		if p.name == "redirect_uri" {
			redirectAt = i
		}
	}

	c.appID(byName)
	rawRedirect := c.redirect(byName)
	c.ampersand(unknown, params, redirectAt, rawRedirect)
	c.responseType(byName)
	scope := c.scope(byName)
	c.state(byName)
	c.agentID(byName, scope)
	return c.out
}

// endpoint: doc 91022's https://open.weixin.qq.com/connect/oauth2/authorize. The same path
// on another host is the sandbox's or the emulator's (same parameters): a warning.
func (c *checker) endpoint(u *url.URL) {
	host := reach.PageHost(u.Scheme, u.Host)
	path := u.EscapedPath()
	switch {
	case path != AuthorizePath:
		c.add(CodeEndpoint, SeverityError, host+path,
			tx("这不是企业微信的网页授权地址（应为 open.weixin.qq.com/connect/oauth2/authorize）。/wwopen/sso/qrConnect 与 login.work.weixin.qq.com 是浏览器扫码登录，不是企业微信内的网页授权。",
				"This is not WeCom's web authorisation address (open.weixin.qq.com/connect/oauth2/authorize). /wwopen/sso/qrConnect and login.work.weixin.qq.com are the browser's QR login, not the in-app web authorisation."),
			tx("把链接改为 https://open.weixin.qq.com/connect/oauth2/authorize?…#wechat_redirect（「诊断 → OAuth」可以生成）。",
				"Use https://open.weixin.qq.com/connect/oauth2/authorize?…#wechat_redirect (Diagnose → OAuth builds one)."))
	case host != AuthorizeHost:
		c.add(CodeEndpoint, SeverityWarn, host+path,
			tx("链接发往 "+host+"，不是企业微信（open.weixin.qq.com）：在沙箱或模拟器里可以，在手机上的企业微信里必须用 open.weixin.qq.com。",
				"The URL goes to "+host+", not to WeCom (open.weixin.qq.com): fine for the sandbox or the emulator, but in WeCom on the phone it must be open.weixin.qq.com."),
			tx("让页面从一个设置（例如 VITE_OAUTH_BASE）读取授权地址的前缀，在手机上用 https://open.weixin.qq.com。",
				"Let the page read the authorize base from one setting (VITE_OAUTH_BASE, say) and use https://open.weixin.qq.com on the phone."))
	}
}

// fragment reads what follows the first '#' when it is not just "wechat_redirect": either
// #wechat_redirect with parameters after it, or a '#' of redirect_uri left unencoded (a hash
// route such as /#/login), which cuts off every parameter after it (the browser never sends
// the fragment). It returns those parameters, marked cut.
func (c *checker) fragment(frag string, before []param) []param {
	endsRight := strings.HasSuffix(frag, "#"+Fragment)
	tail := strings.TrimSuffix(frag, "#"+Fragment)
	if strings.HasPrefix(frag, Fragment) {
		cut := splitParams(strings.TrimPrefix(strings.TrimPrefix(tail, Fragment), "&"), true)
		c.add(CodeWeChatRedirect, SeverityError, "#"+clip(frag),
			tx("#wechat_redirect 不在链接末尾："+names(cut, "其后的内容")+"在 # 之后，浏览器不会发送给企业微信。", "#wechat_redirect is not at the end: "+names(cut, "what follows it")+" comes after the '#', and the browser never sends it to WeCom."),
			tx("把所有参数放在 # 之前，#wechat_redirect 放在最后。", "Put every parameter before the '#' and #wechat_redirect last."))
		return cut
	}
	hasRedirect := false
	for _, p := range before {
		hasRedirect = hasRedirect || p.name == "redirect_uri"
	}
	route, rest, _ := strings.Cut(tail, "&")
	cut := splitParams(rest, true)
	if hasRedirect && (len(cut) > 0 || endsRight) {
		c.add(CodeRedirectHash, SeverityError, "#"+clip(route),
			tx("redirect_uri 里的 # 没有编码（#"+route+"）：浏览器把它之后的一切当作片段，"+names(cut, "后面的参数")+"不会发给企业微信，跳转回来也会丢掉 code。",
				"The '#' in redirect_uri is not encoded (#"+route+"): the browser takes everything after it as the fragment, so "+names(cut, "the parameters after it")+" never reach WeCom, and the return loses the code."),
			redirectHashFix)
		if !endsRight {
			c.add(CodeWeChatRedirect, SeverityError, "",
				tx("链接末尾缺少 #wechat_redirect。", "The URL does not end in #wechat_redirect."),
				tx("在链接最后加上 #wechat_redirect。", "Add #wechat_redirect at the very end."))
		}
		return cut
	}
	c.add(CodeWeChatRedirect, SeverityError, "#"+clip(frag),
		tx("链接的片段是 #"+frag+"，应为 #wechat_redirect。", "The URL's fragment is #"+frag+"; it must be #wechat_redirect."),
		tx("链接以 #wechat_redirect 结尾，其后不能再有内容。", "End the URL with #wechat_redirect and nothing after it."))
	return cut
}

var redirectHashFix = tx("不要让 redirect_uri 带 #：让企业微信跳回一个没有 # 的地址（history 路由，或一个专门的落地路径），在那里从 location.search 读取 code 与 state，再在前端跳到 hash 路由。",
	"Keep '#' out of redirect_uri: let WeCom return to an address without '#' (history routing, or a landing path of its own), read code and state from location.search there, then move to the hash route in the page.")

func (c *checker) appID(by map[string]param) {
	p, ok := by["appid"]
	switch {
	case !ok || p.value == "":
		c.add(CodeAppID, SeverityError, "",
			tx("缺少 appid：网页授权的 appid 是企业 ID（CorpID）。", "appid is missing: for web authorisation it is the corp ID (CorpID)."),
			tx("加上 appid=企业 ID（管理后台「我的企业 → 企业信息」底部，以 ww 或 wx 开头）。", "Add appid=the corp ID (admin console: My Company → Company Info, at the bottom; it starts with ww or wx)."))
	case c.ctx.CorpID != "" && p.value != c.ctx.CorpID:
		c.add(CodeAppID, SeverityError, "appid="+p.value,
			tx("appid 是 "+p.value+"，不是该配置的企业 ID "+c.ctx.CorpID+"（网页授权的 appid 必须是企业 ID，不是 AgentId、也不是公众号的 appid）。",
				"appid is "+p.value+", not the profile's corp ID "+c.ctx.CorpID+" (for web authorisation appid is the corp ID, not the AgentId nor an Official Account's appid)."),
			tx("把 appid 改为 "+c.ctx.CorpID+"。", "Set appid="+c.ctx.CorpID+"."))
	}
}

// redirect checks redirect_uri and returns its raw form ("" when missing).
func (c *checker) redirect(by map[string]param) string {
	p, ok := by["redirect_uri"]
	if !ok || p.raw == "" {
		c.add(CodeRedirectMissing, SeverityError, "",
			tx("缺少 redirect_uri：企业微信不知道授权后跳回哪里。", "redirect_uri is missing: WeCom does not know where to send the member back."),
			tx("加上 redirect_uri=（页面地址经 encodeURIComponent 编码一次）。", "Add redirect_uri= (the page's address, encodeURIComponent'ed once)."))
		return ""
	}
	target := p.value
	lowerRaw := strings.ToLower(p.raw)
	lowerVal := strings.ToLower(p.value)
	switch {
	case strings.Contains(lowerRaw, "://") || strings.HasPrefix(lowerRaw, "http:") || strings.HasPrefix(lowerRaw, "https:"):
		// 「redirect_uri … 请使用urlencode对链接进行处理」 (doc 91022). A raw URL with its own
		// '?' mixes its query with the authorize URL's: an error. One without may get through;
		// [guess] the stricter reading calls it a warning still.
		sev := SeverityWarn
		if strings.ContainsAny(p.raw, "?&") {
			sev = SeverityError
		}
		c.add(CodeRedirectNotEncoded, sev, "redirect_uri="+clip(p.raw),
			tx("redirect_uri 没有编码：文档要求用 urlencode 处理（: / ? & # 都应编码为 %3A %2F %3F %26 %23），否则它自己的参数会与授权链接的参数混在一起。",
				"redirect_uri is not encoded: WeCom's doc asks for urlencode (: / ? & # become %3A %2F %3F %26 %23), or its own parameters mix with the authorize URL's."),
			tx("用 encodeURIComponent(页面地址) 编码一次后再拼进链接（Go：url.QueryEscape）。", "Encode it once with encodeURIComponent(pageURL) before putting it in the URL (Go: url.QueryEscape)."))
	case strings.HasPrefix(lowerVal, "http%3a") || strings.HasPrefix(lowerVal, "https%3a"):
		c.add(CodeRedirectDouble, SeverityError, "redirect_uri="+clip(p.raw),
			tx("redirect_uri 被编码了两次（%253A、%252F）：企业微信只解码一次，得到的不是一个网址，跳转会失败或跳到错误的地址。",
				"redirect_uri is encoded twice (%253A, %252F): WeCom decodes it once and gets no URL, so the return fails or goes astray."),
			tx("只编码一次：检查是否既调用了 encodeURIComponent 又交给了会再编码的库（URLSearchParams、axios params、url.Values）。",
				"Encode it once: check the code does not both call encodeURIComponent and hand the result to something that encodes again (URLSearchParams, axios params, url.Values)."))
		if v, err := url.QueryUnescape(p.value); err == nil {
			target = v
		}
	}
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		c.add(CodeRedirectInvalid, SeverityError, "redirect_uri="+clip(p.raw),
			tx("redirect_uri 解码后不是一个完整的 http(s) 网址。", "redirect_uri, decoded, is not an absolute http(s) URL."),
			tx("用页面的完整地址（https://你的可信域名/路径），编码一次。", "Use the page's full address (https://your-trusted-domain/path), encoded once."))
		return p.raw
	}
	if i := strings.IndexByte(target, '#'); i >= 0 {
		c.add(CodeRedirectHash, SeverityError, clip(target[i:]),
			tx("redirect_uri 带有 #（"+clip(target[i:])+"）：企业微信把 code 与 state 加在地址后面，hash 路由的页面读不到它们（或跳转出错）。",
				"redirect_uri has a '#' ("+clip(target[i:])+"): WeCom adds code and state to the address, and a hash-routed page does not see them (or the return breaks)."),
			redirectHashFix)
	}
	c.trusted(u)
	return p.raw
}

// trusted: 「跳转的域名须完全匹配access_token对应应用的可信域名，否则会返回50001错误」 (doc 91023),
// port included (doc 91335: 「mail.qq.com … 配置域名必须与访问域名完全一致，包括端口号」), the
// same host+port rule as the JS-SDK: internal/reach is its one home.
func (c *checker) trusted(u *url.URL) {
	host := reach.PageHost(u.Scheme, u.Host)
	if len(c.ctx.TrustedDomains) == 0 && c.ctx.Profile == "" {
		c.add(CodeNoTrustedDomains, SeverityWarn, host,
			tx("没有指定配置，未检查 "+host+" 是否是应用的可信域名。", "No profile was given, so whether "+host+" is one of the app's trusted domains was not checked."),
			tx("指定配置（它的企业 ID 与可信域名）再检查一次。", "Check again with a profile (its corp ID and trusted domains)."))
		return
	}
	if len(c.ctx.TrustedDomains) == 0 {
		c.add(CodeNoTrustedDomains, SeverityWarn, host,
			tx("该配置没有填写可信域名，无法检查 "+host+" 是否是应用的可信域名。", "The profile lists no trusted domains, so whether "+host+" is one of the app's cannot be checked."),
			tx("在「配置」中填写应用的可信域名（与管理后台「网页授权及JS-SDK」中的一致）。", "Add the app's trusted domains in Profiles (the ones under Web Authorization & JS-SDK in the admin console)."))
		return
	}
	trusted := make([]string, 0, len(c.ctx.TrustedDomains))
	for _, d := range c.ctx.TrustedDomains {
		if n := reach.NormalizeDomain(d); n != "" {
			trusted = append(trusted, n)
		}
	}
	if _, ok := reach.Covering(u.Scheme, host, trusted); ok {
		return
	}
	msg := tx("redirect_uri 的域名 "+host+" 不是应用的可信域名（"+strings.Join(trusted, "、")+"）：手机上会显示「redirect_uri需使用应用可信域名」，换取身份时得到 50001。域名必须完全一致，包括端口。",
		"redirect_uri's host "+host+" is not one of the app's trusted domains ("+strings.Join(trusted, ", ")+"): the phone shows 「redirect_uri需使用应用可信域名」 and the code exchange answers 50001. The host must match exactly, port included.")
	if near, ok := reach.NearMiss(u.Scheme, host, trusted); ok {
		msg.ZhCN += near.ZhCN
		msg.EnUS += " " + near.EnUS
	}
	c.add(CodeRedirectUntrusted, SeverityError, host, msg,
		tx("让 redirect_uri 指向可信域名上的页面（同一端口），或在管理后台「应用 → 网页授权及JS-SDK → 可信域名」添加 "+host+"（需 ICP 备案与校验文件），并同步到「配置」。",
			"Point redirect_uri at a page on a trusted domain (same port), or add "+host+" under the app's Web Authorization & JS-SDK → Trusted domain in the admin console (ICP filing and the verification file needed), and in Profiles."))
}

// ampersand: parameters doc 91022 does not know. When they follow redirect_uri or it has a
// raw '?', they are its own query cut off by an unencoded '&': an error; elsewhere a warning.
func (c *checker) ampersand(unknown, all []param, redirectAt int, rawRedirect string) {
	if len(unknown) == 0 {
		return
	}
	sev := SeverityWarn
	if strings.Contains(rawRedirect, "?") {
		sev = SeverityError
	}
	if redirectAt >= 0 && redirectAt+1 < len(all) && !known[all[redirectAt+1].name] {
		sev = SeverityError
	}
	parts := make([]string, 0, len(unknown))
	for _, p := range unknown {
		parts = append(parts, p.name+"="+p.raw)
	}
	ev := clip(strings.Join(parts, "&"))
	c.add(CodeRedirectAmpersand, sev, ev,
		tx("链接里有企业微信不认识的参数（"+ev+"）：多半是 redirect_uri 自己的参数，它的 & 没有编码成 %26，于是被拆成了授权链接的参数，跳回时会丢失。",
			"The URL has parameters WeCom does not know ("+ev+"): most likely redirect_uri's own, whose '&' was not encoded as %26, so they were split off as the authorize URL's parameters and are lost on the return."),
		tx("把整个 redirect_uri（含它的 ? 与 &）用 encodeURIComponent 编码一次；不属于它的参数删掉。",
			"Encode the whole redirect_uri (its '?' and '&' included) once with encodeURIComponent; drop parameters that are not its own."))
}

func (c *checker) responseType(by map[string]param) {
	p, ok := by["response_type"]
	if ok && p.value == "code" {
		return
	}
	ev := ""
	if ok {
		ev = "response_type=" + p.raw
	}
	// 「response_type 返回类型，此时固定为：code」 (doc 91022).
	c.add(CodeResponseType, SeverityError, ev,
		tx("response_type 必须是 code（文档：固定为 code）。", "response_type must be code (WeCom's doc: always code)."),
		tx("加上 response_type=code。", "Add response_type=code."))
}

// scope: doc 91022 lists snsapi_base and snsapi_privateinfo; snsapi_userinfo is WeChat's
// (Official Account) scope, in WeCom only in an old third-party page (91861). [guess] the
// stricter reading: an error.
func (c *checker) scope(by map[string]param) string {
	p, ok := by["scope"]
	switch {
	case ok && (p.value == ScopeBase || p.value == ScopePrivateInfo):
		return p.value
	case ok && p.value == ScopeUserInfo:
		c.add(CodeScopeWeChat, SeverityError, "scope="+p.raw,
			tx("snsapi_userinfo 是微信公众号网页授权的 scope，企业微信自建应用只有 snsapi_base（静默，只得到 userid）与 snsapi_privateinfo（手动授权，可取敏感信息）。（企业微信对它的处理没有公开说明，按错误处理。）",
				"snsapi_userinfo is WeChat's (Official Account) scope; a WeCom self-built app has snsapi_base (silent, the userid only) and snsapi_privateinfo (the member confirms; sensitive fields). (How WeCom treats it is not documented; taken as an error.)"),
			tx("改用 scope=snsapi_base；需要头像、手机等敏感字段时用 snsapi_privateinfo 并带上 agentid。", "Use scope=snsapi_base; for avatar, mobile and other sensitive fields use snsapi_privateinfo with the agentid."))
	default:
		ev := ""
		if ok {
			ev = "scope=" + p.raw
		}
		c.add(CodeScope, SeverityError, ev,
			tx("scope 缺失或不是 snsapi_base / snsapi_privateinfo。", "scope is missing or not snsapi_base / snsapi_privateinfo."),
			tx("加上 scope=snsapi_base（静默，只得到 userid）或 scope=snsapi_privateinfo（手动授权，需 agentid）。", "Add scope=snsapi_base (silent, the userid only) or scope=snsapi_privateinfo (the member confirms; needs the agentid)."))
	}
	return p.value
}

func (c *checker) state(by map[string]param) {
	p, ok := by["state"]
	if !ok {
		return
	}
	if err := CheckState(p.value); err != nil {
		c.add(CodeState, SeverityError, "state="+clip(p.raw),
			tx("state 只能是 a-zA-Z0-9，且不超过 128 个字节（文档 91022）。", "state may hold only a-z, A-Z and 0-9, at most 128 bytes (doc 91022)."),
			tx("用短的字母数字作 state（例如随机串或路由名的编号），把其余内容存在 sessionStorage 里，跳回后用 state 找回。",
				"Use a short alphanumeric state (a random string, or a number for the route) and keep the rest in sessionStorage, found again by the state on the return."))
	}
}

// agentID: 「agentid … snsapi_privateinfo时必填否则报错」, and with appid=corpid
// 「scope为snsapi_privateinfo时，必须填agentid参数，否则系统会视为snsapi_base」 (doc 91022).
// agentid=null / undefined is a JS template with an unset variable (WeCom community
// oCJUswwsHWbWuA6vOw3-5t2hhe2c).
func (c *checker) agentID(by map[string]param, scope string) {
	p, ok := by["agentid"]
	switch {
	case ok && p.value != "" && !isDigits(p.value):
		c.add(CodeAgentIDInvalid, SeverityError, "agentid="+clip(p.raw),
			tx("agentid 是 "+clip(p.value)+"，不是数字：拼接链接时变量没有取到值（null / undefined）。", "agentid is "+clip(p.value)+", not a number: the variable was unset when the URL was built (null / undefined)."),
			tx("确认读取 AgentId 的配置项在页面里有值（构建时注入的环境变量、接口返回），再拼接链接。", "Check the setting the page reads the AgentId from has a value there (a build-time variable, an API answer) before building the URL."))
	case (!ok || p.value == "") && scope == ScopePrivateInfo:
		c.add(CodeAgentIDMissing, SeverityError, "",
			tx("scope=snsapi_privateinfo 必须带 agentid：缺少时会报错，或被当作 snsapi_base、不返回敏感信息。", "scope=snsapi_privateinfo needs the agentid: without it WeCom refuses, or treats it as snsapi_base and returns no sensitive fields."),
			tx("加上 agentid=应用的 AgentId（"+orQ(c.ctx.AgentID)+"）。", "Add agentid=the app's AgentId ("+orQ(c.ctx.AgentID)+")."))
	case ok && isDigits(p.value) && c.ctx.AgentID != "" && c.ctx.AgentID != "0" && p.value != c.ctx.AgentID:
		c.add(CodeAgentIDMismatch, SeverityWarn, "agentid="+p.raw,
			tx("agentid 是 "+p.value+"，不是该配置的 AgentId "+c.ctx.AgentID+"：用该配置的 token 换取身份时，跳转域名要是这个应用的可信域名。",
				"agentid is "+p.value+", not the profile's AgentId "+c.ctx.AgentID+": the code exchange with this profile's token needs the redirect on this app's trusted domains."),
			tx("确认链接与换取 code 用的是同一个应用。", "Check the URL and the code exchange use the same app."))
	}
}

func orQ(s string) string {
	if s == "" || s == "0" {
		return "?"
	}
	return s
}

// splitParams splits a raw query into its parameters in order, each decoded once (a value
// that does not decode keeps its raw form).
func splitParams(query string, cut bool) []param {
	var out []param
	for _, kv := range strings.Split(query, "&") {
		if kv == "" {
			continue
		}
		name, raw, _ := strings.Cut(kv, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		value, err := url.QueryUnescape(raw)
		if err != nil {
			value = raw
		}
		out = append(out, param{name: name, raw: raw, value: value, cut: cut})
	}
	return out
}

// names lists the parameters' names ("scope, state"), or what when there are none.
func names(ps []param, what string) string {
	if len(ps) == 0 {
		return what
	}
	n := make([]string, 0, len(ps))
	for _, p := range ps {
		n = append(n, p.name)
	}
	return strings.Join(n, ", ")
}

// clip keeps evidence short.
func clip(s string) string {
	const max = 160
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// redactCode masks an OAuth code in a text: a pasted URL may be the return
// (…?code=…&state=…) or carry one in redirect_uri, raw, encoded once (code%3D…) or twice
// (code%253D…), and a code never appears in a finding. The value runs to the next '&' or
// '#' in any of those forms, or to a space, quote or bracket.
func redactCode(s string) string {
	lower := strings.ToLower(s)
	var b strings.Builder
	from := 0
	for i := 0; i < len(s); {
		j := strings.Index(lower[i:], "code")
		if j < 0 {
			break
		}
		at := i + j
		eq := ""
		for _, e := range []string{"=", "%3d", "%253d"} {
			if strings.HasPrefix(lower[at+4:], e) {
				eq = e
				break
			}
		}
		if eq == "" || !codeStart(lower[:at]) {
			i = at + 4
			continue
		}
		v := at + 4 + len(eq)
		end := v
		for end < len(s) && !codeEnd(lower[end:]) {
			end++
		}
		b.WriteString(s[from:v])
		b.WriteString("…")
		from, i = end, end
	}
	b.WriteString(s[from:])
	return b.String()
}

func codeStart(before string) bool {
	if before == "" {
		return true
	}
	for _, p := range []string{"?", "&", "#", "%3f", "%26", "%253f", "%2526", "（", "(", " "} {
		if strings.HasSuffix(before, p) {
			return true
		}
	}
	return false
}

func codeEnd(rest string) bool {
	for _, p := range []string{"&", "#", "%26", "%23", "%2526", "%2523", " ", "\"", "'", ")", "）"} {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	return false
}
