package diagnose

import (
	"strconv"
	"strings"

	"wecomdev/internal/wecom"
)

// The console tools an Explanation points at (the UI maps them to its areas). Their one
// home is package wecom, which names them in texts as {tool:ID} (wecom.Text.At).
const (
	ToolURLDiff        = wecom.ToolURLDiff
	ToolForensics      = wecom.ToolForensics
	ToolTickets        = wecom.ToolTickets
	ToolTrustedDomains = wecom.ToolTrustedDomains
	ToolProfiles       = wecom.ToolProfiles
	ToolSign           = wecom.ToolSign
	ToolAudit          = wecom.ToolAudit
	ToolEmulator       = wecom.ToolEmulator
	ToolDevServer      = wecom.ToolDevServer
	ToolOAuth          = wecom.ToolOAuth
)

// The rules ExplainText recognises (Explanation.Kind).
const (
	RuleTicketUnavailable = "ticket_unavailable"
	RuleInvalidSignature  = "invalid_signature"
	RuleInvalidURLDomain  = "invalid_url_domain"
	RuleOfflineVerifying  = "offline_verifying"
	RuleNoPermission      = "no_permission"
	RuleNoEntryContext    = "no_entry_context"
	RulePermissionDenied  = "permission_denied"
	RuleFunctionNotExist  = "function_not_exist"
	RuleNotAFunction      = "not_a_function"
	RuleMissingParams     = "missing_params"
	RuleInvalidCorpID     = "invalid_corpid"
	RuleConfigFail        = "config_fail"
	// The OAuth (网页授权) failures (docs/wecom-facts.md, OAuth).
	RuleOAuthRedirectDomain = "oauth_redirect_domain"
	RuleOAuthAgentIDNull    = "oauth_agentid_null"
	RuleOAuthInvalidCode    = "oauth_invalid_code"
	// RuleErrcode: no JS-side text matched, but a server errcode WeCom explains did.
	RuleErrcode = "errcode"
)

// Explanation says what a pasted error means.
type Explanation struct {
	Matched bool   `json:"matched"`
	Kind    string `json:"kind"` // the Rule… that matched; "" when none did
	// Call is the JS call the text names before a ':' ("config", "agentConfig",
	// "getCurExternalContact"), "" when it names none.
	Call  string `json:"call"`
	Code  int    `json:"code"` // the errcode found in the text, 0 when none
	Cause Text   `json:"cause"`
	Fix   Text   `json:"fix"`
	Tool  string `json:"tool"` // the console tool that checks it (Tool…), "" when none does
	Doc   string `json:"doc"`  // WeCom's page for Code, "" without a code
}

type rule struct {
	kind    string
	phrases []string // lower-case substrings, any of them
	codes   []int
	tool    string
	cause   Text
	fix     Text
}

