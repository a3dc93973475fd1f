package sandbox

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"wecomdev/internal/store"
)

// twoOnOneDB starts two sandboxes that share one wecomdev database, as two processes on
// one data directory do (each with its own listener), and one clock.
func twoOnOneDB(t *testing.T) (a, b *sandbox, db *sql.DB) {
	t.Helper()
	db, err := store.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := newClock()
	a = start(t, Options{Now: c.Now, Persist: SQLPersist(db)})
	b = start(t, Options{Now: c.Now, Persist: SQLPersist(db)})
	a.clock, b.clock = c, c
	return a, b, db
}

func storedVersion(t *testing.T, db *sql.DB) int64 {
	t.Helper()
	var v int64
	if err := db.QueryRow(`SELECT version FROM sandbox_state WHERE id = 1`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func addJoinWayOn(t *testing.T, sb *sandbox, tok, state string) string {
	t.Helper()
	r := sb.post("externalcontact/groupchat/add_join_way", tok,
		map[string]any{"scene": 2, "chat_id_list": []string{ChatSales}, "state": state})
	wantCode(t, r, 0)
	return r.Body["config_id"].(string)
}

func TestTwoServersOnOneDatabaseAreOneWeCom(t *testing.T) {
	a, b, _ := twoOnOneDB(t)

	if sa, sb := a.srv.Secret(DefaultCorpID, DefaultAgentID), b.srv.Secret(DefaultCorpID, DefaultAgentID); sa == "" || sa != sb {
		t.Fatal("the two servers made different secrets for the one sandbox app")
	}
	tok := a.token()
	if got := b.token(); got != tok {
		t.Fatal("gettoken on the second server issued a new token while the first one's is valid")
	}
	ta := a.get("get_jsapi_ticket", a.withToken(tok, nil))
	wantCode(t, ta, 0)
	tb := b.get("get_jsapi_ticket", b.withToken(tok, nil))
	wantCode(t, tb, 0)
	if ta.Body["ticket"] != tb.Body["ticket"] {
		t.Fatal("the second server answered another corp ticket while the first one's is valid")
	}
	if corp, app := a.srv.TicketFetches(DefaultCorpID, DefaultAgentID); corp != 2 || app != 2 {
		t.Fatalf("ticket fetches = %d corp, %d app; want both servers' 2 in one rolling log", corp, app)
	}

	id := addJoinWayOn(t, a, tok, "order-1")
	got := b.post("externalcontact/groupchat/get_join_way", tok, map[string]any{"config_id": id})
	wantCode(t, got, 0)
	upd := b.post("externalcontact/groupchat/update_join_way", tok,
		map[string]any{"config_id": id, "scene": 2, "chat_id_list": []string{ChatAfterSales}, "state": "order-1"})
	wantCode(t, upd, 0)
	if jws := a.srv.JoinWays(DefaultCorpID, DefaultAgentID); len(jws) != 1 || jws[0].ChatIDList[0] != ChatAfterSales {
		t.Fatalf("the first server sees %+v, want the second one's update", jws)
	}
	qr := got.Body["join_way"].(map[string]any)["qr_code"].(string)
	if _, ok := a.srv.JoinLink(qr); !ok {
		t.Fatal("the first server does not know the QR image of a config the second one showed")
	}
	wantCode(t, b.post("externalcontact/groupchat/del_join_way", tok, map[string]any{"config_id": id}), 0)
	wantCode(t, a.post("externalcontact/groupchat/get_join_way", tok, map[string]any{"config_id": id}), CodeInvalidConfigID)
}

func TestASecondServerStartedLaterFindsTheStoredState(t *testing.T) {
	db, err := store.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	first := start(t, Options{Persist: SQLPersist(db)})
	tok := first.token()
	id := addJoinWayOn(t, first, tok, "s1")
	remark := first.post("externalcontact/remark", tok, map[string]any{"userid": UserZhangsan, "external_userid": CustomerLiu, "remark": "刘芳-新备注"})
	wantCode(t, remark, 0)
	first.srv.Close() // the first process ends

	later := start(t, Options{Persist: SQLPersist(db)})
	wantCode(t, later.post("externalcontact/groupchat/get_join_way", tok, map[string]any{"config_id": id}), 0)
	cu := later.get("externalcontact/get", later.withToken(tok, url.Values{"external_userid": {CustomerLiu}}))
	wantCode(t, cu, 0)
	if f := cu.Body["follow_user"].([]any)[0].(map[string]any); f["remark"] != "刘芳-新备注" {
		t.Fatalf("remark = %v, want the one set before the restart", f["remark"])
	}
}

func TestConcurrentCallsFromTwoServersLoseNoUpdate(t *testing.T) {
	a, b, _ := twoOnOneDB(t)
	tok := a.token()
	const each = 8
	var wg sync.WaitGroup
	errs := make(chan error, 4*each)
	for i := 0; i < each; i++ {
		for _, sb := range []*sandbox{a, b} {
			wg.Add(2)
			go func(sb *sandbox, i int) {
				defer wg.Done()
				r := sb.post("externalcontact/groupchat/add_join_way", tok,
					map[string]any{"scene": 2, "chat_id_list": []string{ChatSales}, "state": fmt.Sprintf("%p-%d", sb, i)})
				if r.Code != 0 {
					errs <- fmt.Errorf("add_join_way: %d %s", r.Code, r.Msg)
				}
			}(sb, i)
			go func(sb *sandbox) {
				defer wg.Done()
				if r := sb.get("ticket/get", sb.withToken(tok, url.Values{"type": {"agent_config"}})); r.Code != 0 {
					errs <- fmt.Errorf("ticket/get: %d %s", r.Code, r.Msg)
				}
			}(sb)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, sb := range []*sandbox{a, b} {
		if n := len(sb.srv.JoinWays(DefaultCorpID, DefaultAgentID)); n != 2*each {
			t.Errorf("a server sees %d join ways, want %d", n, 2*each)
		}
		if _, app := sb.srv.TicketFetches(DefaultCorpID, DefaultAgentID); app != 2*each {
			t.Errorf("a server counts %d app ticket fetches, want %d", app, 2*each)
		}
	}
}

func TestACallThatChangesNothingWritesNothing(t *testing.T) {
	a, b, db := twoOnOneDB(t)
	tok := a.token()
	id := addJoinWayOn(t, a, tok, "s1")
	v := storedVersion(t, db)
	wantCode(t, b.post("externalcontact/groupchat/get_join_way", tok, map[string]any{"config_id": id}), 0)
	wantCode(t, a.post("externalcontact/groupchat/get", tok, map[string]any{"chat_id": ChatSales}), 0)
	if got := storedVersion(t, db); got != v {
		t.Fatalf("version %d → %d after two reads", v, got)
	}
}

func TestResetOnOneServerStartsBothFromTheSeed(t *testing.T) {
	a, b, _ := twoOnOneDB(t)
	tok := a.token()
	oldSecret := a.srv.Secret(DefaultCorpID, DefaultAgentID)
	t1 := a.get("get_jsapi_ticket", a.withToken(tok, nil))
	wantCode(t, t1, 0)
	id := addJoinWayOn(t, a, tok, "s1")

	if err := b.srv.Reset(context.Background()); err != nil {
		t.Fatal(err)
	}
	wantCode(t, a.post("externalcontact/groupchat/get_join_way", tok, map[string]any{"config_id": id}), CodeInvalidToken)
	if a.srv.Secret(DefaultCorpID, DefaultAgentID) == oldSecret {
		t.Fatal("the secret survived the reset")
	}
	if a.srv.Secret(DefaultCorpID, DefaultAgentID) != b.srv.Secret(DefaultCorpID, DefaultAgentID) {
		t.Fatal("after the reset the two servers disagree on the secret")
	}
	tok2 := a.token()
	wantCode(t, b.post("externalcontact/groupchat/get_join_way", tok2, map[string]any{"config_id": id}), CodeInvalidConfigID)
	t2 := b.get("get_jsapi_ticket", b.withToken(tok2, nil))
	wantCode(t, t2, 0)
	if t2.Body["ticket"] == t1.Body["ticket"] {
		t.Fatal("the corp ticket survived the reset")
	}
	if corp, _ := a.srv.TicketFetches(DefaultCorpID, DefaultAgentID); corp != 1 {
		t.Fatalf("corp ticket fetches after the reset = %d, want 1", corp)
	}
}

func TestACallAnswersSystemBusyWhenTheStateCannotBeStored(t *testing.T) {
	a, _, db := twoOnOneDB(t)
	a.token()
	db.Close()
	r := a.get("gettoken", url.Values{"corpid": {DefaultCorpID}, "corpsecret": {"whatever"}})
	wantCode(t, r, CodeSystemBusy)
	if a.srv.StoreError() == nil {
		t.Fatal("StoreError() = nil after a failed store")
	}
}

func TestTheVisibleRangeSetOnOneServerHoldsOnTheOther(t *testing.T) {
	a, b, _ := twoOnOneDB(t)
	a.srv.SetVisibleRange(DefaultCorpID, DefaultAgentID, []string{UserLisi})
	ids, _ := b.listAllGroups(b.token(), map[string]any{"limit": 100})
	if want := []string{ChatAfterSales, ChatPool3}; !slices.Equal(ids, want) {
		t.Errorf("ids on the other server = %v, want %v", ids, want)
	}
	if got := b.srv.Corps()[0].Apps[0].VisibleUserIDs; !slices.Equal(got, []string{UserLisi}) {
		t.Errorf("Corps() visible range = %v", got)
	}
}

func TestABadTokenBlockIsStoredWithTheState(t *testing.T) {
	a, b, _ := twoOnOneDB(t)
	good := a.token()
	for range 10 {
		wantCode(t, a.get("get_jsapi_ticket", url.Values{"access_token": {"made-up"}}), 40014)
	}
	wantCode(t, b.get("get_jsapi_ticket", b.withToken(good, nil)), 45009)
	a.clock.Advance(time.Minute)
	wantCode(t, b.get("get_jsapi_ticket", b.withToken(good, nil)), 0)
}
