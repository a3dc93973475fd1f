package devserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"wecomdev/internal/callback"
	"wecomdev/internal/joinway"
	"wecomdev/internal/store"
	"wecomdev/internal/wecom"
)

const (
	cbToken  = "cbTokenQQQQQQQQQQQQQQQQQQQQQQQQQ"
	cbAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
)

// callbackBackend is the fake backend with the callback capability.
type callbackBackend struct {
	*fakeBackend
	keys    callback.Keys
	keysErr error
	mu      sync.Mutex
	events  []wecom.CallbackEvent
}

func (b *callbackBackend) CallbackKeys(context.Context) (callback.Keys, error) {
	return b.keys, b.keysErr
}

func (b *callbackBackend) CallbackEvent(_ context.Context, ev wecom.CallbackEvent) ([]joinway.Join, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.events = append(b.events, ev)
	return []joinway.Join{{Kind: joinway.JoinGroup, State: "order-1", ExternalUserID: "wmAAA", ChatID: ev.ChatID, New: true}}, nil
}

func (b *callbackBackend) got() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.events)
}

func newCallbackServer(t *testing.T, opts Options) (*Server, *callbackBackend) {
	t.Helper()
	db, err := store.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	opts.Log = NewLog(db, LogOptions{})
	t.Cleanup(opts.Log.Close)
	_, fb := newTestServer(t, opts)
	b := &callbackBackend{fakeBackend: fb, keys: callback.Keys{Token: cbToken, EncodingAESKey: cbAESKey}}
	return New(b, opts), b
}

// wecomSide plays WeCom with the given keys, receiveid the fake backend's corp.
func wecomSide(t *testing.T, token, key string) *callback.Crypter {
	t.Helper()
	c, err := callback.NewCrypter(token, key, "ww0123456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func callbackVerifyURL(t *testing.T, c *callback.Crypter, path, echo string) string {
	t.Helper()
	enc, err := c.Encrypt([]byte(echo))
	if err != nil {
		t.Fatal(err)
	}
	q := url.Values{"msg_signature": {c.Signature("1700000000", "n1", enc)}, "timestamp": {"1700000000"}, "nonce": {"n1"}, "echostr": {enc}}
	return path + "?" + q.Encode()
}

func postEvent(t *testing.T, s *Server, c *callback.Crypter, path string, plain []byte, nonce string) *httptest.ResponseRecorder {
	t.Helper()
	body, sig, err := c.SealEvent(plain, "1700000000", nonce, "ww0123456789abcdef", "1000002")
	if err != nil {
		t.Fatal(err)
	}
	q := url.Values{"msg_signature": {sig}, "timestamp": {"1700000000"}, "nonce": {nonce}}
	r := httptest.NewRequest(http.MethodPost, path+"?"+q.Encode(), bytes.NewReader(body))
	r.RemoteAddr = "127.0.0.1:40000"
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, r)
	return w
}

func TestTheVerificationGETGetsTheBareDecryptedEchostr(t *testing.T) {
	s, _ := newCallbackServer(t, Options{})
	w := get(t, s, callbackVerifyURL(t, wecomSide(t, cbToken, cbAESKey), DefaultCallbackPath, "5927782489442352469"))
	if w.Code != 200 || w.Body.String() != "5927782489442352469" || w.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("answer = %d %q (%s), want 200 and the echostr alone", w.Code, w.Body.String(), w.Header().Get("Content-Type"))
	}
	es := entries(t, s)
	if len(es) != 1 || es[0].Endpoint != EndpointCallback || es[0].Callback == nil || es[0].Callback.Kind != "verify" {
		t.Fatalf("log = %+v", es)
	}
}