// rules in the order they are tried: the more specific first ("config:fail" is last,
// since the iOS form of a bad signature is {errMsg:"config:fail", err_Info:"invalid signature…"}).
var rules = []rule{
	{
		// The phone's page when redirect_uri is off the trusted domains (landscape-2026 §2 #2), and
		// 50001 = redirect_url未登记可信域名 (90313; auth/getuserinfo, doc 91023), port included (91335).
		kind: RuleOAuthRedirectDomain, phrases: []string{"redirect_uri需使用应用可信域名", "redirect_uri参数错误", "redirect_url未登记可信域名"},
		codes: []int{50001}, tool: ToolOAuth,
		cause: tx("网页授权的 redirect_uri 不在应用的可信域名上（「redirect_uri需使用应用可信域名」/ 50001）：域名必须与应用「网页授权及JS-SDK → 可信域名」完全一致，包括端口；不支持泛域名，也不能是别的应用的可信域名。",
			"The OAuth redirect_uri is not on the app's trusted domains (「redirect_uri需使用应用可信域名」 / 50001): its host must match the app's Web Authorization & JS-SDK → Trusted domain exactly, port included; no wildcards, and not another app's domain."),
		fix: tx("在{tool:oauth}粘贴授权链接，它会指出 redirect_uri 的域名和端口与哪个可信域名不符；把页面放到可信域名上，或在管理后台添加该域名（含端口）。",
			"Paste the authorize URL into {tool:oauth}: it says how redirect_uri's host and port differ from the trusted domains; move the page onto a trusted domain, or add that domain (with its port) in the admin console."),
	},
	{
		// agentid=null in the authorize URL: a JS variable that was unset (WeCom community
		// oCJUswwsHWbWuA6vOw3-5t2hhe2c); snsapi_privateinfo needs a real agentid (doc 91022).
		kind: RuleOAuthAgentIDNull, phrases: []string{"agentid=null", "agentid=undefined", "无效的agentid", "invalid agentid"}, tool: ToolOAuth,
		cause: tx("授权链接里的 agentid 是 null / undefined 或无效：拼接链接时读取 AgentId 的变量没有值。scope=snsapi_privateinfo 必须带正确的 agentid，否则报错或被当作 snsapi_base。",
			"The authorize URL's agentid is null / undefined or invalid: the variable holding the AgentId was unset when the URL was built. scope=snsapi_privateinfo needs the right agentid, or WeCom refuses or treats it as snsapi_base."),
		fix: tx("确认页面里 AgentId 的配置项有值（构建时的环境变量、接口返回），再拼接链接；{tool:oauth}可以按配置生成正确的链接。",
			"Check the page's AgentId setting has a value there (a build-time variable, an API answer) before building the URL; {tool:oauth} builds the right URL from the profile."),
	},
	{
		// 40029 invalid code: a code works once and for 5 minutes (auth/getuserinfo, doc 91023).
		kind: RuleOAuthInvalidCode, phrases: []string{"invalid code"}, codes: []int{40029}, tool: ToolDevServer,
		cause: tx("网页授权的 code 无效（40029）：code 只能用一次、5 分钟内有效。多半是同一个 code 被换取了两次：刷新或返回时 URL 里还带着旧 code、失败后重试、前端与服务端各换一次、或跳转了两次。",
			"The OAuth code is invalid (40029): a code works once and for 5 minutes. Most likely the same code was exchanged twice: a reload or the back button with the old code in the URL, a retry, both the page and the server exchanging it, or a double redirect."),
		fix: tx("每个 code 只在服务端换取一次；换取后用 history.replaceState 把 code 与 state 从地址栏去掉；40029 时重新走授权链接取新 code。开发服务器的请求日志会标出同一 code 的第二次使用。",
			"Exchange each code once, on the server; then strip code and state from the address bar with history.replaceState; on 40029 go through the authorize URL again for a new code. The dev server's request log flags a second use of a code."),
	},
	{
		kind: RuleTicketUnavailable, phrases: []string{"ticket no available", "ticket not available", "ticket unavailable"},
		codes: []int{42012}, tool: ToolTickets,
		// 42012 = jsapi_ticket不可用, usually agentConfig signed with the corp ticket; an expired
		// ticket gives 40093 instead (doc 90455 / 96912; docs/wecom-facts.md).
		cause: tx("ticket 不可用（42012）：一般是 wx.agentConfig 用了企业 ticket 签名（它需要应用 ticket）。过期的 ticket 不会报 42012，而是报 40093 签名错误。",
			"The ticket is not usable (42012): usually wx.agentConfig was signed with the corp ticket (it needs the app ticket). An expired ticket does not give 42012 but 40093, invalid signature."),
		fix: tx("wx.agentConfig 用应用 ticket（ticket/get?type=agent_config，用 agentConfig 中 agentid 的 access_token 获取）签名；{tool:forensics}能查出签名用的是哪个 ticket，{tool:tickets}显示两种 ticket 的缓存。",
			"Sign wx.agentConfig with the app ticket (ticket/get?type=agent_config, fetched with an access_token of the agentid passed to agentConfig); {tool:forensics} tells which ticket made the signature, and {tool:tickets} shows the cache of both kinds."),
	},
	{
		kind: RuleInvalidSignature, phrases: []string{"invalid signature"}, codes: []int{40093}, tool: ToolForensics,
		cause: tx("JS-SDK 签名错误（40093）：企业微信用 ticket、nonceStr、timestamp 和去掉 #… 的页面 URL 算出的签名与页面给的不一致。常见原因：签名的 URL 与页面 URL 不同（#、末尾斜杠、编码、分享或 OAuth 加的参数）、ticket 用错了种类或已过期、nonceStr / timestamp 与签名时的不一致。",
			"The JS-SDK signature is wrong (40093): the signature WeCom computes from the ticket, nonceStr, timestamp and the page URL without #… is not the one the page gave. Usual causes: the URL signed is not the page's (a hash, a trailing slash, the encoding, parameters added by sharing or OAuth), the wrong kind of ticket or a stale one, or a nonceStr / timestamp other than the ones signed."),
		fix: tx("用{tool:forensics}输入页面 URL、签名、timestamp 与 nonceStr：它会指出是哪个 ticket、哪个 URL 变体生成了这个签名；再用{tool:url-diff}比对签名的 URL 与页面 URL。",
			"Run {tool:forensics} with the page URL, the signature, its timestamp and nonceStr: it says which ticket and which URL variant made the signature; then compare the signed URL with the page's: {tool:url-diff}."),
	},
	{
		kind: RuleInvalidURLDomain, phrases: []string{"invalid url domain", "not match any reliable domain", "reliable domain"},
		codes: []int{40048, 80001}, tool: ToolTrustedDomains,
		cause: tx("页面所在的域名不是该应用的可信域名（invalid url domain / 80001）：域名需 ICP 备案、主体与企业一致，并通过根目录下 WW_verify_*.txt 的校验；端口不同也算不同域名，IP、localhost 与临时隧道域名都不行。",
			"The page's domain is not one of the app's trusted domains (invalid url domain / 80001): it must be ICP-filed, owned by the same entity as the corp and verified with WW_verify_*.txt at its root; another port counts as another domain, and IPs, localhost and throwaway tunnel domains never qualify."),
		fix: tx("在管理后台「应用 → 网页授权及JS-SDK → 可信域名」添加页面的域名（含端口）；用自己已备案的域名指向本机（SSH 反向隧道或 frp），或部署一个测试页只向控制台请求签名。",
			"Add the page's domain (with its port) under the app's Web Authorization & JS-SDK → Trusted domain in the admin console; point your own filed domain at this machine (SSH reverse tunnel or frp), or deploy a test page that asks the console only for signatures."),
	},
	{
		kind: RuleOfflineVerifying, phrases: []string{"offline verifying"}, tool: ToolEmulator,
		cause: tx("权限还在校验中（the permission value is offline verifying）：调用发生在 config / agentConfig 成功之前，或者该接口不在 jsApiList 中。",
			"The permission is still being verified (the permission value is offline verifying): the call ran before config / agentConfig succeeded, or the API is not in jsApiList."),
		fix: tx("在 ww.register 的回调（或 wx.ready / agentConfig 的 success）之后再调用接口，并把它加进 jsApiList；{tool:emulator}能看到调用顺序。",
			"Call the API after ww.register's callbacks (or wx.ready / agentConfig's success) and list it in jsApiList; {tool:emulator} shows the order of the calls."),
	},
	{
		// The SDK maps the client's "access denied" / "no permission to execute" to
		// "permission denied" (@wecom/jssdk 2.4.4 dist/wecom.js formatErrMsg; docs/wecom-facts.md).
		kind: RulePermissionDenied, phrases: []string{"permission denied", "access denied", "no permission to execute"}, tool: ToolProfiles,
		cause: tx("该应用没有使用这个接口的权限（permission denied）。", "The app may not use this API (permission denied)."),
		fix: tx("在管理后台为应用开通该接口所需的权限（例如客户联系接口需在「客户联系 → 可调用接口的应用」中加入该应用），并确认 agentId 是这个应用的。",
			"Grant the app the API's permission in the admin console (customer-contact APIs: add the app under Customer Contact → Apps that can call the API), and check the agentId is this app's."),
	},
	{
		// The entry the page was opened from carries no contact / chat:
		// "getCurExternalContact:fail without context of external contact", "getCurCorpGroupChat:without
		// context of corpgroup contact" = 当前页面入口不支持调用 (@wecom/jssdk 2.4.4 types/index.d.ts,
		// getCurExternalContact and getCurCorpGroupChat; docs/wecom-facts.md).
		kind: RuleNoEntryContext, phrases: []string{"without context of"}, tool: ToolEmulator,
		cause: tx("当前页面的入口不支持这个接口（without context of external contact）：getCurExternalContact 只能在从联系人详情页、单聊工具栏或客服工具栏打开的页面里调用（getContext().entry 为 contact_profile、single_chat_tools、single_kf_tools），getCurExternalChat 只能从群聊工具栏（group_chat_tools），sendChatMessage 只能从聊天工具栏或附件栏；从工作台打开的页面（entry 为 normal）调用就会这样失败。这不是签名或权限问题。",
			"The entry the page was opened from does not support this API (without context of external contact): getCurExternalContact works only in a page opened from a contact's profile, the single-chat toolbar or the customer-service toolbar (getContext().entry contact_profile, single_chat_tools, single_kf_tools), getCurExternalChat only from the group-chat toolbar (group_chat_tools), sendChatMessage only from a chat toolbar or the attachment menu; a page opened from the workbench (entry normal) fails like this. It is not a signature or permission problem."),
		fix: tx("先调用 getContext() 看 entry，只在支持的入口调用该接口，其他入口给出提示；在管理后台把应用配置到聊天工具栏 / 联系人详情页，再从那里打开页面。",
			"Call getContext() first and call the API only from an entry that supports it, with a hint elsewhere; configure the app for the chat toolbar / contact profile in the admin console and open the page from there."),
	},
	{
		// "<api>:no permission": the client answers err_msg "fail_no permission" and the SDK strips
		// "fail_" (@wecom/jssdk 2.4.4 dist/wecom.js formatErrMsg; real device:
		// juejin.cn/post/7359076801254653992). Causes: 应用签名校验失败，或成员不在应用的可见范围内
		// (types/index.d.ts); APIs marked 本接口必须使用应用身份进行注册 need agentConfig; an API
		// missing from jsApiList fails the same way (96912). docs/wecom-facts.md.
		kind: RuleNoPermission, phrases: []string{"fail_nopermission", "fail no permission", "fail_no_permission", "fail_no permission", "fail:no permission", ":no permission", "nopermission"},
		tool: ToolEmulator,
		cause: tx("没有调用权限（no permission / fail_no permission）：该接口需要应用身份，但 agentConfig（ww.register 的 getAgentConfigSignature）没有成功或没有调用；或该接口不在 jsApiList 中；或应用没有这个接口的权限（如客户联系权限）、当前成员不在应用的可见范围内。",
			"No permission (no permission / fail_no permission): the API needs the app identity but agentConfig (ww.register's getAgentConfigSignature) did not succeed or never ran; or the API is not in jsApiList; or the app lacks the API's permission (customer contact, say) or the member is outside the app's visible range."),
		fix: tx("给 ww.register 传 agentId 与 getAgentConfigSignature，确认 onAgentConfigFail 没有触发；把接口加进 jsApiList；在管理后台为应用开通相应权限，并把成员加入应用的可见范围。",
			"Pass agentId and getAgentConfigSignature to ww.register and check onAgentConfigFail did not fire; list the API in jsApiList; grant the app the permission in the admin console and add the member to the app's visible range."),
	},
	{
		kind: RuleFunctionNotExist, phrases: []string{"function not exist", "function not exists", "function_not_exist"}, tool: ToolDevServer,
		cause: tx("当前客户端不支持这个接口（function not exist）：企业微信版本太旧，或在普通微信 / 浏览器里打开了页面。",
			"The client does not support this API (function not exist): the WeCom client is too old, or the page was opened in plain WeChat or a browser."),
		fix: tx("升级企业微信客户端，并在企业微信内打开页面；开发服务器的请求日志会显示手机上的客户端与版本。",
			"Update the WeCom client and open the page inside WeCom; the dev server's request log shows the phone's client and version."),
	},
	{
		kind: RuleNotAFunction, phrases: []string{"is not a function"}, tool: ToolEmulator,
		cause: tx("页面加载的 SDK 脚本里没有这个函数（例如 wx.agentConfig is not a function）：用了微信的 jweixin 而不是企业微信的脚本，或在脚本加载完成前就调用了。",
			"The SDK script the page loaded lacks this function (wx.agentConfig is not a function, say): WeChat's jweixin instead of WeCom's script, or a call before the script loaded."),
		fix: tx("改用 @wecom/jssdk（ww.register 会自动完成 config 与 agentConfig），或引入企业微信的 jwxwork 脚本，并在加载完成后再调用。",
			"Use @wecom/jssdk (ww.register does config and agentConfig for you), or load WeCom's jwxwork script and call it after it has loaded."),
	},
	{
		kind: RuleMissingParams, phrases: []string{"missing params", "missing param", "missing parameter"}, tool: ToolAudit,
		cause: tx("config 参数不全（Missing params）：appId / corpId、timestamp、nonceStr、signature、jsApiList（agentConfig 还有 agentid）中缺了某个，或字段名拼错（nonceStr 的 S 大写）。",
			"The config is incomplete (Missing params): one of appId / corpId, timestamp, nonceStr, signature, jsApiList (and agentid for agentConfig) is missing, or a field name is misspelt (nonceStr has a capital S)."),
		fix: tx("检查签名接口返回的每个字段都传给了 config / agentConfig，字段名与大小写一致；{tool:audit}会检查你的签名接口的返回。",
			"Check every field your signing endpoint returns reaches config / agentConfig, with the exact names and letter case; {tool:audit} checks what your signing endpoint returns."),
	},
	{
		// "config:corpid not found" is reported too (WeCom community oCJUsw2mx37_jOaK3of-TPk8cUI8;
		// docs/wecom-facts.md).
		kind: RuleInvalidCorpID, phrases: []string{"invalid corpid", "invalid corp id", "corpid not found"}, codes: []int{40013}, tool: ToolProfiles,
		cause: tx("corpId 不正确（40013）：传给 config / agentConfig 的 corpId 不是当前登录的企业，或与获取 ticket 的企业不同。",
			"The corpId is wrong (40013): the corpId passed to config / agentConfig is not the corp the user is logged into, or not the one the ticket came from."),
		fix: tx("在{tool:profiles}核对企业 ID（管理后台「我的企业 → 企业信息」底部，以 ww 或 wx 开头），并用同一企业的 ticket 签名。",
			"Check the profile's corp ID ({tool:profiles}; admin console: My Company → Company Info, at the bottom; it starts with ww or wx) and sign with that corp's ticket."),
	},
	{
		kind: RuleConfigFail, phrases: []string{"config:fail", "fail_invalid"}, tool: ToolAudit,
		cause: tx("config / agentConfig 失败，但没有说明原因：最常见的是参数不全或字段名错误；agentConfig 还要求 corpId 是当前登录的企业、agentid 正确、签名用应用 ticket、页面域名是可信域名、在企业微信 3.0.24 之前要先 wx.config 成功，且普通微信里不支持。",
			"config / agentConfig failed without a reason: most often a missing or misnamed parameter; agentConfig also needs the logged-in corp's corpId, the right agentid, a signature made with the app ticket, a trusted page domain, a successful wx.config first before WeCom 3.0.24, and it does not work in plain WeChat."),
		fix: tx("把 fail 回调收到的完整对象（JSON.stringify(res)）粘贴过来，里面的 err_Info / hint / err_msg 往往有真正的原因；同时检查签名接口返回的字段。",
			"Paste the whole object the fail callback received (JSON.stringify(res)): its err_Info / hint / err_msg usually holds the real reason; check the fields your signing endpoint returns too."),
	},
}

