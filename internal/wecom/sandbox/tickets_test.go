package sandbox

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

func agentConfig(tok string) url.Values {
	return url.Values{"access_token": {tok}, "type": {"agent_config"}}
}

func TestTheCorpTicketIsStableWhileValidAndReportsTheFullValidity(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	first := sb.get("get_jsapi_ticket", sb.withToken(tok, nil))
	wantCode(t, first, 0)
	ticket, _ := first.Body["ticket"].(string)
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{86}$`).MatchString(ticket) {
		t.Errorf("ticket %q is not 86 url-safe characters", ticket)
	}
	if first.Body["expires_in"] != float64(7200) {
		t.Errorf("expires_in = %v", first.Body["expires_in"])
	}
	sb.clock.Advance(100 * time.Second)
	second := sb.get("get_jsapi_ticket", sb.withToken(tok, nil))
	if second.Body["ticket"] != ticket || second.Body["expires_in"] != float64(7200) {
		t.Errorf("second answer = %s", second.Raw)
	}
}

func TestTheTicketReportsTheSecondsLeftWithExpiresInLeft(t *testing.T) {
	sb := start(t, Options{ExpiresInLeft: true})
	tok := sb.token()
	sb.get("ticket/get", agentConfig(tok))
	sb.clock.Advance(100 * time.Second)
	second := sb.get("ticket/get", agentConfig(tok))
	if second.Body["expires_in"] != float64(7100) {
		t.Errorf("expires_in = %v, want 7100 (the seconds left)", second.Body["expires_in"])
	}
}

func TestATicketIsReplacedAfterTicketTTL(t *testing.T) {
	sb := start(t, Options{TicketTTL: time.Minute, TokenTTL: time.Hour})
	tok := sb.token()
	first := sb.get("ticket/get", agentConfig(tok))
	sb.clock.Advance(time.Minute)
	second := sb.get("ticket/get", agentConfig(tok))
	wantCode(t, second, 0)
	if first.Body["ticket"] == second.Body["ticket"] {
		t.Error("the expired app ticket was returned again")
	}
}

func TestTheCorpTicketIsSharedByTheCorpsAppsAndDiffersFromTheAppTicket(t *testing.T) {
	sb := start(t, Options{Corps: []Corp{{CorpID: DefaultCorpID, Apps: []App{{AgentID: 1}, {AgentID: 2}}}}})
	t1, t2 := sb.token(1), sb.token(2)
	c1 := sb.get("get_jsapi_ticket", sb.withToken(t1, nil)).Body["ticket"]
	c2 := sb.get("get_jsapi_ticket", sb.withToken(t2, nil)).Body["ticket"]
	a1 := sb.get("ticket/get", agentConfig(t1)).Body["ticket"]
	if c1 != c2 {
		t.Error("two apps of one corp got different corp tickets")
	}
	if c1 == a1 {
		t.Error("the app ticket equals the corp ticket")
	}
}

func TestTheAppTicketNeedsTypeAgentConfig(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	for _, typ := range []string{"", "jsapi", "AGENT_CONFIG"} {
		q := url.Values{"access_token": {tok}}
		if typ != "" {
			q.Set("type", typ)
		}
		r := sb.get("ticket/get", q)
		wantCode(t, r, 91040)
		if !strings.HasPrefix(r.Msg, "invalid ticket type, hint: [") {
			t.Errorf("type %q: errmsg = %q", typ, r.Msg)
		}
	}
	if corp, app := sb.srv.TicketFetches(DefaultCorpID, DefaultAgentID); corp != 0 || app != 0 {
		t.Errorf("refused fetches used quota: corp %d, app %d", corp, app)
	}
}

func TestThe101stTicketFetchOfAnAppWithinAnHourBlocksItsFetchesFor60MinutesFromTheBreach(t *testing.T) {
	sb := start(t, Options{TokenTTL: 24 * time.Hour})
	tok := sb.token()
	for i := range 100 {
		path, q := "ticket/get", agentConfig(tok)
		if i%2 == 0 { // both kinds count against the app
			path, q = "get_jsapi_ticket", sb.withToken(tok, nil)
		}
		wantCode(t, sb.get(path, q), 0)
		sb.clock.Advance(time.Second)
	}
	r := sb.get("ticket/get", agentConfig(tok)) // the breach, 100 s after the first fetch
	wantCode(t, r, 45009)
	if !strings.HasPrefix(r.Msg, "api freq out of limit, hint: [") {
		t.Errorf("errmsg = %q", r.Msg)
	}
	wantCode(t, sb.get("get_jsapi_ticket", sb.withToken(tok, nil)), 45009)

	// The first fetch is an hour old, so a rolling window would let one through; the
	// block holds for 60 minutes from the breach.
	sb.clock.Advance(time.Hour - 100*time.Second)
	wantCode(t, sb.get("ticket/get", agentConfig(tok)), 45009)
	sb.clock.Advance(100*time.Second - time.Second)
	wantCode(t, sb.get("ticket/get", agentConfig(tok)), 45009)
	sb.clock.Advance(time.Second)
	wantCode(t, sb.get("ticket/get", agentConfig(tok)), 0)
}

func TestATicketQuotaBlockIsStoredWithTheState(t *testing.T) {
	a, b, _ := twoOnOneDB(t)
	a.srv.appQuota, b.srv.appQuota = 1, 1
	tok := a.token()
	wantCode(t, a.get("ticket/get", agentConfig(tok)), 0)
	a.clock.Advance(30 * time.Minute)
	wantCode(t, a.get("ticket/get", agentConfig(tok)), 45009) // the breach, at 30 min
	a.clock.Advance(time.Hour - time.Second)                  // the fetch is long out of the window
	wantCode(t, b.get("ticket/get", agentConfig(tok)), 45009)
	a.clock.Advance(time.Second)
	wantCode(t, b.get("ticket/get", agentConfig(tok)), 0)
}

func TestTheCorpQuotaOf400CountsEveryAppAndBothKinds(t *testing.T) {
	var apps []App
	for id := int64(1); id <= 5; id++ {
		apps = append(apps, App{AgentID: id})
	}
	sb := start(t, Options{Corps: []Corp{{CorpID: DefaultCorpID, Apps: apps}}})
	for id := int64(1); id <= 4; id++ {
		tok := sb.token(id)
		for i := range 100 {
			path, q := "ticket/get", agentConfig(tok)
			if i%2 == 0 {
				path, q = "get_jsapi_ticket", sb.withToken(tok, nil)
			}
			wantCode(t, sb.get(path, q), 0)
		}
	}
	if corp, app := sb.srv.TicketFetches(DefaultCorpID, 5); corp != 400 || app != 0 {
		t.Fatalf("TicketFetches = %d, %d; want 400, 0", corp, app)
	}
	// App 5 has used none of its own 100, but the corp is at 400.
	wantCode(t, sb.get("ticket/get", agentConfig(sb.token(5))), 45009)
	sb.clock.Advance(time.Hour)
	wantCode(t, sb.get("ticket/get", agentConfig(sb.token(5))), 0)
}

func TestLowerQuotasCanBeConfigured(t *testing.T) {
	sb := start(t, Options{AppTicketQuota: 2})
	tok := sb.token()
	wantCode(t, sb.get("get_jsapi_ticket", sb.withToken(tok, nil)), 0)
	wantCode(t, sb.get("get_jsapi_ticket", sb.withToken(tok, nil)), 0)
	wantCode(t, sb.get("get_jsapi_ticket", sb.withToken(tok, nil)), 45009)
}
