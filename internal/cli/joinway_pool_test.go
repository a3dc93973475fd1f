package cli

import (
	"strings"
	"testing"

	"wecomdev/internal/wecom/sandbox"
)

func TestThePoolWarnsWhenItRunsLowAndReleaseGivesTheGroupBack(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	if code, _, errOut := r.run(t, "", "joinway", "pool", "acme", "threshold", "2"); code != ExitOK {
		t.Fatalf("threshold: %d %s", code, errOut)
	}
	code, out, errOut := r.run(t, "", "joinway", "pool", "acme", "add", sandbox.ChatPool1, sandbox.ChatPool2, sandbox.ChatPool3, "--json")
	if code != ExitOK || strings.Contains(errOut, "warning") {
		t.Fatalf("add: %d %s %s", code, out, errOut)
	}
	pool := decode(t, out)["pool"].(map[string]any)
	if pool["free"] != 3.0 || pool["threshold"] != 2.0 || pool["low"] != false {
		t.Fatalf("after add: %v", pool)
	}

	code, out, errOut = r.run(t, "", "joinway", "pool", "acme", "take", "cust-1", "--json")
	if code != ExitOK || strings.Contains(errOut, "warning") {
		t.Fatalf("first take: %d %s %s", code, out, errOut)
	}
	first := decode(t, out)
	if first["chatId"] != sandbox.ChatPool1 || first["state"] != "cust-1" || first["configId"] == "" || first["joinLink"] == "" {
		t.Fatalf("first take: %s", out)
	}

	code, out, errOut = r.run(t, "", "joinway", "pool", "acme", "take", "cust-2", "--json")
	if code != ExitOK {
		t.Fatalf("second take: %d %s", code, errOut)
	}
	if pool := decode(t, out)["pool"].(map[string]any); pool["low"] != true || pool["free"] != 1.0 {
		t.Fatalf("second take: %s", out)
	}
	if !strings.Contains(errOut, "only 1 free group left (threshold 2)") || !strings.Contains(errOut, "`wecomdev joinway pool acme add`") {
		t.Errorf("no low-pool warning: %q", errOut)
	}

	code, out, errOut = r.run(t, "", "joinway", "pool", "acme", "release", "cust-1", "--json")
	if code != ExitOK {
		t.Fatalf("release: %d %s", code, errOut)
	}
	if pool := decode(t, out)["pool"].(map[string]any); pool["free"] != 2.0 || pool["low"] != false {
		t.Fatalf("release: %s", out)
	}
	_, out, _ = r.run(t, "", "joinway", "pool", "acme", "list", "--json")
	for _, g := range decode(t, out)["groups"].([]any) {
		g := g.(map[string]any)
		if g["chatId"] == sandbox.ChatPool1 && (g["free"] != true || g["label"] != nil) {
			t.Errorf("the released group is not free: %v", g)
		}
	}
	// The released group's join way is gone at WeCom and from the registry.
	_, out, _ = r.run(t, "", "joinway", "list", "acme", "--json")
	if strings.Contains(out, first["configId"].(string)) {
		t.Errorf("the released join way is still listed: %s", out)
	}
}