// ExplainText explains what the phone showed: a JS-side errMsg (alone, in its JSON
// object, or in a longer paste) and any errcode in it ("e=40093", "errcode":60020, a
// bare 40093). Matching ignores case and surrounding text. For text it does not
// recognise, Matched is false and the Fix says what to paste.
// The places its texts name are the window's areas (wecom.AreaName); ExplainTextAt names
// them otherwise.
func ExplainText(text string) Explanation {
	return ExplainTextAt(text, func(string) wecom.Namer { return wecom.AreaName })
}

// ExplainTextAt is ExplainText with the places its cause and fix name ({tool:ID}) named by
// name(call)(tool, lang), call being the JS call the text names ("config", "agentConfig", ""):
// the CLI names the command, whose flags depend on the call.
func ExplainTextAt(text string, name func(call string) wecom.Namer) Explanation {
	e := explainText(text)
	at := name(e.Call)
	e.Cause, e.Fix = e.Cause.At(at), e.Fix.At(at)
	return e
}

func explainText(text string) Explanation {
	lower := asciiLower(text)
	code, hasCode := findCode(text, lower)
	e := Explanation{Call: findCall(text)}
	if hasCode {
		ex, _ := wecom.Explain(code)
		e.Code, e.Doc = code, ex.Doc
	}
	r := ruleByText(lower)
	if hasCode && (r == nil || r.kind == RuleConfigFail) {
		// A bare "config:fail" says less than its errcode (jwxwork: hint …?e=40093).
		if byCode := ruleByCode(code); byCode != nil {
			r = byCode
		} else if _, known := wecom.Explain(code); known {
			r = nil
		}
	}
	if r != nil {
		e.Matched, e.Kind, e.Tool, e.Cause, e.Fix = true, r.kind, r.tool, r.cause, r.fix
		if r.kind == RuleNotAFunction && e.Call == "" {
			e.Call = callBefore(text, lower, "is not a function")
		}
		if r.kind == RuleInvalidSignature {
			e.Cause, e.Fix = signatureText(e.Call)
		}
		return e
	}
	if hasCode {
		ex, ok := wecom.ExplainErrorAt(&wecom.APIError{Code: code, FromIP: fromIP(lower)}, keepPlace)
		e.Kind = RuleErrcode
		if ok {
			e.Matched, e.Cause, e.Fix, e.Tool = true, ex.Cause, ex.Fix, toolForCode(code)
			return e
		}
		e.Cause = tx("企业微信错误码 "+strconv.Itoa(code)+" 不在控制台的解释表里。", "WeCom error "+strconv.Itoa(code)+" is not in the console's table.")
		e.Fix = tx("在企业微信的错误码查询页查看："+e.Doc, "Look it up on WeCom's error-code page: "+e.Doc)
		return e
	}
	e.Cause = tx("没有认出这段内容。", "This text was not recognised.")
	e.Fix = tx("请粘贴 fail / onConfigFail / onAgentConfigFail 回调收到的完整对象（JSON.stringify(res)，例如 {\"errMsg\":\"config:invalid signature\"}），或服务端返回的 errcode 与 errmsg。",
		"Paste the whole object the fail / onConfigFail / onAgentConfigFail callback received (JSON.stringify(res), such as {\"errMsg\":\"config:invalid signature\"}), or the errcode and errmsg the server returned.")
	return e
}

