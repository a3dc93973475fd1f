package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"wecomdev/internal/qr"
)

// Limits of add_join_way / update_join_way (reference §3a).
const (
	maxJoinWayChats    = 5
	maxRemarkRunes     = 30 // longer remarks are truncated, not refused
	maxStateRunes      = 30
	maxRoomBaseNameLen = 40
	groupCapacity      = 200 // customer-group size before auto_create_room opens a new one
)

// decodeBody parses the JSON body the way WeCom does: a field of the wrong type is
// dropped (it keeps its default) and the call goes on, and a body that is not a JSON
// object at all (also an empty one) counts as {} and goes on; either way the answer
// carries "Warning: wrong json format." (call.wrongJSON). Real answers:
// {"errcode":0,"errmsg":"ok. Warning: wrong json format. "} (message/send),
// "created. Warning: wrong json format. " (user/create), 40066 "Warning: wrong json
// format. invalid party list…", a form-encoded body → 60001 "Warning: wrong json format.
// department invalid length" (public client code; shared/reference/client-fidelity.md
// §1 #10; docs/wecom-facts.md, the sandbox WeCom). 47001 "data format error" is the
// WeChat-MP answer, not WeCom's. [U] WeCom answers some fields with 40058 "field `x`
// expect type `uint32`" instead; none of the sandbox's endpoints is documented to.
func decodeBody(c *call, v any) error {
	var fields map[string]any
	dec := json.NewDecoder(bytes.NewReader(c.body))
	dec.UseNumber()
	if err := dec.Decode(&fields); err != nil || fields == nil {
		c.wrongJSON = true // not a JSON object: read as {}
		return nil
	}
	// encoding/json reports the first mistyped field (and may have half-set it, e.g. a
	// pointer): drop that field from the body and read it again, until all is well typed.
	for range len(fields) + 1 {
		reflect.ValueOf(v).Elem().SetZero()
		raw, _ := json.Marshal(fields)
		var te *json.UnmarshalTypeError
		err := json.Unmarshal(raw, v)
		if err == nil {
			return nil
		}
		c.wrongJSON = true
		if !errors.As(err, &te) || !dropField(fields, strings.Split(te.Field, ".")) {
			break
		}
	}
	reflect.ValueOf(v).Elem().SetZero()
	return nil
}

// dropField deletes the field at path (keys of nested objects) from fields; false when
// there is no such field.
func dropField(fields map[string]any, path []string) bool {
	if len(path) == 0 {
		return false
	}
	for k, val := range fields {
		if !strings.EqualFold(k, path[0]) { // encoding/json matches keys case-insensitively
			continue
		}
		if sub, ok := val.(map[string]any); ok && len(path) > 1 {
			return dropField(sub, path[1:])
		}
		delete(fields, k)
		return true
	}
	return false
}

func missing(field string) error {
	return apiErrf(CodeInvalidParameter, "missing field `%s`", field)
}

type joinWayReq struct {
	ConfigID       *string  `json:"config_id"`
	Scene          *int     `json:"scene"`
	Remark         string   `json:"remark"`
	AutoCreateRoom *int     `json:"auto_create_room"`
	RoomBaseName   string   `json:"room_base_name"`
	RoomBaseID     int      `json:"room_base_id"`
	ChatIDList     []string `json:"chat_id_list"`
	State          string   `json:"state"`
	MarkSource     *bool    `json:"mark_source"`
}

// joinWay validates a request body into a config (without id and QR code).
// Error codes for over-limit values are [U]: the reference suggests 40058 for bad
// parameters and 40050 for chat ids that are not customer groups of the corp.
func (s *Server) joinWay(a *appState, req *joinWayReq) (JoinWay, error) {
	if req.Scene == nil {
		return JoinWay{}, missing("scene")
	}
	if *req.Scene != 1 && *req.Scene != 2 {
		return JoinWay{}, apiErrf(CodeInvalidParameter, "invalid scene %d", *req.Scene)
	}
	if len(req.ChatIDList) == 0 {
		return JoinWay{}, missing("chat_id_list")
	}
	if len(req.ChatIDList) > maxJoinWayChats {
		return JoinWay{}, apiErrf(CodeInvalidParameter, "chat_id_list exceed max size %d", maxJoinWayChats)
	}
	for _, id := range req.ChatIDList {
		if a.corp.data.group(id) == nil {
			return JoinWay{}, apiErr(CodeInvalidGroupID)
		}
	}
	auto := 1 // documented default
	if req.AutoCreateRoom != nil {
		auto = *req.AutoCreateRoom
	}
	if auto != 0 && auto != 1 {
		return JoinWay{}, apiErrf(CodeInvalidParameter, "invalid auto_create_room %d", auto)
	}
	if utf8.RuneCountInString(req.State) > maxStateRunes {
		return JoinWay{}, apiErrf(CodeInvalidParameter, "state exceed max length %d", maxStateRunes)
	}
	if utf8.RuneCountInString(req.RoomBaseName) > maxRoomBaseNameLen {
		return JoinWay{}, apiErrf(CodeInvalidParameter, "room_base_name exceed max length %d", maxRoomBaseNameLen)
	}
	remark := req.Remark
	if r := []rune(remark); len(r) > maxRemarkRunes {
		remark = string(r[:maxRemarkRunes])
	}
	markSource := true // [U] documented default
	if req.MarkSource != nil {
		markSource = *req.MarkSource
	}
	return JoinWay{
		Scene:          *req.Scene,
		Remark:         remark,
		AutoCreateRoom: auto,
		RoomBaseName:   req.RoomBaseName,
		RoomBaseID:     req.RoomBaseID,
		ChatIDList:     slices.Clone(req.ChatIDList),
		State:          req.State,
		MarkSource:     markSource,
	}, nil
}

