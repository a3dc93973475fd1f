package oauth

import (
	"strconv"

	"wecomdev/internal/profiles"
)

// ContextOf is what a URL is checked against for profile p: its corpId, agentId and
// trusted domains.
func ContextOf(p profiles.Profile) Context {
	return Context{Profile: p.Name, CorpID: p.CorpID, AgentID: agentID(p), TrustedDomains: p.TrustedDomains}
}

// ParamsOf is profile p's authorize URL parameters for a redirect, a scope and a state.
func ParamsOf(p profiles.Profile, redirect, scope, state string) Params {
	return Params{CorpID: p.CorpID, AgentID: agentID(p), RedirectURI: redirect, Scope: scope, State: state}
}

func agentID(p profiles.Profile) string {
	if p.AgentID <= 0 {
		return ""
	}
	return strconv.FormatInt(p.AgentID, 10)
}
