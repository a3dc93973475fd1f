package sandbox

// OAuth (网页授权) of the sandbox WeCom: the authorize page a phone's browser is sent to,
// and the two server calls an app makes with the code it brings back. The rules and
// their sources are in docs/wecom-facts.md, "OAuth (网页授权)" (WeCom docs 91022 构造网页授权链接,
// 91023 获取访问用户身份, 95833 获取访问用户敏感信息, 91335 the trusted-domain rule).
//
// Codes and user_tickets live in this process's memory only (not in Persist): the page
// that opens the sandbox's authorize URL and the dev server that exchanges the code run
// in the same process. Reset forgets them.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"wecomdev/internal/wecom/oauthcode"
)

// AuthorizePath is where the sandbox serves WeCom's authorize page; the real one is
// https://open.weixin.qq.com/connect/oauth2/authorize (doc 91022).
const AuthorizePath = "/connect/oauth2/authorize"

// Scopes of a self-built app's authorize URL (doc 91022).
const (
	ScopeBase        = "snsapi_base"
	ScopePrivateInfo = "snsapi_privateinfo"
)

// OAuth error codes.
const (
	// CodeInvalidCode: a code used before, expired (5 minutes) or never issued: doc 91023
	// 「code只能使用一次，5分钟未被使用自动过期」, and its error example
	// {"errcode":40029,"errmsg":"invalid code"}; WeCom staff: 「一个code只能消费一次，消费过后就会删除」
	// (community 00042e857b892808df7a3475659c00, 2020-06).
	CodeInvalidCode = 40029
	// CodeRedirectUnauthorized: doc 91023 「跳转的域名须完全匹配access_token对应应用的可信域名，
	// 否则会返回50001错误」; the global code table (doc 90313): redirect_url未登记可信域名.
	CodeRedirectUnauthorized = 50001
)

const (
	codeTTL       = oauthcode.TTL      // doc 91023: 「5分钟未被使用自动过期」; the rule's home is internal/wecom/oauthcode
	userTicketTTL = 1800 * time.Second // doc 91023: user_ticket 「有效期为1800s」
	codeLen       = 43                 // [U] real codes are opaque, ≤ 512 bytes (doc 91022); the ones seen are 43 url-safe characters
	maxState      = 128                // doc 91022: state 「a-zA-Z0-9的参数值，长度不可超过128个字节」
)

func init() {
	errorTexts[CodeInvalidCode] = "invalid code"                       // doc 91023's error example
	errorTexts[CodeRedirectUnauthorized] = "redirect_uri unauthorized" // [U] the English text; the meaning is doc 90313's
}

var stateRe = regexp.MustCompile(`^[a-zA-Z0-9]*$`)

// oauthState is what the sandbox handed out through OAuth, in memory (see the top).
type oauthState struct {
	mu sync.Mutex
	// codes: each works once, for oauthcode.TTL (doc 91023), the same rule as the dev
	// server's emulator; it has one home in internal/wecom/oauthcode.
	codes   oauthcode.Store[*oauthCode]
	tickets map[string]*userTicket
	// trusted: the app's trusted-domain rule (可信域名) set with SetTrustedDomains, by
	// "corpID/agentID". Besides it every app trusts loopback hosts on any port: [U] a
	// sandbox-only choice, so the sandbox profile's pages on 127.0.0.1 work out of the
	// box; real WeCom accepts only registered, ICP-filed domains.
	trusted map[string]TrustedFunc
}

// oauthCode is one code: who was "on the phone", for which app, where it was sent back.
type oauthCode struct {
	corpID         string
	agentID        int64 // 0: the authorize URL named no agentid
	scope          string
	userID         string // a member; "" for a non-member
	openID         string // a non-member
	externalUserID string // a non-member who is a customer
	redirectHost   string // redirect_uri's host[:port], lower case
	redirectScheme string
}

// userTicket is one user_ticket of auth/getuserinfo (snsapi_privateinfo).
type userTicket struct {
	corpID  string
	agentID int64
	userID  string
	expires time.Time
}

// oauth is the server's OAuth state, its maps made on first use.
func (s *Server) oauth() *oauthState {
	o := &s.oa
	o.mu.Lock()
	if o.tickets == nil {
		o.tickets, o.trusted = map[string]*userTicket{}, map[string]TrustedFunc{}
	}
	o.mu.Unlock()
	return o
}

