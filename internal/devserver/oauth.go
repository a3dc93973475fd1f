package devserver

// OAuth (网页授权) on the dev server: GET /api/oauth/userinfo?code=CODE exchanges the code a
// page got back from WeCom's authorize page for who is on the page, with the profile's
// access token (which stays in the console); and, with the emulator on, the dev server
// answers the authorize page itself at WeCom's path, for the emulator's signed-in member.
// WeCom's rules and their sources: docs/wecom-facts.md, "OAuth (网页授权)".
//
// A code is a credential: it never appears in the request log, an event or an answer. To
// tell a second use of a code (the double-redirect bug, 40029) the server keeps a SHA-256
// of each code it exchanged, in memory, for as long as a code can live.

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"wecomdev/internal/redact"
	"wecomdev/internal/tickets"
	"wecomdev/internal/wecom"
	"wecomdev/internal/wecom/oauthcode"
)

// Paths, endpoint names and finding codes of OAuth.
const (
	PathOAuthUserInfo  = "/api/oauth/userinfo"
	PathOAuthAuthorize = "/connect/oauth2/authorize" // WeCom's own path (doc 91022), for the emulator
	PathEmulatorMember = "/__wecomdev/emulator/member"

	EndpointOAuthUserInfo  = "oauth-userinfo"
	EndpointOAuthAuthorize = "oauth-authorize"

	// FindingCodeReused: the same code was exchanged twice, the classic double redirect
	// (a reload, a retry, a router guard and a server both exchanging it): WeCom answers
	// 40029 (doc 91023: 「code只能使用一次」).
	FindingCodeReused = "OAUTH_CODE_REUSED"
	// FindingCodeInvalid: 40029 for a code this server never exchanged: expired (5 minutes),
	// used elsewhere, or made for another corp.
	FindingCodeInvalid = "OAUTH_CODE_INVALID"
	// FindingRedirectUntrusted: 50001, the code was sent to a domain that is not a trusted
	// domain of the profile's app (doc 91023).
	FindingRedirectUntrusted = "OAUTH_REDIRECT_UNTRUSTED"
)

const (
	oauthCodeTTL   = oauthcode.TTL // doc 91023: 「5分钟未被使用自动过期」; the rule's home is internal/wecom/oauthcode
	maxOAuthCode   = 512           // doc 91022: code 「最大为512字节」
	maxOAuthSeen   = 10000         // exchanged codes remembered at most
	oauthSeenKeep  = 2 * oauthCodeTTL
	emulatedCodeLn = 43
	maxOAuthState  = 128 // doc 91022: state ≤ 128 bytes of a-zA-Z0-9
)

var oauthStateRe = regexp.MustCompile(`^[a-zA-Z0-9]*$`)

// OAuthExchanger is an optional Backend capability: the profile's WeCom OAuth calls, made
// with its access token (the workspace implements it with wecom.Client).
type OAuthExchanger interface {
	OAuthUserInfo(ctx context.Context, code string) (wecom.OAuthUser, error)
	OAuthUserDetail(ctx context.Context, userTicket string) (wecom.UserDetail, error)
}

// OAuthStep is what the request log and `serve --json` show of an OAuth request: who it
// was, never the code, the user_ticket or the token.
type OAuthStep struct {
	UserID         string        `json:"userid,omitempty"`
	OpenID         string        `json:"openid,omitempty"`
	ExternalUserID string        `json:"externalUserId,omitempty"`
	Detail         bool          `json:"detail,omitempty"`   // snsapi_privateinfo: the detail fields were read
	Emulated       bool          `json:"emulated,omitempty"` // the code came from the emulator's authorize page
	Scope          string        `json:"scope,omitempty"`
	Finding        *OAuthFinding `json:"finding,omitempty"`
}