// KindCode is the WeCom errcode of a rule's failure (40093 for RuleInvalidSignature), 0
// when it has none: the CLI links WeCom's page for it when the text named no code.
func KindCode(kind string) int {
	for _, r := range rules {
		if r.kind == kind && len(r.codes) > 0 {
			return r.codes[0]
		}
	}
	return 0
}

func ruleByText(lower string) *rule {
	for i := range rules {
		for _, p := range rules[i].phrases {
			if strings.Contains(lower, p) {
				return &rules[i]
			}
		}
	}
	return nil
}

func ruleByCode(code int) *rule {
	for i := range rules {
		for _, c := range rules[i].codes {
			if c == code {
				return &rules[i]
			}
		}
	}
	return nil
}

// signatureText tailors the invalid-signature explanation to the call that failed.
func signatureText(call string) (Text, Text) {
	base := ruleByCode(40093)
	// In a terminal the forensics' command carries the call's flag (--agent): the CLI's toolCommand.
	fixed := tx("用{tool:forensics}查出是哪个 ticket、哪个 URL 生成了这个签名；再用{tool:url-diff}比对签名的 URL 与页面 URL。",
		"Run {tool:forensics}: it says which ticket and which URL made the signature; then compare the signed URL with the page's: {tool:url-diff}.")
	switch strings.ToLower(call) {
	case "agentconfig":
		return tx("wx.agentConfig 的签名错误（40093）：它必须用应用 ticket（ticket/get?type=agent_config，用 agentConfig 中 agentid 的 access_token 获取）对去掉 #… 的页面 URL 签名；用企业 ticket 签名是最常见的错误。其次是 URL 不一致（#、末尾斜杠、编码、分享或 OAuth 加的参数）、ticket 过期、nonceStr / timestamp 不一致。",
				"wx.agentConfig's signature is wrong (40093): it must be made with the app ticket (ticket/get?type=agent_config, fetched with an access_token of the agentid passed to agentConfig) over the page URL without #…; signing it with the corp ticket is the classic mistake. Next come a different URL (a hash, a trailing slash, the encoding, parameters added by sharing or OAuth), a stale ticket, or another nonceStr / timestamp."),
			fixed
	case "config":
		return tx("wx.config 的签名错误（40093）：它必须用企业 ticket（get_jsapi_ticket）对去掉 #… 的页面 URL 签名，nonceStr 与 timestamp 要和传给 config 的完全一致。常见原因：URL 不一致（#、末尾斜杠、编码、分享或 OAuth 加的参数）、ticket 过期、误用了应用 ticket、nonceStr 写成 noncestr、timestamp 用了毫秒。",
				"wx.config's signature is wrong (40093): it must be made with the corp ticket (get_jsapi_ticket) over the page URL without #…, with exactly the nonceStr and timestamp passed to config. Usual causes: a different URL (a hash, a trailing slash, the encoding, parameters added by sharing or OAuth), a stale ticket, the app ticket by mistake, nonceStr spelt noncestr, or a timestamp in milliseconds."),
			fixed
	}
	return base.cause, base.fix
}

