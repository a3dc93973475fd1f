package callback

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"wecomdev/internal/wecom"
)

// The probe plays WeCom against a developer's callback URL: the signed, encrypted GET that
// the admin console sends when the URL is saved, then one POSTed event, and says with
// evidence what WeCom would refuse. It calls only the URL it is given (no redirect is
// followed), at most three requests, each bounded in time and in the bytes it reads.

// WeCom's time limits (回调配置, developer.work.weixin.qq.com/document/path/90930):
//   - the GET verification must be answered "在1秒内" (within 1 second);
//   - a POSTed message or event "企业微信服务器在五秒内收不到响应会断掉连接，并且重新发起请求，
//     总共重试三次" (no answer in 5 seconds: dropped and retried, three times in all).
const (
	GetLimit  = 1 * time.Second
	PostLimit = 5 * time.Second
	// getWarn and postWarn: half the limit. A guess, on the strict side: WeCom's servers
	// reach the URL over the internet and a tunnel, which adds time the probe from this
	// machine does not see.
	getWarn  = GetLimit / 2
	postWarn = PostLimit / 2
	// The probe waits past the limits, to say how slow an answer is.
	getTimeout  = 5 * time.Second
	postTimeout = 8 * time.Second
	// maxBody is what the probe reads of an answer; bodyShown what a report shows of it.
	maxBody   = 64 << 10
	bodyShown = 300
)

// Check statuses.
const (
	StatusPass = "pass"
	StatusFail = "fail"
	StatusWarn = "warn"
	StatusSkip = "skip"
)

// Check codes, in report order.
const (
	CheckURL        = "url"         // scheme and host: https, a domain
	CheckReach      = "reach"       // the request got an answer at all
	CheckTLS        = "tls"         // the certificate WeCom would meet
	CheckGetStatus  = "get_status"  // HTTP 200, no redirect
	CheckGetAnswer  = "get_answer"  // the bare decrypted echostr
	CheckGetTime    = "get_time"    // within 1 second
	CheckPostStatus = "post_status" // HTTP 200, no redirect
	CheckPostAnswer = "post_answer" // success (or an empty 200 / encrypted reply for an own app)
	CheckPostTime   = "post_time"   // within 5 seconds
)

// Causes a failing or warning check names (Check.Cause).
const (
	CauseBOM        = "bom"
	CauseNewline    = "newline"
	CauseQuotes     = "quotes"
	CauseJSON       = "json"
	CauseHTML       = "html"
	CauseEmpty      = "empty"
	CauseEncrypted  = "encrypted" // the echostr sent back undecrypted
	CauseSuccess    = "success"   // "success" answered to the GET
	CauseMismatch   = "mismatch"  // another text: the keys differ
	CauseToken      = "token"     // the server said -40001 (signature): the Token differs
	CauseAESKey     = "aeskey"    // -40004/-40007/-40008/-40010: the EncodingAESKey differs
	CauseReceiveID  = "receiveid" // -40005, or the answer is right with the other receiveid
	CauseLibError   = "lib_error" // another -400xx
	CauseRedirect   = "redirect"  // 3xx
	CauseStatus     = "status"    // another status
	CauseSlow       = "slow"      // past WeCom's limit
	CauseSlowish    = "slowish"   // past half of it (a guess)
	CauseTimeout    = "timeout"   // no answer while the probe waited
	CauseTLS        = "tls"       // the TLS handshake failed
	CauseRefused    = "unreachable"
	CauseHTTP       = "http" // plain http
	CauseIP         = "ip"   // an IP address as the host
	CauseNotSuccess = "not_success"
	CauseReplyKey   = "reply_key" // an encrypted passive reply that does not decrypt here
)

// Text is one message in both UI languages.
type Text = wecom.Text

func tx(zh, en string) Text { return Text{ZhCN: zh, EnUS: en} }

// Check is one line of the probe's report.
type Check struct {
	Code     string `json:"code"`
	Status   string `json:"status"`
	Cause    string `json:"cause,omitempty"`
	Title    Text   `json:"title"`
	Evidence Text   `json:"evidence"`
	Fix      Text   `json:"fix"`
	Doc      string `json:"doc,omitempty"`
	// Guess: the rule behind this verdict is a stricter guess, not a documented fact (the
	// texts say so too).
	Guess bool `json:"guess,omitempty"`
}

// Request is one request the probe made and what came back.
type Request struct {
	Method      string `json:"method"`
	URL         string `json:"url"`
	ReceiveID   string `json:"receiveId"`
	Status      int    `json:"status"`
	DurationMs  int64  `json:"durationMs"`
	ContentType string `json:"contentType,omitempty"`
	Location    string `json:"location,omitempty"`
	// Body is the start of the answer, Go-quoted so a BOM or a newline shows.
	Body  string `json:"body"`
	Error string `json:"error,omitempty"`
}

// Report is what the probe found.
type Report struct {
	URL       string `json:"url"`
	ReceiveID string `json:"receiveId"`
	// OK: nothing failed (warnings allowed).
	OK bool `json:"ok"`
	// Console says what WeCom's admin console would answer on 保存 (save).
	Console  Text      `json:"console"`
	Checks   []Check   `json:"checks"`
	Requests []Request `json:"requests"`
}

