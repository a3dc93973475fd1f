package cli

import (
	"fmt"
	"strings"
	"time"

	"wecomdev/internal/devserver"
	"wecomdev/internal/joinway"
)

// callbackEvent is a callback the dev server verified or received, on the serve --json
// stream: a summary of the event, never the Token or the EncodingAESKey (the decrypted XML
// is in the callback log: the Callbacks area).
type callbackEvent struct {
	Event        string         `json:"event"` // "callback"
	ID           int64          `json:"id"`    // the request log's
	Time         time.Time      `json:"time"`
	Kind         string         `json:"kind"` // verify or event
	Status       int            `json:"status"`
	Code         string         `json:"code,omitempty"` // why it was refused (CALLBACK_SIGNATURE …)
	Message      string         `json:"message,omitempty"`
	EventID      int64          `json:"eventId,omitempty"` // the callback log's
	Summary      string         `json:"summary,omitempty"`
	MsgType      string         `json:"msgType,omitempty"`
	WeComEvent   string         `json:"wecomEvent,omitempty"` // the XML's Event
	ChangeType   string         `json:"changeType,omitempty"`
	UpdateDetail string         `json:"updateDetail,omitempty"`
	ChatID       string         `json:"chatId,omitempty"`
	ExternalUser string         `json:"externalUserId,omitempty"`
	State        string         `json:"state,omitempty"`
	Deliveries   int            `json:"deliveries,omitempty"`
	Duplicate    bool           `json:"duplicate"`
	Joins        []joinway.Join `json:"joins"`
	Outcome      string         `json:"outcome,omitempty"`
}

func newCallbackEvent(e devserver.Entry) (callbackEvent, bool) {
	c := e.Callback
	if c == nil {
		return callbackEvent{}, false
	}
	ev := callbackEvent{Event: "callback", ID: e.ID, Time: e.Time, Kind: c.Kind, Status: e.Status, Code: e.Code, Message: e.Message,
		EventID: c.EventID, Summary: c.Summary, Deliveries: c.Deliveries, Duplicate: c.Duplicate, Joins: c.Joins, Outcome: c.Outcome}
	if x := c.Event; x != nil {
		ev.MsgType, ev.WeComEvent, ev.ChangeType, ev.UpdateDetail = x.MsgType, x.Event, x.ChangeType, x.UpdateDetail
		ev.ChatID, ev.ExternalUser, ev.State = x.ChatID, x.ExternalUserID, x.State
	}
	if ev.Joins == nil {
		ev.Joins = []joinway.Join{}
	}
	return ev, true
}

// callbackLine says in text what a callback request did.
func callbackLine(e devserver.Entry) (string, bool) {
	c := e.Callback
	switch {
	case c == nil:
		return "", false
	case e.Code != "":
		return "callback refused: " + e.Message, true
	case c.Kind == "verify":
		return "callback URL verified: answered the decrypted echostr", true
	case c.Duplicate:
		return fmt.Sprintf("callback %s: delivery %d of event %d, counted once", c.Summary, c.Deliveries, c.EventID), true
	}
	parts := []string{"callback " + c.Summary}
	for _, j := range c.Joins {
		parts = append(parts, fmt.Sprintf("%s joined by state %q (join way %d)", j.ExternalUserID, j.State, j.JoinWayID))
	}
	if c.Outcome != "" {
		parts = append(parts, "not handled: "+c.Outcome)
	}
	return strings.Join(parts, "; "), true
}
