package tunnel

// ngrok cannot be reached from the test machine (no internet): these tests cover the
// configuration, the authtoken path and the behaviour while ngrok's server does not answer.
// The end-to-end path (a real ngrok endpoint) is not tested here.

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

func TestNgrokWithoutAnAuthtokenGivesUpAndSaysWhereToGetOne(t *testing.T) {
	for name, secret := range map[string]func(context.Context, string) (string, error){
		"no secret source": nil,
		"not stored": func(_ context.Context, item string) (string, error) {
			return "", fmt.Errorf("no %s in the keychain", item)
		},
	} {
		_, rec := start(t, Config{Provider: ProviderNgrok}, Options{Target: "127.0.0.1:8787", Secret: secret})
		s := rec.waitFor(t, StateError, 5*time.Second)
		if !strings.Contains(s.Reason, "ngrok needs an authtoken") || !strings.Contains(s.Reason, "dashboard.ngrok.com") {
			t.Errorf("%s: reason %q", name, s.Reason)
		}
		if name == "not stored" && !strings.Contains(s.Reason, "no ngrok-authtoken in the keychain") {
			t.Errorf("%s: the secret's own error is not shown: %q", name, s.Reason)
		}
	}
}

func TestNgrokForwardsToTheDevServerAtTheReservedDomain(t *testing.T) {
	cfg, err := Parse("ngrok:dev-abc.ngrok.app")
	if err != nil {
		t.Fatal(err)
	}
	tun, err := New(cfg, Options{Target: "0.0.0.0:8787"})
	if err != nil {
		t.Fatal(err)
	}
	p := tun.(*runner).p.(*ngrokProvider)
	if got := p.backendURL().String(); got != "http://127.0.0.1:8787" {
		t.Errorf("backend %s", got)
	}
	// the endpoint's options are the library's own types: look at their printed form
	if ep := fmt.Sprintf("%+v", p.endpoint()); !strings.Contains(ep, "Domain:dev-abc.ngrok.app") {
		t.Errorf("the endpoint does not ask for the reserved domain: %s", ep)
	}
	if ep := fmt.Sprintf("%+v", (&ngrokProvider{}).endpoint()); strings.Contains(ep, "Domain:dev") {
		t.Errorf("an endpoint without a domain: %s", ep)
	}
	if n := len(p.connectOptions("tok", func() {}, func(error) {})); n != 4 {
		t.Errorf("%d connect options", n)
	}
}

func TestNgrokKeepsTryingWhileItsServerDoesNotAnswerAndStops(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	ln.Close() // nothing answers there now
	asked := make(chan string, 10)
	r, rec := build(t, Config{Provider: ProviderNgrok}, Options{Target: "127.0.0.1:8787", Secret: func(_ context.Context, item string) (string, error) {
		asked <- item
		return "2abcFAKEtoken", nil
	}})
	r.p.(*ngrokProvider).server = dead
	r.Start(context.Background())
	if item := <-asked; item != ItemNgrokAuthtoken {
		t.Errorf("asked for %q", item)
	}
	deadline := time.After(10 * time.Second)
	for found := false; !found; {
		select {
		case s := <-rec.ch:
			if s.State == StateUp || s.State == StateError {
				t.Fatalf("%+v", s)
			}
			found = s.State == StateConnecting && strings.Contains(s.Reason, "connection refused")
		case <-deadline:
			t.Fatalf("no connecting status with the dial error; states %s", rec.states())
		}
	}
	began := time.Now()
	r.Stop()
	if d := time.Since(began); d > 5*time.Second {
		t.Errorf("Stop took %s", d)
	}
	if s := r.Status(); s.State != StateDown || s.Reason != "stopped" {
		t.Errorf("%+v", s)
	}
	for _, l := range r.Output() {
		if strings.Contains(l, "2abcFAKEtoken") {
			t.Errorf("the authtoken is in the output: %q", l)
		}
	}
}
