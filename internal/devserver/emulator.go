package devserver

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"wecomdev/internal/jssdk"
	"wecomdev/internal/reach"
	"wecomdev/internal/redact"
	"wecomdev/internal/wecom"
)

// SignatureInspector is an optional Backend capability: given a signature that the
// current ticket of the kind does not give over the page URL, find what produced it
// (which ticket the console has seen, over which URL variant). The engine implements it
// with diagnose.Forensics; without it the emulator only tells a wrong ticket kind.
type SignatureInspector interface {
	InspectSignature(ctx context.Context, q SignatureQuestion) (SignatureAnswer, error)
}

// SignatureQuestion is what a page was given, and which call checks it.
type SignatureQuestion struct {
	PageURL   string // location.href (the hash is cut)
	Signature string
	Timestamp string
	NonceStr  string
	Kind      jssdk.Kind // corp (config) or agent (agentConfig)
}

// SignatureAnswer says what produced the signature; the fields mirror diagnose.Verdict.
type SignatureAnswer struct {
	Verdict     string     // OK, WRONG_TICKET_KIND, STALE_TICKET, URL_VARIANT, UNKNOWN_TICKET
	Kind        jssdk.Kind // the kind of the ticket that matched; "" when none did
	TicketIssue string     // WRONG_TICKET_KIND or STALE_TICKET alongside URL_VARIANT
	URL         string     // the URL the page's signature is over, when found
	VariantCode string     // the finding code of that URL, for URL_VARIANT
	Findings    []Finding  // Diagnose(URL, page) for URL_VARIANT
	Warnings    []Warning  // about the inputs (milliseconds for seconds, …)
	Explanation wecom.Text
	Fix         wecom.Text
}

func (a SignatureAnswer) explanation() *wecom.Text {
	if a.Explanation.ZhCN == "" && a.Explanation.EnUS == "" {
		return nil
	}
	t := a.Explanation
	if a.Fix.EnUS != "" {
		t.ZhCN += " " + a.Fix.ZhCN
		t.EnUS += " " + a.Fix.EnUS
	}
	return &t
}

// wrongKind: the page's signature was made with the other kind's ticket.
func (a SignatureAnswer) wrongKind() bool {
	return a.Verdict == "WRONG_TICKET_KIND" || a.TicketIssue == "WRONG_TICKET_KIND"
}

// EmulatorData is an optional Backend capability the emulator answers client APIs from
// (the workspace implements it over the profile's WeCom API, the sandbox's included).
// Without it, the APIs that need members or groups answer fail.
type EmulatorData interface {
	// EmulatorMembers lists the members who may use customer contact
	// (get_follow_user_list); the emulated client is signed in as the first one.
	EmulatorMembers(ctx context.Context) ([]string, error)
	// EmulatorGroups lists the chat_ids of the customer groups a member owns.
	EmulatorGroups(ctx context.Context, owner string) ([]string, error)
}

// GroupMaker is an optional Backend capability: make, in the WeCom the profile talks to,
// the customer group that the client's openEnterpriseChat makes on a phone, so that
// groupchat/list and groupchat/get show it to any process (and a join way can name it).
// The engine offers it for the sandbox profile; WeCom's server API cannot create a
// group, so for a real profile it answers ErrCannotMakeGroups and the emulator makes
// one up in its own memory.
type GroupMaker interface {
	MakeCustomerGroup(ctx context.Context, g NewGroup) (chatID string, err error)
}

// NewGroup is what openEnterpriseChat was given, with the signed-in member as owner.
type NewGroup struct {
	Owner     string
	Name      string
	Members   []string // userids
	Customers []string // external_userids
}

// ErrCannotMakeGroups: the profile's WeCom is a real one, whose server API cannot
// create a group.
var ErrCannotMakeGroups = errors.New("the profile's WeCom cannot create groups through its server API")

