package sandbox

import (
	"encoding/json"
	"slices"
)

const (
	maxBatchUsers     = 100
	defaultBatchLimit = 50
	maxBatchLimit     = 100
)

// userNotFound is the real 60111 text: "invalid string value `X`. userid not found".
func userNotFound(userID string) error {
	return &APIError{Code: CodeUserIDNotFound, Text: "invalid string value `" + userID + "`. " + errorText(CodeUserIDNotFound)}
}

// followUserList is GET externalcontact/get_follow_user_list. [U] Every member of the
// seed counts as configured for 客户联系.
func (s *Server) followUserList(c *call) (any, error) {
	users := []string{}
	for _, m := range c.app.corp.data.Members {
		users = append(users, m.UserID)
	}
	return struct {
		FollowUser []string `json:"follow_user"`
	}{users}, nil
}

// listCustomers is GET externalcontact/list?userid=. A member without customers is an
// error, 84061 "not external contact", not an empty list. [U] An unknown userid → 60111,
// a missing one → 40058.
func (s *Server) listCustomers(c *call) (any, error) {
	userID := c.r.URL.Query().Get("userid")
	if userID == "" {
		return nil, missing("userid")
	}
	d := c.app.corp.data
	if d.member(userID) == nil {
		return nil, userNotFound(userID)
	}
	var ids []string
	for _, cu := range d.Customers {
		if cu.followedBy(userID) != nil {
			ids = append(ids, cu.ExternalUserID)
		}
	}
	if len(ids) == 0 {
		return nil, apiErr(CodeNotExternalContact)
	}
	return struct {
		ExternalUserID []string `json:"external_userid"`
	}{ids}, nil
}

func (cu *Customer) followedBy(userID string) *FollowUser {
	for i := range cu.FollowUsers {
		if cu.FollowUsers[i].UserID == userID {
			return &cu.FollowUsers[i]
		}
	}
	return nil
}

type externalContactOut struct {
	ExternalUserID string `json:"external_userid"`
	Name           string `json:"name"`
	Position       string `json:"position,omitempty"`
	Avatar         string `json:"avatar,omitempty"`
	CorpName       string `json:"corp_name,omitempty"`
	CorpFullName   string `json:"corp_full_name,omitempty"`
	Type           int    `json:"type"`
	Gender         int    `json:"gender"`
	UnionID        string `json:"unionid,omitempty"`
}

func contactOut(cu *Customer) externalContactOut {
	return externalContactOut{
		ExternalUserID: cu.ExternalUserID, Name: cu.Name, Position: cu.Position, Avatar: cu.Avatar,
		CorpName: cu.CorpName, CorpFullName: cu.CorpFullName, Type: cu.Type, Gender: cu.Gender, UnionID: cu.UnionID,
	}
}

type tagOut struct {
	GroupName string `json:"group_name"`
	TagName   string `json:"tag_name"`
	Type      int    `json:"type"`
	TagID     string `json:"tag_id,omitempty"`
}

type followUserOut struct {
	UserID         string   `json:"userid"`
	Remark         string   `json:"remark"`
	Description    string   `json:"description"`
	CreateTime     int64    `json:"createtime"`
	Tags           []tagOut `json:"tags"`
	RemarkCorpName string   `json:"remark_corp_name,omitempty"`
	RemarkMobiles  []string `json:"remark_mobiles"` // always present, maybe []
	State          string   `json:"state,omitempty"`
	AddWay         int      `json:"add_way"`
	OperUserID     string   `json:"oper_userid,omitempty"`
}

// getCustomer is GET externalcontact/get?external_userid=. [U] An unknown external
// userid → 84061 "not external contact", a missing one → 40058. next_cursor appears
// only past 500 follow users, which the sandbox never has.
func (s *Server) getCustomer(c *call) (any, error) {
	id := c.r.URL.Query().Get("external_userid")
	if id == "" {
		return nil, missing("external_userid")
	}
	cu := c.app.corp.data.customer(id)
	if cu == nil || len(cu.FollowUsers) == 0 {
		return nil, apiErr(CodeNotExternalContact)
	}
	follow := []followUserOut{}
	for _, f := range cu.FollowUsers {
		tags := []tagOut{}
		for _, t := range f.Tags {
			tags = append(tags, tagOut(t))
		}
		follow = append(follow, followUserOut{
			UserID: f.UserID, Remark: f.Remark, Description: f.Description, CreateTime: f.CreateTime,
			Tags: tags, RemarkCorpName: f.RemarkCorpName, RemarkMobiles: nonNil(slices.Clone(f.RemarkMobiles)),
			State: f.State, AddWay: f.AddWay, OperUserID: f.OperUserID,
		})
	}
	return struct {
		ExternalContact externalContactOut `json:"external_contact"`
		FollowUser      []followUserOut    `json:"follow_user"`
	}{contactOut(cu), follow}, nil
}

