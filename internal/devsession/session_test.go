package devsession

import (
	"context"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"

	"wecomdev/internal/devserver"
	"wecomdev/internal/secrets"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

func newSession(t *testing.T, ev Events) *Session {
	t.Helper()
	eng, err := workspace.Open(context.Background(), t.TempDir(), workspace.Options{Keychain: secrets.NewMemory(), Sandbox: sandbox.New(sandbox.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	s := New(eng, ev)
	t.Cleanup(func() {
		s.Close(context.Background())
		eng.Close()
	})
	return s
}

func TestProxiedPagesGetTheEmulatorBeforeTheReporterAndNothingWithoutAnUpstream(t *testing.T) {
	if got := Inject("", true); got != nil {
		t.Errorf("without an upstream: %v", got)
	}
	if got := Inject("http://localhost:5173", false); !slices.Equal(got, []string{devserver.PathReporterJS}) {
		t.Errorf("reporter only: %v", got)
	}
	if got := Inject("http://localhost:5173", true); !slices.Equal(got, []string{devserver.PathEmulatorJS, devserver.PathReporterJS}) {
		t.Errorf("with the emulator: %v", got)
	}
}

func TestTheEndpointTableGivesEachSigningEndpointItsURLAndQuery(t *testing.T) {
	eps := Endpoints("http://127.0.0.1:8787")
	if len(eps) != 4 || eps[0].Name != devserver.EndpointConfigSignature ||
		eps[0].URL != "http://127.0.0.1:8787"+devserver.PathConfigSignature+"?url=" ||
		eps[3].URL != "http://127.0.0.1:8787"+devserver.PathCustomers+"?userId=" {
		t.Errorf("%+v", eps)
	}
}

func TestTheEmulatorSwitchAndTheEntryHoldAcrossRestarts(t *testing.T) {
	s := newSession(t, Events{})
	ctx := context.Background()
	s.SetEmulator(true)
	if _, err := s.SetEntry(devserver.PageEntry{Entry: "contact_profile", Contact: "wmX"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetEntry(devserver.PageEntry{Entry: "workbench"}); err == nil {
		t.Error("a bad entry was taken")
	}
	for i := 0; i < 2; i++ {
		if _, err := s.Start(ctx, Config{Profile: "sandbox", Addr: "127.0.0.1:0", Upstream: "http://localhost:5173"}); err != nil {
			t.Fatal(err)
		}
		st, err := s.State(ctx)
		if err != nil || !st.Running || !st.Emulate || st.Entry != (devserver.PageEntry{Entry: "contact_profile", Contact: "wmX"}) {
			t.Errorf("start %d: %+v %v", i, st, err)
		}
	}
}

func TestClosingDeliversEveryRequestTheLogStillHeldToTheRequestsSink(t *testing.T) {
	var mu sync.Mutex
	got := 0
	s := newSession(t, Events{Requests: func(b devserver.Batch) {
		mu.Lock()
		defer mu.Unlock()
		for _, e := range b.Entries {
			got += max(e.Count, 1)
		}
	}})
	ctx := context.Background()
	addr, err := s.Start(ctx, Config{Profile: "sandbox", Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	const n = 50 // a flood: the log aggregates some of them, their counts still add up
	for i := 0; i < n; i++ {
		resp, err := http.Get("http://" + addr + "/no-such-page")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	// at once: the log's last batch (it gathers for 100 ms) is still waiting to be written
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if got != n {
		t.Errorf("the sink got %d requests of %d: those the log still held when the session closed were not delivered", got, n)
	}
}