// OAuthFinding is a problem of an OAuth step, with its cause and fix in both languages.
type OAuthFinding struct {
	Code     string     `json:"code"`
	WeCom    int        `json:"wecom,omitempty"` // the errcode WeCom answered (or would)
	Message  wecom.Text `json:"message"`
	Fix      wecom.Text `json:"fix"`
	FirstUse *OAuthUse  `json:"firstUse,omitempty"` // FindingCodeReused: the exchange that used the code
}

// OAuthUse is one exchange of a code, as kept beside its hash.
type OAuthUse struct {
	Time   time.Time `json:"time"`
	Client string    `json:"client"`
	UserID string    `json:"userid,omitempty"`
	OpenID string    `json:"openid,omitempty"`
}

// oauthSide is the dev server's OAuth memory: exchanged codes by hash, the emulator's own
// codes (by hash, in emulated), and the member the developer picked in the emulator's
// overlay.
type oauthSide struct {
	mu   sync.Mutex
	seen map[[32]byte]OAuthUse
	// emulated: the emulator's codes; each works once, for oauthcode.TTL (doc 91023), the
	// same rule as the sandbox WeCom's codes; it has one home in internal/wecom/oauthcode.
	emulated oauthcode.Store[emulatedCode]
	member   string // picked in the overlay; "" → the first member
}

type emulatedCode struct {
	userID string
	scope  string
}

// oauthSide is the server's OAuth memory, its maps made on first use.
func (s *Server) oauthSide() *oauthSide {
	o := &s.oa
	o.mu.Lock()
	if o.seen == nil {
		o.seen = map[[32]byte]OAuthUse{}
	}
	o.mu.Unlock()
	return o
}

func codeHash(code string) [32]byte { return sha256.Sum256([]byte(code)) }

// prune forgets what no code can need any more. Called with o.mu held.
func (o *oauthSide) prune(now time.Time) {
	for k, u := range o.seen {
		if now.Sub(u.Time) > oauthSeenKeep || len(o.seen) > maxOAuthSeen {
			delete(o.seen, k)
		}
	}
}

func tx(zh, en string) wecom.Text { return wecom.Text{ZhCN: zh, EnUS: en} }

func reusedFinding(first OAuthUse) *OAuthFinding {
	who := first.UserID
	if who == "" {
		who = first.OpenID
	}
	at := first.Time.Format("15:04:05")
	return &OAuthFinding{
		Code: FindingCodeReused, WeCom: wecom.CodeInvalidCode, FirstUse: &first,
		Message: tx(
			fmt.Sprintf("同一个 code 被第二次换取（40029）：它已在 %s 由 %s 换取过（%s）。code 只能用一次，这是典型的二次跳转 / 刷新 / 重试问题。", at, first.Client, who),
			fmt.Sprintf("The same code was exchanged a second time (40029): it was exchanged at %s by %s (%s). A code works once; this is the classic double redirect / reload / retry bug.", at, first.Client, who)),
		Fix: tx(
			"只换取一次 code（只在一处：前端或后端），换到身份后用 history.replaceState 去掉地址栏里的 code 与 state；刷新时沿用会话里的身份，需要新身份时重新跳转授权链接。",
			"Exchange the code once, in one place (the page or the server); once you have the identity, remove code and state from the address bar with history.replaceState; on a reload keep the identity from the session, and go through the authorize URL again for a new one."),
	}
}

func invalidFinding() *OAuthFinding {
	return &OAuthFinding{
		Code: FindingCodeInvalid, WeCom: wecom.CodeInvalidCode,
		Message: tx("code 无效（40029）：已超过 5 分钟、已被别处使用，或不是本企业的授权链接换来的。",
			"The code is invalid (40029): older than 5 minutes, used elsewhere, or not from this corp's authorize URL."),
		Fix: tx("重新打开授权链接拿新的 code，并在 5 分钟内只换取一次；检查授权链接的 appid 是否为本配置的 CorpID。",
			"Open the authorize URL again for a new code and exchange it once within 5 minutes; check that the authorize URL's appid is this profile's CorpID."),
	}
}

