package wecom

import (
	"context"
	"fmt"
	"net/http"
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

// AddJoinWay creates a join way and returns its config_id (add_join_way). jw.ConfigID
// and jw.QRCode are not sent.
func (c *Client) AddJoinWay(ctx context.Context, jw JoinWay) (string, error) {
	const path = "externalcontact/groupchat/add_join_way"
	jw.ConfigID, jw.QRCode = "", ""
	var out struct {
		ConfigID string `json:"config_id"`
	}
	if err := c.authed(ctx, http.MethodPost, path, nil, jw, &out); err != nil {
		return "", err
	}
	if out.ConfigID == "" {
		return "", fmt.Errorf("wecom %s: answer has no config_id", path)
	}
	return out.ConfigID, nil
}

// GetJoinWay reads a join way the app created (get_join_way).
func (c *Client) GetJoinWay(ctx context.Context, configID string) (JoinWay, error) {
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
	if err := c.authed(ctx, http.MethodPost, path, nil, body, &out); err != nil {
		return JoinWay{}, err
	}
	out.JoinWay.ChatIDList = nonNil(out.JoinWay.ChatIDList)
	return out.JoinWay, nil
}

// UpdateJoinWay overwrites a join way with jw (update_join_way): WeCom resets every
// optional field jw leaves out, so jw must be the whole config.
func (c *Client) UpdateJoinWay(ctx context.Context, jw JoinWay) error {
	const path = "externalcontact/groupchat/update_join_way"
	if jw.ConfigID == "" {
		return fmt.Errorf("wecom %s: config_id is empty", path)
	}
	jw.QRCode = ""
	return c.authed(ctx, http.MethodPost, path, nil, jw, nil)
}

// DelJoinWay deletes a join way (del_join_way).
func (c *Client) DelJoinWay(ctx context.Context, configID string) error {
	const path = "externalcontact/groupchat/del_join_way"
	if configID == "" {
		return fmt.Errorf("wecom %s: config_id is empty", path)
	}
	body := struct {
		ConfigID string `json:"config_id"`
	}{configID}
	return c.authed(ctx, http.MethodPost, path, nil, body, nil)
}