// The client's answers (wecom-api.md §8; docs/wecom-facts.md, Emulator).
const (
	errInvalidSignature      = "invalid signature"
	errAgentInvalidSignature = "invalid signature more info at https://open.work.weixin.qq.com/devtool/query?e=40093"
	errInvalidURLDomain      = "invalid url domain"
	errTicketNoAvailable     = "ticket no available more info at https://open.work.weixin.qq.com/devtool/query?e=42012"
	// config with another corp's corpId, as WeCom on iOS answers it: {errCode:2,
	// errMsg:"config:fail", err_Info:"invalid corpid more info at …?e=40013"} (WeCom community,
	// personal/oCJUswzYeIzdcqCR7ePuhafDHMrQ, 2021-12). The iOS form is the one a public
	// report shows for config; Android's plain "config:invalid corpid" is not reported.
	errConfigInvalidCorpID = "invalid corpid more info at https://open.work.weixin.qq.com/devtool/query?e=40013"
	// agentConfig with another corp's corpId (blog.csdn.net/qq_40621681/article/details/107404674).
	errAgentInvalidCorpID = "invalid corpId more info at https://open.work.weixin.qq.com/devtool/query?e=40013"
	// agentConfig on a page whose domain is not the app's trusted domain (same CSDN post);
	// config keeps "invalid url domain" (doc 96912).
	errAgentNotReliableDomain = "not match any reliable domain. more info at https://open.work.weixin.qq.com/devtool/query?e=80001"
)

// sigCheck is the outcome of checking a signature against the profile's tickets.
type sigCheck struct {
	ok       bool
	expected string // what the current ticket of the kind gives over the page URL
	answer   SignatureAnswer
	err      error // the ticket could not be read
}

// checkSignature checks a page's signature with the current ticket of the kind over the
// page URL without its hash; when it differs, it asks the backend's inspector (or tries
// the other kind's ticket) what produced it.
func (s *Server) checkSignature(ctx context.Context, kind jssdk.Kind, pageURL, ts, nonce, sig string) sigCheck {
	sig = strings.ToLower(strings.TrimSpace(sig))
	ticket, err := s.b.Ticket(ctx, kind)
	if err != nil {
		return sigCheck{err: err}
	}
	c := sigCheck{expected: jssdk.Signature(ticket, nonce, ts, jssdk.CutHash(pageURL))}
	if c.expected == sig {
		c.ok = true
		c.answer = SignatureAnswer{Verdict: "OK", Kind: kind, URL: jssdk.CutHash(pageURL)}
		return c
	}
	q := SignatureQuestion{PageURL: pageURL, Signature: sig, Timestamp: ts, NonceStr: nonce, Kind: kind}
	if in, ok := s.b.(SignatureInspector); ok {
		a, err := in.InspectSignature(ctx, q)
		if err == nil {
			if a.Findings == nil {
				a.Findings = []Finding{}
			}
			c.answer = a
			return c
		}
	}
	c.answer = SignatureAnswer{Verdict: "UNKNOWN_TICKET", Findings: []Finding{}}
	other := jssdk.KindAgent
	if kind == jssdk.KindAgent {
		other = jssdk.KindCorp
	}
	if t, err := s.b.Ticket(ctx, other); err == nil && jssdk.Signature(t, nonce, ts, jssdk.CutHash(pageURL)) == sig {
		c.answer = SignatureAnswer{Verdict: "WRONG_TICKET_KIND", Kind: other, URL: jssdk.CutHash(pageURL), Findings: []Finding{}}
	}
	return c
}

// verifyRequest is POST /__wecomdev/emulator/verify.
type verifyRequest struct {
	API     string          `json:"api"` // config or agentConfig
	PageURL string          `json:"pageUrl"`
	Params  json.RawMessage `json:"params"`
}

// VerifyAnswer is what /__wecomdev/emulator/verify answers: the client's answer (Result
// is the object the WeCom client passes to the SDK's callback) and the console's findings.
type VerifyAnswer struct {
	API       string         `json:"api"`
	OK        bool           `json:"ok"`
	ErrMsg    string         `json:"errMsg"`
	Result    map[string]any `json:"result"`
	Verdict   string         `json:"verdict,omitempty"`
	SignedURL string         `json:"signedUrl,omitempty"`
	Findings  []Finding      `json:"findings"`
	Warnings  []Warning      `json:"warnings"`
}

