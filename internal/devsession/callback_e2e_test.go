package devsession

import (
	"context"
	"testing"

	"wecomdev/internal/callback"
	"wecomdev/internal/devserver"
	"wecomdev/internal/joinway"
	"wecomdev/internal/secrets"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

// The whole loop offline: the sandbox profile's callback goes to the running dev server; a
// join way is ensured; a customer "scans" it; the sandbox POSTs the encrypted event twice
// (a lost answer, as WeCom retries); the registry row shows the join once.
func TestASimulatedJoinReachesTheRegistryThroughTheDevServerOnceEvenWhenDeliveredTwice(t *testing.T) {
	ctx := context.Background()
	eng, err := workspace.Open(ctx, t.TempDir(), workspace.Options{Keychain: secrets.NewMemory(), Sandbox: sandbox.New(sandbox.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	s := New(eng, Events{})
	t.Cleanup(func() {
		s.Close(context.Background())
		eng.Close()
	})
	keys := callback.Keys{Token: callback.GenerateToken(), EncodingAESKey: callback.GenerateAESKey()}
	if err := eng.SetCallbackKeys(ctx, "sandbox", keys); err != nil {
		t.Fatal(err)
	}
	bound, err := s.Start(ctx, Config{Profile: "sandbox", Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	js, err := eng.JoinWays(ctx, "sandbox", nil)
	if err != nil {
		t.Fatal(err)
	}
	c := joinway.DefaultConfig()
	c.State, c.ChatIDs = "order-2048", []string{sandbox.ChatSales}
	ensured, err := js.Ensure(ctx, c, false)
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.SimulateJoin(ctx, workspace.SimulateJoinOptions{Profile: "sandbox", State: "order-2048",
		URL: "http://" + bound + devserver.DefaultCallbackPath, Twice: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.CallbackError != "" || !res.Joined || len(res.Deliveries) != 2 || !res.Deliveries[0].OK || !res.Deliveries[1].OK ||
		res.Deliveries[0].Answer != "success" || res.JoinWayID != ensured.Entry.ID {
		t.Fatalf("SimulateJoin = %+v", res)
	}
	list, err := js.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || len(list[0].Joins) != 1 {
		t.Fatalf("registry = %+v, want the row with one join", list)
	}
	j := list[0].Joins[0]
	if j.ExternalUserID != res.ExternalUserID || j.ChatID != res.ChatID || j.State != "order-2048" || j.JoinScene != 3 {
		t.Fatalf("join = %+v, want %s in %s by order-2048", j, res.ExternalUserID, res.ChatID)
	}
	recs, err := eng.CallbackLog(ctx, "sandbox", 0)
	if err != nil || len(recs) != 1 || recs[0].Deliveries != 2 || len(recs[0].Outcome.Joins) != 1 {
		t.Fatalf("callback log = %+v, %v", recs, err)
	}
	s.Log().Flush()
	es, _ := s.Log().List(ctx, devserver.Filter{Limit: 10})
	dups := 0
	for _, e := range es {
		if e.Callback != nil && e.Callback.Duplicate {
			dups++
		}
	}
	if dups != 1 {
		t.Fatalf("request log has %d repeated deliveries, want 1: %+v", dups, es)
	}
}

func TestSimulatingAStateWithNoJoinWayIsRefused(t *testing.T) {
	ctx := context.Background()
	eng, err := workspace.Open(ctx, t.TempDir(), workspace.Options{Keychain: secrets.NewMemory(), Sandbox: sandbox.New(sandbox.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	if _, err := eng.SimulateJoin(ctx, workspace.SimulateJoinOptions{Profile: "sandbox", State: "nope"}); err == nil {
		t.Fatal("a state with no join way was simulated")
	}
}