// ProbeOptions say what to play.
type ProbeOptions struct {
	// URL is the developer's callback URL, as pasted into the admin console.
	URL string
	// ReceiveID is what WeCom puts into the messages: the corpid for a corp's own app, the
	// suiteid for a third-party suite's callbacks (90968 附注). The Crypter's is used.
	// CorpID is the profile's corpid: when it differs from the Crypter's receiveid, a wrong
	// answer is tried once more with it, to name a corpid-vs-suiteid mix-up.
	CorpID string
	// AgentID goes into the POSTed event.
	AgentID string
	// Client makes the requests (tests); nil: one that follows no redirect.
	Client *http.Client
	// Now is the clock the durations are measured with (tests); nil: time.Now.
	Now func() time.Time
}

// ErrProbeURL: the URL cannot be probed.
var ErrProbeURL = errors.New("the callback URL must be an absolute http:// or https:// URL")

// Probe runs the probe. The error is ErrProbeURL for a URL it cannot use, or ctx's error;
// what the server does wrong is in the report.
func Probe(ctx context.Context, c *Crypter, opts ProbeOptions) (Report, error) {
	u, err := url.Parse(strings.TrimSpace(opts.URL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Report{}, fmt.Errorf("%w (got %q)", ErrProbeURL, opts.URL)
	}
	u.Fragment = ""
	client := opts.Client
	if client == nil {
		client = probeClient()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	p := &prober{c: c, client: client, u: u, opts: opts, secrets: []string{c.token, c.aesKey}}
	r := Report{URL: u.String(), ReceiveID: c.receiveID, Checks: []Check{}, Requests: []Request{}}
	p.r = &r
	p.checkURL()
	if err := p.get(ctx); err != nil {
		return Report{}, err
	}
	if err := p.post(ctx); err != nil {
		return Report{}, err
	}
	r.OK = true
	getOK := true
	for _, ch := range r.Checks {
		if ch.Status == StatusFail {
			r.OK = false
			if !strings.HasPrefix(ch.Code, "post_") {
				getOK = false
			}
		}
	}
	if getOK {
		r.Console = tx("验证请求（GET）会通过：管理后台保存时不应报错。", "the verification (GET) would pass: saving the URL in the admin console should succeed.")
	} else {
		// -30065 「openapi回调地址请求不通过」 is what the console shows for a failed
		// verification, whatever the cause (developers' reports: sunnoy/openclaw-plugin-wecom#8,
		// AstrBotDevs/AstrBot#599, BytePioneer-AI/openclaw-china#167; WeCom's error-code page
		// does not list it).
		r.Console = tx("管理后台保存时会报 -30065「openapi回调地址请求不通过」：这是验证请求失败时的统一提示，原因见下面失败的检查。",
			"the admin console would refuse the URL with -30065 「openapi回调地址请求不通过」 (openapi callback URL request failed): it says so for any failed verification; the failing checks below say why.")
	}
	return r, nil
}

// probeClient follows no redirect (WeCom is not known to; the probe reports a 3xx instead)
// and takes the system's proxy settings and certificate store.
func probeClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.IdleConnTimeout = 2, 5*time.Second
	return &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

type prober struct {
	c       *Crypter
	client  *http.Client
	u       *url.URL
	opts    ProbeOptions
	r       *Report
	secrets []string
	getDown bool // the GET got no answer: the POST is skipped
}

func (p *prober) add(ch Check) { p.r.Checks = append(p.r.Checks, ch) }

// scrub masks the Token and EncodingAESKey wherever an answer repeats them.
func (p *prober) scrub(s string) string {
	for _, v := range p.secrets {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, Mask(v))
		}
	}
	return s
}

func (p *prober) checkURL() {
	ch := Check{Code: CheckURL, Status: StatusPass, Title: tx("回调 URL", "callback URL"), Doc: doc90930,
		Evidence: tx("地址 "+p.u.Scheme+"://"+p.u.Host, "address "+p.u.Scheme+"://"+p.u.Host)}
	host := p.u.Hostname()
	switch {
	case p.u.Scheme == "http":
		// 接收消息 概述: "支持http或https协议（为了提高安全性，建议使用https）" (96466 / 90930).
		ch.Status, ch.Cause = StatusWarn, CauseHTTP
		ch.Evidence = tx("URL 用的是 http://", "the URL uses http://")
		ch.Fix = tx("WeCom 接受 http，但建议 https；隧道的 https 公网地址更稳妥。", "WeCom takes http but recommends https; use the tunnel's https public URL.")
	case net.ParseIP(host) != nil:
		// A 2026 report says IP-address URLs no longer pass (YanHaidao/wecom#55); older docs
		// accept them. A guess, on the strict side.
		ch.Status, ch.Cause, ch.Guess = StatusWarn, CauseIP, true
		ch.Evidence = tx("主机是 IP 地址 "+host, "the host is the IP address "+host)
		ch.Fix = tx("（推测）2026 年有开发者反映 IP 地址不再能通过验证：改用域名。", "(a guess) in 2026 developers report that IP-address URLs no longer pass: use a domain name.")
	}
	p.add(ch)
}

