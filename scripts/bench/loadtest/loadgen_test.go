package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"wecomdev/internal/jssdk"
	"wecomdev/internal/wecom/sandbox"
)

func TestEveryValueFallsInsideItsBucketsBounds(t *testing.T) {
	values := []uint64{0, 1, 127, 255, 256, 257, 383, 384, 511, 512, 1000, 1 << 20, 123456789, maxTracked - 1, maxTracked}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		values = append(values, r.Uint64N(maxTracked+1))
	}
	for _, v := range values {
		i := bucketIndex(v)
		if i < 0 || i >= numBuckets {
			t.Fatalf("bucketIndex(%d) = %d, outside [0, %d)", v, i, numBuckets)
		}
		lo, hi := bucketBounds(i)
		if v < lo || v > hi {
			t.Errorf("value %d in bucket %d whose bounds are [%d, %d]", v, i, lo, hi)
		}
	}
}

func TestBucketsTileTheRangeWithoutGapsOrOverlaps(t *testing.T) {
	var next uint64
	for i := range numBuckets {
		lo, hi := bucketBounds(i)
		if lo != next {
			t.Fatalf("bucket %d starts at %d, want %d", i, lo, next)
		}
		if bucketIndex(lo) != i || bucketIndex(hi) != i {
			t.Fatalf("bucket %d: bounds [%d, %d] map to %d and %d", i, lo, hi, bucketIndex(lo), bucketIndex(hi))
		}
		if lo >= exactLimit && float64(hi-lo+1)/float64(lo) > 1.0/subBuckets {
			t.Fatalf("bucket %d [%d, %d] is wider than 1/%d of its values", i, lo, hi, subBuckets)
		}
		next = hi + 1
	}
	if next != maxTracked+1 {
		t.Fatalf("the buckets end at %d, want %d", next, maxTracked+1)
	}
}

func TestSmallValuesGiveExactPercentiles(t *testing.T) {
	h := NewHistogram()
	for v := 1; v <= 100; v++ {
		h.Record(time.Duration(v))
	}
	for _, c := range []struct {
		q    float64
		want time.Duration
	}{{0, 1}, {0.01, 1}, {0.5, 50}, {0.99, 99}, {0.999, 100}, {1, 100}} {
		if got := h.Percentile(c.q); got != c.want {
			t.Errorf("Percentile(%v) = %d, want %d", c.q, got, c.want)
		}
	}
	if h.Count() != 100 || h.Max() != 100 || h.Mean() != 50 {
		t.Errorf("count %d, max %d, mean %d; want 100, 100, 50", h.Count(), h.Max(), h.Mean())
	}
}

func TestPercentilesAreNeverBelowTheTrueOneAndAtMostOnePercentAbove(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	h := NewHistogram()
	var all []time.Duration
	for range 100000 {
		// Log-normal-ish latencies from 20 µs to a few hundred ms.
		d := time.Duration(20e3 * (1 + r.ExpFloat64()*r.ExpFloat64()*50))
		h.Record(d)
		all = append(all, d)
	}
	slices.Sort(all)
	for _, q := range []float64{0.001, 0.1, 0.5, 0.9, 0.99, 0.999, 1} {
		rank := int(float64(len(all))*q+0.999999) - 1
		want := all[max(rank, 0)]
		got := h.Percentile(q)
		if got < want || float64(got) > float64(want)*1.01 {
			t.Errorf("Percentile(%v) = %v, true %v", q, got, want)
		}
	}
	if h.Max() != all[len(all)-1] {
		t.Errorf("Max = %v, want %v exactly", h.Max(), all[len(all)-1])
	}
}

func TestMergingGivesWhatOneHistogramWouldHaveSeen(t *testing.T) {
	one, a, b := NewHistogram(), NewHistogram(), NewHistogram()
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 5000 {
		d := time.Duration(r.Int64N(int64(50 * time.Millisecond)))
		one.Record(d)
		if i%3 == 0 {
			a.Record(d)
		} else {
			b.Record(d)
		}
	}
	a.Merge(b)
	a.Merge(NewHistogram()) // an empty one changes nothing
	for _, q := range []float64{0, 0.5, 0.99, 1} {
		if a.Percentile(q) != one.Percentile(q) {
			t.Errorf("Percentile(%v): merged %v, one %v", q, a.Percentile(q), one.Percentile(q))
		}
	}
	if a.Count() != one.Count() || a.Max() != one.Max() {
		t.Errorf("merged count %d max %v, one %d %v", a.Count(), a.Max(), one.Count(), one.Max())
	}
}

func TestAnEmptyHistogramReportsZero(t *testing.T) {
	h := NewHistogram()
	if h.Percentile(0.5) != 0 || h.Percentile(0.99) != 0 || h.Max() != 0 || h.Mean() != 0 {
		t.Error("an empty histogram reports a non-zero latency")
	}
}

