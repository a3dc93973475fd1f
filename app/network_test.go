package app

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAPagesNetworkBatchIsEmittedLiveAndExportsAsHARIntoDownloads(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	os.Mkdir(filepath.Join(home, "Downloads"), 0o755)
	s, rec := newDevServerService(t)
	st, err := s.Start("sandbox", "127.0.0.1:0", "")
	if err != nil {
		t.Fatal(err)
	}
	body := `{"sid":"abcdef0123456789","events":[{"id":"1","kind":"fetch","method":"GET","url":"http://localhost:5173/api/x","status":500,"start":1763719200000,"reqHeaders":{"authorization":"Bearer notmaskedatall"}}]}`
	resp, err := http.Post(st.BaseURL+"/__wecomdev/network", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ev, ok := rec.last(EventNetworkUpdate)
	if !ok {
		t.Fatal("no network:update event")
	}
	up := ev.(NetworkUpdateEvent)
	if up.Session != "abcdef0123456789" || len(up.Events) != 1 || up.Events[0].ReqHeaders["authorization"] != "Be…ll" {
		t.Errorf("event %+v", up)
	}
	if got := s.Network(); len(got.Sessions) != 1 || got.Sessions[0].Failed != 1 || got.Eruda || got.BodyLimit != 64<<10 {
		t.Errorf("state %+v", got)
	}
	path, err := s.ExportHAR("abcdef0123456789")
	if err != nil || filepath.Dir(path) != filepath.Join(home, "Downloads") {
		t.Fatalf("export %q %v", path, err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `"version": "1.2"`) || strings.Contains(string(data), "notmaskedatall") {
		t.Errorf("HAR %s", data)
	}
	if _, err := s.ExportHAR("ffffffffffffffff"); err == nil || !strings.HasPrefix(err.Error(), CodeRequestNotFound+": ") {
		t.Errorf("export of a gone session: %v", err)
	}
}

func TestReloadAndNavigateSayWhenNoPageIsConnectedAndRefuseABadURL(t *testing.T) {
	s, _ := newDevServerService(t)
	if s.ReloadPage("") {
		t.Error("reload said a page was told with none connected")
	}
	if ok, err := s.NavigatePage("", "https://h5.example.com/"); ok || err != nil {
		t.Errorf("navigate with no page: %v %v", ok, err)
	}
	if _, err := s.NavigatePage("", "javascript:alert(1)"); err == nil || !strings.HasPrefix(err.Error(), CodeURLInvalid+": ") {
		t.Errorf("navigate to javascript: %v", err)
	}
	if st := s.SetEruda(true); !st.Eruda {
		t.Error("eruda stayed off")
	}
}
