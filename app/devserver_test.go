package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"wecomdev/internal/devserver"
	"wecomdev/internal/secrets"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

func newDevServerService(t *testing.T) (*DevServerService, *recorder) {
	t.Helper()
	eng, err := workspace.Open(context.Background(), t.TempDir(), workspace.Options{Keychain: secrets.NewMemory(), Sandbox: sandbox.New(sandbox.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	s := NewDevServerService(eng, rec)
	t.Cleanup(func() {
		ShutdownDevServer(s)
		eng.Close()
	})
	return s, rec
}

func (r *recorder) last(name string) (any, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.events) - 1; i >= 0; i-- {
		if r.events[i].name == name && len(r.events[i].data) > 0 {
			return r.events[i].data[0], true
		}
	}
	return nil, false
}

func TestStartingTheDevServerAnnouncesItsEndpointsAndRequestsStreamLive(t *testing.T) {
	s, rec := newDevServerService(t)
	st, err := s.Start("sandbox", "127.0.0.1:0", "")
	if err != nil {
		t.Fatal(err)
	}
	if !st.Running || len(st.Endpoints) != 4 || !strings.HasPrefix(st.Endpoints[0].URL, st.BaseURL+"/api/jssdk/") {
		t.Fatalf("status %+v", st)
	}
	if ev, ok := rec.last(EventDevServerStatus); !ok || !ev.(DevServerStatus).Running {
		t.Errorf("no running status event: %v", ev)
	}
	resp, err := http.Get(st.BaseURL + devserver.PathConfigSignature + "?url=" + url.QueryEscape("https://evil.example.com/"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	deadline := time.Now().Add(5 * time.Second)
	var ev RequestsEvent
	for time.Now().Before(deadline) {
		if v, ok := rec.last(EventDevServerRequests); ok {
			ev = v.(RequestsEvent)
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(ev.Entries) != 1 || ev.Entries[0].Status != 403 || ev.Entries[0].ID == 0 {
		t.Fatalf("requests event %+v", ev)
	}
	d, err := s.Request(ev.Entries[0].ID)
	if err != nil || d.Entry.Decision != "host refused" {
		t.Errorf("detail %+v %v", d, err)
	}
	st, err = s.Stop()
	if err != nil || st.Running {
		t.Errorf("after stop: %+v %v", st, err)
	}
}

func TestARequestLogThatCannotBeWrittenIsToldToTheUIWithItsEntries(t *testing.T) {
	s, rec := newDevServerService(t)
	s.forward(devserver.Batch{Entries: []devserver.Entry{{ID: -1, Path: "/x"}},
		StoreError: fmt.Errorf("write the request log to the database: %w", syscall.ENOSPC)})
	v, ok := rec.last(EventDevServerRequests)
	if !ok {
		t.Fatal("no requests event")
	}
	ev := v.(RequestsEvent)
	if len(ev.Entries) != 1 || !strings.Contains(ev.StoreError, "no space left on device") {
		t.Errorf("event %+v", ev)
	}
	if js, _ := json.Marshal(RequestsEvent{}); strings.Contains(string(js), "storeError") {
		t.Errorf("a batch that was stored carries storeError: %s", js)
	}
}

func TestDevServerErrorsCrossTheBridgeWithCodes(t *testing.T) {
	s, _ := newDevServerService(t)
	if _, err := s.SaveVerifyFile("verify.txt", "x"); err == nil || !strings.HasPrefix(err.Error(), CodeVerifyInvalid+": ") {
		t.Errorf("bad verify file: %v", err)
	}
	if _, err := s.Request(12345); err == nil || !strings.HasPrefix(err.Error(), CodeRequestNotFound+": ") {
		t.Errorf("unknown request: %v", err)
	}
	if _, err := s.Start("nope", "", ""); err == nil || !strings.HasPrefix(err.Error(), CodeProfileNotFound+": ") {
		t.Errorf("unknown profile: %v", err)
	}
	st, err := s.Start("sandbox", "127.0.0.1:0", "")
	if err != nil {
		t.Fatal(err)
	}
	other, _ := newDevServerService(t)
	if _, err := other.Start("sandbox", st.Addr, ""); err == nil || !strings.HasPrefix(err.Error(), CodeListenFailed+": ") {
		t.Errorf("taken port: %v", err)
	}
}

func TestASavedVerifyFileIsServedAndListedWithItsURL(t *testing.T) {
	s, _ := newDevServerService(t)
	if _, err := s.Start("sandbox", "127.0.0.1:0", ""); err != nil {
		t.Fatal(err)
	}
	st, err := s.SaveVerifyFile("WW_verify_Xy12.txt", "Xy12")
	if err != nil || len(st.VerifyFiles) != 1 || st.VerifyFiles[0].URL != st.BaseURL+"/WW_verify_Xy12.txt" {
		t.Fatalf("%+v %v", st, err)
	}
	resp, err := http.Get(st.VerifyFiles[0].URL)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%v %v", resp, err)
	}
	resp.Body.Close()
	if st, _ := s.DeleteVerifyFile("WW_verify_Xy12.txt"); len(st.VerifyFiles) != 0 {
		t.Errorf("after delete: %+v", st.VerifyFiles)
	}
}

func TestStartWithAnUpstreamProxiesToItAndShowsItInTheStatus(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><head></head><body>the app</body></html>")
	}))
	defer up.Close()
	s, _ := newDevServerService(t)
	if _, err := s.Start("sandbox", "127.0.0.1:0", "localhost:5173"); err == nil || !strings.HasPrefix(err.Error(), CodeUpstreamInvalid+": ") ||
		!strings.Contains(err.Error(), "http://localhost:5173") {
		t.Errorf("an upstream without scheme: %v", err)
	}
	st, err := s.Start("sandbox", "127.0.0.1:0", " "+up.URL+" ")
	if err != nil || st.Upstream != up.URL {
		t.Fatalf("%+v %v", st, err)
	}
	req, _ := http.NewRequest(http.MethodGet, st.BaseURL+"/", nil)
	req.Header.Set("Accept", "text/html")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := `<html><head><script src="` + devserver.PathReporterJS + `"></script></head><body>the app</body></html>`; string(body) != want {
		t.Errorf("page %q", body)
	}
	if st, _ = s.Start("sandbox", "127.0.0.1:0", ""); st.Upstream != "" {
		t.Errorf("restarted without an upstream: %q", st.Upstream)
	}
}

func TestTheEmulatorSwitchHoldsAcrossRestartsAndReachesTheServer(t *testing.T) {
	s, _ := newDevServerService(t)
	if st, _ := s.SetEmulator(true); !st.Emulate || st.Running {
		t.Fatalf("%+v", st)
	}
	st, err := s.Start("sandbox", "127.0.0.1:0", "")
	if err != nil || !st.Emulate || st.TestPageURL != st.BaseURL+devserver.PathTestPage {
		t.Fatalf("%+v %v", st, err)
	}
	resp, err := http.Get(st.BaseURL + devserver.PathPhoneConfig)
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct{ Emulate bool }
	json.NewDecoder(resp.Body).Decode(&cfg)
	resp.Body.Close()
	if !cfg.Emulate {
		t.Error("the test page is not told the emulator is on")
	}
	if labels, err := s.ChatLabels("sandbox"); err != nil || labels == nil {
		t.Errorf("chat labels %v %v", labels, err)
	}
}
