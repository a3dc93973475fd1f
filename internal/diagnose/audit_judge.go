package diagnose

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"wecomdev/internal/jssdk"
)

type judge struct {
	in      AuditInput
	answers []*auditAnswer
	known   []Ticket
	creds   []credential
}

// outcome is one answer's contribution to a check.
type outcome struct {
	status string // pass, fail, warn, skip
	line   Text
}

// cat joins texts, each a Text or a string that reads the same in both languages (a
// quoted value, a code, a URL).
func cat(parts ...any) Text {
	var t Text
	for _, p := range parts {
		switch x := p.(type) {
		case Text:
			t.ZhCN += x.ZhCN
			t.EnUS += x.EnUS
		case string:
			t.ZhCN += x
			t.EnUS += x
		default:
			panic(fmt.Sprintf("cat: %T is neither a Text nor a string", p))
		}
	}
	return t
}

// fold makes a check from per-answer outcomes: any fail fails it, then any warn warns,
// then it passes only when every outcome passed; otherwise it is skipped. No outcomes
// at all is a skip saying why (none).
func fold(outs []outcome, none Text) (string, Text) {
	if len(outs) == 0 {
		return StatusSkip, none
	}
	pick := func(statuses ...string) Text {
		var zh, en []string
		for _, o := range outs {
			if slices.Contains(statuses, o.status) {
				zh, en = append(zh, o.line.ZhCN), append(en, o.line.EnUS)
			}
		}
		return tx(strings.Join(compact(zh), "\n"), strings.Join(compact(en), "\n"))
	}
	switch {
	case pick(StatusFail).EnUS != "":
		return StatusFail, pick(StatusFail)
	case pick(StatusWarn).EnUS != "":
		return StatusWarn, pick(StatusWarn, StatusPass)
	case pick(StatusSkip).EnUS == "":
		return StatusPass, pick(StatusPass)
	}
	return StatusSkip, pick(StatusSkip, StatusPass)
}

// compact merges lines that say the same about several pages: "[slash] x" and
// "[hash] x" become "[slash, hash] x".
func compact(lines []string) []string {
	var order []string
	tags := map[string][]string{}
	for _, l := range lines {
		tag, rest := "", l
		if strings.HasPrefix(l, "[") {
			if i := strings.Index(l, "] "); i > 0 {
				tag, rest = l[1:i], l[i+2:]
			}
		}
		if _, ok := tags[rest]; !ok {
			order = append(order, rest)
		}
		if tag != "" {
			tags[rest] = append(tags[rest], tag)
		}
	}
	out := make([]string, 0, len(order))
	for _, rest := range order {
		if ts := tags[rest]; len(ts) > 0 {
			out = append(out, "["+strings.Join(ts, ", ")+"] "+rest)
		} else {
			out = append(out, rest)
		}
	}
	return out
}

func (a *auditAnswer) tag() string { return "[" + a.page.Case + "] " }

// quote is the call as evidence: "[hash] GET <url> → 200".
func (a *auditAnswer) quote() Text {
	s := a.tag() + "GET " + truncate(a.call.RequestURL, 200) + " → "
	if a.call.Status == 0 {
		return cat(s, tx("没有回答：", "no answer: "), truncate(a.call.Error, 200))
	}
	return cat(s + strconv.Itoa(a.call.Status))
}

// quoteBody is the call and the start of its (masked) body.
func (a *auditAnswer) quoteBody() Text {
	b := strings.TrimSpace(a.call.Body)
	if b == "" {
		return cat(a.quote(), tx("（回答为空）", " (empty body)"))
	}
	return cat(a.quote(), " "+truncate(strings.Join(strings.Fields(b), " "), 160))
}

func (j *judge) usable() []*auditAnswer {
	var out []*auditAnswer
	for _, a := range j.answers {
		if a.problem.EnUS == "" {
			out = append(out, a)
		}
	}
	return out
}

var noJSON = tx("没有一次调用得到 2xx 的 JSON 回答（见 ENDPOINT_REACHABLE）", "no call got a 2xx JSON answer (see ENDPOINT_REACHABLE)")

