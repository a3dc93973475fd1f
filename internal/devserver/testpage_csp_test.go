package devserver

import (
	"net/http"
	"strings"
	"testing"
)

func TestTheTestPageAllowsInlineStylesEvalAndDataFontsOnlyWhileErudaIsOn(t *testing.T) {
	fakeBuild(t, testBuild)
	s, _ := newPhoneServer(t, Options{})
	off := get(t, s, PathTestPage).Header().Get("Content-Security-Policy")
	for _, loose := range []string{"unsafe-inline", "unsafe-eval", "font-src"} {
		if strings.Contains(off, loose) {
			t.Errorf("eruda off: CSP %q has %s", off, loose)
		}
	}

	s.Network().SetEruda(true)
	w := get(t, s, PathTestPage)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	on := w.Header().Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self' 'unsafe-eval';", "style-src 'self' 'unsafe-inline';", "font-src data:;", "connect-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(on, want) {
			t.Errorf("eruda on: CSP %q lacks %q", on, want)
		}
	}
	if strings.Contains(on, "*") || strings.Contains(on, "http") {
		t.Errorf("eruda on: CSP %q lets in another origin", on)
	}
}