type followInfoOut struct {
	UserID         string   `json:"userid"`
	Remark         string   `json:"remark"`
	Description    string   `json:"description"`
	CreateTime     int64    `json:"createtime"`
	TagID          []string `json:"tag_id"`
	RemarkCorpName string   `json:"remark_corp_name,omitempty"`
	RemarkMobiles  []string `json:"remark_mobiles"` // always present, maybe []
	State          string   `json:"state,omitempty"`
	OperUserID     string   `json:"oper_userid,omitempty"`
	AddWay         int      `json:"add_way"`
}

type batchItem struct {
	ExternalContact externalContactOut `json:"external_contact"`
	FollowInfo      followInfoOut      `json:"follow_info"`
}

// batchGetByUser is POST externalcontact/batch/get_by_user: one entry per (customer,
// follow user) pair, members in the order asked, customers in seed order. limit: default
// 50, clamped to 100. Personal tags (type 2) are left out of tag_id, as WeCom does.
// [U] An empty userid_list or one over 100 → 40058; an unknown userid → 60111;
// repeated userids count once.
func (s *Server) batchGetByUser(c *call) (any, error) {
	var req struct {
		UserIDList []string `json:"userid_list"`
		Cursor     string   `json:"cursor"`
		Limit      int      `json:"limit"`
	}
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	if len(req.UserIDList) == 0 {
		return nil, missing("userid_list")
	}
	if len(req.UserIDList) > maxBatchUsers {
		return nil, apiErrf(CodeInvalidParameter, "userid_list exceed max size %d", maxBatchUsers)
	}
	limit := req.Limit
	if limit <= 0 {
		limit = defaultBatchLimit
	}
	limit = min(limit, maxBatchLimit)
	offset, err := decodeCursor("batch", req.Cursor)
	if err != nil {
		return nil, err
	}
	d := c.app.corp.data
	seen := map[string]bool{}
	var all []batchItem
	for _, u := range req.UserIDList {
		if seen[u] {
			continue
		}
		seen[u] = true
		if d.member(u) == nil {
			return nil, userNotFound(u)
		}
		for i := range d.Customers {
			cu := &d.Customers[i]
			f := cu.followedBy(u)
			if f == nil {
				continue
			}
			tagIDs := []string{}
			for _, t := range f.Tags {
				if t.Type != 2 {
					tagIDs = append(tagIDs, t.TagID)
				}
			}
			all = append(all, batchItem{
				ExternalContact: contactOut(cu),
				FollowInfo: followInfoOut{
					UserID: f.UserID, Remark: f.Remark, Description: f.Description, CreateTime: f.CreateTime,
					TagID: tagIDs, RemarkCorpName: f.RemarkCorpName, RemarkMobiles: nonNil(slices.Clone(f.RemarkMobiles)),
					State: f.State, OperUserID: f.OperUserID, AddWay: f.AddWay,
				},
			})
		}
	}
	items, next := page("batch", all, offset, limit)
	return struct {
		ExternalContactList []batchItem `json:"external_contact_list"`
		NextCursor          string      `json:"next_cursor"`
	}{nonNil(items), next}, nil
}

// remark is POST externalcontact/remark: sets what a member noted about a customer.
// Fields left out stay as they were. remark_mobiles replaces the old list; [U] both
// [""] and "" clear it (the docs say "fill in an empty string").
func (s *Server) remark(c *call) (any, error) {
	var req struct {
		UserID         string          `json:"userid"`
		ExternalUserID string          `json:"external_userid"`
		Remark         *string         `json:"remark"`
		Description    *string         `json:"description"`
		RemarkCompany  *string         `json:"remark_company"`
		RemarkMobiles  json.RawMessage `json:"remark_mobiles"`
	}
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	if req.UserID == "" {
		return nil, missing("userid")
	}
	if req.ExternalUserID == "" {
		return nil, missing("external_userid")
	}
	var mobiles []string
	if len(req.RemarkMobiles) > 0 && string(req.RemarkMobiles) != "null" {
		var one string
		switch {
		case json.Unmarshal(req.RemarkMobiles, &mobiles) == nil:
			mobiles = nonNil(slices.DeleteFunc(mobiles, func(m string) bool { return m == "" }))
		case json.Unmarshal(req.RemarkMobiles, &one) == nil:
			mobiles = nonNil(slices.DeleteFunc([]string{one}, func(m string) bool { return m == "" }))
		default:
			// Mistyped: dropped with the wrong-json warning, as decodeBody does.
			mobiles, c.wrongJSON = nil, true
		}
	}
	d := c.app.corp.data
	if d.member(req.UserID) == nil {
		return nil, userNotFound(req.UserID)
	}
	cu := d.customer(req.ExternalUserID)
	if cu == nil {
		return nil, apiErr(CodeNotExternalContact)
	}
	f := cu.followedBy(req.UserID)
	if f == nil {
		return nil, apiErr(CodeNotExternalContact)
	}
	if req.Remark != nil {
		f.Remark = *req.Remark
	}
	if req.Description != nil {
		f.Description = *req.Description
	}
	if req.RemarkCompany != nil {
		f.RemarkCorpName = *req.RemarkCompany
	}
	if mobiles != nil {
		f.RemarkMobiles = mobiles
	}
	return nil, nil
}
