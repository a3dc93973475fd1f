package app

import (
	"context"
	"time"

	"wecomdev/internal/tickets"
	"wecomdev/internal/wecom"
	"wecomdev/internal/workspace"
)

// networkTimeout bounds a UI call that may reach WeCom (token, then ticket, with retries).
const networkTimeout = 45 * time.Second

// TicketsService shows and fetches a profile's access token and tickets.
type TicketsService struct {
	e *workspace.Workspace
}

// NewTicketsService returns the service over a workspace.
func NewTicketsService(e *workspace.Workspace) *TicketsService { return &TicketsService{e: e} }

// Status reports the cached credentials, masked; it never calls WeCom.
func (s *TicketsService) Status(profile string) (tickets.Status, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	st, err := s.e.TicketStatus(ctx, profile)
	return st, bridge(err)
}

// Fetch gets whatever is missing or due (token, corp ticket, app ticket) and reports.
// A failed fetch is in the status's lastError, not an error of the call.
func (s *TicketsService) Fetch(profile string) (tickets.Status, error) {
	ctx, cancel := context.WithTimeout(context.Background(), networkTimeout)
	defer cancel()
	_ = s.e.FetchTickets(ctx, profile) // a failed fetch is in the status; an unknown profile fails below
	st, err := s.e.TicketStatus(ctx, profile)
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
	if err := s.e.RefreshTicket(ctx, profile, k, confirm); err != nil {
		return tickets.Status{}, bridge(err)
	}
	st, err := s.e.TicketStatus(ctx, profile)
	return st, bridge(err)
}

// Explain returns the cause and fix of a WeCom error code, in both UI languages
// (empty texts when the table has none).
func (s *TicketsService) Explain(code int) wecom.Explanation {
	ex, _ := wecom.Explain(code)
	return ex
}