// keepPlace leaves {tool:ID} as it is, for ExplainTextAt to name.
func keepPlace(tool, _ string) string { return "{tool:" + tool + "}" }

// toolForCode: the console tool for a server errcode without a JS-side rule.
func toolForCode(code int) string {
	switch code {
	case 40001, 40013, 40056, 40091, 41002, 41004, 48002, 60011, 60020, 301002:
		return ToolProfiles
	case -1, 40014, 41001, 42001, 45009, 45033, 91040:
		return ToolTickets
	}
	return ""
}

// findCode finds a WeCom errcode in lower-cased text: "…?e=40093" (WeCom's "more info
// at" link) first, then "errcode" followed by a number, then a text that is only a
// number. A client-side errCode (iOS says errCode: 2) is not WeCom's: numbers other
// than -1 below 10000 are ignored after "errcode". The -1 of a key spelt "errCode" is
// never WeCom's -1 (system busy): @wecom/jssdk sets errCode = -1 on every failed call
// the client gave no err_code (2.4.4 dist/wecom.js invoke; docs/wecom-facts.md); only
// the server's lower-case "errcode": -1 is. text is the original of lower (same bytes
// but for case).
func findCode(text, lower string) (int, bool) {
	for i := strings.Index(lower, "e="); i >= 0; {
		if i > 0 && (lower[i-1] == '?' || lower[i-1] == '&') {
			if n, ok := numberAt(lower[i+2:]); ok {
				return n, true
			}
		}
		j := strings.Index(lower[i+2:], "e=")
		if j < 0 {
			break
		}
		i += 2 + j
	}
	// The desktop client's hint names the code as its last part: Hint: '0404162454:fpjmyibrj7g:40093'
	// (WeCom community 0004e8a53dc8b031163c60e1956800; docs/wecom-facts.md, Client errMsg texts),
	// pasted with or without the "More info at …?e=" that follows it.
	if n, ok := hintCode(lower); ok {
		return n, true
	}
	for at := 0; ; {
		i := strings.Index(lower[at:], "errcode")
		if i < 0 {
			break
		}
		sdk := len(text) == len(lower) && text[at+i:at+i+len("errcode")] == "errCode"
		at += i + len("errcode")
		rest := lower[at:]
		k := 0
		for k < len(rest) && k < 8 && strings.IndexByte(" \t\"'\\:=", rest[k]) >= 0 {
			k++
		}
		if n, ok := numberAt(rest[k:]); ok && (n == -1 && !sdk || n >= 10000) {
			return n, true
		}
	}
	bare := strings.Trim(lower, " \t\r\n\"'`")
	if n, ok := numberAt(bare); ok && len(bare) == len(strconv.Itoa(n)) && (n == -1 || n >= 10000) {
		return n, true
	}
	return 0, false
}

