package sandbox

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Cursors are opaque to clients, like WeCom's. They carry the offset of the next page
// and the kind of listing they belong to.
func encodeCursor(kind string, offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("5andb0x:" + kind + ":" + strconv.Itoa(offset)))
}

// decodeCursor: "" is the first page; [U] a cursor that is not ours → 40058.
func decodeCursor(kind, cursor string) (int, error) {
	if cursor == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err == nil {
		if rest, ok := strings.CutPrefix(string(raw), "5andb0x:"+kind+":"); ok {
			if n, err := strconv.Atoi(rest); err == nil && n >= 0 {
				return n, nil
			}
		}
	}
	return 0, apiErrf(CodeInvalidParameter, "invalid cursor")
}

// page cuts items[offset:offset+limit] and returns the next cursor, "" at the end.
func page[T any](kind string, items []T, offset, limit int) ([]T, string) {
	if offset > len(items) {
		offset = len(items)
	}
	end := min(offset+limit, len(items))
	next := ""
	if end < len(items) {
		next = encodeCursor(kind, end)
	}
	return items[offset:end], next
}

const (
	maxGroupListLimit  = 1000
	maxOwnerFilterSize = 100
)

type groupListItem struct {
	ChatID string `json:"chat_id"`
	Status int    `json:"status"`
}

// listGroups is POST externalcontact/groupchat/list. limit is required, 1..1000;
// owner_filter.userid_list holds at most 100 userids; status_filter 0 means all.
// The out-of-range codes are [U] 40058.
func (s *Server) listGroups(c *call) (any, error) {
	var req struct {
		StatusFilter int `json:"status_filter"`
		OwnerFilter  struct {
			UserIDList []string `json:"userid_list"`
		} `json:"owner_filter"`
		Cursor string `json:"cursor"`
		Limit  *int   `json:"limit"`
	}
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	if req.Limit == nil {
		return nil, missing("limit")
	}
	if *req.Limit < 1 || *req.Limit > maxGroupListLimit {
		return nil, apiErrf(CodeInvalidParameter, "limit must be between 1 and %d", maxGroupListLimit)
	}
	if req.StatusFilter < 0 || req.StatusFilter > 3 {
		return nil, apiErrf(CodeInvalidParameter, "invalid status_filter %d", req.StatusFilter)
	}
	if len(req.OwnerFilter.UserIDList) > maxOwnerFilterSize {
		return nil, apiErrf(CodeInvalidParameter, "owner_filter.userid_list exceed max size %d", maxOwnerFilterSize)
	}
	offset, err := decodeCursor("groupchat", req.Cursor)
	if err != nil {
		return nil, err
	}
	owners := map[string]bool{}
	for _, u := range req.OwnerFilter.UserIDList {
		owners[u] = true
	}
	var all []groupListItem
	for _, g := range c.app.corp.data.Groups {
		if req.StatusFilter != 0 && g.Status != req.StatusFilter {
			continue
		}
		if len(owners) > 0 && !owners[g.Owner] {
			continue
		}
		// Doc 93414 (2025-01-13): 「当群主为离职成员时，必须要指定群主过滤才可拉取对应数据」
		// and 「群主必须在应用的可见范围」 (docs/wecom-facts.md, the sandbox WeCom). A group
		// with status 1 (跟进人离职) or [guess] 2 (离职继承中) has an owner who left: listed
		// only when owner_filter names that owner; any other group only when its owner is
		// in the app's visible range.
		if ownerLeft(g) {
			if !owners[g.Owner] {
				continue
			}
		} else if !c.app.sees(g.Owner) {
			continue
		}
		all = append(all, groupListItem{ChatID: g.ChatID, Status: g.Status})
	}
	items, next := page("groupchat", all, offset, *req.Limit)
	return struct {
		GroupChatList []groupListItem `json:"group_chat_list"`
		NextCursor    string          `json:"next_cursor"`
	}{nonNil(items), next}, nil
}

// ownerLeft: the group's owner has left the corp (status 1 跟进人离职, 2 离职继承中).
func ownerLeft(g Group) bool { return g.Status == 1 || g.Status == 2 }

