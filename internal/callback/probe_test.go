package callback

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	probeCorp  = "ww0000000000000001"
	probeSuite = "ww00000000suite001"
)

// fakeClock is advanced by the test servers, to be slow without sleeping.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// server is a developer's callback handler, right or with one mistake.
type server struct {
	c       *Crypter
	getBody func(plain []byte, echostr string) string // what the GET answers; nil: plain
	post    func(w http.ResponseWriter, plain []byte, err error)
	ctype   string
	delay   map[string]time.Duration
	clock   *fakeClock
	hits    atomic.Int32
	paths   []string
	mu      sync.Mutex
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.hits.Add(1)
	s.mu.Lock()
	s.paths = append(s.paths, r.URL.Path)
	s.mu.Unlock()
	if d := s.delay[r.Method]; d > 0 {
		s.clock.advance(d)
	}
	if s.ctype != "" {
		w.Header().Set("Content-Type", s.ctype)
	}
	q := r.URL.Query()
	switch r.Method {
	case http.MethodGet:
		plain, err := s.c.VerifyURL(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), q.Get("echostr"))
		if s.getBody != nil {
			io.WriteString(w, s.getBody(plain, q.Get("echostr")))
			return
		}
		if err != nil {
			http.Error(w, "verify failed", http.StatusBadRequest)
			return
		}
		w.Write(plain)
	case http.MethodPost:
		body, _ := io.ReadAll(r.Body)
		plain, err := s.c.DecryptMsg(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), body)
		if s.post != nil {
			s.post(w, plain, err)
			return
		}
		if err != nil {
			http.Error(w, "decrypt failed", http.StatusBadRequest)
			return
		}
		io.WriteString(w, "success")
	}
}

type probeRig struct {
	keys  Keys
	clock *fakeClock
}

func newProbeRig() *probeRig {
	return &probeRig{keys: Keys{Token: GenerateToken(), EncodingAESKey: GenerateAESKey()}, clock: &fakeClock{t: time.Unix(1_700_000_000, 0)}}
}

