package wecom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// MaxBatchUsers is how many members one externalcontact/batch/get_by_user call may name.
const MaxBatchUsers = 100

// ExternalContact is a customer (外部联系人) as externalcontact/get and batch/get_by_user
// show it, reduced to the fields the app uses.
type ExternalContact struct {
	ExternalUserID string `json:"external_userid"`
	Name           string `json:"name"`
	Type           int    `json:"type"`                // 1 WeChat user, 2 WeCom user
	CorpName       string `json:"corp_name,omitempty"` // WeCom users only
}

// FollowInfo is one member's relationship with a customer in batch/get_by_user
// ("follow_info"). RemarkMobiles are the phone numbers the member noted for the
// customer: the only phone numbers WeCom exposes, as the member typed them.
type FollowInfo struct {
	UserID        string   `json:"userid"`
	Remark        string   `json:"remark"`
	RemarkMobiles []string `json:"remark_mobiles"`
	State         string   `json:"state,omitempty"` // channel of a 「联系我」 config
	AddWay        int      `json:"add_way"`
	CreateTime    int64    `json:"createtime"` // unix seconds
	TagIDs        []string `json:"tag_id"`     // corp and rule tags; personal tags are not returned
}

// CustomerFollow is one (customer, member) pair of batch/get_by_user.
type CustomerFollow struct {
	Contact ExternalContact `json:"external_contact"`
	Follow  FollowInfo      `json:"follow_info"`
}

// CustomerPage is one page of batch/get_by_user; NextCursor is "" after the last page.
type CustomerPage struct {
	Items      []CustomerFollow
	NextCursor string
}

// CustomerTag is a tag a member put on a customer, as externalcontact/get shows it.
type CustomerTag struct {
	GroupName string `json:"group_name"`
	TagName   string `json:"tag_name"`
	Type      int    `json:"type"` // 1 corp tag, 2 personal tag, 3 rule tag
	TagID     string `json:"tag_id,omitempty"`
}

// FollowUser is one member's relationship with a customer in externalcontact/get
// ("follow_user[]").
type FollowUser struct {
	UserID         string        `json:"userid"`
	Remark         string        `json:"remark"`
	Description    string        `json:"description"`
	RemarkCorpName string        `json:"remark_corp_name,omitempty"`
	RemarkMobiles  []string      `json:"remark_mobiles"`
	State          string        `json:"state,omitempty"`
	AddWay         int           `json:"add_way"`
	CreateTime     int64         `json:"createtime"`
	Tags           []CustomerTag `json:"tags"`
}

// CustomerDetail is one page of externalcontact/get: the customer and the members who
// follow them. NextCursor is set only when more than 500 members follow the customer.
type CustomerDetail struct {
	Contact     ExternalContact `json:"external_contact"`
	FollowUsers []FollowUser    `json:"follow_user"`
	NextCursor  string          `json:"next_cursor"`
}

// ListCustomers returns the external_userids of the member's customers
// (GET externalcontact/list). A member without customers gets an empty list: WeCom
// answers that with 84061 "not external contact", not with [].
func (c *Client) ListCustomers(ctx context.Context, userID string) ([]string, error) {
	if userID == "" {
		return nil, errors.New("wecom externalcontact/list: userid is empty")
	}
	var out struct {
		ExternalUserIDs []string `json:"external_userid"`
	}
	q := url.Values{"userid": {userID}}
	err := c.authed(ctx, http.MethodGet, "externalcontact/list", q, nil, &out)
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.Code == CodeNotExternalContact {
		return []string{}, nil
	}
	if err != nil {
		return nil, err
	}
	return nonNil(out.ExternalUserIDs), nil
}

// CustomersByUser returns one page of the customers of up to MaxBatchUsers members, one
// item per (customer, member) pair (POST externalcontact/batch/get_by_user). cursor is ""
// for the first page, then the previous page's NextCursor. limit ≤ 0 leaves the page
// size to WeCom (50); WeCom caps it at 100.
func (c *Client) CustomersByUser(ctx context.Context, userIDs []string, cursor string, limit int) (CustomerPage, error) {
	const path = "externalcontact/batch/get_by_user"
	if len(userIDs) == 0 {
		return CustomerPage{}, fmt.Errorf("wecom %s: no userid given", path)
	}
	if len(userIDs) > MaxBatchUsers {
		return CustomerPage{}, fmt.Errorf("wecom %s: %d userids given, at most %d per call", path, len(userIDs), MaxBatchUsers)
	}
	body := struct {
		UserIDList []string `json:"userid_list"`
		Cursor     string   `json:"cursor"`
		Limit      int      `json:"limit,omitempty"`
	}{userIDs, cursor, max(limit, 0)}
	var out struct {
		Items      []CustomerFollow `json:"external_contact_list"`
		NextCursor string           `json:"next_cursor"`
	}
	if err := c.authed(ctx, http.MethodPost, path, nil, body, &out); err != nil {
		return CustomerPage{}, err
	}
	return CustomerPage{Items: nonNil(out.Items), NextCursor: out.NextCursor}, nil
}

// GetCustomer returns a customer and the members who follow them
// (GET externalcontact/get). cursor is "" for the first page, then the previous
// NextCursor (WeCom pages only past 500 follow users).
func (c *Client) GetCustomer(ctx context.Context, externalUserID, cursor string) (CustomerDetail, error) {
	if externalUserID == "" {
		return CustomerDetail{}, errors.New("wecom externalcontact/get: external_userid is empty")
	}
	q := url.Values{"external_userid": {externalUserID}}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	var out CustomerDetail
	if err := c.authed(ctx, http.MethodGet, "externalcontact/get", q, nil, &out); err != nil {
		return CustomerDetail{}, err
	}
	out.FollowUsers = nonNil(out.FollowUsers)
	return out, nil
}

// FollowUsers lists the members who may use customer contact, in WeCom's order
// (GET externalcontact/get_follow_user_list).
func (c *Client) FollowUsers(ctx context.Context) ([]string, error) {
	var out struct {
		FollowUser []string `json:"follow_user"`
	}
	if err := c.authed(ctx, http.MethodGet, "externalcontact/get_follow_user_list", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.FollowUser, nil
}
