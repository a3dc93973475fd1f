package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestGettokenReturnsTheSameTokenWithTheFullValidityWhileItIsValid(t *testing.T) {
	sb := start(t, Options{})
	secret := sb.srv.Secret(DefaultCorpID, DefaultAgentID)
	q := url.Values{"corpid": {DefaultCorpID}, "corpsecret": {secret}}

	first := sb.get("gettoken", q)
	wantCode(t, first, 0)
	sb.clock.Advance(1000 * time.Second)
	second := sb.get("gettoken", q)
	if second.Body["access_token"] != first.Body["access_token"] {
		t.Error("a second gettoken within validity returned a different token")
	}
	if second.Body["expires_in"] != float64(7200) {
		t.Errorf("expires_in = %v, want 7200 (the full validity, as WeCom's docs show)", second.Body["expires_in"])
	}
}

func TestGettokenReportsTheSecondsLeftWithExpiresInLeft(t *testing.T) {
	sb := start(t, Options{ExpiresInLeft: true})
	secret := sb.srv.Secret(DefaultCorpID, DefaultAgentID)
	q := url.Values{"corpid": {DefaultCorpID}, "corpsecret": {secret}}

	first := sb.get("gettoken", q)
	wantCode(t, first, 0)
	if first.Msg != "ok" || first.Body["expires_in"] != float64(7200) {
		t.Fatalf("first answer = %s", first.Raw)
	}
	sb.clock.Advance(1000 * time.Second)
	second := sb.get("gettoken", q)
	if second.Body["access_token"] != first.Body["access_token"] {
		t.Error("a second gettoken within validity returned a different token")
	}
	if second.Body["expires_in"] != float64(6200) {
		t.Errorf("expires_in = %v, want 6200 (the seconds left)", second.Body["expires_in"])
	}
}