const (
	doc90930 = "https://developer.work.weixin.qq.com/document/path/90930"
	doc90968 = "https://developer.work.weixin.qq.com/document/path/90968"
	doc90468 = "https://developer.work.weixin.qq.com/document/path/90468"
	doc97172 = "https://developer.work.weixin.qq.com/document/path/97172"
)

// exchange is one request and its answer.
type exchange struct {
	req  Request
	resp *http.Response
	body []byte
	dur  time.Duration
	err  error
}

func (p *prober) do(ctx context.Context, method, receiveID string, q url.Values, body []byte, timeout time.Duration) *exchange {
	u := *p.u
	query := u.Query()
	for k, v := range q {
		query[k] = v
	}
	u.RawQuery = query.Encode()
	x := &exchange{req: Request{Method: method, URL: u.String(), ReceiveID: receiveID}}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		x.err = err
		x.req.Error = err.Error()
		return x
	}
	if body != nil {
		req.Header.Set("Content-Type", "text/xml")
	}
	req.Header.Set("User-Agent", "wecomdev-callback-probe")
	start := p.opts.Now()
	resp, err := p.client.Do(req)
	if err == nil {
		x.body, err = io.ReadAll(io.LimitReader(resp.Body, maxBody))
		resp.Body.Close()
	}
	x.dur = p.opts.Now().Sub(start)
	x.req.DurationMs = x.dur.Milliseconds()
	if resp != nil {
		x.resp = resp
		x.req.Status = resp.StatusCode
		x.req.ContentType = resp.Header.Get("Content-Type")
		x.req.Location = p.scrub(resp.Header.Get("Location"))
	}
	x.req.Body = p.scrub(shown(x.body))
	if err != nil {
		x.err = err
		x.req.Error = p.scrub(err.Error())
	}
	return x
}

// shown is the start of a body, Go-quoted (a BOM shows as \ufeff, a newline as \n).
func shown(b []byte) string {
	cut := b
	if len(cut) > bodyShown {
		cut = cut[:bodyShown]
	}
	s := strconv.Quote(string(cut))
	if len(b) > bodyShown {
		s += fmt.Sprintf(" … (%d bytes)", len(b))
	}
	return s
}

// randomDigits is a decimal string like WeCom's echostr plaintext ("1616140317555161061"
// in the official samples) or nonce.
func randomDigits(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		d, err := rand.Int(rand.Reader, big.NewInt(10))
		if err != nil {
			panic(fmt.Sprintf("crypto/rand failed: %v", err))
		}
		if i == 0 && d.Int64() == 0 {
			d = big.NewInt(1)
		}
		b.WriteByte(byte('0' + d.Int64()))
	}
	return b.String()
}

// get plays the verification.
func (p *prober) get(ctx context.Context) error {
	plain := randomDigits(19)
	x, enc, err := p.verify(ctx, p.c, plain)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if !p.transport(x, "GET") {
		p.getDown = true
		p.add(Check{Code: CheckGetStatus, Status: StatusSkip, Title: tx("GET 的状态码", "GET status"), Evidence: tx("没有回答", "no answer")})
		p.add(Check{Code: CheckGetAnswer, Status: StatusSkip, Title: tx("GET 的回答", "GET answer"), Evidence: tx("没有回答", "no answer")})
		if x.err != nil && isTimeout(x.err) {
			p.add(p.slowCheck(CheckGetTime, x.dur, true))
		} else {
			p.add(Check{Code: CheckGetTime, Status: StatusSkip, Title: tx("GET 的耗时", "GET time"), Evidence: tx("没有回答", "no answer")})
		}
		return nil
	}
	p.add(p.statusCheck(CheckGetStatus, "GET", x))
	ans := p.echoCheck(x, plain, enc)
	if ans.Status == StatusFail && (ans.Cause == CauseMismatch || ans.Cause == CauseLibError || ans.Cause == CauseAESKey) {
		p.tryOtherReceiveID(ctx, &ans)
	}
	p.add(ans)
	p.add(p.slowCheck(CheckGetTime, x.dur, false))
	return nil
}

// verify sends one signed, encrypted GET like WeCom's (90930 验证URL有效性).
func (p *prober) verify(ctx context.Context, c *Crypter, plain string) (*exchange, string, error) {
	enc, err := c.Encrypt([]byte(plain))
	if err != nil {
		return nil, "", err
	}
	ts, nonce := strconv.FormatInt(p.opts.Now().Unix(), 10), randomDigits(10)
	q := url.Values{"msg_signature": {c.Signature(ts, nonce, enc)}, "timestamp": {ts}, "nonce": {nonce}, "echostr": {enc}}
	x := p.do(ctx, http.MethodGet, c.receiveID, q, nil, getTimeout)
	p.r.Requests = append(p.r.Requests, x.req)
	return x, enc, nil
}

