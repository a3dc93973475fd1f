package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"wecomdev/internal/oauth"
	"wecomdev/internal/profiles"
)

func TestOAuthBuildWritesTheProfilesURLAndChecksIt(t *testing.T) {
	s, eng := newDiagnoseService(t)
	if _, err := eng.AddProfile(context.Background(), profiles.Profile{Name: "acme", CorpID: "ww1234567890abcdef", AgentID: 1000002, TrustedDomains: []string{"h5.example.com"}}); err != nil {
		t.Fatal(err)
	}
	r, err := s.OAuthBuild("acme", OAuthInput{Redirect: "https://h5.example.com/login", Scope: oauth.ScopePrivateInfo, State: "s1"})
	if err != nil || !r.OK || len(r.Findings) != 0 {
		t.Fatalf("result %+v, %v", r, err)
	}
	if !strings.HasPrefix(r.URL, "https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww1234567890abcdef&redirect_uri=https%3A%2F%2Fh5.example.com%2Flogin&") || !strings.HasSuffix(r.URL, "&agentid=1000002#wechat_redirect") {
		t.Fatalf("url %s", r.URL)
	}
	// What is wrong with the input comes back as findings, not as an error.
	r, err = s.OAuthBuild("acme", OAuthInput{Redirect: "https://other.example.com/", State: "a b"})
	if err != nil || r.OK || len(r.Findings) != 2 || r.Findings[0].Code != oauth.CodeRedirectUntrusted || r.Findings[1].Code != oauth.CodeState {
		t.Fatalf("result %+v, %v", r, err)
	}
	if _, err := s.OAuthBuild("nope", OAuthInput{}); err == nil || !strings.HasPrefix(err.Error(), CodeProfileNotFound+":") {
		t.Fatalf("err %v", err)
	}
}

func TestOAuthCheckWithAndWithoutAProfile(t *testing.T) {
	s, _ := newDiagnoseService(t)
	u := "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wwX&redirect_uri=https%3A%2F%2Fh5.example.com%2F%3Fcode%3DSECRETCODE9&response_type=code&scope=snsapi_base&state=&agentid=null#wechat_redirect"
	r, err := s.OAuthCheck("", u)
	if err != nil || r.OK || r.URL != "" {
		t.Fatalf("result %+v, %v", r, err)
	}
	b, _ := json.Marshal(r)
	if strings.Contains(string(b), "SECRETCODE9") || !strings.Contains(string(b), `"severity":"error"`) || !strings.Contains(string(b), oauth.CodeAgentIDInvalid) {
		t.Fatalf("json %s", b)
	}
	r, err = s.OAuthCheck("sandbox", u)
	if err != nil || r.OK || r.Findings[0].Code != oauth.CodeAppID {
		t.Fatalf("with the sandbox profile: %+v, %v", r, err)
	}
}