func untrustedFinding() *OAuthFinding {
	return &OAuthFinding{
		Code: FindingRedirectUntrusted, WeCom: wecom.CodeRedirectUnauthorized,
		Message: tx("redirect_uri 的域名不是该应用的可信域名（50001）：企业微信要求跳转域名与 access_token 所属应用的可信域名完全一致，端口也算。",
			"The redirect_uri's domain is not a trusted domain of the app (50001): WeCom wants the redirect domain to be exactly a trusted domain of the app the access_token belongs to, port included."),
		Fix: tx("在管理后台「应用 → 网页授权及JS-SDK → 可信域名」添加 redirect_uri 的域名（含端口），或让 redirect_uri 指向已登记的域名。",
			"Add the redirect_uri's domain (with its port) under the app's Web Authorization & JS-SDK → Trusted domain, or point redirect_uri at a registered domain."),
	}
}

// oauthUserInfo is GET /api/oauth/userinfo?code=CODE.
func (s *Server) oauthUserInfo(w http.ResponseWriter, r *http.Request, e *Entry) {
	vs, err := queryValues(nil, r.URL.RawQuery, "code")
	if err != nil {
		s.failText(w, e, http.StatusBadRequest, CodeQueryInvalid, textBadQuery("请原样传入企业微信给的 code", "pass the code as WeCom gave it"))
		return
	}
	if len(vs) != 1 || vs[0] == "" || len(vs[0]) > maxOAuthCode {
		s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{
			ZhCN: "请把企业微信附在 redirect_uri 后的 code 传一次，如 ?code=CODE（最多 512 字节）；用 new URLSearchParams(location.search).get('code') 读取",
			EnUS: "give the code WeCom appended to the redirect_uri once, like ?code=CODE (at most 512 bytes); read it with new URLSearchParams(location.search).get('code')"})
		return
	}
	code := vs[0]
	step := &OAuthStep{}
	e.OAuth = step
	if ok, retry := s.limiter.allow(e.Client); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int((retry+time.Second-1)/time.Second)))
		s.failText(w, e, http.StatusTooManyRequests, CodeRateLimited, wecom.Text{
			ZhCN: fmt.Sprintf("来自 %s 的数据请求太多：每分钟最多 %d 次，因为每次都调用企业微信；请 %s 后再试", e.Client, s.opts.CustomersLimit, retry.Round(time.Second)),
			EnUS: fmt.Sprintf("too many data requests from %s: at most %d a minute, because each one calls WeCom; try again in %s", e.Client, s.opts.CustomersLimit, retry.Round(time.Second))})
		return
	}
	h := codeHash(code)
	now := s.now()
	o := s.oauthSide()
	o.mu.Lock()
	o.prune(now)
	first, used := o.seen[h]
	o.mu.Unlock()
	// Taken: an emulator's code works once. One past its five minutes is still the
	// emulator's (expired), never sent to the real WeCom.
	em, state := o.emulated.Take(code, now)
	emulated := state != oauthcode.Unknown

	var user wecom.OAuthUser
	switch {
	case used:
		// The code was exchanged here before: WeCom would answer 40029, so it is not
		// asked again (which would also count against the app's limits).
		s.oauthFail(w, e, step, reusedFinding(first))
		return
	case emulated:
		step.Emulated, step.Scope = true, em.scope
		if state == oauthcode.Expired {
			s.oauthFail(w, e, step, invalidFinding())
			return
		}
		user = wecom.OAuthUser{UserID: em.userID}
	default:
		x, ok := s.b.(OAuthExchanger)
		if !ok {
			s.failText(w, e, http.StatusNotImplemented, CodeUnavailable, wecom.Text{ZhCN: "此开发服务器不能为它的配置换取 OAuth code", EnUS: "this dev server cannot exchange OAuth codes for its profile"})
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), wecomTimeout)
		defer cancel()
		user, err = x.OAuthUserInfo(ctx, code)
		if err != nil {
			s.oauthWeComError(w, e, step, err)
			return
		}
	}
	use := OAuthUse{Time: now, Client: e.Client, UserID: user.UserID, OpenID: user.OpenID}
	o.mu.Lock()
	o.seen[h] = use
	o.mu.Unlock()

	step.UserID, step.OpenID, step.ExternalUserID = user.UserID, user.OpenID, user.ExternalUserID
	answer := map[string]string{}
	if user.UserID != "" {
		answer["userid"] = user.UserID
	} else {
		answer["openid"] = user.OpenID
		if user.ExternalUserID != "" {
			answer["external_userid"] = user.ExternalUserID
		}
	}
	if user.UserTicket != "" {
		// snsapi_privateinfo: the console reads the details itself; the user_ticket never
		// leaves it (doc 95833).
		x := s.b.(OAuthExchanger)
		ctx, cancel := context.WithTimeout(r.Context(), wecomTimeout)
		defer cancel()
		d, err := x.OAuthUserDetail(ctx, user.UserTicket)
		if err != nil {
			e.Error = redact.Replace(redact.URL(err.Error()), user.UserTicket)
			e.Code = "DETAIL_FAILED"
		} else {
			step.Detail = true
			for k, v := range map[string]string{"gender": d.Gender, "avatar": d.Avatar, "qr_code": d.QRCode, "mobile": d.Mobile,
				"email": d.Email, "biz_mail": d.BizMail, "address": d.Address} {
				if v != "" {
					answer[k] = v
				}
			}
		}
	}
	e.Allowed = true
	body, _ := json.Marshal(answer)
	e.Status = http.StatusOK
	writeBody(w, http.StatusOK, append(body, '\n'))
}