// forgetOAuth drops every code and user_ticket (Reset); trusted domains stay, as they
// are the console's copy of a setting.
func (s *Server) forgetOAuth() {
	o := s.oauth()
	o.mu.Lock()
	defer o.mu.Unlock()
	o.codes.Clear()
	clear(o.tickets)
}

// TrustedFunc says whether a redirect_uri at scheme://hostport ("h5.example.com",
// "dev.example.com:8443", as the URL has it) is on one of an app's trusted domains. The
// rule (exact host, the port counts: doc 91335 「配置域名必须与访问域名完全一致，包括端口号」)
// has its one home in internal/reach, which the sandbox may not import: the console hands
// it in (workspace).
type TrustedFunc func(scheme, hostport string) bool

// SetTrustedDomains sets an app's trusted-domain rule for OAuth; nil: none (loopback hosts
// count all the same, see oauthState).
func (s *Server) SetTrustedDomains(corpID string, agentID int64, trusted TrustedFunc) {
	o := s.oauth()
	o.mu.Lock()
	defer o.mu.Unlock()
	o.trusted[corpID+"/"+strconv.FormatInt(agentID, 10)] = trusted
}

// trustedFor: whether a redirect_uri at scheme://hostport is on the app's trusted domains.
func (o *oauthState) trustedFor(corpID string, agentID int64, scheme, hostport string) bool {
	name := hostport
	if h, _, err := splitHost(hostport); err == nil {
		name = h
	}
	if isLoopback(name) {
		return true // [U] sandbox-only, see oauthState.trusted
	}
	f := o.trusted[corpID+"/"+strconv.FormatInt(agentID, 10)]
	return f != nil && f(scheme, hostport)
}

func splitHost(hostport string) (string, string, error) {
	u, err := url.Parse("http://" + hostport)
	if err != nil {
		return "", "", err
	}
	return u.Hostname(), u.Port(), nil
}

func isLoopback(name string) bool {
	name = strings.Trim(name, "[]")
	return name == "localhost" || name == "::1" || strings.HasPrefix(name, "127.")
}

// OpenID is the openid the sandbox gives a non-member: stable per corp and person, ≤ 64
// bytes (doc 91023: 「非企业成员的标识，对当前企业唯一。不超过64字节」).
func OpenID(corpID, person string) string {
	h := sha256.Sum256([]byte(corpID + "\x00" + person))
	return "oSbx" + hex.EncodeToString(h[:12])
}

// StrangerID names the non-member on the authorize page who is no customer of the corp:
// getuserinfo answers only an openid for them.
const StrangerID = "stranger"

// authorizeReq is a parsed authorize URL.
type authorizeReq struct {
	corp          *corpState
	app           *appState // nil: no agentid
	redirect      *url.URL
	redirectHost  string
	scope, state  string
	agentIDRaw    string
	problemZh, En string // why WeCom's page refuses it; "" when it does not
}

// serveAuthorize is GET /connect/oauth2/authorize: without pick, a page listing who may
// be "on the phone" (the corp's members, its customers, a WeChat user who is neither);
// with pick (sandbox-only), a code for that person and a 302 to
// redirect_uri?code=CODE&state=STATE (doc 91022).
func (s *Server) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	var req authorizeReq
	var people []personOption
	_ = s.locked(func() {
		req = s.parseAuthorize(r.URL.Query())
		if req.corp != nil && req.problemZh == "" {
			people = s.peopleFor(req)
		}
	})
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	if req.problemZh != "" {
		// WeCom shows its own error page, HTTP 200 ([U] the status); the text the client
		// shows for a redirect_uri off the trusted domains is 「redirect_uri需使用应用可信域名」
		// (landscape-2026 §2 #2, community oCJUsw_nsXRthZ87PQ_Qkv1NzuYQ).
		writeAuthorizePage(w, authorizePage{ErrorZh: req.problemZh, ErrorEn: req.En})
		return
	}
	pick := r.URL.Query().Get("pick")
	if pick == "" {
		for i := range people {
			people[i].PickURL = template.URL("?" + r.URL.RawQuery + "&pick=" + url.QueryEscape(people[i].ID))
		}
		writeAuthorizePage(w, authorizePage{People: people, Scope: req.scope})
		return
	}
	var chosen *personOption
	for i := range people {
		if people[i].ID == pick {
			chosen = &people[i]
		}
	}
	if chosen == nil {
		writeAuthorizePage(w, authorizePage{ErrorZh: "沙盒中没有此人：" + pick, ErrorEn: "no such person in the sandbox: " + pick})
		return
	}
	code := s.IssueCode(req, *chosen)
	w.Header().Set("Location", RedirectWithCode(req.redirect, code, req.state))
	w.WriteHeader(http.StatusFound)
}

