package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Measure is one load run against one target.
type Measure struct {
	Name          string
	RPS           float64
	P50, P99, Max time.Duration
	Requests      int64 // completed
	Errors        int64 // answered with a status other than 2xx / 3xx, or failed
	Timeouts      int64 // no answer within wrk's 2 s (a machine too busy, not a wrong answer)
	// CPUPerReq is the server's CPU time (user + system) per answered request: what the
	// server spends, less swayed than requests/s by other work on the machine. 0: unknown.
	CPUPerReq time.Duration
	FirstErr  string
}

// measure loads u for d: with wrk at wrkPath (-t1, conns connections, --latency), or,
// when wrkPath is "", with the built-in generator.
func measure(ctx context.Context, wrkPath, u string, conns int, d time.Duration) (Measure, error) {
	if wrkPath == "" {
		r := Run(ctx, Load{Client: ClientRaw, URL: u, Connections: conns, Duration: d})
		return Measure{RPS: r.RPS(), P50: r.Latency.Percentile(0.50), P99: r.Latency.Percentile(0.99), Max: r.Latency.Max(),
			Requests: int64(r.Requests), Errors: int64(r.Errors), FirstErr: r.FirstErr}, nil
	}
	secs := max(1, int((d+time.Second/2)/time.Second))
	argv := pin.wrap(loadCPU, []string{wrkPath, "-t1", "-c" + strconv.Itoa(conns), "-d" + strconv.Itoa(secs) + "s", "--latency", u})
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	out, err := cmd.Output()
	if err != nil {
		return Measure{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	return parseWrk(string(out))
}

var (
	wrkRPS      = regexp.MustCompile(`(?m)^Requests/sec:\s+([0-9.]+)`)
	wrkTotal    = regexp.MustCompile(`(?m)^\s*(\d+) requests in `)
	wrkPct      = regexp.MustCompile(`(?m)^\s+(50|99)%\s+(\S+)`)
	wrkLatency  = regexp.MustCompile(`(?m)^\s+Latency\s+\S+\s+\S+\s+(\S+)`)
	wrkNon2xx   = regexp.MustCompile(`(?m)^\s*Non-2xx or 3xx responses:\s+(\d+)`)
	wrkSocketEr = regexp.MustCompile(`(?m)^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

// parseWrk reads wrk --latency's report.
func parseWrk(out string) (Measure, error) {
	var m Measure
	rps := wrkRPS.FindStringSubmatch(out)
	total := wrkTotal.FindStringSubmatch(out)
	if rps == nil || total == nil {
		return m, fmt.Errorf("wrk's report has no Requests/sec or total line:\n%s", out)
	}
	m.RPS, _ = strconv.ParseFloat(rps[1], 64)
	m.Requests, _ = strconv.ParseInt(total[1], 10, 64)
	for _, p := range wrkPct.FindAllStringSubmatch(out, -1) {
		d, err := time.ParseDuration(p[2])
		if err != nil {
			return m, fmt.Errorf("wrk's %s%% latency %q: %v", p[1], p[2], err)
		}
		if p[1] == "50" {
			m.P50 = d
		} else {
			m.P99 = d
		}
	}
	if l := wrkLatency.FindStringSubmatch(out); l != nil {
		m.Max, _ = time.ParseDuration(l[1])
	}
	if n := wrkNon2xx.FindStringSubmatch(out); n != nil {
		v, _ := strconv.ParseInt(n[1], 10, 64)
		m.Errors += v
		m.FirstErr = n[0]
	}
	if s := wrkSocketEr.FindStringSubmatch(out); s != nil {
		// read and connect errors are counted by wrk for connections it closes itself at
		// the end, so they stay out
		m.Timeouts, _ = strconv.ParseInt(s[4], 10, 64)
	}
	return m, nil
}

// textDropped is serve's text line for requests the log dropped: "(N requests not logged: …".
var textDropped = regexp.MustCompile(`^\((\d+) requests not logged`)

// droppedOfLine is the dropped count a line of serve's output gives (the last one is the
// total), or false.
func droppedOfLine(line string, asJSON bool) (int64, bool) {
	if !asJSON {
		if m := textDropped.FindStringSubmatch(line); m != nil {
			n, err := strconv.ParseInt(m[1], 10, 64)
			return n, err == nil
		}
		return 0, false
	}
	if !strings.Contains(line, `"event":"dropped"`) {
		return 0, false
	}
	var ev struct {
		Event string `json:"event"`
		Count int64  `json:"count"`
	}
	if json.Unmarshal([]byte(line), &ev) != nil || ev.Event != "dropped" {
		return 0, false
	}
	return ev.Count, true
}

// countLogged counts the requests a serve run's output holds: the request lines (--json:
// "event":"request" objects) and, for an aggregated row, the requests it counts; and the
// requests serve said it dropped.
func countLogged(path string, asJSON bool) (requests, rows, dropped int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if n, ok := requestsOfLine(line, asJSON); ok {
			rows++
			requests += n
		} else if n, ok := droppedOfLine(line, asJSON); ok {
			dropped = n
		}
	}
	return requests, rows, dropped, sc.Err()
}

// textRequest is the start of serve's text line for a request: "15:04:05 200 GET /path".
var textRequest = regexp.MustCompile(`^\d\d:\d\d:\d\d \d{3} [A-Z]+ /`)

// requestsOfLine says whether a line of serve's output is a request and how many requests
// it stands for (an aggregated row: --json "count", text " ×N" at the end).
func requestsOfLine(line string, asJSON bool) (int64, bool) {
	if asJSON {
		if !strings.Contains(line, `"event":"request"`) {
			return 0, false
		}
		var ev struct {
			Event string `json:"event"`
			Count int64  `json:"count"`
		}
		if json.Unmarshal([]byte(line), &ev) != nil || ev.Event != "request" {
			return 0, false
		}
		return max(ev.Count, 1), true
	}
	if !textRequest.MatchString(line) {
		return 0, false
	}
	if i := strings.LastIndex(line, " ×"); i >= 0 {
		if n, err := strconv.ParseInt(line[i+len(" ×"):], 10, 64); err == nil && n > 0 {
			return n, true
		}
	}
	return 1, true
}