// emulatorVerify answers preVerifyJSAPI (config) and agentConfig as the WeCom client
// does, checking the page's corpId, domain, agentId and signature against the profile.
func (s *Server) emulatorVerify(w http.ResponseWriter, r *http.Request, e *Entry, body []byte) {
	var req verifyRequest
	if err := json.Unmarshal(body, &req); err != nil {
		s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: `请求体不是 {"api": "config" | "agentConfig", "pageUrl": location.href, "params": {…}}`, EnUS: `the body is not {"api": "config" | "agentConfig", "pageUrl": location.href, "params": {…}}`})
		return
	}
	var kind jssdk.Kind
	switch req.API {
	case "config":
		kind = jssdk.KindCorp
	case "agentConfig":
		kind = jssdk.KindAgent
	default:
		s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: fmt.Sprintf("api %s 既不是 config 也不是 agentConfig", quoteShort(req.API)), EnUS: fmt.Sprintf("api %s is neither config nor agentConfig", quoteShort(req.API))})
		return
	}
	host, ok := s.phonePageURL(w, e, req.PageURL)
	if !ok {
		return
	}
	var p configParams
	if len(req.Params) > 0 {
		if err := json.Unmarshal(req.Params, &p); err != nil {
			s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: "params 不是 SDK 传入的对象（" + shortJSONError(err) + "）", EnUS: "params is not the object the SDK passes (" + shortJSONError(err) + ")"})
			return
		}
	}
	params, _, _ := cleanParams(orEmpty(req.Params))
	rep := &Report{Type: ReportVerify, API: req.API, PageURL: req.PageURL, Params: params, Signature: strings.ToLower(strings.TrimSpace(p.Signature))}
	e.Report = rep
	e.Timestamp, e.NonceStr = truncateUTF8(string(p.Timestamp), 32), truncateUTF8(p.NonceStr, 64)
	ans := VerifyAnswer{API: req.API, Findings: []Finding{}, Warnings: []Warning{}}
	defer func() {
		rep.OK, rep.ErrMsg, rep.Findings, rep.Warnings = ans.OK, ans.ErrMsg, ans.Findings, ans.Warnings
		rep.Message = ans.ErrMsg
		if res, err := json.Marshal(ans.Result); err == nil {
			rep.Result = res
		}
		scrubReport(rep, s.sensitive(r.Context()))
		if e.Status == http.StatusOK {
			e.Message = reportSummary(rep)
		}
	}()

	answer := func(msg string, extra map[string]any) {
		ans.ErrMsg = req.API + ":" + msg
		ans.OK = msg == "ok"
		// Both errMsg and err_msg: pages written for jweixin / jwxwork read
		// res.err_msg === 'agentConfig:ok' in wx.invoke callbacks (docs/wecom-facts.md,
		// Emulator; client-fidelity.md §1 #5).
		ans.Result = map[string]any{"errMsg": ans.ErrMsg, "err_msg": ans.ErrMsg}
		for k, v := range extra {
			ans.Result[k] = v
		}
		s.writeJSON(w, r.Context(), e, http.StatusOK, ans)
	}
	warn := func(code, zh, en string) {
		ans.Warnings = append(ans.Warnings, Warning{Code: code, Message: wecom.Text{ZhCN: zh, EnUS: en}})
	}

	// 1. Missing parameters: the client refuses before anything else.
	if p.Signature == "" || p.Timestamp == "" || p.NonceStr == "" || p.corp() == "" || (kind == jssdk.KindAgent && p.AgentID == "") {
		warn("MISSING_PARAMS", "签名参数不全：需要 corpId（config 为 appId）、timestamp、nonceStr、signature"+agentIDText(kind, "，以及 agentId", ""),
			"the signature parameters are incomplete: corpId (appId for config), timestamp, nonceStr and signature are required"+agentIDText(kind, ", and agentId", ""))
		answer("fail", map[string]any{"err_Info": "fail", "hint": "Missing params"})
		return
	}
	// 2. The corp: another corpId is an invalid corpid (40013), before the domain is looked
	// at (docs/wecom-facts.md, Emulator: the community and CSDN reports by errConfigInvalidCorpID).
	if p.corp() != s.b.CorpID() {
		warn("CORP_ID", "传入的 corpId "+quoteShort(p.corp())+" 不是该配置的企业 "+s.b.CorpID()+"：企业微信回答 invalid corpid（40013）。请把 corpId 改为 "+s.b.CorpID()+"。",
			"the corpId passed, "+quoteShort(p.corp())+", is not the profile's corp "+s.b.CorpID()+": WeCom answers invalid corpid (40013). Pass corpId "+s.b.CorpID()+".")
		e.Decision = "corpId differs"
		if kind == jssdk.KindAgent {
			answer(errAgentInvalidCorpID, nil)
		} else {
			answer("fail", map[string]any{"errCode": 2, "err_Info": errConfigInvalidCorpID})
		}
		return
	}
	// 3. The trusted domain (可信域名); loopback passes here only.
	untrusted := errInvalidURLDomain
	if kind == jssdk.KindAgent {
		untrusted = errAgentNotReliableDomain
	}
	e.Host = host
	ok, why, miss := s.trustedPageHost(r.Context(), req.PageURL)
	e.Allowed = ok // the host check's answer; the verification's is the report's
	switch {
	case ok && why == AllowLoopback:
		e.Decision = AllowLoopback
		warn("LOOPBACK", "页面在本机地址（"+host+"）上：模拟器放行，但手机上的企业微信会回答 "+req.API+":"+untrusted+"——本机地址不可能是可信域名。",
			"the page is on loopback ("+host+"): the emulator lets it pass, but WeCom on a phone answers "+req.API+":"+untrusted+", since loopback is never a trusted domain.")
	case ok:
		e.Decision = why
	default:
		e.Decision = "not a trusted domain"
		zh, en := "", ""
		if host == s.TunnelHost() {
			zh, en = "隧道域名可以提供签名接口，但不能作为页面域名。", " A tunnel's host may serve the signing API but cannot be a page's origin."
		}
		if miss.EnUS != "" {
			zh, en = zh+miss.ZhCN, en+" "+miss.EnUS
		}
		warn("NOT_TRUSTED", host+" 不在该应用的可信域名中（"+strings.Join(s.trustedDomains(r.Context()), ", ")+"）。"+zh,
			host+" is not one of the app's trusted domains ("+strings.Join(s.trustedDomains(r.Context()), ", ")+")."+en)
		answer(untrusted, nil)
		return
	}
	// 4. The app: agentConfig's agentid must be the profile's.
	if kind == jssdk.KindAgent && string(p.AgentID) != strconv.FormatInt(s.b.AgentID(), 10) {
		warn("AGENT_ID", "传入的 agentId "+quoteShort(string(p.AgentID))+" 不是该配置的应用 "+strconv.FormatInt(s.b.AgentID(), 10)+"：应用 ticket 属于另一个应用，签名对不上。",
			"the agentId passed, "+quoteShort(string(p.AgentID))+", is not the profile's app "+strconv.FormatInt(s.b.AgentID(), 10)+": the app ticket belongs to another app, so the signature cannot match.")
		answer(errAgentInvalidSignature, nil)
		return
	}
	// 5. The signature.
	ctx, cancel := context.WithTimeout(r.Context(), wecomTimeout)
	defer cancel()
	c := s.checkSignature(ctx, kind, req.PageURL, string(p.Timestamp), p.NonceStr, p.Signature)
	if c.err != nil {
		s.ticketError(w, e, kind, c.err)
		return
	}
	rep.Expected, rep.Verdict, rep.SignedURL, rep.Explanation = c.expected, c.answer.Verdict, c.answer.URL, c.answer.explanation()
	ans.Verdict, ans.SignedURL, ans.Findings = c.answer.Verdict, c.answer.URL, c.answer.Findings
	ans.Warnings = append(ans.Warnings, c.answer.Warnings...)
	switch {
	case c.ok:
		answer("ok", nil)
	case kind == jssdk.KindAgent && c.answer.wrongKind():
		// The corp ticket signed agentConfig: the client says the ticket is not available.
		ans.ErrMsg = "agentConfig:fail"
		ans.Result = map[string]any{"errMsg": ans.ErrMsg, "err_msg": errTicketNoAvailable}
		s.writeJSON(w, r.Context(), e, http.StatusOK, ans)
	case kind == jssdk.KindAgent:
		answer(errAgentInvalidSignature, nil)
	default:
		answer(errInvalidSignature, nil)
	}
}