// RedirectWithCode is redirect_uri with &code=…&state=… appended to its own query, as
// WeCom does (doc 91022's example: query?action=get&code=…&state=).
func RedirectWithCode(redirect *url.URL, code, state string) string {
	u := *redirect
	q := u.RawQuery
	if q != "" {
		q += "&"
	}
	u.RawQuery = q + "code=" + url.QueryEscape(code) + "&state=" + url.QueryEscape(state)
	return u.String()
}

// parseAuthorize reads and checks an authorize URL's parameters. Called with s.mu held.
func (s *Server) parseAuthorize(q url.Values) authorizeReq {
	var req authorizeReq
	bad := func(zh, en string) authorizeReq { req.problemZh, req.En = zh, en; return req }
	req.corp = s.byCorpID[q.Get("appid")]
	if req.corp == nil {
		// [U] the real page's text for an unknown appid
		return bad("appid 不是沙盒中的企业 CorpID："+q.Get("appid"), "appid is not a CorpID of the sandbox: "+q.Get("appid"))
	}
	if q.Get("response_type") != "code" {
		return bad("response_type 必须是 code", "response_type must be code") // doc 91022: 「此时固定为：code」
	}
	req.scope = q.Get("scope")
	if req.scope != ScopeBase && req.scope != ScopePrivateInfo {
		return bad("scope 必须是 snsapi_base 或 snsapi_privateinfo："+req.scope, "scope must be snsapi_base or snsapi_privateinfo: "+req.scope)
	}
	req.state = q.Get("state")
	if len(req.state) > maxState || !stateRe.MatchString(req.state) {
		// doc 91022: a-zA-Z0-9, ≤ 128 bytes. [U] whether WeCom refuses or passes it on: refused here
		return bad("state 只能是 a-zA-Z0-9，最长 128 字节", "state may hold only a-zA-Z0-9, at most 128 bytes")
	}
	req.agentIDRaw = q.Get("agentid")
	if req.agentIDRaw != "" {
		id, err := strconv.ParseInt(req.agentIDRaw, 10, 64)
		if err == nil {
			req.app = s.app(req.corp.id, id)
		}
		if req.app == nil {
			// agentid=null / undefined from a template (community oCJUswwsHWbWuA6vOw3-5t2hhe2c). [U] the page text
			return bad("agentid 不是该企业的应用："+req.agentIDRaw, "agentid is not an app of this corp: "+req.agentIDRaw)
		}
	} else if req.scope == ScopePrivateInfo {
		// doc 91022: 「snsapi_privateinfo时必填否则报错」 (its other sentence, 「否则系统会视为
		// snsapi_base」, is the lenient reading; the sandbox takes the strict one). [guess] the page text
		return bad("scope 为 snsapi_privateinfo 时必须填 agentid", "scope snsapi_privateinfo needs agentid")
	}
	raw := q.Get("redirect_uri")
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return bad("redirect_uri 不是完整的 http(s) 地址："+raw, "redirect_uri is not a full http(s) URL: "+raw)
	}
	req.redirect = u
	req.redirectHost = strings.ToLower(u.Host)
	o := s.oauth()
	o.mu.Lock()
	ok := false
	for _, a := range req.corp.apps {
		// With an agentid the app's own domains; without one, [U] any app of the corp.
		if (req.app == nil || a == req.app) && o.trustedFor(req.corp.id, a.agentID, u.Scheme, req.redirectHost) {
			ok = true
		}
	}
	o.mu.Unlock()
	if !ok {
		return bad("redirect_uri需使用应用可信域名（"+req.redirectHost+" 不在应用的可信域名中，端口也要一致）",
			"redirect_uri must use the app's trusted domain ("+req.redirectHost+" is not one of them; the port counts)")
	}
	return req
}

