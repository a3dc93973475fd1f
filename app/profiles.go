package app

import (
	"context"

	"wecomdev/internal/profiles"
	"wecomdev/internal/secrets"
	"wecomdev/internal/workspace"
)

// ProfilesService manages profiles and their secrets for the UI.
type ProfilesService struct {
	e *workspace.Workspace
}

// NewProfilesService returns the service over a workspace.
func NewProfilesService(e *workspace.Workspace) *ProfilesService { return &ProfilesService{e: e} }

// ProfileView is a profile as the UI shows it: never the secret, only where it comes from.
type ProfileView struct {
	Name           string   `json:"name"`
	CorpID         string   `json:"corpId"`
	AgentID        int64    `json:"agentId"`
	APIBase        string   `json:"apiBase"`
	TrustedDomains []string `json:"trustedDomains"`
	Sandbox        bool     `json:"sandbox"`
	Secret         string   `json:"secret"` // stored, missing, env, builtin, unknown
	CreatedAt      int64    `json:"createdAt"`
	UpdatedAt      int64    `json:"updatedAt"`
}

// ProfileInput is what the profile form sends; OriginalName is "" for a new profile.
type ProfileInput struct {
	OriginalName   string   `json:"originalName"`
	Name           string   `json:"name"`
	CorpID         string   `json:"corpId"`
	AgentID        int64    `json:"agentId"`
	APIBase        string   `json:"apiBase"`
	TrustedDomains []string `json:"trustedDomains"`
}

// KeychainStatus says whether the OS keychain answers, and if not, how to fix it.
type KeychainStatus struct {
	Available bool   `json:"available"`
	Error     string `json:"error"`
}

func (s *ProfilesService) view(ctx context.Context, p profiles.Profile) ProfileView {
	base, err := s.e.APIBase(p)
	if err != nil {
		base = ""
	}
	return ProfileView{
		Name: p.Name, CorpID: p.CorpID, AgentID: p.AgentID, APIBase: base, TrustedDomains: p.TrustedDomains,
		Sandbox: p.Sandbox, Secret: s.e.SecretState(ctx, p), CreatedAt: p.CreatedAt.UnixMilli(), UpdatedAt: p.UpdatedAt.UnixMilli(),
	}
}

// List returns every profile, the sandbox first.
func (s *ProfilesService) List() ([]ProfileView, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	list, err := s.e.Profiles(ctx)
	if err != nil {
		return nil, bridge(err)
	}
	out := make([]ProfileView, 0, len(list))
	for _, p := range list {
		out = append(out, s.view(ctx, p))
	}
	return out, nil
}

// Save adds a profile (OriginalName "") or edits one (a new Name renames it).
func (s *ProfilesService) Save(in ProfileInput) (ProfileView, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	p := profiles.Profile{Name: in.Name, CorpID: in.CorpID, AgentID: in.AgentID, APIBase: in.APIBase, TrustedDomains: in.TrustedDomains}
	var err error
	if in.OriginalName == "" {
		p, err = s.e.AddProfile(ctx, p)
	} else {
		p, err = s.e.UpdateProfile(ctx, in.OriginalName, p)
	}
	if err != nil {
		return ProfileView{}, bridge(err)
	}
	return s.view(ctx, p), nil
}

// Remove deletes a profile with its secret and cached credentials.
func (s *ProfilesService) Remove(name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	return bridge(s.e.RemoveProfile(ctx, name))
}

// SetSecret stores the profile's corp secret in the OS keychain.
func (s *ProfilesService) SetSecret(name, secret string) (ProfileView, error) {
	return s.secretOp(name, func(ctx context.Context) error { return s.e.SetSecret(ctx, name, secret) })
}

// DeleteSecret removes the profile's corp secret from the OS keychain.
func (s *ProfilesService) DeleteSecret(name string) (ProfileView, error) {
	return s.secretOp(name, func(ctx context.Context) error { return s.e.DeleteSecret(ctx, name) })
}

func (s *ProfilesService) secretOp(name string, op func(context.Context) error) (ProfileView, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	if err := op(ctx); err != nil {
		return ProfileView{}, bridge(err)
	}
	p, err := s.e.Profile(ctx, name)
	if err != nil {
		return ProfileView{}, bridge(err)
	}
	return s.view(ctx, p), nil
}

// RevealSecret returns the corp secret; the UI calls it only when the user asks to see or copy it.
func (s *ProfilesService) RevealSecret(name string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	v, err := s.e.RevealSecret(ctx, name)
	return v, bridge(err)
}

// Keychain probes the OS keychain.
func (s *ProfilesService) Keychain() KeychainStatus {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	if err := secrets.Probe(ctx, s.e.Keychain()); err != nil {
		return KeychainStatus{Error: bridge(err).Error()}
	}
	return KeychainStatus{Available: true}
}

// ResetSandbox starts the built-in sandbox WeCom over from its seed, for every process on
// the data directory, and clears what the console kept about the old one (its join-way
// registry, pool and mapping rows, its cached credentials): workspace.ResetSandbox.
func (s *ProfilesService) ResetSandbox() error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	return bridge(s.e.ResetSandbox(ctx))
}