// qrPathPrefix is where the sandbox serves its join-way QR images.
const qrPathPrefix = "/wwpic3az/"

// QRHost is the host of the sandbox's QR image URLs. [U] It imitates WeCom's image host;
// nothing is reachable there from a test, so the sandbox serves the same paths itself
// (GET its base URL + the URL's path): a client of the sandbox fetches them from there.
const QRHost = "wework.qpic.cn"

// qrImageSide is the side of a sandbox QR image in pixels. [U] Real ones are about 430.
const qrImageSide = 430

// newQRCode returns a well-formed https QR image URL, fixed for the life of the config,
// and records the join link the image encodes. [U] Real join-way codes encode a
// work.weixin.qq.com/gm/… link; the sandbox's do too. Called with s.mu held.
func (s *Server) newQRCode() string {
	path := qrPathPrefix + "5andb0x_" + randomHex(20) + "/0"
	s.qrImages[path] = "https://work.weixin.qq.com/gm/" + randomHex(16)
	return "https://" + QRHost + path
}

// JoinLink returns the link a join-way QR image URL of this sandbox encodes.
func (s *Server) JoinLink(qrURL string) (string, bool) {
	u, err := url.Parse(qrURL)
	if err != nil {
		return "", false
	}
	var link string
	var ok bool
	_ = s.locked(func() { link, ok = s.qrImages[u.Path] })
	return link, ok
}

// serveQRImage answers GET on a QR image URL with the PNG of its join link.
func (s *Server) serveQRImage(w http.ResponseWriter, r *http.Request) {
	var link string
	var ok bool
	_ = s.locked(func() { link, ok = s.qrImages[r.URL.Path] })
	if !ok || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		http.NotFound(w, r)
		return
	}
	png, err := qr.PNG(link, qrImageSide)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Length", strconv.Itoa(len(png)))
	_, _ = w.Write(png)
}

type configIDResp struct {
	ConfigID string `json:"config_id"`
}

// addJoinWay is POST externalcontact/groupchat/add_join_way. config_id: 32 lowercase hex.
func (s *Server) addJoinWay(c *call) (any, error) {
	var req joinWayReq
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	jw, err := s.joinWay(c.app, &req)
	if err != nil {
		return nil, err
	}
	jw.ConfigID = randomHex(16)
	jw.QRCode = s.newQRCode()
	c.app.joinWays[jw.ConfigID] = &jw
	c.app.joinOrder = append(c.app.joinOrder, jw.ConfigID)
	return configIDResp{ConfigID: jw.ConfigID}, nil
}

// lookupJoinWay finds a config of the calling app. Configs are per app, as WeCom says
// ("应用仅能获取和管理由本应用创建的"); [U] another app's or an unknown config_id → 41044.
func lookupJoinWay(a *appState, id *string) (*JoinWay, error) {
	if id == nil || *id == "" {
		return nil, missing("config_id")
	}
	jw := a.joinWays[*id]
	if jw == nil {
		return nil, apiErr(CodeInvalidConfigID)
	}
	return jw, nil
}

type joinWayOut struct {
	ConfigID       string   `json:"config_id"`
	Scene          int      `json:"scene"`
	Remark         string   `json:"remark"`
	AutoCreateRoom int      `json:"auto_create_room"`
	RoomBaseName   string   `json:"room_base_name"`
	RoomBaseID     int      `json:"room_base_id"`
	ChatIDList     []string `json:"chat_id_list"`
	QRCode         string   `json:"qr_code,omitempty"` // only for scene 2
	State          string   `json:"state"`
}

// getJoinWay is POST externalcontact/groupchat/get_join_way. [U] mark_source is not
// returned (the documented example lacks it); remark and state are always present.
func (s *Server) getJoinWay(c *call) (any, error) {
	var req struct {
		ConfigID *string `json:"config_id"`
	}
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	jw, err := lookupJoinWay(c.app, req.ConfigID)
	if err != nil {
		return nil, err
	}
	out := joinWayOut{
		ConfigID:       jw.ConfigID,
		Scene:          jw.Scene,
		Remark:         jw.Remark,
		AutoCreateRoom: jw.AutoCreateRoom,
		RoomBaseName:   jw.RoomBaseName,
		RoomBaseID:     jw.RoomBaseID,
		ChatIDList:     slices.Clone(jw.ChatIDList),
		State:          jw.State,
	}
	if jw.Scene == 2 {
		out.QRCode = jw.QRCode
	}
	return struct {
		JoinWay joinWayOut `json:"join_way"`
	}{out}, nil
}