func TestTokensAreLongURLSafeStrings(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{64,512}$`).MatchString(tok) {
		t.Errorf("token %q is not 64..512 url-safe characters", tok)
	}
}

func TestGettokenIssuesANewTokenOnceTheOldOneExpired(t *testing.T) {
	sb := start(t, Options{TokenTTL: time.Minute})
	old := sb.token()
	sb.clock.Advance(time.Minute)
	if sb.token() == old {
		t.Error("gettoken returned the expired token")
	}
}

func TestAnExpiredTokenAnswersTheConfiguredCode(t *testing.T) {
	for _, tc := range []struct {
		name       string
		configured int
		want       int
	}{
		{"default", 0, 42001},
		{"42001", 42001, 42001},
		{"40014 like newer servers", 40014, 40014},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb := start(t, Options{ExpiredTokenCode: tc.configured})
			tok := sb.token()
			sb.clock.Advance(7200 * time.Second)
			r := sb.get("get_jsapi_ticket", sb.withToken(tok, nil))
			wantCode(t, r, tc.want)
		})
	}
}

func TestExpireTokensMakesIssuedTokensAnswer42001AndGettokenIssueANewOne(t *testing.T) {
	sb := start(t, Options{})
	old := sb.token()
	sb.srv.ExpireTokens()
	r := sb.get("get_jsapi_ticket", sb.withToken(old, nil))
	wantCode(t, r, 42001)
	if !strings.HasPrefix(r.Msg, "access_token expired, hint: [") {
		t.Errorf("errmsg = %q", r.Msg)
	}
	fresh := sb.token()
	if fresh == old {
		t.Fatal("gettoken returned the expired token")
	}
	wantCode(t, sb.get("get_jsapi_ticket", sb.withToken(fresh, nil)), 0)
}

func TestInvalidateTokensMakesIssuedTokensAnswer40014(t *testing.T) {
	sb := start(t, Options{})
	old := sb.token()
	sb.srv.InvalidateTokens()
	r := sb.get("get_jsapi_ticket", sb.withToken(old, nil))
	wantCode(t, r, 40014)
	if !strings.HasPrefix(r.Msg, "invalid access_token, hint: [") {
		t.Errorf("errmsg = %q", r.Msg)
	}
	if sb.token() == old {
		t.Error("gettoken returned the invalidated token")
	}
}

func TestGettokenRefusesBadCredentials(t *testing.T) {
	sb := start(t, Options{})
	secret := sb.srv.Secret(DefaultCorpID, DefaultAgentID)
	for _, tc := range []struct {
		name     string
		q        url.Values
		code     int
		msgStart string
	}{
		{"wrong secret", url.Values{"corpid": {DefaultCorpID}, "corpsecret": {"not-the-secret"}}, 40001, "invalid credential, hint: ["},
		{"unknown corp", url.Values{"corpid": {"ww0000000000000000"}, "corpsecret": {secret}}, 40013, "invalid corpid, hint: ["},
		{"missing secret", url.Values{"corpid": {DefaultCorpID}}, 41004, "corpsecret missing, hint: ["},
		{"missing corpid", url.Values{"corpsecret": {secret}}, 41002, "corpid missing, hint: ["},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := sb.get("gettoken", tc.q)
			wantCode(t, r, tc.code)
			if !strings.HasPrefix(r.Msg, tc.msgStart) {
				t.Errorf("errmsg = %q, want it to start with %q", r.Msg, tc.msgStart)
			}
			if _, ok := r.Body["access_token"]; ok {
				t.Error("an error answer carries an access_token")
			}
		})
	}
}

func TestAMissingTokenAnswers41001AndAnUnknownOne40014(t *testing.T) {
	sb := start(t, Options{})
	wantCode(t, sb.get("get_jsapi_ticket", nil), 41001)
	wantCode(t, sb.get("get_jsapi_ticket", url.Values{"access_token": {"made-up"}}), 40014)
}

func TestATokenWorksOnlyAsItsOwnApp(t *testing.T) {
	sb := start(t, Options{Corps: []Corp{{CorpID: DefaultCorpID, Apps: []App{{AgentID: 1}, {AgentID: 2}}}}})
	t1, t2 := sb.token(1), sb.token(2)
	if t1 == t2 {
		t.Fatal("two apps share a token")
	}
	a1 := sb.get("ticket/get", sb.withToken(t1, url.Values{"type": {"agent_config"}}))
	a2 := sb.get("ticket/get", sb.withToken(t2, url.Values{"type": {"agent_config"}}))
	if a1.Body["ticket"] == a2.Body["ticket"] {
		t.Error("two apps got the same app ticket")
	}
}

func TestACallerOutsideTheTrustedIPsGetsATokenAnd60020WithItsAddressFromTheBusinessCall(t *testing.T) {
	sb := start(t, Options{Corps: []Corp{{CorpID: DefaultCorpID, Apps: []App{{AgentID: DefaultAgentID, AllowedIPs: []string{"203.0.113.7"}}}}}})
	secret := sb.srv.Secret(DefaultCorpID, DefaultAgentID)
	tr := sb.get("gettoken", url.Values{"corpid": {DefaultCorpID}, "corpsecret": {secret}})
	wantCode(t, tr, 0)
	tok, _ := tr.Body["access_token"].(string)
	r := sb.post("externalcontact/groupchat/list", tok, map[string]any{"limit": 10})
	wantCode(t, r, 60020)
	if !strings.HasPrefix(r.Msg, "not allow to access from your ip, hint: [") || !strings.Contains(r.Msg, "from ip: 127.0.0.1,") {
		t.Errorf("errmsg = %q", r.Msg)
	}
}

func TestSetAllowedIPsAppliesToTokensAlreadyIssued(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	sb.srv.SetAllowedIPs(DefaultCorpID, DefaultAgentID, []string{"198.51.100.0/24"})
	wantCode(t, sb.get("get_jsapi_ticket", sb.withToken(tok, nil)), 60020)
	sb.srv.SetAllowedIPs(DefaultCorpID, DefaultAgentID, []string{"198.51.100.0/24", "127.0.0.0/8"})
	wantCode(t, sb.get("get_jsapi_ticket", sb.withToken(tok, nil)), 0)
}

func TestXForwardedForDoesNotChangeTheCallerIP(t *testing.T) {
	s := New(Options{Corps: []Corp{{CorpID: DefaultCorpID, Apps: []App{{AgentID: DefaultAgentID, AllowedIPs: []string{"203.0.113.7"}}}}}})
	serve := func(path string) string {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.RemoteAddr = "192.0.2.10:4321"
		req.Header.Set("X-Forwarded-For", "203.0.113.7")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec.Body.String()
	}
	var tr struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal([]byte(serve("/cgi-bin/gettoken?corpid="+DefaultCorpID+"&corpsecret="+s.Secret(DefaultCorpID, DefaultAgentID))), &tr); err != nil || tr.AccessToken == "" {
		t.Fatalf("gettoken gave no token (err %v)", err)
	}
	body := serve("/cgi-bin/get_jsapi_ticket?access_token=" + url.QueryEscape(tr.AccessToken))
	if !strings.Contains(body, `"errcode":60020`) || !strings.Contains(body, "from ip: 192.0.2.10,") {
		t.Errorf("answer = %s", body)
	}
}

func TestErrorAnswersUseTheModernErrmsgFormHTTP200AndMirrorHeaders(t *testing.T) {
	sb := start(t, Options{})
	r := sb.get("get_jsapi_ticket", url.Values{"access_token": {"made-up"}})
	re := regexp.MustCompile(`^invalid access_token, hint: \[\d{25}\], from ip: 127\.0\.0\.1, more info at https://open\.work\.weixin\.qq\.com/devtool/query\?e=40014$`)
	if !re.MatchString(r.Msg) {
		t.Errorf("errmsg = %q does not match %s", r.Msg, re)
	}
	if r.Status != http.StatusOK {
		t.Errorf("HTTP status = %d, want 200", r.Status)
	}
	if got := r.Header.Get("Content-Type"); got != "application/json; charset=UTF-8" {
		t.Errorf("content-type = %q", got)
	}
	if r.Header.Get("error-code") != "40014" || r.Header.Get("error-msg") != r.Msg {
		t.Errorf("headers error-code=%q error-msg=%q", r.Header.Get("error-code"), r.Header.Get("error-msg"))
	}
	if !strings.HasPrefix(string(r.Raw), `{"errcode":40014,"errmsg":"`) {
		t.Errorf("body does not start with errcode, errmsg: %s", r.Raw)
	}
}