func agentIDText(k jssdk.Kind, yes, no string) string {
	if k == jssdk.KindAgent {
		return yes
	}
	return no
}

func orEmpty(b json.RawMessage) json.RawMessage {
	if len(b) == 0 || string(b) == "null" {
		return json.RawMessage("{}")
	}
	return b
}

// trustedPageHost: is the page at pageURL on one of the app's trusted domains, port
// included (reach.Covers: dev.example.com does not cover dev.example.com:8443; the rule and
// its sources are in internal/reach/domain.go and docs/wecom-facts.md, Emulator), or on
// loopback on any port, for the desktop? The tunnel does not count: WeCom checks the page's
// domain, not the server's. When no trusted domain covers the page, miss says why one that
// comes close does not (the port rule, a parent domain), if one does.
func (s *Server) trustedPageHost(ctx context.Context, pageURL string) (ok bool, why string, miss wecom.Text) {
	st, err := urlSite(pageURL)
	if err != nil {
		return false, "", miss
	}
	if isLoopback(hostName(st.host)) {
		return true, AllowLoopback, miss
	}
	if _, ok := reach.Covering(st.scheme, st.host, s.trustedDomains(ctx)); ok {
		return true, AllowTrusted, miss
	}
	miss, _ = s.notCoveredBy(ctx, st)
	return false, "", miss
}

