package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"wecomdev/internal/secrets"
	"wecomdev/internal/tunnel"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

// cliRig runs commands against one data dir, an in-memory keychain and a sandbox WeCom,
// each command opening the workspace afresh as a new process would.
type cliRig struct {
	dir  string
	kc   *secrets.Memory
	sb   *sandbox.Server
	base string
	env  map[string]string
}

func newCLIRig(t *testing.T) *cliRig {
	t.Helper()
	r := &cliRig{dir: t.TempDir(), kc: secrets.NewMemory(), sb: sandbox.New(sandbox.Options{}), env: map[string]string{}}
	base, err := r.sb.Start()
	if err != nil {
		t.Fatal(err)
	}
	r.base = base
	t.Cleanup(func() { r.sb.Close() })
	return r
}

func (r *cliRig) run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return r.env[k] },
		OpenWorkspace: func(ctx context.Context) (*workspace.Workspace, error) {
			// the sandbox profile gets an in-process sandbox of its own, as in a real run
			return workspace.Open(ctx, r.dir, workspace.Options{Keychain: r.kc, Getenv: func(k string) string { return r.env[k] }})
		},
	}
	code := Run(env, args)
	return code, out.String(), errb.String()
}

func TestOfflineSignReproducesTheOfficialExample(t *testing.T) {
	r := newCLIRig(t)
	code, out, errOut := r.run(t, "", "sign", "--ticket", "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
		"--noncestr", "Wm3WZYTPz0wzccnW", "--timestamp", "1414587457", "--url", "http://mp.weixin.qq.com?params=value", "--json")
	if code != ExitOK {
		t.Fatalf("code %d: %s", code, errOut)
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"signString": "jsapi_ticket=sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url=http://mp.weixin.qq.com?params=value",
		"signature":  "0f9de62fce790f9a083d5c99e95740ceb90c27ed",
	}
	if len(got) != 2 || got["signString"] != want["signString"] || got["signature"] != want["signature"] {
		t.Fatalf("got %v\nwant %v", got, want)
	}
}

func TestAProfileFromAddToSignedURL(t *testing.T) {
	r := newCLIRig(t)
	secret := r.sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)
	if code, _, errOut := r.run(t, "", "profile", "add", "acme", "--corp-id", sandbox.DefaultCorpID, "--agent-id", "1000002",
		"--api-base", r.base, "--trusted-domain", "h5.example.com", "--trusted-domain", "dev.example.com"); code != ExitOK {
		t.Fatalf("profile add: %d %s", code, errOut)
	}
	if code, _, errOut := r.run(t, secret+"\n", "secret", "set", "acme"); code != ExitOK {
		t.Fatalf("secret set: %d %s", code, errOut)
	}

	code, out, _ := r.run(t, "", "profile", "list", "--json")
	var list []map[string]any
	if code != ExitOK || json.Unmarshal([]byte(out), &list) != nil || len(list) != 2 {
		t.Fatalf("profile list: %d %s", code, out)
	}
	acme := list[1]
	if acme["name"] != "acme" || acme["secret"] != "stored" || acme["agentId"] != float64(1000002) || len(acme["trustedDomains"].([]any)) != 2 || list[0]["sandbox"] != true {
		t.Fatalf("profile list: %s", out)
	}

	code, out, errOut := r.run(t, "", "sign", "acme", "--url", "https://h5.example.com/p?a=1#x", "--agent", "--json")
	if code != ExitOK {
		t.Fatalf("sign: %d %s", code, errOut)
	}
	var s map[string]string
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s["ticketKind"] != "agent" || s["url"] != "https://h5.example.com/p?a=1" || !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(s["signature"]) ||
		!strings.HasPrefix(s["signString"], "jsapi_ticket=") || !strings.Contains(s["signString"], "…") || s["timestamp"] == "" || s["nonceStr"] == "" {
		t.Fatalf("sign --json: %s", out)
	}
	if !strings.Contains(errOut, "URL_HAS_HASH") {
		t.Errorf("the cut hash was not warned about: %q", errOut)
	}

	code, out, _ = r.run(t, "", "tickets", "acme", "--json")
	var st map[string]any
	if code != ExitOK || json.Unmarshal([]byte(out), &st) != nil {
		t.Fatalf("tickets: %d %s", code, out)
	}
	budget := st["budget"].(map[string]any)
	if budget["app"].(map[string]any)["used"].(float64) < 2 || len(st["credentials"].([]any)) != 3 {
		t.Fatalf("tickets --json: %s", out)
	}
	for _, c := range st["credentials"].([]any) {
		c := c.(map[string]any)
		if c["state"] != "valid" || c["expiresAt"].(float64) == 0 {
			t.Errorf("credential %v", c)
		}
	}
	for _, leak := range append([]string{secret}, r.kc.Values()...) {
		if strings.Contains(out, leak) {
			t.Fatalf("tickets output contains a keychain value")
		}
	}

	if code, _, errOut := r.run(t, "", "profile", "remove", "acme"); code != ExitOK {
		t.Fatalf("profile remove: %d %s", code, errOut)
	}
	if keys := r.kc.Keys(); len(keys) != 0 {
		t.Fatalf("after remove the keychain holds %v", keys)
	}
}

