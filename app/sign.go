package app

import (
	"context"

	"wecomdev/internal/engine"
)

// SignService signs page URLs for the UI.
type SignService struct {
	e *engine.Engine
}

// NewSignService returns the service over an engine.
func NewSignService(e *engine.Engine) *SignService { return &SignService{e: e} }

// Sign signs url for wx.config and wx.agentConfig with the profile's tickets.
func (s *SignService) Sign(profile, url string) (engine.SignResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), networkTimeout)
	defer cancel()
	r, err := s.e.Sign(ctx, profile, url)
	return r, bridge(err)
}
