package app

import (
	"context"

	"wecomdev/internal/diagnose"
	"wecomdev/internal/oauth"
	"wecomdev/internal/profiles"
)

// OAuthInput is what the console's OAuth builder takes besides the profile.
type OAuthInput struct {
	Redirect string `json:"redirect"` // the page WeCom sends the member back to, not encoded
	Scope    string `json:"scope"`    // snsapi_base (default) or snsapi_privateinfo
	State    string `json:"state"`
}

// OAuthResult is an authorize URL and what the checker says of it.
type OAuthResult struct {
	URL      string             `json:"url"` // the URL built ("" for a check)
	OK       bool               `json:"ok"`  // no finding is an error
	Findings []diagnose.Finding `json:"findings"`
}

// OAuthBuild writes the profile's web authorisation (网页授权) URL from in and checks it:
// what is wrong with the input comes back as findings, in both languages, beside the URL.
func (s *DiagnoseService) OAuthBuild(profile string, in OAuthInput) (OAuthResult, error) {
	p, err := s.oauthProfile(profile)
	if err != nil {
		return OAuthResult{Findings: []diagnose.Finding{}}, bridge(err)
	}
	u := oauth.Compose(oauth.ParamsOf(p, in.Redirect, in.Scope, in.State))
	fs := oauth.CheckAuthorizeURL(u, oauth.ContextOf(p))
	return OAuthResult{URL: u, OK: !oauth.HasError(fs), Findings: fs}, nil
}

// OAuthCheck checks a pasted authorize URL against WeCom's rules and, when profile is not
// "", against the profile's corp ID, agent ID and trusted domains.
func (s *DiagnoseService) OAuthCheck(profile, url string) (OAuthResult, error) {
	c := oauth.Context{}
	if profile != "" {
		p, err := s.oauthProfile(profile)
		if err != nil {
			return OAuthResult{Findings: []diagnose.Finding{}}, bridge(err)
		}
		c = oauth.ContextOf(p)
	}
	fs := oauth.CheckAuthorizeURL(url, c)
	return OAuthResult{OK: !oauth.HasError(fs), Findings: fs}, nil
}

func (s *DiagnoseService) oauthProfile(name string) (profiles.Profile, error) {
	ctx, cancel := context.WithTimeout(context.Background(), networkTimeout)
	defer cancel()
	return s.e.Profile(ctx, name)
}
