package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProfileAddRefusesPlainHTTPToAHostThatIsNotLoopbackAndSaysHowToFixIt(t *testing.T) {
	r := newCLIRig(t)
	code, _, errOut := r.run(t, "", "profile", "add", "acme", "--corp-id", "ww1", "--agent-id", "1000002", "--api-base", "http://10.0.0.5")
	if code != ExitError || !strings.Contains(errOut, "plain http") || !strings.Contains(errOut, "use https://") {
		t.Fatalf("profile add --api-base http://10.0.0.5: code %d, stderr %q", code, errOut)
	}
	if _, out, _ := r.run(t, "", "profile", "list", "--json"); strings.Contains(out, "acme") {
		t.Fatalf("the refused profile was stored: %s", out)
	}
	if code, _, errOut := r.run(t, "", "profile", "add", "local", "--corp-id", "ww1", "--agent-id", "1000002", "--api-base", r.base); code != ExitOK {
		t.Fatalf("a loopback http API base (%s) was refused: %d %s", r.base, code, errOut)
	}
}

// echoingWeCom is a WeCom on loopback whose errmsg echoes the credential each request
// carried as a bare value: gettoken refuses corp "wwbadsecret" quoting the secret; for any
// other corp it hands out token, and every later call is refused quoting that token
// (add_join_way as "system busy", which the join-way registry writes to SQLite).
func echoingWeCom(t *testing.T, token string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		answer := map[string]any{"errcode": 48002, "errmsg": "api forbidden for token " + q.Get("access_token") + ", hint: [" + q.Get("access_token") + "]"}
		if strings.HasSuffix(r.URL.Path, "/add_join_way") { // busy: the registry keeps the error as the pending entry's last_error
			answer = map[string]any{"errcode": -1, "errmsg": "system busy, token " + q.Get("access_token")}
		}
		if strings.HasSuffix(r.URL.Path, "/gettoken") {
			answer = map[string]any{"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200}
			if q.Get("corpid") == "wwbadsecret" {
				answer = map[string]any{"errcode": 40001, "errmsg": "invalid credential, secret " + q.Get("corpsecret") + " is wrong"}
			}
		}
		_ = json.NewEncoder(w).Encode(answer)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestAWeComErrmsgThatEchoesTheSecretOrTheTokenReachesNoOutputAndNoFile(t *testing.T) {
	r := newCLIRig(t)
	const secret, token = "Corp-Secret-Echoed-0123456789", "Access-Token-Echoed-9876543210"
	base := echoingWeCom(t, token)
	r.env["WECOMDEV_CORP_SECRET"] = secret
	for _, p := range [][]string{{"badsecret", "wwbadsecret"}, {"badtoken", "wwbadtoken"}} {
		if code, _, errOut := r.run(t, "", "profile", "add", p[0], "--corp-id", p[1], "--agent-id", "1000002", "--api-base", base); code != ExitOK {
			t.Fatalf("profile add %s: %d %s", p[0], code, errOut)
		}
	}
	var seen strings.Builder
	for _, args := range [][]string{
		{"tickets", "badsecret", "--json"}, // gettoken's errmsg quotes the secret
		{"tickets", "badtoken", "--json"},  // get_jsapi_ticket's errmsg quotes the token
		{"joinway", "ensure", "badtoken", "--state", "s1", "--chat-id", "wrOgQhDgAAAA", "--json"}, // the registry keeps its last error in SQLite
	} {
		code, out, errOut := r.run(t, "", args...)
		if code == ExitOK || !strings.Contains(errOut, "errcode") {
			t.Fatalf("%q: code %d, stderr %q; want WeCom's refusal", args, code, errOut)
		}
		seen.WriteString(out + errOut)
		if args[0] == "tickets" {
			var st struct {
				LastError *struct{ Message string } `json:"lastError"`
			}
			if json.Unmarshal([]byte(out), &st) != nil || st.LastError == nil || !strings.Contains(st.LastError.Message, "errcode") {
				t.Fatalf("%q: no lastError in %s", args, out)
			}
		}
	}
	for _, leak := range []string{secret, token} {
		if strings.Contains(seen.String(), leak) {
			t.Errorf("the output carries %q:\n%s", leak, seen.String())
		}
	}
	files, _ := filepath.Glob(filepath.Join(r.dir, "*"))
	stored := false
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			continue // a directory
		}
		stored = stored || strings.Contains(string(raw), "system busy, token")
		for _, leak := range []string{secret, token} {
			if strings.Contains(string(raw), leak) {
				t.Errorf("%s carries %q", filepath.Base(f), leak)
			}
		}
	}
	if !stored {
		t.Errorf("no file in %s holds add_join_way's errmsg: the SQLite check saw nothing to check", r.dir)
	}
}
