package workspace

import (
	"context"

	"wecomdev/internal/reach"
	"wecomdev/internal/wecom"
)

// OAuthUserInfo exchanges a page's OAuth code with the profile's access token
// (auth/getuserinfo, doc 91023): the dev server's /api/oauth/userinfo. For the sandbox
// profile it first gives the sandbox WeCom the profile's trusted domains, so the
// sandbox's 50001 rule checks against what the developer typed in wecomdev.
func (b *DevBackend) OAuthUserInfo(ctx context.Context, code string) (wecom.OAuthUser, error) {
	b.syncSandboxDomains(ctx)
	return b.e.client(b.t).GetUserInfo(ctx, code)
}

// OAuthUserDetail reads the member's details with a user_ticket (auth/getuserdetail,
// doc 95833). The ticket stays in the console.
func (b *DevBackend) OAuthUserDetail(ctx context.Context, userTicket string) (wecom.UserDetail, error) {
	return b.e.client(b.t).GetUserDetail(ctx, userTicket)
}

// syncSandboxDomains hands the sandbox profile's trusted domains to the sandbox WeCom
// (its authorize page and auth/getuserinfo check redirect_uri against them).
func (b *DevBackend) syncSandboxDomains(ctx context.Context) {
	if !b.p.Sandbox {
		return
	}
	sb, _, err := b.e.Sandbox()
	if err != nil {
		return
	}
	d, err := b.TrustedDomains(ctx)
	if err != nil {
		return
	}
	var norm []string
	for _, x := range d {
		if n := reach.NormalizeDomain(x); n != "" {
			norm = append(norm, n)
		}
	}
	sb.SetTrustedDomains(b.p.CorpID, b.p.AgentID, func(scheme, hostport string) bool {
		_, ok := reach.Covering(scheme, reach.PageHost(scheme, hostport), norm) // the port rule's one home
		return ok
	})
}