// updateJoinWay is POST externalcontact/groupchat/update_join_way: a full overwrite, so
// omitted optional fields go back to their defaults. [U] The QR code stays the same.
func (s *Server) updateJoinWay(c *call) (any, error) {
	var req joinWayReq
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	old, err := lookupJoinWay(c.app, req.ConfigID)
	if err != nil {
		return nil, err
	}
	jw, err := s.joinWay(c.app, &req)
	if err != nil {
		return nil, err
	}
	jw.ConfigID, jw.QRCode = old.ConfigID, old.QRCode
	*old = jw
	return nil, nil
}

// delJoinWay is POST externalcontact/groupchat/del_join_way.
func (s *Server) delJoinWay(c *call) (any, error) {
	var req struct {
		ConfigID *string `json:"config_id"`
	}
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	jw, err := lookupJoinWay(c.app, req.ConfigID)
	if err != nil {
		return nil, err
	}
	delete(c.app.joinWays, jw.ConfigID)
	delete(c.app.autoRooms, jw.ConfigID)
	c.app.joinOrder = slices.DeleteFunc(c.app.joinOrder, func(id string) bool { return id == jw.ConfigID })
	return nil, nil
}

// JoinWays returns the join-way configs of one app, oldest first.
func (s *Server) JoinWays(corpID string, agentID int64) []JoinWay {
	var out []JoinWay
	_ = s.locked(func() {
		a := s.app(corpID, agentID)
		if a == nil {
			return
		}
		out = make([]JoinWay, 0, len(a.joinOrder))
		for _, id := range a.joinOrder {
			out = append(out, a.joinWays[id].clone())
		}
	})
	return out
}

// JoinError is returned by ScanJoinWay.
type JoinError struct{ Reason string }

func (e *JoinError) Error() string { return "sandbox: " + e.Reason }

// ScanJoinWay simulates a customer scanning a join-way QR code (or tapping the
// mini-program button): the customer joins the first group of the config that has
// room, with join_scene 3 and the config's state. When every group is full and
// auto_create_room is 1, a new group named room_base_name + sequence number (from
// room_base_id) is created, owned by the first group's owner. It returns the chat id.
func (s *Server) ScanJoinWay(corpID string, agentID int64, configID, externalUserID string) (chatID string, err error) {
	if storeErr := s.locked(func() { chatID, err = s.scanJoinWay(corpID, agentID, configID, externalUserID) }); storeErr != nil {
		return "", storeErr
	}
	return chatID, err
}

func (s *Server) scanJoinWay(corpID string, agentID int64, configID, externalUserID string) (string, error) {
	a := s.app(corpID, agentID)
	if a == nil {
		return "", &JoinError{Reason: "no such app"}
	}
	jw := a.joinWays[configID]
	if jw == nil {
		return "", &JoinError{Reason: "no such join way config"}
	}
	d := a.corp.data
	member := GroupMember{UserID: externalUserID, Type: 2, JoinTime: s.now().Unix(), JoinScene: 3, State: jw.State}
	for _, id := range jw.ChatIDList {
		g := d.group(id)
		if g == nil {
			continue
		}
		if slices.ContainsFunc(g.Members, func(m GroupMember) bool { return m.UserID == externalUserID }) {
			return g.ChatID, nil
		}
		if len(g.Members) < groupCapacity {
			g.Members = append(g.Members, member)
			return g.ChatID, nil
		}
	}
	if jw.AutoCreateRoom != 1 {
		return "", &JoinError{Reason: "every group of the config is full"}
	}
	owner := ""
	if g := d.group(jw.ChatIDList[0]); g != nil {
		owner = g.Owner
	}
	seq := jw.RoomBaseID + a.autoRooms[jw.ConfigID]
	a.autoRooms[jw.ConfigID]++
	now := s.now().Unix()
	g := Group{
		ChatID:     newChatID(),
		Name:       jw.RoomBaseName + strconv.Itoa(seq),
		Owner:      owner,
		CreateTime: now,
		Members:    []GroupMember{{UserID: owner, Type: 1, JoinTime: now, JoinScene: 1}, member},
	}
	d.Groups = append(d.Groups, g)
	// [U] The new room joins the config (dropping the oldest when it holds 5), so later
	// scans land there.
	if len(jw.ChatIDList) < maxJoinWayChats {
		jw.ChatIDList = append(jw.ChatIDList, g.ChatID)
	} else {
		jw.ChatIDList = append(jw.ChatIDList[1:], g.ChatID)
	}
	return g.ChatID, nil
}
