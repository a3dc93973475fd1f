package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"wecomdev/internal/callback"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

func newKeys() callback.Keys {
	return callback.Keys{Token: callback.GenerateToken(), EncodingAESKey: callback.GenerateAESKey()}
}

// noKeysIn fails when a key value appears in any of the outputs.
func noKeysIn(t *testing.T, k callback.Keys, outs ...string) {
	t.Helper()
	for _, o := range outs {
		if strings.Contains(o, k.Token) || strings.Contains(o, k.EncodingAESKey) {
			t.Fatalf("a callback key is printed:\n%s", o)
		}
	}
}

func TestCallbackSetReadsTwoLinesAndShowPrintsThemMasked(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	k := newKeys()
	code, out, errOut := r.run(t, k.Token+"\n"+k.EncodingAESKey+"\n", "callback", "set", "acme")
	if code != ExitOK || !strings.Contains(out, "OS keychain") {
		t.Fatalf("set: %d %s %s", code, out, errOut)
	}
	noKeysIn(t, k, out, errOut)

	code, out, errOut = r.run(t, "", "callback", "show", "acme", "--json")
	if code != ExitOK {
		t.Fatalf("show: %s", errOut)
	}
	noKeysIn(t, k, out, errOut)
	var got map[string]string
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"profile": "acme", "url": "", "path": "/__wecomdev/callback", "keys": "stored", "token": callback.Mask(k.Token),
		"encodingAESKey": callback.Mask(k.EncodingAESKey), "receiveId": sandbox.DefaultCorpID}
	for key, v := range want {
		if got[key] != v {
			t.Errorf("%s = %q, want %q", key, got[key], v)
		}
	}

	code, out, _ = r.run(t, "", "callback", "show", "acme", "--public-url", "https://abc.tunnel.example/")
	if code != ExitOK || !strings.Contains(out, "https://abc.tunnel.example/__wecomdev/callback") || !strings.Contains(out, callback.Mask(k.Token)) {
		t.Fatalf("show: %s", out)
	}
	noKeysIn(t, k, out)
}

func TestCallbackSetRefusesABadKeyAndAMissingLine(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	code, _, errOut := r.run(t, "tok\nshortkey\n", "callback", "set", "acme")
	if code != ExitError || !strings.Contains(errOut, "43 characters") || strings.Contains(errOut, "shortkey") {
		t.Fatalf("%d %s", code, errOut)
	}
	code, _, errOut = r.run(t, "onlyonetoken\n", "callback", "set", "acme")
	if code != ExitError || !strings.Contains(errOut, "line 2") || strings.Contains(errOut, "onlyonetoken") {
		t.Fatalf("%d %s", code, errOut)
	}
	if _, out, _ := r.run(t, "", "callback", "show", "acme", "--json"); !strings.Contains(out, `"keys": "missing"`) {
		t.Fatalf("%s", out)
	}
}

func TestCallbackGeneratePrintsTheNewKeysOnlyToATerminal(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	code, out, errOut := r.run(t, "", "callback", "set", "acme", "--generate")
	if code != ExitOK || !strings.Contains(out, "not a terminal") {
		t.Fatalf("%d %s %s", code, out, errOut)
	}
	values := r.kc.Values()
	for _, v := range values {
		if strings.Contains(v, "encodingAESKey") && (strings.Contains(out, v) || strings.Contains(out, v[10:40])) {
			t.Fatalf("printed into a pipe: %s", out)
		}
	}
	var stored callback.Keys
	for _, v := range values {
		var item struct{ Token, EncodingAESKey string }
		if json.Unmarshal([]byte(v), &item) == nil && item.EncodingAESKey != "" {
			stored = callback.Keys{Token: item.Token, EncodingAESKey: item.EncodingAESKey}
		}
	}
	if len(stored.EncodingAESKey) != 43 || len(stored.Token) != 32 {
		t.Fatalf("stored %v", stored)
	}
	noKeysIn(t, stored, out, errOut)

	old := stdoutIsTerminal
	stdoutIsTerminal = func(io.Writer) bool { return true }
	t.Cleanup(func() { stdoutIsTerminal = old })
	code, out, _ = r.run(t, "", "callback", "set", "acme", "--generate")
	if code != ExitOK || !strings.Contains(out, "shown this once") || strings.Count(out, "EncodingAESKey: ") != 1 {
		t.Fatalf("%s", out)
	}
	if strings.Contains(out, stored.EncodingAESKey) {
		t.Fatal("the second --generate printed the first keys")
	}
}

