package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

const cliGoodOAuth = "https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww1234567890abcdef&redirect_uri=https%3A%2F%2Fh5.example.com%2Flogin&response_type=code&scope=snsapi_base&state=a1&agentid=1000002#wechat_redirect"

// addOAuthProfile makes a rig with a profile p (ww1234567890abcdef, 1000002, h5.example.com)
// and returns its runner.
func addOAuthProfile(t *testing.T) func(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	r := newCLIRig(t)
	if code, _, errOut := r.run(t, "", "profile", "add", "p", "--corp-id", "ww1234567890abcdef", "--agent-id", "1000002", "--trusted-domain", "h5.example.com"); code != ExitOK {
		t.Fatalf("profile add: %d %s", code, errOut)
	}
	return func(t *testing.T, args ...string) (int, string, string) { t.Helper(); return r.run(t, "", args...) }
}

func TestOAuthURLBuildsTheProfilesAuthorizeURL(t *testing.T) {
	run := addOAuthProfile(t)
	code, out, errOut := run(t, "oauth", "url", "p", "--redirect", "https://h5.example.com/login", "--state", "a1")
	if code != ExitOK || out != cliGoodOAuth+"\n" || errOut != "" {
		t.Fatalf("code %d\nstdout %q\nstderr %q", code, out, errOut)
	}
	code, out, _ = run(t, "oauth", "url", "p", "--redirect", "https://h5.example.com:8080/login", "--scope", "snsapi_privateinfo", "--json")
	var v oauthURLJSON
	if err := json.Unmarshal([]byte(out), &v); code != ExitOK || err != nil {
		t.Fatalf("code %d, %v: %s", code, err, out)
	}
	if !strings.Contains(v.URL, "scope=snsapi_privateinfo&state=&agentid=1000002#wechat_redirect") ||
		len(v.Findings) != 1 || v.Findings[0].Code != "OAUTH_REDIRECT_UNTRUSTED" || v.Findings[0].Severity != "error" {
		t.Fatalf("got %+v", v)
	}
}

func TestOAuthURLRefusesWhatWeComRefusesAsAUsageError(t *testing.T) {
	run := addOAuthProfile(t)
	for _, args := range [][]string{
		{"oauth", "url", "p", "--redirect", "https://h5.example.com/", "--state", "a-b"},
		{"oauth", "url", "p", "--redirect", "https://h5.example.com/", "--scope", "snsapi_userinfo"},
		{"oauth", "url", "p", "--redirect", "https://h5.example.com/#/login"},
		{"oauth", "url", "p"},
		{"oauth", "url", "--redirect", "https://h5.example.com/"},
		{"oauth"},
		{"oauth", "check"},
	} {
		code, out, errOut := run(t, args...)
		if code != ExitUsage || out != "" || !strings.Contains(errOut, "Usage: wecomdev oauth") {
			t.Errorf("%v: code %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	if code, _, errOut := run(t, "oauth", "url", "nope", "--redirect", "https://h5.example.com/"); code != ExitError || !strings.Contains(errOut, "no such profile") {
		t.Errorf("unknown profile: %d %q", code, errOut)
	}
}

func TestDiagnoseOAuthExitsOneOnAnErrorAndZeroOnWarnings(t *testing.T) {
	run := addOAuthProfile(t)
	if code, out, _ := run(t, "diagnose", "oauth", "p", "--url", cliGoodOAuth); code != ExitOK || !strings.Contains(out, "follows WeCom's rules") {
		t.Fatalf("a good URL: %d %s", code, out)
	}
	// Without a profile, the trusted domains are not checked: a warning, exit 0.
	if code, out, _ := run(t, "diagnose", "oauth", "--url", cliGoodOAuth); code != ExitOK || !strings.Contains(out, "warn [OAUTH_NO_TRUSTED_DOMAINS]") {
		t.Fatalf("no profile: %d %s", code, out)
	}
	bad := strings.Replace(strings.Replace(cliGoodOAuth, "h5.example.com", "h5.example.com%3A8443", 1), "agentid=1000002", "agentid=null", 1)
	code, out, _ := run(t, "diagnose", "oauth", "p", "--url", bad, "--json", "--lang", "zh-CN")
	var v oauthCheckJSON
	if err := json.Unmarshal([]byte(out), &v); code != ExitError || err != nil || v.OK {
		t.Fatalf("code %d, %v: %s", code, err, out)
	}
	var got []string
	for _, f := range v.Findings {
		got = append(got, f.Code)
	}
	if strings.Join(got, " ") != "OAUTH_REDIRECT_UNTRUSTED OAUTH_AGENTID_INVALID" || !strings.Contains(v.Findings[0].Message, "可信域名") || v.Findings[0].Evidence != "h5.example.com:8443" {
		t.Fatalf("findings %+v", v.Findings)
	}
}

func TestDiagnoseOAuthNeverPrintsAnOAuthCode(t *testing.T) {
	u := strings.Replace(cliGoodOAuth, "%2Flogin", "%2Flogin%3Fcode%3DSECRETCODE42", 1) + "&code=SECRETCODE42"
	for _, args := range [][]string{{"diagnose", "oauth", "--url", u}, {"diagnose", "oauth", "--url", u, "--json"},
		{"diagnose", "oauth", "--url", "https://h5.example.com/login?code=SECRETCODE42&state=a1"}} {
		_, out, errOut := run(t, args...)
		if strings.Contains(out+errOut, "SECRETCODE42") {
			t.Errorf("%v prints the code:\n%s%s", args, out, errOut)
		}
	}
}

func TestDiagnoseOAuthNeedsAURL(t *testing.T) {
	code, _, errOut := run(t, "diagnose", "oauth", "p")
	if code != ExitUsage || !strings.Contains(errOut, "--url is required") {
		t.Fatalf("%d %q", code, errOut)
	}
}