func TestHugeAndNegativeValuesAreKeptInRange(t *testing.T) {
	h := NewHistogram()
	h.Record(-time.Second)
	h.Record(time.Duration(1 << 62))
	if got := h.Percentile(0); got != 0 {
		t.Errorf("p0 = %v, want 0", got)
	}
	if got := h.Percentile(1); got != time.Duration(1<<62) {
		t.Errorf("p100 = %v, want the exact max %v", got, time.Duration(1<<62))
	}
}

func TestSignatureCheckWantsFortyLowercaseHexDigits(t *testing.T) {
	const sig = "0f9de62fce790f9a083d5c99e95740ceb90c27ed"
	for _, c := range []struct {
		body string
		ok   bool
	}{
		{`{"timestamp":"1414587457","nonceStr":"abc","signature":"` + sig + `"}`, true},
		{`{"signature":"` + sig + `","timestamp":"1"}`, true},
		{`{"signature": "` + sig + `"}`, false}, // not how either signer writes it
		{`{"signature":"` + strings.ToUpper(sig) + `"}`, false},
		{`{"signature":"` + sig[:39] + `"}`, false},
		{`{"signature":"` + sig + `0"}`, false},
		{`{"signature":"` + sig[:39] + `g"}`, false},
		{`{"signature":"` + sig, false},
		{`{"code":"HOST_NOT_ALLOWED","message":"…"}`, false},
		{``, false},
	} {
		if got := signatureOK([]byte(c.body)); got != c.ok {
			t.Errorf("signatureOK(%s) = %v, want %v", c.body, got, c.ok)
		}
	}
}

func TestReadBodyRefusesBodiesOverTheBuffer(t *testing.T) {
	buf := make([]byte, 8)
	if n, err := readBody(strings.NewReader("12345"), buf); n != 5 || err != nil {
		t.Errorf("short body: %d, %v", n, err)
	}
	if n, err := readBody(strings.NewReader("12345678"), buf); n != 8 || err != nil {
		t.Errorf("body of exactly the buffer: %d, %v", n, err)
	}
	if _, err := readBody(strings.NewReader("123456789"), buf); !errors.Is(err, errBodyTooLong) {
		t.Errorf("long body: %v, want errBodyTooLong", err)
	}
}

func TestRawClientReadsContentLengthResponses(t *testing.T) {
	const sigBody = `{"signature":"0f9de62fce790f9a083d5c99e95740ceb90c27ed"}`
	for _, c := range []struct {
		name, in      string
		status, n     int
		closing, fail bool
	}{
		{"a 200", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 56\r\n\r\n" + sigBody, 200, 56, false, false},
		{"header names in any case", "HTTP/1.1 200 OK\r\ncontent-length: 56\r\n\r\n" + sigBody, 200, 56, false, false},
		{"a 403 with a body", "HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\n{}", 403, 2, false, false},
		{"an empty body", "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n", 204, 0, false, false},
		{"connection: close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}", 200, 2, true, false},
		{"HTTP/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}", 200, 2, true, false},
		{"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 0, 0, false, true},
		{"no length", "HTTP/1.1 200 OK\r\n\r\n{}", 0, 0, false, true},
		{"a body over the buffer", "HTTP/1.1 200 OK\r\nContent-Length: 9999\r\n\r\n", 0, 0, false, true},
		{"a short body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}", 0, 0, false, true},
		{"a bad status line", "HTTP/1.1 2x0 OK\r\n\r\n", 0, 0, false, true},
		{"not HTTP", "SSH-2.0-OpenSSH_9.2\r\n", 0, 0, false, true},
		{"a bad length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 0, 0, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := make([]byte, maxBody)
			status, n, closing, err := readResponse(bufio.NewReader(strings.NewReader(c.in)), body)
			if c.fail {
				if err == nil {
					t.Fatalf("no error; status %d, %d bytes", status, n)
				}
				return
			}
			if err != nil || status != c.status || n != c.n || closing != c.closing {
				t.Fatalf("got %d, %d bytes, closing %v, %v; want %d, %d, %v", status, n, closing, err, c.status, c.n, c.closing)
			}
			if !strings.HasSuffix(c.in, string(body[:n])) {
				t.Errorf("body %q", body[:n])
			}
		})
	}
}

func TestRawClientReadsResponsesBackToBackOnOneConnection(t *testing.T) {
	in := strings.Repeat("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", 3)
	r := bufio.NewReader(strings.NewReader(in))
	body := make([]byte, maxBody)
	for i := range 3 {
		if _, n, _, err := readResponse(r, body); err != nil || string(body[:n]) != "abc" {
			t.Fatalf("response %d: %q, %v", i, body[:n], err)
		}
	}
}

// Both clients, against a server that signs: every request is counted and measured, none
// fails, and each client keeps to its connections.
func TestBothClientsLoadAServerOverTheirOwnConnections(t *testing.T) {
	for _, client := range []string{ClientHTTP, ClientRaw} {
		t.Run(client, func(t *testing.T) {
			var served atomic.Int64
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				served.Add(1)
				if r.URL.Query().Get("url") == "" || r.UserAgent() != userAgent {
					http.Error(w, "bad request", http.StatusBadRequest)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `{"timestamp":"1414587457","nonceStr":"Wm3WZYTPz0wzccnW","signature":"0f9de62fce790f9a083d5c99e95740ceb90c27ed"}`)
			}))
			var conns atomic.Int64
			srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
				if s == http.StateNew {
					conns.Add(1)
				}
			}
			srv.Start()
			defer srv.Close()

			res := Run(context.Background(), Load{
				Client: client, URL: srv.URL + "/api/jssdk/config-signature?url=" + url.QueryEscape("http://127.0.0.1/"),
				Connections: 4, Warmup: 50 * time.Millisecond, Duration: 200 * time.Millisecond,
			})
			if res.Errors != 0 {
				t.Fatalf("%d errors, e.g. %s", res.Errors, res.FirstErr)
			}
			if res.Requests == 0 || uint64(res.Requests) != res.Latency.Count() || res.Requests > served.Load() {
				t.Errorf("%d requests measured, %d latencies, %d served", res.Requests, res.Latency.Count(), served.Load())
			}
			if res.RPS() <= 0 || res.Latency.Percentile(0.5) <= 0 {
				t.Errorf("rps %v, p50 %v", res.RPS(), res.Latency.Percentile(0.5))
			}
			if got := conns.Load(); got != 4 {
				t.Errorf("%d connections opened, want 4", got)
			}
		})
	}
}