// tryOtherReceiveID sends the verification once more with the profile's corpid when the
// probe's receiveid is another (a suiteid): a server that answers that one right decrypts
// with the wrong receiveid.
func (p *prober) tryOtherReceiveID(ctx context.Context, ans *Check) {
	other := p.opts.CorpID
	if other == "" || other == p.c.receiveID {
		return
	}
	c2 := *p.c
	c2.receiveID = other
	plain := randomDigits(19)
	x, _, err := p.verify(ctx, &c2, plain)
	if err != nil || x.err != nil || !bytes.Equal(x.body, []byte(plain)) {
		return
	}
	ans.Cause = CauseReceiveID
	ans.Evidence = tx(
		fmt.Sprintf("echostr 里的 receiveid 是 %q 时回答不对；换成 %q 时回答正确：服务器用 %q 解密。", p.c.receiveID, other, other),
		fmt.Sprintf("with receiveid %q in the echostr the answer is wrong; with %q it is right: the server decrypts with %q.", p.c.receiveID, other, other))
	ans.Fix = receiveIDFix
}

var receiveIDFix = tx("receiveid：企业自建应用的回调用 corpid，第三方应用（套件）的回调用 suiteid，个人主体的第三方应用为空（加解密方案说明 附注）。让服务器按回调的种类选用。",
	"receiveid: a corp's own app's callbacks carry the corpid, a third-party suite's the suiteid, a personal third-party app's is empty (加解密方案说明, 附注). Make the server pick it by the kind of callback.")

// transport adds the reach and TLS checks; false when no answer came.
func (p *prober) transport(x *exchange, method string) bool {
	if x.err == nil || x.resp != nil && len(x.body) > 0 {
		if method == "GET" {
			p.add(Check{Code: CheckReach, Status: StatusPass, Title: tx("连通", "reachable"),
				Evidence: tx(fmt.Sprintf("HTTP %d，%d ms", x.req.Status, x.req.DurationMs), fmt.Sprintf("HTTP %d in %d ms", x.req.Status, x.req.DurationMs))})
			p.add(p.tlsPass(x))
		}
		return x.err == nil
	}
	msg := p.scrub(x.err.Error())
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	var rh tls.RecordHeaderError
	switch {
	case errors.As(x.err, &ua) || errors.As(x.err, &he) || errors.As(x.err, &ci) || errors.As(x.err, &rh) || strings.Contains(msg, "tls:") || strings.Contains(msg, "x509:"):
		p.add(Check{Code: CheckReach, Status: StatusPass, Title: tx("连通", "reachable"), Evidence: tx("连上了，TLS 握手失败", "connected; the TLS handshake failed")})
		p.add(Check{Code: CheckTLS, Status: StatusFail, Cause: CauseTLS, Title: tx("TLS 证书", "TLS certificate"),
			Evidence: tx("TLS 失败："+msg, "TLS failed: "+msg),
			Fix: tx("（推测）WeCom 的服务器像浏览器一样校验证书：用受信任 CA 签发、域名相符、未过期的证书（隧道的 https 地址自带）；或先用 http 测试。",
				"(a guess) WeCom's servers check the certificate as a browser does: use one from a trusted CA, for this host name, not expired (a tunnel's https URL has one), or test over http first."),
			Guess: true})
		return false
	case isTimeout(x.err):
		p.add(Check{Code: CheckReach, Status: StatusFail, Cause: CauseTimeout, Title: tx("连通", "reachable"),
			Evidence: tx(fmt.Sprintf("%s 在 %d ms 内没有回答：%s", method, x.req.DurationMs, msg), fmt.Sprintf("%s got no answer in %d ms: %s", method, x.req.DurationMs, msg)),
			Fix:      tx("服务器没有在时限内回答：检查它是否在运行、隧道是否连着它、防火墙。", "the server did not answer in time: check that it runs, that the tunnel forwards to it, and the firewall.")})
	default:
		p.add(Check{Code: CheckReach, Status: StatusFail, Cause: CauseRefused, Title: tx("连通", "reachable"),
			Evidence: tx(method+" 失败："+msg, method+" failed: "+msg),
			Fix: tx("从这台机器就连不上：检查域名解析、端口、服务器和隧道是否在运行。WeCom 从公网访问，只有公网能到达的地址才行。",
				"it cannot be reached even from this machine: check DNS, the port, and that the server and the tunnel run. WeCom calls from the internet: only a publicly reachable URL works.")})
	}
	if method == "GET" {
		p.add(Check{Code: CheckTLS, Status: StatusSkip, Title: tx("TLS 证书", "TLS certificate"), Evidence: tx("没有连上", "no connection")})
	}
	return false
}