// hintCode reads the code at the end of the desktop client's "hint: '<digits>:<token>:<code>'".
func hintCode(lower string) (int, bool) {
	i := strings.Index(lower, "hint:")
	if i < 0 {
		return 0, false
	}
	rest := strings.TrimLeft(lower[i+len("hint:"):], " \t\"'")
	end := strings.IndexAny(rest, "'\" .,")
	if end < 0 {
		end = len(rest)
	}
	parts := strings.Split(rest[:end], ":")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return 0, false
	}
	if strings.Trim(parts[0], "0123456789") != "" { // a timestamp-like run of digits
		return 0, false
	}
	if n, ok := numberAt(parts[2]); ok && n >= 10000 && len(parts[2]) == len(strconv.Itoa(n)) {
		return n, true
	}
	return 0, false
}

// numberAt reads an optional '-' and up to 9 digits at the start of s.
func numberAt(s string) (int, bool) {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	n, digits := 0, 0
	for digits < len(s) && digits < 9 && s[digits] >= '0' && s[digits] <= '9' {
		n = n*10 + int(s[digits]-'0')
		digits++
	}
	if digits == 0 || digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
		return 0, false // none, or too long to be an errcode
	}
	if neg {
		n = -n
	}
	return n, true
}

// findCall returns the first "name:" followed by a letter (config:invalid signature,
// agentConfig:fail, getCurExternalContact:fail no permission), where name starts with a
// letter and follows a non-name character. JSON keys ("errMsg":…), "https://" and
// "errCode: 2" do not qualify.
func findCall(text string) string {
	for i := 1; i < len(text)-1; i++ {
		if text[i] != ':' || !isLetter(text[i+1]) {
			continue
		}
		j := i
		for j > 0 && isNameByte(text[j-1]) {
			j--
		}
		if j < i && isLetter(text[j]) && strings.ToLower(text[j:i]) != "https" && strings.ToLower(text[j:i]) != "http" {
			return text[j:i]
		}
	}
	return ""
}