func TestTheSandboxProfileWorksOutOfTheBox(t *testing.T) {
	r := newCLIRig(t)
	code, out, errOut := r.run(t, "", "sign", "sandbox", "--url", "https://h5.example.com/", "--json")
	if code != ExitOK || !strings.Contains(out, `"ticketKind": "corp"`) {
		t.Fatalf("sign sandbox: %d %s %s", code, out, errOut)
	}
}

func TestProfileEditReplacesTheSandboxsTrustedDomainsKeepingPortsAndLeavesTheRest(t *testing.T) {
	r := newCLIRig(t)
	code, out, errOut := r.run(t, "", "profile", "edit", "sandbox", "--trusted-domain", "H5.example.com", "--trusted-domain", "dev.example.com:8443", "--json")
	if code != ExitOK {
		t.Fatalf("profile edit: %d %s %s", code, out, errOut)
	}
	var p profileJSON
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	if !p.Sandbox || strings.Join(p.TrustedDomains, ",") != "h5.example.com,dev.example.com:8443" || p.CorpID == "" {
		t.Fatalf("after edit: %+v", p)
	}
	// A later command on the same data directory sees the list; --no-trusted-domains empties it.
	if code, out, errOut = r.run(t, "", "profile", "edit", "sandbox", "--no-trusted-domains"); code != ExitOK || !strings.Contains(out, "trusted domains: none") {
		t.Fatalf("profile edit --no-trusted-domains: %d %s %s", code, out, errOut)
	}
	if code, out, _ = r.run(t, "", "profile", "list", "--json"); code != ExitOK || strings.Contains(out, "example.com") {
		t.Fatalf("profile list after emptying: %d %s", code, out)
	}
}

func TestBadCommandLinesNameWhatIsWrong(t *testing.T) {
	r := newCLIRig(t)
	tests := []struct {
		args    []string
		code    int
		mention string
	}{
		{[]string{"profile"}, ExitUsage, "add, edit, list or remove"},
		{[]string{"profile", "edit", "sandbox"}, ExitUsage, "nothing to change"},
		{[]string{"profile", "edit", "sandbox", "--corp-id", "ww1"}, ExitUsage, "only its trusted domains"},
		{[]string{"profile", "edit", "sandbox", "--trusted-domain", "a.com", "--no-trusted-domains"}, ExitUsage, "contradict"},
		{[]string{"profile", "edit", "sandbox", "--trusted-domain", "10.0.0.1"}, ExitError, "IP address"},
		{[]string{"profile", "edit", "ghost", "--trusted-domain", "a.com"}, ExitError, "no such profile"},
		{[]string{"profile", "add", "x", "--agent-id", "1"}, ExitUsage, "--corp-id is required"},
		{[]string{"profile", "add", "x", "--corp-id", "ww1", "--agent-id", "abc"}, ExitUsage, `--agent-id "abc"`},
		{[]string{"profile", "add", "bad name", "--corp-id", "ww1", "--agent-id", "1"}, ExitError, "name"},
		{[]string{"profile", "add", "x", "--corp-id", "ww1", "--agent-id", "1", "--api-base", "qyapi.weixin.qq.com"}, ExitError, "https://"},
		{[]string{"profile", "add", "x", "--nope"}, ExitUsage, "-nope"},
		{[]string{"secret", "set"}, ExitUsage, "never from the command line"},
		{[]string{"secret", "set", "ghost"}, ExitError, "wecomdev profile list"},
		{[]string{"sign", "sandbox"}, ExitUsage, "--url is required"},
		{[]string{"sign", "sandbox", "--url", "https://a.com/\r\nx"}, ExitUsage, "line break"},
		{[]string{"sign", "--ticket", "t", "--url", "https://a.com/"}, ExitUsage, "needs --"},
		{[]string{"sign", "--url", "https://a.com/"}, ExitUsage, "give a profile NAME"},
		{[]string{"tickets"}, ExitUsage, "one profile NAME"},
		{[]string{"tickets", "ghost"}, ExitError, "no such profile"},
	}
	for _, tt := range tests {
		code, out, errOut := r.run(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.mention) {
			t.Errorf("%q: code %d, stderr %q; want %d mentioning %q (stdout %q)", tt.args, code, errOut, tt.code, tt.mention, out)
		}
	}
}

