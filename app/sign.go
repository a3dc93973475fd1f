package app

import (
	"context"

	"wecomdev/internal/workspace"
)

// SignService signs page URLs for the UI.
type SignService struct {
	e *workspace.Workspace
}

// NewSignService returns the service over a workspace.
func NewSignService(e *workspace.Workspace) *SignService { return &SignService{e: e} }

// Sign signs url for wx.config and wx.agentConfig with the profile's tickets.
func (s *SignService) Sign(profile, url string) (workspace.SignResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), networkTimeout)
	defer cancel()
	r, err := s.e.Sign(ctx, profile, url)
	return r, bridge(err)
}
