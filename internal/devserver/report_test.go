package devserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"wecomdev/internal/jssdk"
)

func TestEachReportedEventBecomesOneLogEntryWithItsFields(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	body := `[
	 {"type":"console","level":"warn","message":"slow","pageUrl":"https://h5.example.com/a#x","landingUrl":"https://h5.example.com/","userAgent":"UA wxwork/4.1.38","time":1763719200000,"seq":1},
	 {"type":"config","api":"config","ok":true,"errMsg":"config:ok","params":{"appId":"ww1","timestamp":"1","nonceStr":"n","signature":"s"},"pageUrl":"https://h5.example.com/a","seq":2},
	 {"type":"error","message":"TypeError: x is undefined","stack":"at f (a.js:1:2)","pageUrl":"https://h5.example.com/a","seq":3,"dropped":4}
	]`
	w := post(t, s, PathReport, body)
	if w.Code != http.StatusAccepted || decode[struct{ Accepted int }](t, w).Accepted != 3 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var reps []Entry
	for _, e := range entries(t, s) {
		if e.Endpoint == EndpointReport {
			reps = append(reps, e)
		}
	}
	if len(reps) != 3 {
		t.Fatalf("%d report entries, want 3 (one per event, the request's own included)", len(reps))
	}
	first := reps[0]
	if r := first.Report; r == nil || r.Type != ReportConsole || r.Level != "warn" || r.Message != "slow" || r.LandingURL != "https://h5.example.com/" ||
		r.UserAgent != "UA wxwork/4.1.38" || r.ClientTime != 1763719200000 || r.Seq != 1 {
		t.Errorf("first event %+v", first.Report)
	}
	if first.URL != "https://h5.example.com/a#x" || first.Host != "h5.example.com" || first.Message != "slow" || first.Status != http.StatusAccepted {
		t.Errorf("first entry %+v", first)
	}
	if r := reps[1].Report; !r.OK || r.ErrMsg != "config:ok" || !strings.Contains(string(r.Params), `"appId":"ww1"`) {
		t.Errorf("second event %+v", r)
	}
	if r := reps[2].Report; r.Stack != "at f (a.js:1:2)" || r.Dropped != 4 {
		t.Errorf("third event %+v", r)
	}
}