func (j *judge) check(code string) AuditCheck {
	var status string
	var evidence Text
	fix := auditTexts[code].fix
	switch {
	case code != CheckEndpointReachable && code != CheckNoCredentialLeak && len(j.usable()) == 0:
		status, evidence = StatusSkip, noJSON
	case code == CheckEndpointReachable:
		status, evidence = j.reachable()
	case code == CheckFieldsPresent:
		status, evidence = j.fieldsPresent()
	case code == CheckNonceStrSpelling:
		status, evidence = j.nonceSpelling()
	case code == CheckTimestampSeconds:
		status, evidence = j.timestampSeconds()
	case code == CheckSignatureFormat:
		status, evidence = j.signatureFormat()
	case slices.Contains([]string{CheckHashCut, CheckNoURLEncoding, CheckQueryAsGiven, CheckTrailingSlash, CheckURLAsGiven}, code):
		status, evidence = j.urlCheck(code)
	case code == CheckTicketKind:
		status, evidence = j.ticketKind()
	case code == CheckTicketKnown:
		status, evidence, fix = j.ticketKnown()
	case code == CheckNoCredentialLeak:
		status, evidence = j.noLeak()
	}
	title := auditTexts[code].title
	if code == CheckTicketKind && j.in.Kind == jssdk.KindAgent {
		title = ticketKindAgentTitle
	}
	return AuditCheck{Code: code, Title: title, Pass: status == StatusPass || status == StatusWarn,
		Skipped: status == StatusSkip, Status: status, Evidence: evidence.EnUS, EvidenceZh: evidence.ZhCN, Fix: fix}
}

func (j *judge) reachable() (string, Text) {
	var outs []outcome
	for _, a := range j.answers {
		if a.problem.EnUS != "" {
			outs = append(outs, outcome{StatusFail, cat(a.quoteBody(), tx("：", ": "), a.problem)})
		} else {
			outs = append(outs, outcome{StatusPass, cat(a.quote(), tx("，回答是 JSON 对象", " with a JSON object"))})
		}
	}
	return fold(outs, tx("没有发出任何调用", "no call was made"))
}

func (j *judge) fieldsPresent() (string, Text) {
	var outs []outcome
	for _, a := range j.usable() {
		if len(a.f.missing) > 0 {
			line := cat(a.quoteBody(), tx("：缺少 ", ": no "), missingText(a.f.missing))
			if keys := sortedKeys(a.root); len(keys) > 0 {
				line = cat(line, tx("；它的字段是 ", "; its fields are "), strings.Join(truncList(keys, 10), ", "))
			}
			outs = append(outs, outcome{StatusFail, line})
			continue
		}
		line := cat(a.tag(), tx("有 ", "has "), strings.Join([]string{j.in.TimestampField, j.in.NonceField, j.in.SignatureField}, ", "))
		if a.f.nonceKey != lastSegment(j.in.NonceField) {
			q := strconv.Quote(a.f.nonceKey)
			line = cat(line, tx("（nonce 的字段名是 "+q+"，见 NONCESTR_SPELLING）", " (the nonce as "+q+", see NONCESTR_SPELLING)"))
		}
		outs = append(outs, outcome{StatusPass, line})
	}
	return fold(outs, noJSON)
}

func truncList(xs []string, n int) []string {
	if len(xs) <= n {
		return xs
	}
	return append(slices.Clone(xs[:n]), "… (+"+strconv.Itoa(len(xs)-n)+")")
}

