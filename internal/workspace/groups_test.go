package workspace

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"wecomdev/internal/devserver"
	"wecomdev/internal/profiles"
	"wecomdev/internal/secrets"
	"wecomdev/internal/wecom"
	"wecomdev/internal/wecom/sandbox"
)

// emulatorInvoke calls a client API through a dev server's emulator, as the emulator
// page does from the developer's desktop browser.
func emulatorInvoke(t *testing.T, srv *httptest.Server, api string, params any) devserver.InvokeAnswer {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"api": api, "params": params})
	req, _ := http.NewRequest(http.MethodPost, srv.URL+devserver.PathEmulatorInvoke, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", srv.URL)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a devserver.InvokeAnswer
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&a) != nil {
		t.Fatalf("%s: status %d", api, resp.StatusCode)
	}
	return a
}

// getGroup reads a group through the WeCom client of a workspace's sandbox profile.
func getGroup(t *testing.T, e *Workspace, chatID string) (wecom.GroupChat, error) {
	t.Helper()
	ctx := context.Background()
	tgt, _, err := e.Target(ctx, profiles.SandboxName)
	if err != nil {
		t.Fatal(err)
	}
	return e.client(tgt).GetGroup(ctx, chatID)
}

func TestOpenEnterpriseChatInTheEmulatorMakesASandboxGroupThatAnotherProcessReadsUntilAReset(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	first, second := openDefault(t, dir, secrets.NewMemory()), openDefault(t, dir, secrets.NewMemory())
	b, err := first.DevBackend(ctx, profiles.SandboxName)
	if err != nil {
		t.Fatal(err)
	}
	ds := devserver.New(b, devserver.Options{})
	ds.SetEmulator(true)
	// getCurExternalChat answers only from a group chat's toolbar (docs/wecom-facts.md, Emulator).
	if err := ds.SetPageEntry(devserver.PageEntry{Entry: "group_chat_tools"}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ds.Handler())
	t.Cleanup(srv.Close)

	a := emulatorInvoke(t, srv, "openEnterpriseChat", map[string]any{
		"groupName": "装修咨询群", "userIds": "lisi", "externalUserIds": sandbox.CustomerChen + ";" + sandbox.CustomerLiu, "chatId": ""})
	chatID, _ := a.Result["chatId"].(string)
	if !a.OK || chatID == "" {
		t.Fatalf("openEnterpriseChat %+v", a)
	}
	if cur := emulatorInvoke(t, srv, "getCurExternalChat", map[string]any{}); cur.Result["chatId"] != chatID {
		t.Errorf("getCurExternalChat %+v, want %s", cur, chatID)
	}

	// The second process, with its own sandbox server on the same data directory, sees it.
	g, err := getGroup(t, second, chatID)
	if err != nil {
		t.Fatal(err)
	}
	var members []string
	for _, m := range g.Members {
		members = append(members, m.UserID)
	}
	want := []string{sandbox.UserZhangsan, sandbox.UserLisi, sandbox.CustomerChen, sandbox.CustomerLiu}
	if g.Owner != sandbox.UserZhangsan || g.Name != "装修咨询群" || !slices.Equal(members, want) {
		t.Errorf("group owner %s name %q members %v, want zhangsan, 装修咨询群, %v", g.Owner, g.Name, members, want)
	}

	// A customer of somebody else is refused, as the client refuses it.
	if bad := emulatorInvoke(t, srv, "openEnterpriseChat", map[string]any{"groupName": "x", "externalUserIds": sandbox.CustomerZhou}); bad.OK {
		t.Errorf("a group with lisi's customer was made for zhangsan: %+v", bad)
	}

	if err := second.ResetSandbox(ctx); err != nil {
		t.Fatal(err)
	}
	var apiErr *wecom.APIError
	if _, err := getGroup(t, second, chatID); !errors.As(err, &apiErr) || apiErr.Code != sandbox.CodeInvalidGroupID {
		t.Errorf("groupchat/get after the reset: %v, want 40050", err)
	}
	// The emulator no longer opens the group that is gone.
	if cur := emulatorInvoke(t, srv, "getCurExternalChat", map[string]any{}); cur.Result["chatId"] == chatID {
		t.Errorf("getCurExternalChat still gives %s after the reset", chatID)
	}
}

func TestARealProfileCannotMakeGroups(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	if _, err := r.e.profileStore.Add(ctx, profiles.Profile{Name: "acme", CorpID: "ww0123456789abcdef", AgentID: 1000002, APIBase: r.base}); err != nil {
		t.Fatal(err)
	}
	b, err := r.e.DevBackend(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.MakeCustomerGroup(ctx, devserver.NewGroup{Owner: "zhangsan", Customers: []string{sandbox.CustomerChen}}); !errors.Is(err, devserver.ErrCannotMakeGroups) {
		t.Errorf("err %v, want ErrCannotMakeGroups", err)
	}
}
