package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"wecomdev/internal/joinway"
	"wecomdev/internal/wecom/sandbox"
)

func TestTheCallbacksAreaGeneratesKeysShowsThemMaskedAndTheSimulatedJoinReachesTheRegistry(t *testing.T) {
	dev, _ := newDevServerService(t)
	s := NewCallbacksService(dev.e, dev)
	st, err := s.Setup("sandbox")
	if err != nil || st.KeysState != "missing" || st.LocalURL != "" || st.ReceiveID != sandbox.DefaultCorpID {
		t.Fatalf("Setup = %+v, %v", st, err)
	}
	if _, err := s.SimulateJoin("sandbox", "x", false); err == nil || !strings.HasPrefix(err.Error(), CodeDevNotRunning+":") {
		t.Fatalf("SimulateJoin with the server stopped = %v", err)
	}
	gen, err := s.GenerateKeys("sandbox")
	if err != nil || len(gen.EncodingAESKey) != 43 || gen.Setup.KeysState != "stored" || strings.Contains(gen.Setup.TokenMasked, gen.Token) {
		t.Fatalf("GenerateKeys = %+v, %v", gen.Setup, err)
	}
	if _, err := dev.Start("sandbox", "127.0.0.1:0", ""); err != nil {
		t.Fatal(err)
	}
	st, _ = s.Setup("sandbox")
	if !strings.HasSuffix(st.LocalURL, "/__wecomdev/callback") {
		t.Fatalf("LocalURL = %q", st.LocalURL)
	}
	ctx := context.Background()
	js, err := dev.e.JoinWays(ctx, "sandbox", nil)
	if err != nil {
		t.Fatal(err)
	}
	c := joinway.DefaultConfig()
	c.State, c.ChatIDs = "gui-1", []string{sandbox.ChatSales}
	if _, err := js.Ensure(ctx, c, false); err != nil {
		t.Fatal(err)
	}
	res, err := s.SimulateJoin("sandbox", "gui-1", true)
	if err != nil || !res.Delivered {
		t.Fatalf("SimulateJoin = %+v, %v", res, err)
	}
	events, err := s.Events("sandbox", 0)
	if err != nil || len(events) != 1 || events[0].Deliveries != 2 || len(events[0].Outcome.Joins) != 1 {
		t.Fatalf("Events = %+v, %v", events, err)
	}
	all, _ := json.Marshal([]any{st, events, res})
	if strings.Contains(string(all), gen.Token) || strings.Contains(string(all), gen.EncodingAESKey) {
		t.Fatal("a callback key crossed the bridge outside GenerateKeys")
	}
	if err := s.ClearEvents("sandbox"); err != nil {
		t.Fatal(err)
	}
	if events, _ := s.Events("sandbox", 0); len(events) != 0 {
		t.Fatalf("after ClearEvents: %d events", len(events))
	}
}

func TestSettingBadCallbackKeysIsRefusedWithTheSecretCode(t *testing.T) {
	dev, _ := newDevServerService(t)
	s := NewCallbacksService(dev.e, dev)
	if _, err := s.SetKeys("sandbox", "token", "short"); err == nil || !strings.Contains(err.Error(), ":") {
		t.Fatalf("SetKeys with a short key = %v", err)
	}
}
