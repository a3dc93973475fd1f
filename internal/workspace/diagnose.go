package workspace

import (
	"context"
	"net/http"
	"strings"
	"time"

	"wecomdev/internal/diagnose"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/tickets"
	"wecomdev/internal/wecom"
)

// ticketKinds are the JS-SDK's ticket kinds (the ticket manager's kinds too).
var ticketKinds = []jssdk.Kind{jssdk.KindCorp, jssdk.KindAgent}

// KnownTickets returns the profile's JS-SDK tickets the console has seen, the current
// and the recent ones of both kinds, as diagnose.Forensics and diagnose.Audit compare
// signatures with. A kind with nothing cached is fetched; a failed fetch is an error only
// when the console has no ticket of that kind at all.
func (e *Workspace) KnownTickets(ctx context.Context, name string) ([]diagnose.Ticket, error) {
	t, _, err := e.Target(ctx, name)
	if err != nil {
		return nil, err
	}
	for _, k := range ticketKinds {
		if _, err := e.ticketCache.Get(ctx, t, k); err != nil && len(e.ticketCache.History(ctx, t, k)) == 0 {
			return nil, err
		}
	}
	return e.seenTickets(ctx, t), nil
}

// seenTickets lists the target's tickets of both kinds from the cache (current, then
// earlier ones), without fetching any.
func (e *Workspace) seenTickets(ctx context.Context, t tickets.Target) []diagnose.Ticket {
	var known []diagnose.Ticket
	now := time.Now()
	for _, k := range ticketKinds {
		known = append(known, diagnose.TicketsFrom(k, e.ticketCache.History(ctx, t, k), now)...)
	}
	return known
}

// Forensics says what produced a signature a page of the profile was given: which of
// the profile's tickets, over which URL. Unusable input fails before any ticket is read.
func (e *Workspace) Forensics(ctx context.Context, name string, in diagnose.ForensicsInput) (diagnose.Verdict, error) {
	return e.ForensicsAt(ctx, name, in, wecom.AreaName)
}

// ForensicsAt is Forensics with the places its texts name put by at (diagnose.ForensicsAt).
func (e *Workspace) ForensicsAt(ctx context.Context, name string, in diagnose.ForensicsInput, at wecom.Namer) (diagnose.Verdict, error) {
	if _, err := diagnose.Forensics(in, nil); err != nil { // validation only: no tickets, no hashing
		return diagnose.Verdict{}, err
	}
	known, err := e.KnownTickets(ctx, name)
	if err != nil {
		return diagnose.Verdict{}, err
	}
	return diagnose.ForensicsAt(in, known, at)
}

// Audit calls the developer's signing endpoint with test pages and checks the answers
// against the profile's tickets; the profile's credentials must not appear in them. An
// empty PageBase becomes https://<the profile's first trusted domain>/ (or
// diagnose.DefaultPageBase). Unusable input fails before any ticket is read.
func (e *Workspace) Audit(ctx context.Context, name string, client *http.Client, in diagnose.AuditInput) (diagnose.AuditReport, error) {
	defaultBase := strings.TrimSpace(in.PageBase) == ""
	in, err := diagnose.ValidateAudit(in)
	if err != nil {
		return diagnose.AuditReport{}, err
	}
	b, err := e.DevBackend(ctx, name)
	if err != nil {
		return diagnose.AuditReport{}, err
	}
	if defaultBase && len(b.p.TrustedDomains) > 0 {
		in.PageBase = "https://" + b.p.TrustedDomains[0] + "/"
	}
	known, err := e.KnownTickets(ctx, name)
	if err != nil {
		return diagnose.AuditReport{}, err
	}
	return diagnose.Audit(ctx, client, in, known, b.Sensitive(ctx))
}
