package workspace

import (
	"context"

	"wecomdev/internal/devserver"
	"wecomdev/internal/profiles"
	"wecomdev/internal/secrets"
	"wecomdev/internal/settings"
	"wecomdev/internal/tickets"
)

// What the faces (app/, internal/cli, internal/devsession) need of the workspace's parts:
// they ask the workspace, and the profile store, the ticket cache and the database stay
// its own.

// Profiles lists every profile, the sandbox first, then by name.
func (e *Workspace) Profiles(ctx context.Context) ([]profiles.Profile, error) {
	return e.profileStore.List(ctx)
}

// Profile is the profile named name (profiles.ErrNotFound when there is none).
func (e *Workspace) Profile(ctx context.Context, name string) (profiles.Profile, error) {
	return e.profileStore.Get(ctx, name)
}

// AddProfile checks and stores a new profile (its secret is set apart, with SetSecret).
func (e *Workspace) AddProfile(ctx context.Context, p profiles.Profile) (profiles.Profile, error) {
	return e.profileStore.Add(ctx, p)
}

// TicketStatus reports a profile's cached credentials, masked; it never calls WeCom.
func (e *Workspace) TicketStatus(ctx context.Context, name string) (tickets.Status, error) {
	t, _, err := e.Target(ctx, name)
	if err != nil {
		return tickets.Status{}, err
	}
	return e.ticketCache.Status(ctx, t)
}

// FetchTickets gets what is missing or due of a profile's token, corp ticket and app
// ticket, in that order, and stops at the first failure, which it returns (the status's
// lastError says it too).
func (e *Workspace) FetchTickets(ctx context.Context, name string) error {
	t, _, err := e.Target(ctx, name)
	if err != nil {
		return err
	}
	for _, k := range tickets.Kinds {
		if _, err := e.ticketCache.Get(ctx, t, k); err != nil {
			return err
		}
	}
	return nil
}

// RefreshTicket fetches one credential of a profile now; past 80 % of the hourly ticket
// budget it refuses (tickets.ErrNeedsConfirm) unless confirm is true.
func (e *Workspace) RefreshTicket(ctx context.Context, name string, k tickets.Kind, confirm bool) error {
	t, _, err := e.Target(ctx, name)
	if err != nil {
		return err
	}
	_, err = e.ticketCache.Refresh(ctx, t, k, confirm)
	return err
}

// Credential is a profile's current token or ticket of kind k, fetched when missing or
// due (the dev server signs with the tickets; tests compare with them).
func (e *Workspace) Credential(ctx context.Context, name string, k tickets.Kind) (tickets.Cred, error) {
	t, _, err := e.Target(ctx, name)
	if err != nil {
		return tickets.Cred{}, err
	}
	return e.ticketCache.Get(ctx, t, k)
}

// Keychain is the OS keychain the workspace keeps secrets in (tests: the one Options
// gave): the tunnel's secrets live there too.
func (e *Workspace) Keychain() secrets.Store { return e.keychain }

// RequestLog is the dev server's request log in the data directory's database.
func (e *Workspace) RequestLog(opts devserver.LogOptions) *devserver.Log {
	return devserver.NewLog(e.db, opts)
}

// VerifyFiles are the domain verification files the dev server serves.
func (e *Workspace) VerifyFiles() devserver.VerifyStore { return devserver.VerifyStore{DB: e.db} }

// ChatLabels are the customer groups the test page created, with their labels.
func (e *Workspace) ChatLabels() devserver.ChatStore { return devserver.ChatStore{DB: e.db} }

// Settings are the UI preferences (language and theme); systemLanguage is the OS's.
func (e *Workspace) Settings(systemLanguage func() string) *settings.Store {
	return settings.New(e.db, systemLanguage)
}
