package workspace

import (
	"context"
	"fmt"
	"strings"
	"time"

	"wecomdev/internal/jssdk"
)

// MaxURL is the longest page URL we sign (jssdk.MaxURLBytes: one limit for the whole console).
const MaxURL = jssdk.MaxURLBytes

// ErrURLInvalid: the URL cannot be signed at all (the softer problems are jssdk warnings).
var ErrURLInvalid = jssdk.ErrURLInvalid

// CheckURL refuses what cannot be a page URL (jssdk.ValidatePageURL).
func CheckURL(u string) error { return jssdk.ValidatePageURL(u) }

// SignResult is a page URL signed for wx.config (corp ticket) and wx.agentConfig (app
// ticket) with one timestamp and nonceStr. No ticket appears in clear.
type SignResult struct {
	Profile   string           `json:"profile"`
	CorpID    string           `json:"corpId"`
	AgentID   int64            `json:"agentId"`
	URL       string           `json:"url"`
	Timestamp string           `json:"timestamp"`
	NonceStr  string           `json:"nonceStr"`
	Config    *jssdk.Breakdown `json:"config"`
	Agent     *jssdk.Breakdown `json:"agent"`
	Register  string           `json:"register"`
}

// Sign signs url for the profile with each kind asked for (both when none is given).
func (e *Workspace) Sign(ctx context.Context, name, url string, kinds ...jssdk.Kind) (SignResult, error) {
	if err := CheckURL(url); err != nil {
		return SignResult{}, err
	}
	if len(kinds) == 0 {
		kinds = []jssdk.Kind{jssdk.KindCorp, jssdk.KindAgent}
	}
	t, p, err := e.Target(ctx, name)
	if err != nil {
		return SignResult{}, err
	}
	r := SignResult{Profile: p.Name, CorpID: p.CorpID, AgentID: p.AgentID, URL: url,
		Timestamp: jssdk.Timestamp(time.Now()), NonceStr: jssdk.NewNonce()}
	for _, k := range kinds {
		c, err := e.ticketCache.Get(ctx, t, k)
		if err != nil {
			return SignResult{}, err
		}
		b := jssdk.Explain(k, c.Value, r.NonceStr, r.Timestamp, url)
		if k == jssdk.KindAgent {
			r.Agent = &b
		} else {
			r.Config = &b
		}
	}
	r.Register = registerSnippet(r)
	return r, nil
}

// registerSnippet is the ww.register call these signatures fit, for pasting into a page.
func registerSnippet(r SignResult) string {
	var b strings.Builder
	signed := jssdk.CutHash(r.URL)
	fmt.Fprintf(&b, "// Signed for %s\n// (@wecom/jssdk asks for location.href without the #…; these values fit that URL only)\n", jsString(signed))
	b.WriteString("ww.register({\n")
	fmt.Fprintf(&b, "  corpId: %s,\n", jsString(r.CorpID))
	fmt.Fprintf(&b, "  agentId: %d,\n", r.AgentID)
	b.WriteString("  jsApiList: ['getContext', 'getCurExternalContact', 'openEnterpriseChat'],\n")
	for _, s := range []struct {
		name string
		bd   *jssdk.Breakdown
	}{{"getConfigSignature", r.Config}, {"getAgentConfigSignature", r.Agent}} {
		if s.bd == nil {
			continue
		}
		fmt.Fprintf(&b, "  %s: () => ({ timestamp: %s, nonceStr: %s, signature: %s }),\n",
			s.name, jsString(s.bd.Timestamp), jsString(s.bd.NonceStr), jsString(s.bd.Signature))
	}
	b.WriteString("})\n")
	return b.String()
}

// jsString quotes s as a JavaScript single-quoted string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\r", `\r`, "\u2028", `\u2028`, "\u2029", `\u2029`, "</", `<\/`)
	return "'" + r.Replace(s) + "'"
}
