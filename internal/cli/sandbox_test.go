package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"wecomdev/internal/joinway"
	"wecomdev/internal/profiles"
	"wecomdev/internal/secrets"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

// runProcess runs one wecomdev command in a process of its own (this test binary as the
// CLI, see TestRunsTheCLIAsTheChildProcessOfAnotherTest) on the data directory dir, and
// returns its first JSON value on stdout.
func runProcess(t *testing.T, dir string, args ...string) map[string]any {
	t.Helper()
	raw, _ := json.Marshal(args)
	child := exec.Command(os.Args[0], "-test.run=^TestRunsTheCLIAsTheChildProcessOfAnotherTest$")
	child.Env = append(os.Environ(), childEnv+"=1", childDirEnv+"="+dir, childArgsEnv+"="+string(raw))
	var out, errOut bytes.Buffer
	child.Stdout, child.Stderr = &out, &errOut
	if err := child.Run(); err != nil {
		t.Fatalf("wecomdev %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), errOut.String())
	}
	var v map[string]any
	if err := json.NewDecoder(&out).Decode(&v); err != nil {
		t.Fatalf("wecomdev %s: no JSON on stdout: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return v
}

func TestTwoProcessesOnOneDataDirectoryShareTheSandboxUntilItIsReset(t *testing.T) {
	r := newCLIRig(t) // r.run: a fresh engine per command, its sandbox on the data directory
	const page = "https://h5.example.com/app/?from=menu"

	// The first process makes two join ways and signs a page.
	first := runProcess(t, r.dir, "joinway", "ensure", "sandbox", "--state", "s1", "--chat-id", sandbox.ChatSales, "--json")
	kept := runProcess(t, r.dir, "joinway", "ensure", "sandbox", "--state", "s2", "--chat-id", sandbox.ChatSales, "--json")
	signed := runProcess(t, r.dir, "sign", "sandbox", "--url", page, "--json")
	id, keptID := first["configId"].(string), kept["configId"].(string)
	diagnoseArgs := []string{"diagnose", "sandbox", "--page-url", page, "--signature", signed["signature"].(string),
		"--timestamp", signed["timestamp"].(string), "--noncestr", signed["nonceStr"].(string), "--config", "--json"}

	// A second process finds the join way, updates it and deletes it.
	code, out, errOut := r.run(t, "", "joinway", "get", "sandbox", id, "--json")
	if code != ExitOK || !strings.Contains(out, sandbox.ChatSales) {
		t.Fatalf("get in a second process: %d %s %s", code, out, errOut)
	}
	second, err := workspace.Open(t.Context(), r.dir, workspace.Options{Keychain: secrets.NewMemory()})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := second.JoinWays(t.Context(), profiles.SandboxName, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := joinway.DefaultConfig()
	c.State, c.ChatIDs = "s1", []string{sandbox.ChatAfterSales}
	if _, err := svc.Update(t.Context(), id, c); err != nil {
		t.Fatalf("update in a second process: %v", err)
	}
	second.Close()
	if _, out, _ := r.run(t, "", "joinway", "get", "sandbox", id, "--json"); !strings.Contains(out, sandbox.ChatAfterSales) {
		t.Fatalf("get after the update shows %s", out)
	}
	if code, _, errOut := r.run(t, "", "joinway", "delete", "sandbox", id); code != ExitOK {
		t.Fatalf("delete in a second process: %d %s", code, errOut)
	}
	if code, _, errOut := r.run(t, "", "joinway", "get", "sandbox", id); code != ExitError || !strings.Contains(errOut, "41044") {
		t.Fatalf("get after delete: %d %s, want 41044", code, errOut)
	}

	// A second process's diagnose recognises the first one's signature.
	code, out, errOut = r.run(t, "", diagnoseArgs...)
	if code != ExitOK || decode(t, out)["verdict"] != "OK" {
		t.Fatalf("diagnose in a second process: %d %s %s", code, out, errOut)
	}

	// After the reset, neither the join way nor the ticket exists.
	code, out, errOut = r.run(t, "", "sandbox", "reset")
	if code != ExitOK || !strings.Contains(out, "starts over") {
		t.Fatalf("sandbox reset: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := r.run(t, "", "joinway", "get", "sandbox", keptID); code != ExitError || !strings.Contains(errOut, "41044") {
		t.Fatalf("get after the reset: %d %s, want 41044", code, errOut)
	}
	if _, out, _ := r.run(t, "", "joinway", "list", "sandbox", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("the registry still lists %s after the reset", out)
	}
	code, out, errOut = r.run(t, "", diagnoseArgs...)
	if code != ExitError || decode(t, out)["verdict"] != "UNKNOWN_TICKET" {
		t.Fatalf("diagnose after the reset: %d %s %s, want UNKNOWN_TICKET", code, out, errOut)
	}
}

func TestSandboxTakesOnlyReset(t *testing.T) {
	r := newCLIRig(t)
	for _, args := range [][]string{{"sandbox"}, {"sandbox", "wipe"}, {"sandbox", "reset", "now"}} {
		if code, _, errOut := r.run(t, "", args...); code != ExitUsage || !strings.Contains(errOut, "Usage: wecomdev sandbox reset") {
			t.Errorf("%v: %d %s", args, code, errOut)
		}
	}
	if _, out, _ := r.run(t, "", "help"); !strings.Contains(out, "sandbox ") {
		t.Errorf("help does not list the sandbox command:\n%s", out)
	}
}
