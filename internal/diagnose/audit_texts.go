package diagnose

var ticketKindAgentTitle = tx("用应用 ticket 签名（wx.agentConfig / getAgentConfigSignature）",
	"Signed with the app ticket (wx.agentConfig / getAgentConfigSignature)")

var staleFix = tx("按接口返回的 expires_in 缓存 ticket（提前几分钟刷新），所有服务器共用一份缓存；企业微信拒绝时强制刷新一次。",
	"Cache the ticket for the expires_in WeCom returns (refresh a few minutes early), share one cache between all servers, and force one refresh when WeCom refuses it.")

var unknownFix = tx("让接口使用与这个配置相同的企业与应用（核对 corpId、agentId 与 secret）；如果接口自己获取并缓存 ticket，审计无法核对它签名的 URL：可以让接口记录签名串（ticket 打码）与「签名溯源」比对，或让页面改用控制台的签名接口。",
	"Make the endpoint use the same corp and app as this profile (check corpId, agentId and the secret); if it fetches and caches its own ticket, the audit cannot check the URL it signs: have it log its sign string (ticket masked) and compare it in Forensics, or point the page at the console's signing endpoint.")

var auditTexts = map[string]struct{ title, fix Text }{
	CheckEndpointReachable: {
		tx("签名接口可以访问，返回 2xx 与 JSON 对象", "The endpoint answers 2xx with a JSON object"),
		tx("让接口对 GET 请求返回 200 与 JSON 对象，例如 {\"timestamp\":\"…\",\"nonceStr\":\"…\",\"signature\":\"…\"}；检查地址、端口与反向代理，出错时查看服务端日志。接口只为可信域名签名时，用 --page-base（或界面里的页面地址）给一个可信域名下的页面。",
			"Answer GET with 200 and a JSON object, such as {\"timestamp\":\"…\",\"nonceStr\":\"…\",\"signature\":\"…\"}; check the address, the port and the reverse proxy, and the server's log for the error. If the endpoint signs only for its trusted domains, give a page under one of them with --page-base (or the page base in the UI)."),
	},
	CheckFieldsPresent: {
		tx("返回里有 timestamp、nonceStr、signature 三个字段", "The answer has the timestamp, nonceStr and signature fields"),
		tx("返回 ww.register 的签名回调需要的三个字段；若字段名不同或嵌套在 data 里，用 --timestamp-field / --nonce-field / --signature-field（或界面里的字段名）告诉审计，并确认页面在交给 ww.register 之前把它们改成 timestamp / nonceStr / signature。",
			"Return the three fields ww.register's signature callbacks need; if yours are named differently or nested (data.signature), tell the audit with --timestamp-field / --nonce-field / --signature-field (or the field names in the UI), and make sure the page renames them to timestamp / nonceStr / signature before handing them to ww.register."),
	},
	CheckNonceStrSpelling: {
		tx("随机串字段拼作 nonceStr（S 大写）", "The nonce field is spelt nonceStr (capital S)"),
		tx("返回 nonceStr（S 大写）：签名串里写作 noncestr，但 ww.register / wx.config 读的是 nonceStr；写成 noncestr、nonce_str 或 nonce 时页面拿到 undefined（Missing params 或 invalid signature）。",
			"Answer nonceStr (capital S): the sign string says noncestr, but ww.register / wx.config read nonceStr, and a noncestr, nonce_str or nonce field reaches the page as undefined (Missing params or invalid signature)."),
	},
	CheckTimestampSeconds: {
		tx("timestamp 是秒级时间戳字符串（10 位数字）", "The timestamp is Unix seconds, a string of 10 digits"),
		tx("用秒级时间戳：Math.floor(Date.now() / 1000)、time.Now().Unix()、System.currentTimeMillis() / 1000，签名串与返回里用同一个字符串。返回数字也能用，但字符串能保证页面传回的正是签名时的文本。",
			"Use Unix seconds (Math.floor(Date.now() / 1000), time.Now().Unix(), System.currentTimeMillis() / 1000) and put the same string in the sign string and the answer. A number works too, but a string guarantees the page passes back exactly the text that was signed."),
	},
	CheckSignatureFormat: {
		tx("signature 是 40 位小写十六进制（SHA-1）", "The signature is 40 lowercase hexadecimal characters (SHA-1)"),
		tx("signature = 签名串 SHA-1 的小写十六进制：不要用 SHA-256、MD5、Base64，也不要转成大写。",
			"signature = the lowercase hex SHA-1 of the sign string: not SHA-256, MD5 or Base64, and not upper case."),
	},
	CheckHashCut: {
		tx("签名前去掉了 # 及其后的部分", "The #… is cut before signing"),
		tx("签名前去掉第一个 \"#\" 及其后的全部内容（url.split('#')[0]）：使用 hash 路由的页面，企业微信校验的仍是 # 之前的 URL。",
			"Cut everything from the first \"#\" before signing (url.split('#')[0]): for a hash-routed page WeCom still verifies the URL before the #."),
	},
	CheckNoURLEncoding: {
		tx("签名的是解码后的 URL，而不是编码后的形式", "The URL signed is decoded, not its encoded form"),
		tx("页面用 encodeURIComponent 传 url，服务端先解码一次再签名（框架通常会自动解码查询参数；手工从原始查询串里截取时不会）；签名串里的 url 不做任何编码。",
			"The page sends encodeURIComponent(url): decode it once on the server before signing (frameworks decode query parameters themselves; a value cut from the raw query string is not decoded). Nothing in the sign string is encoded."),
	},
	CheckQueryAsGiven: {
		tx("查询参数原样签名（& 与 %XX 不变，不排序、不增删）", "The query is signed as given (& and %XX unchanged, not sorted, nothing added or dropped)"),
		tx("按页面给的 URL 原样签名：不要解码或重新编码参数，不要把 & 转义成 &amp;，不要排序或用解析后的参数重新拼 URL，也不要去掉 from=singlemessage 之类的分享参数。",
			"Sign the URL exactly as the page gives it: do not decode or re-encode parameters, turn & into &amp;, sort them or rebuild the URL from parsed parameters, and do not drop share parameters such as from=singlemessage."),
	},
	CheckTrailingSlash: {
		tx("带与不带末尾斜杠的页面各按自己的 URL 签名", "Pages with and without a trailing slash are each signed for their own URL"),
		tx("不要规范化路径：/audit 与 /audit/ 是两个 URL，签名的必须是页面给的那一个（服务器、路由与 URL 工具常会补上或去掉 \"/\"，或换成 index.html）。",
			"Do not normalise the path: /audit and /audit/ are two URLs, and the one signed must be the one the page gives (servers, routers and URL helpers often add or drop the \"/\", or swap in index.html)."),
	},
	CheckURLAsGiven: {
		tx("签名的就是收到的 URL（协议、主机、端口、路径）", "The URL signed is the one received (scheme, host, port, path)"),
		tx("对请求里的 url 参数签名：不要用配置里写死的地址，也不要用服务端看到的 Host、端口或协议重新拼 URL（在反向代理后面它们会变）。",
			"Sign the url parameter of the request: not an address from your config, and not one rebuilt from the Host, port or scheme your server sees (behind a reverse proxy they change)."),
	},
	CheckTicketKind: {
		tx("用企业 ticket 签名（wx.config / getConfigSignature）", "Signed with the corp ticket (wx.config / getConfigSignature)"),
		tx("getConfigSignature 用企业 ticket（get_jsapi_ticket）签名，getAgentConfigSignature 用应用 ticket（ticket/get?type=agent_config，用 agentConfig 中 agentid 的 access_token 获取）；用错时企业微信返回 40093（invalid signature）或 42012。",
			"Sign getConfigSignature with the corp ticket (get_jsapi_ticket) and getAgentConfigSignature with the app ticket (ticket/get?type=agent_config, fetched with an access_token of the agentid passed to agentConfig); the wrong one gets 40093 (invalid signature) or 42012."),
	},
	CheckTicketKnown: {
		tx("签名用的是控制台知道的 ticket（同一企业、同一应用）", "The ticket is one the console knows (same corp, same app)"),
		tx("让接口与这个配置使用同一企业、同一应用的 ticket，并共用一份按 expires_in 刷新的缓存。",
			"Have the endpoint use the ticket of this profile's corp and app, from one cache refreshed by expires_in."),
	},
	CheckNoCredentialLeak: {
		tx("返回里没有 ticket、access_token 或 secret", "No ticket, access_token or secret in the answer"),
		tx("只返回 timestamp、nonceStr、signature（以及 corpId / agentId）：ticket、access_token 与 secret 只能留在服务端，泄露后别人可以为你的应用签名或调用接口；立即在管理后台重置泄露的 secret。",
			"Answer only timestamp, nonceStr and signature (and corpId / agentId): the ticket, access_token and secret stay on the server, and once leaked anyone can sign for your app or call its APIs; reset a leaked secret in the admin console now."),
	},
}