// personOption is one person the authorize page offers.
type personOption struct {
	ID             string       // pick value: a userid, an external_userid or StrangerID
	PickURL        template.URL // the authorize URL with pick=ID (the page's link)
	Name           string
	Member         bool
	ExternalUserID string
}

// peopleFor lists the corp's members, then its customers, then a stranger. Called with
// s.mu held.
func (s *Server) peopleFor(req authorizeReq) []personOption {
	var out []personOption
	for _, m := range req.corp.data.Members {
		out = append(out, personOption{ID: m.UserID, Name: m.Name, Member: true})
	}
	for _, c := range req.corp.data.Customers {
		out = append(out, personOption{ID: c.ExternalUserID, Name: c.Name, ExternalUserID: c.ExternalUserID})
	}
	return append(out, personOption{ID: StrangerID, Name: "微信用户 / WeChat user"})
}

// IssueCode makes a code for p, as WeCom does when the person on the phone passes the
// authorize page.
func (s *Server) IssueCode(req authorizeReq, p personOption) string {
	c := &oauthCode{corpID: req.corp.id, scope: req.scope, redirectHost: req.redirectHost, redirectScheme: req.redirect.Scheme}
	if req.app != nil {
		c.agentID = req.app.agentID
	}
	if p.Member {
		c.userID = p.ID
	} else {
		c.openID = OpenID(req.corp.id, p.ID)
		c.externalUserID = p.ExternalUserID
	}
	code := randomString(codeLen)
	s.oauth().codes.Issue(code, c, s.now())
	return code
}

// Authorize runs the authorize page for a test or a tool: the code WeCom would send to
// redirect_uri for person (a userid, an external_userid or StrangerID), or the page's
// refusal as an error.
func (s *Server) Authorize(authorizeURL, person string) (code string, err error) {
	u, err := url.Parse(authorizeURL)
	if err != nil {
		return "", fmt.Errorf("sandbox authorize: %w", err)
	}
	var req authorizeReq
	var people []personOption
	_ = s.locked(func() {
		req = s.parseAuthorize(u.Query())
		if req.corp != nil && req.problemZh == "" {
			people = s.peopleFor(req)
		}
	})
	if req.problemZh != "" {
		return "", fmt.Errorf("sandbox authorize refused: %s", req.En)
	}
	for _, p := range people {
		if p.ID == person {
			return s.IssueCode(req, p), nil
		}
	}
	return "", fmt.Errorf("sandbox authorize: no person %q in the sandbox", person)
}

// getUserInfo is GET auth/getuserinfo?access_token=&code= (doc 91023).
func (s *Server) getUserInfo(c *call) (any, error) {
	code := c.r.URL.Query().Get("code")
	if code == "" {
		return nil, missing("code") // [U]
	}
	o := s.oauth()
	o.mu.Lock()
	defer o.mu.Unlock()
	// Taken (it works once) whatever comes next. Used, expired, unknown, or another
	// corp's: 40029 alike.
	oc, state := o.codes.Take(code, s.now())
	if state != oauthcode.Live || oc.corpID != c.app.corp.id {
		return nil, apiErr(CodeInvalidCode)
	}
	if !o.trustedFor(c.app.corp.id, c.app.agentID, oc.redirectScheme, oc.redirectHost) {
		return nil, apiErr(CodeRedirectUnauthorized) // doc 91023: the token's app's trusted domains
	}
	if oc.userID == "" {
		out := map[string]string{"openid": oc.openID}
		// doc 91023: external_userid only when the person is a customer and a follow-up
		// member is in the app's visible range.
		if cu := c.app.corp.data.customer(oc.externalUserID); cu != nil && slices.ContainsFunc(cu.FollowUsers, func(f FollowUser) bool { return c.app.sees(f.UserID) }) {
			out["external_userid"] = oc.externalUserID
		}
		return out, nil
	}
	out := map[string]string{"userid": oc.userID}
	// doc 91023: user_ticket when the scope is snsapi_privateinfo and the member is in the
	// app's visible range. [U] also only for the app the authorize URL named.
	if oc.scope == ScopePrivateInfo && oc.agentID == c.app.agentID && c.app.sees(oc.userID) {
		t := randomString(ticketLen)
		o.tickets[t] = &userTicket{corpID: oc.corpID, agentID: oc.agentID, userID: oc.userID, expires: s.now().Add(userTicketTTL)}
		out["user_ticket"] = t
	}
	return out, nil
}