func TestTheHintStartsWithTheUnixTime(t *testing.T) {
	sb := start(t, Options{})
	r := sb.get("get_jsapi_ticket", nil)
	if want := "hint: [1740819600"; !strings.Contains(r.Msg, want) {
		t.Errorf("errmsg = %q, want it to contain %q", r.Msg, want)
	}
}

func TestSuccessAnswersStartWithErrcode0AndOk(t *testing.T) {
	sb := start(t, Options{})
	secret := sb.srv.Secret(DefaultCorpID, DefaultAgentID)
	r := sb.get("gettoken", url.Values{"corpid": {DefaultCorpID}, "corpsecret": {secret}})
	if !strings.HasPrefix(string(r.Raw), `{"errcode":0,"errmsg":"ok","access_token":"`) {
		t.Errorf("body = %s", r.Raw)
	}
	if r.Header.Get("error-code") != "0" {
		t.Errorf("error-code header = %q", r.Header.Get("error-code"))
	}
}

func TestABodyThatIsNotJSONCountsAsEmptyAndTheErrorCarriesTheWrongJSONWarning(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	for _, body := range []string{"", "{", "scene=2", `[1,2]`} {
		r := sb.post("externalcontact/groupchat/add_join_way", tok, body)
		wantCode(t, r, 40058)
		if !strings.HasPrefix(r.Msg, "Warning: wrong json format. missing field `scene`") {
			t.Errorf("body %q: errmsg = %q", body, r.Msg)
		}
	}
}

func TestAMistypedFieldIsDroppedAndTheCallSucceedsWithTheWrongJSONWarning(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	r := sb.post("externalcontact/groupchat/add_join_way", tok, map[string]any{
		"scene": 2, "chat_id_list": []string{ChatPool1}, "auto_create_room": "0", "state": "s1",
	})
	wantCode(t, r, 0)
	if r.Msg != "ok. Warning: wrong json format. " {
		t.Errorf("errmsg = %q, want WeCom's %q", r.Msg, "ok. Warning: wrong json format. ")
	}
	id, _ := r.Body["config_id"].(string)
	jw := sb.getJoinWay(tok, id)
	if jw["auto_create_room"] != float64(1) || jw["state"] != "s1" {
		t.Errorf("join_way = %v, want the mistyped auto_create_room at its default 1 and the rest kept", jw)
	}
	if ok := sb.post(getJoinWay, tok, map[string]any{"config_id": id}); ok.Msg != "ok" {
		t.Errorf("a well-formed call after it: errmsg = %q", ok.Msg)
	}
}

func TestAMistypedNestedFieldIsDroppedAndTheRestKept(t *testing.T) {
	sb := start(t, Options{})
	r := sb.post("externalcontact/groupchat/list", sb.token(), `{"limit":1,"owner_filter":{"userid_list":"`+UserZhangsan+`"}}`)
	wantCode(t, r, 0)
	if r.Msg != "ok. Warning: wrong json format. " || len(r.Body["group_chat_list"].([]any)) != 1 {
		t.Errorf("answer = %s, want one group (limit kept, owner_filter dropped) with the warning", r.Raw)
	}
}