func TestErrorsAreCountedNotMeasuredAway(t *testing.T) {
	for _, client := range []string{ClientHTTP, ClientRaw} {
		t.Run(client, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, `{"code":"HOST_NOT_ALLOWED"}`, http.StatusForbidden)
			}))
			defer srv.Close()
			res := Run(context.Background(), Load{Client: client, URL: srv.URL + "/x", Connections: 2, Duration: 50 * time.Millisecond})
			if res.Errors == 0 || !strings.Contains(res.FirstErr, "HTTP 403") {
				t.Errorf("%d errors, first %q; want every request to count, HTTP 403", res.Errors, res.FirstErr)
			}
		})
	}
}

// The yardstick must sign correctly, or the comparison means nothing: the Node signer's
// signature is the one our jssdk package computes from the sandbox's corp ticket.
func TestNodeSignerSignsWithTheSandboxCorpTicket(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH")
	}
	sb := sandbox.New(sandbox.Options{})
	sbURL, err := sb.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	secret := sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)
	n, err := startNode(ctx, node, filepath.Join("..", "..", "..", signerScript), sbURL, sandbox.DefaultCorpID, secret)
	if err != nil {
		t.Fatal(err)
	}
	defer n.stop()

	const page = "http://127.0.0.1:5173/index.html?from=bench&a=1"
	var got struct{ Timestamp, NonceStr, Signature string }
	getJSON(t, "http://"+n.addr+"/api/jssdk/config-signature?url="+url.QueryEscape(page), &got)
	// Once the Node signer holds it, asking again returns the same ticket.
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	getJSON(t, sbURL+"/cgi-bin/gettoken?corpid="+sandbox.DefaultCorpID+"&corpsecret="+url.QueryEscape(secret), &tok)
	var tk struct{ Ticket string }
	getJSON(t, sbURL+"/cgi-bin/get_jsapi_ticket?access_token="+url.QueryEscape(tok.AccessToken), &tk)

	if len(got.NonceStr) != 32 || strings.Contains(got.NonceStr, "-") {
		t.Errorf("nonceStr %q: want a dashless UUID", got.NonceStr)
	}
	if ts, err := strconv.ParseInt(got.Timestamp, 10, 64); err != nil || time.Since(time.Unix(ts, 0)).Abs() > time.Minute {
		t.Errorf("timestamp %q: want the Unix time in seconds", got.Timestamp)
	}
	if want := jssdk.Signature(tk.Ticket, got.NonceStr, got.Timestamp, page); got.Signature != want {
		t.Errorf("signature %s, want %s", got.Signature, want)
	}
	if c := sb.Calls("get_jsapi_ticket"); c != 2 {
		t.Errorf("the sandbox served %d corp-ticket calls, want 2 (the signer's and the test's)", c)
	}
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL may carry the secret or a token
		}
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("HTTP %d: %s", resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
}
