// Package devtest holds the rigs the dev server's tests and its proxy's tests share: a
// fake dev server to proxy to, its canned answers, and requests run through a handler
// without a socket.
package devtest

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

// Upstream is a fake dev server: it answers with handle and remembers what it got.
type Upstream struct {
	*httptest.Server
	Hits atomic.Int64
	mu   sync.Mutex
	last *http.Request // the last request (headers, Host, path)
}

// NewUpstream starts a fake dev server, closed when the test ends.
func NewUpstream(t *testing.T, handle http.HandlerFunc) *Upstream {
	t.Helper()
	u := &Upstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.Hits.Add(1)
		u.mu.Lock()
		u.last = r.Clone(context.Background())
		u.mu.Unlock()
		handle(w, r)
	}))
	t.Cleanup(u.Close)
	return u
}

// LastRequest is the last request the fake dev server got.
func (u *Upstream) LastRequest() *http.Request {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.last
}

// HTMLHandler answers status with body, with the header pairs given (text/html unless
// one sets Content-Type).
func HTMLHandler(status int, body string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Add(header[i], header[i+1])
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// Gzipped is s compressed with gzip.
func Gzipped(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

// Do runs a request through h without a socket, from 203.0.113.9 to Host 127.0.0.1:8787
// unless the header pairs set "RemoteAddr" or "Host".
func Do(h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	r.RemoteAddr = "203.0.113.9:50000"
	r.Host = "127.0.0.1:8787"
	for i := 0; i+1 < len(header); i += 2 {
		switch header[i] {
		case "RemoteAddr":
			r.RemoteAddr = header[i+1]
			continue
		case "Host":
			r.Host = header[i+1]
			continue
		}
		r.Header.Add(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// PageHeaders are the headers of a GET as a browser navigating to a page sends it.
var PageHeaders = []string{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8", "Sec-Fetch-Dest", "document",
	"Accept-Encoding", "gzip, deflate, br, zstd"}
