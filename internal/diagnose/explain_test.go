package diagnose

import (
	"strings"
	"testing"

	"wecomdev/internal/wecom"
)

func TestExplainTextRecognisesWhatThePhoneShowed(t *testing.T) {
	tests := []struct {
		name string
		text string
		kind string
		call string
		code int
		tool string
	}{
		{"config's invalid signature", "config:invalid signature", RuleInvalidSignature, "config", 0, ToolForensics},
		{"the same wrapped in its JSON object", `{"errMsg":"config:invalid signature"}`, RuleInvalidSignature, "config", 0, ToolForensics},
		{"agentConfig's invalid signature with its link",
			"agentConfig:invalid signature more info at https://open.work.weixin.qq.com/devtool/query?e=40093", RuleInvalidSignature, "agentConfig", 40093, ToolForensics},
		{"the iOS object for a bad config signature",
			`{ errCode: 2, err_Info: "invalid signature more info at https://open.work.weixin.qq.com/devtool/query?e=40093", errMsg: "config:fail" }`,
			RuleInvalidSignature, "config", 40093, ToolForensics},
		{"jwxwork's agentConfig:fail with a 40093 hint",
			`{err_Info: 'fail', errMsg: 'agentConfig:fail', hint: "Hint: '0404162454:fpjmyibrj7g:40093'. More info at https://open.work.weixin.qq.com/devtool/query?e=40093"}`,
			RuleInvalidSignature, "agentConfig", 40093, ToolForensics},
		{"a bare 40093", "40093", RuleInvalidSignature, "", 40093, ToolForensics},
		{"upper case and whitespace", "  CONFIG:INVALID SIGNATURE \n", RuleInvalidSignature, "CONFIG", 0, ToolForensics},
		{"JSON with escaped slashes", `{"errMsg":"agentConfig:invalid signature more info at https:\/\/open.work.weixin.qq.com\/devtool\/query?e=40093"}`,
			RuleInvalidSignature, "agentConfig", 40093, ToolForensics},

		{"config's invalid url domain", "config:invalid url domain", RuleInvalidURLDomain, "config", 0, ToolTrustedDomains},
		{"a bare 80001", "80001", RuleInvalidURLDomain, "", 80001, ToolTrustedDomains},
		{"40048 from a fail callback", `{"errMsg":"config:fail","errcode":40048}`, RuleInvalidURLDomain, "config", 40048, ToolTrustedDomains},

		{"permission denied", "config:permission denied", RulePermissionDenied, "config", 0, ToolProfiles},
		{"fail_nopermission", `{"errMsg":"openEnterpriseChat:fail_nopermission"}`, RuleNoPermission, "openEnterpriseChat", 0, ToolEmulator},
		{"an API's fail no permission", "getCurExternalContact:fail no permission", RuleNoPermission, "getCurExternalContact", 0, ToolEmulator},
		{"offline verifying", "the permission value is offline verifying", RuleOfflineVerifying, "", 0, ToolEmulator},
		{"offline verifying with its call", "chooseImage:the permission value is offline verifying", RuleOfflineVerifying, "chooseImage", 0, ToolEmulator},
		{"function not exist", "config:function not exist", RuleFunctionNotExist, "config", 0, ToolDevServer},
		{"an old SDK script", "TypeError: wx.agentConfig is not a function", RuleNotAFunction, "agentConfig", 0, ToolEmulator},

		{"ticket no available", "ticket no available more info at https://open.work.weixin.qq.com/devtool/query?e=42012", RuleTicketUnavailable, "", 42012, ToolTickets},
		{"agentConfig:fail with err_msg 42012",
			`{"errMsg":"agentConfig:fail","err_msg":"ticket no available more info at https://open.work.weixin.qq.com/devtool/query?e=42012"}`,
			RuleTicketUnavailable, "agentConfig", 42012, ToolTickets},
		{"config:fail with Missing params", `{err_Info: "fail", errMsg: "agentConfig:fail", hint: "Missing params"}`, RuleMissingParams, "agentConfig", 0, ToolAudit},
		{"a bare config:fail", "config:fail", RuleConfigFail, "config", 0, ToolAudit},
		{"the Mac client's fail_invalid", "agentConfig:fail_invalid", RuleConfigFail, "agentConfig", 0, ToolAudit},
		{"invalid corpId", "agentConfig:invalid corpId more info at https://open.work.weixin.qq.com/devtool/query?e=40013", RuleInvalidCorpID, "agentConfig", 40013, ToolProfiles},

		{"a server answer with 60020",
			`{"errcode":60020,"errmsg":"not allow to access from your ip, hint: [1662317178339603627481038], from ip: 114.132.235.244, more info at https://open.work.weixin.qq.com/devtool/query?e=60020"}`,
			RuleErrcode, "", 60020, ToolProfiles},
		{"an APIError's text", "wecom gettoken: errcode 40001: invalid credential", RuleErrcode, "", 40001, ToolProfiles},
		{"a bare 45009", "45009", RuleErrcode, "", 45009, ToolTickets},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ExplainText(tt.text)
			if !e.Matched || e.Kind != tt.kind || e.Call != tt.call || e.Code != tt.code || e.Tool != tt.tool {
				t.Errorf("ExplainText = matched %v kind %q call %q code %d tool %q; want kind %q call %q code %d tool %q",
					e.Matched, e.Kind, e.Call, e.Code, e.Tool, tt.kind, tt.call, tt.code, tt.tool)
			}
			if e.Cause.ZhCN == "" || e.Cause.EnUS == "" || e.Fix.ZhCN == "" || e.Fix.EnUS == "" {
				t.Errorf("a text is empty: %+v", e)
			}
			if (e.Code != 0) != (e.Doc != "") {
				t.Errorf("code %d with doc %q", e.Code, e.Doc)
			}
		})
	}
}

