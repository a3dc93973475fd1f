package sandbox

import (
	"slices"
	"strings"
	"testing"
)

const (
	listGroups = "externalcontact/groupchat/list"
	getGroup   = "externalcontact/groupchat/get"
)

// listAllGroups pages through groupchat/list and returns the chat ids in order.
func (sb *sandbox) listAllGroups(tok string, body map[string]any) (ids []string, pages int) {
	sb.t.Helper()
	cursor := ""
	for {
		body["cursor"] = cursor
		r := sb.post(listGroups, tok, body)
		wantCode(sb.t, r, 0)
		pages++
		for _, g := range r.Body["group_chat_list"].([]any) {
			ids = append(ids, g.(map[string]any)["chat_id"].(string))
		}
		next, ok := r.Body["next_cursor"].(string)
		if !ok {
			sb.t.Fatalf("next_cursor missing: %s", r.Raw)
		}
		if next == "" {
			return ids, pages
		}
		if pages > 20 {
			sb.t.Fatal("paging does not end")
		}
		cursor = next
	}
}

func TestGroupchatListPagesThroughEveryGroupWithACursor(t *testing.T) {
	sb := start(t, Options{})
	ids, pages := sb.listAllGroups(sb.token(), map[string]any{"limit": 4})
	want := []string{ChatSales, ChatAfterSales, ChatPool1, ChatPool2, ChatPool3} // not ChatResigned: its owner left
	if !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	if pages != 2 {
		t.Errorf("pages = %d, want 2", pages)
	}
}

func TestGroupchatListFilters(t *testing.T) {
	for _, tc := range []struct {
		name string
		body map[string]any
		want []string
	}{
		{"by owner", map[string]any{"limit": 100, "owner_filter": map[string]any{"userid_list": []string{UserLisi}}}, []string{ChatAfterSales, ChatPool3}},
		{"by status 1 without the owner who left", map[string]any{"limit": 100, "status_filter": 1}, nil},
		{"by status 1 naming the owner who left", map[string]any{"limit": 100, "status_filter": 1, "owner_filter": map[string]any{"userid_list": []string{UserWangwu}}}, []string{ChatResigned}},
		{"status 0 is all but the left owner's", map[string]any{"limit": 100, "status_filter": 0}, []string{ChatSales, ChatAfterSales, ChatPool1, ChatPool2, ChatPool3}},
		{"the left owner named with others", map[string]any{"limit": 100, "owner_filter": map[string]any{"userid_list": []string{UserLisi, UserWangwu}}}, []string{ChatAfterSales, ChatPool3, ChatResigned}},
		{"nothing matches", map[string]any{"limit": 100, "owner_filter": map[string]any{"userid_list": []string{UserZhaoliu}}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb := start(t, Options{})
			ids, _ := sb.listAllGroups(sb.token(), tc.body)
			if !slices.Equal(ids, tc.want) {
				t.Errorf("ids = %v, want %v", ids, tc.want)
			}
		})
	}
}

func TestGroupchatListShowsEachGroupsStatus(t *testing.T) {
	sb := start(t, Options{})
	r := sb.post(listGroups, sb.token(), map[string]any{"limit": 1000, "status_filter": 1, "owner_filter": map[string]any{"userid_list": []string{UserWangwu}}})
	if !strings.Contains(string(r.Raw), `"group_chat_list":[{"chat_id":"`+ChatResigned+`","status":1}],"next_cursor":""`) {
		t.Errorf("answer = %s", r.Raw)
	}
}

func TestGroupchatListShowsOnlyGroupsWhoseOwnerIsInTheAppsVisibleRange(t *testing.T) {
	sb := start(t, Options{Corps: []Corp{{CorpID: DefaultCorpID, Apps: []App{{AgentID: DefaultAgentID, VisibleUserIDs: []string{UserLisi}}}}}})
	tok := sb.token()
	ids, _ := sb.listAllGroups(tok, map[string]any{"limit": 100})
	if want := []string{ChatAfterSales, ChatPool3}; !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want %v (lisi's groups only)", ids, want)
	}
	ids, _ = sb.listAllGroups(tok, map[string]any{"limit": 100, "owner_filter": map[string]any{"userid_list": []string{UserZhangsan}}})
	if len(ids) != 0 {
		t.Errorf("owner_filter naming an owner outside the range listed %v", ids)
	}
	sb.srv.SetVisibleRange(DefaultCorpID, DefaultAgentID, nil)
	if ids, _ := sb.listAllGroups(tok, map[string]any{"limit": 100}); len(ids) != 5 {
		t.Errorf("with every member in range: ids = %v", ids)
	}
}

