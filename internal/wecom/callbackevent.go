package wecom

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Callback events (回调事件) as WeCom POSTs them, decrypted. The fields are those of the
// 客户联系 change events (变更回调 / 事件格式: self-built apps doc 92130, 代开发 doc 96361,
// third-party suites doc 92277) and the common header of every message and event
// (接收消息与事件 doc 90930 / 90238): ToUserName is the CorpID, FromUserName is "sys" for
// system events, CreateTime in unix seconds, MsgType "event".
const (
	// EventChangeExternalChat: 客户群变更事件 (and 客户群创建 / 解散, told apart by ChangeType).
	EventChangeExternalChat = "change_external_chat"
	// EventChangeExternalContact: 添加 / 编辑 / 删除企业客户事件, told apart by ChangeType.
	EventChangeExternalContact = "change_external_contact"

	// ChangeTypeUpdate is a change_external_chat whose UpdateDetail says what changed.
	ChangeTypeUpdate = "update"
	// ChangeTypeAddExternalContact: a member added a customer; State is the 「联系我」
	// config's state (or a 获客链接's customer_channel) the customer came through (doc 92130).
	ChangeTypeAddExternalContact = "add_external_contact"

	// UpdateDetailAddMember: 成员入群 (doc 92130). The event names neither the member nor the
	// join way: groupchat/get then shows each member's join_scene and state (doc 92122).
	UpdateDetailAddMember = "add_member"
	// UpdateDetailDelMember: 成员退群.
	UpdateDetailDelMember = "del_member"

	// The event's JoinScene (doc 92130): 0 invited by a member (directly or by an invite
	// link), 3 scanned the group QR code. groupchat/get's join_scene counts differently
	// (1 invited directly, 2 by link, 3 scanned the QR code; doc 92122).
	EventJoinSceneInvited = 0
	EventJoinSceneQRCode  = 3
)

// CallbackEvent is one decrypted callback message or event. Only the fields wecomdev reads
// are named; the whole XML stays with the caller.
type CallbackEvent struct {
	XMLName      xml.Name `xml:"xml" json:"-"`
	ToUserName   string   `xml:"ToUserName" json:"toUserName"` // the CorpID
	FromUserName string   `xml:"FromUserName" json:"fromUserName"`
	CreateTime   int64    `xml:"CreateTime" json:"createTime"`
	MsgType      string   `xml:"MsgType" json:"msgType"`
	Event        string   `xml:"Event,omitempty" json:"event,omitempty"`
	ChangeType   string   `xml:"ChangeType,omitempty" json:"changeType,omitempty"`
	ChatID       string   `xml:"ChatId,omitempty" json:"chatId,omitempty"`
	UpdateDetail string   `xml:"UpdateDetail,omitempty" json:"updateDetail,omitempty"`
	JoinScene    *int     `xml:"JoinScene,omitempty" json:"joinScene,omitempty"`
	QuitScene    *int     `xml:"QuitScene,omitempty" json:"quitScene,omitempty"`
	MemChangeCnt int      `xml:"MemChangeCnt,omitempty" json:"memChangeCnt,omitempty"`
	// MemChangeList: the userids that joined or left; newer WeCom sends it (doc 96361's
	// 客户群变更事件, added 2024; binarywang/WxJava#3572). Older events have only the count.
	MemChangeList  []string `xml:"MemChangeList>Item,omitempty" json:"memChangeList,omitempty"`
	UserID         string   `xml:"UserID,omitempty" json:"userId,omitempty"`
	ExternalUserID string   `xml:"ExternalUserID,omitempty" json:"externalUserId,omitempty"`
	State          string   `xml:"State,omitempty" json:"state,omitempty"`
	AgentID        string   `xml:"AgentID,omitempty" json:"agentId,omitempty"`
	MsgID          string   `xml:"MsgId,omitempty" json:"msgId,omitempty"`
}

