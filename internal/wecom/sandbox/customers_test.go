package sandbox

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

const batchGetByUser = "externalcontact/batch/get_by_user"

func TestFollowUserListNamesEveryMember(t *testing.T) {
	sb := start(t, Options{})
	r := sb.get("externalcontact/get_follow_user_list", sb.withToken(sb.token(), nil))
	wantCode(t, r, 0)
	if got := strs(t, r.Body["follow_user"]); !slices.Equal(got, []string{UserZhangsan, UserLisi, UserWangwu, UserZhaoliu}) {
		t.Errorf("follow_user = %v", got)
	}
}

func TestExternalcontactListReturnsTheMembersCustomers(t *testing.T) {
	sb := start(t, Options{})
	r := sb.get("externalcontact/list", sb.withToken(sb.token(), url.Values{"userid": {UserZhangsan}}))
	wantCode(t, r, 0)
	if got := strs(t, r.Body["external_userid"]); !slices.Equal(got, []string{CustomerChen, CustomerLiu, CustomerZheng}) {
		t.Errorf("external_userid = %v", got)
	}
}

func TestExternalcontactListOfAMemberWithoutCustomersAnswers84061(t *testing.T) {
	sb := start(t, Options{})
	r := sb.get("externalcontact/list", sb.withToken(sb.token(), url.Values{"userid": {UserZhaoliu}}))
	wantCode(t, r, 84061)
	if !strings.HasPrefix(r.Msg, "not external contact, hint: [") {
		t.Errorf("errmsg = %q", r.Msg)
	}
}

func TestExternalcontactListOfAnUnknownMemberAnswers60111(t *testing.T) {
	sb := start(t, Options{})
	r := sb.get("externalcontact/list", sb.withToken(sb.token(), url.Values{"userid": {"nobody"}}))
	wantCode(t, r, 60111)
	if !strings.HasPrefix(r.Msg, "invalid string value `nobody`. userid not found, hint: [") {
		t.Errorf("errmsg = %q", r.Msg)
	}
}

func TestExternalcontactGetMatchesTheGoldenAnswer(t *testing.T) {
	sb := start(t, Options{})
	r := sb.get("externalcontact/get", sb.withToken(sb.token(), url.Values{"external_userid": {CustomerChen}}))
	wantCode(t, r, 0)
	golden(t, "externalcontact_get_chen.json", r.Raw)
}

func TestExternalcontactGetAlwaysHasRemarkMobiles(t *testing.T) {
	sb := start(t, Options{})
	r := sb.get("externalcontact/get", sb.withToken(sb.token(), url.Values{"external_userid": {CustomerWu}}))
	wantCode(t, r, 0)
	if !strings.Contains(string(r.Raw), `"remark_mobiles":[]`) {
		t.Errorf("answer = %s", r.Raw)
	}
}

func TestExternalcontactGetOfAnUnknownCustomerAnswers84061(t *testing.T) {
	sb := start(t, Options{})
	wantCode(t, sb.get("externalcontact/get", sb.withToken(sb.token(), url.Values{"external_userid": {"wmNoSuchCustomer"}})), 84061)
}

// batchPages pages through batch/get_by_user and returns "externalID/userid" pairs.
func (sb *sandbox) batchPages(tok string, body map[string]any) (pairs []string, pages int) {
	sb.t.Helper()
	cursor := ""
	for {
		body["cursor"] = cursor
		r := sb.post(batchGetByUser, tok, body)
		wantCode(sb.t, r, 0)
		pages++
		for _, it := range r.Body["external_contact_list"].([]any) {
			m := it.(map[string]any)
			ec := m["external_contact"].(map[string]any)
			fi := m["follow_info"].(map[string]any)
			if _, ok := fi["remark_mobiles"]; !ok {
				sb.t.Errorf("follow_info without remark_mobiles: %v", fi)
			}
			if _, ok := fi["tag_id"]; !ok {
				sb.t.Errorf("follow_info without tag_id: %v", fi)
			}
			pairs = append(pairs, ec["external_userid"].(string)+"/"+fi["userid"].(string))
		}
		next := r.Body["next_cursor"].(string)
		if next == "" || pages > 20 {
			return pairs, pages
		}
		cursor = next
	}
}

func TestBatchGetByUserPagesOneEntryPerCustomerAndFollowUser(t *testing.T) {
	sb := start(t, Options{})
	pairs, pages := sb.batchPages(sb.token(), map[string]any{"userid_list": []string{UserZhangsan, UserLisi}, "limit": 2})
	want := []string{
		CustomerChen + "/" + UserZhangsan, CustomerLiu + "/" + UserZhangsan, CustomerZheng + "/" + UserZhangsan,
		CustomerChen + "/" + UserLisi, CustomerZhou + "/" + UserLisi,
	}
	if !slices.Equal(pairs, want) {
		t.Errorf("pairs = %v, want %v", pairs, want)
	}
	if pages != 3 {
		t.Errorf("pages = %d, want 3", pages)
	}
}

func TestBatchGetByUserLimitDefaultsTo50AndIsClampedTo100(t *testing.T) {
	seed := DefaultData()
	for i := range 130 {
		seed.Customers = append(seed.Customers, Customer{
			ExternalUserID: fmt.Sprintf("wmBulk%03d", i), Name: "客户", Type: 1,
			FollowUsers: []FollowUser{{UserID: UserZhaoliu}},
		})
	}
	for _, tc := range []struct {
		name  string
		limit int
		want  int
	}{
		{"default", 0, 50},
		{"clamped", 1000, 100},
		{"as asked", 7, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb := start(t, Options{Seed: seed})
			body := map[string]any{"userid_list": []string{UserZhaoliu}}
			if tc.limit != 0 {
				body["limit"] = tc.limit
			}
			r := sb.post(batchGetByUser, sb.token(), body)
			wantCode(t, r, 0)
			if got := len(r.Body["external_contact_list"].([]any)); got != tc.want {
				t.Errorf("got %d entries, want %d", got, tc.want)
			}
			if r.Body["next_cursor"] == "" {
				t.Error("next_cursor is empty although more entries remain")
			}
		})
	}
}

