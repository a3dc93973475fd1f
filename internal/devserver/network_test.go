package devserver

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

const netSID = "0123456789abcdef01"

// netBatchJSON is a batch as a careless page might send it: secrets not masked.
func netBatchJSON(sid string, events ...string) string {
	return fmt.Sprintf(`{"sid":%q,"env":{"url":"https://h5.example.com/a?code=OAUTHCODE123","landingUrl":"https://h5.example.com/","userAgent":"Mozilla/5.0 (iPhone) wxwork/4.1.38 ColorScheme/Dark","sdk":{"kind":"wecom-jssdk","version":"2.4.4"},"storage":{"local":{"token":"localstoragetoken1234567890"},"session":{},"cookies":{}}},"events":[%s]}`,
		sid, strings.Join(events, ","))
}

func netEventJSON(id string, status int) string {
	return fmt.Sprintf(`{"id":%q,"kind":"fetch","method":"POST","url":"https://api.example.com/u?access_token=%s&x=1","status":%d,"start":1763719200000,"ttfb":12,"duration":30,
	 "reqHeaders":{"Authorization":"Bearer plainplainplain","content-type":"application/json","cookie":"sid=abcdefghijkl; lang=zh"},
	 "resHeaders":{"set-cookie":"sid=mnopqrstuvwx; Path=/","content-type":"application/json"},
	 "reqBody":"{\"ticket\":\"%s\",\"q\":\"hi\"}","resBody":"{\"errcode\":0,\"access_token\":\"plaintoken123456\"}","mime":"application/json"}`,
		id, testCorpTicket, status, testAgentTicket)
}