func TestAVerificationWithAnotherTokenOrKeyIsRefusedWithTheCheckThatFailed(t *testing.T) {
	s, _ := newCallbackServer(t, Options{})
	for _, c := range []struct {
		token, key, code string
	}{
		{"anotherToken", cbAESKey, CodeCallbackSignature},
		{cbToken, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg", CodeCallbackDecrypt},
	} {
		w := get(t, s, callbackVerifyURL(t, wecomSide(t, c.token, c.key), DefaultCallbackPath, "echo"))
		if w.Code != http.StatusForbidden || decode[errBody](t, w).Code != c.code {
			t.Errorf("%s: answer %d %s, want 403 %s", c.code, w.Code, w.Body.String(), c.code)
		}
	}
	for _, e := range entries(t, s) {
		if e.Status != http.StatusForbidden || e.Message == "" {
			t.Errorf("log row %+v, want a refusal that says why", e)
		}
	}
}

func TestAnEventIsAnsweredSuccessHandledOnceAndARetriedDeliveryIsCountedNotHandledAgain(t *testing.T) {
	s, b := newCallbackServer(t, Options{})
	c := wecomSide(t, cbToken, cbAESKey)
	plain := wecom.MemberJoinXML("ww0123456789abcdef", "wrCHAT", 1700000000, 3, []string{"wmAAA"})
	for i, nonce := range []string{"n1", "n2"} { // a retry is sealed anew: same plain event
		w := postEvent(t, s, c, DefaultCallbackPath, plain, nonce)
		if w.Code != 200 || w.Body.String() != "success" {
			t.Fatalf("delivery %d answered %d %q, want 200 success", i+1, w.Code, w.Body.String())
		}
	}
	if b.got() != 1 {
		t.Fatalf("the backend handled the event %d times, want once", b.got())
	}
	es := entries(t, s)
	if len(es) != 2 || es[0].Callback.Duplicate || !es[1].Callback.Duplicate || es[1].Callback.Deliveries != 2 ||
		es[0].Callback.Event == nil || es[0].Callback.Event.ChatID != "wrCHAT" || len(es[0].Callback.Joins) != 1 {
		t.Fatalf("log = %+v / %+v", es[0].Callback, es[1].Callback)
	}
	recs, err := s.CallbackLog(context.Background(), 0)
	if err != nil || len(recs) != 1 || recs[0].Deliveries != 2 || !recs[0].Handled || recs[0].XML != string(plain) || len(recs[0].Outcome.Joins) != 1 {
		t.Fatalf("CallbackLog = %+v, %v", recs, err)
	}
}

func TestTheCallbackLogKeepsTheNewestEvents(t *testing.T) {
	s, _ := newCallbackServer(t, Options{})
	st := CallbackStore{DB: s.log.db, Keep: 3}
	for i := range 5 {
		if _, err := st.receive(context.Background(), "test", []byte{byte('a' + i)}, "x", s.now()); err != nil {
			t.Fatal(err)
		}
	}
	recs, _ := st.List(context.Background(), "test", 0)
	if len(recs) != 3 || recs[0].XML != "e" || recs[2].XML != "c" {
		t.Fatalf("kept %d: %+v", len(recs), recs)
	}
}

func TestWithoutKeysTheCallbackPathSaysHowToSetThem(t *testing.T) {
	s, b := newCallbackServer(t, Options{})
	b.keysErr = errors.New("no callback keys")
	w := get(t, s, DefaultCallbackPath+"?echostr=x")
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(decode[errBody](t, w).Message, "wecomdev callback set test") {
		t.Fatalf("answer = %d %s", w.Code, w.Body.String())
	}
}

func TestASetCallbackPathIsServedThere(t *testing.T) {
	s, _ := newCallbackServer(t, Options{CallbackPath: "/wecom/events"})
	if w := get(t, s, callbackVerifyURL(t, wecomSide(t, cbToken, cbAESKey), "/wecom/events", "e1")); w.Code != 200 || w.Body.String() != "e1" {
		t.Fatalf("the set path answered %d %q", w.Code, w.Body.String())
	}
	for _, bad := range []string{"", "wecom", "/a?b", "/api/jssdk/x", "/__wecomdev/test.html", "/a/../b"} {
		if CheckCallbackPath(bad) == nil {
			t.Errorf("CheckCallbackPath(%q) took it", bad)
		}
	}
}

func TestTheCallbackKeysAppearInNoAnswerAndNoLogRow(t *testing.T) {
	s, b := newCallbackServer(t, Options{})
	c := wecomSide(t, cbToken, cbAESKey)
	var answers []string
	answers = append(answers, get(t, s, callbackVerifyURL(t, c, DefaultCallbackPath, "e")).Body.String())
	answers = append(answers, postEvent(t, s, c, DefaultCallbackPath, wecom.MemberJoinXML("ww0123456789abcdef", "wr1", 1, 3, nil), "n").Body.String())
	answers = append(answers, get(t, s, callbackVerifyURL(t, wecomSide(t, "x", cbAESKey), DefaultCallbackPath, "e")).Body.String())
	b.keys.EncodingAESKey = "short"
	answers = append(answers, get(t, s, DefaultCallbackPath).Body.String())
	logged, _ := json.Marshal(entries(t, s))
	recs, _ := s.CallbackLog(context.Background(), 0)
	stored, _ := json.Marshal(recs)
	for _, text := range append(answers, string(logged), string(stored)) {
		if strings.Contains(text, cbToken) || strings.Contains(text, cbAESKey) {
			t.Fatalf("a callback key leaked: %s", text)
		}
	}
}
