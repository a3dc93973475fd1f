package devserver

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"wecomdev/internal/callback"
	"wecomdev/internal/joinway"
	"wecomdev/internal/wecom"
)

// The callback receiver (回调): the path WeCom's admin console is given as the app's
// 接收消息 URL (through the tunnel). WeCom's rules, from 回调配置 / 接收消息与事件 (doc 90930)
// and 加解密方案说明 (doc 90968):
//   - saving the URL sends GET ?msg_signature&timestamp&nonce&echostr; the answer must be the
//     decrypted echostr, bare: no quotes, no BOM, no newline, no JSON or HTML around it, and
//     within 1 s (「在1秒内响应GET请求，响应内容为上一步得到的明文消息内容（不能加引号，不能带bom头，不能带换行符）」);
//   - events come as POST with <xml><ToUserName/><AgentID/><Encrypt/></xml>; the answer must
//     come within 5 s, else WeCom retries three times (「五秒内收不到响应会断掉连接，并且重新发起请求，总共重试三次」),
//     and events are de-duplicated by the receiver (「事件类型消息推荐使用FromUserName + CreateTime排重」, doc 90238);
//   - receiveid is the corpid for a corp's own (self-built) app; a third-party suite's
//     callbacks carry its suiteid instead (90968 附注), which this receiver does not serve.
//
// The receiver answers "success" to every event it could decrypt; it de-duplicates by the
// SHA-256 of the decrypted XML (stricter than FromUserName + CreateTime, which is "sys" and a
// second for every system event), so a retry adds a delivery to its event, not a new one.
const (
	EndpointCallback    = "callback"
	DefaultCallbackPath = callback.DefaultPath // the one home of the path (internal/callback)
	// MaxCallbackBody bounds a POSTed callback (events are a few kB encrypted).
	MaxCallbackBody = 64 << 10
	// callbackBudget is what handling one event may take of WeCom's 5 s (doc 90930).
	callbackBudget = 3 * time.Second
	// DefaultCallbackKeep is how many events the callback log keeps per profile.
	DefaultCallbackKeep = 500
)

// Error codes of the callback endpoint (in the request log; WeCom sees only the status).
const (
	CodeCallbackOff       = "CALLBACK_NOT_SET"
	CodeCallbackSignature = "CALLBACK_SIGNATURE"
	CodeCallbackKey       = "CALLBACK_AES_KEY"
	CodeCallbackDecrypt   = "CALLBACK_DECRYPT"
	CodeCallbackReceiveID = "CALLBACK_RECEIVE_ID"
	CodeCallbackXML       = "CALLBACK_XML"
)

// CallbackReceiver is the optional backend capability the callback path needs.
type CallbackReceiver interface {
	// CallbackKeys are the profile's Token and EncodingAESKey (keychain, or the
	// WECOMDEV_CALLBACK_* variables); an error when they are not set.
	CallbackKeys(ctx context.Context) (callback.Keys, error)
	// CallbackEvent acts on an event the first time it comes (the joins of the join-way
	// registry) and says what it learnt.
	CallbackEvent(ctx context.Context, ev wecom.CallbackEvent) ([]joinway.Join, error)
}

// CallbackInfo is what the request log keeps of a callback request (Entry.Callback). It
// never holds the Token or the EncodingAESKey.
type CallbackInfo struct {
	Kind    string               `json:"kind"`              // "verify" (GET) or "event" (POST)
	EventID int64                `json:"eventId,omitempty"` // its row in the callback log
	Summary string               `json:"summary,omitempty"`
	Event   *wecom.CallbackEvent `json:"event,omitempty"`
	// Deliveries: how many times this event came so far; Duplicate: this request was a
	// repeated delivery of an event already handled, so it changed nothing.
	Deliveries int            `json:"deliveries,omitempty"`
	Duplicate  bool           `json:"duplicate,omitempty"`
	Joins      []joinway.Join `json:"joins,omitempty"`
	Outcome    string         `json:"outcome,omitempty"` // what went wrong handling it
}

