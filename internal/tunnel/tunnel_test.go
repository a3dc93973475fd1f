package tunnel

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestBackoffDoublesFromOneSecondToThirtyWithJitter(t *testing.T) {
	for failures, base := range []time.Duration{1, 2, 4, 8, 16, 30, 30, 30} {
		base *= time.Second
		for i := 0; i < 50; i++ {
			d := backoff(MinBackoff, MaxBackoff, failures)
			if d < base*8/10 || d > base*12/10 {
				t.Fatalf("backoff after %d failures = %s, want %s ±20%%", failures, d, base)
			}
		}
	}
	seen := map[time.Duration]bool{}
	for i := 0; i < 20; i++ {
		seen[backoff(MinBackoff, MaxBackoff, 3)] = true
	}
	if len(seen) < 10 {
		t.Errorf("no jitter: %v", seen)
	}
}

// flaky fails its first attempts, then stays up until stopped.
type flaky struct {
	fails   int
	fatal   bool
	started int
}

func (f *flaky) check() error { return nil }

func (f *flaky) run(ctx context.Context, a *attempt) error {
	f.started++
	if f.started <= f.fails {
		if f.fatal {
			return permanent(errors.New("the key was refused"))
		}
		return errors.New("connection refused")
	}
	a.up("https://x.example.test")
	<-ctx.Done()
	return ctx.Err()
}

func TestFailedAttemptsAreRetriedWithTheReasonUntilUp(t *testing.T) {
	r, rec := build(t, Config{Provider: ProviderLAN}, Options{Target: "0.0.0.0:1"})
	r.minBackoff = 10 * time.Millisecond
	f := &flaky{fails: 2}
	r.p = f
	r.Start(context.Background())
	s := rec.waitFor(t, StateUp, 5*time.Second)
	if s.Attempt != 3 {
		t.Errorf("up on attempt %d", s.Attempt)
	}
	if got := rec.states(); got != "connecting down connecting down connecting up" {
		t.Errorf("states %q", got)
	}
	down := rec.statuses()[1]
	if !strings.HasPrefix(down.Reason, "connection refused; retrying in ") || down.Err == nil {
		t.Errorf("down %+v", down)
	}
	if err := r.Start(context.Background()); !errors.Is(err, ErrRunning) {
		t.Errorf("a second Start: %v", err)
	}
}

func TestAPermanentFailureIsNotRetriedAndStartRunsItAgain(t *testing.T) {
	r, rec := build(t, Config{Provider: ProviderLAN}, Options{Target: "0.0.0.0:1"})
	f := &flaky{fails: 1, fatal: true}
	r.p = f
	r.Start(context.Background())
	s := rec.waitFor(t, StateError, 5*time.Second)
	if s.Reason != "the key was refused" || s.Err == nil {
		t.Errorf("error status %+v", s)
	}
	time.Sleep(300 * time.Millisecond) // more than a backoff
	if f.started != 1 || rec.count() != 2 {
		t.Fatalf("retried after a permanent error: %d attempts, states %s", f.started, rec.states())
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(t, StateUp, 5*time.Second)
}

func TestStopBeforeStartAndTwiceIsFine(t *testing.T) {
	r, _ := build(t, Config{Provider: ProviderLAN}, Options{Target: "0.0.0.0:1"})
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	r.p = &flaky{}
	r.Start(context.Background())
	r.Stop()
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
}

func TestACancelledContextStopsTheTunnel(t *testing.T) {
	r, rec := build(t, Config{Provider: ProviderLAN}, Options{Target: "0.0.0.0:1"})
	r.p = &flaky{}
	ctx, cancel := context.WithCancel(context.Background())
	r.Start(ctx)
	rec.waitFor(t, StateUp, 5*time.Second)
	cancel()
	if s := rec.waitFor(t, StateDown, 5*time.Second); s.Reason != "stopped" {
		t.Errorf("%+v", s)
	}
}

func TestOutputKeepsTheLastLinesWithoutEscapes(t *testing.T) {
	r := newRing(3)
	for _, l := range []string{"a", "b\r", "\x1b[32mINF\x1b[0m c", "d\x00e"} {
		r.add(l)
	}
	if got := strings.Join(r.lines(), "|"); got != "b|INF c|de" {
		t.Errorf("lines %q", got)
	}
	if l := r.add(strings.Repeat("x", 3*maxLineLength)); len(l) != maxLineLength {
		t.Errorf("a long line kept %d bytes", len(l))
	}
}

func TestKeychainKeysLiveUnderTheTunnelName(t *testing.T) {
	if got := KeychainKey(ItemNgrokAuthtoken); got != "profile/tunnel/ngrok-authtoken" {
		t.Errorf("%q", got)
	}
}