// phonePageURL checks a pageUrl field (as pageURL checks the url parameter) and returns
// its host.
func (s *Server) phonePageURL(w http.ResponseWriter, e *Entry, raw string) (string, bool) {
	if raw == "" {
		s.failText(w, e, http.StatusBadRequest, CodeURLMissing, wecom.Text{ZhCN: "缺少 pageUrl；请发送 location.href", EnUS: "pageUrl is missing; send location.href"})
		return "", false
	}
	var bad *jssdk.URLError
	if errors.As(jssdk.ValidatePageURL(raw), &bad) {
		switch bad.Problem {
		case jssdk.URLTooLong:
			s.failText(w, e, http.StatusBadRequest, CodeURLInvalid, wecom.Text{ZhCN: fmt.Sprintf("pageUrl 有 %d 字节，超过 %d", len(raw), jssdk.MaxURLBytes), EnUS: fmt.Sprintf("pageUrl is %d bytes, longer than %d", len(raw), jssdk.MaxURLBytes)})
			return "", false
		case jssdk.URLControl:
			s.failText(w, e, http.StatusBadRequest, CodeURLInvalid, wecom.Text{ZhCN: "pageUrl 含换行或 NUL；请发送 location.href", EnUS: "pageUrl contains a line break or NUL; send location.href"})
			return "", false
		} // only whitespace: urlHost below refuses it; invalid UTF-8 cannot come out of the JSON body
	}
	e.URL = raw
	host, err := urlHost(raw)
	if err != nil {
		s.failText(w, e, http.StatusBadRequest, CodeURLInvalid, wecom.Text{ZhCN: fmt.Sprintf("pageUrl %s 不是完整的 http(s) URL；请发送 location.href", quoteShort(raw)), EnUS: fmt.Sprintf("pageUrl %s is not an absolute http(s) URL; send location.href", quoteShort(raw))})
		return "", false
	}
	return host, true
}

// ---- client APIs ----

// invokeRequest is POST /__wecomdev/emulator/invoke.
type invokeRequest struct {
	API    string          `json:"api"` // the name the SDK passes to WeixinJSBridge.invoke
	Params json.RawMessage `json:"params"`
}

// InvokeAnswer is what /__wecomdev/emulator/invoke answers; Result is what the client
// passes to the SDK's callback.
type InvokeAnswer struct {
	API    string         `json:"api"`
	OK     bool           `json:"ok"`
	ErrMsg string         `json:"errMsg"`
	Result map[string]any `json:"result"`
	Note   string         `json:"note,omitempty"` // what the emulator made up or could not do
}

// webNames are the SDK's names of the client APIs whose bridge name differs.
var webNames = map[string]string{"geoLocation": "getLocation", "imagePreview": "previewImage", "preVerifyJSAPI": "config"}

// maxEmulatedGroups bounds the groups openEnterpriseChat makes up.
const maxEmulatedGroups = 200

// emulatedGroup is a group openEnterpriseChat opened. One made up here lives only here;
// one the backend made (InBackend, the sandbox's) lives in its WeCom, and only its
// chat_id is kept, as a phone remembers which chat it opened last.
type emulatedGroup struct {
	ChatID    string
	Name      string
	Owner     string
	Members   []string
	Customers []string
	At        time.Time
	InBackend bool
}

