package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"wecomdev/internal/devserver"
)

func TestServeSaysHowManyRequestsAnAggregatedRowStandsFor(t *testing.T) {
	e := devserver.Entry{ID: 7, Time: time.Unix(1000, 0), Method: "GET", Path: devserver.PathConfigSignature, Status: 200,
		URL: "https://h5.example.com/", Client: "127.0.0.1", Count: 4000, LastTime: time.Unix(1001, 0)}
	if line := requestLine(e); !strings.HasSuffix(line, " ×4000") {
		t.Errorf("text line %q, want it to end with ×4000", line)
	}
	js, _ := json.Marshal(newRequestEvent(e))
	var ev struct {
		Count    int       `json:"count"`
		LastTime time.Time `json:"lastTime"`
	}
	if json.Unmarshal(js, &ev); ev.Count != 4000 || !ev.LastTime.Equal(time.Unix(1001, 0)) {
		t.Errorf("--json line %s: want count 4000 and the last request's time", js)
	}
	e.Count, e.LastTime = 0, time.Time{}
	if line := requestLine(e); strings.Contains(line, "×") {
		t.Errorf("one request's line %q says a count", line)
	}
	if js, _ := json.Marshal(newRequestEvent(e)); strings.Contains(string(js), `"count"`) || strings.Contains(string(js), `"lastTime"`) {
		t.Errorf("one request's --json line %s has a count or a last time", js)
	}
}
