package wecom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// tokenServer answers every call with body and keeps the access_token each one carried.
func tokenServer(t *testing.T, body string) (*Client, *[]string) {
	t.Helper()
	var sent []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent = append(sent, r.URL.Query().Get("access_token"))
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c, &sent
}

// handOut hands out tokens in order and records the ones dropped.
type handOut struct {
	tokens, handed, dropped []string
}

func (h *handOut) Token(context.Context) (string, error) {
	tok := h.tokens[len(h.handed)]
	h.handed = append(h.handed, tok)
	return tok, nil
}

func (h *handOut) Invalidate(_ context.Context, refused string) {
	h.dropped = append(h.dropped, refused)
}

func TestAClientDropsATokenWeComRefusesAndTriesOnceMoreNeverTwice(t *testing.T) {
	for _, code := range []int{CodeTokenExpired, CodeInvalidToken} {
		c, sent := tokenServer(t, fmt.Sprintf(`{"errcode":%d,"errmsg":"access_token expired"}`, code))
		h := &handOut{tokens: []string{"old", "new", "newer"}}
		_, err := c.WithTokens(h).GetCorpTicket(context.Background())
		var api *APIError
		if !errors.As(err, &api) || api.Code != code {
			t.Fatalf("%d: err = %v, want the refusal", code, err)
		}
		if !slices.Equal(*sent, []string{"old", "new"}) || !slices.Equal(h.dropped, []string{"old"}) {
			t.Fatalf("%d: sent %v, dropped %v: want two tries and the old token dropped once", code, *sent, h.dropped)
		}
	}
}

func TestEveryCallWithATokenGoesThroughTheOneRetry(t *testing.T) {
	c, sent := tokenServer(t, `{"errcode":42001,"errmsg":"access_token expired"}`)
	ctx := context.Background()
	calls := map[string]func(c *Client) error{
		"get_jsapi_ticket": func(c *Client) error { _, err := c.GetCorpTicket(ctx); return err },
		"ticket/get":       func(c *Client) error { _, err := c.GetAgentTicket(ctx); return err },
		"groupchat/list": func(c *Client) error {
			_, err := c.ListGroups(ctx, GroupListQuery{Limit: 10})
			return err
		},
		"groupchat/get":        func(c *Client) error { _, err := c.GetGroup(ctx, "wr1"); return err },
		"add_join_way":         func(c *Client) error { _, err := c.AddJoinWay(ctx, JoinWay{Scene: SceneQRCode}); return err },
		"get_join_way":         func(c *Client) error { _, err := c.GetJoinWay(ctx, "cfg"); return err },
		"update_join_way":      func(c *Client) error { return c.UpdateJoinWay(ctx, JoinWay{ConfigID: "cfg"}) },
		"del_join_way":         func(c *Client) error { return c.DelJoinWay(ctx, "cfg") },
		"externalcontact/list": func(c *Client) error { _, err := c.ListCustomers(ctx, "zhangsan"); return err },
		"batch/get_by_user":    func(c *Client) error { _, err := c.CustomersByUser(ctx, []string{"zhangsan"}, "", 0); return err },
		"externalcontact/get":  func(c *Client) error { _, err := c.GetCustomer(ctx, "wm1", ""); return err },
		"get_follow_user_list": func(c *Client) error { _, err := c.FollowUsers(ctx); return err },
	}
	for name, call := range calls {
		*sent = nil
		h := &handOut{tokens: []string{"old", "new", "newer"}}
		if err := call(c.WithTokens(h)); !IsTokenInvalid(err) {
			t.Errorf("%s: err = %v, want the refusal", name, err)
		}
		if !slices.Equal(*sent, []string{"old", "new"}) || !slices.Equal(h.dropped, []string{"old"}) {
			t.Errorf("%s: sent %v, dropped %v: want the old token dropped and one more try", name, *sent, h.dropped)
		}
	}
}

func TestAFreshTokenAfterARefusalIsUsedAndTheAnswerReturned(t *testing.T) {
	var n int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		if r.URL.Query().Get("access_token") == "old" {
			fmt.Fprint(w, `{"errcode":40014,"errmsg":"invalid access_token"}`)
			return
		}
		fmt.Fprint(w, `{"errcode":0,"errmsg":"ok","ticket":"T","expires_in":7200}`)
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	h := &handOut{tokens: []string{"old", "new"}}
	cred, err := c.WithTokens(h).GetCorpTicket(context.Background())
	if err != nil || cred.Value != "T" || n != 2 {
		t.Fatalf("GetCorpTicket = %+v, %v after %d calls; want the ticket on the second try", cred, err, n)
	}
}

func TestAClientWithoutTokensSaysHowToGiveItSomeAndCallsNobody(t *testing.T) {
	c, sent := tokenServer(t, `{"errcode":0,"errmsg":"ok"}`)
	_, err := c.ListGroups(context.Background(), GroupListQuery{Limit: 10})
	if err == nil || !errors.Is(err, errNoTokens) || len(*sent) != 0 {
		t.Fatalf("err = %v after %d calls, want the missing token source named before any call", err, len(*sent))
	}
}

func TestATokenSourceThatFailsStopsTheCall(t *testing.T) {
	c, sent := tokenServer(t, `{"errcode":0,"errmsg":"ok"}`)
	keychain := errors.New("keychain locked")
	_, err := c.WithTokens(TokenFuncs{Get: func(context.Context) (string, error) { return "", keychain }}).FollowUsers(context.Background())
	if !errors.Is(err, keychain) || len(*sent) != 0 {
		t.Fatalf("err = %v after %d calls, want the source's error and no call", err, len(*sent))
	}
}
