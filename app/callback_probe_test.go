package app

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"wecomdev/internal/callback"
	"wecomdev/internal/profiles"
	"wecomdev/internal/secrets"
	"wecomdev/internal/workspace"
)

func newProbeService(t *testing.T) (*CallbackProbeService, *workspace.Workspace) {
	t.Helper()
	eng, err := workspace.Open(context.Background(), t.TempDir(), workspace.Options{Keychain: secrets.NewMemory(), Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	if _, err := eng.AddProfile(context.Background(), profiles.Profile{Name: "acme", CorpID: "ww0000000000000001", AgentID: 1000002, APIBase: "https://qyapi.weixin.qq.com"}); err != nil {
		t.Fatal(err)
	}
	return NewCallbackProbeService(eng), eng
}

func TestTheProbeBindingReportsAWrongAnswerAndNeverTheKeys(t *testing.T) {
	s, eng := newProbeService(t)
	k := callback.Keys{Token: callback.GenerateToken(), EncodingAESKey: callback.GenerateAESKey()}
	if err := eng.SetCallbackKeys(context.Background(), "acme", k); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":0,"token":"`+k.Token+`"}`)
	}))
	defer ts.Close()
	r, err := s.Probe("acme", ts.URL+"/cb", "")
	if err != nil {
		t.Fatal(err)
	}
	if r.OK || r.ReceiveID != "ww0000000000000001" {
		t.Fatalf("%+v", r)
	}
	found := false
	for _, c := range r.Checks {
		if c.Code == callback.CheckGetAnswer && c.Cause == callback.CauseJSON {
			found = true
		}
		if strings.Contains(c.Evidence.EnUS+c.Evidence.ZhCN, k.Token) {
			t.Fatalf("the evidence holds the token: %+v", c)
		}
	}
	if !found {
		t.Fatalf("no JSON cause: %+v", r.Checks)
	}
}

func TestTheProbeBindingsErrorsCarryTheirCodes(t *testing.T) {
	s, eng := newProbeService(t)
	if _, err := s.Probe("acme", "https://example.com/cb", ""); err == nil || !strings.HasPrefix(err.Error(), "SECRET_MISSING: ") {
		t.Fatalf("no keys: %v", err)
	}
	if err := eng.SetCallbackKeys(context.Background(), "acme", callback.Keys{Token: "t0k", EncodingAESKey: callback.GenerateAESKey()}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Probe("acme", "example.com/cb", ""); err == nil || !strings.HasPrefix(err.Error(), CodeURLInvalid+": ") {
		t.Fatalf("bad URL: %v", err)
	}
	if _, err := s.Probe("nobody", "https://example.com/cb", ""); err == nil || !strings.HasPrefix(err.Error(), CodeProfileNotFound+": ") {
		t.Fatalf("no profile: %v", err)
	}
}
