package workspace

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"wecomdev/internal/callback"
	"wecomdev/internal/devserver"
	"wecomdev/internal/joinway"
	"wecomdev/internal/wecom"
	"wecomdev/internal/wecom/sandbox"
)

// The dev server receives the profile's callbacks (devserver/callback.go) with its keys, and
// hands each new event to the join-way registry.
var _ devserver.CallbackReceiver = (*DevBackend)(nil)

// CallbackKeys are the profile's callback Token and EncodingAESKey.
func (b *DevBackend) CallbackKeys(ctx context.Context) (callback.Keys, error) {
	return b.e.CallbackKeys(ctx, b.p.Name)
}

// CallbackEvent records the joins an event tells of in the profile's join-way registry.
func (b *DevBackend) CallbackEvent(ctx context.Context, ev wecom.CallbackEvent) ([]joinway.Join, error) {
	s, err := b.e.JoinWays(ctx, b.p.Name, nil)
	if err != nil {
		return nil, err
	}
	return s.RecordEvent(ctx, ev)
}

// CallbackLog lists a profile's received callbacks, newest first (at most limit; ≤ 0 all kept).
func (e *Workspace) CallbackLog(ctx context.Context, profile string, limit int) ([]devserver.CallbackRecord, error) {
	return devserver.CallbackStore{DB: e.db}.List(ctx, profile, limit)
}

// ClearCallbackLog empties a profile's callback log (the joins stay in the registry).
func (e *Workspace) ClearCallbackLog(ctx context.Context, profile string) error {
	return devserver.CallbackStore{DB: e.db}.Clear(ctx, profile)
}

// DefaultCallbackURL is where a sandbox app sends its callbacks unless told otherwise: the
// dev server's default address and callback path.
const DefaultCallbackURL = "http://" + devserver.DefaultAddr + devserver.DefaultCallbackPath

// SimulateJoinOptions say who scans which join way and where the event goes.
type SimulateJoinOptions struct {
	Profile  string
	State    string // the registry row's state
	Customer string // external_userid; "" makes a new customer
	URL      string // the callback URL; "" DefaultCallbackURL
	Twice    bool   // deliver the event twice, as WeCom does when it lost the answer
}

// SimulatedJoin is what SimulateJoin did. CallbackError says why no event was sent (no
// keys); the customer joined all the same.
type SimulatedJoin struct {
	ChatID         string             `json:"chatId"`
	ExternalUserID string             `json:"externalUserId"`
	Joined         bool               `json:"joined"` // false: they were in the group already (no event)
	Event          string             `json:"event,omitempty"`
	Deliveries     []sandbox.Delivery `json:"deliveries"`
	Delivered      bool               `json:"delivered"`
	JoinWayID      int64              `json:"joinWayId"`
	ConfigID       string             `json:"configId"`
	URL            string             `json:"url,omitempty"`
	CallbackError  string             `json:"callbackError,omitempty"`
}

// ErrNotSandbox: the call simulates WeCom, which only the sandbox profile can.
var ErrNotSandbox = errors.New("only a sandbox profile can simulate a customer")

// SimulateJoin plays a customer who scans the QR code of the registry's join way for
// o.State, on the sandbox WeCom: they join its group (groupchat/get then shows them with the
// state and join_scene 3), and the sandbox POSTs the encrypted change_external_chat event
// to the callback URL with the profile's Token and EncodingAESKey, retrying as WeCom does.
func (e *Workspace) SimulateJoin(ctx context.Context, o SimulateJoinOptions) (SimulatedJoin, error) {
	_, p, err := e.Target(ctx, o.Profile)
	if err != nil {
		return SimulatedJoin{}, err
	}
	if !p.Sandbox {
		return SimulatedJoin{}, fmt.Errorf("%w: profile %q talks to the real WeCom, where a real customer scans the real QR code", ErrNotSandbox, p.Name)
	}
	js, err := e.JoinWays(ctx, p.Name, nil)
	if err != nil {
		return SimulatedJoin{}, err
	}
	list, err := js.List(ctx)
	if err != nil {
		return SimulatedJoin{}, err
	}
	var row *joinway.Entry
	for i := range list {
		if list[i].Config.State == o.State && o.State != "" && list[i].ConfigID != "" && list[i].Status != joinway.StatusAbandoned {
			row = &list[i]
			break
		}
	}
	if row == nil {
		return SimulatedJoin{}, fmt.Errorf("%w: no join way with state %q and a config_id in profile %s; make one with 'wecomdev joinway ensure'", joinway.ErrNotFound, o.State, p.Name)
	}
	sb, _, err := e.Sandbox()
	if err != nil {
		return SimulatedJoin{}, fmt.Errorf("start the sandbox WeCom: %w", err)
	}
	out := SimulatedJoin{JoinWayID: row.ID, ConfigID: row.ConfigID}
	cb, err := e.sandboxCallback(ctx, p.Name, p.CorpID, p.AgentID, o)
	if err != nil {
		out.CallbackError = err.Error()
		cb = sandbox.Callback{}
	} else {
		out.URL = cb.URL
	}
	if err := sb.SetCallback(p.CorpID, p.AgentID, cb); err != nil {
		return SimulatedJoin{}, err
	}
	res, err := sb.SimulateJoin(ctx, p.CorpID, p.AgentID, row.ConfigID, o.Customer)
	out.ChatID, out.ExternalUserID, out.Joined, out.Event, out.Deliveries, out.Delivered =
		res.ChatID, res.ExternalUserID, res.Joined, res.Event, res.Deliveries, res.Delivered
	return out, err
}

// sandboxCallback is the sandbox app's callback: the URL, and a Seal with the profile's keys
// (receiveid the corp id, as for a self-built app; doc 90968).
func (e *Workspace) sandboxCallback(ctx context.Context, profile, corpID string, agentID int64, o SimulateJoinOptions) (sandbox.Callback, error) {
	c, err := e.CallbackCrypter(ctx, profile)
	if err != nil {
		return sandbox.Callback{}, err
	}
	target := o.URL
	if target == "" {
		target = DefaultCallbackURL
	}
	agent := strconv.FormatInt(agentID, 10)
	return sandbox.Callback{URL: target, Duplicate: o.Twice, Seal: func(plain []byte) (url.Values, []byte, error) {
		ts := strconv.FormatInt(e.now().Unix(), 10)
		nonce := make([]byte, 8)
		_, _ = rand.Read(nonce)
		body, sig, err := c.SealEvent(plain, ts, hex.EncodeToString(nonce), corpID, agent)
		return url.Values{"msg_signature": {sig}, "timestamp": {ts}, "nonce": {hex.EncodeToString(nonce)}}, body, err
	}}, nil
}
