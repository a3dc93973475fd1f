package wecom

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestGetUserInfoSendsTheCodeAndReadsAMemberOrANonMember(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Method+" "+r.URL.Path+" code="+r.URL.Query().Get("code"))
		if r.URL.Query().Get("code") == "member-code" {
			fmt.Fprint(w, `{"errcode":0,"errmsg":"ok","userid":"zhangsan","user_ticket":"ticket-1234567890"}`)
			return
		}
		fmt.Fprint(w, `{"errcode":0,"errmsg":"ok","openid":"oAAA","external_userid":"wmBBB"}`)
	}))
	defer srv.Close()
	c, _ := New(srv.URL)
	c = c.WithTokens(StaticToken("tok"))
	m, err := c.GetUserInfo(context.Background(), "member-code")
	if err != nil || m.UserID != "zhangsan" || m.UserTicket != "ticket-1234567890" {
		t.Fatalf("member: %+v, %v", m, err)
	}
	n, err := c.GetUserInfo(context.Background(), "other-code")
	if err != nil || n.OpenID != "oAAA" || n.ExternalUserID != "wmBBB" || n.UserID != "" {
		t.Fatalf("non-member: %+v, %v", n, err)
	}
	if seen[0] != "GET /cgi-bin/auth/getuserinfo code=member-code" {
		t.Errorf("request = %s", seen[0])
	}
}

func TestA40029NeverQuotesTheCode(t *testing.T) {
	const code = "CODEvalue0123456789abcdef"
	c, _ := fake(t, `{"errcode":40029,"errmsg":"invalid code `+code+`, hint: [1], more info at https://open.work.weixin.qq.com/devtool/query?e=40029"}`)
	_, err := c.WithTokens(StaticToken("tok")).GetUserInfo(context.Background(), code)
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != CodeInvalidCode {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), code) {
		t.Errorf("the error quotes the code: %v", err)
	}
}

func TestGetUserDetailPostsTheTicketAndNeverQuotesIt(t *testing.T) {
	const ticket = "USERTICKETvalue0123456789"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.URL.Path != "/cgi-bin/auth/getuserdetail" || string(b) != `{"user_ticket":"`+ticket+`"}` {
			fmt.Fprintf(w, `{"errcode":40058,"errmsg":"bad request %s"}`, b)
			return
		}
		fmt.Fprint(w, `{"errcode":0,"errmsg":"ok","userid":"lisi","gender":"1","mobile":"13800000000","avatar":"https://a/0"}`)
	}))
	defer srv.Close()
	c, _ := New(srv.URL)
	c = c.WithTokens(StaticToken("tok"))
	d, err := c.GetUserDetail(context.Background(), ticket)
	if err != nil || d.UserID != "lisi" || d.Mobile != "13800000000" {
		t.Fatalf("detail: %+v, %v", d, err)
	}
	srv.Close()
	_, err = c.GetUserDetail(context.Background(), ticket+"x")
	if err == nil || strings.Contains(err.Error(), ticket) {
		t.Errorf("err = %v", err)
	}
}
