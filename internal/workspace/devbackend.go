package workspace

import (
	"context"
	"sync"
	"time"

	"wecomdev/internal/customers"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/profiles"
	"wecomdev/internal/tickets"
)

// DevBackend is one profile as the dev server needs it: its tickets from the cache (one
// shared fetch when cold), its trusted domains, and the customers lookup. It holds the
// profile's ticket target, so signing costs no database read.
type DevBackend struct {
	e *Workspace
	t tickets.Target
	p profiles.Profile

	mu       sync.Mutex
	secret   string
	secretAt time.Time
}

// secretRetry is how often Sensitive tries the keychain again when it could not read the
// secret (a locked keychain must not be asked once a second).
const secretRetry = 30 * time.Second

// DevBackend prepares the dev server's view of a profile.
func (e *Workspace) DevBackend(ctx context.Context, name string) (*DevBackend, error) {
	t, p, err := e.Target(ctx, name)
	if err != nil {
		return nil, err
	}
	b := &DevBackend{e: e, t: t, p: p}
	b.syncSandboxDomains(ctx) // oauth.go: the sandbox's OAuth pages check the profile's trusted domains
	return b, nil
}

// Profile is the profile's name.
func (b *DevBackend) Profile() string { return b.p.Name }

// CorpID is the profile's corp ID.
func (b *DevBackend) CorpID() string { return b.p.CorpID }

// AgentID is the profile's agent ID.
func (b *DevBackend) AgentID() int64 { return b.p.AgentID }

// TrustedDomains re-reads the profile's trusted domains (they may be edited while the
// server runs).
func (b *DevBackend) TrustedDomains(ctx context.Context) ([]string, error) {
	p, err := b.e.profileStore.Get(ctx, b.p.Name)
	if err != nil {
		return nil, err
	}
	return p.TrustedDomains, nil
}

// Ticket returns the current ticket of the kind.
func (b *DevBackend) Ticket(ctx context.Context, kind jssdk.Kind) (string, error) {
	c, err := b.e.ticketCache.Get(ctx, b.t, kind)
	if err != nil {
		return "", err
	}
	return c.Value, nil
}

// Sensitive lists the profile's credentials known now: the corp secret and the cached
// access token and tickets, the recent ones included. It never fetches from WeCom.
func (b *DevBackend) Sensitive(ctx context.Context) []string {
	var out []string
	for _, k := range tickets.Kinds {
		for _, c := range b.e.ticketCache.History(ctx, b.t, k) {
			out = append(out, c.Value)
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.secret == "" && time.Since(b.secretAt) > secretRetry {
		b.secretAt = time.Now()
		if v, err := b.e.secret(ctx, b.p); err == nil {
			b.secret = v
		}
	}
	if b.secret != "" {
		out = append(out, b.secret)
	}
	return out
}

// Customers looks up a member's customers, by remark mobile when one is given.
func (b *DevBackend) Customers(ctx context.Context, userID, mobile string) ([]string, error) {
	return customers.Lookup(ctx, customers.ClientAPI(b.e.client(b.t)), userID, mobile)
}