func (j *judge) nonceSpelling() (string, Text) {
	custom := lastSegment(j.in.NonceField) != DefaultNonceField
	var outs []outcome
	for _, a := range j.usable() {
		if !a.f.hasNonce {
			outs = append(outs, outcome{StatusSkip, cat(a.tag(), tx("没有 nonce 字段（见 FIELDS_PRESENT）", "no nonce field (see FIELDS_PRESENT)"))})
			continue
		}
		k := `"` + a.f.nonceKey + `"`
		switch {
		case isNonceMisspelling(a.f.nonceKey) && !custom:
			outs = append(outs, outcome{StatusFail, cat(a.quoteBody(), tx("：nonce 的字段名是 "+k+"，不是 \"nonceStr\"；ww.register 读 nonceStr，得到 undefined",
				": the nonce is "+k+`, not "nonceStr"; ww.register reads nonceStr and gets undefined`))})
		case isNonceMisspelling(a.f.nonceKey):
			outs = append(outs, outcome{StatusFail, cat(a.tag(), tx("nonce 的字段名是 "+k+"（按配置），不是 \"nonceStr\"：除非页面改名，ww.register 会得到 undefined",
				"the nonce is "+k+` (as configured), not "nonceStr": unless the page renames it, ww.register gets undefined`))})
		case custom:
			f := strconv.Quote(j.in.NonceField)
			outs = append(outs, outcome{StatusSkip, cat(a.tag(), tx("按配置从 "+f+" 读取 nonce；审计看不到页面如何给它改名（ww.register 需要 nonceStr）",
				"the nonce is read from "+f+" as configured; the audit cannot see how the page renames it (ww.register needs nonceStr)"))})
		default:
			outs = append(outs, outcome{StatusPass, cat(a.tag() + `"nonceStr": ` + strconv.Quote(a.call.NonceStr))})
		}
	}
	return fold(outs, noJSON)
}

func (j *judge) timestampSeconds() (string, Text) {
	var outs []outcome
	for _, a := range j.usable() {
		if !a.f.hasTS {
			outs = append(outs, outcome{StatusSkip, cat(a.tag(), tx("没有 timestamp 字段（见 FIELDS_PRESENT）", "no timestamp field (see FIELDS_PRESENT)"))})
			continue
		}
		ts, shown := a.f.ts, a.tag()+strconv.Quote(j.in.TimestampField)+": "+a.call.Timestamp
		if !a.f.tsNumber {
			shown = a.tag() + strconv.Quote(j.in.TimestampField) + ": " + strconv.Quote(a.call.Timestamp)
		}
		switch {
		case allDigits(ts) && len(ts) >= 12:
			n := strconv.Itoa(len(ts))
			outs = append(outs, outcome{StatusFail, cat(shown, tx(" 是毫秒（"+n+" 位，Date.now()）；企业微信要的是秒（10 位）", " is milliseconds ("+n+" digits, Date.now()); WeCom wants seconds (10 digits)"))})
		case ts == "" || !allDigits(ts) || len(ts) != 10:
			outs = append(outs, outcome{StatusFail, cat(shown, tx(" 不是 Unix 秒（10 位）", " is not Unix seconds (10 digits)"))})
		case a.f.tsNumber:
			outs = append(outs, outcome{StatusWarn, cat(shown, tx(" 是 JSON 数字：可以用，但字符串能原样保留签名时的文本", " is a JSON number: it works, but a string keeps exactly the text that was signed"))})
		default:
			outs = append(outs, outcome{StatusPass, cat(shown)})
		}
	}
	return fold(outs, noJSON)
}

func (j *judge) signatureFormat() (string, Text) {
	var outs []outcome
	for _, a := range j.usable() {
		if !a.f.hasSig {
			outs = append(outs, outcome{StatusSkip, cat(a.tag(), tx("没有 signature 字段（见 FIELDS_PRESENT）", "no signature field (see FIELDS_PRESENT)"))})
			continue
		}
		s := a.f.sig
		shown := a.tag() + strconv.Quote(truncate(a.call.Signature, 80))
		switch {
		case len(s) == 40 && allHex(s) && strings.ToLower(s) == s:
			outs = append(outs, outcome{StatusPass, cat(shown)})
		case len(s) == 40 && allHex(s):
			outs = append(outs, outcome{StatusFail, cat(shown, tx(" 是大写的；企业微信比较的是小写十六进制", " is in upper case; WeCom compares the lowercase hex"))})
		case len(s) == 64 && allHex(s):
			outs = append(outs, outcome{StatusFail, cat(shown, tx(" 有 64 个十六进制字符：是 SHA-256，不是 SHA-1", " has 64 hex characters: SHA-256, not SHA-1"))})
		case len(s) == 32 && allHex(s):
			outs = append(outs, outcome{StatusFail, cat(shown, tx(" 有 32 个十六进制字符：是 MD5，不是 SHA-1", " has 32 hex characters: MD5, not SHA-1"))})
		default:
			outs = append(outs, outcome{StatusFail, cat(shown, tx(" 不是 40 个小写十六进制字符（SHA-1）", " is not 40 lowercase hexadecimal characters (a SHA-1)"))})
		}
	}
	return fold(outs, noJSON)
}