func TestExplainTextFillsInTheCallerIPOf60020(t *testing.T) {
	e := ExplainText("not allow to access from your ip, hint: [1], from ip: 114.132.235.244, more info at https://open.work.weixin.qq.com/devtool/query?e=60020")
	if !strings.Contains(e.Cause.EnUS, "114.132.235.244") || !strings.Contains(e.Fix.ZhCN, "114.132.235.244") {
		t.Errorf("the caller IP is missing: %+v", e)
	}
}

func TestExplainTextTailorsASignatureErrorToTheCall(t *testing.T) {
	// A terminal's names: the command, whose flag follows the call (internal/cli's toolCommand).
	flagged := func(call string) wecom.Namer {
		return func(tool, _ string) string {
			if strings.EqualFold(call, "agentConfig") {
				return "`" + tool + " --agent`"
			}
			return "`" + tool + "`"
		}
	}
	agent := ExplainTextAt("agentConfig:invalid signature", flagged)
	config := ExplainTextAt("config:invalid signature", flagged)
	if !strings.Contains(agent.Cause.EnUS, "app ticket") || !strings.Contains(agent.Fix.EnUS, "--agent") {
		t.Errorf("agentConfig: %s / %s", agent.Cause.EnUS, agent.Fix.EnUS)
	}
	if !strings.Contains(config.Cause.EnUS, "corp ticket") || strings.Contains(config.Fix.EnUS, "--agent") {
		t.Errorf("config: %s / %s", config.Cause.EnUS, config.Fix.EnUS)
	}
}

func TestExplainTextIgnoresTheClientsOwnErrCode(t *testing.T) {
	e := ExplainText(`{ errCode: 2, errMsg: "scanQRCode:cancel" }`)
	if e.Matched || e.Code != 0 {
		t.Errorf("errCode 2 was taken for a WeCom errcode: %+v", e)
	}
}

func TestExplainTextLinksTheDocsOfACodeItDoesNotKnow(t *testing.T) {
	e := ExplainText(`{"errcode":86001,"errmsg":"something new"}`)
	if e.Matched || e.Code != 86001 || e.Kind != RuleErrcode || !strings.HasSuffix(e.Doc, "?e=86001") || !strings.Contains(e.Fix.EnUS, e.Doc) {
		t.Errorf("ExplainText = %+v", e)
	}
}

func TestExplainTextSaysWhatToPasteWhenItRecognisesNothing(t *testing.T) {
	for _, text := range []string{"", "   ", "it does not work", "{}", "12"} {
		e := ExplainText(text)
		if e.Matched || e.Kind != "" || e.Code != 0 {
			t.Errorf("ExplainText(%q) = %+v", text, e)
		}
		if !strings.Contains(e.Fix.EnUS, "JSON.stringify(res)") || !strings.Contains(e.Fix.ZhCN, "JSON.stringify(res)") {
			t.Errorf("ExplainText(%q).Fix does not say what to paste: %+v", text, e.Fix)
		}
	}
}

func TestEveryRuleIsReachableAndBilingual(t *testing.T) {
	for _, r := range rules {
		if r.cause.ZhCN == "" || r.cause.EnUS == "" || r.fix.ZhCN == "" || r.fix.EnUS == "" || len(r.phrases) == 0 {
			t.Errorf("rule %s is incomplete", r.kind)
		}
		for _, p := range r.phrases {
			if got := ExplainText(p); got.Kind != r.kind {
				t.Errorf("ExplainText(%q).Kind = %q, want %q", p, got.Kind, r.kind)
			}
		}
	}
}

