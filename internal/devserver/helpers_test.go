package devserver

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"wecomdev/internal/devserver/internal/devtest"
	"wecomdev/internal/jssdk"
)

const (
	testCorpTicket  = "corpTicketAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA01"
	testAgentTicket = "agentTicketBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB02"
)

// fakeBackend is a profile with fixed tickets, counting what the server asks for.
type fakeBackend struct {
	mu        sync.Mutex
	domains   []string
	ticketErr error
	custErr   error
	customers map[string][]string // userID → ids

	ticketCalls   atomic.Int64
	customerCalls atomic.Int64
	domainCalls   atomic.Int64
}

func (b *fakeBackend) Profile() string { return "test" }
func (b *fakeBackend) CorpID() string  { return "ww0123456789abcdef" }
func (b *fakeBackend) AgentID() int64  { return 1000002 }

func (b *fakeBackend) TrustedDomains(context.Context) ([]string, error) {
	b.domainCalls.Add(1)
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string{}, b.domains...), nil
}

func (b *fakeBackend) setDomains(d ...string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.domains = d
}

func (b *fakeBackend) Ticket(_ context.Context, k jssdk.Kind) (string, error) {
	b.ticketCalls.Add(1)
	if b.ticketErr != nil {
		return "", b.ticketErr
	}
	if k == jssdk.KindAgent {
		return testAgentTicket, nil
	}
	return testCorpTicket, nil
}

func (b *fakeBackend) Customers(_ context.Context, userID, mobile string) ([]string, error) {
	b.customerCalls.Add(1)
	if b.custErr != nil {
		return nil, b.custErr
	}
	ids, ok := b.customers[userID]
	if !ok {
		return nil, errors.New("no such member")
	}
	return ids, nil
}

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newTestServer is a server over a fake backend trusting h5.example.com, with its own log.
func newTestServer(t *testing.T, opts Options) (*Server, *fakeBackend) {
	t.Helper()
	b := &fakeBackend{domains: []string{"h5.example.com"}, customers: map[string][]string{
		"zhangsan": {"wmAAA", "wmBBB"},
	}}
	if opts.Log == nil {
		opts.Log = NewLog(nil, LogOptions{})
		t.Cleanup(opts.Log.Close)
	}
	return New(b, opts), b
}

// get runs a request through the handler without a socket.
func get(t *testing.T, s *Server, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, s, http.MethodGet, target, header...)
}

func do(t *testing.T, s *Server, method, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return devtest.Do(s.Handler(), method, target, header...)
}

func decode[T any](t *testing.T, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("body %q is not the JSON expected: %v", w.Body.String(), err)
	}
	return v
}

type sigBody struct {
	Timestamp string `json:"timestamp"`
	NonceStr  string `json:"nonceStr"`
	Signature string `json:"signature"`
}

type errBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// entries flushes the log and returns what it holds, oldest first.
func entries(t *testing.T, s *Server) []Entry {
	t.Helper()
	s.Log().Flush()
	es, err := s.Log().List(context.Background(), Filter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(es)-1; i < j; i, j = i+1, j-1 {
		es[i], es[j] = es[j], es[i]
	}
	return es
}

func q(u string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "#", "%23", "?", "%3F", " ", "%20", "+", "%2B").Replace(u)
}

func (b *fakeBackend) Sensitive(context.Context) []string {
	return []string{testCorpTicket, testAgentTicket, "fakeSecretCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"}
}
