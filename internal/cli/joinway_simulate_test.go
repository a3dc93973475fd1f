package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"wecomdev/internal/callback"
	"wecomdev/internal/wecom"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

func TestSimulateJoinSendsTheEncryptedEventToTheCallbackURLAndListHasTheJoinsKey(t *testing.T) {
	r := newCLIRig(t)
	keys := callback.Keys{Token: callback.GenerateToken(), EncodingAESKey: callback.GenerateAESKey()}
	r.env[workspace.EnvCallbackToken], r.env[workspace.EnvCallbackAESKey] = keys.Token, keys.EncodingAESKey
	var got atomic.Value
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		c, _ := callback.NewCrypter(keys.Token, keys.EncodingAESKey, sandbox.DefaultCorpID)
		body, _ := io.ReadAll(req.Body)
		q := req.URL.Query()
		plain, err := c.DecryptMsg(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), body)
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		got.Store(string(plain))
		io.WriteString(w, "success")
	}))
	defer ts.Close()
	if code, _, errOut := r.run(t, "", "joinway", "ensure", "sandbox", "--state", "order-5", "--chat-id", sandbox.ChatSales); code != ExitOK {
		t.Fatalf("ensure: %s", errOut)
	}
	code, out, errOut := r.run(t, "", "joinway", "simulate-join", "sandbox", "--state", "order-5", "--url", ts.URL+"/cb")
	if code != ExitOK || !strings.Contains(out, "delivery 1") || !strings.Contains(out, `"success"`) {
		t.Fatalf("simulate-join: %d %s %s", code, out, errOut)
	}
	plain, _ := got.Load().(string)
	ev, err := wecom.ParseCallbackEvent([]byte(plain))
	if err != nil || !ev.IsMemberJoin() || ev.ChatID != sandbox.ChatSales {
		t.Fatalf("the receiver decrypted %q (%v)", plain, err)
	}
	if strings.Contains(out+errOut, keys.Token) || strings.Contains(out+errOut, keys.EncodingAESKey) {
		t.Fatal("a callback key was printed")
	}
	_, out, _ = r.run(t, "", "joinway", "list", "sandbox", "--json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("list --json = %s", out)
	}
	if joins, ok := rows[0]["joins"].([]any); !ok || len(joins) != 0 {
		t.Fatalf("joins = %v, want [] (no dev server recorded the event here)", rows[0]["joins"])
	}
}

func TestSimulateJoinRefusesAProfileOnTheRealWeCom(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	code, _, errOut := r.run(t, "", "joinway", "simulate-join", "acme", "--state", "x")
	if code != ExitError || !strings.Contains(errOut, "sandbox") {
		t.Fatalf("simulate-join on acme: %d %s", code, errOut)
	}
	if code, _, _ := r.run(t, "", "joinway", "simulate-join", "sandbox"); code != ExitUsage {
		t.Fatalf("without --state: %d, want a usage error", code)
	}
}

// The loop through two commands, as a developer runs it: serve receives, simulate-join
// sends twice, list shows the join once.
func TestServeJSONPrintsEachCallbackAndListShowsTheSimulatedJoinOnce(t *testing.T) {
	r := newCLIRig(t)
	keys := callback.Keys{Token: callback.GenerateToken(), EncodingAESKey: callback.GenerateAESKey()}
	r.env[workspace.EnvCallbackToken], r.env[workspace.EnvCallbackAESKey] = keys.Token, keys.EncodingAESKey
	if code, _, errOut := r.run(t, "", "joinway", "ensure", "sandbox", "--state", "order-6", "--chat-id", sandbox.ChatSales); code != ExitOK {
		t.Fatalf("ensure: %s", errOut)
	}
	s := r.serve(t, "sandbox", "--addr", "127.0.0.1:0", "--json", "--callback-path", "/wecom/cb")
	base := s.next(t)["url"].(string)
	code, out, errOut := r.run(t, "", "joinway", "simulate-join", "sandbox", "--state", "order-6", "--url", base+"/wecom/cb", "--twice", "--json")
	if code != ExitOK {
		t.Fatalf("simulate-join: %d %s %s", code, out, errOut)
	}
	var callbacks []map[string]any
	for len(callbacks) < 2 {
		if ev := s.next(t); ev["event"] == "callback" {
			callbacks = append(callbacks, ev)
		}
	}
	first, second := callbacks[0], callbacks[1]
	if first["wecomEvent"] != "change_external_chat" || first["updateDetail"] != "add_member" || first["duplicate"] != false ||
		len(first["joins"].([]any)) != 1 || second["duplicate"] != true || second["deliveries"] != float64(2) {
		t.Fatalf("callback events:\n%v\n%v", first, second)
	}
	s.cancel()
	<-s.code
	_, out, _ = r.run(t, "", "joinway", "list", "sandbox", "--json")
	var rows []struct {
		Joins []struct {
			ExternalUserID string `json:"externalUserId"`
			State          string `json:"state"`
		} `json:"joins"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 || len(rows[0].Joins) != 1 || rows[0].Joins[0].State != "order-6" {
		t.Fatalf("list --json = %s", out)
	}
	_, text, _ := r.run(t, "", "joinway", "list", "sandbox")
	if !strings.Contains(text, "joined by "+rows[0].Joins[0].ExternalUserID+" at ") {
		t.Fatalf("list = %s", text)
	}
}
