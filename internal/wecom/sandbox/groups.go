package sandbox

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
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
		all = append(all, groupListItem{ChatID: g.ChatID, Status: g.Status})
	}
	items, next := page("groupchat", all, offset, *req.Limit)
	return struct {
		GroupChatList []groupListItem `json:"group_chat_list"`
		NextCursor    string          `json:"next_cursor"`
	}{nonNil(items), next}, nil
}

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
