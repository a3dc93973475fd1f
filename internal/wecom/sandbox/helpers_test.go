package sandbox

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// clock is a settable time source for Options.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// sandbox is a started Server with its base URL and clock.
type sandbox struct {
	t     *testing.T
	srv   *Server
	base  string
	clock *clock
}

// start serves a sandbox on loopback for the test; opts.Now defaults to a fake clock.
func start(t *testing.T, opts Options) *sandbox {
	t.Helper()
	c := newClock()
	if opts.Now == nil {
		opts.Now = c.Now
	}
	s := New(opts)
	base, err := s.Start()
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return &sandbox{t: t, srv: s, base: base, clock: c}
}

// result is one decoded answer.
type result struct {
	Status int
	Header http.Header
	Raw    []byte
	Code   int
	Msg    string
	Body   map[string]any
}

func (sb *sandbox) do(method, path string, q url.Values, body string) result {
	sb.t.Helper()
	u := sb.base + "/cgi-bin/" + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var rd io.Reader
	if method == http.MethodPost {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		sb.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		sb.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		sb.t.Fatal(err)
	}
	r := result{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	if err := json.Unmarshal(raw, &r.Body); err != nil {
		sb.t.Fatalf("%s %s: body is not JSON: %q", method, path, raw)
	}
	code, ok := r.Body["errcode"].(float64)
	if !ok {
		sb.t.Fatalf("%s %s: no errcode in %s", method, path, raw)
	}
	r.Code = int(code)
	r.Msg, _ = r.Body["errmsg"].(string)
	return r
}

func (sb *sandbox) get(path string, q url.Values) result {
	sb.t.Helper()
	return sb.do(http.MethodGet, path, q, "")
}

// post sends body as JSON; a string is sent as it is.
func (sb *sandbox) post(path, token string, body any) result {
	sb.t.Helper()
	var s string
	if str, ok := body.(string); ok {
		s = str
	} else {
		b, err := json.Marshal(body)
		if err != nil {
			sb.t.Fatal(err)
		}
		s = string(b)
	}
	return sb.do(http.MethodPost, path, url.Values{"access_token": {token}}, s)
}

// token fetches an access_token for the default app (or the given one).
func (sb *sandbox) token(app ...int64) string {
	sb.t.Helper()
	corpID, agentID := DefaultCorpID, int64(DefaultAgentID)
	if len(app) > 0 {
		agentID = app[0]
	}
	corps := sb.srv.Corps()
	corpID = corps[0].CorpID
	r := sb.get("gettoken", url.Values{"corpid": {corpID}, "corpsecret": {sb.srv.Secret(corpID, agentID)}})
	if r.Code != 0 {
		sb.t.Fatalf("gettoken: %d %s", r.Code, r.Msg)
	}
	return r.Body["access_token"].(string)
}

func (sb *sandbox) withToken(token string, extra url.Values) url.Values {
	q := url.Values{"access_token": {token}}
	for k, v := range extra {
		q[k] = v
	}
	return q
}

func wantCode(t *testing.T, r result, code int) {
	t.Helper()
	if r.Code != code {
		t.Fatalf("errcode = %d (%s), want %d", r.Code, r.Msg, code)
	}
}

// golden compares a JSON answer with testdata/<name>, rewriting it under -update.
func golden(t *testing.T, name string, raw []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		t.Fatal(err)
	}
	buf.WriteByte('\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s differs from the answer:\n%s", path, buf.String())
	}
}

// strs turns a decoded JSON array into strings.
func strs(t *testing.T, v any) []string {
	t.Helper()
	arr, ok := v.([]any)
	if !ok {
		t.Fatalf("%v is not an array", v)
	}
	out := make([]string, len(arr))
	for i, x := range arr {
		out[i], _ = x.(string)
	}
	return out
}
