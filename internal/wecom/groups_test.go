package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// recorder answers every request with body and keeps what was sent.
type recorder struct {
	paths  []string
	bodies []map[string]any
}

func record(t *testing.T, body string) (*Client, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.paths = append(rec.paths, r.Method+" "+r.URL.Path+"?"+r.URL.RawQuery)
		b, _ := io.ReadAll(r.Body)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		rec.bodies = append(rec.bodies, m)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c, rec
}

func TestTheJoinWayCallsSendWhatWeComDocuments(t *testing.T) {
	c, rec := record(t, `{"errcode":0,"errmsg":"ok","config_id":"9ad7fa5cdaa6511298498f979c472aaa"}`)
	ctx := context.Background()
	mark := false
	id, err := c.AddJoinWay(ctx, "TOK", JoinWay{ConfigID: "ignored", QRCode: "ignored", Scene: SceneQRCode, Remark: "r", AutoCreateRoom: 1,
		RoomBaseName: "销售客服群", RoomBaseID: 10, ChatIDList: []string{"wr1"}, State: "s1", MarkSource: &mark})
	if err != nil || id != "9ad7fa5cdaa6511298498f979c472aaa" {
		t.Fatalf("AddJoinWay = %q, %v", id, err)
	}
	if err := c.UpdateJoinWay(ctx, "TOK", JoinWay{ConfigID: id, Scene: SceneQRCode, ChatIDList: []string{"wr1"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.DelJoinWay(ctx, "TOK", id); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"POST /cgi-bin/externalcontact/groupchat/add_join_way?access_token=TOK",
		"POST /cgi-bin/externalcontact/groupchat/update_join_way?access_token=TOK",
		"POST /cgi-bin/externalcontact/groupchat/del_join_way?access_token=TOK",
	}
	if strings.Join(rec.paths, "\n") != strings.Join(want, "\n") {
		t.Fatalf("requests:\n%s", strings.Join(rec.paths, "\n"))
	}
	add := rec.bodies[0]
	if _, ok := add["config_id"]; ok {
		t.Fatalf("add_join_way body has config_id: %v", add)
	}
	if _, ok := add["qr_code"]; ok {
		t.Fatalf("add_join_way body has qr_code: %v", add)
	}
	if add["scene"] != float64(2) || add["mark_source"] != false || add["room_base_name"] != "销售客服群" || add["state"] != "s1" {
		t.Fatalf("add_join_way body = %v", add)
	}
	// update is a full overwrite: every optional field is sent, empty or not.
	for _, k := range []string{"config_id", "scene", "remark", "auto_create_room", "room_base_name", "room_base_id", "chat_id_list", "state"} {
		if _, ok := rec.bodies[1][k]; !ok {
			t.Fatalf("update_join_way body lacks %s: %v", k, rec.bodies[1])
		}
	}
	if rec.bodies[2]["config_id"] != id {
		t.Fatalf("del_join_way body = %v", rec.bodies[2])
	}
}

func TestGetJoinWayReturnsTheDocumentedFields(t *testing.T) {
	c, _ := record(t, `{"errcode":0,"errmsg":"ok","join_way":{"config_id":"9ad7","scene":2,"remark":"aa_remark","auto_create_room":1,
		"room_base_name":"销售客服群","room_base_id":10,"chat_id_list":["wrA","wrB"],"qr_code":"http://p.qpic.cn/wwhead/x/0","state":"klsdup3kj3s1"}}`)
	jw, err := c.GetJoinWay(context.Background(), "TOK", "9ad7")
	if err != nil {
		t.Fatal(err)
	}
	if jw.ConfigID != "9ad7" || jw.QRCode != "http://p.qpic.cn/wwhead/x/0" || len(jw.ChatIDList) != 2 || jw.State != "klsdup3kj3s1" || jw.RoomBaseID != 10 {
		t.Fatalf("GetJoinWay = %+v", jw)
	}
}

func TestListGroupsSendsTheFiltersAndReturnsTheCursor(t *testing.T) {
	c, rec := record(t, `{"errcode":0,"errmsg":"ok","group_chat_list":[{"chat_id":"wrA","status":0},{"chat_id":"wrB","status":1}],"next_cursor":"CUR2"}`)
	p, err := c.ListGroups(context.Background(), "TOK", GroupListQuery{StatusFilter: 1, Owners: []string{"abel"}, Cursor: "CUR1", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Groups) != 2 || p.Groups[1].Status != 1 || p.NextCursor != "CUR2" {
		t.Fatalf("ListGroups = %+v", p)
	}
	b := rec.bodies[0]
	owners := b["owner_filter"].(map[string]any)["userid_list"].([]any)
	if b["status_filter"] != float64(1) || b["cursor"] != "CUR1" || b["limit"] != float64(10) || owners[0] != "abel" {
		t.Fatalf("groupchat/list body = %v", b)
	}
	if _, err := c.ListGroups(context.Background(), "TOK", GroupListQuery{Limit: 0}); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("limit 0 = %v, want a clear error before the call", err)
	}
	if len(rec.paths) != 1 {
		t.Fatalf("%d calls, want the bad limit refused before calling", len(rec.paths))
	}
}

func TestGetGroupAsksForNamesAndReturnsEachMembersState(t *testing.T) {
	c, rec := record(t, `{"errcode":0,"errmsg":"ok","group_chat":{"chat_id":"wrA","name":"销售客服群","owner":"zhangsan","create_time":1572505490,
		"member_list":[{"userid":"wmX","type":2,"join_time":1572505491,"join_scene":3,"name":"王语嫣","state":"order-1"}],"admin_list":[{"userid":"sam"}],"member_version":"v1"}}`)
	g, err := c.GetGroup(context.Background(), "TOK", "wrA")
	if err != nil {
		t.Fatal(err)
	}
	if rec.bodies[0]["need_name"] != float64(1) {
		t.Fatalf("groupchat/get body = %v", rec.bodies[0])
	}
	if g.Name != "销售客服群" || len(g.Members) != 1 || g.Members[0].State != "order-1" || g.Members[0].JoinScene != 3 || g.Admins[0].UserID != "sam" {
		t.Fatalf("GetGroup = %+v", g)
	}
}

func TestAuthedRetriesOnceWithANewTokenWhenWeComRefusesIt(t *testing.T) {
	c, _ := record(t, `{"errcode":0,"errmsg":"ok"}`)
	tokens := []string{"old", "new", "newer"}
	var handed, dropped []string
	a := Authed{Client: c,
		Token: func(context.Context) (string, error) {
			tok := tokens[len(handed)]
			handed = append(handed, tok)
			return tok, nil
		},
		Invalidate: func(_ context.Context, refused string) { dropped = append(dropped, refused) },
	}
	calls := 0
	err := a.Do(context.Background(), func(tok string) error {
		calls++
		return &APIError{Code: CodeTokenExpired, Path: "x"}
	})
	var api *APIError
	if !errors.As(err, &api) || calls != 2 || len(dropped) != 1 || dropped[0] != "old" {
		t.Fatalf("err %v, %d calls, dropped %v: want two tries and the old token dropped once", err, calls, dropped)
	}
}