func (r *probeRig) crypter(t *testing.T, receiveID string) *Crypter {
	t.Helper()
	c, err := NewCrypter(r.keys.Token, r.keys.EncodingAESKey, receiveID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// run starts s, probes it as receiveID (with the profile's corpid probeCorp) and returns the report.
func (r *probeRig) run(t *testing.T, s *server, receiveID string) Report {
	t.Helper()
	s.clock = r.clock
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return r.probe(t, ts.URL+"/cb", receiveID, nil)
}

func (r *probeRig) probe(t *testing.T, u, receiveID string, client *http.Client) Report {
	t.Helper()
	if client == nil {
		client = probeClient()
	}
	rep, err := Probe(context.Background(), r.crypter(t, receiveID), ProbeOptions{URL: u, CorpID: probeCorp, AgentID: "1000002", Client: client, Now: r.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(rep)
	if strings.Contains(string(raw), r.keys.Token) || strings.Contains(string(raw), r.keys.EncodingAESKey) {
		t.Fatalf("the report holds a key:\n%s", raw)
	}
	return rep
}

func check(t *testing.T, r Report, code string) Check {
	t.Helper()
	for _, c := range r.Checks {
		if c.Code == code {
			return c
		}
	}
	t.Fatalf("no %s check in %+v", code, r.Checks)
	return Check{}
}

func wantCause(t *testing.T, r Report, code, status, cause string) Check {
	t.Helper()
	c := check(t, r, code)
	if c.Status != status || c.Cause != cause {
		t.Fatalf("%s: %s/%s, want %s/%s\nevidence: %s\nfix: %s", code, c.Status, c.Cause, status, cause, c.Evidence.EnUS, c.Fix.EnUS)
	}
	if status == StatusFail && (c.Evidence.EnUS == "" || c.Evidence.ZhCN == "" || c.Fix.EnUS == "" || c.Fix.ZhCN == "") {
		t.Fatalf("%s fails without evidence and fix in both languages: %+v", code, c)
	}
	return c
}

func TestAServerThatAnswersRightPassesEveryCheck(t *testing.T) {
	r := newProbeRig()
	s := &server{c: r.crypter(t, probeCorp)}
	rep := r.run(t, s, probeCorp)
	if !rep.OK {
		t.Fatalf("%+v", rep.Checks)
	}
	for _, c := range rep.Checks {
		if c.Status == StatusFail || c.Status == StatusWarn && c.Code != CheckURL {
			t.Errorf("%s: %s %s", c.Code, c.Status, c.Evidence.EnUS)
		}
	}
	if !strings.Contains(rep.Console.EnUS, "would pass") || len(rep.Requests) != 2 {
		t.Fatalf("console %q, %d requests", rep.Console.EnUS, len(rep.Requests))
	}
	wantCause(t, rep, CheckURL, StatusWarn, CauseHTTP)
}

func TestTheProbeNamesEachWrongGETAnswer(t *testing.T) {
	for _, tc := range []struct {
		name, cause, ctype string
		body               func(plain []byte, echostr string) string
	}{
		{"a BOM", CauseBOM, "", func(p []byte, _ string) string { return "\uFEFF" + string(p) }},
		{"a trailing newline", CauseNewline, "", func(p []byte, _ string) string { return string(p) + "\n" }},
		{"quotes", CauseQuotes, "application/json", func(p []byte, _ string) string { return `"` + string(p) + `"` }},
		{"JSON", CauseJSON, "application/json", func(p []byte, _ string) string { return `{"code":0,"data":"` + string(p) + `"}` }},
		{"HTML", CauseHTML, "text/html; charset=utf-8", func([]byte, string) string { return "<!DOCTYPE html><html><body>Vite</body></html>" }},
		{"the echostr undecrypted", CauseEncrypted, "", func(_ []byte, e string) string { return e }},
		{"success", CauseSuccess, "", func([]byte, string) string { return "success" }},
		{"nothing", CauseEmpty, "", func([]byte, string) string { return "" }},
		{"another text", CauseMismatch, "", func([]byte, string) string { return "12345" }},
		{"the official library's -40001", CauseToken, "", func([]byte, string) string { return "ERR: VerifyURL fail, ret: -40001" }},
		{"the official library's -40007", CauseAESKey, "", func([]byte, string) string { return "ERR: VerifyURL fail, ret: -40007\n" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newProbeRig()
			rep := r.run(t, &server{c: r.crypter(t, probeCorp), getBody: tc.body, ctype: tc.ctype}, probeCorp)
			wantCause(t, rep, CheckGetAnswer, StatusFail, tc.cause)
			if rep.OK || !strings.Contains(rep.Console.EnUS, "-30065") || !strings.Contains(rep.Console.ZhCN, "-30065") {
				t.Fatalf("ok %v, console %q", rep.OK, rep.Console.EnUS)
			}
		})
	}
}

func TestAServerWithAnotherTokenOrKeyIsAMismatch(t *testing.T) {
	for _, name := range []string{"token", "key"} {
		t.Run(name, func(t *testing.T) {
			r := newProbeRig()
			other := r.keys
			if name == "token" {
				other.Token = GenerateToken()
			} else {
				other.EncodingAESKey = GenerateAESKey()
			}
			c, _ := NewCrypter(other.Token, other.EncodingAESKey, probeCorp)
			rep := r.run(t, &server{c: c}, probeCorp)
			wantCause(t, rep, CheckGetStatus, StatusFail, CauseStatus)
			wantCause(t, rep, CheckGetAnswer, StatusFail, CauseMismatch)
			wantCause(t, rep, CheckPostStatus, StatusFail, CauseStatus)
		})
	}
}

func TestAServerThatDecryptsWithTheCorpIDWhereWeComSendsTheSuiteIDIsNamed(t *testing.T) {
	r := newProbeRig()
	// the server's receiveid is the corpid; the probe plays a suite's callback
	rep := r.run(t, &server{c: r.crypter(t, probeCorp)}, probeSuite)
	c := wantCause(t, rep, CheckGetAnswer, StatusFail, CauseReceiveID)
	if !strings.Contains(c.Evidence.EnUS, probeSuite) || !strings.Contains(c.Evidence.EnUS, probeCorp) || !strings.Contains(c.Fix.EnUS, "suiteid") {
		t.Fatalf("%s / %s", c.Evidence.EnUS, c.Fix.EnUS)
	}
	if len(rep.Requests) != 3 {
		t.Fatalf("%d requests, want GET, GET with the corpid, POST", len(rep.Requests))
	}
}

func TestAServerThatPrintsMinus40005IsAReceiveIDMixUp(t *testing.T) {
	r := newProbeRig()
	rep := r.run(t, &server{c: r.crypter(t, probeCorp), getBody: func([]byte, string) string { return "ERR: VerifyURL fail, ret: -40005" }}, probeCorp)
	wantCause(t, rep, CheckGetAnswer, StatusFail, CauseReceiveID)
}

func TestASlowAnswerIsTooSlowForWeCom(t *testing.T) {
	r := newProbeRig()
	rep := r.run(t, &server{c: r.crypter(t, probeCorp), delay: map[string]time.Duration{"GET": 1200 * time.Millisecond, "POST": 6 * time.Second}}, probeCorp)
	c := wantCause(t, rep, CheckGetTime, StatusFail, CauseSlow)
	if !strings.Contains(c.Evidence.EnUS, "1200 ms") || !strings.Contains(c.Evidence.EnUS, "1000 ms") {
		t.Fatalf("%s", c.Evidence.EnUS)
	}
	wantCause(t, rep, CheckPostTime, StatusFail, CauseSlow)
	wantCause(t, rep, CheckGetAnswer, StatusPass, "")
}

func TestAnAnswerPastHalfTheLimitIsAMarkedGuess(t *testing.T) {
	r := newProbeRig()
	rep := r.run(t, &server{c: r.crypter(t, probeCorp), delay: map[string]time.Duration{"GET": 700 * time.Millisecond}}, probeCorp)
	c := wantCause(t, rep, CheckGetTime, StatusWarn, CauseSlowish)
	if !c.Guess || !strings.Contains(c.Fix.EnUS, "(a guess)") || !strings.Contains(c.Fix.ZhCN, "（推测）") || !rep.OK {
		t.Fatalf("%+v", c)
	}
}

func TestARedirectIsReportedAndNotFollowed(t *testing.T) {
	r := newProbeRig()
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		http.Redirect(w, req, other.URL+"/cb/", http.StatusMovedPermanently)
	}))
	defer ts.Close()
	rep := r.probe(t, ts.URL+"/cb", probeCorp, nil)
	c := wantCause(t, rep, CheckGetStatus, StatusFail, CauseRedirect)
	if !strings.Contains(c.Evidence.EnUS, other.URL+"/cb/") || !c.Guess {
		t.Fatalf("%+v", c)
	}
	wantCause(t, rep, CheckPostStatus, StatusFail, CauseRedirect)
	if elsewhere.Load() != 0 {
		t.Fatal("the probe followed the redirect")
	}
}

func TestAnUntrustedCertificateIsTLSTrouble(t *testing.T) {
	r := newProbeRig()
	ts := httptest.NewTLSServer(&server{c: r.crypter(t, probeCorp), clock: r.clock})
	defer ts.Close()
	rep := r.probe(t, ts.URL+"/cb", probeCorp, nil) // the system's roots do not know httptest's CA
	c := wantCause(t, rep, CheckTLS, StatusFail, CauseTLS)
	if !strings.Contains(c.Evidence.EnUS, "certificate") {
		t.Fatalf("%s", c.Evidence.EnUS)
	}
	wantCause(t, rep, CheckPostStatus, StatusSkip, "")
	// with the server's CA trusted, https passes and shows the certificate
	rep = r.probe(t, ts.URL+"/cb", probeCorp, ts.Client())
	if c := check(t, rep, CheckTLS); c.Status != StatusPass || !rep.OK {
		t.Fatalf("%+v %+v", c, rep.Checks)
	}
}

func TestAnUnreachableURLSkipsThePost(t *testing.T) {
	r := newProbeRig()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	rep := r.probe(t, "http://"+addr+"/cb", probeCorp, nil)
	wantCause(t, rep, CheckReach, StatusFail, CauseRefused)
	wantCause(t, rep, CheckPostAnswer, StatusSkip, "")
	if len(rep.Requests) != 1 {
		t.Fatalf("%d requests", len(rep.Requests))
	}
}

func TestANotFoundPathIsAStatusFailure(t *testing.T) {
	r := newProbeRig()
	ts := httptest.NewServer(http.NotFoundHandler())
	defer ts.Close()
	rep := r.probe(t, ts.URL+"/cb", probeCorp, nil)
	c := wantCause(t, rep, CheckGetStatus, StatusFail, CauseStatus)
	if !strings.Contains(c.Fix.EnUS, "path") {
		t.Fatalf("%s", c.Fix.EnUS)
	}
}

func TestThePostAnswerIsJudged(t *testing.T) {
	r0 := newProbeRig()
	otherKey, _ := NewCrypter(GenerateToken(), GenerateAESKey(), probeCorp)
	for _, tc := range []struct {
		name      string
		receiveID string
		answer    func(c *Crypter) string
		status    string
		cause     string
	}{
		{"success", probeCorp, func(*Crypter) string { return "success" }, StatusPass, ""},
		{"an empty 200 from an own app", probeCorp, func(*Crypter) string { return "" }, StatusPass, ""},
		{"an empty 200 from a suite", probeSuite, func(*Crypter) string { return "" }, StatusFail, CauseEmpty},
		{"quoted success", probeCorp, func(*Crypter) string { return `"success"` }, StatusFail, CauseQuotes},
		{"success and a newline", probeCorp, func(*Crypter) string { return "success\n" }, StatusWarn, CauseNewline},
		{"JSON", probeCorp, func(*Crypter) string { return `{"errcode":0,"errmsg":"ok"}` }, StatusFail, CauseNotSuccess},
		{"ok", probeCorp, func(*Crypter) string { return "ok" }, StatusFail, CauseNotSuccess},
		{"a passive reply", probeCorp, func(c *Crypter) string {
			b, _ := c.EncryptMsg([]byte("<xml><MsgType>text</MsgType></xml>"), "1700000000", "n")
			return string(b)
		}, StatusPass, ""},
		{"a passive reply with another key", probeCorp, func(*Crypter) string {
			b, _ := otherKey.EncryptMsg([]byte("<xml/>"), "1700000000", "n")
			return string(b)
		}, StatusFail, CauseReplyKey},
		{"a passive reply from a suite", probeSuite, func(c *Crypter) string {
			b, _ := c.EncryptMsg([]byte("<xml/>"), "1700000000", "n")
			return string(b)
		}, StatusFail, CauseNotSuccess},
		{"-40005", probeCorp, func(*Crypter) string { return "error -40005" }, StatusFail, CauseReceiveID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &probeRig{keys: r0.keys, clock: &fakeClock{t: time.Unix(1_700_000_000, 0)}}
			srv := r.crypter(t, tc.receiveID)
			s := &server{c: srv, post: func(w http.ResponseWriter, _ []byte, err error) {
				if err != nil {
					http.Error(w, err.Error(), http.StatusBadRequest)
					return
				}
				io.WriteString(w, tc.answer(srv))
			}}
			rep := r.run(t, s, tc.receiveID)
			wantCause(t, rep, CheckPostAnswer, tc.status, tc.cause)
		})
	}
}

