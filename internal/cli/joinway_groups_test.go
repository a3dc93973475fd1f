package cli

import (
	"slices"
	"strings"
	"testing"

	"wecomdev/internal/wecom/sandbox"
)

func TestGroupsListsTheCustomerGroupsAndGroupShowsWhichStateEachMemberCameBy(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	code, out, errOut := r.run(t, "", "joinway", "groups", "acme", "--all", "--limit", "2", "--json")
	if code != ExitOK {
		t.Fatalf("groups: %d %s", code, errOut)
	}
	var ids []string
	for _, g := range decode(t, out)["groups"].([]any) {
		ids = append(ids, g.(map[string]any)["chatId"].(string))
	}
	for _, want := range []string{sandbox.ChatSales, sandbox.ChatAfterSales, sandbox.ChatPool1, sandbox.ChatPool2, sandbox.ChatPool3} {
		if !slices.Contains(ids, want) {
			t.Errorf("groups --all lacks %s: %v", want, ids)
		}
	}
	code, out, errOut = r.run(t, "", "joinway", "group", "acme", sandbox.ChatSales, "--json")
	if code != ExitOK {
		t.Fatalf("group: %d %s", code, errOut)
	}
	g := decode(t, out)
	found := false
	for _, m := range g["members"].([]any) {
		m := m.(map[string]any)
		if m["userId"] == sandbox.CustomerChen {
			found = m["state"] == "sandbox-qr-1" && m["type"] == "customer"
		}
	}
	if g["name"] != "销售客服群" || !found {
		t.Errorf("group: %s", out)
	}
	code, out, _ = r.run(t, "", "joinway", "group", "acme", sandbox.ChatSales)
	if code != ExitOK || !strings.Contains(out, "sandbox-qr-1") || !strings.Contains(out, "STATE") {
		t.Errorf("group as text: %s", out)
	}
}