func (p *prober) tlsPass(x *exchange) Check {
	ch := Check{Code: CheckTLS, Status: StatusSkip, Title: tx("TLS 证书", "TLS certificate"), Evidence: tx("http，没有 TLS", "http: no TLS")}
	if x.resp != nil && x.resp.TLS != nil && len(x.resp.TLS.PeerCertificates) > 0 {
		cert := x.resp.TLS.PeerCertificates[0]
		ch.Status = StatusPass
		ch.Evidence = tx(fmt.Sprintf("证书 %s，由 %s 签发，%s 到期", cert.Subject.CommonName, cert.Issuer.CommonName, cert.NotAfter.Format("2006-01-02")),
			fmt.Sprintf("certificate %s, issued by %s, expires %s", cert.Subject.CommonName, cert.Issuer.CommonName, cert.NotAfter.Format("2006-01-02")))
	}
	return ch
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// statusCheck: WeCom takes HTTP 200 ("http头部返回200表示接收ok，其他错误码企业微信后台会一律当做
// 失败并发起重试", 90930 接收消息协议的说明). A redirect is not followed (a guess: WeCom is not
// documented to follow one).
func (p *prober) statusCheck(code, method string, x *exchange) Check {
	ch := Check{Code: code, Status: StatusPass, Title: tx(method+" 的状态码", method+" status"), Doc: doc90930,
		Evidence: tx(fmt.Sprintf("HTTP 状态码 %d", x.req.Status), fmt.Sprintf("HTTP %d", x.req.Status))}
	st := x.req.Status
	switch {
	case st == http.StatusOK:
	case st >= 300 && st < 400:
		ch.Status, ch.Cause, ch.Guess = StatusFail, CauseRedirect, true
		ch.Evidence = tx(fmt.Sprintf("HTTP %d，重定向到 %s", st, x.req.Location), fmt.Sprintf("HTTP %d, a redirect to %s", st, x.req.Location))
		ch.Fix = tx("（推测）WeCom 不跟随重定向：把重定向后的地址（常见：http→https、补上末尾的 /）直接填进管理后台。",
			"(a guess) WeCom does not follow redirects: paste the URL it redirects to (often http→https, or a trailing /) into the admin console.")
	default:
		ch.Status, ch.Cause = StatusFail, CauseStatus
		ch.Fix = statusFix(st, method)
	}
	return ch
}

func statusFix(st int, method string) Text {
	switch {
	case st == http.StatusNotFound:
		return tx("路径不对：检查填写的路径与服务器路由是否一致（末尾的 /、前缀）。", "the path is wrong: compare the URL's path with the server's route (a trailing /, a prefix).")
	case st == http.StatusMethodNotAllowed:
		return tx("服务器不接受 "+method+"：回调地址要同时处理 GET（验证）和 POST（消息与事件）。", "the server does not take "+method+": the callback URL must handle GET (verification) and POST (messages and events).")
	case st == http.StatusUnauthorized || st == http.StatusForbidden:
		return tx("服务器要求登录或拒绝了请求：回调路径不能要求登录、CSRF 令牌或 IP 白名单之外的访问控制。", "the server asks for a login or refuses: the callback path must not require a login, a CSRF token or other access control.")
	case st == http.StatusBadGateway || st == http.StatusServiceUnavailable || st == http.StatusGatewayTimeout:
		return tx("网关或隧道找不到后面的服务器：检查服务器是否在运行、隧道转发的端口。", "a gateway or tunnel cannot reach the server behind it: check that it runs and the port the tunnel forwards to.")
	case st >= 500:
		return tx("服务器出错：看它的日志（常见：解密抛出异常，Token/EncodingAESKey/receiveid 不对）。", "the server failed: read its log (often the decryption threw: Token, EncodingAESKey or receiveid differ).")
	}
	return tx("WeCom 只认 HTTP 200。", "WeCom takes only HTTP 200.")
}

// slowCheck: within WeCom's limit (1 s for the GET, 5 s for a POST; 90930).
func (p *prober) slowCheck(code string, d time.Duration, timedOut bool) Check {
	limit, warn, method := GetLimit, getWarn, "GET"
	if code == CheckPostTime {
		limit, warn, method = PostLimit, postWarn, "POST"
	}
	ms := d.Milliseconds()
	ch := Check{Code: code, Status: StatusPass, Title: tx(method+" 的耗时", method+" time"), Doc: doc90930,
		Evidence: tx(fmt.Sprintf("%d ms（WeCom 的时限 %d ms）", ms, limit.Milliseconds()), fmt.Sprintf("%d ms (WeCom's limit: %d ms)", ms, limit.Milliseconds()))}
	switch {
	case timedOut || d > limit:
		ch.Status, ch.Cause = StatusFail, CauseSlow
		if method == "GET" {
			ch.Fix = tx("WeCom 要求 1 秒内回答验证请求：先回答 echostr，别在这个请求里做别的（查库、调接口）；隧道或冷启动的服务器也会拖慢。",
				"WeCom wants the verification answered within 1 second: answer the echostr first and do nothing else in that request (no database, no API call); a tunnel or a cold-starting server adds time too.")
		} else {
			ch.Fix = tx("WeCom 5 秒收不到回答就断开并重试（共三次）：先回答 success，再异步处理事件。",
				"WeCom drops a POST after 5 seconds without an answer and retries (three times in all): answer success first, handle the event afterwards.")
		}
	case d > warn:
		ch.Status, ch.Cause, ch.Guess = StatusWarn, CauseSlowish, true
		ch.Fix = tx(fmt.Sprintf("（推测）已超过时限的一半：WeCom 从公网经隧道访问会更慢，留出余量（这里按 %d ms 警告）。", warn.Milliseconds()),
			fmt.Sprintf("(a guess) past half the limit: from WeCom, over the internet and a tunnel, it takes longer; leave room (this warns past %d ms).", warn.Milliseconds()))
	}
	return ch
}

// libErrors are the official libraries' return codes (加解密库的返回码, 90468), which
// servers often print when VerifyURL or DecryptMsg fails.
var libErrors = map[string]struct {
	cause string
	text  Text
}{
	"-40001": {CauseToken, tx("签名验证错误：服务器的 Token 与这里的不同", "signature check failed: the server's Token differs from this one")},
	"-40002": {CauseLibError, tx("xml/json 解析失败", "XML/JSON parse failed")},
	"-40003": {CauseLibError, tx("sha 加密生成签名失败", "computing the SHA signature failed")},
	"-40004": {CauseAESKey, tx("EncodingAESKey 非法：服务器的不是 43 个字符", "EncodingAESKey invalid: the server's is not 43 characters")},
	"-40005": {CauseReceiveID, tx("ReceiveId 校验错误：服务器用的 corpid/suiteid 与消息里的不同", "ReceiveId check failed: the server's corpid/suiteid differs from the message's")},
	"-40006": {CauseLibError, tx("AES 加密失败", "AES encryption failed")},
	"-40007": {CauseAESKey, tx("AES 解密失败：服务器的 EncodingAESKey 与这里的不同", "AES decryption failed: the server's EncodingAESKey differs from this one")},
	"-40008": {CauseAESKey, tx("解密后得到的 buffer 非法：EncodingAESKey 不同", "the decrypted buffer is invalid: the EncodingAESKey differs")},
	"-40009": {CauseLibError, tx("base64 加密失败", "base64 encoding failed")},
	"-40010": {CauseAESKey, tx("base64 解密失败（常见：URL 解码把 + 变成了空格）", "base64 decoding failed (often: URL decoding turned + into spaces)")},
	"-40011": {CauseLibError, tx("生成 xml/json 失败", "building the XML/JSON failed")},
}

var libErrorRE = regexp.MustCompile(`-400(0[1-9]|1[01])\b`)

var bom = []byte{0xEF, 0xBB, 0xBF}

// echoCheck judges the GET's answer: "原样返回明文消息内容（不能加引号，不能带bom头，不能带换行符）"
// (90930 验证URL有效性).
func (p *prober) echoCheck(x *exchange, plain, enc string) Check {
	ch := Check{Code: CheckGetAnswer, Status: StatusFail, Title: tx("GET 的回答（明文 echostr）", "GET answer (the plain echostr)"), Doc: doc90930}
	body := x.body
	got := p.scrub(shown(body))
	want := strconv.Quote(plain)
	ev := func(zh, en string) {
		ch.Evidence = tx(zh+"：收到 "+got+"，应为 "+want, en+": got "+got+", want "+want)
	}
	noBOM := bytes.TrimPrefix(body, bom)
	trimmed := bytes.TrimSpace(noBOM)
	ctype := strings.ToLower(x.req.ContentType)
	lower := strings.ToLower(string(trimmed))
	switch {
	case string(body) == plain:
		ch.Status = StatusPass
		ch.Evidence = tx("回答正是解密后的 echostr "+want, "the answer is exactly the decrypted echostr "+want)
		return ch
	case len(body) == 0:
		ch.Cause = CauseEmpty
		ev("回答是空的", "the answer is empty")
		ch.Fix = tx("解密 echostr 后把明文原样写进响应体。", "decrypt the echostr and write the plain text as the response body.")
	case bytes.HasPrefix(body, bom):
		ch.Cause = CauseBOM
		ev("回答以 BOM（EF BB BF）开头", "the answer starts with a BOM (EF BB BF)")
		ch.Fix = tx("去掉 BOM：源文件存为无 BOM 的 UTF-8（PHP 常见），或不要用带 BOM 的编码写响应。", "drop the BOM: save the source as UTF-8 without BOM (common in PHP), and write the answer without one.")
	case string(trimmed) == plain:
		ch.Cause = CauseNewline
		ev("回答在明文前后多了空白或换行", "the answer has whitespace or a newline around the plain text")
		ch.Fix = tx("不要用 println/echo 加换行、不要让模板输出多余空行：只写明文本身。", "no println or trailing newline, no template whitespace: write the plain text alone.")
	case string(trimmed) == `"`+plain+`"` || string(trimmed) == `'`+plain+`'`:
		ch.Cause = CauseQuotes
		ev("回答给明文加了引号（常见：框架把字符串序列化成 JSON）", "the answer puts the plain text in quotes (often: the framework serialised the string as JSON)")
		ch.Fix = tx("以 text/plain 返回原始字符串，不要 JSON 序列化。", "return the raw string as text/plain, not JSON-serialised.")
	case (bytes.HasPrefix(trimmed, []byte("{")) || bytes.HasPrefix(trimmed, []byte("["))) && json.Valid(trimmed):
		ch.Cause = CauseJSON
		ev("回答是 JSON", "the answer is JSON")
		if bytes.Contains(trimmed, []byte(plain)) {
			ch.Evidence.ZhCN += "（明文在 JSON 里面）"
			ch.Evidence.EnUS += " (the plain text is inside it)"
		}
		ch.Fix = tx("验证请求只要明文本身，不要包成 {\"code\":0,\"data\":…}：绕过框架的统一响应包装。", "the verification wants the plain text alone, not wrapped as {\"code\":0,\"data\":…}: bypass the framework's response wrapper.")
	case strings.Contains(ctype, "html") || strings.HasPrefix(lower, "<!doctype") || strings.HasPrefix(lower, "<html"):
		ch.Cause = CauseHTML
		ev("回答是 HTML 页面（Content-Type "+x.req.ContentType+"）", "the answer is an HTML page (Content-Type "+x.req.ContentType+")")
		ch.Fix = tx("请求落到了网页上（前端开发服务器、登录页、错误页）：让回调路径直接由处理回调的代码回答。", "the request reached a web page (a frontend dev server, a login or an error page): route the callback path to the code that handles callbacks.")
	case bytes.Contains(body, []byte(enc)):
		ch.Cause = CauseEncrypted
		ev("回答是没有解密的 echostr", "the answer is the echostr, not decrypted")
		ch.Fix = tx("企业微信的 echostr 是加密的：用 Token、EncodingAESKey 和 receiveid 解密后返回明文（不同于公众号的明文 echostr）。", "WeCom's echostr is encrypted: decrypt it with the Token, EncodingAESKey and receiveid and answer the plain text (unlike WeChat Official Accounts).")
	case lower == "success":
		ch.Cause = CauseSuccess
		ev("回答是 success", "the answer is success")
		ch.Fix = tx("success 是 POST 事件的回答；GET 验证要回答解密后的 echostr。", "success answers a POSTed event; the GET verification wants the decrypted echostr.")
	case libErrorRE.Match(body):
		code := libErrorRE.FindString(string(body))
		le := libErrors[code]
		ch.Cause = le.cause
		ev("回答里有加解密库的错误码 "+code+"（"+le.text.ZhCN+"）", "the answer carries the crypto library's error "+code+" ("+le.text.EnUS+")")
		ch.Doc = doc90468
		ch.Fix = keysFix
		if le.cause == CauseReceiveID {
			ch.Fix = receiveIDFix
		}
	default:
		ch.Cause = CauseMismatch
		ev("回答不是解密后的 echostr", "the answer is not the decrypted echostr")
		ch.Fix = keysFix
	}
	return ch
}

var keysFix = tx("服务器的 Token、EncodingAESKey 或 receiveid 与这里的不同：从管理后台重新复制（或用 wecomdev callback show 核对），EncodingAESKey 必须正好 43 个字符。",
	"the server's Token, EncodingAESKey or receiveid differ from these: copy them again from the admin console (compare with wecomdev callback show); the EncodingAESKey is exactly 43 characters.")

// probeEvent is the POSTed event: 进入应用 (enter_agent, 90240), harmless for any server.
func probeEvent(toUser, agentID string, now time.Time) []byte {
	return []byte("<xml><ToUserName><![CDATA[" + toUser + "]]></ToUserName><FromUserName><![CDATA[wecomdev-probe]]></FromUserName>" +
		"<CreateTime>" + strconv.FormatInt(now.Unix(), 10) + "</CreateTime><MsgType><![CDATA[event]]></MsgType>" +
		"<Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey><AgentID>" + agentID + "</AgentID></xml>")
}

// post plays one event (90930 接收业务数据).
func (p *prober) post(ctx context.Context) error {
	titleS, titleA, titleT := tx("POST 的状态码", "POST status"), tx("POST 的回答", "POST answer"), tx("POST 的耗时", "POST time")
	if p.getDown {
		for _, c := range []Check{{Code: CheckPostStatus, Title: titleS}, {Code: CheckPostAnswer, Title: titleA}, {Code: CheckPostTime, Title: titleT}} {
			c.Status, c.Evidence = StatusSkip, tx("GET 没有回答，没有发 POST", "the GET got no answer; no POST sent")
			p.add(c)
		}
		return nil
	}
	now := p.opts.Now()
	ts, nonce := strconv.FormatInt(now.Unix(), 10), randomDigits(10)
	body, sig, err := p.c.SealEvent(probeEvent(p.c.receiveID, p.opts.AgentID, now), ts, nonce, p.c.receiveID, p.opts.AgentID)
	if err != nil {
		return err
	}
	x := p.do(ctx, http.MethodPost, p.c.receiveID, url.Values{"msg_signature": {sig}, "timestamp": {ts}, "nonce": {nonce}}, body, postTimeout)
	p.r.Requests = append(p.r.Requests, x.req)
	if err := ctx.Err(); err != nil {
		return err
	}
	if x.err != nil {
		ev := tx("POST 失败："+x.req.Error, "POST failed: "+x.req.Error)
		p.add(Check{Code: CheckPostStatus, Status: StatusFail, Cause: CauseRefused, Title: titleS, Evidence: ev})
		p.add(Check{Code: CheckPostAnswer, Status: StatusSkip, Title: titleA, Evidence: tx("没有回答", "no answer")})
		p.add(p.slowCheck(CheckPostTime, x.dur, isTimeout(x.err)))
		return nil
	}
	p.add(p.statusCheck(CheckPostStatus, "POST", x))
	p.add(p.successCheck(x))
	p.add(p.slowCheck(CheckPostTime, x.dur, false))
	return nil
}

// successCheck judges the POST's answer. A suite's 指令回调 "必须直接返回字符串 success"
// (97172); a corp's own app may also answer an empty 200 or an encrypted passive reply
// ("直接返回200（即以空串为返回包）", 90930 / 被动回复).
func (p *prober) successCheck(x *exchange) Check {
	ch := Check{Code: CheckPostAnswer, Status: StatusFail, Title: tx("POST 的回答", "POST answer"), Doc: doc97172}
	got := p.scrub(shown(x.body))
	suite := p.opts.CorpID != "" && p.opts.CorpID != p.c.receiveID
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(x.body, bom))
	ev := func(zh, en string) { ch.Evidence = tx(zh+"：收到 "+got, en+": got "+got) }
	switch {
	case string(x.body) == "success":
		ch.Status = StatusPass
		ev("回答是 success", "the answer is success")
	case len(x.body) == 0 && !suite:
		ch.Status, ch.Doc = StatusPass, doc90930
		ev("空的 200：企业自建应用可以这样表示收到", "an empty 200: a corp's own app may answer so")
	case len(x.body) == 0:
		ch.Cause = CauseEmpty
		ev("空的回答", "an empty answer")
		ch.Fix = tx("第三方应用的指令回调必须直接返回字符串 success。", "a suite's command callbacks must answer the string success.")
	case string(trimmed) == "success":
		ch.Status, ch.Cause, ch.Guess = StatusWarn, CauseNewline, true
		ev("success 前后有空白、换行或 BOM", "success with whitespace, a newline or a BOM around it")
		ch.Fix = tx("（推测）文档要求“直接返回字符串 success”，是否容忍换行没有写明：只写 success。", "(a guess) the docs ask for the string success and do not say whether a newline is tolerated: write success alone.")
	case string(trimmed) == `"success"`:
		ch.Cause = CauseQuotes
		ev("success 加了引号（JSON 字符串）", "success in quotes (a JSON string)")
		ch.Fix = tx("以 text/plain 返回 success，不要 JSON 序列化：否则 WeCom 把回答当作错误信息。", "return success as text/plain, not JSON-serialised: WeCom takes any other answer as an error message.")
	case bytes.Contains(trimmed, []byte("<Encrypt>")) || bytes.Contains(trimmed, []byte("<Encrypt><![CDATA[")):
		var env struct{ Encrypt, MsgSignature, TimeStamp, Nonce string }
		if err := xml.Unmarshal(trimmed, &env); err == nil {
			if _, err := p.c.DecryptMsg(env.MsgSignature, env.TimeStamp, env.Nonce, trimmed); err == nil {
				ch.Status, ch.Doc = StatusPass, doc90968
				ev("加密的被动回复，用这里的密钥能验签并解密", "an encrypted passive reply that verifies and decrypts with these keys")
				if suite {
					ch.Status, ch.Cause = StatusFail, CauseNotSuccess
					ch.Fix = tx("第三方应用的指令回调必须直接返回字符串 success。", "a suite's command callbacks must answer the string success.")
				}
				return ch
			} else {
				ch.Cause = CauseReplyKey
				ev("加密的被动回复，但用这里的 Token/EncodingAESKey 无法验签或解密（"+err.Error()+"）", "an encrypted passive reply that does not verify or decrypt with this Token/EncodingAESKey ("+err.Error()+")")
				ch.Fix = keysFix
				return ch
			}
		}
		fallthrough
	default:
		ch.Cause = CauseNotSuccess
		if m := libErrorRE.FindString(string(x.body)); m != "" {
			le := libErrors[m]
			ch.Cause = le.cause
			ev("回答里有加解密库的错误码 "+m+"（"+le.text.ZhCN+"）", "the answer carries the crypto library's error "+m+" ("+le.text.EnUS+")")
			ch.Fix, ch.Doc = keysFix, doc90468
			if le.cause == CauseReceiveID {
				ch.Fix = receiveIDFix
			}
			return ch
		}
		ev("回答不是 success", "the answer is not success")
		ch.Fix = tx("收到事件后直接返回字符串 success（第三方应用的指令回调必须如此；否则 WeCom 把回答当作错误信息并重试）。",
			"answer the string success when an event arrives (a suite's command callbacks must; otherwise WeCom takes the answer as an error and retries).")
	}
	return ch
}
