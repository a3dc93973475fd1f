package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"net"
	"net/http"
	neturl "net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Histogram is a log-linear latency histogram in nanoseconds, in the manner of HDR
// histograms: values below 2^(precisionBits+1) get a bucket each; above, every power of two
// is split into 2^precisionBits buckets, so a value is known to within 1/128 (0.8%). It is
// not safe for concurrent use: each load generator connection records into its own and they
// are merged at the end, so recording takes no lock.
type Histogram struct {
	counts []uint64
	n      uint64
	min    uint64
	max    uint64
	sum    float64
}

const (
	precisionBits = 7
	subBuckets    = 1 << precisionBits // buckets per power of two
	exactLimit    = 2 * subBuckets     // values below this have a bucket each
	maxValueBits  = 40                 // values of 2^40 ns (about 18 min) or more share the top bucket
	numBuckets    = exactLimit + (maxValueBits-precisionBits-1)*subBuckets
	maxTracked    = uint64(1)<<maxValueBits - 1
)

// NewHistogram returns an empty histogram.
func NewHistogram() *Histogram {
	return &Histogram{counts: make([]uint64, numBuckets), min: math.MaxUint64}
}

// bucketIndex is the bucket of a value, which must be at most maxTracked.
func bucketIndex(v uint64) int {
	if v < exactLimit {
		return int(v)
	}
	shift := bits.Len64(v) - (precisionBits + 1) // ≥ 1
	m := v >> shift                              // in [subBuckets, 2*subBuckets)
	return exactLimit + (shift-1)*subBuckets + int(m-subBuckets)
}

// bucketBounds is the lowest and the highest value that fall in bucket i.
func bucketBounds(i int) (lo, hi uint64) {
	if i < exactLimit {
		return uint64(i), uint64(i)
	}
	shift := (i-exactLimit)/subBuckets + 1
	m := uint64(subBuckets + (i-exactLimit)%subBuckets)
	return m << shift, (m+1)<<shift - 1
}

// Record adds one latency.
func (h *Histogram) Record(d time.Duration) {
	v := uint64(0)
	if d > 0 {
		v = uint64(d)
	}
	h.n++
	h.sum += float64(v)
	if v < h.min {
		h.min = v
	}
	if v > h.max {
		h.max = v
	}
	h.counts[bucketIndex(min(v, maxTracked))]++
}

// Merge adds every value recorded in o.
func (h *Histogram) Merge(o *Histogram) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	h.sum += o.sum
	h.min = min(h.min, o.min)
	h.max = max(h.max, o.max)
}

// Count is the number of values recorded.
func (h *Histogram) Count() uint64 { return h.n }

// Max is the largest value recorded, exactly; 0 when empty.
func (h *Histogram) Max() time.Duration { return time.Duration(h.max) }

// Mean is the average of the values recorded; 0 when empty.
func (h *Histogram) Mean() time.Duration {
	if h.n == 0 {
		return 0
	}
	return time.Duration(h.sum / float64(h.n))
}

// Percentile is the value at or below which a fraction q (0..1) of the recorded values
// lie: the highest value of the bucket that holds the ⌈q·n⌉-th smallest value, kept within
// the exact minimum and maximum. It is never below the true percentile and at most 0.8%
// above it. 0 when empty.
func (h *Histogram) Percentile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(h.n)))
	rank = max(1, min(rank, h.n))
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			if i == numBuckets-1 {
				return time.Duration(h.max) // the top bucket holds every value beyond range
			}
			_, hi := bucketBounds(i)
			return time.Duration(max(h.min, min(hi, h.max)))
		}
	}
	return time.Duration(h.max)
}

// signatureOK reports whether a response body carries "signature":"<40 lowercase hex>".
// It looks for the field rather than decoding the JSON, so checking every response costs
// next to nothing beside the request.
func signatureOK(body []byte) bool {
	key := []byte(`"signature":"`)
	i := bytes.Index(body, key)
	if i < 0 {
		return false
	}
	v := body[i+len(key):]
	if len(v) < 41 || v[40] != '"' {
		return false
	}
	for _, c := range v[:40] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// maxBody is the largest response body a connection reads whole; a signature is ~120 bytes.
const maxBody = 4096

var errBodyTooLong = errors.New("response body over 4 KiB")

// readBody reads r into buf and returns the length read.
func readBody(r io.Reader, buf []byte) (int, error) {
	n, err := io.ReadFull(r, buf)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return n, nil
	case err != nil:
		return n, err
	}
	// buf is full: anything more is too long.
	if extra, _ := io.Copy(io.Discard, r); extra > 0 {
		return n, errBodyTooLong
	}
	return n, nil
}

