package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestServeJSONShowsEachOAuthStepWithTheUserIDAndFlagsASecondUseNeverPrintingTheCode(t *testing.T) {
	r := newCLIRig(t)
	s := r.serve(t, "sandbox", "--addr", "127.0.0.1:0", "--json", "--emulate")
	ev := s.next(t)
	base := ev["url"].(string)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(base + "/connect/oauth2/authorize?appid=ww5a4db0c500000001&redirect_uri=" +
		url.QueryEscape(base+"/page") + "&response_type=code&scope=snsapi_base&state=e2e#wechat_redirect")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: HTTP %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	code := loc.Query().Get("code")
	for range 2 {
		resp, err := http.Get(base + "/api/oauth/userinfo?code=" + url.QueryEscape(code))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	var raw []string
	var steps []map[string]any
	for len(steps) < 3 {
		e := s.next(t)
		b, _ := json.Marshal(e)
		raw = append(raw, string(b))
		if e["event"] == "request" && e["oauth"] != nil {
			steps = append(steps, e)
		}
	}
	if steps[0]["endpoint"] != "oauth-authorize" || steps[1]["endpoint"] != "oauth-userinfo" {
		t.Fatalf("steps: %v", raw)
	}
	if o := steps[1]["oauth"].(map[string]any); o["userid"] == "" || o["userid"] == nil {
		t.Errorf("the exchange does not name the userid: %v", steps[1])
	}
	o := steps[2]["oauth"].(map[string]any)
	f, _ := o["finding"].(map[string]any)
	if steps[2]["code"] != "WECOM_40029" || f == nil || f["code"] != "OAUTH_CODE_REUSED" || f["firstUse"] == nil {
		t.Errorf("the second use is not flagged: %v", steps[2])
	}
	for _, l := range raw {
		if strings.Contains(l, code) {
			t.Fatalf("the code appears on the --json stream: %s", l)
		}
	}
}
