package wecom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// Limits of groupchat/list (reference §4a).
const (
	MaxGroupListLimit = 1000 // limit: 1 ~ 1000
	MaxOwnerFilter    = 100  // owner_filter.userid_list
)

// Scenes of a join way (reference §3a): 1 the mini-program plugin, 2 the QR-code plugin.
const (
	SceneMiniProgram = 1
	SceneQRCode      = 2
)

// JoinWay is a 「加入群聊」 config as add/update_join_way take it and get_join_way returns it.
// QRCode comes back only for scene 2. MarkSource is sent, never returned.
type JoinWay struct {
	ConfigID       string   `json:"config_id,omitempty"`
	Scene          int      `json:"scene"`
	Remark         string   `json:"remark"`
	AutoCreateRoom int      `json:"auto_create_room"`
	RoomBaseName   string   `json:"room_base_name"`
	RoomBaseID     int      `json:"room_base_id"`
	ChatIDList     []string `json:"chat_id_list"`
	QRCode         string   `json:"qr_code,omitempty"`
	State          string   `json:"state"`
	MarkSource     *bool    `json:"mark_source,omitempty"`
}

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
func (c *Client) ListGroups(ctx context.Context, accessToken string, q GroupListQuery) (GroupPage, error) {
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
	if err := c.Call(ctx, http.MethodPost, path, url.Values{"access_token": {accessToken}}, body, &out); err != nil {
		return GroupPage{}, err
	}
	if out.Groups == nil {
		out.Groups = []GroupRef{}
	}
	return GroupPage{Groups: out.Groups, NextCursor: out.NextCursor}, nil
}

// GetGroup returns a customer group's details with the members' names
// (POST externalcontact/groupchat/get, need_name=1).
func (c *Client) GetGroup(ctx context.Context, accessToken, chatID string) (GroupChat, error) {
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
	if err := c.Call(ctx, http.MethodPost, path, url.Values{"access_token": {accessToken}}, body, &out); err != nil {
		return GroupChat{}, err
	}
	if out.Group.Members == nil {
		out.Group.Members = []GroupMember{}
	}
	if out.Group.Admins == nil {
		out.Group.Admins = []GroupAdmin{}
	}
	return out.Group, nil
}

// AddJoinWay creates a join way and returns its config_id (add_join_way). jw.ConfigID
// and jw.QRCode are not sent.
func (c *Client) AddJoinWay(ctx context.Context, accessToken string, jw JoinWay) (string, error) {
	const path = "externalcontact/groupchat/add_join_way"
	jw.ConfigID, jw.QRCode = "", ""
	var out struct {
		ConfigID string `json:"config_id"`
	}
	if err := c.Call(ctx, http.MethodPost, path, url.Values{"access_token": {accessToken}}, jw, &out); err != nil {
		return "", err
	}
	if out.ConfigID == "" {
		return "", fmt.Errorf("wecom %s: answer has no config_id", path)
	}
	return out.ConfigID, nil
}

// GetJoinWay reads a join way the app created (get_join_way).
func (c *Client) GetJoinWay(ctx context.Context, accessToken, configID string) (JoinWay, error) {
	const path = "externalcontact/groupchat/get_join_way"
	if configID == "" {
		return JoinWay{}, fmt.Errorf("wecom %s: config_id is empty", path)
	}
	var out struct {
		JoinWay JoinWay `json:"join_way"`
	}
	body := struct {
		ConfigID string `json:"config_id"`
	}{configID}
	if err := c.Call(ctx, http.MethodPost, path, url.Values{"access_token": {accessToken}}, body, &out); err != nil {
		return JoinWay{}, err
	}
	if out.JoinWay.ChatIDList == nil {
		out.JoinWay.ChatIDList = []string{}
	}
	return out.JoinWay, nil
}

// UpdateJoinWay overwrites a join way with jw (update_join_way): WeCom resets every
// optional field jw leaves out, so jw must be the whole config.
func (c *Client) UpdateJoinWay(ctx context.Context, accessToken string, jw JoinWay) error {
	const path = "externalcontact/groupchat/update_join_way"
	if jw.ConfigID == "" {
		return fmt.Errorf("wecom %s: config_id is empty", path)
	}
	jw.QRCode = ""
	return c.Call(ctx, http.MethodPost, path, url.Values{"access_token": {accessToken}}, jw, nil)
}

// DelJoinWay deletes a join way (del_join_way).
func (c *Client) DelJoinWay(ctx context.Context, accessToken, configID string) error {
	const path = "externalcontact/groupchat/del_join_way"
	if configID == "" {
		return fmt.Errorf("wecom %s: config_id is empty", path)
	}
	body := struct {
		ConfigID string `json:"config_id"`
	}{configID}
	return c.Call(ctx, http.MethodPost, path, url.Values{"access_token": {accessToken}}, body, nil)
}

// Authed binds a client to the access tokens Token hands out: Do runs a call with a token
// and, when WeCom refuses it (42001 expired, 40014 invalid), calls Invalidate with the
// refused token and runs the call once more with a new one, never twice.
type Authed struct {
	Client     *Client
	Token      func(ctx context.Context) (string, error)
	Invalidate func(ctx context.Context, refused string) // may be nil
}

// Do runs call with a token, and once more with a fresh one if WeCom refused it.
func (a Authed) Do(ctx context.Context, call func(token string) error) error {
	if a.Client == nil || a.Token == nil {
		return errors.New("wecom: no client or token source")
	}
	for try := 0; ; try++ {
		tok, err := a.Token(ctx)
		if err != nil {
			return err
		}
		err = call(tok)
		if try == 0 && IsTokenInvalid(err) {
			if a.Invalidate != nil {
				a.Invalidate(ctx, tok)
			}
			continue
		}
		return err
	}
}