func TestGroupchatListValidatesItsParameters(t *testing.T) {
	many := make([]string, 101)
	for i := range many {
		many[i] = "user" + strings.Repeat("x", i)
	}
	for _, tc := range []struct {
		name string
		body map[string]any
	}{
		{"limit missing", map[string]any{}},
		{"limit 0", map[string]any{"limit": 0}},
		{"limit 1001", map[string]any{"limit": 1001}},
		{"101 owners", map[string]any{"limit": 10, "owner_filter": map[string]any{"userid_list": many}}},
		{"status 4", map[string]any{"limit": 10, "status_filter": 4}},
		{"foreign cursor", map[string]any{"limit": 10, "cursor": "r9FqSqsI8fgNbHLHE5QoCP50UIg2cFQbfma3l2QsmwI"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb := start(t, Options{})
			wantCode(t, sb.post(listGroups, sb.token(), tc.body), 40058)
		})
	}
}

func TestGroupchatGetMatchesTheGoldenAnswerWithNames(t *testing.T) {
	sb := start(t, Options{})
	r := sb.post(getGroup, sb.token(), map[string]any{"chat_id": ChatSales, "need_name": 1})
	wantCode(t, r, 0)
	golden(t, "groupchat_get_sales_need_name.json", r.Raw)
}

func TestGroupchatGetLeavesNamesOutUnlessAsked(t *testing.T) {
	sb := start(t, Options{})
	r := sb.post(getGroup, sb.token(), map[string]any{"chat_id": ChatSales})
	wantCode(t, r, 0)
	for _, m := range r.Body["group_chat"].(map[string]any)["member_list"].([]any) {
		if _, ok := m.(map[string]any)["name"]; ok {
			t.Errorf("member %v has a name without need_name", m)
		}
	}
}

func TestGroupchatGetCarriesStateOnlyForMembersWhoJoinedThroughAJoinWay(t *testing.T) {
	sb := start(t, Options{})
	r := sb.post(getGroup, sb.token(), map[string]any{"chat_id": ChatSales})
	states := map[string]any{}
	for _, m := range r.Body["group_chat"].(map[string]any)["member_list"].([]any) {
		mm := m.(map[string]any)
		if s, ok := mm["state"]; ok {
			states[mm["userid"].(string)] = s
		}
	}
	if len(states) != 1 || states[CustomerChen] != "sandbox-qr-1" {
		t.Errorf("states = %v", states)
	}
}

func TestGroupchatGetOfAnUnknownChatAnswers40050(t *testing.T) {
	sb := start(t, Options{})
	r := sb.post(getGroup, sb.token(), map[string]any{"chat_id": "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA"})
	wantCode(t, r, 40050)
	if !strings.HasPrefix(r.Msg, "invalid group id, hint: [") {
		t.Errorf("errmsg = %q", r.Msg)
	}
}

func TestCorpsHaveSeparateCopiesOfTheSeed(t *testing.T) {
	sb := start(t, Options{Corps: []Corp{
		{CorpID: "wwAAAAAAAAAAAAAAAA", Apps: []App{{AgentID: 1}}},
		{CorpID: "wwBBBBBBBBBBBBBBBB", Apps: []App{{AgentID: 1}}},
	}})
	a := sb.token(1) // the first corp
	id := sb.addJoinWay(a, map[string]any{"scene": 2, "chat_id_list": []string{ChatPool1}})
	if _, err := sb.srv.ScanJoinWay("wwAAAAAAAAAAAAAAAA", 1, id, CustomerWu); err != nil {
		t.Fatal(err)
	}
	seed := DefaultData()
	if len(seed.Groups[2].Members) != 1 {
		t.Error("DefaultData shares state with a running server")
	}
	if got := sb.srv.JoinWays("wwBBBBBBBBBBBBBBBB", 1); len(got) != 0 {
		t.Errorf("the other corp sees %v", got)
	}
}