// The texts real clients and @wecom/jssdk 2.4.4 give (docs/wecom-facts.md, "Client errMsg
// texts and the explainer"), with the errCode -1 the SDK adds to every failure without one.
func TestExplainTextNamesTheRealCauseOfWhatTheSDKReports(t *testing.T) {
	tests := []struct {
		name, text, kind string
		code             int
		mention          string // a word the English cause must hold
	}{
		{"an entry without an external contact",
			`{"errMsg":"getCurExternalContact:fail without context of external contact","errCode":-1}`, RuleNoEntryContext, 0, "entry"},
		{"an entry without a corp-group chat", `{"errMsg":"getCurCorpGroupChat:without context of corpgroup contact","errCode":-1}`, RuleNoEntryContext, 0, "entry"},
		{"the SDK's no permission with fail_ stripped", `{"errMsg":"selectExternalContact:no permission","errCode":-1}`, RuleNoPermission, 0, "agentConfig"},
		{"the real device's answer with both spellings",
			`{"errmsg":"fail_no permission","errMsg":"getCurExternalContact:no permission","errCode":-1}`, RuleNoPermission, 0, "jsApiList"},
		{"the client's own fail_no permission", `{"err_msg":"fail_no permission"}`, RuleNoPermission, 0, "app identity"},
		{"corpid not found", `{"errMsg":"config:corpid not found","errCode":-1}`, RuleInvalidCorpID, 0, "corpId"},
		{"the iOS object for a wrong corpId",
			`{errCode:2, err_Info:"invalid corpid more info at https://open.work.weixin.qq.com/devtool/query?e=40013", errMsg:"config:fail"}`, RuleInvalidCorpID, 40013, "corpId"},
		{"the iOS object for a bad config signature",
			`{"errMsg":"config:fail","err_Info":"invalid signature more info at https://open.work.weixin.qq.com/devtool/query?e=40093","errCode":2}`, RuleInvalidSignature, 40093, "corp ticket"},
		{"the desktop's Hint with 40093",
			`{"errMsg":"agentConfig:fail","err_Info":"fail","hint":"Hint: '1116162709:28pf8aujopx:40093'. More info at https://open.work.weixin.qq.com/devtool/query?e=40093","errCode":-1}`,
			RuleInvalidSignature, 40093, "app ticket"},
		{"the desktop's Hint pasted alone", `agentConfig:fail Hint: '0404162454:fpjmyibrj7g:40093'`, RuleInvalidSignature, 40093, "app ticket"},
		{"the SDK's access denied", `{"errMsg":"openEnterpriseChat:permission denied","errCode":-1}`, RulePermissionDenied, 0, "permission"},
		{"an unknown failure with the SDK's -1", `{"errMsg":"shareAppMessage:fail","errCode":-1}`, "", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ExplainText(tt.text)
			if e.Kind != tt.kind || e.Code != tt.code || e.Matched != (tt.kind != "") {
				t.Errorf("ExplainText = matched %v kind %q code %d; want kind %q code %d", e.Matched, e.Kind, e.Code, tt.kind, tt.code)
			}
			if strings.Contains(strings.ToLower(e.Cause.EnUS), "busy") || strings.Contains(e.Cause.ZhCN, "繁忙") {
				t.Errorf("the SDK's errCode -1 was read as WeCom's -1: %s", e.Cause.EnUS)
			}
			if !strings.Contains(e.Cause.EnUS, tt.mention) {
				t.Errorf("the cause does not name %q: %s", tt.mention, e.Cause.EnUS)
			}
		})
	}
}

func TestExplainTextStillReadsTheServersErrcodeMinusOneAsWeComBusy(t *testing.T) {
	e := ExplainText(`{"errcode":-1,"errmsg":"system busy"}`)
	if e.Code != -1 || e.Kind != RuleErrcode || !strings.Contains(e.Cause.EnUS, "busy") {
		t.Errorf("ExplainText = %+v", e)
	}
}

// 42012 is the wrong ticket kind, an expired ticket shows as 40093 (doc 90455 / 96912;
// docs/wecom-facts.md).
func TestExplainTextDoesNotBlameAnExpiredTicketFor42012(t *testing.T) {
	e := ExplainText(`{"errMsg":"agentConfig:fail","err_msg":"ticket no available more info at https://open.work.weixin.qq.com/devtool/query?e=42012"}`)
	if e.Kind != RuleTicketUnavailable || strings.Contains(e.Cause.EnUS, "or the ticket expired") || !strings.Contains(e.Cause.EnUS, "40093") {
		t.Errorf("ExplainText = %s: %s", e.Kind, e.Cause.EnUS)
	}
}

func TestExplainTextExplainsTheCodesTheSandboxEmits(t *testing.T) {
	for code, tool := range map[string]string{"41002": ToolProfiles, "47001": "", "60111": "", "40096": "", "50100": "", "84074": "", "610004": ""} {
		e := ExplainText(`{"errcode":` + code + `,"errmsg":"x"}`)
		if !e.Matched || e.Kind != RuleErrcode || e.Tool != tool || !strings.Contains(e.Cause.EnUS, code) {
			t.Errorf("ExplainText(%s) = matched %v kind %q tool %q: %s", code, e.Matched, e.Kind, e.Tool, e.Cause.EnUS)
		}
	}
}

func TestExplainTextIgnoresTheSDKsMinusOneBesideLettersWhoseLowerCaseIsLonger(t *testing.T) {
	// "İ" (U+0130) lower-cases to three bytes with strings.ToLower.
	e := ExplainText(`{"errMsg":"shareAppMessage:fail","note":"İİ","errCode":-1}`)
	if e.Code != 0 || strings.Contains(e.Cause.EnUS, "busy") {
		t.Errorf("ExplainText = code %d: %s", e.Code, e.Cause.EnUS)
	}
}
