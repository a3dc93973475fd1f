package devserver

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"wecomdev/internal/jssdk"
)

// FuzzURLParameter: whatever the url parameter holds, the server answers 200 with a
// signature of exactly that URL (hash cut) for an allowed host, or a 4xx JSON error —
// never a crash, a 5xx, or a signature for a host that is not allowed.
func FuzzURLParameter(f *testing.F) {
	for _, s := range []string{
		"https://h5.example.com/p?a=1#x", "http://localhost:5173/", "/page", "h5.example.com", "https://evil.com/?u=https://h5.example.com/",
		"https://h5.example.com@evil.com/", "https://evil.com\\@h5.example.com/", "HTTPS://H5.EXAMPLE.COM", "http://[::1]:80/", "http://[::1",
		"https://h5.example.com/\r\nX: y", "https://h5.example.com/%E4%B8%AD", "https://h5.example.com/\xff", "javascript:alert(1)", "",
	} {
		f.Add(s)
	}
	s := New(&fakeBackend{domains: []string{"h5.example.com"}}, Options{Log: NewLog(nil, LogOptions{Ring: 10})})
	h := s.Handler()
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.URL.Path = PathConfigSignature
		r.URL.RawQuery = "url=" + url.QueryEscape(raw)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch {
		case w.Code == 200:
			host, err := urlHost(raw)
			if err != nil || !(isLoopback(hostName(host)) || host == "h5.example.com") {
				t.Fatalf("signed %q (host %q, %v)", raw, host, err)
			}
			if !utf8.ValidString(raw) || strings.ContainsAny(raw, "\r\n\x00") || len(raw) > jssdk.MaxURLBytes {
				t.Fatalf("signed a URL it should refuse: %q", raw)
			}
			var b sigBody
			b = decodeBody(t, w.Body.String())
			if b.Signature != jssdk.Signature(testCorpTicket, b.NonceStr, b.Timestamp, jssdk.CutHash(raw)) {
				t.Fatalf("signature of %q is not of the URL as given", raw)
			}
		case w.Code >= 400 && w.Code < 500:
			if !strings.HasPrefix(w.Body.String(), `{"code":`) {
				t.Fatalf("error body %q", w.Body)
			}
		default:
			t.Fatalf("status %d for %q", w.Code, raw)
		}
	})
}

func decodeBody(t *testing.T, s string) sigBody {
	t.Helper()
	var b sigBody
	for _, kv := range strings.Split(strings.Trim(strings.TrimSpace(s), "{}"), ",") {
		k, v, _ := strings.Cut(kv, ":")
		v = strings.Trim(v, `"`)
		switch strings.Trim(k, `"`) {
		case "timestamp":
			b.Timestamp = v
		case "nonceStr":
			b.NonceStr = v
		case "signature":
			b.Signature = v
		}
	}
	return b
}

// FuzzQueryValues: where url.ParseQuery reads a query, queryValues reads the same values
// of the url parameter.
func FuzzQueryValues(f *testing.F) {
	for _, s := range []string{"url=https%3A%2F%2Fa.com%2F%3Fx%3D1", "a=1&url=x&url=y", "ur%6C=x", "url=a+b", "url=%zz", "&&url=&", "url"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := queryValues(nil, raw, "url")
		q, perr := url.ParseQuery(raw)
		if perr != nil {
			return
		}
		if err != nil {
			t.Fatalf("%q: %v where url.ParseQuery reads it", raw, err)
		}
		want := q["url"]
		if len(got) != len(want) {
			t.Fatalf("%q: %q, want %q", raw, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q: %q, want %q", raw, got, want)
			}
		}
	})
}