// emulatorInvoke answers a client API from the profile's data (members, customers,
// groups), or with a plain ok for APIs that only show something on a phone.
func (s *Server) emulatorInvoke(w http.ResponseWriter, r *http.Request, e *Entry, body []byte) {
	var req invokeRequest
	if err := json.Unmarshal(body, &req); err != nil {
		s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: `请求体不是 {"api": "…", "params": {…}}`, EnUS: `the body is not {"api": "…", "params": {…}}`})
		return
	}
	if req.API == "" || len(req.API) > 64 || !apiNamePattern.MatchString(req.API) {
		s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: fmt.Sprintf("api %s 不是客户端 API 的名字", quoteShort(req.API)), EnUS: fmt.Sprintf("api %s is not a client API name", quoteShort(req.API))})
		return
	}
	var params map[string]any
	if len(req.Params) > 0 && string(req.Params) != "null" {
		if err := json.Unmarshal(req.Params, &params); err != nil {
			s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: "params 不是 JSON 对象", EnUS: "params is not a JSON object"})
			return
		}
	}
	web := req.API
	if n, ok := webNames[web]; ok {
		web = n
	}
	e.URL = "api=" + req.API
	clean, _, _ := cleanParams(orEmpty(req.Params))
	rep := &Report{Type: ReportInvoke, API: web, Params: clean}
	e.Report = rep
	ctx, cancel := context.WithTimeout(r.Context(), wecomTimeout)
	defer cancel()
	res, note, err := s.answerAPI(ctx, req.API, params)
	ans := InvokeAnswer{API: web, Note: note}
	// Every answer carries errMsg (the SDK's name) and err_msg (the client's name): pages
	// written for jweixin / jwxwork read res.err_msg === 'getContext:ok' in wx.invoke
	// callbacks, which get the bridge's object as it is (docs/wecom-facts.md, Emulator;
	// client-fidelity.md §1 #5).
	switch {
	case errors.Is(err, errFunctionNotExist):
		ans.ErrMsg = web + ":function not exist"
		ans.Result = map[string]any{"errMsg": ans.ErrMsg, "err_msg": req.API + ":function not exist"}
		ans.Note = req.API + " is no API of @wecom/jssdk 2.4.4, so the emulated client answers function not exist (the text @wecom/jssdk and jweixin expect from a client without the API: dist/wecom.js formatErrMsg); a newer client may have it"
	case err != nil:
		ans.ErrMsg = web + ":fail"
		ans.Result = map[string]any{"errMsg": ans.ErrMsg, "err_msg": req.API + ":fail " + err.Error()}
		if m, ok := clientFailMsg(err); ok { // the client's own text (entry.go)
			ans.ErrMsg, ans.Result = m, map[string]any{"errMsg": m, "err_msg": m}
		}
		e.Error = redact.URL(err.Error())
	default:
		ans.OK = true
		ans.ErrMsg = web + ":ok"
		ans.Result = res
		ans.Result["errMsg"] = ans.ErrMsg
		ans.Result["err_msg"] = req.API + ":ok"
	}
	rep.OK, rep.ErrMsg, rep.Note, rep.Message = ans.OK, ans.ErrMsg, ans.Note, ans.ErrMsg
	if b, err := json.Marshal(ans.Result); err == nil && len(b) <= maxReportParams {
		rep.Result = b
	}
	scrubReport(rep, s.sensitive(r.Context()))
	s.writeJSON(w, r.Context(), e, http.StatusOK, ans)
	e.Message = reportSummary(rep)
}

// errNoData: the backend offers no emulator data.
var errNoData = errors.New("the profile offers no data to emulate this API")

// errFunctionNotExist: the API is none of @wecom/jssdk's (jsapis.json).
var errFunctionNotExist = errors.New("function not exist")

