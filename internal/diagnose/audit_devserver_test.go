package diagnose_test

// The console's own dev server is a correct signing endpoint, so it must pass the audit.
// This test is outside package diagnose, so the dev server may come to depend on it.

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"wecomdev/internal/devserver"
	"wecomdev/internal/diagnose"
	"wecomdev/internal/jssdk"
)

var (
	devCorpTicket  = strings.Repeat("C", 40) + "corp-ticket-of-the-dev-server-test" + strings.Repeat("c", 12)
	devAgentTicket = strings.Repeat("A", 40) + "app-ticket-of-the-dev-server-test" + strings.Repeat("a", 13)
	devKnown       = []diagnose.Ticket{
		{Kind: jssdk.KindCorp, Value: devCorpTicket, Current: true},
		{Kind: jssdk.KindAgent, Value: devAgentTicket, Current: true},
	}
)

// devBackend is a profile with fixed tickets and one trusted domain.
type devBackend struct{}

func (devBackend) Profile() string { return "test" }
func (devBackend) CorpID() string  { return "ww0123456789abcdef" }
func (devBackend) AgentID() int64  { return 1000002 }
func (devBackend) TrustedDomains(context.Context) ([]string, error) {
	return []string{"h5.example.com"}, nil
}
func (devBackend) Sensitive(context.Context) []string { return []string{devCorpTicket, devAgentTicket} }
func (devBackend) Customers(context.Context, string, string) ([]string, error) {
	return nil, errors.New("not here")
}
func (devBackend) Ticket(_ context.Context, k jssdk.Kind) (string, error) {
	if k == jssdk.KindAgent {
		return devAgentTicket, nil
	}
	return devCorpTicket, nil
}

func statusesOf(r diagnose.AuditReport) map[string]string {
	m := map[string]string{}
	for _, c := range r.Checks {
		m[c.Code] = c.Status
	}
	return m
}

// wantAllPassBut fails unless every check passed except those named in but.
func wantAllPassBut(t *testing.T, r diagnose.AuditReport, but map[string]string) {
	t.Helper()
	for code, got := range statusesOf(r) {
		want := but[code]
		if want == "" {
			want = diagnose.StatusPass
		}
		if got != want {
			t.Errorf("%s = %s, want %s", code, got, want)
		}
	}
}

func TestTheConsolesOwnDevServerPassesTheAudit(t *testing.T) {
	srv := httptest.NewServer(devserver.New(devBackend{}, devserver.Options{}).Handler())
	t.Cleanup(srv.Close)
	audit := func(in diagnose.AuditInput) diagnose.AuditReport {
		t.Helper()
		r, err := diagnose.Audit(context.Background(), nil, in, devKnown, []string{devCorpTicket, devAgentTicket})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	// h5.example.com is a trusted domain (the default page base); localhost is loopback.
	wantAllPassBut(t, audit(diagnose.AuditInput{Endpoint: srv.URL + devserver.PathConfigSignature + "?url={url}"}), nil)
	wantAllPassBut(t, audit(diagnose.AuditInput{Endpoint: srv.URL + devserver.PathAgentSignature + "?url={url}", Kind: jssdk.KindAgent,
		PageBase: "http://localhost:5173/"}), nil)

	// The corp endpoint audited as the agentConfig one: only the ticket kind is wrong.
	wantAllPassBut(t, audit(diagnose.AuditInput{Endpoint: srv.URL + devserver.PathConfigSignature + "?url={url}", Kind: jssdk.KindAgent}),
		map[string]string{diagnose.CheckTicketKind: diagnose.StatusFail})

	// A page on a host it does not serve, or on another port of the trusted domain (the port
	// is part of the domain): the 403 and its reason are the evidence.
	for _, base := range []string{"https://evil.example.net/", "https://h5.example.com:8443/"} {
		r := audit(diagnose.AuditInput{Endpoint: srv.URL + devserver.PathConfigSignature + "?url={url}", PageBase: base})
		for _, c := range r.Checks {
			if c.Code == diagnose.CheckEndpointReachable && (c.Status != diagnose.StatusFail || !strings.Contains(c.Evidence, "403") ||
				!strings.Contains(c.Evidence, `{"code":"ORIGIN_NOT_ALLOWED"`)) {
				t.Errorf("%s: ENDPOINT_REACHABLE %+v", base, c)
			}
		}
	}
	// https's default port written out is the trusted domain itself
	wantAllPassBut(t, audit(diagnose.AuditInput{Endpoint: srv.URL + devserver.PathConfigSignature + "?url={url}", PageBase: "https://h5.example.com:443/"}), nil)
}