type userRef struct {
	UserID string `json:"userid"`
}

type groupMemberOut struct {
	UserID        string   `json:"userid"`
	Type          int      `json:"type"`
	UnionID       string   `json:"unionid,omitempty"`
	JoinTime      int64    `json:"join_time"`
	JoinScene     int      `json:"join_scene"`
	Invitor       *userRef `json:"invitor,omitempty"`
	GroupNickname string   `json:"group_nickname"`
	Name          string   `json:"name,omitempty"`
	State         string   `json:"state,omitempty"`
}

type groupOut struct {
	ChatID        string           `json:"chat_id"`
	Name          string           `json:"name"`
	Owner         string           `json:"owner"`
	CreateTime    int64            `json:"create_time"`
	Notice        string           `json:"notice"`
	MemberList    []groupMemberOut `json:"member_list"`
	AdminList     []userRef        `json:"admin_list"`
	MemberVersion string           `json:"member_version"`
}

// getGroup is POST externalcontact/groupchat/get. Unknown chat → 40050; name only with
// need_name=1; state only on members who came through a join way with a state.
func (s *Server) getGroup(c *call) (any, error) {
	var req struct {
		ChatID   string `json:"chat_id"`
		NeedName int    `json:"need_name"`
	}
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	if req.ChatID == "" {
		return nil, missing("chat_id")
	}
	d := c.app.corp.data
	g := d.group(req.ChatID)
	if g == nil {
		return nil, apiErr(CodeInvalidGroupID)
	}
	out := groupOut{
		ChatID: g.ChatID, Name: g.Name, Owner: g.Owner, CreateTime: g.CreateTime, Notice: g.Notice,
		MemberList: []groupMemberOut{}, AdminList: []userRef{},
	}
	version := md5.New()
	for _, m := range g.Members {
		om := groupMemberOut{
			UserID: m.UserID, Type: m.Type, UnionID: m.UnionID, JoinTime: m.JoinTime,
			JoinScene: m.JoinScene, GroupNickname: m.GroupNickname, State: m.State,
		}
		if m.Invitor != "" {
			om.Invitor = &userRef{UserID: m.Invitor}
		}
		if req.NeedName == 1 {
			om.Name = d.displayName(m)
		}
		out.MemberList = append(out.MemberList, om)
		version.Write([]byte(m.UserID + "\n"))
	}
	for _, a := range g.Admins {
		out.AdminList = append(out.AdminList, userRef{UserID: a})
	}
	out.MemberVersion = hex.EncodeToString(version.Sum(nil))
	return struct {
		GroupChat groupOut `json:"group_chat"`
	}{out}, nil
}

