package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"wecomdev/internal/devserver"
	"wecomdev/internal/diagnose"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

// keysOf lists a JSON object's keys, sorted.
func keysOf(t *testing.T, m map[string]any) []string {
	t.Helper()
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func decode(t *testing.T, out string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return m
}

// addAcme adds a real (non-sandbox) profile on the rig's sandbox WeCom: its tickets are
// cached in the rig's keychain, so every command run sees the same ones.
func addAcme(t *testing.T, r *cliRig) {
	t.Helper()
	if code, _, errOut := r.run(t, "", "profile", "add", "acme", "--corp-id", sandbox.DefaultCorpID, "--agent-id", "1000002",
		"--api-base", r.base, "--trusted-domain", "h5.example.com"); code != ExitOK {
		t.Fatalf("profile add: %s", errOut)
	}
	if code, _, errOut := r.run(t, r.sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)+"\n", "secret", "set", "acme"); code != ExitOK {
		t.Fatalf("secret set: %s", errOut)
	}
}

func TestDiagnoseURLsPrintsExactlyMatchAndFindingsAndExitsOneOnADifference(t *testing.T) {
	r := newCLIRig(t)
	code, out, errOut := r.run(t, "", "diagnose", "--signed-url", "https://h5.example.com/p/#/x", "--page-url", "https://h5.example.com/p#/x", "--json", "--lang", "en-US")
	if code != ExitError || errOut != "" {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
	m := decode(t, out)
	if !slices.Equal(keysOf(t, m), []string{"findings", "match"}) || m["match"] != false {
		t.Fatalf("output %s", out)
	}
	var codes []string
	for _, f := range m["findings"].([]any) {
		f := f.(map[string]any)
		if !slices.Equal(keysOf(t, f), []string{"code", "fix", "message"}) || f["message"] == "" || f["fix"] == "" {
			t.Errorf("finding %v", f)
		}
		codes = append(codes, f["code"].(string))
	}
	if !slices.Equal(codes, []string{diagnose.CodeHashIncluded, diagnose.CodeTrailingSlash}) {
		t.Errorf("codes %v", codes)
	}

	code, out, _ = r.run(t, "", "diagnose", "--page-url", "https://h5.example.com/p#/x", "--signed-url", "https://h5.example.com/p", "--json")
	if code != ExitOK || strings.TrimSpace(out) != "{\n  \"match\": true,\n  \"findings\": []\n}" {
		t.Fatalf("a match: code %d, %s", code, out)
	}
}

func TestDiagnoseMessagesFollowLangThenTheEnvironment(t *testing.T) {
	r := newCLIRig(t)
	args := []string{"diagnose", "--signed-url", "https://h5.example.com/p?b=2&a=1", "--page-url", "https://h5.example.com/p?a=1&b=2", "--json"}
	message := func(extra ...string) string {
		t.Helper()
		_, out, _ := r.run(t, "", append(slices.Clone(args), extra...)...)
		return decode(t, out)["findings"].([]any)[0].(map[string]any)["message"].(string)
	}
	if m := message(); !strings.HasPrefix(m, "The same parameters") {
		t.Errorf("default: %q", m)
	}
	r.env["LANG"] = "zh_CN.UTF-8"
	if m := message(); !strings.ContainsFunc(m, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
		t.Errorf("LANG=zh_CN: %q", m)
	}
	if m := message("--lang", "en-US"); !strings.HasPrefix(m, "The same parameters") {
		t.Errorf("--lang en-US over LANG: %q", m)
	}
	r.env["LANGUAGE"] = "en_GB:zh_CN"
	if m := message(); !strings.HasPrefix(m, "The same parameters") {
		t.Errorf("LANGUAGE before LANG: %q", m)
	}
}

func TestDiagnoseURLsWithoutJSONShowsBothURLsAndEachFinding(t *testing.T) {
	r := newCLIRig(t)
	code, out, _ := r.run(t, "", "diagnose", "--signed-url", "https://h5.example.com/p?a=1&amp;b=2", "--page-url", "https://h5.example.com/p?a=1&b=2#top")
	if code != ExitError {
		t.Fatalf("code %d", code)
	}
	for _, s := range []string{"signed URL: https://h5.example.com/p?a=1&amp;b=2", "page URL:   https://h5.example.com/p?a=1&b=2#top",
		"verified:   https://h5.example.com/p?a=1&b=2 ", "1 difference(s)", "1. [HTML_ESCAPED] ", "   fix: "} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}
}

