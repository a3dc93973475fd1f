package wecom

import (
	"errors"
	"strconv"
	"strings"
)

// Text is one message in both UI languages. The explanations live here, in one table,
// because the GUI, the CLI and the diagnosis all show them.
type Text struct {
	ZhCN string `json:"zh-CN"`
	EnUS string `json:"en-US"`
}

// In returns the text for a UI language ("zh-CN" or anything else for English).
func (t Text) In(lang string) string {
	if strings.HasPrefix(lang, "zh") {
		return t.ZhCN
	}
	return t.EnUS
}

// The places a fix sends the user to. A cause or fix names one as {tool:ID}
// ("Run {tool:forensics} with …") and each surface puts its own name there with Text.At:
// the window the area as its sidebar and tabs name it (AreaName), the terminal the command
// that does the same (internal/cli). One text, two surfaces (issue 15).
const (
	ToolURLDiff        = "url-diff"                 // Diagnose: the signed URL against the page URL
	ToolForensics      = "forensics"                // Forensics: what made a signature
	ToolTickets        = "tickets"                  // the ticket cache, its TTL and budget
	ToolTrustedDomains = "profiles/trusted-domains" // the profile's trusted domains
	ToolProfiles       = "profiles"                 // corpId, agentId, secret, trusted IP
	ToolSign           = "sign"                     // sign a URL and see the sign string
	ToolAudit          = "audit"                    // audit the developer's signing endpoint
	ToolEmulator       = "emulator"                 // run the register flow in a desktop browser
	ToolDevServer      = "devserver"                // the dev server's request log (client, version)
	ToolOAuth          = "oauth"                    // Diagnose → OAuth: build and check an authorize URL
)

// areaNames: each tool as the window names it (the sidebar, Diagnose's tabs, the dev
// server's emulator switch; frontend/src/i18n/locales).
var areaNames = map[string]Text{
	ToolURLDiff:        {"「诊断 → URL 对比」", "Diagnose → URL diff"},
	ToolForensics:      {"「诊断 → 签名溯源」", "Diagnose → Signature forensics"},
	ToolTickets:        {"「凭证」", "Tickets"},
	ToolTrustedDomains: {"「配置 → 可信域名」", "Profiles → Trusted domains"},
	ToolProfiles:       {"「配置」", "Profiles"},
	ToolSign:           {"「签名」", "Signature"},
	ToolAudit:          {"「诊断 → 接口审计」", "Diagnose → Endpoint audit"},
	ToolEmulator:       {"「开发服务器 → 模拟企业微信客户端」", "Dev server → Emulate the WeCom client"},
	ToolDevServer:      {"「开发服务器」", "Dev server"},
	ToolOAuth:          {"「诊断 → OAuth」", "Diagnose → OAuth"},
}

// Tools lists every tool a text may name.
func Tools() []string {
	out := make([]string, 0, len(areaNames))
	for t := range areaNames {
		out = append(out, t)
	}
	return out
}

// Namer names a tool in a language ("zh-CN", "en-US"): AreaName, or the CLI's commands.
type Namer func(tool, lang string) string

// AreaName is a tool as the window names it.
func AreaName(tool, lang string) string { return areaNames[tool].In(lang) }

// At puts name(ID, lang) where the text says {tool:ID}, in each language.
func (t Text) At(name Namer) Text {
	if !strings.Contains(t.ZhCN+t.EnUS, "{tool:") {
		return t
	}
	for tool := range areaNames {
		ref := "{tool:" + tool + "}"
		if !strings.Contains(t.ZhCN+t.EnUS, ref) {
			continue
		}
		t.ZhCN = strings.ReplaceAll(t.ZhCN, ref, name(tool, "zh-CN"))
		t.EnUS = strings.ReplaceAll(t.EnUS, ref, name(tool, "en-US"))
	}
	return t
}

// Explanation says why WeCom answered a code and what to do.
type Explanation struct {
	Code  int    `json:"code"`
	Cause Text   `json:"cause"`
	Fix   Text   `json:"fix"`
	Doc   string `json:"doc"` // WeCom's error-code page
}