func TestAMistypedRemarkMobilesIsDroppedAndTheOldMobilesStay(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	wantCode(t, sb.post("externalcontact/remark", tok, map[string]any{
		"userid": UserWangwu, "external_userid": CustomerWu, "remark_mobiles": []string{"13900000009"},
	}), 0)
	r := sb.post("externalcontact/remark", tok, map[string]any{
		"userid": UserWangwu, "external_userid": CustomerWu, "remark": "吴女士", "remark_mobiles": 13900000001,
	})
	wantCode(t, r, 0)
	if r.Msg != "ok. Warning: wrong json format. " {
		t.Errorf("errmsg = %q", r.Msg)
	}
	b := sb.post(batchGetByUser, tok, map[string]any{"userid_list": []string{UserWangwu}})
	fi := b.Body["external_contact_list"].([]any)[0].(map[string]any)["follow_info"].(map[string]any)
	if got := strs(t, fi["remark_mobiles"]); len(got) != 1 || got[0] != "13900000009" || fi["remark"] != "吴女士" {
		t.Errorf("follow_info = %v", fi)
	}
}

func TestAnOversizedBodyIsRefused(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	r := sb.post("externalcontact/groupchat/add_join_way", tok, `{"remark":"`+strings.Repeat("x", 2<<20)+`"}`)
	wantCode(t, r, 47001)
}

func TestAnUnknownEndpointAnswersHTTP404WithAWeComShapedBody(t *testing.T) {
	sb := start(t, Options{})
	r := sb.get("no/such/api", nil)
	if r.Status != http.StatusNotFound {
		t.Errorf("HTTP status = %d, want 404", r.Status)
	}
	wantCode(t, r, 404)
}

func TestFailNextFailsExactlyTheNextNCallsOfThatEndpoint(t *testing.T) {
	sb := start(t, Options{})
	secret := sb.srv.Secret(DefaultCorpID, DefaultAgentID)
	q := url.Values{"corpid": {DefaultCorpID}, "corpsecret": {secret}}
	sb.srv.FailNext("gettoken", -1, 2)
	sb.srv.FailNext("/cgi-bin/get_jsapi_ticket", 45033, 1)

	r := sb.get("gettoken", q)
	wantCode(t, r, -1)
	if !strings.HasPrefix(r.Msg, "system busy, hint: [") {
		t.Errorf("errmsg = %q", r.Msg)
	}
	wantCode(t, sb.get("gettoken", q), -1)
	tok := sb.get("gettoken", q)
	wantCode(t, tok, 0)

	r = sb.get("get_jsapi_ticket", sb.withToken(tok.Body["access_token"].(string), nil))
	wantCode(t, r, 45033)
	if !strings.HasPrefix(r.Msg, "api concurrent out of limit, hint: [") {
		t.Errorf("errmsg = %q", r.Msg)
	}
	wantCode(t, sb.get("get_jsapi_ticket", sb.withToken(tok.Body["access_token"].(string), nil)), 0)
}

func TestCallsCountsEveryRequestPerEndpoint(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	sb.get("get_jsapi_ticket", sb.withToken(tok, nil))
	sb.get("get_jsapi_ticket", nil) // refused calls count too
	sb.get("ticket/get", sb.withToken(tok, url.Values{"type": {"agent_config"}}))
	for endpoint, want := range map[string]int{"gettoken": 1, "get_jsapi_ticket": 2, "ticket/get": 1, "/cgi-bin/ticket/get": 1, "externalcontact/list": 0} {
		if got := sb.srv.Calls(endpoint); got != want {
			t.Errorf("Calls(%q) = %d, want %d", endpoint, got, want)
		}
	}
}

func TestAnAppWithoutCustomerContactGets48002OnExternalContactCalls(t *testing.T) {
	sb := start(t, Options{Corps: []Corp{{CorpID: DefaultCorpID, Apps: []App{{AgentID: DefaultAgentID, NoCustomerContact: true}}}}})
	tok := sb.token()
	r := sb.get("externalcontact/list", sb.withToken(tok, url.Values{"userid": {UserZhangsan}}))
	wantCode(t, r, 48002)
	if !strings.HasPrefix(r.Msg, "api forbidden, hint: [") {
		t.Errorf("errmsg = %q", r.Msg)
	}
	wantCode(t, sb.get("get_jsapi_ticket", sb.withToken(tok, nil)), 0)
}

