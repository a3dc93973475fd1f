package sandbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"wecomdev/internal/wecom"
)

// The sandbox sends callbacks (回调) as WeCom does, from 接收消息与事件 (doc 90930 §3.2;
// the older text at doc 90238):
//   - a POST to the app's URL with msg_signature, timestamp and nonce in the query and
//     <xml><ToUserName/><AgentID/><Encrypt/></xml> as the body;
//   - 「企业微信服务器在五秒内收不到响应会断掉连接，并且重新发起请求，总共重试三次」: an
//     answer later than CallbackTimeout is a failure, and a failed delivery is sent again,
//     three more times at most;
//   - 「http头部返回200表示接收ok，其他错误码企业微信后台会一律当做失败并发起重试」 (90238);
//     a 200 with an empty body is fine (「可以直接返回200（即以空串为返回包）」).
//
// [U] WeCom says nothing of an answer other than "success" or "" (a passive reply is
// encrypted XML, which the sandbox does not expect for events): the sandbox counts it as a
// failure and retries — the stricter answer. [U] The delay between retries is not published;
// Callback.RetryDelay sets it (none by default).
const (
	CallbackTimeout = 5 * time.Second
	CallbackRetries = 3
	// maxCallbackAnswer bounds what the sandbox reads of an answer.
	maxCallbackAnswer = 4 << 10
)

// Callback is where a sandbox app sends its events. It lives in memory only, per process:
// Seal holds the app's Token and EncodingAESKey, which never go into the stored state.
type Callback struct {
	URL string // http(s); the dev server's callback path, or the developer's own server
	// Seal encrypts and signs a plain event with the app's Token and EncodingAESKey
	// (WXBizMsgCrypt, receiveid the corp id): the query (msg_signature, timestamp, nonce)
	// and the POST body.
	Seal func(plain []byte) (query url.Values, body []byte, err error)
	// Duplicate sends every event twice even when the first delivery succeeded, as WeCom
	// does when it lost the answer: to test that the receiver counts it once.
	Duplicate  bool
	RetryDelay time.Duration
	Client     *http.Client // nil: a client with CallbackTimeout
}

// Delivery is one POST of an event.
type Delivery struct {
	Attempt    int    `json:"attempt"` // 1 the first, 2.. the retries
	Status     int    `json:"status,omitempty"`
	Answer     string `json:"answer"` // what came back, bounded
	Error      string `json:"error,omitempty"`
	OK         bool   `json:"ok"`
	DurationMS int64  `json:"durationMs"`
}

// ErrNoCallback: the app has no callback URL set.
var ErrNoCallback = errors.New("the sandbox app has no callback URL")

type callbackKey struct {
	corp  string
	agent int64
}

func (s *Server) callbackTable() *sync.Map { return &s.callbacks }

// SetCallback sets (URL not empty) or clears the app's callback.
func (s *Server) SetCallback(corpID string, agentID int64, cb Callback) error {
	if cb.URL == "" {
		s.callbackTable().Delete(callbackKey{corpID, agentID})
		return nil
	}
	u, err := url.Parse(cb.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("the callback URL %q is not an http(s) URL", cb.URL)
	}
	if cb.Seal == nil {
		return errors.New("the callback has no Seal: set the Token and EncodingAESKey")
	}
	s.callbackTable().Store(callbackKey{corpID, agentID}, cb)
	return nil
}

// SimulatedJoin is what SimulateJoin did.
type SimulatedJoin struct {
	ChatID         string `json:"chatId"`
	ExternalUserID string `json:"externalUserId"`
	// Joined: the customer was added; false when they were in the group already (no event).
	Joined     bool       `json:"joined"`
	Event      string     `json:"event,omitempty"` // the plain XML sent
	Deliveries []Delivery `json:"deliveries"`
	Delivered  bool       `json:"delivered"` // an attempt answered 200 "success" (or "")
}

