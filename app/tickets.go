package app

import (
	"context"
	"time"

	"wecomdev/internal/engine"
	"wecomdev/internal/tickets"
	"wecomdev/internal/wecom"
)

// networkTimeout bounds a UI call that may reach WeCom (token, then ticket, with retries).
const networkTimeout = 45 * time.Second

// TicketsService shows and fetches a profile's access token and tickets.
type TicketsService struct {
	e *engine.Engine
}

// NewTicketsService returns the service over an engine.
func NewTicketsService(e *engine.Engine) *TicketsService { return &TicketsService{e: e} }

// Status reports the cached credentials, masked; it never calls WeCom.
func (s *TicketsService) Status(profile string) (tickets.Status, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	t, _, err := s.e.Target(ctx, profile)
	if err != nil {
		return tickets.Status{}, bridge(err)
	}
	st, err := s.e.Tickets.Status(ctx, t)
	return st, bridge(err)
}

// Fetch gets whatever is missing or due (token, corp ticket, app ticket) and reports.
// A failed fetch is in the status's lastError, not an error of the call.
func (s *TicketsService) Fetch(profile string) (tickets.Status, error) {
	ctx, cancel := context.WithTimeout(context.Background(), networkTimeout)
	defer cancel()
	t, _, err := s.e.Target(ctx, profile)
	if err != nil {
		return tickets.Status{}, bridge(err)
	}
	for _, k := range tickets.Kinds {
		if _, err := s.e.Tickets.Get(ctx, t, k); err != nil {
			break
		}
	}
	st, err := s.e.Tickets.Status(ctx, t)
	return st, bridge(err)
}

// Refresh fetches one credential now ("token", "corp" or "agent"). Past 80 % of the hourly
// ticket budget it fails with BUDGET_CONFIRM unless confirm is true.
func (s *TicketsService) Refresh(profile, kind string, confirm bool) (tickets.Status, error) {
	k, err := tickets.ParseKind(kind)
	if err != nil {
		return tickets.Status{}, bridge(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), networkTimeout)
	defer cancel()
	t, _, err := s.e.Target(ctx, profile)
	if err != nil {
		return tickets.Status{}, bridge(err)
	}
	if _, err := s.e.Tickets.Refresh(ctx, t, k, confirm); err != nil {
		return tickets.Status{}, bridge(err)
	}
	st, err := s.e.Tickets.Status(ctx, t)
	return st, bridge(err)
}

// Explain returns the cause and fix of a WeCom error code, in both UI languages
// (empty texts when the table has none).
func (s *TicketsService) Explain(code int) wecom.Explanation {
	ex, _ := wecom.Explain(code)
	return ex
}