// signWithCLI signs a URL with `wecomdev sign` and returns its JSON.
func signWithCLI(t *testing.T, r *cliRig, profile, url string, agent bool) map[string]string {
	t.Helper()
	args := []string{"sign", profile, "--url", url, "--json"}
	if agent {
		args = append(args, "--agent")
	}
	code, out, errOut := r.run(t, "", args...)
	if code != ExitOK {
		t.Fatalf("sign: %d %s", code, errOut)
	}
	var s map[string]string
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDiagnoseAProfileSaysWhichTicketAndURLMadeASignature(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	page := "https://h5.example.com/app/?id=7#/orders"
	s := signWithCLI(t, r, "acme", page, true)
	forensics := func(page string, s map[string]string, extra ...string) (int, map[string]any) {
		t.Helper()
		args := append([]string{"diagnose", "acme", "--page-url", page, "--signature", s["signature"], "--timestamp", s["timestamp"], "--noncestr", s["nonceStr"], "--json", "--lang", "en-US"}, extra...)
		code, out, errOut := r.run(t, "", args...)
		if errOut != "" {
			t.Errorf("stderr %q", errOut)
		}
		for _, v := range r.kc.Values() {
			if len(v) >= 8 && strings.Contains(out, v) {
				t.Fatalf("the output contains a keychain value in clear")
			}
		}
		return code, decode(t, out)
	}

	code, v := forensics(page, s, "--agent")
	want := []string{"expectedSignString", "expectedSignature", "explanation", "findings", "fix", "signString", "ticket", "ticketCurrent",
		"ticketIssue", "ticketKind", "tried", "url", "variantCode", "verdict", "warnings"}
	if code != ExitOK || !slices.Equal(keysOf(t, v), want) {
		t.Fatalf("code %d, keys %v", code, keysOf(t, v))
	}
	if v["verdict"] != diagnose.VerdictOK || v["ticketKind"] != "agent" || v["ticketCurrent"] != true || v["url"] != "https://h5.example.com/app/?id=7" ||
		v["signString"] != s["signString"] || !strings.Contains(v["ticket"].(string), "…") || len(v["findings"].([]any)) != 0 {
		t.Fatalf("verdict %v\nsign %v", v, s)
	}

	code, v = forensics(page, s, "--config")
	if code != ExitError || v["verdict"] != diagnose.VerdictWrongTicketKind || !strings.Contains(v["explanation"].(string), "40093") || v["expectedSignature"] == "" {
		t.Fatalf("for wx.config: %d %v", code, v)
	}

	// A backend that signed the page with a trailing slash.
	s = signWithCLI(t, r, "acme", "https://h5.example.com/orders/", false)
	code, v = forensics("https://h5.example.com/orders", s, "--config")
	fs := v["findings"].([]any)
	if code != ExitError || v["verdict"] != diagnose.VerdictURLVariant || v["variantCode"] != diagnose.CodeTrailingSlash || len(fs) != 1 ||
		fs[0].(map[string]any)["code"] != diagnose.CodeTrailingSlash {
		t.Fatalf("trailing slash: %d %v", code, v)
	}

	// Without --json: the verdict, the ticket masked, the sign string.
	_, out, _ := r.run(t, "", "diagnose", "acme", "--page-url", "https://h5.example.com/orders", "--signature", s["signature"], "--timestamp", s["timestamp"], "--noncestr", s["nonceStr"])
	for _, w := range []string{"verdict:     URL_VARIANT", "ticket:      corp ", "signed URL:  \"https://h5.example.com/orders/\" (TRAILING_SLASH)", "sign string: jsapi_ticket=", "1. [TRAILING_SLASH]"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestDiagnoseTheSandboxProfileWithAStrangersSignatureSaysUnknownTicket(t *testing.T) {
	r := newCLIRig(t)
	sig := jssdk.Signature("not-a-ticket-the-console-has-seen", "abc123", "1700000000", "https://h5.example.com/")
	code, out, errOut := r.run(t, "", "diagnose", "sandbox", "--page-url", "https://h5.example.com/", "--signature", sig, "--timestamp", "1700000000", "--noncestr", "abc123", "--json")
	if code != ExitError || errOut != "" {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
	v := decode(t, out)
	if v["verdict"] != diagnose.VerdictUnknownTicket || v["signString"] != "" || v["tried"].(float64) == 0 || v["expectedSignature"] == "" {
		t.Fatalf("verdict %v", v)
	}
}

func TestExplainReadsArgumentsOrStandardInput(t *testing.T) {
	r := newCLIRig(t)
	code, out, _ := r.run(t, "", "explain", "agentConfig:invalid", "signature", "--json")
	e := decode(t, out)
	if code != ExitOK || e["matched"] != true || e["kind"] != diagnose.RuleInvalidSignature || e["call"] != "agentConfig" ||
		!strings.Contains(e["cause"].(map[string]any)["zh-CN"].(string), "应用 ticket") {
		t.Fatalf("code %d, %s", code, out)
	}

	code, out, _ = r.run(t, `{"errMsg":"config:fail","errcode":60020,"errmsg":"not allow to access from your ip, from ip: 203.0.113.7"}`, "explain", "-", "--lang", "en-US")
	if code != ExitOK || !strings.HasPrefix(out, "errcode (call config, errcode 60020)\ncause: ") || !strings.Contains(out, "203.0.113.7") || !strings.Contains(out, "doc:   ") {
		t.Fatalf("code %d, %s", code, out)
	}

	code, out, _ = r.run(t, "", "explain", "all", "good")
	if code != ExitError || !strings.HasPrefix(out, "not recognised\n") {
		t.Fatalf("code %d, %s", code, out)
	}
}

// `wecomdev explain` on what @wecom/jssdk really reports names the real cause, never
// "WeCom is busy" for the SDK's own errCode -1 (docs/wecom-facts.md, "Client errMsg texts
// and the explainer").
func TestExplainNamesTheRealCauseOfWhatTheSDKReports(t *testing.T) {
	r := newCLIRig(t)
	for _, tt := range []struct{ text, head string }{
		{`{"errMsg":"getCurExternalContact:fail without context of external contact","errCode":-1}`, diagnose.RuleNoEntryContext},
		{`{"errMsg":"selectExternalContact:no permission","errCode":-1}`, diagnose.RuleNoPermission},
		{`{"errmsg":"fail_no permission","errMsg":"getCurExternalContact:no permission","errCode":-1}`, diagnose.RuleNoPermission},
		{`{"errMsg":"config:corpid not found","errCode":-1}`, diagnose.RuleInvalidCorpID},
		{`{"errMsg":"config:fail","err_Info":"invalid signature more info at https://open.work.weixin.qq.com/devtool/query?e=40093","errCode":2}`, diagnose.RuleInvalidSignature},
		{`{"errMsg":"agentConfig:fail","hint":"Hint: '0404162454:fpjmyibrj7g:40093'. More info at https://open.work.weixin.qq.com/devtool/query?e=40093","errCode":-1}`, diagnose.RuleInvalidSignature},
	} {
		code, out, _ := r.run(t, tt.text, "explain", "-", "--lang", "en-US")
		if code != ExitOK || !strings.HasPrefix(out, tt.head+" ") || strings.Contains(out, "busy") || strings.Contains(out, "errcode -1") {
			t.Errorf("explain %s: code %d, %s", tt.text, code, out)
		}
	}
}

// devServerFor runs the console's own dev server for a profile, over the rig's data dir
// and keychain (so the tickets it signs with are the ones every command run sees).
func devServerFor(t *testing.T, r *cliRig, profile string) string {
	t.Helper()
	ctx := context.Background()
	eng, err := workspace.Open(ctx, r.dir, workspace.Options{Keychain: r.kc, Getenv: func(k string) string { return r.env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	b, err := eng.DevBackend(ctx, profile)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []jssdk.Kind{jssdk.KindCorp, jssdk.KindAgent} {
		if _, err := b.Ticket(ctx, k); err != nil { // cached in the keychain before the audit runs
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(devserver.New(b, devserver.Options{}).Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestAuditOfTheDevServerPassesAndAWrongTicketKindExitsOne(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	base := devServerFor(t, r, "acme")

	code, out, errOut := r.run(t, "", "audit", "acme", "--endpoint", base+devserver.PathAgentSignature+"?url={url}", "--agent", "--json")
	if code != ExitOK {
		t.Fatalf("code %d: %s\n%s", code, errOut, out)
	}
	var rep diagnose.AuditReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Failed != 0 || rep.Skipped != 0 || rep.Kind != jssdk.KindAgent || rep.PageBase != "https://h5.example.com/" || len(rep.Checks) != len(diagnose.AuditCheckCodes()) || len(rep.Calls) != 4 {
		t.Fatalf("report %+v", rep)
	}
	for _, v := range r.kc.Values() {
		if len(v) >= 8 && strings.Contains(out, v) {
			t.Fatalf("the report contains a keychain value in clear")
		}
	}

	code, out, _ = r.run(t, "", "audit", "--endpoint", base+devserver.PathConfigSignature+"?url={url}", "acme", "--agent", "--lang", "en-US")
	if code != ExitError {
		t.Fatalf("code %d\n%s", code, out)
	}
	for _, s := range []string{"FAIL  TICKET_KIND ", "Signed with the app ticket (wx.agentConfig", "WRONG_TICKET_KIND", "40093", "        fix: ", "PASS  HASH_CUT", "13 checks: 12 passed (0 with a warning), 1 failed, 0 skipped"} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}
}

func TestAuditOfAMillisecondEndpointFailsTimestampSeconds(t *testing.T) {
	r := newCLIRig(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintf(w, `{"timestamp":"%d","noncestr":"abc","signature":"%s"}`, time.Now().UnixMilli(), strings.Repeat("0", 40))
	}))
	t.Cleanup(srv.Close)
	code, out, _ := r.run(t, "", "audit", "sandbox", "--endpoint", srv.URL+"/sign?u={url}", "--json")
	if code != ExitError {
		t.Fatalf("code %d", code)
	}
	var rep diagnose.AuditReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range rep.Checks {
		got[c.Code] = c.Status
	}
	if got[diagnose.CheckTimestampSeconds] != diagnose.StatusFail || got[diagnose.CheckNonceStrSpelling] != diagnose.StatusFail || got[diagnose.CheckTicketKnown] != diagnose.StatusSkip {
		t.Fatalf("statuses %v", got)
	}
}

func TestBadDiagnoseExplainAndAuditCommandLinesNameTheFlag(t *testing.T) {
	r := newCLIRig(t)
	sig := strings.Repeat("a", 40)
	forensics := []string{"diagnose", "sandbox", "--page-url", "https://h5.example.com/", "--signature", sig, "--timestamp", "1700000000", "--noncestr", "n"}
	audit := []string{"audit", "sandbox", "--endpoint", "https://api.example.com/sign?url={url}"}
	tests := []struct {
		args    []string
		code    int
		mention string
	}{
		{[]string{"diagnose"}, ExitUsage, "give --signed-url and --page-url"},
		{[]string{"diagnose", "--signed-url", "https://a.com/"}, ExitUsage, "--page-url is required"},
		{[]string{"diagnose", "--signed-url", "", "--page-url", "https://a.com/"}, ExitUsage, "--signed-url is empty"},
		{[]string{"diagnose", "sandbox", "--signed-url", "https://a.com/", "--page-url", "https://a.com/"}, ExitUsage, "takes no profile NAME"},
		{[]string{"diagnose", "--signed-url", "https://a.com/", "--page-url", "https://a.com/", "--signature", sig}, ExitUsage, "--signature belongs to signature forensics"},
		{[]string{"diagnose", "--signed-url", "https://a.com/", "--page-url", "https://a.com/", "--lang", "fr"}, ExitUsage, `--lang "fr"`},
		{[]string{"diagnose", "sandbox", "--page-url", "https://h5.example.com/"}, ExitUsage, "--signature is required"},
		{append(slices.Clone(forensics), "--agent", "--config"), ExitUsage, "not both"},
		{append(slices.Clone(forensics), "--signature", "xyz"), ExitUsage, "--signature: want 40 hexadecimal characters"},
		{append(slices.Clone(forensics), "--timestamp", "1.7e9"), ExitUsage, "--timestamp: want Unix seconds"},
		{append(slices.Clone(forensics), "--noncestr", " "), ExitUsage, "--noncestr: "},
		{append(slices.Clone(forensics), "--page-url", ""), ExitUsage, "--page-url: "},
		{append([]string{"diagnose", "ghost"}, forensics[2:]...), ExitError, "no such profile"},
		{[]string{"explain"}, ExitUsage, "give the TEXT"},
		{[]string{"explain", "-"}, ExitUsage, "TEXT is empty"},
		{[]string{"audit", "--endpoint", "https://api.example.com/sign?url={url}"}, ExitUsage, "one profile NAME"},
		{[]string{"audit", "sandbox"}, ExitUsage, "--endpoint is required"},
		{[]string{"audit", "sandbox", "--endpoint", "https://api.example.com/sign"}, ExitUsage, "--endpoint: the template has no {url} placeholder"},
		{[]string{"audit", "sandbox", "--endpoint", "api.example.com/sign?url={url}"}, ExitUsage, "--endpoint: the template must be an absolute http:// or https:// URL"},
		{append(slices.Clone(audit), "--nonce-field", "data..nonceStr"), ExitUsage, "--nonce-field: "},
		{append(slices.Clone(audit), "--timestamp-field", "a b"), ExitUsage, "--timestamp-field: "},
		{append(slices.Clone(audit), "--signature-field", "."), ExitUsage, "--signature-field: "},
		{append(slices.Clone(audit), "--page-base", "ftp://h5.example.com/"), ExitUsage, "--page-base: "},
		{[]string{"audit", "ghost", "--endpoint", "https://api.example.com/sign?url={url}"}, ExitError, "no such profile"},
	}
	for _, tt := range tests {
		code, out, errOut := r.run(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.mention) || out != "" {
			t.Errorf("%q: code %d, stderr %q; want %d mentioning %q (stdout %q)", tt.args, code, errOut, tt.code, tt.mention, out)
		}
		if tt.code == ExitUsage && !strings.Contains(errOut, "Usage: wecomdev ") {
			t.Errorf("%q: no usage in %q", tt.args, errOut)
		}
	}
}