// answerAPI makes the result of one client API (without errMsg).
func (s *Server) answerAPI(ctx context.Context, api string, params map[string]any) (map[string]any, string, error) {
	switch api {
	case "getContext":
		return s.answerContext(ctx) // entry.go
	case "selectExternalContact":
		ids, err := s.signedInCustomers(ctx)
		if err != nil {
			return nil, "", err
		}
		return map[string]any{"userIds": ids}, "all the signed-in member's customers are picked", nil
	case "getCurExternalContact":
		return s.answerCurExternalContact(ctx) // entry.go
	case "getCurExternalChat":
		return s.answerCurExternalChat(ctx) // entry.go
	case "sendChatMessage":
		return s.answerSendChatMessage(ctx) // entry.go
	case "openEnterpriseChat":
		return s.openEnterpriseChat(ctx, params)
	case "selectEnterpriseContact":
		d, ok := s.b.(EmulatorData)
		if !ok {
			return nil, "", errNoData
		}
		members, err := d.EmulatorMembers(ctx)
		if err != nil {
			return nil, "", err
		}
		users := []map[string]any{}
		for _, m := range members {
			users = append(users, map[string]any{"id": m, "name": m, "avatar": ""})
		}
		return map[string]any{"result": map[string]any{"departmentList": []any{}, "userList": users}}, "every member is picked", nil
	case "scanQRCode":
		if n, _ := params["needResult"].(float64); n == 1 {
			return map[string]any{"resultStr": "https://work.weixin.qq.com/wecomdev-emulated-scan"}, "a made-up scan result", nil
		}
		return map[string]any{}, "", nil
	case "geoLocation", "getLocation":
		return map[string]any{"latitude": 22.540503, "longitude": 113.934528, "speed": 0, "accuracy": 30}, "a fixed location (Shenzhen)", nil
	case "chooseImage":
		return map[string]any{"localIds": []string{"wxlocalresource://wecomdev-emulated-1"}}, "a made-up image", nil
	case "checkJsApi":
		// true for the APIs of @wecom/jssdk 2.4.4 (jsapis.json, even those answered with
		// an empty ok), false for any other name, as a client without it answers.
		check := map[string]any{}
		if list, ok := params["jsApiList"].([]any); ok {
			for _, a := range list {
				if name, ok := a.(string); ok && len(check) < 200 {
					check[name] = knownAPIs[name]
				}
			}
		}
		return map[string]any{"checkResult": check}, "true for every API of @wecom/jssdk 2.4.4, false for other names; a real client says false also for APIs its version lacks", nil
	case "openUserProfile", "openExistedChatWithMsg", "imagePreview", "previewImage",
		"shareAppMessage", "shareWechatMessage", "closeWindow", "hideOptionMenu", "showOptionMenu",
		"hideMenuItems", "showMenuItems", "hideAllNonBaseMenuItem", "showAllNonBaseMenuItem",
		"setClipboardData", "openDefaultBrowser", "shareToExternalContact", "shareToExternalChat",
		"navigateToAddCustomer", "openLocation":
		return map[string]any{}, "the emulator shows nothing; a phone would open or send it", nil
	}
	if !knownAPIs[api] {
		return nil, "", errFunctionNotExist
	}
	return map[string]any{}, "an API of @wecom/jssdk the emulator does not emulate: answered ok with no data", nil
}