func TestCorpsFillsInGeneratedSecretsAndKeepsGivenOnes(t *testing.T) {
	s := New(Options{Corps: []Corp{{CorpID: "wwA", Apps: []App{{AgentID: 1, Secret: "given-secret"}, {AgentID: 2}}}}})
	corps := s.Corps()
	if len(corps) != 1 || len(corps[0].Apps) != 2 {
		t.Fatalf("Corps() = %+v", corps)
	}
	if corps[0].Apps[0].Secret != "given-secret" {
		t.Errorf("given secret became %q", corps[0].Apps[0].Secret)
	}
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`).MatchString(corps[0].Apps[1].Secret) {
		t.Errorf("generated secret %q is not 43 url-safe characters", corps[0].Apps[1].Secret)
	}
}

func TestTheZeroOptionsMakeTheDefaultCorpAndApp(t *testing.T) {
	corps := New(Options{}).Corps()
	if len(corps) != 1 || corps[0].CorpID != DefaultCorpID || len(corps[0].Apps) != 1 || corps[0].Apps[0].AgentID != DefaultAgentID {
		t.Errorf("Corps() = %+v", corps)
	}
	if !regexp.MustCompile(`^ww[0-9a-f]{16}$`).MatchString(DefaultCorpID) {
		t.Errorf("DefaultCorpID %q is not ww + 16 hex digits", DefaultCorpID)
	}
}

func TestOneThousandConcurrentGettokensAllGetTheSameToken(t *testing.T) {
	sb := start(t, Options{})
	secret := sb.srv.Secret(DefaultCorpID, DefaultAgentID)
	u := sb.base + "/cgi-bin/gettoken?" + url.Values{"corpid": {DefaultCorpID}, "corpsecret": {secret}}.Encode()
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 200, MaxIdleConnsPerHost: 200}}
	defer client.CloseIdleConnections()

	const n = 1000
	tokens := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			resp, err := client.Get(u)
			if err != nil {
				errs[i] = err
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			m := regexp.MustCompile(`"access_token":"([^"]+)"`).FindSubmatch(b)
			if m != nil {
				tokens[i] = string(m[1])
			}
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("request %d: %v", i, errs[i])
		}
		if tokens[i] == "" || tokens[i] != tokens[0] {
			t.Fatalf("request %d got token %q, request 0 got %q", i, tokens[i], tokens[0])
		}
	}
	if got := sb.srv.Calls("gettoken"); got != n {
		t.Errorf("Calls(gettoken) = %d, want %d", got, n)
	}
}

func TestCloseStopsTheListener(t *testing.T) {
	s := New(Options{})
	base, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if resp, err := http.Get(base + "/cgi-bin/gettoken"); err == nil {
		resp.Body.Close()
		t.Error("the server still answers after Close")
	}
}

func TestTenBadTokenCallsInAMinuteBlockTheCallersTokenCallsForAMinute(t *testing.T) {
	sb := start(t, Options{})
	good := sb.token()
	for i := range 10 {
		q := url.Values{"access_token": {"made-up"}}
		if i%2 == 1 {
			q = nil // a missing token counts too
		}
		wantCode(t, sb.get("get_jsapi_ticket", q), map[bool]int{true: 40014, false: 41001}[i%2 == 0])
		sb.clock.Advance(5 * time.Second)
	}
	// the 10th came at 45 s; the block runs till 105 s, for a good token too
	r := sb.get("get_jsapi_ticket", sb.withToken(good, nil))
	wantCode(t, r, 45009)
	if !strings.HasPrefix(r.Msg, "api freq out of limit, hint: [") {
		t.Errorf("errmsg = %q", r.Msg)
	}
	secret := sb.srv.Secret(DefaultCorpID, DefaultAgentID)
	wantCode(t, sb.get("gettoken", url.Values{"corpid": {DefaultCorpID}, "corpsecret": {secret}}), 0)
	sb.clock.Advance(time.Minute - 6*time.Second)
	wantCode(t, sb.get("get_jsapi_ticket", sb.withToken(good, nil)), 45009)
	sb.clock.Advance(time.Second)
	wantCode(t, sb.get("get_jsapi_ticket", sb.withToken(good, nil)), 0)
}

func TestNineBadTokenCallsInAMinuteAreNotBlocked(t *testing.T) {
	sb := start(t, Options{})
	good := sb.token()
	for range 9 {
		wantCode(t, sb.get("get_jsapi_ticket", url.Values{"access_token": {"made-up"}}), 40014)
	}
	sb.clock.Advance(time.Minute) // the nine are a minute old: they no longer count
	wantCode(t, sb.get("get_jsapi_ticket", url.Values{"access_token": {"made-up"}}), 40014)
	wantCode(t, sb.get("get_jsapi_ticket", sb.withToken(good, nil)), 0)
}
