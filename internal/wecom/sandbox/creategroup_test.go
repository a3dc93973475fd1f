package sandbox

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestAGroupCreatedOnOneServerIsShownByASecondOnTheSameDatabaseUntilAReset(t *testing.T) {
	a, b, _ := twoOnOneDB(t)
	id, err := a.srv.CreateGroup(DefaultCorpID, UserZhangsan, "装修咨询群", []string{UserLisi, UserZhangsan}, []string{CustomerChen, CustomerLiu})
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^wr[A-Za-z0-9]{30}$`).MatchString(id) {
		t.Fatalf("chat id %q, want wr and 30 letters and digits", id)
	}
	tok := b.token()
	r := b.post("externalcontact/groupchat/get", tok, map[string]any{"chat_id": id, "need_name": 1})
	wantCode(t, r, 0)
	g := r.Body["group_chat"].(map[string]any)
	if g["owner"] != UserZhangsan || g["name"] != "装修咨询群" || g["create_time"].(float64) != float64(a.clock.Now().Unix()) {
		t.Errorf("group %v", g)
	}
	var got []string
	for _, m := range g["member_list"].([]any) {
		m := m.(map[string]any)
		got = append(got, fmt.Sprintf("%s/%v/%v", m["userid"], m["type"], m["name"]))
		if m["userid"] != UserZhangsan && (m["join_scene"].(float64) != 1 || m["invitor"].(map[string]any)["userid"] != UserZhangsan) {
			t.Errorf("member %v: want join_scene 1, invited by zhangsan", m)
		}
	}
	want := []string{"zhangsan/1/张三", "lisi/1/李四", CustomerChen + "/2/陈晓明", CustomerLiu + "/2/刘芳"}
	if !slices.Equal(got, want) {
		t.Errorf("members %v, want %v (the owner once, first)", got, want)
	}
	l := b.post("externalcontact/groupchat/list", tok, map[string]any{"limit": 100, "owner_filter": map[string]any{"userid_list": []string{UserZhangsan}}})
	wantCode(t, l, 0)
	if !slices.ContainsFunc(l.Body["group_chat_list"].([]any), func(x any) bool { return x.(map[string]any)["chat_id"] == id }) {
		t.Errorf("groupchat/list of zhangsan %v lacks %s", l.Body, id)
	}
	// a join way may name it, from the second server
	wantCode(t, b.post("externalcontact/groupchat/add_join_way", tok, map[string]any{"scene": 2, "chat_id_list": []string{id}}), 0)

	if err := b.srv.Reset(context.Background()); err != nil {
		t.Fatal(err)
	}
	wantCode(t, a.post("externalcontact/groupchat/get", a.token(), map[string]any{"chat_id": id}), CodeInvalidGroupID)
}

func TestCreateGroupRefusesWhatTheClientWouldNotMake(t *testing.T) {
	many := &Data{Members: []Member{{UserID: "boss", Name: "老板"}}}
	var wechat, wecom []string
	for i := range 41 {
		for _, k := range []struct {
			typ int
			ids *[]string
		}{{1, &wechat}, {2, &wecom}} {
			id := fmt.Sprintf("wm%d-%d", k.typ, i)
			many.Customers = append(many.Customers, Customer{ExternalUserID: id, Name: id, Type: k.typ, FollowUsers: []FollowUser{{UserID: "boss"}}})
			*k.ids = append(*k.ids, id)
		}
	}
	for _, c := range []struct {
		name               string
		seed               *Data
		owner, group       string
		members, customers []string
		want               string
	}{
		{"an owner who is not a member", nil, "nobody", "g", nil, []string{CustomerChen}, `"nobody" is not a member`},
		{"a userid who is not a member", nil, UserZhangsan, "g", []string{"ghost"}, []string{CustomerChen}, `"ghost" is not a member`},
		{"a customer of someone else", nil, UserZhangsan, "g", nil, []string{CustomerZhou}, "not a customer of zhangsan"},
		{"an unknown customer", nil, UserZhangsan, "g", nil, []string{"wmNobody"}, "not a customer of zhangsan"},
		{"members only", nil, UserZhangsan, "g", []string{UserLisi}, nil, "internal group"},
		{"a name over 50 characters", nil, UserZhangsan, strings.Repeat("群", 51), nil, []string{CustomerChen}, "51 characters"},
		{"41 people with a WeChat user", many, "boss", "g", nil, wechat[:40], "at most 40"},
	} {
		t.Run(c.name, func(t *testing.T) {
			sb := start(t, Options{Seed: c.seed})
			corp := DefaultCorpID
			_, err := sb.srv.CreateGroup(corp, c.owner, c.group, c.members, c.customers)
			var ge *GroupError
			if !errors.As(err, &ge) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v, want a GroupError saying %q", err, c.want)
			}
		})
	}
	// 40 with a WeChat user, and 42 WeCom users, are fine
	sb := start(t, Options{Seed: many})
	if _, err := sb.srv.CreateGroup(DefaultCorpID, "boss", "g", nil, wechat[:39]); err != nil {
		t.Errorf("40 people with WeChat users: %v", err)
	}
	if _, err := sb.srv.CreateGroup(DefaultCorpID, "boss", "g", nil, wecom); err != nil {
		t.Errorf("42 people, WeCom users only: %v", err)
	}
}

func TestGenerationCountsResetsForEveryServerOnTheDatabase(t *testing.T) {
	ctx := context.Background()
	a, b, _ := twoOnOneDB(t)
	if g, err := a.srv.Generation(ctx); err != nil || g != 0 {
		t.Fatalf("generation before any reset = %d (%v), want 0", g, err)
	}
	a.token()
	for want := int64(1); want <= 2; want++ {
		if err := b.srv.Reset(ctx); err != nil {
			t.Fatal(err)
		}
		if g, err := a.srv.Generation(ctx); err != nil || g != want {
			t.Fatalf("generation after %d resets = %d (%v)", want, g, err)
		}
	}
	mem := start(t, Options{})
	_ = mem.srv.Reset(ctx)
	if g, _ := mem.srv.Generation(ctx); g != 1 {
		t.Fatalf("in-memory generation after a reset = %d, want 1", g)
	}
}