// urlCases are the test pages each URL check looks at.
var urlCases = map[string][]string{
	CheckHashCut:       {AuditCaseHash},
	CheckNoURLEncoding: {AuditCaseSlash, AuditCaseNoSlash, AuditCaseHash, AuditCaseShare},
	CheckQueryAsGiven:  {AuditCaseHash, AuditCaseShare},
	CheckTrailingSlash: {AuditCaseSlash, AuditCaseNoSlash},
	CheckURLAsGiven:    {AuditCaseSlash, AuditCaseNoSlash, AuditCaseHash, AuditCaseShare},
}

// variantCheck is the check a URL_VARIANT verdict fails. Each variant differs from the
// page URL in one way only, so every other URL check holds for that answer.
func variantCheck(v Verdict) string {
	switch v.VariantCode {
	case CodeHashIncluded:
		return CheckHashCut
	case CodeQueryEncoding:
		if isWholeEncoded(v.URL) {
			return CheckNoURLEncoding
		}
		return CheckQueryAsGiven
	case CodeHTMLEscaped, CodeQueryOrder, CodeQueryExtra, CodeQueryMissing, CodeOAuthParams:
		return CheckQueryAsGiven
	case CodeTrailingSlash, CodeIndexFile:
		return CheckTrailingSlash
	}
	return CheckURLAsGiven // SCHEME, PORT, HOST, HOST_CASE, PATH, WHITESPACE, OTHER
}

// matched: a known ticket gave the answer's signature over some URL.
func matched(v *Verdict) bool {
	return v != nil && v.Code != VerdictUnknownTicket && v.Code != ""
}

// anyMatched: some answer's ticket is known, so an unmatched answer means another URL.
func (j *judge) anyMatched() bool {
	return slices.ContainsFunc(j.answers, func(a *auditAnswer) bool { return matched(a.verdict) })
}

func (j *judge) urlCheck(code string) (string, Text) {
	var outs []outcome
	known := j.anyMatched()
	for _, a := range j.answers {
		if !slices.Contains(urlCases[code], a.page.Case) {
			continue
		}
		cut := jssdk.CutHash(a.page.URL)
		v := a.verdict
		switch {
		case v == nil:
			outs = append(outs, outcome{StatusSkip, cat(a.tag(), tx("未检查：", "not examined: "), a.noVerd)})
		case v.Code == VerdictUnknownTicket && known && code == CheckURLAsGiven:
			c, n := strconv.Quote(cut), strconv.Itoa(v.Tried)
			outs = append(outs, outcome{StatusFail, cat(a.quote(), tx("：已知的 ticket 在 "+c+" 及其常见变体的 "+n+" 个（URL, ticket）组合上都得不到它的签名，而其他页面的回答能对上：接口为这个页面签了别的 URL（或回答的 timestamp / nonceStr 不是签名时用的）",
				": no known ticket gives its signature over "+c+" or "+n+" (URL, ticket) pairs of its usual variants, while answers for other pages match: the endpoint signed some other URL for this page (or answered a timestamp / nonceStr other than the ones signed)"))})
		case v.Code == VerdictUnknownTicket && known:
			outs = append(outs, outcome{StatusSkip, cat(a.tag(), tx("找不到为这个页面签名的内容（见 URL_AS_GIVEN）", "what was signed for this page could not be found (see URL_AS_GIVEN)"))})
		case v.Code == VerdictUnknownTicket:
			outs = append(outs, outcome{StatusSkip, cat(a.tag(), tx("签名与控制台已知的任何 ticket 都对不上（见 TICKET_KNOWN）", "the signature matches no ticket the console knows (see TICKET_KNOWN)"))})
		case v.Code == VerdictURLVariant && variantCheck(*v) == code:
			signed, c := strconv.Quote(truncate(v.URL, 120))+" ("+v.VariantCode+")", strconv.Quote(cut)
			outs = append(outs, outcome{StatusFail, cat(a.quote(), tx("：签名的是 "+signed+"，而不是 "+c, ": signed "+signed+" instead of "+c))})
		case v.Code == VerdictURLVariant && variantCheck(*v) == CheckNoURLEncoding:
			outs = append(outs, outcome{StatusSkip, cat(a.tag(), tx("签名的是编码后的 URL（见 NO_URL_ENCODING）", "signed the encoded URL (see NO_URL_ENCODING)"))})
		case v.Code == VerdictURLVariant:
			outs = append(outs, outcome{StatusPass, cat(a.tag(), tx("除 "+v.VariantCode+" 外与给定的一致（见 "+variantCheck(*v)+"）", "as given apart from "+v.VariantCode+" (see "+variantCheck(*v)+")"))})
		default:
			c := strconv.Quote(cut)
			line := cat(a.tag(), tx("对 "+c+" 校验通过", "verifies for "+c))
			if cut != a.page.URL {
				line = cat(line, tx("（页面 URL 去掉 #… 之后）", " (the page URL without its #…)"))
			}
			outs = append(outs, outcome{StatusPass, line})
		}
	}
	return fold(outs, tx("这项检查没有测试页", "no test page for this check"))
}

