package diagnose

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"wecomdev/internal/jssdk"
	"wecomdev/internal/redact"
	"wecomdev/internal/tickets"
	"wecomdev/internal/wecom"
)

// Verdict codes of Forensics.
const (
	// VerdictOK: the current ticket of the failed kind over the page URL gives the
	// signature. If WeCom still refuses it, the cause is elsewhere (the Explanation says where).
	VerdictOK = "OK"
	// VerdictWrongTicketKind: the other kind's ticket made it (agentConfig signed with
	// the corp ticket, or config with the app ticket): the 40093 / 42012 classic.
	VerdictWrongTicketKind = "WRONG_TICKET_KIND"
	// VerdictStaleTicket: an earlier (replaced or expired) ticket of the right kind made it.
	VerdictStaleTicket = "STALE_TICKET"
	// VerdictURLVariant: a known ticket made it over another URL (see VariantCode).
	VerdictURLVariant = "URL_VARIANT"
	// VerdictUnknownTicket: no ticket the console has seen, over no URL it tried.
	VerdictUnknownTicket = "UNKNOWN_TICKET"
)

// Ticket is a JS-SDK ticket the console has seen. Value is the secret itself: it never
// leaves the package in clear (it is not even serialised).
type Ticket struct {
	Kind      jssdk.Kind `json:"kind"`
	Value     string     `json:"-"`
	Current   bool       `json:"current"` // the one in use now; false for replaced or expired ones
	FetchedAt time.Time  `json:"fetchedAt"`
	ExpiresAt time.Time  `json:"expiresAt"`
}

// TicketsFrom turns tickets.Manager.History (the current ticket first, then earlier ones,
// newest first) into Tickets. The first is Current unless it has expired at now.
func TicketsFrom(kind jssdk.Kind, history []tickets.Cred, now time.Time) []Ticket {
	out := make([]Ticket, 0, len(history))
	for i, c := range history {
		if c.Value == "" {
			continue
		}
		out = append(out, Ticket{
			Kind: kind, Value: c.Value, FetchedAt: c.FetchedAt, ExpiresAt: c.ExpiresAt,
			Current: i == 0 && (c.ExpiresAt.IsZero() || now.Before(c.ExpiresAt)),
		})
	}
	return out
}

// ForensicsInput is what a page was given, and which call failed.
type ForensicsInput struct {
	PageURL   string     `json:"pageUrl"` // location.href; the hash is cut, surrounding whitespace ignored
	Signature string     `json:"signature"`
	Timestamp string     `json:"timestamp"`
	NonceStr  string     `json:"nonceStr"`
	Failed    jssdk.Kind `json:"failed"` // corp (wx.config), agent (wx.agentConfig), "" unknown
}

// Verdict says what produced a signature. No field ever holds a ticket in clear.
type Verdict struct {
	Code        string     `json:"code"` // one of the Verdict… constants
	Explanation Text       `json:"explanation"`
	Fix         Text       `json:"fix"`
	Kind        jssdk.Kind `json:"kind"` // the kind of the ticket that matched; "" when none did
	// TicketMasked, TicketCurrent, TicketFetchedAt and TicketExpiresAt (unix ms, 0 when
	// unknown) describe the ticket that matched.
	TicketMasked    string `json:"ticketMasked"`
	TicketCurrent   bool   `json:"ticketCurrent"`
	TicketFetchedAt int64  `json:"ticketFetchedAt"`
	TicketExpiresAt int64  `json:"ticketExpiresAt"`
	// TicketIssue is WRONG_TICKET_KIND or STALE_TICKET when a URL_VARIANT match also used
	// the wrong or an earlier ticket; "" otherwise.
	TicketIssue string `json:"ticketIssue"`
	URL         string `json:"url"`         // the URL that matched ("" when none did)
	VariantCode string `json:"variantCode"` // the finding code of that URL, for URL_VARIANT
	// SignStringMasked is the sign string that gives the signature, ticket masked.
	SignStringMasked string `json:"signStringMasked"`
	// ExpectedSignature and ExpectedSignStringMasked are what the console's current
	// ticket of the failed kind (corp when unknown) gives over the page URL: what the
	// page should have been given. Empty when the console has no such ticket, or for OK.
	ExpectedSignature        string `json:"expectedSignature"`
	ExpectedSignStringMasked string `json:"expectedSignStringMasked"`
	// Findings are Diagnose(URL, page) for URL_VARIANT; empty otherwise. Never nil.
	Findings []Finding `json:"findings"`
	// Warnings are jssdk.Check's about the inputs (milliseconds for seconds, …), without
	// URL_HAS_HASH (the page's hash is expected). Never nil.
	Warnings []jssdk.Warning `json:"warnings"`
	Tried    int             `json:"tried"` // (URL, ticket) pairs hashed
}

