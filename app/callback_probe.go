package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"wecomdev/internal/callback"
	"wecomdev/internal/workspace"
)

// probeTimeout bounds a whole callback probe (at most three requests, each bounded by the
// probe itself: 5 s for a GET, 8 s for the POST).
const probeTimeout = 30 * time.Second

// CallbackProbeService plays WeCom against the developer's own callback URL: the signed,
// encrypted GET verification and one POSTed event, with the profile's callback keys.
type CallbackProbeService struct {
	e *workspace.Workspace
}

// NewCallbackProbeService returns the service over a workspace.
func NewCallbackProbeService(e *workspace.Workspace) *CallbackProbeService {
	return &CallbackProbeService{e: e}
}

// Probe runs the probe against url. receiveID "" is the profile's corpid (a corp's own
// app); a third-party suite's callbacks carry its suiteid. What the server does wrong is in
// the report; errors: URL_INVALID (not an http(s) URL), SECRET_MISSING (the profile has no
// callback keys), PROFILE_NOT_FOUND, KEYCHAIN_*.
func (s *CallbackProbeService) Probe(profile, url, receiveID string) (callback.Report, error) {
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	r, err := s.e.ProbeCallback(ctx, profile, url, receiveID, nil)
	if errors.Is(err, callback.ErrProbeURL) {
		err = fmt.Errorf("%w: %w", workspace.ErrURLInvalid, err)
	}
	return r, bridge(err)
}
