package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"wecomdev/internal/callback"
	"wecomdev/internal/devserver"
	"wecomdev/internal/devsession"
	"wecomdev/internal/workspace"
)

// Callback error codes that cross the bridge.
const (
	CodeCallbackKeys       = "CALLBACK_KEYS_MISSING" // the profile has no callback Token and EncodingAESKey
	CodeCallbackNotSandbox = "NOT_SANDBOX"           // only the sandbox can simulate a customer
)

func callbackErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, workspace.ErrNoCallbackKeys):
		return fmt.Errorf("%s: %w", CodeCallbackKeys, err)
	case errors.Is(err, workspace.ErrNotSandbox):
		return fmt.Errorf("%s: %w", CodeCallbackNotSandbox, err)
	case errors.Is(err, devsession.ErrStopped):
		return fmt.Errorf("%s: %w", CodeDevNotRunning, err)
	}
	return jwErr(err)
}

// CallbacksService is the Callbacks area: the URL to paste into the admin console, the
// Token / EncodingAESKey state (set or generated here, stored in the keychain), the events
// the dev server received, and the sandbox's simulated joins. Live updates ride on
// devserver:requests (entries of endpoint "callback").
type CallbacksService struct {
	e   *workspace.Workspace
	dev *DevServerService
}

// NewCallbacksService returns the service.
func NewCallbacksService(e *workspace.Workspace, dev *DevServerService) *CallbacksService {
	return &CallbacksService{e: e, dev: dev}
}

// CallbackSetup is what the area shows about a profile's callback.
type CallbackSetup struct {
	Profile string `json:"profile"`
	Sandbox bool   `json:"sandbox"`
	Path    string `json:"path"`
	// LocalURL is the running dev server's callback URL ("" when it is stopped or serves
	// another profile); PublicURL the tunnel's ("" without a tunnel): the one to paste.
	LocalURL  string `json:"localUrl"`
	PublicURL string `json:"publicUrl"`
	ReceiveID string `json:"receiveId"` // the corpid (a self-built app's receiveid)
	// KeysState is stored, missing, env or unknown; the masked values when readable.
	KeysState    string `json:"keysState"`
	TokenMasked  string `json:"tokenMasked"`
	AESKeyMasked string `json:"aesKeyMasked"`
}

// GeneratedKeys are new callback keys, returned once so the user can paste them into the
// admin console (which needs them in full); they are stored in the keychain at once.
type GeneratedKeys struct {
	Token          string        `json:"token"`
	EncodingAESKey string        `json:"encodingAESKey"`
	Setup          CallbackSetup `json:"setup"`
}

func callCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}

// Setup reports a profile's callback set-up.
func (s *CallbacksService) Setup(profile string) (CallbackSetup, error) {
	ctx, cancel := callCtx()
	defer cancel()
	return s.setup(ctx, profile)
}

func (s *CallbacksService) setup(ctx context.Context, profile string) (CallbackSetup, error) {
	_, p, err := s.e.Target(ctx, profile)
	if err != nil {
		return CallbackSetup{}, bridge(err)
	}
	st := CallbackSetup{Profile: p.Name, Sandbox: p.Sandbox, Path: devserver.DefaultCallbackPath, ReceiveID: p.CorpID,
		KeysState: s.e.CallbackKeysState(ctx, p)}
	if k, err := s.e.CallbackKeys(ctx, p.Name); err == nil {
		st.TokenMasked, st.AESKeyMasked = callback.Mask(k.Token), callback.Mask(k.EncodingAESKey)
	}
	if ds, err := s.dev.status(ctx); err == nil && ds.Running && ds.Profile == p.Name {
		st.LocalURL = ds.BaseURL + st.Path
		if ds.TunnelHost != "" {
			st.PublicURL = (&url.URL{Scheme: "https", Host: ds.TunnelHost, Path: st.Path}).String()
		}
	}
	return st, nil
}

// SetKeys stores a Token and EncodingAESKey the user pasted from the admin console.
func (s *CallbacksService) SetKeys(profile, token, aesKey string) (CallbackSetup, error) {
	ctx, cancel := callCtx()
	defer cancel()
	if err := s.e.SetCallbackKeys(ctx, profile, callback.Keys{Token: token, EncodingAESKey: aesKey}); err != nil {
		return CallbackSetup{}, callbackErr(err)
	}
	return s.setup(ctx, profile)
}

// GenerateKeys makes and stores a new Token and EncodingAESKey and returns them once.
func (s *CallbacksService) GenerateKeys(profile string) (GeneratedKeys, error) {
	ctx, cancel := callCtx()
	defer cancel()
	k := callback.Keys{Token: callback.GenerateToken(), EncodingAESKey: callback.GenerateAESKey()}
	if err := s.e.SetCallbackKeys(ctx, profile, k); err != nil {
		return GeneratedKeys{}, bridge(err)
	}
	st, err := s.setup(ctx, profile)
	return GeneratedKeys{Token: k.Token, EncodingAESKey: k.EncodingAESKey, Setup: st}, err
}

// Events lists the callbacks received for a profile, newest first (at most limit; ≤ 0 all kept).
func (s *CallbacksService) Events(profile string, limit int) ([]devserver.CallbackRecord, error) {
	ctx, cancel := callCtx()
	defer cancel()
	out, err := s.e.CallbackLog(ctx, profile, limit)
	return out, bridge(err)
}

// ClearEvents empties a profile's callback log; the joins stay in the registry.
func (s *CallbacksService) ClearEvents(profile string) error {
	ctx, cancel := callCtx()
	defer cancel()
	return bridge(s.e.ClearCallbackLog(ctx, profile))
}

// SimulateJoin plays a customer who scans the sandbox join way of state: the event goes
// to the running dev server's callback path (twice: as a retried delivery).
func (s *CallbacksService) SimulateJoin(profile, state string, twice bool) (workspace.SimulatedJoin, error) {
	ctx, cancel := callCtx()
	defer cancel()
	st, err := s.setup(ctx, profile)
	if err != nil {
		return workspace.SimulatedJoin{}, err
	}
	if st.LocalURL == "" {
		return workspace.SimulatedJoin{}, callbackErr(fmt.Errorf("%w: the event goes to the dev server's callback path; start it for profile %s", devsession.ErrStopped, profile))
	}
	res, err := s.e.SimulateJoin(ctx, workspace.SimulateJoinOptions{Profile: profile, State: state, URL: st.LocalURL, Twice: twice})
	return res, callbackErr(err)
}