func (j *judge) ticketKind() (string, Text) {
	var outs []outcome
	want := j.in.Kind
	for _, a := range j.answers {
		v := a.verdict
		if !matched(v) {
			continue
		}
		who := ticketName(v.Kind, v.TicketCurrent, v.TicketMasked)
		if v.Kind == want {
			outs = append(outs, outcome{StatusPass, cat(a.tag(), tx("签名用的是", "signed with "), who)})
			continue
		}
		outs = append(outs, outcome{StatusFail, cat(a.quote(), tx("：签名用的是", ": signed with "), who)})
	}
	status, evidence := fold(outs, tx("没有签名与控制台已知的 ticket 对上（见 TICKET_KNOWN）", "no signature matched a ticket the console knows (see TICKET_KNOWN)"))
	if status == StatusFail {
		need, needZh := "the corp ticket (get_jsapi_ticket)", "企业 ticket（get_jsapi_ticket）"
		if want == jssdk.KindAgent {
			need, needZh = "the app ticket (ticket/get?type=agent_config)", "应用 ticket（ticket/get?type=agent_config）"
		}
		evidence = cat(tx("WRONG_TICKET_KIND："+callName(want)+" 需要"+needZh+"；企业微信会回答 40093（invalid signature）或 42012（ticket no available）\n",
			"WRONG_TICKET_KIND: "+callName(want)+" needs "+need+"; WeCom answers 40093 (invalid signature) or 42012 (ticket no available)\n"), evidence)
	}
	return status, evidence
}