// oauthWeComError answers a refused exchange: 40029 and 50001 with their finding, the
// rest as the other data endpoints do.
func (s *Server) oauthWeComError(w http.ResponseWriter, e *Entry, step *OAuthStep, err error) {
	e.Error = redact.URL(err.Error())
	var apiErr *wecom.APIError
	if errors.As(err, &apiErr) {
		switch apiErr.Code {
		case wecom.CodeInvalidCode:
			s.oauthFail(w, e, step, invalidFinding())
			return
		case wecom.CodeRedirectUnauthorized:
			s.oauthFail(w, e, step, untrustedFinding())
			return
		}
		s.failText(w, e, http.StatusBadGateway, CodeWeCom, wecom.Text{
			ZhCN: fmt.Sprintf("企业微信拒绝了 code 换取身份（WECOM_%d）；原因和解决办法见 wecomdev 的{tool:devserver}请求日志", apiErr.Code),
			EnUS: fmt.Sprintf("WeCom refused the code exchange (WECOM_%d); the request log in wecomdev has the cause and the fix", apiErr.Code)})
		e.Code = "WECOM_" + strconv.Itoa(apiErr.Code)
		return
	}
	code := tickets.Code(err)
	s.failText(w, e, http.StatusServiceUnavailable, CodeUnavailable, wecom.Text{
		ZhCN: fmt.Sprintf("控制台没能用 code 换取身份（%s）；原因见 wecomdev 的{tool:devserver}请求日志", code),
		EnUS: fmt.Sprintf("the console could not exchange the code (%s); the request log in wecomdev has the cause", code)})
	e.Code = code
}

// oauthFail answers a finding: {"code":"WECOM_40029","message":…,"finding":{…}}.
func (s *Server) oauthFail(w http.ResponseWriter, e *Entry, step *OAuthStep, f *OAuthFinding) {
	step.Finding = f
	code := "WECOM_" + strconv.Itoa(f.WeCom)
	e.Status, e.Code, e.Message = http.StatusBadRequest, code, f.Message.EnUS
	body, _ := json.Marshal(struct {
		Code    string        `json:"code"`
		Message string        `json:"message"`
		Finding *OAuthFinding `json:"finding"`
	}{code, f.Message.EnUS, f})
	writeBody(w, http.StatusBadRequest, append(body, '\n'))
}