// ErrInvalidInput is what every Forensics input error matches with errors.Is.
var ErrInvalidInput = errors.New("invalid forensics input")

// InputError says which input is unusable and why (lower-case, English; the UI
// translates by Field).
type InputError struct {
	Field  string // pageUrl, signature, timestamp, nonceStr, failed
	Reason string
}

func (e *InputError) Error() string { return "diagnose: " + e.Field + ": " + e.Reason }

// Is makes errors.Is(err, ErrInvalidInput) true.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

// validate checks the input and returns it cleaned (whitespace trimmed, the signature
// lower-cased).
func validate(in ForensicsInput) (ForensicsInput, error) {
	_, in.PageURL, _ = splitSpace(in.PageURL)
	in.Signature = strings.ToLower(strings.TrimSpace(in.Signature))
	in.Timestamp = strings.TrimSpace(in.Timestamp)
	in.NonceStr = strings.TrimSpace(in.NonceStr)
	switch {
	case in.PageURL == "":
		return in, &InputError{"pageUrl", "the page URL is empty"}
	case len(in.Signature) != 40 || !allHex(in.Signature):
		return in, &InputError{"signature", "want 40 hexadecimal characters (a SHA-1), got " + strconv.Quote(truncate(in.Signature, 50))}
	case in.Timestamp == "" || !allDigits(in.Timestamp):
		return in, &InputError{"timestamp", "want Unix seconds (digits only), got " + strconv.Quote(truncate(in.Timestamp, 30))}
	case in.NonceStr == "":
		return in, &InputError{"nonceStr", "the nonceStr is empty"}
	case in.Failed != "" && in.Failed != jssdk.KindCorp && in.Failed != jssdk.KindAgent:
		return in, &InputError{"failed", "want corp, agent or empty, got " + strconv.Quote(truncate(string(in.Failed), 30))}
	}
	return in, nil
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if _, ok := unhex(s[i]); !ok {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// rankTickets orders the tickets for the search and drops repeated values: the failed
// kind first (when known), current before earlier ones, newest first. A value seen twice
// (WeCom can answer an early refresh with the current ticket) keeps its best rank.
func rankTickets(known []Ticket, failed jssdk.Kind) []Ticket {
	ts := make([]Ticket, 0, len(known))
	for _, t := range known {
		if t.Value != "" {
			ts = append(ts, t)
		}
	}
	rank := func(t Ticket) int {
		r := 0
		if failed != "" && t.Kind != failed {
			r += 2
		}
		if !t.Current {
			r++
		}
		return r
	}
	slices.SortStableFunc(ts, func(a, b Ticket) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		if c := strings.Compare(string(a.Kind), string(b.Kind)); c != 0 {
			return c
		}
		return b.FetchedAt.Compare(a.FetchedAt)
	})
	seen := map[string]bool{}
	out := ts[:0]
	for _, t := range ts {
		if !seen[t.Value] {
			seen[t.Value] = true
			out = append(out, t)
		}
	}
	return out
}

// Forensics finds what produced a signature: it signs the page URL (hash cut), then each
// of Variants(page), with every known ticket, in rankTickets' order, and stops at the
// first match. An error only for unusable input (see InputError).
// The places its texts name ({tool:ID}) are the window's areas (wecom.AreaName);
// ForensicsAt names them otherwise (the CLI: the commands).
func Forensics(in ForensicsInput, known []Ticket) (Verdict, error) {
	return ForensicsAt(in, known, wecom.AreaName)
}

// ForensicsAt is Forensics with the places its explanation and fix name put by name.
func ForensicsAt(in ForensicsInput, known []Ticket, name wecom.Namer) (Verdict, error) {
	v, err := forensics(in, known, nil)
	v.Explanation, v.Fix = v.Explanation.At(name), v.Fix.At(name)
	return v, err
}

// forensics is Forensics with extra candidate URLs, tried after Variants(page): the
// endpoint audit adds the encoded form of the page URL it sent.
func forensics(in ForensicsInput, known []Ticket, extra []Variant) (Verdict, error) {
	in, err := validate(in)
	if err != nil {
		return Verdict{}, err
	}
	ts := rankTickets(known, in.Failed)
	page := jssdk.CutHash(in.PageURL)
	v := Verdict{Findings: []Finding{}, Warnings: inputWarnings(in)}

	match := func(url string) (Ticket, bool) {
		for _, t := range ts {
			v.Tried++
			if jssdk.Signature(t.Value, in.NonceStr, in.Timestamp, url) == in.Signature {
				return t, true
			}
		}
		return Ticket{}, false
	}
	t, ok := match(page)
	var variant Variant
	var variants []Variant
	if !ok {
		variants = append(Variants(in.PageURL), extra...)
		for _, vr := range variants {
			if t, ok = match(vr.URL); ok {
				variant = vr
				break
			}
		}
	}
	expected, hasExpected := currentOf(ts, in.Failed)
	switch {
	case !ok:
		v.Code = VerdictUnknownTicket
		v.Explanation, v.Fix = unknownText(ts, len(variants))
	case variant.Code != "":
		v.Code = VerdictURLVariant
		v.URL, v.VariantCode = variant.URL, variant.Code
		v.Findings = Diagnose(variant.URL, in.PageURL).Findings
		v.TicketIssue = ticketIssue(t, in.Failed)
		v.Explanation, v.Fix = variantText(in, t, variant, v.Findings, v.TicketIssue)
	default:
		v.URL = page
		v.Code = ticketIssue(t, in.Failed)
		switch v.Code {
		case VerdictWrongTicketKind:
			v.Explanation, v.Fix = wrongKindText(t, in.Failed)
		case VerdictStaleTicket:
			v.Explanation, v.Fix = staleText(t)
		default:
			v.Code = VerdictOK
			v.Explanation, v.Fix = okText(t, in.Failed)
		}
	}
	if ok {
		v.Kind = t.Kind
		v.TicketMasked = redact.Mask(t.Value)
		v.TicketCurrent = t.Current
		v.TicketFetchedAt, v.TicketExpiresAt = unixMilli(t.FetchedAt), unixMilli(t.ExpiresAt)
		v.SignStringMasked = jssdk.SignString(redact.Mask(t.Value), in.NonceStr, in.Timestamp, v.URL)
	}
	if hasExpected && v.Code != VerdictOK {
		v.ExpectedSignature = jssdk.Signature(expected.Value, in.NonceStr, in.Timestamp, page)
		v.ExpectedSignStringMasked = jssdk.SignString(redact.Mask(expected.Value), in.NonceStr, in.Timestamp, page)
	}
	scrubVerdict(&v, ts)
	return v, nil
}

// ticketIssue classifies the ticket that matched: WRONG_TICKET_KIND, STALE_TICKET or "".
func ticketIssue(t Ticket, failed jssdk.Kind) string {
	switch {
	case failed != "" && t.Kind != failed:
		return VerdictWrongTicketKind
	case !t.Current:
		return VerdictStaleTicket
	}
	return ""
}

// currentOf returns the current ticket of a kind (corp when the kind is unknown).
func currentOf(ts []Ticket, kind jssdk.Kind) (Ticket, bool) {
	if kind == "" {
		kind = jssdk.KindCorp
	}
	for _, t := range ts {
		if t.Kind == kind && t.Current {
			return t, true
		}
	}
	return Ticket{}, false
}

func inputWarnings(in ForensicsInput) []jssdk.Warning {
	out := []jssdk.Warning{}
	for _, w := range jssdk.Check(in.NonceStr, in.Timestamp, in.PageURL) {
		if w.Code != jssdk.CodeURLHasHash {
			out = append(out, w)
		}
	}
	return out
}

func unixMilli(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// scrubVerdict masks any known ticket that reached an output field through the inputs
// (a ticket pasted into the page URL, say).
func scrubVerdict(v *Verdict, ts []Ticket) {
	for _, t := range ts {
		if len(t.Value) < 8 {
			continue // Mask shows nothing of it, and so short a value would mask ordinary text
		}
		m := redact.Mask(t.Value)
		fix := func(s *string) {
			for strings.Contains(*s, t.Value) {
				*s = strings.ReplaceAll(*s, t.Value, m)
			}
		}
		fixText := func(x *Text) { fix(&x.ZhCN); fix(&x.EnUS) }
		fix(&v.URL)
		fix(&v.SignStringMasked)
		fix(&v.ExpectedSignStringMasked)
		fixText(&v.Explanation)
		fixText(&v.Fix)
		for i := range v.Findings {
			f := &v.Findings[i]
			fix(&f.Signed)
			fix(&f.Page)
			fixText(&f.Message)
			fixText(&f.Fix)
		}
		for i := range v.Warnings {
			fix(&v.Warnings[i].Detail)
			fix(&v.Warnings[i].DetailZh)
		}
	}
}

// ---- texts ----

// kindText names a ticket kind and the call it signs (zh, en).
func kindText(k jssdk.Kind) (string, string) {
	if k == jssdk.KindAgent {
		return "应用 ticket（ticket/get?type=agent_config，用于 wx.agentConfig / getAgentConfigSignature）",
			"the app ticket (ticket/get?type=agent_config, for wx.agentConfig / getAgentConfigSignature)"
	}
	return "企业 ticket（get_jsapi_ticket，用于 wx.config / getConfigSignature）",
		"the corp ticket (get_jsapi_ticket, for wx.config / getConfigSignature)"
}

func callName(k jssdk.Kind) string {
	if k == jssdk.KindAgent {
		return "wx.agentConfig"
	}
	return "wx.config"
}

func when(t time.Time) string {
	if t.IsZero() {
		return "?"
	}
	return t.Format("2006-01-02 15:04:05 MST")
}

// ticketDesc names the ticket that matched, masked, with what it is for (zh, en).
func ticketDesc(t Ticket) (string, string) {
	name, nameEN, use, useEN := "企业 ticket", "corp ticket", "get_jsapi_ticket，用于 wx.config", "get_jsapi_ticket, for wx.config"
	if t.Kind == jssdk.KindAgent {
		name, nameEN, use, useEN = "应用 ticket", "app ticket", "agent_config，用于 wx.agentConfig", "agent_config, for wx.agentConfig"
	}
	m := q(redact.Mask(t.Value))
	if t.Current {
		return "当前的" + name + " " + m + "（" + use + "）", "the current " + nameEN + " " + m + " (" + useEN + ")"
	}
	return "之前的" + name + " " + m + "（" + use + "；获取于 " + when(t.FetchedAt) + "，到期于 " + when(t.ExpiresAt) + "）",
		"an earlier " + nameEN + " " + m + " (" + useEN + "; fetched " + when(t.FetchedAt) + ", expiring " + when(t.ExpiresAt) + ")"
}

// checkRestZH / EN: what else makes WeCom refuse a right signature. The landing-URL rule is
// WeChat's only: inside WeCom @wecom/jssdk signs the current URL on every platform (2.4.4
// dist/wecom.js ConfigTask; WeCom doc 90547; docs/wecom-facts.md).
var checkRestZH = "如果企业微信仍然拒绝：页面域名不是应用的可信域名（那时报 invalid url domain）；传给 config 的 corpId / agentId 与获取 ticket 的不是同一个企业 / 应用；传给 config 的 nonceStr（S 大写）/ timestamp 与签名用的不一致；ticket 已被企业微信提前作废（在{tool:tickets}里刷新）；用户不在应用的可见范围内；或单页应用换页后没有对新的 URL 重新签名（企业微信在各平台都校验当前 URL；只有在微信里才校验落地页 URL）。"
var checkRestEN = "If WeCom still refuses it: the page's domain is not one of the app's trusted domains (then it says invalid url domain); the corpId / agentId passed to config is not the corp / app the ticket came from; the nonceStr (capital S) / timestamp passed to config are not the ones signed; WeCom invalidated the ticket early (refresh it in {tool:tickets}); the user is outside the app's visible range; or a single-page app did not sign its new URL after a route change (WeCom verifies the current URL on every platform; only in WeChat is a page verified against its landing URL)."

func okText(t Ticket, failed jssdk.Kind) (Text, Text) {
	zh, en := ticketDesc(t)
	if failed == "" {
		other := jssdk.KindAgent
		if t.Kind == jssdk.KindAgent {
			other = jssdk.KindCorp
		}
		return tx("签名由"+zh+"对页面 URL 生成：对 "+callName(t.Kind)+" 是正确的，对 "+callName(other)+" 则是用错了 ticket。"+checkRestZH,
				"The signature was made with "+en+" over the page URL: right for "+callName(t.Kind)+", the wrong ticket for "+callName(other)+". "+checkRestEN),
			tx("如果失败的是 "+callName(other)+"，请用对应的 ticket 重新签名；否则逐项检查上面列出的其他原因。",
				"If the call that failed is "+callName(other)+", sign it with its own ticket; otherwise check the other causes listed above.")
	}
	return tx("签名是正确的：由"+zh+"对页面 URL 生成。"+checkRestZH,
			"The signature is right: it was made with "+en+" over the page URL. "+checkRestEN),
		tx("在{tool:profiles/trusted-domains}核对可信域名，在{tool:profiles}核对 corpId 与 agentId；在{tool:tickets}刷新 ticket 后再试。",
			"Check the trusted domains in {tool:profiles/trusted-domains} and the corpId and agentId in {tool:profiles}; refresh the ticket in {tool:tickets} and try again.")
}

func wrongKindText(t Ticket, failed jssdk.Kind) (Text, Text) {
	zh, en := ticketDesc(t)
	wzh, wen := kindText(failed)
	return tx(callName(failed)+" 失败了，而它的签名是用"+zh+"生成的；"+callName(failed)+" 需要"+wzh+"。这就是经典的 40093（invalid signature）/ 42012（ticket no available）。",
			callName(failed)+" failed, and its signature was made with "+en+"; "+callName(failed)+" needs "+wen+". This is the classic 40093 (invalid signature) / 42012 (ticket no available)."),
		tx("getConfigSignature 用企业 ticket 签名，getAgentConfigSignature 用应用 ticket 签名（获取它的 access_token 必须属于 agentConfig 中的 agentid）。",
			"Sign getConfigSignature with the corp ticket and getAgentConfigSignature with the app ticket (fetched with an access_token of the agentid passed to agentConfig).")
}

func staleText(t Ticket) (Text, Text) {
	zh, en := ticketDesc(t)
	return tx("签名是用"+zh+"生成的，而不是当前的 ticket：后端缓存 ticket 的时间超过了它的有效期，或者没有与控制台共用缓存、仍在用旧值。",
			"The signature was made with "+en+", not the current ticket: the backend keeps its ticket longer than it lives, or does not share the console's cache and still uses an old value."),
		tx("按接口返回的 expires_in 缓存 ticket（提前几分钟刷新），所有服务器共用一份缓存；企业微信拒绝时强制刷新一次。",
			"Cache the ticket for the expires_in WeCom returns (refresh a few minutes early), share one cache between all servers, and force one refresh when WeCom refuses it.")
}

func variantText(in ForensicsInput, t Ticket, vr Variant, fs []Finding, issue string) (Text, Text) {
	zh, en := ticketDesc(t)
	msg := tx("签名对应的不是页面 URL，而是 "+q(vr.URL)+"（"+vr.Code+"），用的是"+zh+"。",
		"The signature is not over the page URL but over "+q(vr.URL)+" ("+vr.Code+"), made with "+en+".")
	fix := tx("对页面的 location.href.split('#')[0] 原样签名。", "Sign the page's location.href.split('#')[0] exactly as it is.")
	for _, f := range fs {
		if f.Code == vr.Code {
			msg.ZhCN += f.Message.ZhCN
			msg.EnUS += " " + f.Message.EnUS
			fix = f.Fix
			break
		}
	}
	switch issue {
	case VerdictWrongTicketKind:
		wzh, wen := kindText(in.Failed)
		msg.ZhCN += "另外，" + callName(in.Failed) + " 需要" + wzh + "。"
		msg.EnUS += " Also, " + callName(in.Failed) + " needs " + wen + "."
	case VerdictStaleTicket:
		msg.ZhCN += "另外，这个 ticket 已不是当前的。"
		msg.EnUS += " Also, that ticket is no longer the current one."
	}
	return msg, fix
}

func unknownText(ts []Ticket, variants int) (Text, Text) {
	if len(ts) == 0 {
		return tx("控制台还没有见过这个配置的任何 ticket，无法比对。", "The console has not seen any ticket of this profile yet, so there is nothing to compare with."),
			tx("先在{tool:tickets}获取企业 ticket 与应用 ticket，再运行一次。", "Fetch the corp and app tickets in {tool:tickets} first, then run this again.")
	}
	corp, agent := 0, 0
	for _, t := range ts {
		if t.Kind == jssdk.KindAgent {
			agent++
		} else {
			corp++
		}
	}
	n := strconv.Itoa(variants)
	return tx("控制台见过的 "+strconv.Itoa(corp)+" 个企业 ticket、"+strconv.Itoa(agent)+" 个应用 ticket，在页面 URL 及其 "+n+" 种常见变体上都得不到这个签名。它是用控制台从未获取过的 ticket 生成的：另一个应用或企业的 ticket（核对 corpId / agentId），或者你的后端自己获取并缓存了 ticket；也可能这里填的 nonceStr / timestamp 不是签名时用的，或签名的 URL 不在常见变体之内。",
			"None of the "+strconv.Itoa(corp)+" corp and "+strconv.Itoa(agent)+" app tickets the console has seen gives this signature, over the page URL or its "+n+" usual variants. It was made with a ticket the console never fetched: another app's or corp's (check corpId / agentId), or your backend fetched and cached its own; or the nonceStr / timestamp given here are not the ones signed, or the URL signed is none of the usual variants."),
		tx("让后端记录它的签名串（ticket 打码），与这里的 expectedSignStringMasked 逐段比对；把后端签名的 URL 粘到「URL 对比」里；或让页面的签名回调改用控制台的签名接口。",
			"Have the backend log its sign string (ticket masked) and compare it part by part with expectedSignStringMasked here; paste the URL the backend signed into URL diff; or point the page's signature callbacks at the console's signing endpoint.")
}