func TestAWeComErrorIsExplainedOnStderr(t *testing.T) {
	r := newCLIRig(t)
	r.run(t, "", "profile", "add", "acme", "--corp-id", sandbox.DefaultCorpID, "--agent-id", "1000002", "--api-base", r.base)
	r.run(t, "wrong-secret-value\n", "secret", "set", "acme")
	code, _, errOut := r.run(t, "", "tickets", "acme")
	if code != ExitError || !strings.Contains(errOut, "errcode 40001") || !strings.Contains(errOut, "fix:") || !strings.Contains(errOut, "?e=40001") {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
	r.env["LANG"] = "zh_CN.UTF-8"
	_, _, errOut = r.run(t, "", "tickets", "acme")
	if !strings.Contains(errOut, "管理后台") {
		t.Fatalf("zh explanation missing: %q", errOut)
	}
}

func TestSecretFromTheEnvironmentIsUsedAndNotStored(t *testing.T) {
	r := newCLIRig(t)
	r.run(t, "", "profile", "add", "ci", "--corp-id", sandbox.DefaultCorpID, "--agent-id", "1000002", "--api-base", r.base)
	r.env[workspace.EnvCorpSecret] = r.sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)
	code, _, errOut := r.run(t, "", "sign", "ci", "--url", "https://h5.example.com/")
	if code != ExitOK {
		t.Fatalf("%d %s", code, errOut)
	}
	for _, k := range r.kc.Keys() {
		if strings.HasSuffix(k, "corp-secret") {
			t.Fatalf("the environment's secret was stored as %s", k)
		}
	}
}

func TestSecretSetTunnelStoresATunnelSecretInTheKeychainWithoutPrintingIt(t *testing.T) {
	r := newCLIRig(t)
	code, out, errOut := r.run(t, "s3cret-pass\n", "secret", "set", "--tunnel", "ssh-passphrase")
	if code != ExitOK || strings.Contains(out+errOut, "s3cret-pass") {
		t.Fatalf("code %d: %q %q", code, out, errOut)
	}
	if v, err := r.kc.Get(context.Background(), tunnel.KeychainKey(tunnel.ItemSSHPassphrase)); err != nil || v != "s3cret-pass" {
		t.Errorf("keychain holds %q, %v", v, err)
	}
	if code, _, errOut := r.run(t, "x\n", "secret", "set", "--tunnel", "root-password"); code != ExitUsage || !strings.Contains(errOut, "ngrok-authtoken") {
		t.Errorf("unknown item: %d %s", code, errOut)
	}
	if code, _, _ := r.run(t, "", "secret", "delete", "--tunnel", "ssh-passphrase"); code != ExitOK {
		t.Errorf("delete: %d", code)
	}
	if _, err := r.kc.Get(context.Background(), tunnel.KeychainKey(tunnel.ItemSSHPassphrase)); err == nil {
		t.Error("still stored after delete")
	}
}