// displayName is the name groupchat/get shows with need_name=1.
func (d *Data) displayName(m GroupMember) string {
	if m.Name != "" {
		return m.Name
	}
	if m.Type == 1 {
		if mem := d.member(m.UserID); mem != nil {
			return mem.Name
		}
		return m.UserID
	}
	if cu := d.customer(m.UserID); cu != nil {
		return cu.Name
	}
	return ""
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// newChatID makes a customer group's chat_id: "wr" and 30 letters and digits, as WeCom's
// (here hex digits, which pass any check of that form).
func newChatID() string { return "wr" + randomHex(15) }

// Limits of a group made by the client's openEnterpriseChat.
const (
	// doc 98429 (ww.openEnterpriseChat, 使用限制): 内部群最多 2000 人，外部群最多 500 人.
	maxCustomerGroupSize = 500
	// doc 98429: 若创建的会话包含微信联系人，群成员人数不能超过 40 人.
	maxWeChatGroupSize = 40
	// [U] openEnterpriseChat states no limit for groupName; appchat/create (doc 90245)
	// allows 50 UTF-8 characters for a group's name, so the sandbox refuses longer ones.
	maxGroupNameRunes = 50
)

// GroupError is returned by CreateGroup: why the WeCom client would not make the group.
type GroupError struct{ Reason string }

func (e *GroupError) Error() string { return "sandbox: " + e.Reason }

// CreateGroup makes the customer group (客户群) that the WeCom client's
// openEnterpriseChat makes on a phone when the signed-in member (owner) opens a chat with
// members and customers: groupchat/list and groupchat/get then show it, with the owner,
// the members and the customers (join_scene 1, invited by the owner), so join ways can
// name it. WeCom's server API has no call that creates a group; this stands for the
// client. It returns the new chat_id.
//
// What it refuses:
//   - an owner who is not a member of the corp (doc 96967, 调用前提: 当前成员必须在应用
//     的可见范围; the sandbox has no visible range, so every member is in it);
//   - no customers: a chat of members only is an internal group, not a customer group,
//     and groupchat/* never show it (the sandbox keeps customer groups only);
//   - [U] a userid that is not a member of the corp, an external_userid that is not a
//     customer of the owner: WeCom's answer to them is not documented; the client's
//     externalUserIds come from selectExternalContact, which offers only the signed-in
//     member's customers (doc 96967), so the sandbox is strict;
//   - more than 500 people, or more than 40 with a WeChat user among the customers
//     (doc 98429, 使用限制);
//   - [U] a name longer than 50 characters (see maxGroupNameRunes).
func (s *Server) CreateGroup(corpID, owner, name string, members, customers []string) (chatID string, err error) {
	if storeErr := s.locked(func() { chatID, err = s.createGroup(corpID, owner, name, members, customers) }); storeErr != nil {
		return "", storeErr
	}
	return chatID, err
}

func (s *Server) createGroup(corpID, owner, name string, members, customers []string) (string, error) {
	c := s.byCorpID[corpID]
	if c == nil {
		return "", &GroupError{Reason: fmt.Sprintf("no corp %s in the sandbox", corpID)}
	}
	d := c.data
	if d.member(owner) == nil {
		return "", &GroupError{Reason: fmt.Sprintf("the signed-in member %q is not a member of the corp", owner)}
	}
	if n := utf8.RuneCountInString(name); n > maxGroupNameRunes {
		return "", &GroupError{Reason: fmt.Sprintf("the group name has %d characters, more than %d", n, maxGroupNameRunes)}
	}
	now := s.now().Unix()
	g := Group{ChatID: newChatID(), Name: name, Owner: owner, CreateTime: now,
		Members: []GroupMember{{UserID: owner, Type: 1, JoinTime: now, JoinScene: 1}}}
	in := map[string]bool{owner: true}
	for _, u := range members {
		if in[u] {
			continue
		}
		if d.member(u) == nil {
			return "", &GroupError{Reason: fmt.Sprintf("userid %q is not a member of the corp", u)}
		}
		in[u] = true
		g.Members = append(g.Members, GroupMember{UserID: u, Type: 1, JoinTime: now, JoinScene: 1, Invitor: owner})
	}
	weChat, nCustomers := false, 0
	for _, id := range customers {
		if in[id] {
			continue
		}
		cu := d.customer(id)
		if cu == nil || !slices.ContainsFunc(cu.FollowUsers, func(f FollowUser) bool { return f.UserID == owner }) {
			return "", &GroupError{Reason: fmt.Sprintf("external userid %q is not a customer of %s (selectExternalContact offers only the signed-in member's customers)", id, owner)}
		}
		in[id] = true
		nCustomers++
		weChat = weChat || cu.Type == 1
		g.Members = append(g.Members, GroupMember{UserID: id, Type: 2, UnionID: cu.UnionID, JoinTime: now, JoinScene: 1, Invitor: owner})
	}
	switch {
	case nCustomers == 0:
		return "", &GroupError{Reason: "no customers: a chat of members only is an internal group, not a customer group, so groupchat/list and groupchat/get would never show it"}
	case len(g.Members) > maxCustomerGroupSize:
		return "", &GroupError{Reason: fmt.Sprintf("%d people: a customer group holds at most %d", len(g.Members), maxCustomerGroupSize)}
	case weChat && len(g.Members) > maxWeChatGroupSize:
		return "", &GroupError{Reason: fmt.Sprintf("%d people with a WeChat user among them: such a group holds at most %d", len(g.Members), maxWeChatGroupSize)}
	}
	d.Groups = append(d.Groups, g)
	return g.ChatID, nil
}