func TestANetworkBatchIsStoredPerPageSessionWithSecretsMasked(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	var ups []NetworkUpdate
	s.Network().Subscribe(func(u NetworkUpdate) { ups = append(ups, u) })
	w := post(t, s, PathNetwork, netBatchJSON(netSID, netEventJSON("1", 200), netEventJSON("2", 502)))
	if w.Code != http.StatusAccepted {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	sess, ok := s.Network().Session(netSID)
	if !ok || len(sess.Events) != 2 {
		t.Fatalf("session %+v", sess)
	}
	if len(ups) != 1 || len(ups[0].Events) != 2 || ups[0].Env == nil {
		t.Fatalf("updates %+v", ups)
	}
	e := sess.Events[0]
	if e.ReqHeaders["authorization"] != "Be…in" || e.ReqHeaders["cookie"] != "sid=ab…kl; lang=…" || e.ResHeaders["set-cookie"] != "sid=mn…wx; Path=/" {
		t.Errorf("headers not masked: %v %v", e.ReqHeaders, e.ResHeaders)
	}
	if *e.TTFB != 12 || *e.Duration != 30 || e.Status != 200 || !sess.Events[1].Failed() {
		t.Errorf("timing/status %+v", e)
	}
	if sess.Env.App.Client != "wxwork" || sess.Env.App.Version != "4.1.38" || !sess.Env.Dark || sess.Env.SDK.Version != "2.4.4" {
		t.Errorf("env %+v", sess.Env)
	}
	all, _ := json.Marshal(sess)
	for _, secret := range []string{testCorpTicket, testAgentTicket, "plainplainplain", "plaintoken123456", "abcdefghijkl", "OAUTHCODE123", "localstoragetoken1234567890"} {
		if bytes.Contains(all, []byte(secret)) {
			t.Errorf("the stored session holds %s: %s", secret, all)
		}
	}
	var har bytes.Buffer
	if err := WriteHAR(&har, s.Network().All(), "test"); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{testCorpTicket, testAgentTicket, "plainplainplain", "plaintoken123456", "OAUTHCODE123"} {
		if strings.Contains(har.String(), secret) {
			t.Errorf("the HAR holds %s", secret)
		}
	}
}

func TestTheHARHasEveryFieldHAR12Requires(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	post(t, s, PathNetwork, netBatchJSON(netSID, netEventJSON("1", 200)))
	var har map[string]any
	b, _ := json.Marshal(BuildHAR(s.Network().All(), "1.0"))
	json.Unmarshal(b, &har)
	log := har["log"].(map[string]any)
	need := func(obj map[string]any, where string, keys ...string) {
		t.Helper()
		for _, k := range keys {
			if _, ok := obj[k]; !ok {
				t.Errorf("%s has no %s", where, k)
			}
		}
	}
	need(log, "log", "version", "creator", "entries", "pages")
	if log["version"] != "1.2" {
		t.Errorf("version %v", log["version"])
	}
	need(log["creator"].(map[string]any), "creator", "name", "version")
	need(log["pages"].([]any)[0].(map[string]any), "page", "startedDateTime", "id", "title", "pageTimings")
	ent := log["entries"].([]any)[0].(map[string]any)
	need(ent, "entry", "startedDateTime", "time", "request", "response", "cache", "timings")
	need(ent["request"].(map[string]any), "request", "method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize")
	need(ent["response"].(map[string]any), "response", "status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL", "headersSize", "bodySize")
	need(ent["response"].(map[string]any)["content"].(map[string]any), "content", "size", "mimeType")
	need(ent["timings"].(map[string]any), "timings", "send", "wait", "receive")
	if tm := ent["timings"].(map[string]any); tm["wait"] != 12.0 || tm["receive"] != 18.0 || ent["time"] != 30.0 {
		t.Errorf("timings %v time %v", tm, ent["time"])
	}
	if _, err := time.Parse(time.RFC3339, ent["startedDateTime"].(string)); err != nil {
		t.Errorf("startedDateTime: %v", err)
	}
}

func TestTheNetworkStoreIsBoundedPerSessionAndInSessions(t *testing.T) {
	n := NewNetwork(NetworkOptions{Sessions: 2, PerSession: 3})
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	for i := 0; i < 5; i++ {
		n.add(netBatch{SID: netSID, Events: []NetEvent{{ID: fmt.Sprint(i), Kind: "fetch"}}}, nil, "c", now)
	}
	s, _ := n.Session(netSID)
	if len(s.Events) != 3 || s.Events[0].ID != "2" || s.Dropped != 2 {
		t.Errorf("events %d first %s dropped %d, want the newest 3 and 2 dropped", len(s.Events), s.Events[0].ID, s.Dropped)
	}
	n.add(netBatch{SID: netSID, Dropped: 7}, nil, "c", now) // the page's own running count
	if s, _ = n.Session(netSID); s.Dropped != 9 {
		t.Errorf("dropped %d, want the page's 7 added", s.Dropped)
	}
	for i, sid := range []string{"aaaaaaaaaa", "bbbbbbbbbb"} {
		n.add(netBatch{SID: sid, Events: []NetEvent{{ID: "1", Kind: "xhr"}}}, nil, "c", now.Add(time.Duration(i+1)*time.Second))
	}
	if got := n.Sessions(); len(got) != 2 || got[0].ID != "bbbbbbbbbb" || got[1].ID != "aaaaaaaaaa" {
		t.Errorf("sessions %+v, want the two most recent", got)
	}
	big := NewNetwork(NetworkOptions{TotalBytes: 10_000})
	for i := 0; i < 20; i++ {
		big.add(netBatch{SID: netSID, Events: []NetEvent{{ID: fmt.Sprint(i), Kind: "fetch", ResBody: strings.Repeat("x", 2000)}}}, nil, "c", now)
	}
	if s, _ := big.Session(netSID); len(s.Events) > 5 || big.size > 10_000 {
		t.Errorf("%d events, %d bytes kept past a 10 kB bound", len(s.Events), big.size)
	}
}

func TestAWebSocketsCloseReplacesItsOpen(t *testing.T) {
	n := NewNetwork(NetworkOptions{})
	now := time.Now()
	n.add(netBatch{SID: netSID, Events: []NetEvent{{ID: "w", Kind: "ws", Status: 101, WS: &WSStats{State: "open"}}}}, nil, "c", now)
	n.add(netBatch{SID: netSID, Events: []NetEvent{{ID: "w", Kind: "ws", Status: 101, WS: &WSStats{State: "closed", Sent: 2}}}}, nil, "c", now)
	if s, _ := n.Session(netSID); len(s.Events) != 1 || s.Events[0].WS.State != "closed" {
		t.Errorf("events %+v", s.Events)
	}
}

func TestANetworkBatchIsValidated(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	for _, tc := range []struct{ name, body string }{
		{"no sid", `{"events":[]}`},
		{"a sid that is not hex", `{"sid":"../../etc","events":[]}`},
		{"an unknown kind", `{"sid":"` + netSID + `","events":[{"id":"1","kind":"ftp"}]}`},
		{"not JSON", `[1,2`},
	} {
		if w := post(t, s, PathNetwork, tc.body); w.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d", tc.name, w.Code)
		}
	}
}

func TestBodiesOffKeepsNoBodyEvenWhenAPageSendsOne(t *testing.T) {
	s, _ := newPhoneServer(t, Options{Network: NewNetwork(NetworkOptions{BodyLimit: -1})})
	post(t, s, PathNetwork, netBatchJSON(netSID, netEventJSON("1", 200)))
	sess, _ := s.Network().Session(netSID)
	if e := sess.Events[0]; e.ReqBody != "" || e.ResBody != "" || e.ResBodyNote != "off" {
		t.Errorf("bodies kept: %+v", e)
	}
}

