package devserver

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"wecomdev/internal/diagnose"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/wecom"
)

// phoneBackend is the fake backend with the optional capabilities of the phone side:
// emulator data and a signature inspector built on diagnose.Forensics.
type phoneBackend struct {
	*fakeBackend
	members []string
	groups  map[string][]string
}

func (b *phoneBackend) EmulatorMembers(context.Context) ([]string, error) {
	return append([]string{}, b.members...), nil
}

func (b *phoneBackend) EmulatorGroups(_ context.Context, owner string) ([]string, error) {
	return append([]string{}, b.groups[owner]...), nil
}

func (b *phoneBackend) InspectSignature(_ context.Context, q SignatureQuestion) (SignatureAnswer, error) {
	known := []diagnose.Ticket{
		{Kind: jssdk.KindCorp, Value: testCorpTicket, Current: true},
		{Kind: jssdk.KindAgent, Value: testAgentTicket, Current: true},
	}
	v, err := diagnose.Forensics(diagnose.ForensicsInput{PageURL: q.PageURL, Signature: q.Signature, Timestamp: q.Timestamp, NonceStr: q.NonceStr, Failed: q.Kind}, known)
	if err != nil {
		return SignatureAnswer{}, err
	}
	a := SignatureAnswer{Verdict: v.Code, Kind: v.Kind, TicketIssue: v.TicketIssue, URL: v.URL, VariantCode: v.VariantCode,
		Explanation: v.Explanation, Fix: v.Fix}
	for _, f := range v.Findings {
		a.Findings = append(a.Findings, Finding{Code: f.Code, Message: f.Message, Fix: f.Fix, Signed: f.Signed, Page: f.Page})
	}
	return a, nil
}

// plainBackend hides every optional capability of the backend it wraps.
type plainBackend struct{ Backend }

// newPhoneServer is a server over a phoneBackend (zhangsan signed in), emulator on.
func newPhoneServer(t *testing.T, opts Options) (*Server, *phoneBackend) {
	t.Helper()
	s, fb := newTestServer(t, opts)
	b := &phoneBackend{fakeBackend: fb, members: []string{"zhangsan", "lisi"},
		groups: map[string][]string{"zhangsan": {"wrSalesGroupAAAA"}}}
	s.b = b
	s.SetEmulator(true)
	return s, b
}

// withoutCapabilities makes the server's backend a plain Backend.
func withoutCapabilities(s *Server) { s.b = plainBackend{s.b} }

// post sends a JSON body from the server's own origin (127.0.0.1:8787) unless header
// says otherwise.
func post(t *testing.T, s *Server, target, body string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	r.Host = "127.0.0.1:8787"
	r.RemoteAddr = "203.0.113.9:50000"
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Origin", "http://127.0.0.1:8787")
	for i := 0; i+1 < len(header); i += 2 {
		switch header[i] {
		case "RemoteAddr":
			r.RemoteAddr = header[i+1]
		case "Host":
			r.Host = header[i+1]
		default:
			if header[i+1] == "" {
				r.Header.Del(header[i])
			} else {
				r.Header.Set(header[i], header[i+1])
			}
		}
	}
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, r)
	return w
}

// fakeBuild swaps the embedded phone build for files (nil: no build) until the test ends.
func fakeBuild(t *testing.T, files map[string]string) {
	t.Helper()
	old := phoneAssets
	m := fstest.MapFS{"phone/README.md": {Data: []byte("placeholder")}}
	for k, v := range files {
		m["phone/"+k] = &fstest.MapFile{Data: []byte(v)}
	}
	phoneAssets = m
	t.Cleanup(func() { phoneAssets = old })
}

// lastEntry is the newest log entry of an endpoint.
func lastEntry(t *testing.T, s *Server, endpoint string) Entry {
	t.Helper()
	es := entries(t, s)
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].Endpoint == endpoint {
			return es[i]
		}
	}
	t.Fatalf("no %s entry in the log (%d entries)", endpoint, len(es))
	return Entry{}
}

// noCredential fails when a body holds a ticket or the secret of the fake backend.
func noCredential(t *testing.T, body []byte) {
	t.Helper()
	for _, c := range []string{testCorpTicket, testAgentTicket, "fakeSecretCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"} {
		if bytes.Contains(body, []byte(c)) {
			t.Fatalf("the answer holds a credential in clear: %s", body)
		}
	}
}

// errNotFollowed is what the fake backend's WeCom says for a member without customers.
var errNotFollowed = &wecom.APIError{Code: 84061, Msg: "not external contact"}