// ErrCallbackXML: the decrypted text is not a callback message.
var ErrCallbackXML = errors.New("the decrypted callback is not WeCom's XML")

// MaxCallbackXML bounds a decrypted callback wecomdev reads (events are well under 4 kB).
const MaxCallbackXML = 64 << 10

// ParseCallbackEvent reads a decrypted callback. It needs the <xml> root and a MsgType.
func ParseCallbackEvent(plain []byte) (CallbackEvent, error) {
	if len(plain) > MaxCallbackXML {
		return CallbackEvent{}, fmt.Errorf("%w: %d bytes, more than %d", ErrCallbackXML, len(plain), MaxCallbackXML)
	}
	var ev CallbackEvent
	d := xml.NewDecoder(bytes.NewReader(plain))
	d.Strict = true
	if err := d.Decode(&ev); err != nil {
		return CallbackEvent{}, fmt.Errorf("%w: %w", ErrCallbackXML, err)
	}
	if ev.MsgType == "" {
		return CallbackEvent{}, fmt.Errorf("%w: it has no MsgType", ErrCallbackXML)
	}
	return ev, nil
}

// IsMemberJoin: a customer group gained members (change_external_chat, update, add_member).
func (e CallbackEvent) IsMemberJoin() bool {
	return e.Event == EventChangeExternalChat && e.ChangeType == ChangeTypeUpdate && e.UpdateDetail == UpdateDetailAddMember && e.ChatID != ""
}

// IsContactAdded: a member added a customer (change_external_contact, add_external_contact).
func (e CallbackEvent) IsContactAdded() bool {
	return e.Event == EventChangeExternalContact && e.ChangeType == ChangeTypeAddExternalContact && e.ExternalUserID != ""
}

// Summary is the event in one line, for the log and the console: its kind and the ids it names.
func (e CallbackEvent) Summary() string {
	parts := []string{e.MsgType}
	for _, p := range []string{e.Event, e.ChangeType, e.UpdateDetail} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	s := strings.Join(parts, "/")
	add := func(k, v string) {
		if v != "" {
			s += " " + k + "=" + v
		}
	}
	add("chat", e.ChatID)
	add("user", e.UserID)
	add("customer", e.ExternalUserID)
	add("state", e.State)
	if e.JoinScene != nil {
		add("join_scene", strconv.Itoa(*e.JoinScene))
	}
	if e.MemChangeCnt > 0 {
		add("members", strconv.Itoa(e.MemChangeCnt))
	}
	return s
}

// MemberJoinXML is the plain XML of a change_external_chat add_member event, as WeCom
// sends it (doc 92130 with MemChangeList, doc 96361): for the sandbox and the tests.
func MemberJoinXML(corpID, chatID string, createTime int64, joinScene int, userIDs []string) []byte {
	var b strings.Builder
	b.WriteString("<xml><ToUserName><![CDATA[" + corpID + "]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>")
	b.WriteString("<CreateTime>" + strconv.FormatInt(createTime, 10) + "</CreateTime><MsgType><![CDATA[event]]></MsgType>")
	b.WriteString("<Event><![CDATA[" + EventChangeExternalChat + "]]></Event><ChatId><![CDATA[" + chatID + "]]></ChatId>")
	b.WriteString("<ChangeType><![CDATA[" + ChangeTypeUpdate + "]]></ChangeType><UpdateDetail><![CDATA[" + UpdateDetailAddMember + "]]></UpdateDetail>")
	b.WriteString("<JoinScene>" + strconv.Itoa(joinScene) + "</JoinScene><MemChangeCnt>" + strconv.Itoa(len(userIDs)) + "</MemChangeCnt>")
	b.WriteString("<MemChangeList>")
	for _, u := range userIDs {
		b.WriteString("<Item><![CDATA[" + u + "]]></Item>")
	}
	b.WriteString("</MemChangeList></xml>")
	return []byte(b.String())
}
