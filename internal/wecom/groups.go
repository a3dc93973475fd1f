package wecom

import (
	"context"
	"fmt"
	"net/http"
)

// Limits of groupchat/list (reference §4a).
const (
	MaxGroupListLimit = 1000 // limit: 1 ~ 1000
	MaxOwnerFilter    = 100  // owner_filter.userid_list
)

// GroupRef is one row of groupchat/list: a customer group and its owner's status
// (0 normal, 1 resigned, 2 being inherited, 3 inherited).
type GroupRef struct {
	ChatID string `json:"chat_id"`
	Status int    `json:"status"`
}

// GroupPage is one page of groupchat/list; NextCursor is "" after the last page.
type GroupPage struct {
	Groups     []GroupRef
	NextCursor string
}

// GroupListQuery filters groupchat/list. Limit is required by WeCom (1–1000).
type GroupListQuery struct {
	StatusFilter int      // 0 all, 1 resigned owner, 2 being inherited, 3 inherited
	Owners       []string // owner_filter.userid_list, ≤ 100
	Cursor       string
	Limit        int
}

// GroupMember is one member of a customer group (groupchat/get). Name comes only with
// need_name=1; State is the join way's state the member joined with.
type GroupMember struct {
	UserID        string        `json:"userid"`
	Type          int           `json:"type"` // 1 member of the corp, 2 external contact
	UnionID       string        `json:"unionid,omitempty"`
	JoinTime      int64         `json:"join_time"`
	JoinScene     int           `json:"join_scene"` // 1 invited, 2 invite link, 3 scanned the group QR code
	Invitor       *GroupInvitor `json:"invitor,omitempty"`
	GroupNickname string        `json:"group_nickname,omitempty"`
	Name          string        `json:"name,omitempty"`
	State         string        `json:"state,omitempty"`
}

// GroupInvitor is the member who invited someone into a customer group (join_scene 1).
type GroupInvitor struct {
	UserID string `json:"userid"`
}

// GroupAdmin is one admin of a customer group.
type GroupAdmin struct {
	UserID string `json:"userid"`
}

// GroupChat is a customer group's details (groupchat/get).
type GroupChat struct {
	ChatID        string        `json:"chat_id"`
	Name          string        `json:"name"`
	Owner         string        `json:"owner"`
	CreateTime    int64         `json:"create_time"`
	Notice        string        `json:"notice"`
	Members       []GroupMember `json:"member_list"`
	Admins        []GroupAdmin  `json:"admin_list"`
	MemberVersion string        `json:"member_version"`
}

// ListGroups returns one page of the app's customer groups (POST externalcontact/groupchat/list).
func (c *Client) ListGroups(ctx context.Context, q GroupListQuery) (GroupPage, error) {
	const path = "externalcontact/groupchat/list"
	if q.Limit < 1 || q.Limit > MaxGroupListLimit {
		return GroupPage{}, fmt.Errorf("wecom %s: limit %d is outside 1–%d", path, q.Limit, MaxGroupListLimit)
	}
	if len(q.Owners) > MaxOwnerFilter {
		return GroupPage{}, fmt.Errorf("wecom %s: %d owners given, at most %d per call", path, len(q.Owners), MaxOwnerFilter)
	}
	type ownerFilter struct {
		UserIDList []string `json:"userid_list"`
	}
	body := struct {
		StatusFilter int          `json:"status_filter"`
		OwnerFilter  *ownerFilter `json:"owner_filter,omitempty"`
		Cursor       string       `json:"cursor,omitempty"`
		Limit        int          `json:"limit"`
	}{StatusFilter: q.StatusFilter, Cursor: q.Cursor, Limit: q.Limit}
	if len(q.Owners) > 0 {
		body.OwnerFilter = &ownerFilter{q.Owners}
	}
	var out struct {
		Groups     []GroupRef `json:"group_chat_list"`
		NextCursor string     `json:"next_cursor"`
	}
	if err := c.authed(ctx, http.MethodPost, path, nil, body, &out); err != nil {
		return GroupPage{}, err
	}
	return GroupPage{Groups: nonNil(out.Groups), NextCursor: out.NextCursor}, nil
}

// GetGroup returns a customer group's details with the members' names
// (POST externalcontact/groupchat/get, need_name=1).
func (c *Client) GetGroup(ctx context.Context, chatID string) (GroupChat, error) {
	const path = "externalcontact/groupchat/get"
	if chatID == "" {
		return GroupChat{}, fmt.Errorf("wecom %s: chat_id is empty", path)
	}
	body := struct {
		ChatID   string `json:"chat_id"`
		NeedName int    `json:"need_name"`
	}{chatID, 1}
	var out struct {
		Group GroupChat `json:"group_chat"`
	}
	if err := c.authed(ctx, http.MethodPost, path, nil, body, &out); err != nil {
		return GroupChat{}, err
	}
	out.Group.Members = nonNil(out.Group.Members)
	out.Group.Admins = nonNil(out.Group.Admins)
	return out.Group, nil
}
