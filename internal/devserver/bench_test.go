package devserver

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// BenchmarkConfigSignatureHandler is the request path of the signing endpoint without a
// socket: routing, checks, signing, the log entry queued (the writer drains it).
func BenchmarkConfigSignatureHandler(b *testing.B) {
	log := NewLog(nil, LogOptions{})
	b.Cleanup(log.Close)
	s := New(&fakeBackend{domains: []string{"h5.example.com"}}, Options{Log: log})
	h := s.Handler()
	r := httptest.NewRequest(http.MethodGet, PathConfigSignature+"?url="+url.QueryEscape("https://h5.example.com/app/?a=1"), nil)
	r.Host = "127.0.0.1:8787"
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}