// ---- the emulator's authorize page ----

// oauthAuthorize is GET /connect/oauth2/authorize with the emulator on: WeCom's
// parameters, checked as WeCom does, then a 302 to redirect_uri?code=CODE&state=STATE for
// the emulator's signed-in member (the overlay switches it).
func (s *Server) oauthAuthorize(w http.ResponseWriter, r *http.Request, e *Entry) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.failText(w, e, http.StatusMethodNotAllowed, CodeMethod, textMethod(r.Method, "GET"))
		return
	}
	if !s.Emulator() {
		s.failText(w, e, http.StatusForbidden, CodeEmulatorOff, wecom.Text{
			ZhCN: "企业微信客户端模拟器没有打开；在{tool:emulator}打开它（或 wecomdev serve … --emulate），才能在桌面浏览器里走 OAuth（在手机上页面会去 open.weixin.qq.com）",
			EnUS: "the WeCom client emulator is off; start the dev server with --emulate to run OAuth in a desktop browser (on a phone the page goes to open.weixin.qq.com)"})
		return
	}
	q := r.URL.Query()
	step := &OAuthStep{Emulated: true, Scope: q.Get("scope")}
	e.OAuth = step
	refuse := func(zh, en string) {
		e.Status, e.Code, e.Message = http.StatusOK, "OAUTH_REFUSED", en
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK) // WeCom shows its error page ([U] the status)
		fmt.Fprintf(w, "<!doctype html><meta charset=utf-8><title>OAuth</title><p data-authorize-error>%s</p><p lang=en>%s</p>\n", html.EscapeString(zh), html.EscapeString(en))
	}
	if q.Get("appid") != s.b.CorpID() {
		refuse("appid 必须是本配置的 CorpID "+s.b.CorpID(), "appid must be this profile's CorpID "+s.b.CorpID())
		return
	}
	if q.Get("response_type") != "code" { // doc 91022: 「此时固定为：code」
		refuse("response_type 必须是 code", "response_type must be code")
		return
	}
	if sc := q.Get("scope"); sc != "snsapi_base" && sc != "snsapi_privateinfo" {
		refuse("scope 必须是 snsapi_base 或 snsapi_privateinfo", "scope must be snsapi_base or snsapi_privateinfo")
		return
	}
	agent := q.Get("agentid")
	if q.Get("scope") == "snsapi_privateinfo" && agent == "" { // doc 91022: 「snsapi_privateinfo时必填否则报错」
		refuse("scope 为 snsapi_privateinfo 时必须填 agentid", "scope snsapi_privateinfo needs agentid")
		return
	}
	if agent != "" && agent != strconv.FormatInt(s.b.AgentID(), 10) { // agentid=null / undefined too
		refuse("agentid 不是本配置的应用 "+strconv.FormatInt(s.b.AgentID(), 10)+"："+agent, "agentid is not this profile's app "+strconv.FormatInt(s.b.AgentID(), 10)+": "+agent)
		return
	}
	state := q.Get("state")
	if len(state) > maxOAuthState || !oauthStateRe.MatchString(state) { // doc 91022
		refuse("state 只能是 a-zA-Z0-9，最长 128 字节", "state may hold only a-zA-Z0-9, at most 128 bytes")
		return
	}
	raw := q.Get("redirect_uri")
	red, err := url.Parse(raw)
	st, serr := urlSite(raw)
	if err != nil || serr != nil {
		refuse("redirect_uri 不是完整的 http(s) 地址", "redirect_uri is not a full http(s) URL")
		return
	}
	e.URL, e.Host = logRedirect(red), st.host
	if ok, why := s.allowHost(r.Context(), st); !ok {
		// The client's page text for a redirect_uri off the trusted domains (landscape-2026 §2 #2).
		refuse("redirect_uri需使用应用可信域名（"+st.host+" 不是本机、隧道或配置的可信域名，端口也要一致）",
			"redirect_uri must use the app's trusted domain ("+st.host+" is not loopback, the tunnel or a trusted domain of the profile; the port counts)")
		return
	} else {
		e.Allowed, e.Decision = true, why
	}
	user := s.emulatedUser(r.Context())
	if user == "" {
		refuse("模拟器没有已登录的成员：该配置的企业微信没有可用的成员", "the emulator has no signed-in member: the profile's WeCom gave no member")
		return
	}
	code := randomCode()
	now := s.now()
	s.oauthSide().emulated.Issue(code, emulatedCode{userID: user, scope: q.Get("scope")}, now)
	step.UserID = user
	rq := red.RawQuery
	if rq != "" {
		rq += "&"
	}
	red.RawQuery = rq + "code=" + url.QueryEscape(code) + "&state=" + url.QueryEscape(state) // doc 91022: redirect_uri?code=CODE&state=STATE
	e.Status = http.StatusFound
	w.Header().Set("Location", red.String())
	w.WriteHeader(http.StatusFound)
}