// callBefore returns the dotted name before phrase ("wx.agentConfig is not a function"
// → "agentConfig").
func callBefore(text, lower, phrase string) string {
	i := strings.Index(lower, phrase)
	if i <= 0 || len(text) != len(lower) {
		return ""
	}
	end := i
	for end > 0 && text[end-1] == ' ' {
		end--
	}
	start := end
	for start > 0 && isNameByte(text[start-1]) {
		start--
	}
	if start == end || !isLetter(text[start]) {
		return ""
	}
	return text[start:end]
}

// asciiLower lower-cases the ASCII letters of s only, so the result keeps every byte
// offset of s (strings.ToLower can change the length of other letters, and findCode and
// callBefore read the original at the same offsets). Every phrase matched is ASCII.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isNameByte(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' || c == '_' }

// fromIP reads the caller IP of "from ip: 1.2.3.4" (60020's errmsg).
func fromIP(lower string) string {
	i := strings.Index(lower, "from ip:")
	if i < 0 {
		return ""
	}
	s := strings.TrimLeft(lower[i+len("from ip:"):], " ")
	j := 0
	for j < len(s) && j < 45 && (s[j] >= '0' && s[j] <= '9' || s[j] >= 'a' && s[j] <= 'f' || s[j] == '.' || s[j] == ':') {
		j++
	}
	return s[:j]
}