// The load generator's clients.
const (
	// ClientHTTP is net/http: one Transport per connection, so one kept-alive TCP
	// connection each. Per request it runs three goroutines (the caller, the transport's
	// reader and writer) and parses every header; on a small machine it takes about as
	// much CPU as the server it loads.
	ClientHTTP = "http"
	// ClientRaw writes a prebuilt HTTP/1.1 request on a kept-alive net.Conn and reads the
	// status line, Content-Length and body itself, in the connection's goroutine: a few
	// times cheaper than net/http, closer to what wrk costs, so more of the CPU goes to the
	// server under test.
	ClientRaw = "raw"
)

// userAgent is what both clients send.
const userAgent = "wecomdev-loadtest"

// Load is how to load a target.
type Load struct {
	Client      string        // ClientHTTP (default) or ClientRaw
	URL         string        // the GET request every connection repeats
	Connections int           // concurrent keep-alive connections, one goroutine each
	Warmup      time.Duration // run but not measured
	Duration    time.Duration // the measured window
}

// Result is what one load run saw.
type Result struct {
	Requests int64         // requests started in the measured window (and completed)
	Window   time.Duration // the measured window as it ran
	Errors   int64         // failed requests, non-200s and bad bodies, warm-up included
	FirstErr string        // one of the errors, for the report
	Latency  *Histogram    // latencies of the measured requests
}

// RPS is requests per second over the measured window.
func (r Result) RPS() float64 {
	if r.Window <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Window.Seconds()
}

const (
	phaseWarmup int32 = iota
	phaseMeasure
	phaseStop
)

// connection is one load generator connection: one kept-alive TCP connection (with
// net/http, a Transport of its own), its own histogram and counters.
type connection struct {
	hist     *Histogram
	requests int64
	errors   int64
	firstErr string
}

func (c *connection) fail(msg string) {
	if c.errors == 0 {
		c.firstErr = msg
	}
	c.errors++
}

func (c *connection) run(ctx context.Context, kind, url string, phase *atomic.Int32) {
	if kind == ClientRaw {
		c.runRaw(ctx, url, phase)
		return
	}
	tr := &http.Transport{
		MaxIdleConns:        1,
		MaxIdleConnsPerHost: 1,
		MaxConnsPerHost:     1,
		IdleConnTimeout:     time.Minute,
		DisableCompression:  true,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		c.fail(err.Error())
		return
	}
	req.Header.Set("User-Agent", userAgent)
	buf := make([]byte, maxBody)
	for {
		p := phase.Load()
		if p == phaseStop || ctx.Err() != nil {
			return
		}
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			c.fail(err.Error())
			time.Sleep(10 * time.Millisecond) // a dead server: do not spin
			continue
		}
		n, err := readBody(resp.Body, buf)
		resp.Body.Close()
		elapsed := time.Since(start)
		if err != nil {
			c.fail(fmt.Sprintf("reading the body: %v", err))
		} else {
			c.check(resp.StatusCode, buf[:n])
		}
		if p == phaseMeasure {
			c.hist.Record(elapsed)
			c.requests++
		}
	}
}

// Run puts the load on its target: every connection loops GET requests through the
// warm-up and the measured window, then the counts are merged.
func Run(ctx context.Context, l Load) Result {
	var phase atomic.Int32
	conns := make([]*connection, l.Connections)
	var wg sync.WaitGroup
	for i := range conns {
		c := &connection{hist: NewHistogram()}
		conns[i] = c
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.run(ctx, l.Client, l.URL, &phase)
		}()
	}
	sleep(ctx, l.Warmup)
	phase.Store(phaseMeasure)
	start := time.Now()
	sleep(ctx, l.Duration)
	phase.Store(phaseStop)
	res := Result{Window: time.Since(start), Latency: NewHistogram()}
	wg.Wait()
	for _, c := range conns {
		res.Requests += c.requests
		res.Latency.Merge(c.hist)
		if c.errors > 0 && res.Errors == 0 {
			res.FirstErr = c.firstErr
		}
		res.Errors += c.errors
	}
	return res
}