func TestTheProbeNeverRepeatsTheKeysAServerEchoes(t *testing.T) {
	r := newProbeRig()
	s := &server{c: r.crypter(t, probeCorp), getBody: func([]byte, string) string {
		return fmt.Sprintf("bad config token=%s key=%s", r.keys.Token, r.keys.EncodingAESKey)
	}}
	rep := r.run(t, s, probeCorp) // run fails the test if the report holds a key
	if c := check(t, rep, CheckGetAnswer); !strings.Contains(c.Evidence.EnUS, Mask(r.keys.Token)) {
		t.Fatalf("%s", c.Evidence.EnUS)
	}
}

func TestTheProbeMakesAtMostThreeRequestsToTheGivenPathOnly(t *testing.T) {
	r := newProbeRig()
	s := &server{c: r.crypter(t, probeCorp)}
	r.run(t, s, probeSuite) // the worst case: GET, GET with the corpid, POST
	if n := s.hits.Load(); n > 3 {
		t.Fatalf("%d requests", n)
	}
	for _, p := range s.paths {
		if p != "/cb" {
			t.Fatalf("requested %s", p)
		}
	}
}

func TestAURLThatIsNotHTTPIsRefused(t *testing.T) {
	r := newProbeRig()
	for _, u := range []string{"", "example.com/cb", "ftp://example.com/cb", "http:///cb"} {
		_, err := Probe(context.Background(), r.crypter(t, probeCorp), ProbeOptions{URL: u})
		if !errors.Is(err, ErrProbeURL) {
			t.Errorf("%q: %v", u, err)
		}
	}
}

func TestAnIPAddressHostIsAMarkedGuess(t *testing.T) {
	r := newProbeRig()
	s := &server{c: r.crypter(t, probeCorp)}
	rep := r.run(t, s, probeCorp) // httptest listens on 127.0.0.1
	wantCause(t, rep, CheckURL, StatusWarn, CauseHTTP)
	ts := httptest.NewTLSServer(&server{c: r.crypter(t, probeCorp), clock: r.clock})
	defer ts.Close()
	rep = r.probe(t, ts.URL+"/cb", probeCorp, ts.Client())
	c := wantCause(t, rep, CheckURL, StatusWarn, CauseIP)
	if !c.Guess || !strings.Contains(c.Fix.EnUS, "(a guess)") {
		t.Fatalf("%+v", c)
	}
}