// SimulateJoin is a customer scanning a join way's QR code (ScanJoinWay: they join with
// join_scene 3 and the config's state), then the change_external_chat add_member event
// POSTed to the app's callback, with WeCom's retries. Without a callback it only joins.
// An empty externalUserID makes a new customer.
func (s *Server) SimulateJoin(ctx context.Context, corpID string, agentID int64, configID, externalUserID string) (SimulatedJoin, error) {
	if externalUserID == "" {
		externalUserID = "wm5andb0x" + randomString(23)
	}
	var member bool
	_ = s.locked(func() {
		if a := s.app(corpID, agentID); a != nil {
			if jw := a.joinWays[configID]; jw != nil {
				for _, id := range jw.ChatIDList {
					if g := a.corp.data.group(id); g != nil && slices.ContainsFunc(g.Members, func(m GroupMember) bool { return m.UserID == externalUserID }) {
						member = true
					}
				}
			}
		}
	})
	chat, err := s.ScanJoinWay(corpID, agentID, configID, externalUserID)
	if err != nil {
		return SimulatedJoin{}, err
	}
	out := SimulatedJoin{ChatID: chat, ExternalUserID: externalUserID, Joined: !member, Deliveries: []Delivery{}}
	v, ok := s.callbackTable().Load(callbackKey{corpID, agentID})
	if !ok || member {
		return out, nil
	}
	cb := v.(Callback)
	plain := wecom.MemberJoinXML(corpID, chat, s.now().Unix(), wecom.EventJoinSceneQRCode, []string{externalUserID})
	out.Event = string(plain)
	out.Deliveries, out.Delivered = s.deliver(ctx, cb, agentID, plain)
	if cb.Duplicate && out.Delivered {
		more, _ := s.deliver(ctx, cb, agentID, plain)
		for _, d := range more {
			d.Attempt += len(out.Deliveries)
			out.Deliveries = append(out.Deliveries, d)
		}
	}
	return out, nil
}

// deliver POSTs one event until an attempt succeeds, 1 + CallbackRetries attempts at most.
// Each attempt is sealed anew (a new timestamp and nonce), the plain event the same.
func (s *Server) deliver(ctx context.Context, cb Callback, agentID int64, plain []byte) ([]Delivery, bool) {
	client := cb.Client
	if client == nil {
		client = &http.Client{Timeout: CallbackTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	var out []Delivery
	for attempt := 1; attempt <= 1+CallbackRetries; attempt++ {
		if attempt > 1 && cb.RetryDelay > 0 {
			select {
			case <-ctx.Done():
				return out, false
			case <-time.After(cb.RetryDelay):
			}
		}
		d := s.post(ctx, client, cb, agentID, plain)
		d.Attempt = attempt
		out = append(out, d)
		if d.OK || ctx.Err() != nil {
			return out, d.OK
		}
	}
	return out, false
}

func (s *Server) post(ctx context.Context, client *http.Client, cb Callback, agentID int64, plain []byte) Delivery {
	start := time.Now()
	var d Delivery
	defer func() { d.DurationMS = time.Since(start).Milliseconds() }()
	q, body, err := cb.Seal(plain)
	if err != nil {
		d.Error = "seal the event: " + err.Error()
		return d
	}
	u, _ := url.Parse(cb.URL)
	query := u.Query()
	for k, v := range q {
		query[k] = v
	}
	u.RawQuery = query.Encode()
	ctx, cancel := context.WithTimeout(ctx, CallbackTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		d.Error = err.Error()
		return d
	}
	req.Header.Set("Content-Type", "text/xml")
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		d.Error = err.Error()
		return d
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxCallbackAnswer))
	d.Status, d.Answer = resp.StatusCode, string(b)
	d.OK = resp.StatusCode == http.StatusOK && (string(b) == "success" || len(b) == 0)
	if !d.OK {
		switch {
		case resp.StatusCode != http.StatusOK:
			d.Error = fmt.Sprintf("HTTP %d: WeCom counts every status but 200 as a failure and retries (doc 90238)", resp.StatusCode)
		default:
			d.Error = fmt.Sprintf("the answer %q is not \"success\": the sandbox retries (the stricter guess)", strings.TrimSpace(string(b)))
		}
	}
	return d
}
