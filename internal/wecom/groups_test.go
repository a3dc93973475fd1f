package wecom

import (
	"context"
	"encoding/json"
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
	return c.WithTokens(StaticToken("TOK")), rec
}

func TestListGroupsSendsTheFiltersAndReturnsTheCursor(t *testing.T) {
	c, rec := record(t, `{"errcode":0,"errmsg":"ok","group_chat_list":[{"chat_id":"wrA","status":0},{"chat_id":"wrB","status":1}],"next_cursor":"CUR2"}`)
	p, err := c.ListGroups(context.Background(), GroupListQuery{StatusFilter: 1, Owners: []string{"abel"}, Cursor: "CUR1", Limit: 10})
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
	if _, err := c.ListGroups(context.Background(), GroupListQuery{Limit: 0}); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("limit 0 = %v, want a clear error before the call", err)
	}
	if len(rec.paths) != 1 {
		t.Fatalf("%d calls, want the bad limit refused before calling", len(rec.paths))
	}
}

func TestGetGroupAsksForNamesAndReturnsEachMembersState(t *testing.T) {
	c, rec := record(t, `{"errcode":0,"errmsg":"ok","group_chat":{"chat_id":"wrA","name":"销售客服群","owner":"zhangsan","create_time":1572505490,
		"member_list":[{"userid":"wmX","type":2,"join_time":1572505491,"join_scene":3,"name":"王语嫣","state":"order-1"}],"admin_list":[{"userid":"sam"}],"member_version":"v1"}}`)
	g, err := c.GetGroup(context.Background(), "wrA")
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