// explanations: the global error table (doc 90455) and the JS-SDK errors (96912) that a
// WeCom H5 developer meets, with the fix that works.
var explanations = map[int]struct{ cause, fix Text }{
	-1: {
		Text{"企业微信系统繁忙。", "WeCom is busy."},
		Text{"稍后重试；wecomdev 已自动重试（最多 3 次）。", "Try again shortly; wecomdev already retried (at most 3 times)."},
	},
	40001: {
		Text{"secret 不正确：不是这个应用的 secret，或已被重置。", "The secret is wrong: not this app's secret, or it was reset."},
		Text{"在管理后台「应用管理 → 应用 → Secret」查看并重新填写该应用的 secret（注意每个应用的 secret 不同）。", "Copy the secret again from the admin console (App Management → the app → Secret) and set it here; every app has its own."},
	},
	40013: {
		Text{"企业 ID（CorpID）不正确。", "The corp ID is wrong."},
		Text{"在管理后台「我的企业 → 企业信息」底部复制企业 ID（以 ww 或 wx 开头）。", "Copy the corp ID from the admin console (My Company → Company Info, at the bottom); it starts with ww or wx."},
	},
	40014: {
		Text{"access_token 无效或已过期（过期的 token 现在也会返回 40014）。", "The access_token is invalid or expired (WeCom now answers 40014 for expired tokens too)."},
		Text{"wecomdev 会丢弃旧 token 并重新获取一次；仍失败时检查 token 是否来自同一个应用。", "wecomdev drops the token and fetches a new one once; if it still fails, check the token comes from the same app."},
	},
	40048: {
		Text{"页面所在域名不是该应用的可信域名（invalid url domain）。", "The page's domain is not one of the app's trusted domains (invalid url domain)."},
		Text{"在「应用 → 网页授权及JS-SDK → 可信域名」添加页面域名（需 ICP 备案并完成校验文件验证）；端口不同也算不同域名。", "Add the page's domain under the app's Web Authorization & JS-SDK → Trusted domain (it needs ICP filing and the verification file); a different port counts as a different domain."},
	},
	40050: {
		Text{"群 ID（chat_id）不存在，或不是本应用可见的客户群。", "The chat_id does not exist or is not a customer group this app can see."},
		Text{"用 groupchat/list 重新获取 chat_id，并确认群主在应用的可见范围内。", "List the groups again (groupchat/list) and make sure the group owner is in the app's visible range."},
	},
	40056: {
		Text{"应用 ID（AgentId）不正确。", "The agent ID is wrong."},
		Text{"在「应用管理 → 应用」页面复制 AgentId，并确认 secret 属于同一个应用。", "Copy the AgentId from App Management → the app, and check the secret belongs to the same app."},
	},
	40058: {
		Text{"参数不符合要求。", "A parameter does not meet WeCom's rules."},
		Text{"检查字段长度与取值（如 state ≤ 30 字符、room_base_name ≤ 40 字符、chat_id_list 1–5 个）。", "Check lengths and values (state ≤ 30 characters, room_base_name ≤ 40, chat_id_list 1–5 entries)."},
	},
	40091: {
		Text{"secret 不合法，可能用了别的企业的 secret。", "The secret is invalid, perhaps another corp's."},
		Text{"确认企业 ID 与 secret 来自同一个企业、同一个应用。", "Check the corp ID and the secret come from the same corp and app."},
	},
	40093: {
		Text{"JS-SDK 签名错误（invalid signature）。", "The JS-SDK signature is wrong (invalid signature)."},
		Text{"签名用的 URL 必须与页面 URL 完全一致（去掉 # 之后部分）；wx.config 用企业 ticket，wx.agentConfig 用应用 ticket。用{tool:url-diff}比对两个 URL。", "The signed URL must equal the page URL exactly (without the #…); wx.config takes the corp ticket, wx.agentConfig the app ticket. Compare both URLs: {tool:url-diff}."},
	},
	41001: {
		Text{"请求缺少 access_token。", "The request has no access_token."},
		Text{"先调用 gettoken 获取 token；wecomdev 会自动处理。", "Fetch a token with gettoken first; wecomdev does this for you."},
	},
	41004: {
		Text{"请求缺少 secret。", "The request has no secret."},
		Text{"为该配置设置 secret（保存在系统钥匙串中）。", "Set the profile's secret (it is kept in the OS keychain)."},
	},
	41044: {
		Text{"config_id 无效：不存在，或不是本应用创建的。", "The config_id is invalid: it does not exist or another app created it."},
		Text{"应用只能管理自己创建的「加入群聊」配置；在 wecomdev 的登记表中查找正确的 config_id。", "An app can only manage the join ways it created; look the config_id up in wecomdev's registry."},
	},
	41045: {
		Text{"通过 API 添加的「联系我」/「加入群聊」数量已达上限（50 万）。", "The corp reached the limit of API-made Contact Me / join-way configs (500,000)."},
		Text{"删除不再使用的配置后再添加。", "Delete configs you no longer use, then add again."},
	},
	42001: {
		Text{"access_token 已过期。", "The access_token expired."},
		Text{"wecomdev 会重新获取 token 并重试一次；频繁出现时检查系统时间。", "wecomdev fetches a new token and retries once; if it keeps happening, check the system clock."},
	},
	// 42012 = jsapi_ticket不可用: usually agentConfig signed with the corp ticket instead of
	// the app ticket (ticket/get?type=agent_config); an expired ticket shows as 40093
	// invalid signature instead (doc 90455 / 96912; docs/wecom-facts.md).
	42012: {
		Text{"jsapi_ticket 不可用（42012）：一般是 wx.agentConfig 用了企业 ticket（get_jsapi_ticket）签名，而它需要应用 ticket。过期的 ticket 不会报 42012，而是报 40093 签名错误。", "The jsapi_ticket is not usable (42012): usually wx.agentConfig was signed with the corp ticket (get_jsapi_ticket) where it needs the app ticket. An expired ticket does not give 42012 but 40093, invalid signature."},
		Text{"wx.agentConfig 必须用应用 ticket（ticket/get?type=agent_config）签名，且 token 属于 agentConfig 中的 agentid。", "Sign wx.agentConfig with the app ticket (ticket/get?type=agent_config), fetched with a token of the agentid passed to agentConfig."},
	},
	// 45009 = 接口调用超过限制: WeCom's general frequency limit for any API (per corp and per
	// IP per cgi each minute and hour, the ticket quota of 400 per corp / 100 per app an hour,
	// repeated failing calls); a minute breach blocks 60 s, an hour breach 60 min (doc 90454,
	// 2023-08-28; docs/wecom-facts.md).
	45009: {
		Text{"接口调用频率超过限制（45009）：这是企业微信对所有接口的通用频率限制，不只是 ticket 的配额。按接口计：每企业每分钟 1 万次 / 每小时 15 万次，每 IP 每分钟 2 万次 / 每小时 60 万次；ticket 每小时企业 400 次、单个应用 100 次；反复失败的调用（如参数错误的 gettoken）也会被限制。", "Too many calls (45009): WeCom's general frequency limit, for any API, not only the ticket quota. Per API: 10,000 a minute / 150,000 an hour per corp, 20,000 a minute / 600,000 an hour per IP; tickets: 400 an hour per corp, 100 per app; repeated failing calls (gettoken with wrong parameters, say) are limited too."},
		Text{"等待后再试：按分钟超限封禁 60 秒，按小时超限封禁 60 分钟（从超限时算起）。缓存 token 与 ticket，不要每次请求都重新获取；修正反复失败的调用。", "Wait before trying again: a per-minute breach blocks for 60 s, a per-hour one for 60 minutes from the breach. Cache tokens and tickets instead of fetching them per request, and fix calls that keep failing."},
	},
	// 41002 = 缺少corpid参数 (global error table 90313; the sandbox's gettoken without corpid).
	41002: {
		Text{"请求缺少 corpid（41002）。", "The request has no corpid (41002)."},
		Text{"gettoken 需要 corpid 与 corpsecret 两个参数；核对配置的企业 ID：{tool:profiles}。", "gettoken needs both corpid and corpsecret; check the profile's corp ID: {tool:profiles}."},
	},
	// 47001 = 数据格式错误 (global error table 90313). The real server is lenient: a mistyped field
	// is dropped with "ok. Warning: wrong json format." (client-fidelity.md §1 #10); when it
	// answers 47001 itself is not sourced.
	47001: {
		Text{"请求数据格式错误（47001）。注意：真实的企业微信对不合法的 JSON 或类型错误的字段常常不报错，而是丢弃它们并在 errmsg 里附上 “Warning: wrong json format.”；它何时真正返回 47001 没有公开资料（wecomdev 的沙箱只在请求体过大时返回）。", "The request data is malformed (47001). Note: real WeCom often does not fail on invalid JSON or a mistyped field but drops it and adds \"Warning: wrong json format.\" to errmsg; when it really answers 47001 is not publicly documented (wecomdev's sandbox answers it only for an over-long body)."},
		Text{"发送合法的 JSON，字段类型与文档一致（数字不要加引号），请求体不要过大；留意 errmsg 里的 “Warning: wrong json format.”，它说明有字段被丢弃了。", "Send valid JSON with the documented field types (numbers without quotes) and a body of sensible size; watch errmsg for \"Warning: wrong json format.\", which means a field was dropped."},
	},
	// 60111 = UserID不存在; real text "userid not found" (client-fidelity.md, user/get 2022).
	60111: {
		Text{"成员 userid 不存在（60111）：通讯录中没有这个 userid。", "No such member userid (60111): the contact book has no member with it."},
		Text{"用通讯录里的 userid（区分大小写，不是姓名或手机号），确认成员没有被删除、在应用的可见范围内。", "Use the member's userid from the contact book (case-sensitive; not the name or phone number), and check the member was not deleted and is in the app's visible range."},
	},
	// 40096 = 不合法的外部联系人userid (doc 90455; real "invalid external userid", WeCom
	// community oCJUsw-e1ER8qVtRoHRB1nfZFyUs).
	40096: {
		Text{"外部联系人 userid 不合法（40096）：不是本企业的 external_userid，或来自别的应用 / 服务商（第三方与自建应用的 external_userid 不同）。", "The external contact userid is invalid (40096): not an external_userid of this corp, or one from another app or provider (third-party and self-built apps see different external_userids)."},
		Text{"用本应用通过 externalcontact/list、JS-SDK 或回调拿到的 external_userid；跨应用时先用 get_new_external_userid 转换。", "Use an external_userid this app got from externalcontact/list, the JS-SDK or a callback; convert one from another app with get_new_external_userid first."},
	},
	// 50100 = 分页查询的游标无效 (global error table 90313 as copied by WxJava; client-fidelity.md).
	// Whether groupchat/list answers a foreign cursor with 50100 or 40058 is not sourced.
	50100: {
		Text{"分页游标无效（50100）：cursor 不是上一次请求返回的 next_cursor，或已失效。", "The paging cursor is invalid (50100): the cursor is not the next_cursor of the previous answer, or it expired."},
		Text{"从第一页（不带 cursor）重新拉取，并原样传回每次返回的 next_cursor。", "Start again from the first page (no cursor) and pass each answer's next_cursor back unchanged."},
	},
	// 84074 = 没有外部联系人权限 (global error table 90313 as copied by WxJava; client-fidelity.md;
	// the exact cases are not sourced).
	84074: {
		Text{"没有外部联系人权限（84074）：应用或成员没有客户联系权限。（具体触发条件没有公开资料。）", "No external-contact permission (84074): the app or the member may not use Customer Contact. (The exact cases are not publicly documented.)"},
		Text{"在管理后台「客户联系 → 权限配置 / 可调用接口的应用」中加入该应用，并把成员加入客户联系的使用范围。", "Add the app under Customer Contact → Permissions / Apps that can call the API in the admin console, and add the member to Customer Contact's range of use."},
	},
	// 610004 = userid不在客户联系配置的使用范围内 (global error table 90313 as copied by WxJava;
	// client-fidelity.md).
	610004: {
		Text{"该成员不在客户联系的使用范围内（610004）。", "The member is outside Customer Contact's range of use (610004)."},
		Text{"在管理后台「客户联系 → 配置使用范围」中加入该成员（或其部门）。", "Add the member (or the department) under Customer Contact → Range of use in the admin console."},
	},
	// 40029 = invalid code (auth/getuserinfo, doc 91023: 「code只能使用一次，5分钟未被使用自动过期」).
	// In practice a code used twice: a reload, a retry, a double redirect (landscape-2026 §2 #7;
	// chanjarster/weixin-java-tools#113, #223; JeffreySu/WeiXinMPSDK#252). docs/wecom-facts.md, OAuth.
	40029: {
		Text{"网页授权的 code 无效（40029 invalid code）：code 只能用一次、5 分钟内有效。常见原因是同一个 code 被换取了两次：页面刷新或返回后 URL 里还带着旧 code、请求失败后重试、路由守卫与服务端各换取一次、或跳转了两次；也可能是 code 超过 5 分钟，或来自另一个企业 / 应用。", "The OAuth code is invalid (40029 invalid code): a code works once and for 5 minutes. Usually the same code was exchanged twice: a reload or the back button with the old code still in the URL, a retry after a failed request, a router guard and the server each exchanging it, or a double redirect; or the code is older than 5 minutes, or from another corp or app."},
		Text{"每个 code 只在服务端换取一次，换到身份后建立自己的会话；换取后立即用 history.replaceState 把 code 与 state 从地址栏去掉，刷新时不再重复换取；40029 时重新跳转授权链接取新 code，不要重试旧的。开发服务器的请求日志会把同一 code 的第二次使用标出来。", "Exchange each code once, on the server, and start your own session with the identity; right after, strip code and state from the address bar with history.replaceState so a reload does not exchange it again; on 40029 go through the authorize URL again for a new code instead of retrying the old one. The dev server's request log flags a second use of a code."},
	},
	// 50001 = redirect_url未登记可信域名 (global error table 90313); auth/getuserinfo: 「跳转的域名须
	// 完全匹配access_token对应应用的可信域名，否则会返回50001错误」 (doc 91023); the phone shows
	// 「redirect_uri需使用应用可信域名」 (landscape-2026 §2 #2); port included (doc 91335).
	50001: {
		Text{"redirect_uri 的域名不是应用的可信域名（50001，redirect_url未登记可信域名；手机上显示「redirect_uri需使用应用可信域名」）：域名必须与「网页授权及JS-SDK → 可信域名」完全一致，包括端口；也可能是换取身份用的 access_token 属于另一个应用。", "redirect_uri's domain is not one of the app's trusted domains (50001, redirect_url未登记可信域名; the phone shows 「redirect_uri需使用应用可信域名」): it must match Web Authorization & JS-SDK → Trusted domain exactly, port included; or the access_token used for the exchange belongs to another app."},
		Text{"在管理后台「应用 → 网页授权及JS-SDK → 可信域名」添加 redirect_uri 的域名（含端口，需 ICP 备案与校验文件），并用同一个应用的 secret 换取身份；{tool:oauth}检查授权链接。", "Add redirect_uri's domain (with its port; ICP filing and the verification file needed) under the app's Web Authorization & JS-SDK → Trusted domain, and exchange the code with a token of the same app; {tool:oauth} checks the authorize URL."},
	},
	45033: {
		Text{"接口并发调用超过限制。", "Too many concurrent calls."},
		Text{"几秒后重试，并减少并发请求。", "Try again in a few seconds with fewer calls at once."},
	},
	48002: {
		Text{"应用没有调用该接口的权限。", "The app may not call this API."},
		Text{"在管理后台为应用开通对应权限（客户联系接口需在「客户联系 → 可调用接口的应用」中添加该应用）。", "Grant the app the permission in the admin console (customer APIs: add the app under Customer Contact → Apps that can call the API)."},
	},
	48009: {
		Text{"客户联系接口被限制从新 IP 调用。", "The customer-contact API refuses calls from a new IP."},
		Text{"在管理后台确认该 IP，或改从已使用过的服务器调用。", "Confirm the IP in the admin console, or call from a server that was used before."},
	},
	60011: {
		Text{"应用没有访问该成员、部门或标签的权限（不在可见范围内）。", "The app may not see that member, department or tag (outside its visible range)."},
		Text{"在「应用 → 可见范围」中加入相关成员或部门。", "Add them to the app's visible range."},
	},
	60020: {
		Text{"调用来源 IP {ip} 不在应用的「企业可信IP」中（2022-06-20 后创建的自建应用必须配置）。", "The caller IP {ip} is not in the app's trusted IPs (企业可信IP; required for self-built apps created after 2022-06-20)."},
		Text{"在「应用管理 → 应用 → 企业可信IP」中添加 {ip}（配置前需先设置可信域名或接收消息服务器 URL）。家庭宽带 IP 会变，变化后需重新添加。", "Add {ip} under App Management → the app → 企业可信IP (set a trusted domain or a callback URL first). Home connections change IP; add the new one when it changes."},
	},
	80001: {
		Text{"可信域名不正确，或没有 ICP 备案。", "The trusted domain is wrong or has no ICP filing."},
		Text{"使用已备案且主体与企业一致的域名，并完成校验文件验证。", "Use an ICP-filed domain whose owner matches the corp, verified with the WW_verify file."},
	},
	81017: {
		Text{"请求的数量超过限制（未指定群主时，应用可见范围超过 1000 人）。", "Too many items requested (without an owner filter, the app's visible range has more than 1,000 people)."},
		Text{"在 groupchat/list 中指定 owner_filter.userid_list（每次最多 100 人）。", "Pass owner_filter.userid_list to groupchat/list (at most 100 per call)."},
	},
	84061: {
		Text{"该成员没有这个外部联系人（或没有任何客户）。", "The member has no such external contact (or no customers at all)."},
		Text{"确认成员已添加该客户；没有客户的成员会返回 84061 而不是空列表。", "Check the member added the customer; a member with no customers gets 84061 rather than an empty list."},
	},
	90501: {
		Text{"该群不是客户群。", "The chat is not a customer group."},
		Text{"只有包含外部联系人的客户群才能用于「加入群聊」。", "Only customer groups (with external contacts) can be used for join ways."},
	},
	91040: {
		Text{"获取 ticket 的类型无效。", "The ticket type is invalid."},
		Text{"应用 ticket 的请求必须带 type=agent_config。", "The app ticket request needs type=agent_config."},
	},
	301002: {
		Text{"这个 access_token 不能操作另一个应用。", "This access_token may not act on another app."},
		Text{"用该应用自己的 secret 获取 token。", "Fetch the token with that app's own secret."},
	},
}