func TestTheCommandStreamSendsTheConfigThenTheConsolesCommands(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+PathNetworkStream+"?sid="+netSID, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	lines := bufio.NewScanner(res.Body)
	next := func() NetCommand {
		t.Helper()
		for lines.Scan() {
			if d, ok := strings.CutPrefix(lines.Text(), "data: "); ok {
				var c NetCommand
				if err := json.Unmarshal([]byte(d), &c); err != nil {
					t.Fatal(err)
				}
				return c
			}
		}
		t.Fatalf("the stream ended: %v", lines.Err())
		return NetCommand{}
	}
	if c := next(); c.Op != "config" || *c.BodyLimit != DefaultBodyLimit || *c.Eruda {
		t.Fatalf("first %+v", c)
	}
	s.Network().SetEruda(true)
	if c := next(); c.Op != "eruda" || !*c.On {
		t.Fatalf("eruda %+v", c)
	}
	if err := s.Network().Reload(netSID); err != nil {
		t.Fatal(err)
	}
	if c := next(); c.Op != "reload" {
		t.Fatalf("reload %+v", c)
	}
	if err := s.Network().Navigate(netSID, "javascript:alert(1)"); err == nil {
		t.Error("navigate took a javascript: URL")
	}
	if err := s.Network().Navigate(netSID, "https://h5.example.com/b"); err != nil {
		t.Fatal(err)
	}
	if c := next(); c.Op != "navigate" || c.URL != "https://h5.example.com/b" {
		t.Fatalf("navigate %+v", c)
	}
	if err := s.Network().Reload("ffffffffffff"); err != ErrNoPage {
		t.Errorf("reload of a session with no page: %v", err)
	}
	s.Network().CloseStreams()
	for lines.Scan() {
	}
}

func TestEveryAnswerOfTheConsolesOwnEndpointsCarriesTheNumberOfItsRequestLogEntry(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	page := "https://h5.example.com/app/"
	var numbers []string
	for _, target := range []string{PathConfigSignature + "?url=" + q(page), PathConfigSignature + "?url=" + q("https://evil.example.com/"), "/no-such-path"} {
		w := get(t, s, target)
		n := w.Header().Get(LogHeader)
		if n == "" {
			t.Fatalf("%s: no %s header in the answer (%d)", target, LogHeader, w.Code)
		}
		numbers = append(numbers, n)
	}
	es := entries(t, s)
	if len(es) != len(numbers) {
		t.Fatalf("%d entries for %d requests", len(es), len(numbers))
	}
	for i, e := range es {
		if got := strconv.FormatInt(e.Seq, 10); got != numbers[i] {
			t.Errorf("entry %d (%s) has number %s; its answer said %s", i, e.Path, got, numbers[i])
		}
		if i > 0 && e.Seq <= es[i-1].Seq {
			t.Errorf("entry %d's number %d is not after the one before (%d)", i, e.Seq, es[i-1].Seq)
		}
	}
}

func TestAPageOfAnotherOriginCanReadTheRequestLogNumber(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	w := get(t, s, PathConfigSignature+"?url="+q("https://h5.example.com/app/"), "Origin", "https://h5.example.com")
	if w.Code != http.StatusOK || !strings.EqualFold(w.Header().Get("Access-Control-Expose-Headers"), LogHeader) {
		t.Errorf("status %d, Access-Control-Expose-Headers %q: want %s exposed", w.Code, w.Header().Get("Access-Control-Expose-Headers"), LogHeader)
	}
}

func TestAnAggregatedRowCoversTheNumbersOfEveryRequestItStandsFor(t *testing.T) {
	l, sub := floodLog(t, 2)
	for i := 0; i < 10; i++ {
		e := signEntry("https://h5.example.com/a", i)
		e.Seq = int64(500 + i)
		l.Add(e)
	}
	l.Flush()
	got, _ := sub.seen()
	if len(got) != 1 || got[0].Count != 10 || got[0].Seq != 500 || got[0].SeqLast != 509 {
		t.Fatalf("got %d rows, first %+v: want one row of 10 numbered 500 to 509", len(got), got)
	}
}

func TestAConsoleRequestsNetworkEventKeepsItsRequestLogNumber(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	ev := `{"id":"7","kind":"fetch","method":"GET","url":"http://127.0.0.1/api/jssdk/config-signature?url=x","status":200,"start":1763719200000,"console":true,"logId":1765000000000123}`
	if w := post(t, s, PathNetwork, netBatchJSON(netSID, ev)); w.Code != http.StatusAccepted {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	sess, ok := s.Network().Session(netSID)
	if !ok || len(sess.Events) != 1 || sess.Events[0].LogID != 1765000000000123 || !sess.Events[0].Console {
		t.Fatalf("session %+v: want the event with logId 1765000000000123", sess)
	}
}

func TestTheHARNamesAConsoleRequestsRequestLogNumber(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	ev := `{"id":"7","kind":"fetch","method":"GET","url":"http://127.0.0.1/api/jssdk/config-signature?url=x","status":200,"start":1763719200000,"console":true,"logId":1765000000000123}`
	if w := post(t, s, PathNetwork, netBatchJSON(netSID, ev)); w.Code != http.StatusAccepted {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var har bytes.Buffer
	if err := WriteHAR(&har, s.Network().All(), "test"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(har.String(), "request-log seq 1765000000000123") {
		t.Errorf("the HAR does not name the request-log entry: %s", har.String())
	}
}