func TestCallbackShowRevealRefusesAPipe(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	k := newKeys()
	r.run(t, k.Token+"\n"+k.EncodingAESKey+"\n", "callback", "set", "acme")
	code, out, errOut := r.run(t, "", "callback", "show", "acme", "--reveal")
	if code != ExitUsage {
		t.Fatalf("%d", code)
	}
	noKeysIn(t, k, out, errOut)
}

func TestCallbackEnvironmentVariablesStandInAndAreNamed(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	k := newKeys()
	r.env[workspace.EnvCallbackToken], r.env[workspace.EnvCallbackAESKey] = k.Token, k.EncodingAESKey
	code, out, errOut := r.run(t, "", "callback", "show", "acme")
	if code != ExitOK || !strings.Contains(out, "from "+workspace.EnvCallbackToken) {
		t.Fatalf("%d %s %s", code, out, errOut)
	}
	noKeysIn(t, k, out, errOut)
}

// a callback handler that answers as a WeCom developer's server should, or with a BOM
func callbackServer(t *testing.T, k callback.Keys, bom bool) string {
	t.Helper()
	c, err := callback.NewCrypter(k.Token, k.EncodingAESKey, sandbox.DefaultCorpID)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		q := req.URL.Query()
		if req.Method == http.MethodGet {
			plain, err := c.VerifyURL(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), q.Get("echostr"))
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			if bom {
				w.Write([]byte("\uFEFF"))
			}
			w.Write(plain)
			return
		}
		io.WriteString(w, "success")
	}))
	t.Cleanup(ts.Close)
	return ts.URL + "/wecom/callback"
}

func TestCallbackProbeExitsZeroForARightServerAndOneWithTheCauseForAWrongOne(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	k := newKeys()
	r.run(t, k.Token+"\n"+k.EncodingAESKey+"\n", "callback", "set", "acme")

	code, out, errOut := r.run(t, "", "callback", "probe", "acme", "--url", callbackServer(t, k, false), "--lang", "en-US")
	if code != ExitOK || !strings.Contains(out, "PASS  get_answer") || !strings.Contains(out, "would pass") {
		t.Fatalf("%d\n%s\n%s", code, out, errOut)
	}
	noKeysIn(t, k, out, errOut)

	code, out, errOut = r.run(t, "", "callback", "probe", "acme", "--url", callbackServer(t, k, true), "--lang", "zh-CN")
	if code != ExitError || !strings.Contains(out, "FAIL  get_answer") || !strings.Contains(out, "BOM") || !strings.Contains(out, "-30065") {
		t.Fatalf("%d\n%s\n%s", code, out, errOut)
	}
	noKeysIn(t, k, out, errOut)

	code, out, _ = r.run(t, "", "callback", "probe", "acme", "--url", callbackServer(t, k, true), "--json")
	var rep callback.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != ExitError || rep.OK {
		t.Fatalf("%v %d %s", err, code, out)
	}
	noKeysIn(t, k, out)
}

func TestCallbackProbeWithoutKeysOrURLSaysWhatIsMissing(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	if code, _, errOut := r.run(t, "", "callback", "probe", "acme"); code != ExitUsage || !strings.Contains(errOut, "--url is required") {
		t.Fatalf("%d %s", code, errOut)
	}
	if code, _, errOut := r.run(t, "", "callback", "probe", "acme", "--url", "https://example.com/cb"); code != ExitError || !strings.Contains(errOut, "wecomdev callback set acme") {
		t.Fatalf("%d %s", code, errOut)
	}
	k := newKeys()
	r.run(t, k.Token+"\n"+k.EncodingAESKey+"\n", "callback", "set", "acme")
	if code, _, errOut := r.run(t, "", "callback", "probe", "acme", "--url", "example.com/cb"); code != ExitUsage || !strings.Contains(errOut, "http") {
		t.Fatalf("%d %s", code, errOut)
	}
}

func TestCallbackDeleteRemovesTheKeys(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	k := newKeys()
	r.run(t, k.Token+"\n"+k.EncodingAESKey+"\n", "callback", "set", "acme")
	if code, _, errOut := r.run(t, "", "callback", "delete", "acme"); code != ExitOK {
		t.Fatal(errOut)
	}
	for _, v := range r.kc.Values() {
		if strings.Contains(v, k.EncodingAESKey) {
			t.Fatal("still stored")
		}
	}
}