// logRedirect is the redirect_uri as the log keeps it: without a code an earlier login
// left in it (a page that builds redirect_uri from location.href).
func logRedirect(u *url.URL) string {
	c := *u
	q := c.Query()
	if q.Has("code") {
		q.Set("code", "…")
		c.RawQuery = q.Encode()
	}
	return c.String()
}

func randomCode() string {
	b := make([]byte, emulatedCodeLn)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)[:emulatedCodeLn]
}

// ---- the emulator's member ----

// chosenMember is the member picked in the overlay, "" for none.
func (s *Server) chosenMember() string {
	o := s.oauthSide()
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.member
}

// emulatorMember is POST /__wecomdev/emulator/member {"userid": U}: the emulated client
// is signed in as U from now on (U "" keeps the current one); it answers the member and
// the members to pick from.
func (s *Server) emulatorMember(w http.ResponseWriter, r *http.Request, e *Entry, body []byte) {
	var in struct {
		UserID *string `json:"userid"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: `请发送 {"userid": "zhangsan"}（或用 {} 读取当前成员）`, EnUS: `send {"userid": "zhangsan"} (or {} to read the member)`})
		return
	}
	d, ok := s.b.(EmulatorData)
	if !ok {
		s.failText(w, e, http.StatusNotImplemented, CodeUnavailable, wecom.Text{ZhCN: "此配置没有给模拟器提供成员", EnUS: "this profile gives the emulator no members"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), wecomTimeout)
	defer cancel()
	members, err := d.EmulatorMembers(ctx)
	if err != nil {
		e.Error = redact.URL(err.Error())
		s.failText(w, e, http.StatusServiceUnavailable, CodeUnavailable, wecom.Text{ZhCN: "没能读取成员；原因见 wecomdev 的{tool:devserver}请求日志", EnUS: "the members could not be read; the request log in wecomdev has the cause"})
		return
	}
	if in.UserID != nil && *in.UserID != "" {
		if !slices.Contains(members, *in.UserID) {
			s.failText(w, e, http.StatusBadRequest, CodeInvalidInput, wecom.Text{ZhCN: fmt.Sprintf("%s 不是此配置的企业成员；请从这些中选一个：%s", quoteShort(*in.UserID), strings.Join(members, ", ")), EnUS: fmt.Sprintf("%s is not a member of the profile's WeCom; pick one of %s", quoteShort(*in.UserID), strings.Join(members, ", "))})
			return
		}
		o := s.oauthSide()
		o.mu.Lock()
		o.member = *in.UserID
		o.mu.Unlock()
		p := s.phoneState()
		p.mu.Lock()
		p.user = cachedUser{}
		p.mu.Unlock()
	}
	member := s.emulatedUser(ctx)
	e.OAuth = &OAuthStep{UserID: member, Emulated: true}
	s.writeJSON(w, r.Context(), e, http.StatusOK, struct {
		Member  string   `json:"member"`
		Members []string `json:"members"`
	}{member, members})
}
