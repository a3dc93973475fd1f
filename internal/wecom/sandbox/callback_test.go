package sandbox

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"wecomdev/internal/wecom"
)

// receiver is a callback URL of the test's own: it answers with answers[i] for the i-th
// POST (the last one again after that) and keeps what it got.
type receiver struct {
	mu      sync.Mutex
	answers []func(http.ResponseWriter)
	got     []string // the bodies (plain: the test's Seal does not encrypt)
	queries []url.Values
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	i := len(rc.got)
	rc.got = append(rc.got, string(b))
	rc.queries = append(rc.queries, r.URL.Query())
	answer := rc.answers[min(i, len(rc.answers)-1)]
	rc.mu.Unlock()
	answer(w)
}

func say(status int, body string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) { w.WriteHeader(status); io.WriteString(w, body) }
}

// plainSeal stands in for WXBizMsgCrypt (internal/callback, tested there): the body is
// the plain event.
func plainSeal(plain []byte) (url.Values, []byte, error) {
	return url.Values{"msg_signature": {"sig"}, "timestamp": {"1"}, "nonce": {"n"}}, plain, nil
}

func callbackRig(t *testing.T, answers ...func(http.ResponseWriter)) (*sandbox, *receiver, string) {
	t.Helper()
	sb := start(t, Options{})
	rc := &receiver{answers: answers}
	ts := httptest.NewServer(rc)
	t.Cleanup(ts.Close)
	id := sb.addJoinWay(sb.token(), map[string]any{"scene": 2, "chat_id_list": []string{ChatPool1}, "state": "order-9"})
	if err := sb.srv.SetCallback(DefaultCorpID, DefaultAgentID, Callback{URL: ts.URL + "/__wecomdev/callback?x=1", Seal: plainSeal}); err != nil {
		t.Fatal(err)
	}
	return sb, rc, id
}

func TestASimulatedJoinAddsTheCustomerAndPostsTheChangeExternalChatEventOnce(t *testing.T) {
	sb, rc, id := callbackRig(t, say(200, "success"))
	res, err := sb.srv.SimulateJoin(context.Background(), DefaultCorpID, DefaultAgentID, id, CustomerWu)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Joined || !res.Delivered || res.ChatID != ChatPool1 || len(res.Deliveries) != 1 || len(rc.got) != 1 {
		t.Fatalf("SimulateJoin = %+v, receiver got %d", res, len(rc.got))
	}
	ev, err := wecom.ParseCallbackEvent([]byte(rc.got[0]))
	if err != nil {
		t.Fatal(err)
	}
	if !ev.IsMemberJoin() || ev.ChatID != ChatPool1 || ev.ToUserName != DefaultCorpID || len(ev.MemChangeList) != 1 || ev.MemChangeList[0] != CustomerWu {
		t.Fatalf("event = %+v", ev)
	}
	if q := rc.queries[0]; q.Get("msg_signature") != "sig" || q.Get("x") != "1" {
		t.Fatalf("query = %v, want the seal's and the URL's own", q)
	}
	r := sb.post("externalcontact/groupchat/get", sb.token(), map[string]any{"chat_id": ChatPool1})
	members := r.Body["group_chat"].(map[string]any)["member_list"].([]any)
	last := members[len(members)-1].(map[string]any)
	if last["userid"] != CustomerWu || last["state"] != "order-9" || last["join_scene"] != float64(3) {
		t.Fatalf("groupchat/get's new member = %v", last)
	}
}

func TestAFailedDeliveryIsRetriedThreeTimesAtMost(t *testing.T) {
	sb, rc, id := callbackRig(t, say(500, "oops"), say(200, "<html>ok</html>"), say(200, "success"))
	res, err := sb.srv.SimulateJoin(context.Background(), DefaultCorpID, DefaultAgentID, id, CustomerWu)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Delivered || len(res.Deliveries) != 3 || res.Deliveries[0].Status != 500 || res.Deliveries[1].OK || !res.Deliveries[2].OK {
		t.Fatalf("deliveries = %+v", res.Deliveries)
	}
	sb2, rc2, id2 := callbackRig(t, say(200, `{"errcode":0}`))
	res, _ = sb2.srv.SimulateJoin(context.Background(), DefaultCorpID, DefaultAgentID, id2, CustomerWu)
	if res.Delivered || len(res.Deliveries) != 1+CallbackRetries || len(rc2.got) != 4 || !strings.Contains(res.Deliveries[0].Error, "not \"success\"") {
		t.Fatalf("a receiver that never says success got %d POSTs: %+v", len(rc2.got), res.Deliveries)
	}
	_ = rc
}

func TestDuplicateSendsADeliveredEventTwiceAndARepeatedScanSendsNothing(t *testing.T) {
	sb, rc, id := callbackRig(t, say(200, "success"))
	cb, _ := sb.srv.callbacks.Load(callbackKey{DefaultCorpID, DefaultAgentID})
	c := cb.(Callback)
	c.Duplicate = true
	if err := sb.srv.SetCallback(DefaultCorpID, DefaultAgentID, c); err != nil {
		t.Fatal(err)
	}
	res, err := sb.srv.SimulateJoin(context.Background(), DefaultCorpID, DefaultAgentID, id, CustomerWu)
	if err != nil || len(res.Deliveries) != 2 || len(rc.got) != 2 || rc.got[0] != rc.got[1] || res.Deliveries[1].Attempt != 2 {
		t.Fatalf("SimulateJoin = %+v, %v; receiver got %d", res, err, len(rc.got))
	}
	res, err = sb.srv.SimulateJoin(context.Background(), DefaultCorpID, DefaultAgentID, id, CustomerWu)
	if err != nil || res.Joined || len(res.Deliveries) != 0 || len(rc.got) != 2 {
		t.Fatalf("a second scan by a member = %+v, %v; receiver got %d", res, err, len(rc.got))
	}
}

func TestASimulatedJoinWithoutACallbackOnlyJoinsAndMakesACustomerWhenNoneIsGiven(t *testing.T) {
	sb := start(t, Options{})
	id := sb.addJoinWay(sb.token(), map[string]any{"scene": 2, "chat_id_list": []string{ChatPool1}, "state": "s"})
	res, err := sb.srv.SimulateJoin(context.Background(), DefaultCorpID, DefaultAgentID, id, "")
	if err != nil || !res.Joined || len(res.Deliveries) != 0 || !strings.HasPrefix(res.ExternalUserID, "wm") || len(res.ExternalUserID) != 32 {
		t.Fatalf("SimulateJoin = %+v, %v", res, err)
	}
	if err := sb.srv.SetCallback(DefaultCorpID, DefaultAgentID, Callback{URL: "ftp://x", Seal: plainSeal}); err == nil {
		t.Fatal("an ftp callback URL was taken")
	}
}