// emulatedUser is who the emulated client is signed in as: the first member of the
// backend's EmulatorData, remembered for a minute; "" without data.
func (s *Server) emulatedUser(ctx context.Context) string {
	d, ok := s.b.(EmulatorData)
	if !ok {
		return ""
	}
	p := s.phoneState()
	now := s.now()
	p.mu.Lock()
	u := p.user
	p.mu.Unlock()
	if u.id != "" && now.Sub(u.at) < time.Minute && !now.Before(u.at) {
		return u.id
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	members, err := d.EmulatorMembers(ctx)
	if err != nil || len(members) == 0 {
		return ""
	}
	u = cachedUser{id: members[0], at: now}
	if m := s.chosenMember(); m != "" && slices.Contains(members, m) {
		u.id = m // picked in the overlay (oauth.go)
	}
	p.mu.Lock()
	p.user = u
	p.mu.Unlock()
	return u.id
}

func (s *Server) signedInCustomers(ctx context.Context) ([]string, error) {
	user := s.emulatedUser(ctx)
	if user == "" {
		return nil, errNoData
	}
	ids, err := s.b.Customers(ctx, user, "")
	if err != nil {
		var apiErr *wecom.APIError
		if errors.As(err, &apiErr) && apiErr.Code == 84061 { // a member without customers
			return []string{}, nil
		}
		return nil, err
	}
	if ids == nil {
		ids = []string{}
	}
	return ids, nil
}

// curExternalChat: the group openEnterpriseChat opened last, if the signed-in member
// owns it and (when the backend's WeCom made it) that WeCom still has it; else the
// member's first customer group.
func (s *Server) curExternalChat(ctx context.Context) (map[string]any, string, error) {
	user := s.emulatedUser(ctx)
	p := s.phoneState()
	p.mu.Lock()
	opened := slices.Clone(p.groups)
	p.mu.Unlock()
	d, hasData := s.b.(EmulatorData)
	var ids []string // the member's groups in the backend's WeCom, read once when needed
	listed := false
	list := func() error {
		if listed {
			return nil
		}
		if !hasData || user == "" {
			return errNoData
		}
		var err error
		ids, err = d.EmulatorGroups(ctx, user)
		listed = err == nil
		return err
	}
	for i := len(opened) - 1; i >= 0; i-- {
		g := opened[i]
		if g.Owner != user && user != "" {
			continue
		}
		if g.InBackend {
			if err := list(); err != nil {
				return nil, "", err
			}
			if !slices.Contains(ids, g.ChatID) {
				continue // gone from the sandbox (a reset)
			}
		}
		return map[string]any{"chatId": g.ChatID}, "the page counts as opened from the group openEnterpriseChat made last", nil
	}
	if err := list(); err != nil {
		return nil, "", err
	}
	if len(ids) == 0 {
		return nil, "", errors.New("the signed-in member owns no customer group")
	}
	return map[string]any{"chatId": ids[0]}, "the page counts as opened from the signed-in member's first customer group", nil
}

// openEnterpriseChat makes the group the client makes: a customer group in the backend's
// WeCom when it can make one (the sandbox), else a made-up one remembered here (WeCom's
// server API cannot create a group, so a real profile's groupchat/list never shows it).
func (s *Server) openEnterpriseChat(ctx context.Context, params map[string]any) (map[string]any, string, error) {
	str := func(keys ...string) string {
		for _, k := range keys {
			if v, ok := params[k].(string); ok && v != "" {
				return v
			}
		}
		return ""
	}
	if id := str("chatId"); id != "" {
		return map[string]any{"chatId": id}, "an existing chat is opened", nil
	}
	split := func(v string) []string {
		var out []string
		for _, x := range strings.Split(v, ";") {
			if x = strings.TrimSpace(x); x != "" && len(out) < 500 {
				out = append(out, x)
			}
		}
		return out
	}
	members, customers := split(str("userIds", "useridlist")), split(str("externalUserIds"))
	if len(members)+len(customers) == 0 {
		return nil, "", errors.New("no userIds or externalUserIds: a group needs someone besides you")
	}
	user := s.emulatedUser(ctx)
	name := str("groupName", "chatname")
	if gm, ok := s.b.(GroupMaker); ok && user != "" && len(customers) > 0 {
		id, err := gm.MakeCustomerGroup(ctx, NewGroup{Owner: user, Name: name, Members: members, Customers: customers})
		if err == nil {
			s.rememberGroup(emulatedGroup{ChatID: id, Owner: user, At: s.now(), InBackend: true})
			note := fmt.Sprintf("customer group %s made in the sandbox WeCom (owner %s, %d members, %d customers): groupchat/list and groupchat/get show it, to every process on this data directory, until 'wecomdev sandbox reset'",
				id, user, len(members), len(customers))
			return map[string]any{"chatId": id}, note, nil
		}
		if !errors.Is(err, ErrCannotMakeGroups) {
			return nil, "", err
		}
	}
	owner := user
	if owner == "" && len(members) > 0 {
		owner = members[0]
	}
	g := emulatedGroup{ChatID: "wr" + randomID(30), Name: clip(name, 64), Owner: owner,
		Members: members, Customers: customers, At: s.now()}
	s.rememberGroup(g)
	note := fmt.Sprintf("a made-up customer group %s (%d members, %d customers): WeCom's server API cannot create a group, so groupchat/list does not show it", g.ChatID, len(members), len(customers))
	if len(customers) == 0 {
		note = fmt.Sprintf("a made-up internal group %s (%d members, no customers): not a customer group, so groupchat/list would not show it", g.ChatID, len(members))
	}
	return map[string]any{"chatId": g.ChatID}, note, nil
}

// rememberGroup keeps the group openEnterpriseChat opened, newest last, at most
// maxEmulatedGroups.
func (s *Server) rememberGroup(g emulatedGroup) {
	p := s.phoneState()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.groups = append(p.groups, g)
	if len(p.groups) > maxEmulatedGroups {
		p.groups = p.groups[len(p.groups)-maxEmulatedGroups:]
	}
}

// randomID is n characters of [A-Za-z0-9], like WeCom's chat ids.
func randomID(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
