// Package joinway manages 「加入群聊」 join ways for customer groups: a local registry of
// every config the console made (WeCom shows API-made configs nowhere else and cannot list
// them), the idempotent ensure(state, chats) path for one customer or order per group, a
// buffer pool of pre-built empty groups, and batches of test QR codes.
//
// Every call that makes a config writes its intent to the database before the call and
// its result after it, so a crash or a lost answer leaves a visible 'pending' row (a
// possible orphan at WeCom) instead of a silent second config.
package joinway

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"wecomdev/internal/wecom"
)

// Field limits (reference §3a).
const (
	MaxChats           = 5  // chat_id_list
	MaxRemarkRunes     = 30 // longer remarks are truncated by WeCom, not refused
	MaxStateRunes      = 30
	MaxRoomBaseNameLen = 40
	maxChatIDBytes     = 128
)

// ErrInvalid marks a config the caller must fix; no WeCom call was made. Errors wrapping
// it read "invalid <field>: <what is wrong and how to fix it>".
var ErrInvalid = errors.New("invalid")

// Config is a join way as the user edits it: the whole config, since update_join_way
// overwrites every field.
type Config struct {
	Scene          int      `json:"scene"` // 1 mini-program plugin, 2 QR code (default)
	Remark         string   `json:"remark"`
	AutoCreateRoom bool     `json:"autoCreateRoom"`
	RoomBaseName   string   `json:"roomBaseName"`
	RoomBaseID     int      `json:"roomBaseId"`
	ChatIDs        []string `json:"chatIds"`
	State          string   `json:"state"`
	MarkSource     bool     `json:"markSource"`
}

// DefaultConfig is what a new join way starts with: the QR-code scene, WeCom's defaults
// for auto_create_room and mark_source.
func DefaultConfig() Config {
	return Config{Scene: wecom.SceneQRCode, AutoCreateRoom: true, MarkSource: true, ChatIDs: []string{}}
}

// Warning is something WeCom will accept but the user may not expect.
type Warning struct {
	Code    string `json:"code"` // REMARK_TRUNCATED, ROOM_NAME_UNUSED, NO_QR_CODE
	Message string `json:"message"`
}

func invalid(field, format string, args ...any) error {
	return fmt.Errorf("%w %s: %s", ErrInvalid, field, fmt.Sprintf(format, args...))
}

func checkText(field, v string, maxRunes int) error {
	if !utf8.ValidString(v) {
		return invalid(field, "it is not valid UTF-8")
	}
	if strings.IndexFunc(v, unicode.IsControl) >= 0 {
		return invalid(field, "it has a control character (a line break or tab?); give one line")
	}
	if maxRunes > 0 {
		if n := utf8.RuneCountInString(v); n > maxRunes {
			return invalid(field, "%d characters, WeCom allows at most %d; shorten it", n, maxRunes)
		}
	}
	return nil
}

// CheckState validates a state (the channel label members join with).
func CheckState(state string) error {
	if state != strings.TrimSpace(state) {
		return invalid("state", "%q has leading or trailing spaces; remove them", state)
	}
	return checkText("state", state, MaxStateRunes)
}

// CheckChatID validates one customer-group chat_id.
func CheckChatID(id string) error {
	switch {
	case id == "":
		return invalid("chat_id", "it is empty; copy the chat_id from the group list")
	case len(id) > maxChatIDBytes:
		return invalid("chat_id", "%d bytes is too long for a chat_id", len(id))
	case strings.IndexFunc(id, func(r rune) bool { return r <= ' ' || r > '~' }) >= 0:
		return invalid("chat_id", "%q has a space or a character chat_ids do not have", id)
	}
	return nil
}

// Validate checks c before any WeCom call and returns what WeCom would silently change.
// It does not change c.
func Validate(c Config) ([]Warning, error) {
	if c.Scene != wecom.SceneMiniProgram && c.Scene != wecom.SceneQRCode {
		return nil, invalid("scene", "%d; use 2 for a QR code or 1 for the mini-program plugin", c.Scene)
	}
	if len(c.ChatIDs) == 0 {
		return nil, invalid("chats", "none given; a join way needs 1 to %d customer groups", MaxChats)
	}
	if len(c.ChatIDs) > MaxChats {
		return nil, invalid("chats", "%d given, WeCom allows at most %d per join way", len(c.ChatIDs), MaxChats)
	}
	seen := map[string]bool{}
	for _, id := range c.ChatIDs {
		if err := CheckChatID(id); err != nil {
			return nil, err
		}
		if seen[id] {
			return nil, invalid("chats", "%s is listed twice", id)
		}
		seen[id] = true
	}
	if err := CheckState(c.State); err != nil {
		return nil, err
	}
	if err := checkText("room_base_name", c.RoomBaseName, MaxRoomBaseNameLen); err != nil {
		return nil, err
	}
	if c.RoomBaseID < 0 {
		return nil, invalid("room_base_id", "%d; the first auto-created group number cannot be negative", c.RoomBaseID)
	}
	if err := checkText("remark", c.Remark, 0); err != nil {
		return nil, err
	}
	var warn []Warning
	if n := utf8.RuneCountInString(c.Remark); n > MaxRemarkRunes {
		warn = append(warn, Warning{"REMARK_TRUNCATED", fmt.Sprintf("the remark has %d characters; WeCom keeps the first %d: %q", n, MaxRemarkRunes, string([]rune(c.Remark)[:MaxRemarkRunes]))})
	}
	if !c.AutoCreateRoom && (c.RoomBaseName != "" || c.RoomBaseID != 0) {
		warn = append(warn, Warning{"ROOM_NAME_UNUSED", "room_base_name and room_base_id apply only when new groups are created automatically"})
	}
	if c.Scene == wecom.SceneMiniProgram {
		warn = append(warn, Warning{"NO_QR_CODE", "scene 1 is the mini-program plugin: WeCom returns no QR code for it"})
	}
	return warn, nil
}

// toWeCom is the request body of add/update_join_way.
func (c Config) toWeCom(configID string) wecom.JoinWay {
	auto := 0
	if c.AutoCreateRoom {
		auto = 1
	}
	mark := c.MarkSource
	return wecom.JoinWay{
		ConfigID: configID, Scene: c.Scene, Remark: c.Remark, AutoCreateRoom: auto,
		RoomBaseName: c.RoomBaseName, RoomBaseID: c.RoomBaseID,
		ChatIDList: append([]string{}, c.ChatIDs...), State: c.State, MarkSource: &mark,
	}
}

// fromWeCom is a config as get_join_way returned it; mark_source is not returned, so it
// is kept from what was sent.
func fromWeCom(jw wecom.JoinWay, markSource bool) Config {
	return Config{
		Scene: jw.Scene, Remark: jw.Remark, AutoCreateRoom: jw.AutoCreateRoom == 1,
		RoomBaseName: jw.RoomBaseName, RoomBaseID: jw.RoomBaseID,
		ChatIDs: append([]string{}, jw.ChatIDList...), State: jw.State, MarkSource: markSource,
	}
}

// sameChats reports whether a and b name the same groups, in any order.
func sameChats(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	set := map[string]int{}
	for _, id := range a {
		set[id]++
	}
	for _, id := range b {
		set[id]--
		if set[id] < 0 {
			return false
		}
	}
	return true
}
