package cli

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeJSONPrintsThePagesNetworkMaskedAndHARWritesItOnStop(t *testing.T) {
	r := newCLIRig(t)
	har := filepath.Join(t.TempDir(), "run.har")
	s := r.serve(t, "sandbox", "--addr", "127.0.0.1:0", "--json", "--har", har)
	base := s.event(t, "listening", "")["url"].(string)
	const secret = "Bearer plainsecretvalue123"
	batch := `{"sid":"00112233445566778899","env":{"url":"http://localhost:5173/","landingUrl":"http://localhost:5173/","userAgent":"Mozilla/5.0 (Linux; Android 14) wxwork/4.1.38","sdk":{"kind":"none"},"storage":{}},
	 "events":[{"id":"1","kind":"xhr","method":"GET","url":"http://localhost:5173/api/me?access_token=plaintokenvalue99","status":401,"start":1763719200000,"ttfb":5,"duration":9,
	 "reqHeaders":{"authorization":"` + secret + `"},"resHeaders":{"content-type":"application/json"},"resBody":"{\"errcode\":40014}"}]}`
	resp, err := http.Post(base+"/__wecomdev/network", "application/json", strings.NewReader(batch))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("status %d", resp.StatusCode)
	}
	page := s.event(t, "page", "")
	if page["session"] != "00112233445566778899" || page["env"].(map[string]any)["app"].(map[string]any)["platform"] != "Android" {
		t.Errorf("page event %v", page)
	}
	ev := s.event(t, "network", "")
	if ev["kind"] != "xhr" || ev["status"] != float64(401) || ev["ttfb"] != float64(5) || ev["duration"] != float64(9) {
		t.Errorf("network event %v", ev)
	}
	if h := ev["reqHeaders"].(map[string]any)["authorization"]; h != "Be…23" {
		t.Errorf("authorization %v", h)
	}
	s.cancel()
	out := s.drain()
	if code := <-s.code; code != ExitOK {
		t.Fatalf("exit %d: %s", code, out)
	}
	for _, leak := range []string{secret, "plaintokenvalue99"} {
		if strings.Contains(out, leak) {
			t.Errorf("--json printed %s", leak)
		}
	}
	data, err := os.ReadFile(har)
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{secret, "plaintokenvalue99"} {
		if strings.Contains(string(data), leak) {
			t.Errorf("the HAR holds %s", leak)
		}
	}
	var h struct {
		Log struct {
			Version string
			Entries []struct {
				Request  struct{ URL string }
				Response struct{ Status int }
			}
		}
	}
	if err := json.Unmarshal(data, &h); err != nil || h.Log.Version != "1.2" || len(h.Log.Entries) != 1 || h.Log.Entries[0].Response.Status != 401 {
		t.Errorf("HAR %s (%v)", data, err)
	}
}