func (j *judge) ticketKnown() (string, Text, Text) {
	fix := auditTexts[CheckTicketKnown].fix
	var outs []outcome
	unknown := 0
	now := time.Now()
	for _, a := range j.answers {
		v := a.verdict
		switch {
		case v == nil:
			continue
		case v.Code == VerdictUnknownTicket:
			unknown++
		case !v.TicketCurrent && v.TicketExpiresAt > 0 && now.UnixMilli() >= v.TicketExpiresAt:
			fix = staleFix
			at := time.UnixMilli(v.TicketExpiresAt).Format(time.RFC3339)
			outs = append(outs, outcome{StatusFail, cat(a.quote(), tx("：STALE_TICKET：签名用的是", ": STALE_TICKET: signed with "), ticketName(v.Kind, false, v.TicketMasked),
				tx("，它已于 "+at+" 过期；企业微信会拒绝", ", which expired at "+at+"; WeCom refuses it"))})
		case !v.TicketCurrent:
			fix = staleFix
			outs = append(outs, outcome{StatusWarn, cat(a.tag(), tx("STALE_TICKET：签名用的是", "STALE_TICKET: signed with "), ticketName(v.Kind, false, v.TicketMasked),
				tx("：仍然有效，但控制台已有更新的；接口有它自己的缓存", ": still valid, but the console has a newer one; the endpoint keeps its own cache"))})
		default:
			outs = append(outs, outcome{StatusPass, cat(a.tag(), tx("签名用的是", "signed with "), ticketName(v.Kind, true, v.TicketMasked))})
		}
	}
	if len(outs) == 0 {
		if unknown == 0 {
			return StatusSkip, tx("没有可检查的签名（见 ENDPOINT_REACHABLE 与 FIELDS_PRESENT）", "no signature to examine (see ENDPOINT_REACHABLE and FIELDS_PRESENT)"), fix
		}
		corp, agent := 0, 0
		for _, t := range rankTickets(j.known, "") {
			if t.Kind == jssdk.KindAgent {
				agent++
			} else {
				corp++
			}
		}
		if corp+agent == 0 {
			return StatusSkip, tx("UNKNOWN_TICKET：控制台还没有见过这个配置的任何 ticket，无法比对；先获取 ticket（「凭证」，或 wecomdev tickets NAME）再审计一次",
				"UNKNOWN_TICKET: the console has not seen any ticket of this profile yet, so there is nothing to compare with; fetch the tickets (Tickets, or wecomdev tickets NAME) and audit again"), unknownFix
		}
		return StatusSkip, tx(fmt.Sprintf("UNKNOWN_TICKET：控制台见过的 %d 个企业 ticket、%d 个应用 ticket，在测试页及其常见变体上都得不到这 %d 个签名。"+
			"接口用的是另一个应用或企业的 ticket（对照这个配置核对它的 corpId / agentId / secret），或者它自己获取并缓存了 ticket；"+
			"无法据此判断 URL 各项检查。", corp, agent, unknown),
			fmt.Sprintf("UNKNOWN_TICKET: none of the %d corp and %d app tickets the console has seen gives these %d signatures, over the test pages or their usual variants. "+
				"The endpoint signs with another app's or corp's ticket (check its corpId / agentId / secret against this profile), or fetches and caches a ticket of its own; "+
				"the URL checks cannot be judged against it.", corp, agent, unknown)), unknownFix
	}
	status, evidence := fold(outs, Text{})
	if unknown > 0 {
		evidence = cat(evidence, tx(fmt.Sprintf("\n另有 %d 个回答与已知的 ticket 都对不上（见 URL_AS_GIVEN）", unknown),
			fmt.Sprintf("\n%d other answer(s) matched no known ticket (see URL_AS_GIVEN)", unknown)))
	}
	return status, evidence, fix
}

func (j *judge) noLeak() (string, Text) {
	var outs []outcome
	for _, a := range j.answers {
		if a.header == nil && a.raw == "" {
			continue
		}
		var zh, en []string
		found := func(t Text) { zh, en = append(zh, t.ZhCN), append(en, t.EnUS) }
		for _, c := range j.creds {
			if len(c.value) < minLeak {
				continue
			}
			if strings.Contains(a.raw, c.value) {
				found(cat(tx("回答正文含有", "the body contains "), c.name))
			}
			for _, h := range sortedHeaderNames(a.header) {
				if slices.ContainsFunc(a.header[h], func(v string) bool { return strings.Contains(v, c.value) }) {
					found(cat(tx("响应头 "+h+" 含有", "the header "+h+" contains "), c.name))
				}
			}
		}
		if a.root != nil {
			var keys []string
			credentialFields(a.root, "", &keys)
			for _, k := range keys {
				found(tx("有一个字段名为 "+strconv.Quote(k), "a field is named "+strconv.Quote(k)))
			}
		}
		if len(en) > 0 {
			outs = append(outs, outcome{StatusFail, cat(a.quote(), tx("："+strings.Join(zh, "；"), ": "+strings.Join(en, "; ")))})
		} else {
			outs = append(outs, outcome{StatusPass, cat(a.tag(), tx("没有 ticket、token 或 secret", "no ticket, token or secret"))})
		}
	}
	return fold(outs, tx("没有收到回答（见 ENDPOINT_REACHABLE）", "no answer came (see ENDPOINT_REACHABLE)"))
}

func sortedHeaderNames(h http.Header) []string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}