func TestBatchGetByUserLeavesPersonalTagsOut(t *testing.T) {
	sb := start(t, Options{})
	r := sb.post(batchGetByUser, sb.token(), map[string]any{"userid_list": []string{UserZhangsan}})
	first := r.Body["external_contact_list"].([]any)[0].(map[string]any)["follow_info"].(map[string]any)
	if got := strs(t, first["tag_id"]); !slices.Equal(got, []string{TagVIP}) {
		t.Errorf("tag_id = %v, want only the corp tag", got)
	}
}

func TestBatchGetByUserValidatesItsParameters(t *testing.T) {
	many := make([]string, 101)
	for i := range many {
		many[i] = UserZhangsan
	}
	for _, tc := range []struct {
		name string
		body map[string]any
		code int
	}{
		{"no userid_list", map[string]any{}, 40058},
		{"101 userids", map[string]any{"userid_list": many}, 40058},
		{"unknown member", map[string]any{"userid_list": []string{UserZhangsan, "nobody"}}, 60111},
		{"foreign cursor", map[string]any{"userid_list": []string{UserZhangsan}, "cursor": "bm90LW91cnM"}, 40058},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb := start(t, Options{})
			wantCode(t, sb.post(batchGetByUser, sb.token(), tc.body), tc.code)
		})
	}
}

func TestRemarkSetsRemarkMobilesThatBatchGetByUserThenShows(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	r := sb.post("externalcontact/remark", tok, map[string]any{
		"userid": UserWangwu, "external_userid": CustomerWu, "remark": "吴女士", "remark_mobiles": []string{"13900000009"},
	})
	wantCode(t, r, 0)
	b := sb.post(batchGetByUser, tok, map[string]any{"userid_list": []string{UserWangwu}})
	fi := b.Body["external_contact_list"].([]any)[0].(map[string]any)["follow_info"].(map[string]any)
	if got := strs(t, fi["remark_mobiles"]); !slices.Equal(got, []string{"13900000009"}) || fi["remark"] != "吴女士" {
		t.Errorf("follow_info = %v", fi)
	}
}

func TestRemarkWithAnEmptyStringClearsTheMobiles(t *testing.T) {
	for _, clear := range []any{"", []string{""}} {
		sb := start(t, Options{})
		tok := sb.token()
		wantCode(t, sb.post("externalcontact/remark", tok, map[string]any{
			"userid": UserZhangsan, "external_userid": CustomerChen, "remark_mobiles": clear,
		}), 0)
		r := sb.get("externalcontact/get", sb.withToken(tok, url.Values{"external_userid": {CustomerChen}}))
		if !strings.Contains(string(r.Raw), `"userid":"zhangsan","remark":"陈总"`) || !strings.Contains(string(r.Raw), `"remark_mobiles":[]`) {
			t.Errorf("clear with %#v: answer = %s", clear, r.Raw)
		}
	}
}

func TestRemarkRefusesPairsThatAreNotARelationship(t *testing.T) {
	for _, tc := range []struct {
		name string
		body map[string]any
		code int
	}{
		{"member does not follow the customer", map[string]any{"userid": UserZhaoliu, "external_userid": CustomerChen}, 84061},
		{"unknown customer", map[string]any{"userid": UserZhangsan, "external_userid": "wmNoSuch"}, 84061},
		{"unknown member", map[string]any{"userid": "nobody", "external_userid": CustomerChen}, 60111},
		{"userid missing", map[string]any{"external_userid": CustomerChen}, 40058},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb := start(t, Options{})
			wantCode(t, sb.post("externalcontact/remark", sb.token(), tc.body), tc.code)
		})
	}
}

func TestErrorAnswersKeepTheEmptyArrayRealOnesKeep(t *testing.T) {
	sb := start(t, Options{})
	tok := sb.token()
	for _, tc := range []struct {
		name string
		r    result
		want string
	}{
		{"externalcontact/list 84061", sb.get("externalcontact/list", sb.withToken(tok, url.Values{"userid": {UserZhaoliu}})), `"external_userid":[]`},
		{"externalcontact/get 84061", sb.get("externalcontact/get", sb.withToken(tok, url.Values{"external_userid": {"wmNoSuchCustomer"}})), `"follow_user":[]`},
		{"groupchat/list with a bad token", sb.post("externalcontact/groupchat/list", "made-up", map[string]any{"limit": 10}), `"group_chat_list":[]`},
	} {
		if tc.r.Code == 0 || !strings.HasSuffix(string(tc.r.Raw), ","+tc.want+"}") {
			t.Errorf("%s: answer = %s, want an error ending in %s", tc.name, tc.r.Raw, tc.want)
		}
	}
}

func TestErrorAnswersOfOtherEndpointsCarryOnlyErrcodeAndErrmsg(t *testing.T) {
	sb := start(t, Options{})
	r := sb.get("get_jsapi_ticket", url.Values{"access_token": {"made-up"}})
	if len(r.Body) != 2 {
		t.Errorf("answer = %s", r.Raw)
	}
}