// Explain returns the cause and fix for a WeCom code as the window shows them (the
// places it names are areas), ok false when the table has none.
func Explain(code int) (Explanation, bool) { return ExplainAt(code, AreaName) }

// ExplainAt is Explain with the places named by name (Text.At): the CLI names commands.
func ExplainAt(code int, name Namer) (Explanation, bool) {
	e, ok := explanations[code]
	if !ok {
		return Explanation{Code: code, Doc: docURL(code)}, false
	}
	return Explanation{Code: code, Cause: e.cause.At(name), Fix: e.fix.At(name), Doc: docURL(code)}, true
}

// ExplainError explains an APIError, with what it carries (the caller IP of a 60020)
// filled in, as the window shows it. ok is false for other errors and unknown codes.
func ExplainError(err error) (Explanation, bool) { return ExplainErrorAt(err, AreaName) }

// ExplainErrorAt is ExplainError with the places named by name (Text.At).
func ExplainErrorAt(err error, name Namer) (Explanation, bool) {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return Explanation{}, false
	}
	ex, ok := ExplainAt(apiErr.Code, name)
	ip := apiErr.FromIP
	if ip == "" {
		ip = "?"
	}
	for _, t := range []*Text{&ex.Cause, &ex.Fix} {
		t.ZhCN = strings.ReplaceAll(t.ZhCN, "{ip}", ip)
		t.EnUS = strings.ReplaceAll(t.EnUS, "{ip}", ip)
	}
	return ex, ok
}

// Codes lists every explained code (for tests and the UI's error reference).
func Codes() []int {
	out := make([]int, 0, len(explanations))
	for c := range explanations {
		out = append(out, c)
	}
	return out
}

func docURL(code int) string {
	return "https://open.work.weixin.qq.com/devtool/query?e=" + strconv.Itoa(code)
}