// CallbackRecord is one event of the callback log: the decrypted XML, the developer's own
// data, kept bounded in the data directory (DefaultCallbackKeep per profile).
type CallbackRecord struct {
	ID         int64               `json:"id"`
	Profile    string              `json:"profile"`
	ReceivedAt time.Time           `json:"receivedAt"`
	LastAt     time.Time           `json:"lastAt"`
	Deliveries int                 `json:"deliveries"`
	Summary    string              `json:"summary"`
	XML        string              `json:"xml"`
	Event      wecom.CallbackEvent `json:"event"`
	Outcome    CallbackOutcome     `json:"outcome"`
	Handled    bool                `json:"handled"`
}

// CallbackOutcome is what handling an event gave.
type CallbackOutcome struct {
	Joins []joinway.Join `json:"joins"`
	Error string         `json:"error,omitempty"`
}

// CallbackStore is the callback log in the database (table callback_events).
type CallbackStore struct {
	DB   *sql.DB
	Keep int // default DefaultCallbackKeep
}

// receive stores a delivery of an event: a new row, or one more delivery of a known one.
func (c CallbackStore) receive(ctx context.Context, profile string, plain []byte, summary string, now time.Time) (CallbackRecord, error) {
	sum := sha256.Sum256(plain)
	var rec CallbackRecord
	var handled int
	err := c.DB.QueryRowContext(ctx, `INSERT INTO callback_events(profile, digest, received_at, last_at, summary, xml)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (profile, digest) DO UPDATE SET deliveries = deliveries + 1, last_at = excluded.last_at
		RETURNING id, deliveries, handled`, profile, hex.EncodeToString(sum[:]), now.UnixMilli(), now.UnixMilli(), summary, string(plain)).
		Scan(&rec.ID, &rec.Deliveries, &handled)
	if err != nil {
		return CallbackRecord{}, fmt.Errorf("store the callback: %w", err)
	}
	rec.Handled = handled == 1
	keep := c.Keep
	if keep <= 0 {
		keep = DefaultCallbackKeep
	}
	_, _ = c.DB.ExecContext(ctx, `DELETE FROM callback_events WHERE profile = ? AND id NOT IN
		(SELECT id FROM callback_events WHERE profile = ? ORDER BY id DESC LIMIT ?)`, profile, profile, keep)
	return rec, nil
}

func (c CallbackStore) done(ctx context.Context, id int64, out CallbackOutcome) {
	b, _ := json.Marshal(out)
	handled := 0
	if out.Error == "" {
		handled = 1
	}
	_, _ = c.DB.ExecContext(ctx, `UPDATE callback_events SET outcome = ?, handled = ? WHERE id = ?`, string(b), handled, id)
}