// UserDetail is auth/getuserdetail's answer (doc 95833).
type UserDetail struct {
	UserID  string `json:"userid"`
	Gender  string `json:"gender"` // "0" undefined, "1" male, "2" female
	Avatar  string `json:"avatar"`
	QRCode  string `json:"qr_code"`
	Mobile  string `json:"mobile"`
	Email   string `json:"email"`
	BizMail string `json:"biz_mail"`
	Address string `json:"address"`
}

// getUserDetail is POST auth/getuserdetail {"user_ticket"} (doc 95833).
func (s *Server) getUserDetail(c *call) (any, error) {
	var body struct {
		UserTicket string `json:"user_ticket"`
	}
	if err := decodeBody(c, &body); err != nil {
		return nil, err
	}
	if body.UserTicket == "" {
		return nil, missing("user_ticket")
	}
	o := s.oauth()
	o.mu.Lock()
	t := o.tickets[body.UserTicket]
	if t != nil && !s.now().Before(t.expires) {
		delete(o.tickets, body.UserTicket)
		t = nil
	}
	o.mu.Unlock()
	if t == nil || t.corpID != c.app.corp.id || t.agentID != c.app.agentID {
		// [guess] the code and text of an unknown or expired user_ticket are not documented
		return nil, apiErrf(CodeInvalidParameter, "invalid user_ticket")
	}
	if !c.app.sees(t.userID) {
		return nil, apiErr(CodeAPIForbidden) // doc 95833: the member must be in the visible range; [U] the code
	}
	// Made-up values of the sandbox's members: doc 95833's fields, all "consented".
	n := strings.ToLower(t.userID)
	return UserDetail{
		UserID:  t.userID,
		Gender:  "0",
		Avatar:  "https://wework.qpic.cn/wwhead/sandbox-" + n + "/0",
		QRCode:  "https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=sandbox" + n,
		Mobile:  "1380000" + fmt.Sprintf("%04d", len(n)*37%10000),
		Email:   n + "@sandbox.example",
		BizMail: n + "@biz.sandbox.example",
		Address: "沙盒路 1 号 / 1 Sandbox Road",
	}, nil
}

// authorizePage is the HTML of the sandbox's authorize page.
type authorizePage struct {
	ErrorZh, ErrorEn string
	People           []personOption
	Scope            string
}

var authorizeTmpl = template.Must(template.New("authorize").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>企业微信网页授权（沙盒） · WeCom OAuth (sandbox)</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;padding:16px;background:#f5f5f5;color:#1c1c1e}
@media (prefers-color-scheme:dark){body{background:#000;color:#f5f5f7}.card{background:#1c1c1e!important;border-color:#38383a!important}a{color:#07c160}}
.card{background:#fff;border:1px solid #e5e5e5;border-radius:8px;padding:12px 16px;margin:0 0 12px}
.err{color:#fa5151;font-weight:600}
a.p{display:block;padding:8px 0;border-top:1px solid #e5e5e5;text-decoration:none;color:inherit}
small{color:#8e8e93}
</style></head><body>
{{if .ErrorZh}}<div class="card" data-authorize-error><p class="err">{{.ErrorZh}}</p><p class="err" lang="en">{{.ErrorEn}}</p></div>
{{else}}<div class="card"><p>沙盒企业微信：选择“手机上”是谁，页面将带着 code 跳回。<br><small lang="en">Sandbox WeCom: pick who is "on the phone"; the page goes back with a code.</small></p>
{{if eq .Scope "snsapi_privateinfo"}}<p><small>snsapi_privateinfo：成员确认授权后，应用可读取敏感信息。 / the member consents to the app reading sensitive fields.</small></p>{{end}}
</div>
<div class="card">{{range .People}}<a class="p" data-pick="{{.ID}}" href="{{.PickURL}}">{{.Name}} <small>{{if .Member}}成员 member · userid {{.ID}}{{else if .ExternalUserID}}非成员（客户） non-member (customer) · external_userid {{.ExternalUserID}}{{else}}非成员 non-member · openid only{{end}}</small></a>{{end}}</div>
{{end}}</body></html>
`))

func writeAuthorizePage(w http.ResponseWriter, p authorizePage) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	w.WriteHeader(http.StatusOK)
	_ = authorizeTmpl.Execute(w, p)
}