func TestAReportNeverKeepsACredential(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	body := `[{"type":"console","message":"ticket is ` + testCorpTicket + `","params":{"jsapi_ticket":"abc","nested":{"access_token":"tok"},"ok":1},"pageUrl":"https://h5.example.com/?t=` + testAgentTicket + `"}]`
	if w := post(t, s, PathReport, body); w.Code != http.StatusAccepted {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	e := lastEntry(t, s, EndpointReport)
	raw, _ := json.Marshal(e)
	noCredential(t, raw)
	if strings.Contains(string(e.Report.Params), `"abc"`) || strings.Contains(string(e.Report.Params), `"tok"`) || !strings.Contains(string(e.Report.Params), `"ok":1`) {
		t.Errorf("params %s", e.Report.Params)
	}
}

func TestAReportBatchIsValidated(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	many := "[" + strings.TrimSuffix(strings.Repeat(`{"type":"console"},`, maxReportEvents+1), ",") + "]"
	for _, body := range []string{
		`{"type":"console"}`,
		`[]`,
		many,
		`[{"type":"telemetry"}]`,
		`[{"type":"console","level":"fatal"}]`,
		`[{"type":"invoke","api":"a b"}]`,
		`[{"type":"console","params":[1,2]}]`,
		`[{"type":"console","seq":"one"}]`,
	} {
		w := post(t, s, PathReport, body)
		if w.Code != http.StatusBadRequest || decode[errBody](t, w).Code != CodeInvalidInput {
			t.Errorf("%.60s: status %d %s", body, w.Code, w.Body)
		}
	}
}

func TestLongReportFieldsAreCutNotRefused(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	body := fmt.Sprintf(`[{"type":"console","message":%q,"params":{"big":%q}}]`, strings.Repeat("m", 3000), strings.Repeat("p", 5000))
	if w := post(t, s, PathReport, body); w.Code != http.StatusAccepted {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	r := lastEntry(t, s, EndpointReport).Report
	if n := len([]rune(r.Message)); n != maxReportMessage+1 || len(r.Params) != 0 || !strings.Contains(r.Note, "dropped") {
		t.Errorf("message %d runes, params %d bytes, note %q", n, len(r.Params), r.Note)
	}
}

func TestReportsAreRateLimitedPerClient(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	var w = post(t, s, PathReport, `[{"type":"console"}]`)
	for i := 0; i < reportPerMinute; i++ {
		w = post(t, s, PathReport, `[{"type":"console"}]`)
	}
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
		t.Errorf("status %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
}

func TestAFailedConfigReportWithItsSignatureGetsTheFindings(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	page := "https://h5.example.com/shop?id=7"
	sig := jssdk.Signature(testCorpTicket, "nonce123", "1763719200", "https://h5.example.com/shop/?id=7")
	body := `[{"type":"config","api":"config","ok":false,"errMsg":"config:invalid signature","pageUrl":"` + page +
		`","params":{"appId":"ww0123456789abcdef","timestamp":1763719200,"nonceStr":"nonce123","signature":"` + sig + `"}}]`
	if w := post(t, s, PathReport, body); w.Code != http.StatusAccepted {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	e := lastEntry(t, s, EndpointReport)
	r := e.Report
	if r.Verdict != "URL_VARIANT" || len(r.Findings) == 0 || r.Findings[0].Code != "TRAILING_SLASH" || r.Signature != sig || r.Expected == "" {
		t.Errorf("report %+v", r)
	}
	if !strings.Contains(e.Message, "config:invalid signature [URL_VARIANT TRAILING_SLASH") {
		t.Errorf("summary %q", e.Message)
	}
}

// FuzzReportAndEmulatorBodies: any body gets its answer or a 4xx, never a panic, and the
// answer never holds a credential.
func FuzzReportAndEmulatorBodies(f *testing.F) {
	f.Add(PathReport, `[{"type":"console","message":"hi","params":{"a":[1,{"ticket":"x"}]}}]`)
	f.Add(PathReport, `[{"type":"config","ok":false,"pageUrl":"https://h5.example.com/a/","params":{"timestamp":"1","nonceStr":"n","signature":"`+strings.Repeat("a", 40)+`"}}]`)
	f.Add(PathEmulatorVerify, `{"api":"config","pageUrl":"http://127.0.0.1/","params":{"appId":"ww0123456789abcdef","timestamp":1,"nonceStr":"n","signature":"s"}}`)
	f.Add(PathEmulatorInvoke, `{"api":"openEnterpriseChat","params":{"userIds":"a;b","externalUserIds":"`+testCorpTicket+`"}}`)
	f.Add(PathChat, `{"chatId":"wrA","label":"x"}`)
	log := NewLog(nil, LogOptions{})
	f.Cleanup(log.Close)
	fb := &fakeBackend{domains: []string{"h5.example.com"}, customers: map[string][]string{"zhangsan": {"wmAAA"}}}
	s := New(&phoneBackend{fakeBackend: fb, members: []string{"zhangsan"}}, Options{Log: log})
	s.SetEmulator(true)
	f.Fuzz(func(t *testing.T, path, body string) {
		switch path {
		case PathReport, PathEmulatorVerify, PathEmulatorInvoke, PathChat:
		default:
			path = PathReport
		}
		w := post(t, s, path, body, "RemoteAddr", "198.51.100.1:1")
		if w.Code != http.StatusOK && w.Code != http.StatusAccepted && w.Code != http.StatusBadRequest &&
			w.Code != http.StatusTooManyRequests && w.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d for %q: %s", w.Code, body, w.Body)
		}
		noCredential(t, w.Body.Bytes())
	})
}

func TestTheEventsOfOneBatchKeepTheGapsOfTheirPageClockEndingAtTheBatchsArrival(t *testing.T) {
	s, _ := newPhoneServer(t, Options{})
	const t0 = 1763719200000
	body := fmt.Sprintf(`[
	 {"type":"step","api":"a","ok":true,"pageUrl":"https://h5.example.com/a","time":%d,"seq":1},
	 {"type":"step","api":"b","ok":true,"pageUrl":"https://h5.example.com/a","time":%d,"seq":2},
	 {"type":"step","api":"c","ok":true,"pageUrl":"https://h5.example.com/a","time":%d,"seq":3},
	 {"type":"step","api":"d","ok":true,"pageUrl":"https://h5.example.com/a","seq":4},
	 {"type":"step","api":"e","ok":true,"pageUrl":"https://h5.example.com/a","time":%d,"seq":5}
	]`, t0, t0+250, t0+900, t0-2*3600*1000)
	if w := post(t, s, PathReport, body); w.Code != http.StatusAccepted {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var reps []Entry
	for _, e := range entries(t, s) {
		if e.Endpoint == EndpointReport {
			reps = append(reps, e)
		}
	}
	if len(reps) != 5 {
		t.Fatalf("%d report entries, want 5", len(reps))
	}
	arrival := reps[2].Time // the newest clientTime is placed at the arrival
	for i, want := range []time.Duration{-900 * time.Millisecond, -650 * time.Millisecond, 0, 0, 0} {
		if got := reps[i].Time.Sub(arrival); got != want {
			t.Errorf("event %s at arrival%+v, want arrival%+v", reps[i].Report.API, got, want)
		}
		if i > 0 && reps[i].ID <= reps[i-1].ID {
			t.Errorf("event %s has ID %d after %d: the batch's order is lost", reps[i].Report.API, reps[i].ID, reps[i-1].ID)
		}
	}
}

func TestAnEventTimeIsTheArrivalWithoutAClientTimeOrBeyondTheBatchSpan(t *testing.T) {
	at := time.Date(2026, 12, 6, 14, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		latest, client int64
		want           time.Time
	}{
		{0, 0, at},
		{1000, 0, at},
		{1000, 400, at.Add(-600 * time.Millisecond)},
		{1000, 1000, at},
		{maxBatchSpan.Milliseconds() + 2000, 1000, at},
	} {
		if got := eventTime(at, c.latest, c.client); !got.Equal(c.want) {
			t.Errorf("eventTime(latest %d, client %d) = %v, want %v", c.latest, c.client, got, c.want)
		}
	}
}