// List returns the profile's callback log, newest first, at most limit (≤ 0: all kept).
func (c CallbackStore) List(ctx context.Context, profile string, limit int) ([]CallbackRecord, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := c.DB.QueryContext(ctx, `SELECT id, profile, received_at, last_at, deliveries, summary, xml, outcome, handled
		FROM callback_events WHERE profile = ? ORDER BY id DESC LIMIT ?`, profile, limit)
	if err != nil {
		return nil, fmt.Errorf("read the callback log: %w", err)
	}
	defer rows.Close()
	out := []CallbackRecord{}
	for rows.Next() {
		var r CallbackRecord
		var recv, last int64
		var outcome string
		if err := rows.Scan(&r.ID, &r.Profile, &recv, &last, &r.Deliveries, &r.Summary, &r.XML, &outcome, &r.Handled); err != nil {
			return nil, fmt.Errorf("read the callback log: %w", err)
		}
		r.ReceivedAt, r.LastAt = time.UnixMilli(recv), time.UnixMilli(last)
		r.Event, _ = wecom.ParseCallbackEvent([]byte(r.XML))
		_ = json.Unmarshal([]byte(outcome), &r.Outcome)
		if r.Outcome.Joins == nil {
			r.Outcome.Joins = []joinway.Join{}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Clear empties the profile's callback log.
func (c CallbackStore) Clear(ctx context.Context, profile string) error {
	_, err := c.DB.ExecContext(ctx, `DELETE FROM callback_events WHERE profile = ?`, profile)
	return err
}

// CheckCallbackPath says whether p can be the callback path: absolute, clean, and none of
// the console's other paths.
func CheckCallbackPath(p string) error {
	switch {
	case p == "" || p[0] != '/' || strings.ContainsAny(p, "?#") || strings.Contains(p, "//") || strings.Contains(p, "/../") || strings.HasSuffix(p, "/.."):
		return fmt.Errorf("the callback path %q must be an absolute path like %s, without query or fragment", p, DefaultCallbackPath)
	case strings.HasPrefix(p, "/api/jssdk/") || p == PathCustomers || (strings.HasPrefix(p, PhonePrefix) && p != DefaultCallbackPath):
		return fmt.Errorf("the callback path %q is one of the console's own paths; use %s or a path of your own", p, DefaultCallbackPath)
	}
	return nil
}

// CallbackPath is where the server receives callbacks.
func (s *Server) CallbackPath() string {
	if s.opts.CallbackPath != "" && CheckCallbackPath(s.opts.CallbackPath) == nil {
		return s.opts.CallbackPath
	}
	return DefaultCallbackPath
}

// callbackCheck names what a crypto error says, as a log code and a fix.
func callbackCheck(err error) (code string, msg wecom.Text) {
	switch {
	case errors.Is(err, callback.ErrSignature):
		return CodeCallbackSignature, wecom.Text{ZhCN: "msg_signature 不符：wecomdev 中的 Token 与管理后台的不同（-40001）；两边设成同一个 Token",
			EnUS: "msg_signature does not match: the Token in wecomdev differs from the admin console's (-40001); set the same Token in both"}
	case errors.Is(err, callback.ErrKeyLength):
		return CodeCallbackKey, wecom.Text{ZhCN: "wecomdev 中设置的 EncodingAESKey 不是 43 个 a-z A-Z 0-9 字符（-40004）",
			EnUS: "the EncodingAESKey set in wecomdev is not 43 characters from a-z A-Z 0-9 (-40004)"}
	case errors.Is(err, callback.ErrReceiveID):
		return CodeCallbackReceiveID, wecom.Text{ZhCN: "消息是为另一个 receiveid 加密的：自建应用的回调带 corpid；第三方应用的带 suiteid，本接收端不接收（-40005）",
			EnUS: "the message was encrypted for another receiveid: a self-built app's callbacks carry the corpid; a third-party suite's carry its suiteid, which this receiver does not serve (-40005)"}
	case errors.Is(err, callback.ErrXML):
		return CodeCallbackXML, wecom.Text{ZhCN: "请求体不是企业微信带 <Encrypt> 元素的 <xml>（-40002）",
			EnUS: "the body is not WeCom's <xml> with an <Encrypt> element (-40002)"}
	}
	return CodeCallbackDecrypt, wecom.Text{ZhCN: "密文解不开：wecomdev 中的 EncodingAESKey 与管理后台的不同（-40007）",
		EnUS: "the text does not decrypt: the EncodingAESKey in wecomdev differs from the admin console's (-40007)"}
}

// callback serves the callback path: GET verification, POST events.
func (s *Server) callback(w http.ResponseWriter, r *http.Request, e *Entry) {
	info := &CallbackInfo{Kind: "event"}
	if r.Method == http.MethodGet {
		info.Kind = "verify"
	}
	e.Callback = info
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		s.failText(w, e, http.StatusMethodNotAllowed, CodeMethod, wecom.Text{ZhCN: "此处不接受 " + r.Method + " 请求；企业微信发 GET（校验回调 URL）和 POST（事件）", EnUS: r.Method + " is not served here; WeCom sends GET (verification) and POST (events)"})
		return
	}
	recv, ok := s.b.(CallbackReceiver)
	if !ok {
		s.failText(w, e, http.StatusNotImplemented, CodeCallbackOff, wecom.Text{ZhCN: "此控制台不接收回调", EnUS: "this console does not receive callbacks"})
		return
	}
	keys, err := recv.CallbackKeys(r.Context())
	if err == nil {
		var c *callback.Crypter
		if c, err = callback.NewCrypter(keys.Token, keys.EncodingAESKey, s.b.CorpID()); err == nil {
			s.callbackWith(w, r, e, recv, c)
			return
		}
	}
	e.Error = err.Error()
	s.failText(w, e, http.StatusServiceUnavailable, CodeCallbackOff, wecom.Text{
		ZhCN: fmt.Sprintf("配置 %s 没有可用的回调 Token 和 EncodingAESKey：在「回调」中设置（或运行 `wecomdev callback set %s`，可加 --generate），并在管理后台填入相同的值", s.b.Profile(), s.b.Profile()),
		EnUS: fmt.Sprintf("profile %s has no usable callback Token and EncodingAESKey: run `wecomdev callback set %s` (or --generate) and paste the same values into the admin console", s.b.Profile(), s.b.Profile())})
}

func (s *Server) callbackWith(w http.ResponseWriter, r *http.Request, e *Entry, recv CallbackReceiver, c *callback.Crypter) {
	q := r.URL.Query()
	sig, ts, nonce := q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce")
	e.Timestamp, e.NonceStr = truncateUTF8(ts, 32), truncateUTF8(nonce, 64)
	refuse := func(err error) {
		code, msg := callbackCheck(err)
		e.Error = err.Error()
		s.failText(w, e, http.StatusForbidden, code, msg)
	}
	if r.Method == http.MethodGet {
		plain, err := c.VerifyURL(sig, ts, nonce, q.Get("echostr"))
		if err != nil {
			refuse(err)
			return
		}
		// The bare echostr: text/plain, no BOM, no newline, no quotes (doc 90930).
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		e.Status = http.StatusOK
		e.Decision = "verified: answered the decrypted echostr"
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(plain)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxCallbackBody+1))
	if err != nil || len(body) > MaxCallbackBody {
		s.failText(w, e, http.StatusRequestEntityTooLarge, CodeInvalidInput, wecom.Text{ZhCN: fmt.Sprintf("回调的请求体最多 %d 字节", MaxCallbackBody), EnUS: fmt.Sprintf("a callback body is at most %d bytes", MaxCallbackBody)})
		return
	}
	plain, err := c.DecryptMsg(sig, ts, nonce, body)
	if err != nil {
		refuse(err)
		return
	}
	s.receiveEvent(r.Context(), e, recv, plain)
	// "success" whatever handling gave: it decrypted, so a retry would bring the same.
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	e.Status = http.StatusOK
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, "success")
}

