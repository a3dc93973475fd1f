package app

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"wecomdev/internal/devserver"
	"wecomdev/internal/diagnose"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/secrets"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

func newDiagnoseService(t *testing.T) (*DiagnoseService, *workspace.Workspace) {
	t.Helper()
	eng, err := workspace.Open(context.Background(), t.TempDir(), workspace.Options{Keychain: secrets.NewMemory(), Sandbox: sandbox.New(sandbox.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	return NewDiagnoseService(eng), eng
}

func TestCompareNamesTheDifferenceBetweenTheSignedAndThePageURL(t *testing.T) {
	s, _ := newDiagnoseService(t)
	r := s.Compare("https://h5.example.com/p#/home", "https://h5.example.com/p#/home")
	if r.Match || len(r.Findings) != 1 || r.Findings[0].Code != diagnose.CodeHashIncluded {
		t.Fatalf("result %+v", r)
	}
	if r := s.Compare("https://h5.example.com/p", "https://h5.example.com/p#/home"); !r.Match || len(r.Findings) != 0 {
		t.Fatalf("the page's own hash is not a difference: %+v", r)
	}
}

func TestExplainRecognisesAnAgentConfigSignatureError(t *testing.T) {
	s, _ := newDiagnoseService(t)
	e := s.Explain(`{"errMsg":"agentConfig:invalid signature"}`)
	if !e.Matched || e.Kind != diagnose.RuleInvalidSignature || e.Call != "agentConfig" || e.Tool != diagnose.ToolForensics || !strings.Contains(e.Cause.EnUS, "app ticket") {
		t.Fatalf("explanation %+v", e)
	}
}

func TestForensicsFindsTheSandboxTicketThatSignedAPage(t *testing.T) {
	s, eng := newDiagnoseService(t)
	page := "https://h5.example.com/app/?id=7#/orders"
	r, err := eng.Sign(context.Background(), "sandbox", page, jssdk.KindAgent)
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.Forensics("sandbox", diagnose.ForensicsInput{PageURL: page, Signature: r.Agent.Signature, Timestamp: r.Timestamp, NonceStr: r.NonceStr, Failed: jssdk.KindAgent})
	if err != nil {
		t.Fatal(err)
	}
	if v.Code != diagnose.VerdictOK || v.Kind != jssdk.KindAgent || !v.TicketCurrent || v.URL != jssdk.CutHash(page) || !strings.Contains(v.SignStringMasked, "…") {
		t.Fatalf("verdict %+v", v)
	}

	// The same signature for wx.config: the app ticket is the wrong one there.
	v, err = s.Forensics("sandbox", diagnose.ForensicsInput{PageURL: page, Signature: r.Agent.Signature, Timestamp: r.Timestamp, NonceStr: r.NonceStr, Failed: jssdk.KindCorp})
	if err != nil || v.Code != diagnose.VerdictWrongTicketKind {
		t.Fatalf("for wx.config: %+v %v", v, err)
	}
}

func TestForensicsRefusesAGarbageSignatureWithACode(t *testing.T) {
	s, _ := newDiagnoseService(t)
	_, err := s.Forensics("sandbox", diagnose.ForensicsInput{PageURL: "https://h5.example.com/", Signature: "not-a-signature", Timestamp: "1700000000", NonceStr: "abc"})
	if err == nil || !strings.HasPrefix(err.Error(), CodeDiagnoseInput+": ") || !strings.Contains(err.Error(), "signature") {
		t.Fatalf("err %v", err)
	}
	_, err = s.Forensics("ghost", diagnose.ForensicsInput{PageURL: "https://h5.example.com/", Signature: strings.Repeat("a", 40), Timestamp: "1700000000", NonceStr: "abc"})
	if err == nil || !strings.HasPrefix(err.Error(), CodeProfileNotFound+": ") {
		t.Fatalf("unknown profile: %v", err)
	}
}

func TestAuditOfTheConsolesOwnDevServerPasses(t *testing.T) {
	s, eng := newDiagnoseService(t)
	b, err := eng.DevBackend(context.Background(), "sandbox")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(devserver.New(b, devserver.Options{}).Handler())
	t.Cleanup(srv.Close)
	r, err := s.Audit("sandbox", diagnose.AuditInput{Endpoint: srv.URL + devserver.PathAgentSignature + "?url={url}", Kind: jssdk.KindAgent, PageBase: "http://localhost:5173/"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Failed != 0 || r.Skipped != 0 || r.Passed != len(diagnose.AuditCheckCodes()) {
		t.Fatalf("report %+v", r)
	}

	_, err = s.Audit("sandbox", diagnose.AuditInput{Endpoint: srv.URL + "/sign"})
	if err == nil || !strings.HasPrefix(err.Error(), CodeDiagnoseInput+": audit: endpoint: ") {
		t.Fatalf("err %v", err)
	}
}