// check counts a response that is not a 200 with a signature as an error.
func (c *connection) check(status int, body []byte) {
	switch {
	case status != http.StatusOK:
		c.fail(fmt.Sprintf("HTTP %d: %.200s", status, body))
	case !signatureOK(body):
		c.fail(fmt.Sprintf("no 40-hex signature in %.200q", body))
	}
}

// runRaw is the ClientRaw loop: one TCP connection, redialled when it breaks or the server
// asks to close it.
func (c *connection) runRaw(ctx context.Context, target string, phase *atomic.Int32) {
	u, err := neturl.Parse(target)
	if err != nil || u.Scheme != "http" {
		c.fail(fmt.Sprintf("the raw client wants an http:// URL, not %q", target))
		return
	}
	req := []byte("GET " + u.RequestURI() + " HTTP/1.1\r\nHost: " + u.Host + "\r\nUser-Agent: " + userAgent + "\r\n\r\n")
	body := make([]byte, maxBody)
	var (
		conn     net.Conn
		r        *bufio.Reader
		deadline time.Time
	)
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	dialer := net.Dialer{Timeout: 10 * time.Second}
	broken := func(msg string) {
		c.fail(msg)
		conn.Close()
		conn = nil
		if ctx.Err() == nil {
			time.Sleep(10 * time.Millisecond) // a dead server: do not spin
		}
	}
	for {
		p := phase.Load()
		if p == phaseStop || ctx.Err() != nil {
			return
		}
		if conn == nil {
			if conn, err = dialer.DialContext(ctx, "tcp", u.Host); err != nil {
				conn = nil
				if ctx.Err() != nil {
					return
				}
				c.fail(err.Error())
				time.Sleep(10 * time.Millisecond)
				continue
			}
			if r == nil {
				r = bufio.NewReaderSize(conn, 4096)
			} else {
				r.Reset(conn)
			}
			deadline = time.Time{}
		}
		start := time.Now()
		// A request gets at least 10 s; the deadline moves every 5 s, not every request.
		if start.Add(10 * time.Second).After(deadline) {
			deadline = start.Add(15 * time.Second)
			conn.SetDeadline(deadline)
		}
		if _, err := conn.Write(req); err != nil {
			broken(err.Error())
			continue
		}
		status, n, closing, err := readResponse(r, body)
		elapsed := time.Since(start)
		if err != nil {
			broken(err.Error())
			continue
		}
		c.check(status, body[:n])
		if p == phaseMeasure {
			c.hist.Record(elapsed)
			c.requests++
		}
		if closing {
			conn.Close()
			conn = nil
		}
	}
}

// readResponse reads one HTTP/1.1 response with a Content-Length body into body. closing:
// the server will close the connection. A chunked body, a missing length or a body longer
// than body are errors (the connection cannot be reused after them).
func readResponse(r *bufio.Reader, body []byte) (status, n int, closing bool, err error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		return 0, 0, false, fmt.Errorf("reading the status line: %w", err)
	}
	// "HTTP/1.1 200 OK\r\n"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) || line[8] != ' ' {
		return 0, 0, false, fmt.Errorf("bad status line %.100q", line)
	}
	status, err = strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, 0, false, fmt.Errorf("bad status line %.100q", line)
	}
	closing = line[7] == '0' // HTTP/1.0 closes unless told otherwise; good enough here
	length := -1
	for {
		h, err := r.ReadSlice('\n')
		if err != nil {
			return status, 0, false, fmt.Errorf("reading the headers: %w", err)
		}
		h = bytes.TrimRight(h, "\r\n")
		if len(h) == 0 {
			break
		}
		name, value, ok := bytes.Cut(h, []byte(":"))
		if !ok {
			return status, 0, false, fmt.Errorf("bad header line %.100q", h)
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(value)); err != nil || length < 0 {
				return status, 0, false, fmt.Errorf("bad Content-Length %.40q", value)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			return status, 0, false, fmt.Errorf("Transfer-Encoding %.40q: the raw client reads Content-Length bodies only", value)
		case bytes.EqualFold(name, []byte("Connection")):
			closing = bytes.EqualFold(value, []byte("close"))
		}
	}
	if length < 0 {
		return status, 0, false, errors.New("no Content-Length")
	}
	if length > len(body) {
		return status, 0, false, errBodyTooLong
	}
	if _, err := io.ReadFull(r, body[:length]); err != nil {
		return status, 0, false, fmt.Errorf("reading the body: %w", err)
	}
	return status, length, closing, nil
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
