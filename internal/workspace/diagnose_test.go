package workspace

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"wecomdev/internal/diagnose"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/profiles"
)

func TestKnownTicketsAreTheCurrentCorpAndAppTicketsFetchedWhenMissing(t *testing.T) {
	r := newRig(t)
	known, err := r.e.KnownTickets(context.Background(), "sandbox")
	if err != nil {
		t.Fatal(err)
	}
	if len(known) != 2 || known[0].Kind != jssdk.KindCorp || known[1].Kind != jssdk.KindAgent || !known[0].Current || !known[1].Current || known[0].Value == known[1].Value {
		t.Fatalf("known %+v", known)
	}
	if _, err := r.e.KnownTickets(context.Background(), "ghost"); !errors.Is(err, profiles.ErrNotFound) {
		t.Fatalf("ghost: %v", err)
	}
}

func TestForensicsAndAuditRefuseBadInputBeforeFetchingATicket(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	if _, err := r.e.Forensics(ctx, "sandbox", diagnose.ForensicsInput{PageURL: "https://h5.example.com/", Signature: "nope"}); !errors.Is(err, diagnose.ErrInvalidInput) {
		t.Fatalf("forensics: %v", err)
	}
	if _, err := r.e.Audit(ctx, "sandbox", nil, diagnose.AuditInput{Endpoint: "https://api.example.com/sign"}); !errors.Is(err, diagnose.ErrAuditInput) {
		t.Fatalf("audit: %v", err)
	}
	if n := r.sb.Calls("get_jsapi_ticket") + r.sb.Calls("ticket/get"); n != 0 {
		t.Fatalf("%d ticket fetches for bad input", n)
	}
}

func TestAnAuditWithoutAPageBaseUsesTheFirstTrustedDomain(t *testing.T) {
	r := newRig(t)
	r.addAcme(t)
	ctx := context.Background()
	p, err := r.e.profileStore.Get(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	p.TrustedDomains = []string{"h5.example.com:8443", "dev.example.com"}
	if _, err := r.e.UpdateProfile(ctx, "acme", p); err != nil {
		t.Fatal(err)
	}
	var pages []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		pages = append(pages, req.URL.Query().Get("url"))
		fmt.Fprint(w, `{}`)
	}))
	t.Cleanup(srv.Close)
	rep, err := r.e.Audit(ctx, "acme", nil, diagnose.AuditInput{Endpoint: srv.URL + "/?url={url}"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.PageBase != "https://h5.example.com:8443/" || len(pages) != 4 || !strings.HasPrefix(pages[0], "https://h5.example.com:8443/audit") {
		t.Fatalf("page base %q, pages %v", rep.PageBase, pages)
	}
}
