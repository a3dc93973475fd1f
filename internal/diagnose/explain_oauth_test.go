package diagnose

import (
	"testing"

	"wecomdev/internal/wecom"
)

func TestTheExplainerKnowsTheOAuthFailures(t *testing.T) {
	for _, c := range []struct {
		text, kind, tool string
		code             int
	}{
		{`{"errcode":40029,"errmsg":"invalid code, hint: [1700000000_1_abc]"}`, RuleOAuthInvalidCode, ToolDevServer, 40029},
		{"40029", RuleOAuthInvalidCode, ToolDevServer, 40029},
		{`{"errcode":50001,"errmsg":"redirect_url domain unauthorized"}`, RuleOAuthRedirectDomain, ToolOAuth, 50001},
		{"redirect_uri需使用应用可信域名", RuleOAuthRedirectDomain, ToolOAuth, 0},
		{"页面提示 redirect_uri参数错误", RuleOAuthRedirectDomain, ToolOAuth, 0},
		{"https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww1&scope=snsapi_privateinfo&agentid=null#wechat_redirect", RuleOAuthAgentIDNull, ToolOAuth, 0},
		{"AgentID=undefined", RuleOAuthAgentIDNull, ToolOAuth, 0},
	} {
		e := ExplainText(c.text)
		if !e.Matched || e.Kind != c.kind || e.Tool != c.tool || e.Code != c.code {
			t.Errorf("%q: matched %v kind %q tool %q code %d, want %q %q %d", c.text, e.Matched, e.Kind, e.Tool, e.Code, c.kind, c.tool, c.code)
		}
		if e.Cause.ZhCN == "" || e.Cause.EnUS == "" || e.Fix.ZhCN == "" || e.Fix.EnUS == "" {
			t.Errorf("%q: a text is missing: %+v", c.text, e)
		}
	}
}

func TestWeComsTableExplains40029And50001(t *testing.T) {
	for _, code := range []int{40029, 50001} {
		ex, ok := wecom.Explain(code)
		if !ok || ex.Cause.ZhCN == "" || ex.Fix.EnUS == "" {
			t.Errorf("%d: %+v %v", code, ex, ok)
		}
	}
}
