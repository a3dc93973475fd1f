package workspace

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"wecomdev/internal/devserver"
	"wecomdev/internal/profiles"
	"wecomdev/internal/wecom"
	"wecomdev/internal/wecom/sandbox"
)

func TestTheDevBackendExchangesASandboxCodeOnceAndReadsThePrivateInfoDetail(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	b, err := r.e.DevBackend(ctx, profiles.SandboxName)
	if err != nil {
		t.Fatal(err)
	}
	var _ devserver.OAuthExchanger = b
	sb, _, err := r.e.Sandbox()
	if err != nil {
		t.Fatal(err)
	}
	code, err := sb.Authorize(sandbox.AuthorizePath+"?appid="+sandbox.DefaultCorpID+"&redirect_uri="+url.QueryEscape("http://127.0.0.1:8787/")+
		"&response_type=code&scope=snsapi_privateinfo&agentid=1000002", sandbox.UserZhangsan)
	if err != nil {
		t.Fatal(err)
	}
	u, err := b.OAuthUserInfo(ctx, code)
	if err != nil || u.UserID != sandbox.UserZhangsan || u.UserTicket == "" {
		t.Fatalf("OAuthUserInfo: %+v, %v", u, err)
	}
	d, err := b.OAuthUserDetail(ctx, u.UserTicket)
	if err != nil || d.UserID != sandbox.UserZhangsan {
		t.Fatalf("OAuthUserDetail: %+v, %v", d, err)
	}
	_, err = b.OAuthUserInfo(ctx, code)
	var ae *wecom.APIError
	if !errors.As(err, &ae) || ae.Code != wecom.CodeInvalidCode {
		t.Errorf("second use: %v, want 40029", err)
	}
}

func TestTheSandboxChecksTheRedirectAgainstTheSandboxProfilesTrustedDomainsPortIncluded(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	if _, err := r.e.UpdateProfile(ctx, profiles.SandboxName, profiles.Profile{TrustedDomains: []string{"h5.example.com"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.e.DevBackend(ctx, profiles.SandboxName); err != nil {
		t.Fatal(err)
	}
	sb, _, _ := r.e.Sandbox()
	authorize := func(redirect string) error {
		_, err := sb.Authorize(sandbox.AuthorizePath+"?appid="+sandbox.DefaultCorpID+"&redirect_uri="+url.QueryEscape(redirect)+
			"&response_type=code&scope=snsapi_base&agentid=1000002", sandbox.UserLisi)
		return err
	}
	if err := authorize("https://h5.example.com/page"); err != nil {
		t.Errorf("a trusted domain: %v", err)
	}
	if err := authorize("https://h5.example.com:8443/page"); err == nil {
		t.Error("another port of a trusted domain was not refused")
	}
}
