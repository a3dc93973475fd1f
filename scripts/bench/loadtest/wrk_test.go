package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A report as wrk 4.1 prints it with --latency.
const wrkReport = `Running 4s test @ http://127.0.0.1:18787/api/jssdk/config-signature?url=x
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    13.47ms   20.61ms 153.26ms   89.81%
    Req/Sec     8.01k     4.49k   15.37k    51.28%
  Latency Distribution
     50%    5.83ms
     75%   14.85ms
     90%   34.60ms
     99%  109.29ms
  32128 requests in 4.09s, 12.75MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 5
Requests/sec:   7857.99
Transfer/sec:      3.12MB
`

func TestWrksReportGivesRequestsPercentilesAndFailures(t *testing.T) {
	m, err := parseWrk(wrkReport)
	if err != nil {
		t.Fatal(err)
	}
	if m.RPS != 7857.99 || m.Requests != 32128 {
		t.Errorf("rps %v, requests %d; want 7857.99, 32128", m.RPS, m.Requests)
	}
	if m.P50 != 5830*time.Microsecond || m.P99 != 109290*time.Microsecond || m.Max != 153260*time.Microsecond {
		t.Errorf("p50 %v p99 %v max %v; want 5.83ms 109.29ms 153.26ms", m.P50, m.P99, m.Max)
	}
	if m.Errors != 5 || m.Timeouts != 2 {
		t.Errorf("errors %d, timeouts %d; want 5 non-2xx and 2 timeouts", m.Errors, m.Timeouts)
	}
}

func TestAReportWithoutItsTotalsIsAnError(t *testing.T) {
	if _, err := parseWrk("unable to connect to 127.0.0.1:1 Connection refused\n"); err == nil {
		t.Error("no error for a report without Requests/sec")
	}
}

func TestLoggedRequestsCountAnAggregatedRowAsTheRequestsItStandsFor(t *testing.T) {
	dir := t.TempDir()
	js := filepath.Join(dir, "json")
	os.WriteFile(js, []byte(`{"event":"listening","addr":"x"}
{"event":"request","id":1,"path":"/api/jssdk/config-signature"}
{"event":"request","id":2,"path":"/api/jssdk/config-signature","count":41}
{"event":"dropped","count":3}
`), 0o600)
	txt := filepath.Join(dir, "text")
	os.WriteFile(txt, []byte(`wecomdev dev server for profile sandbox listening on http://127.0.0.1:1
15:04:05 200 GET /api/jssdk/config-signature url=http://a/ corp=abc from 127.0.0.1
15:04:05 200 GET /api/jssdk/config-signature url=http://a/ corp=abc from 127.0.0.1 ×41
(3 requests not logged: they came faster than the log keeps)
stopped after 42 requests
`), 0o600)
	for _, c := range []struct {
		path   string
		asJSON bool
	}{{js, true}, {txt, false}} {
		n, rows, dropped, err := countLogged(c.path, c.asJSON)
		if err != nil || n != 42 || rows != 2 || dropped != 3 {
			t.Errorf("%s: %d requests in %d rows, %d dropped (%v); want 42 in 2, 3 dropped", filepath.Base(c.path), n, rows, dropped, err)
		}
	}
}