// receiveEvent logs a decrypted event, de-duplicates it and hands a new one to the backend.
func (s *Server) receiveEvent(ctx context.Context, e *Entry, recv CallbackReceiver, plain []byte) {
	info := e.Callback
	ev, err := wecom.ParseCallbackEvent(plain)
	if err != nil {
		info.Outcome = err.Error()
		info.Summary = "unreadable event"
	} else {
		info.Event, info.Summary = &ev, ev.Summary()
	}
	e.Decision = info.Summary
	var rec CallbackRecord
	store := CallbackStore{DB: s.log.db}
	if s.log.db != nil {
		if rec, err = store.receive(ctx, s.b.Profile(), plain, info.Summary, s.now()); err != nil {
			info.Outcome = err.Error()
		}
		info.EventID, info.Deliveries = rec.ID, rec.Deliveries
	}
	if info.Event == nil {
		return
	}
	if rec.Handled {
		info.Duplicate = true
		e.Decision = fmt.Sprintf("repeated delivery %d of event %d: counted once", rec.Deliveries, rec.ID)
		return
	}
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), callbackBudget)
	defer cancel()
	joins, err := recv.CallbackEvent(hctx, ev)
	out := CallbackOutcome{Joins: joins}
	if out.Joins == nil {
		out.Joins = []joinway.Join{}
	}
	if err != nil {
		out.Error = scrub(err.Error(), s.sensitive(ctx))
		info.Outcome = out.Error
	}
	info.Joins = out.Joins
	if rec.ID != 0 {
		store.done(context.WithoutCancel(ctx), rec.ID, out)
	}
}

// CallbackLog lists this server's profile's callback log, newest first.
func (s *Server) CallbackLog(ctx context.Context, limit int) ([]CallbackRecord, error) {
	if s.log.db == nil {
		return []CallbackRecord{}, nil
	}
	return CallbackStore{DB: s.log.db}.List(ctx, s.b.Profile(), limit)
}
